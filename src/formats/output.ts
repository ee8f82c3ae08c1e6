import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

export type Format = 'table' | 'csv' | 'json';
export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

/** Full-precision text of a cell: shortest round-trip number form, empty for NaN / missing. */
function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => csvCell(c)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}

export function toJson(columns: readonly string[], rows: readonly Row[]): string {
  const clean = rows.map((r) => Object.fromEntries(columns.map((c) => [c, typeof r[c] === 'number' && !Number.isFinite(r[c] as number) ? null : (r[c] ?? null)])));
  return `${JSON.stringify(clean, null, 1)}\n`;
}

function readable(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '';
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : v.toFixed(4);
  }
  return String(v);
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
 * Writes text to `out` atomically (a temporary file renamed into place, so a failed run leaves
 * nothing behind), or to standard output.
 */
export function emit(text: string, out?: string): void {
  if (!out) {
    process.stdout.write(text);
    return;
  }
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, out);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw err;
  }
}
