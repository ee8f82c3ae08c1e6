import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { UserError } from '../errors.js';
import { openText } from './input.js';

/** One data row with the line it ended on (1-based, header = line 1). */
export interface Row {
  fields: string[];
  line: number;
}

export interface CsvSource {
  file: string;
  header: string[];
  rows: AsyncIterable<Row>;
}

/** Sniffs the delimiter from the first line: tab for TSV, else semicolon if it beats the comma, else comma. */
function sniffDelimiter(file: string, head: Buffer): string {
  if (/\.(tsv|tab)(\.gz)?$/i.test(file)) return '\t';
  const first = head.toString('utf8').split(/\r?\n/)[0] ?? '';
  const count = (c: string) => first.split(c).length - 1;
  if (count('\t') > 0 && count('\t') >= count(',')) return '\t';
  if (count(';') > count(',')) return ';';
  return ',';
}

/**
 * A small CSV file with a header, read whole, as records by column name; `required` columns must be non-empty in
 * every row. A malformed file or an empty required field raises UserError naming the file, line and field.
 */
export function readCsvRecords(file: string, required: readonly string[] = []): Record<string, string>[] {
  let records: Record<string, string>[];
  try {
    records = parseSync(readFileSync(file), { columns: true, skip_empty_lines: true, bom: true });
  } catch (err) {
    const e = err as { message: string; lines?: number; code?: string };
    throw new UserError(e.code === 'ENOENT' ? 'file not found' : e.message, { file, line: e.lines });
  }
  records.forEach((r, i) => {
    for (const field of required) if (!r[field]) throw new UserError(`${field} is required`, { file, line: i + 2, field });
  });
  return records;
}

/**
 * Streams a CSV or TSV file (RFC 4180 quoting, UTF-8 with or without BOM; gunzipped when named .gz) as rows with
 * line numbers. Malformed files (binary ones included) raise UserError naming file and line.
 */
export async function openCsv(file: string): Promise<CsvSource> {
  const input = await openText(file);
  const delimiter = sniffDelimiter(file, input.head);
  const source = input.stream();
  const parser = source.pipe(parse({ delimiter, bom: true, info: true, skip_empty_lines: true, relax_quotes: false, trim: false }));
  // an error of the file itself (a gzip stream cut short further in) ends the parse with the user's message
  source.on('error', (err) => parser.destroy(input.error(err)));
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const wrapError = (err: unknown): never => {
    const e = err as { code?: string; lines?: number; message?: string; column?: number | string };
    if (e instanceof UserError) throw e;
    if (e && typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      // csv-parse's messages quote the whole field at fault, which may be long or binary: keep their first sentence
      const message = (e.message ?? 'malformed CSV').replace(/^Invalid Record Length: /, '').replace(/, value is [\s\S]*$/, '');
      throw new UserError(message.length > 200 ? `${message.slice(0, 200)}…` : message, { file, line: e.lines });
    }
    throw err;
  };
  let first: IteratorResult<{ record: string[]; info: { lines: number } }>;
  try {
    first = await iterator.next();
  } catch (err) {
    return wrapError(err);
  }
  if (first.done) throw new UserError('the file is empty', { file });
  const header = first.value.record.map((h) => h.trim());
  const rows: AsyncIterable<Row> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        let next: IteratorResult<{ record: string[]; info: { lines: number } }>;
        try {
          next = await iterator.next();
        } catch (err) {
          wrapError(err);
          return;
        }
        if (next.done) return;
        yield { fields: next.value.record, line: next.value.info.lines };
      }
    },
  };
  return { file, header, rows };
}

export type Role = 'region' | 'activity' | 'value' | 'year';

/** Header names recognised for each role (compared case-insensitively). */
export const ROLE_NAMES: Record<Role, readonly string[]> = {
  region: ['region', 'location', 'country', 'origin', 'geo', 'place', 'area', 'loc'],
  activity: ['activity', 'industry', 'product', 'sector', 'hs92', 'hs', 'naics', 'sic', 'ipc', 'cpc', 'technology', 'field', 'prod'],
  value: ['value', 'emp', 'employment', 'export_val', 'exports', 'count', 'val', 'jobs', 'mcp'],
  year: ['year', 'time', 'period', 'date'],
};

function matchTier(header: string, name: string): number {
  const h = header.toLowerCase();
  if (h === name) return 2;
  if (h.startsWith(`${name}_`) || h.endsWith(`_${name}`) || h.startsWith(`${name} `) || h.endsWith(` ${name}`)) return 1;
  return 0;
}

/**
 * Finds the column for a role: the flag's column if given (it must exist), else the header that
 * matches a known name exactly, else one that has it as a prefix/suffix part (naics_code).
 * Two equally good candidates are ambiguous. Returns -1 when an optional role has none.
 */
export function detectColumn(
  file: string,
  header: readonly string[],
  role: Role,
  given: string | undefined,
  flag: string,
  required: boolean,
  taken: ReadonlySet<number> = new Set(),
): number {
  if (given !== undefined) {
    const idx = header.findIndex((h) => h === given);
    const ci = idx >= 0 ? idx : header.findIndex((h) => h.toLowerCase() === given.toLowerCase());
    if (ci < 0) throw new UserError(`${flag} names column "${given}", which is not in the header (${header.join(', ')})`, { file, line: 1 });
    return ci;
  }
  for (const tier of [2, 1]) {
    const hits = header
      .map((h, i) => ({ h, i }))
      .filter(({ h, i }) => !taken.has(i) && ROLE_NAMES[role].some((n) => matchTier(h, n) === tier));
    if (hits.length === 1) return hits[0].i;
    if (hits.length > 1) {
      throw new UserError(
        `ambiguous ${role} column: ${hits.map((x) => `"${x.h}"`).join(' and ')} both fit; choose one with ${flag}`,
        { file, line: 1, column: hits[1].i + 1 },
      );
    }
  }
  if (required) {
    throw new UserError(`no ${role} column found in the header (${header.join(', ')}); name it with ${flag}`, { file, line: 1 });
  }
  return -1;
}

/** Parses a non-negative number, or throws a UserError at file:line:column. Empty → NaN (missing). */
export function parseNonNegative(text: string, file: string, line: number, col: number, name: string): number {
  const s = text.trim();
  if (s === '' || s === 'NA' || s === 'NaN' || s === '.') return NaN;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new UserError(`value "${text}" in column "${name}" is not a number`, { file, line, column: col + 1 });
  if (v < 0) throw new UserError(`value ${text} in column "${name}" is negative`, { file, line, column: col + 1 });
  return v;
}
