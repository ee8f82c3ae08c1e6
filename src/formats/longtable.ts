import { UserError } from '../errors.js';
import type { Panel, RegionActivity } from '../regions/table.js';
import { detectColumn, openCsv, parseNonNegative } from './csv.js';

export interface LongTableOptions {
  regionCol?: string;
  activityCol?: string;
  valueCol?: string;
  yearCol?: string;
  /** Values must be 0/1 (a manual presence matrix). */
  binary?: boolean;
  /**
   * Keep one level of a nested classification: the rows whose level column (a header named level or …_level)
   * equals this, or, without such a column, the activity codes with this many digits.
   */
  level?: string;
  /** Called every ~100k rows with the bytes read so far (for a progress bar). */
  onProgress?: (rows: number) => void;
}

export interface LongTable extends Panel {
  file: string;
  columns: { region: string; activity: string; value: string; year?: string };
  /** True when the file had a year column. */
  hasYear: boolean;
  rows: number;
  /** Region label → its other label, when the file has both a code and a name column (region_code, region). */
  regionAliases: Map<string, string>;
  /** The level column, when the file has one (for advice on nested codes). */
  levelColumn?: { name: string; values: string[] };
  notices: string[];
}

/** A growable typed array. */
class Growable<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * A copy of a label that holds no reference to the piece of the file it was cut from (V8 keeps a slice of a string
 * as a view on the whole), so the labels kept do not keep the file's text in memory.
 */
function own(label: string): string {
  return Buffer.from(label, 'utf8').toString('utf8');
}

function compareLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Reads a long region × activity (× year) table, streamed: rows are kept as compact integer
 * triplets, then summed into one dense matrix per year. Duplicate rows are summed (with a notice),
 * empty values count as 0 (with a notice). Regions and activities are sorted; years sorted
 * numerically when they are numbers.
 */
