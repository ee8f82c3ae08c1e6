import { UserError } from '../errors.js';
import { detectColumn, openCsv, parseNonNegative } from './csv.js';

/** Finds a column by one of several names (exact, case-insensitive), or by flag. */
function findColumn(file: string, header: readonly string[], names: readonly string[], given: string | undefined, what: string, flag: string): number {
  if (given !== undefined) {
    const i = header.findIndex((h) => h.toLowerCase() === given.toLowerCase());
    if (i < 0) throw new UserError(`${flag} names column "${given}", which is not in the header (${header.join(', ')})`, { file, line: 1 });
    return i;
  }
  const hits = header.map((h, i) => ({ h: h.toLowerCase(), i })).filter(({ h }) => names.includes(h));
  if (hits.length === 0) throw new UserError(`no ${what} column (one of ${names.join(', ')}) in the header (${header.join(', ')})`, { file, line: 1 });
  return hits[0].i;
}

/**
 * A numeric attribute per region (and optionally per year), e.g. population or GDP per capita:
 * returns year → region → value ('' = any year). Column names are detected.
 */
export async function readRegionAttribute(file: string, names: readonly string[], what: string, valueCol?: string): Promise<Map<string, Map<string, number>>> {
  const src = await openCsv(file);
  const regionIdx = detectColumn(file, src.header, 'region', undefined, '--region-col', true);
  const yearIdx = detectColumn(file, src.header, 'year', undefined, '--year-col', false);
  const valueIdx = findColumn(file, src.header, names, valueCol, what, `--${what}-col`);
  const out = new Map<string, Map<string, number>>();
  for await (const { fields, line } of src.rows) {
    const year = yearIdx >= 0 ? fields[yearIdx].trim() : '';
    const v = parseNonNegative(fields[valueIdx], file, line, valueIdx, src.header[valueIdx]);
    if (Number.isNaN(v)) continue;
    if (!out.has(year)) out.set(year, new Map());
    out.get(year)!.set(fields[regionIdx].trim(), v);
  }
  if (out.size === 0) throw new UserError(`no ${what} values`, { file });
  return out;
}

/** The attribute for one year: that year's values, else the year-less ones. */
export function attributeFor(attr: Map<string, Map<string, number>>, year: string): Map<string, number> | undefined {
  return attr.get(year) ?? attr.get('') ?? (attr.size === 1 ? [...attr.values()][0] : undefined);
}

/** activity_a, activity_b, value → a → b → value (a user-supplied relatedness matrix). */
export async function readPairs(file: string): Promise<Map<string, Map<string, number>>> {
  const src = await openCsv(file);
  const h = src.header.map((x) => x.toLowerCase());
  const a = h.findIndex((x) => ['activity_a', 'from', 'source', 'a', 'activity_1', 'prod1'].includes(x));
  const b = h.findIndex((x) => ['activity_b', 'to', 'target', 'b', 'activity_2', 'prod2'].includes(x));
  const v = h.findIndex((x) => ['value', 'relatedness', 'weight', 'proximity'].includes(x));
  if (a < 0 || b < 0 || v < 0) throw new UserError(`expected columns activity_a, activity_b, value (found ${src.header.join(', ')})`, { file, line: 1 });
  const out = new Map<string, Map<string, number>>();
  for await (const { fields, line } of src.rows) {
    const value = Number(fields[v]);
    if (!Number.isFinite(value)) throw new UserError(`value "${fields[v]}" is not a number`, { file, line, column: v + 1 });
    const ka = fields[a].trim();
    if (!out.has(ka)) out.set(ka, new Map());
    out.get(ka)!.set(fields[b].trim(), value);
  }
  return out;
}

/** Reads all rows of a small side file as strings. */
async function readAll(file: string): Promise<{ header: string[]; rows: string[][] }> {
  const src = await openCsv(file);
  const rows: string[][] = [];
  for await (const { fields } of src.rows) rows.push(fields.map((f) => f.trim()));
  return { header: src.header, rows };
}

