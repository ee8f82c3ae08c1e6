import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { UserError } from '../../errors.js';

export interface CsvRow {
  record: string[];
  info: { lines: number };
}

/**
 * A whole CSV held in memory, with column lookups that name the file on failure. `spill` names a column that may run
 * over into unnamed fields (Scopus writes "Funding Text 2, 3…" under a header that names only "Funding Text 1"): a row
 * with more fields than the header has them joined back into that column with "; ".
 */
export function csvTable(text: string, file: string, what: string, spill?: string) {
  let rows: CsvRow[];
  try {
    rows = parseCsv(text, { bom: true, info: true, relax_column_count: spill !== undefined, skip_empty_lines: true }) as unknown as CsvRow[];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const e = err as CsvError & { lines?: number };
    const count = /Invalid Record Length: expect (\d+), got (\d+)/.exec(e.message);
    throw new UserError(count ? `this line has ${count[2]} fields, the header has ${count[1]}: not a well-formed ${what} CSV export` : e.message.replace(/, value is [\s\S]*$/, ''), { file, line: e.lines });
  }
  if (rows.length === 0) throw new UserError('the file is empty', { file });
  const header = rows[0].record.map((h) => h.trim().replace(/^\uFEFF/, ''));
  if (spill !== undefined) {
    const at = header.findIndex((h) => h.toLowerCase().startsWith(spill.toLowerCase()));
    for (const row of rows.slice(1)) {
      const extra = row.record.length - header.length;
      if (extra < 0 || (extra > 0 && at < 0)) throw new UserError(`this line has ${row.record.length} fields, the header has ${header.length}: not a well-formed ${what} CSV export`, { file, line: row.info.lines });
      if (extra > 0) row.record.splice(at, extra + 1, row.record.slice(at, at + extra + 1).filter(Boolean).join('; '));
    }
  }
  const col = (name: string) => header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  const need = (name: string) => {
    const i = col(name);
    if (i < 0) throw new UserError(`not a ${what} CSV export: no "${name}" column (found ${header.slice(0, 6).join(', ')}…)`, { file, line: 1 });
    return i;
  };
  const get = (record: string[], name: string) => {
    const i = col(name);
    return i >= 0 ? (record[i] ?? '').trim() : '';
  };
  return { rows: rows.slice(1), header, col, need, get };
}