export async function readLongTable(file: string, options: LongTableOptions = {}): Promise<LongTable> {
  const src = await openCsv(file);
  const h = src.header;
  const taken = new Set<number>();
  const yearIdx = detectColumn(file, h, 'year', options.yearCol, '--year-col', false);
  if (yearIdx >= 0) taken.add(yearIdx);
  const regionIdx = detectColumn(file, h, 'region', options.regionCol, '--region-col', true, taken);
  taken.add(regionIdx);
  const activityIdx = detectColumn(file, h, 'activity', options.activityCol, '--activity-col', true, taken);
  taken.add(activityIdx);
  const valueIdx = detectColumn(file, h, 'value', options.valueCol, '--value-col', true, taken);
  const roles = [regionIdx, activityIdx, valueIdx, ...(yearIdx >= 0 ? [yearIdx] : [])];
  const regionName = h[regionIdx].toLowerCase();
  const alias = h.findIndex((x, i) => {
    const n = x.toLowerCase();
    return !roles.includes(i) && (n === `${regionName}_code` || n === `${regionName}_name` || `${n}_code` === regionName || `${n}_name` === regionName);
  });
  const levelIdx = h.findIndex((x, i) => !roles.includes(i) && /(^|_)level$/i.test(x));
  const levelValues = new Set<string>();
  const level = options.level?.trim();
  if (level !== undefined && levelIdx < 0 && !/^\d+$/.test(level)) {
    throw new UserError(`--level ${level}: the file has no level column, so --level takes the number of digits of the codes to keep`, { field: '--level' });
  }
  const aliases = new Map<string, string>();
  let otherLevels = 0;
  if (new Set(roles).size !== roles.length) throw new UserError('the same column was given two roles', { file, line: 1 });

  const regionIds = new Map<string, number>();
  const activityIds = new Map<string, number>();
  const yearIds = new Map<string, number>();
  const rr = new Growable(new Int32Array(1 << 16), (n) => new Int32Array(n));
  const aa = new Growable(new Int32Array(1 << 16), (n) => new Int32Array(n));
  const yy = new Growable(new Int32Array(1 << 16), (n) => new Int32Array(n));
  const vv = new Growable(new Float64Array(1 << 16), (n) => new Float64Array(n));
  let yearKind: 'number' | 'text' | undefined;
  let missing = 0;
  let rows = 0;
  const id = (map: Map<string, number>, key: string) => {
    let v = map.get(key);
    if (v === undefined) {
      v = map.size;
      map.set(own(key), v);
    }
    return v;
  };
  for await (const batch of src.batches) for (const { fields, line } of batch) {
    const region = fields[regionIdx].trim();
    const activity = fields[activityIdx].trim();
    if (levelIdx >= 0) {
      const lv = fields[levelIdx].trim();
      if (levelValues.size < 50 && !levelValues.has(lv)) levelValues.add(own(lv));
      if (level !== undefined && lv !== level) {
        otherLevels++;
        continue;
      }
    } else if (level !== undefined && activity.replace(/\D/g, '').length !== Number(level)) {
      otherLevels++;
      continue;
    }
    if (alias >= 0 && !aliases.has(region)) {
      const other = fields[alias].trim();
      if (other !== '' && other !== region) aliases.set(own(region), own(other));
    }
    if (region === '') throw new UserError(`empty region in column "${h[regionIdx]}"`, { file, line, column: regionIdx + 1 });
    if (activity === '') throw new UserError(`empty activity in column "${h[activityIdx]}"`, { file, line, column: activityIdx + 1 });
    let value = parseNonNegative(fields[valueIdx], file, line, valueIdx, h[valueIdx]);
    if (Number.isNaN(value)) {
      missing++;
      value = 0;
    }
    if (options.binary && value !== 0 && value !== 1) {
      throw new UserError(`manual presence must be 0 or 1, found "${fields[valueIdx]}" in column "${h[valueIdx]}"`, { file, line, column: valueIdx + 1 });
    }
    let year = '';
    if (yearIdx >= 0) {
      year = fields[yearIdx].trim();
      const kind = year !== '' && Number.isFinite(Number(year)) ? 'number' : 'text';
      if (year === '') throw new UserError(`empty year in column "${h[yearIdx]}"`, { file, line, column: yearIdx + 1 });
      if (yearKind === undefined) yearKind = kind;
      else if (kind !== yearKind) {
        throw new UserError(`year "${year}" is ${kind === 'number' ? 'a number' : 'text'} but earlier years are ${yearKind === 'number' ? 'numbers' : 'text'} (mixed types in column "${h[yearIdx]}")`, { file, line, column: yearIdx + 1 });
      }
    }
    rr.push(id(regionIds, region));
    aa.push(id(activityIds, activity));
    yy.push(id(yearIds, year));
    vv.push(value);
    rows++;
    if (options.onProgress && rows % 100000 === 0) options.onProgress(rows);
  }
  if (rows === 0 && otherLevels > 0) throw new UserError(`no rows at level ${level} (${levelIdx >= 0 ? `column "${h[levelIdx]}" has ${[...levelValues].join(', ')}` : 'no activity code has that many digits'})`, { field: '--level' });
  if (rows === 0) throw new UserError('the file has a header but no data rows', { file, line: 2 });

  const regions = [...regionIds.keys()].sort(compareLabels);
  const activities = [...activityIds.keys()].sort(compareLabels);
  const yearLabels = [...yearIds.keys()];
  const years = yearKind === 'number' ? yearLabels.sort((a, b) => Number(a) - Number(b)) : yearLabels.sort(compareLabels);
  const rPos = new Int32Array(regionIds.size);
  regions.forEach((r, i) => (rPos[regionIds.get(r)!] = i));
  const aPos = new Int32Array(activityIds.size);
  activities.forEach((a, i) => (aPos[activityIds.get(a)!] = i));
  const yPos = new Int32Array(yearIds.size);
  years.forEach((y, i) => (yPos[yearIds.get(y)!] = i));
  const R = regions.length;
  const A = activities.length;
  const tables: RegionActivity[] = years.map(() => ({ regions, activities, values: new Float64Array(R * A) }));
  const seen = years.map(() => new Uint8Array(R * A));
  let duplicates = 0;
  for (let i = 0; i < rows; i++) {
    const y = yPos[yy.data[i]];
    const cell = rPos[rr.data[i]] * A + aPos[aa.data[i]];
    if (seen[y][cell]) duplicates++;
    seen[y][cell] = 1;
    tables[y].values[cell] += vv.data[i];
  }
  const notices: string[] = [];
  if (duplicates > 0) notices.push(`${file}: ${duplicates} duplicate row(s) for the same region × activity${yearIdx >= 0 ? ' × year' : ''} were summed`);
  if (missing > 0) notices.push(`${file}: ${missing} empty value(s) counted as 0`);
  if (otherLevels > 0) notices.push(`${file}: kept level ${level} (${rows} rows); ${otherLevels} row(s) of other levels left out`);
  if (options.binary) {
    for (const t of tables) {
      if (t.values.some((v) => v > 1)) {
        throw new UserError('manual presence must be 0 or 1, but duplicate rows sum to more than 1', { file });
      }
    }
  }
  return {
    file,
    columns: {
      region: h[regionIdx],
      activity: h[activityIdx],
      value: h[valueIdx],
      ...(yearIdx >= 0 ? { year: h[yearIdx] } : {}),
    },
    hasYear: yearIdx >= 0,
    regionAliases: aliases,
    ...(levelIdx >= 0 ? { levelColumn: { name: h[levelIdx], values: [...levelValues] } } : {}),
    years,
    tables,
    rows,
    notices,
  };
}