function keyColumn(file: string, header: readonly string[], activityCol?: string): number {
  if (activityCol === undefined) return 0;
  const i = header.findIndex((h) => h.toLowerCase() === activityCol.toLowerCase());
  if (i < 0) throw new UserError(`--activity-col names column "${activityCol}", which is not in the header (${header.join(', ')})`, { file, line: 1 });
  return i;
}

/** Activity codes: the first column of a file with a header (an --exclude list). */
export async function readCodeList(file: string): Promise<Set<string>> {
  const { rows } = await readAll(file);
  const codes = new Set(rows.map((r) => r[0]).filter((c) => c !== undefined && c !== ''));
  if (codes.size === 0) throw new UserError('no activity codes (a header, then one code per line)', { file });
  return codes;
}

/**
 * Activity labels: the first column (or --activity-col) is the activity code, the label is the column
 * named label/name/title/activity/description, else the second column.
 */
export async function readLabels(file: string, activityCol?: string): Promise<Map<string, string>> {
  const { header, rows } = await readAll(file);
  const key = keyColumn(file, header, activityCol);
  const names = ['label', 'name', 'title', 'activity', 'activity_name', 'description'];
  let val = header.findIndex((h, i) => i !== key && names.includes(h.toLowerCase()));
  if (val < 0) val = key === 0 ? 1 : 0;
  if (val >= header.length) throw new UserError('a labels file needs an activity column and a label column', { file, line: 1 });
  return new Map(rows.map((r) => [r[key], r[val]]));
}

/**
 * One level of an activity hierarchy: the first column (or --activity-col) is the activity code;
 * the level is the column named by `level`, else the first later column whose values repeat
 * (fewer distinct values than rows), e.g. a SIC section for SIC divisions.
 */
export async function readHierarchy(file: string, level?: string, activityCol?: string): Promise<{ level: string; groupOf: Map<string, string> }> {
  const { header, rows } = await readAll(file);
  const key = keyColumn(file, header, activityCol);
  let col: number;
  if (level !== undefined) {
    col = header.findIndex((h) => h.toLowerCase() === level.toLowerCase());
    if (col < 0) throw new UserError(`--level names column "${level}", which is not in the header (${header.join(', ')})`, { file, line: 1 });
  } else {
    col = header.findIndex((_, i) => i !== key && new Set(rows.map((r) => r[i])).size < rows.length);
    if (col < 0) throw new UserError('no column groups the activities; name the level with --level', { file, line: 1 });
  }
  return { level: header[col], groupOf: new Map(rows.map((r) => [r[key], r[col]])) };
}

/** Cluster definitions: activity (first column) → cluster (column named cluster, else the second). */
export async function readClusterDefinitions(file: string): Promise<Map<string, string>> {
  const { header, rows } = await readAll(file);
  let val = header.findIndex((h, i) => i > 0 && /cluster/i.test(h));
  if (val < 0) val = 1;
  if (val >= header.length) throw new UserError('a cluster definition file needs activity and cluster columns', { file, line: 1 });
  return new Map(rows.map((r) => [r[0], r[val]]));
}

/**
 * A VOSviewer thesaurus file: tab-separated, a header "label<TAB>replace by", each term and the term it becomes (empty:
 * the term is dropped). Labels are compared in lower case; replacements are kept as written.
 */
export async function readThesaurus(file: string): Promise<Map<string, string>> {
  const src = await openCsv(file);
  const h = src.header.map((x) => x.toLowerCase().trim());
  const label = h.indexOf('label');
  const replace = h.indexOf('replace by');
  if (label < 0 || replace < 0) throw new UserError(`a thesaurus has the columns "label" and "replace by", tab-separated, as VOSviewer's (found ${src.header.join(', ')})`, { file, line: 1 });
  const out = new Map<string, string>();
  const tidy = (k: string) => k.normalize('NFC').replace(/\s+/g, ' ').trim();
  for await (const { fields, line } of src.rows) {
    const from = tidy(fields[label] ?? '').toLowerCase();
    if (!from) throw new UserError('empty label', { file, line, column: label + 1 });
    out.set(from, tidy(fields[replace] ?? ''));
  }
  return out;
}
