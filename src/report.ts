/**
 * What every analysis returns, to every adapter (CLI, API, web): a table of named columns, the notices a reader must
 * see beside it, and what was chosen to make it. A report is computed from parsed inputs and does no I/O.
 */
export interface Report {
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  /** Plain sentences: what was left out, what makes a number fragile, what was assumed. */
  readonly notices: readonly string[];
  /** The choices that made the table (the year, the region, the method…) and any structured extras. */
  readonly meta: Readonly<Record<string, unknown>>;
}

/** A list cell: JSON gets the items (objects), CSV and tables the text. */
export interface ListCell {
  readonly items: readonly unknown[];
  readonly text: string;
}
export type Cell = string | number | boolean | null | undefined | ListCell;
export type Row = Record<string, Cell>;

export const listCell = (items: readonly unknown[], text: string): ListCell => ({ items, text });
export const isListCell = (v: Cell): v is ListCell => typeof v === 'object' && v !== null;

/** A row as a JSON object with the columns in order: non-finite numbers become null, list cells their items. */
export function jsonRow(columns: readonly string[], r: Row): Record<string, unknown> {
  return Object.fromEntries(
    columns.map((c) => {
      const v = r[c];
      return [c, typeof v === 'number' && !Number.isFinite(v) ? null : isListCell(v) ? v.items : (v ?? null)];
    }),
  );
}
