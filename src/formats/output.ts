import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { outputFile } from './output-file.js';

export type Format = 'table' | 'csv' | 'json';
import { isListCell as isList, jsonRow, type Cell, type Row } from '../report.js';


/**
 * Characters that make a spreadsheet read a cell as a formula when they start it (OWASP, "CSV Injection"): =, +, -,
 * @, tab and carriage return, and their full-width forms, which some spreadsheets also read.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Full-precision text of a cell: shortest round-trip number form, empty for NaN / missing. With `spreadsheetSafe`
 * (exports people open in a spreadsheet), a text cell that would start a formula gets a leading apostrophe and is
 * quoted, as OWASP advises; numbers are left as they are.
 */
export function csvCell(v: Cell, spreadsheetSafe = false): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  const s = isList(v) ? v.text : String(v);
  if (spreadsheetSafe && FORMULA_START.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (columns: readonly string[], r: Row, spreadsheetSafe = false) => columns.map((c) => csvCell(r[c], spreadsheetSafe)).join(',');

/** A CSV text; `spreadsheetSafe` for exports of people's text that are opened in spreadsheets (see csvCell). */
export function toCsv(columns: readonly string[], rows: readonly Row[], options: { spreadsheetSafe?: boolean } = {}): string {
  const lines = [columns.map((c) => csvCell(c)).join(',')];
  for (const r of rows) lines.push(csvLine(columns, r, options.spreadsheetSafe));
  return `${lines.join('\n')}\n`;
}


export function toJson(columns: readonly string[], rows: readonly Row[]): string {
  return `${JSON.stringify(rows.map((r) => jsonRow(columns, r)), null, 1)}\n`;
}

function readable(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '';
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : v.toFixed(4);
  }
  return isList(v) ? v.text : String(v);
}

/** A readable aligned table for terminals (numbers rounded for reading only). */
export function toTable(columns: readonly string[], rows: readonly Row[]): string {
  const cells = rows.map((r) => columns.map((c) => readable(r[c])));
  const width = columns.map((c, i) => Math.min(c === "related_present" || c === "covers" || c === "members" || c === "detail" ? 90 : 48, Math.max(c.length, ...cells.map((row) => row[i].length))));
  const numeric = columns.map((c) => rows.some((r) => typeof r[c] === 'number'));
  const fmt = (row: string[]) =>
    row
      .map((s, i) => {
        const t = s.length > width[i] ? `${s.slice(0, width[i] - 1)}…` : s;
        return numeric[i] ? t.padStart(width[i]) : t.padEnd(width[i]);
      })
      .join('  ')
      .trimEnd();
  return `${[fmt([...columns]), fmt(width.map((w) => '─'.repeat(w))), ...cells.map(fmt)].join('\n')}\n`;
}

export function render(format: Format, columns: readonly string[], rows: readonly Row[]): string {
  return format === 'json' ? toJson(columns, rows) : format === 'csv' ? toCsv(columns, rows) : toTable(columns, rows);
}

/**
 * Writes text to `out` (whole or not at all: see outputFile, which also writes straight into a device or FIFO),
 * or to standard output.
 */
export function emit(text: string, out?: string): void {
  if (!out) {
    process.stdout.write(text);
    return;
  }
  const file = outputFile(out);
  try {
    writeFileSync(file.path, text);
    file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
}

export interface RowWriter {
  write(row: Row): Promise<void>;
  /** CSV only: lines already formatted (each ending in a newline), for writers that format in bulk. */
  writeLines(text: string): Promise<void>;
  /** Finishes the output (and moves --out into place). */
  close(): Promise<void>;
  /** Drops a partial --out file after a failure. */
  abort(): void;
}

/**
 * Rows written as they come, for outputs too long to hold: CSV and JSON stream to standard output or
 * to `out` through outputFile (a temporary file that `close` renames into place, so a failed run leaves nothing behind). The
 * readable table needs every row for its widths, so it is kept and rendered at the end.
 */
export function openRows(format: Format, columns: readonly string[], out?: string): RowWriter {
  if (format === 'table') {
    const rows: Row[] = [];
    return {
      write: async (row) => void rows.push(row),
      writeLines: async () => {
        throw new Error('writeLines is for CSV output');
      },
      close: async () => emit(toTable(columns, rows), out),
      abort: () => undefined,
    };
  }
  const file = out ? outputFile(out) : undefined;
  const stream: WriteStream | NodeJS.WriteStream = file ? createWriteStream(file.path) : process.stdout;
  let pending: string[] = [];
  let size = 0;
  let first = true;
  const flush = async () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const put = async (text: string) => {
    pending.push(text);
    size += text.length;
    if (size >= 1 << 20) await flush();
  };
  void put(format === 'csv' ? `${columns.map((c) => csvCell(c)).join(',')}\n` : '[');
  return {
    async write(row) {
      if (format === 'csv') await put(`${csvLine(columns, row)}\n`);
      else await put(`${first ? '\n' : ',\n'} ${JSON.stringify(jsonRow(columns, row))}`);
      first = false;
    },
    async writeLines(text) {
      if (format !== 'csv') throw new Error('writeLines is for CSV output');
      await put(text);
    },
    async close() {
      if (format === 'json') await put(first ? ']\n' : '\n]\n');
      await flush();
      if (file) {
        const written = stream as WriteStream;
        await new Promise<void>((resolve, reject) => written.end((err?: Error | null) => (err ? reject(err) : resolve())));
        file.commit();
      }
    },
    abort() {
      if (!file) return;
      (stream as WriteStream).destroy();
      file.abort();
    },
  };
}
