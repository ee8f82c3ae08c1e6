import { UserError } from '../errors.js';
import { openCsv } from './csv.js';

/** Column index by name (case-insensitive), or a UserError naming the flag and the header. */
function column(file: string, header: readonly string[], name: string, flag: string): number {
  const i = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (i < 0) throw new UserError(`${flag} names column "${name}", which is not in the header (${header.join(', ')})`, { file, line: 1 });
  return i;
}

/**
 * One attribute of each node from a CSV (a node column, default the first, and the attribute's column):
 * the attribute of every node of `ids`, in order. A node without a row, or with an empty value, is an
 * error naming it (unless `missing` gives a label for them).
 */
export async function readNodeAttribute(file: string, ids: readonly string[], attribute: string, options: { nodeCol?: string; missing?: string } = {}): Promise<string[]> {
  const src = await openCsv(file);
  const nodeIdx = options.nodeCol ? column(file, src.header, options.nodeCol, '--node-col') : 0;
  const attrIdx = column(file, src.header, attribute, '--attribute');
  const values = new Map<string, string>();
  for await (const { fields, line } of src.rows) {
    const node = fields[nodeIdx]?.trim() ?? '';
    if (node === '') throw new UserError('empty node identifier', { file, line, column: nodeIdx + 1 });
    if (values.has(node)) throw new UserError(`node "${node}" has a second row`, { file, line, column: nodeIdx + 1 });
    values.set(node, fields[attrIdx]?.trim() ?? '');
  }
  return ids.map((id) => {
    const v = values.get(id);
    if (v !== undefined && v !== '') return v;
    if (options.missing !== undefined) return options.missing;
    throw new UserError(`node "${id}" has no ${attribute} (give one, or label the missing ones with --missing)`, { file, field: attribute });
  });
}

/** Rows of (unit, category, weight) from a CSV, e.g. actor × discipline shares; weight 1 when no weight column is named. */
export async function readUnitCategories(file: string, unitCol: string, categoryCol: string, weightCol?: string): Promise<{ unit: string; category: string; weight: number }[]> {
  const src = await openCsv(file);
  const u = column(file, src.header, unitCol, '--by');
  const c = column(file, src.header, categoryCol, '--category');
  const w = weightCol ? column(file, src.header, weightCol, '--weight') : -1;
  const out: { unit: string; category: string; weight: number }[] = [];
  for await (const { fields, line } of src.rows) {
    let weight = 1;
    if (w >= 0) {
      weight = Number(fields[w]);
      if (!Number.isFinite(weight) || weight < 0) throw new UserError(`weight "${fields[w]}" is not a number ≥ 0`, { file, line, column: w + 1, field: weightCol });
    }
    const category = fields[c]?.trim() ?? '';
    if (category === '') continue;
    out.push({ unit: fields[u]?.trim() ?? '', category, weight });
  }
  if (out.length === 0) throw new UserError('no rows with a category', { file });
  return out;
}
