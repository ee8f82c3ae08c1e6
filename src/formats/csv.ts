import { readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parse as parseSync } from 'csv-parse/sync';
import { UserError } from '../errors.js';
import { CsvSplitter, CsvSyntaxError, type Row } from './csv-splitter.js';
import { openText } from './input.js';

export type { Row } from './csv-splitter.js';

export interface CsvSource {
  file: string;
  header: string[];
  /** The data rows, a batch per piece of the file read (the fast way through a large file). */
  batches: AsyncIterable<Row[]>;
  /** The data rows one by one. */
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

/** Bytes read from the file at a time. */
const PIECE = 64 << 10;

/**
 * Streams a CSV or TSV file (RFC 4180 quoting, UTF-8 with or without BOM; gunzipped when named .gz) as rows with
 * line numbers, split by CsvSplitter. Malformed files (binary ones included) raise UserError naming file and line.
 */
export async function openCsv(file: string): Promise<CsvSource> {
  const input = await openText(file);
  const splitter = new CsvSplitter(sniffDelimiter(file, input.head));
  const decoder = new StringDecoder('utf8');
  const source = input.stream(PIECE);
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const fail = (err: unknown): never => {
    source.destroy();
    if (err instanceof CsvSyntaxError) throw new UserError(err.message, { file, line: err.line, column: err.column });
    throw input.error(err);
  };
  /** The next batch of rows (empty only at the end of the file). */
  const next = async (): Promise<Row[]> => {
    try {
      for (;;) {
        const chunk = await chunks.next();
        if (chunk.done) return splitter.end(splitter.push(decoder.end()));
        const rows = splitter.push(decoder.write(chunk.value));
        if (rows.length > 0) return rows;
      }
    } catch (err) {
      return fail(err);
    }
  };
  let pending = await next();
  if (pending.length === 0) throw new UserError('the file is empty', { file });
  const header = pending[0].fields.map((h) => h.trim());
  pending = pending.slice(1);
  let used = false;
  const batches: AsyncIterable<Row[]> = {
    async *[Symbol.asyncIterator]() {
      if (used) throw new Error('the rows of a CSV source can be read once');
      used = true;
      if (pending.length > 0) yield pending;
      for (let b = await next(); b.length > 0; b = await next()) yield b;
    },
  };
  const rows: AsyncIterable<Row> = {
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches) yield* batch;
    },
  };
  return { file, header, batches, rows };
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
