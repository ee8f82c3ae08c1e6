/**
 * What the regions reports take: a region × activity panel, the side information that goes with it (labels,
 * population, definitions…), the choice of measures, and one period's measures computed from them. Everything here
 * is parsed already (the CLI reads files, the hub reads data sets); nothing does I/O.
 */
import { closeNames, UserError } from '../../errors.js';
import { coarseClassification, nestedCodes, type Lump } from '../checks.js';
import { measures, type ComplexityMethod, type Measures, type MeasuresOptions, type PresenceTest } from '../measures.js';
import type { TradedLocal, Weights } from '../opportunities.js';
import type { Panel, RegionActivity } from '../table.js';
import { tradedByConcentration, LOCAL_HOOVER } from '../traded.js';

/** A region × activity panel as read: one table per period, with what the reader learnt about its columns. */
export interface RegionsData extends Panel {
  /** True when the file had a year column (rows then say their year). */
  readonly hasYear: boolean;
  /** Region label → its other label (a code beside a name). */
  readonly regionAliases: ReadonlyMap<string, string>;
  /** The activity column's name, for messages. */
  readonly activityColumn: string;
  /** The level column, when there is one (for advice on nested codes). */
  readonly levelColumn?: { name: string; values: readonly string[] };
}

/** An attribute of regions by year ('' for a file without years): region → value. */
export type RegionAttribute = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Side information, read from files or shipped with Proximity; every part optional. */
export interface RegionsSide {
  readonly labels?: ReadonlyMap<string, string>;
  /** How many industries each code lumps together (for the coarse-classification warning). */
  readonly lumps?: ReadonlyMap<string, Lump>;
  /** Traded or local per activity, and where the definition comes from. */
  readonly traded?: { source: string; map: ReadonlyMap<string, TradedLocal>; undefined: readonly string[] };
  readonly population?: RegionAttribute;
  /** A region variable that rises with complexity, to orient ECI and PCI by. */
  readonly orientBy?: { name: string; values: RegionAttribute };
  /** A given presence matrix (presence "manual"). */
  readonly mcp?: Panel & { hasYear: boolean };
  /** A given relatedness matrix, activity → activity → value. */
  readonly relatedness?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** GDP per capita per region, for PRODY and EXPY. */
  readonly gdp?: RegionAttribute;
  /** Activity codes never to propose. */
  readonly exclude?: ReadonlySet<string>;
  /** Given clusters, activity → cluster name. */
  readonly definitions?: ReadonlyMap<string, string>;
  /** An activity hierarchy: the level used and each activity's group. */
  readonly hierarchy?: { level: string; groupOf: ReadonlyMap<string, string> };
  /** Establishments per region × activity, for the US Cluster Mapping qualifying test. */
  readonly establishments?: Panel;
  /** The name of the file each part was read from (labels, population…), for messages. */
  readonly sources?: Readonly<Record<string, string>>;
}

/** How presence, relatedness and complexity are measured. */
export interface MeasureChoice {
  presence: PresenceTest;
  threshold: number;
  minCount: number;
  continuous: boolean;
  asymmetric: boolean;
  complexity: ComplexityMethod;
  knn?: number;
}

/** One period's measures with everything a report needs to explain them. */
export interface RegionYear {
  readonly data: RegionsData;
  readonly side: RegionsSide;
  readonly choice: MeasureChoice;
  readonly year: string;
  readonly res: Measures;
  readonly labels?: ReadonlyMap<string, string>;
  /** The measures' notices (named by the year when the data has several) and the labels'. */
  readonly notices: readonly string[];
}

/** The data's activity codes must be one level of one classification: refuse nested codes, with the way out. */
export function refuseNested(data: Pick<RegionsData, 'tables' | 'activityColumn' | 'levelColumn'>, file?: string): void {
  const n = nestedCodes(data.tables[0]?.activities ?? []);
  if (n.totals.length === 0 && n.parents.length === 0) return;
  const parts: string[] = [];
  if (n.totals.length) parts.push(`${n.totals.map((x) => `"${x}"`).join(', ')} ${n.totals.length === 1 ? 'is a total row' : 'are total rows'}`);
  if (n.parents.length) parts.push(`${n.parents.length} code(s) sit beside their own parts (${n.parents.slice(0, 3).map((x) => `${x.code} beside ${x.child}`).join(', ')})`);
  const advice = data.levelColumn
    ? `keep one level with --level (column "${data.levelColumn.name}": ${data.levelColumn.values.slice(0, 8).join(', ')})`
    : `keep one level with --level N (code lengths ${n.lengths.join(', ')})`;
  throw new UserError(`the activity column "${data.activityColumn}" mixes levels of a classification: ${parts.join('; ')}, so every job would count once per level; ${advice}`, file ? { file } : { field: 'level' });
}

/** The period asked for, or the latest. */
export function pickYear(data: Pick<RegionsData, 'years'>, year: string | undefined): string {
  if (year === undefined || year === '') return data.years[data.years.length - 1];
  if (!data.years.includes(year)) throw new UserError(`year ${year} is not in the data (${data.years.join(', ')})`, { field: 'year' });
  return year;
}

/** A region attribute's values for one year (the file's only values when it has no years). */
export function attributeIn(attr: RegionAttribute, year: string): ReadonlyMap<string, number> | undefined {
  return attr.get(year) ?? attr.get('') ?? (attr.size === 1 ? [...attr.values()][0] : undefined);
}

/** The measures' options for one period: the choice, with the side information of that year. */
export function measuresOptions(choice: MeasureChoice, side: RegionsSide, year: string): MeasuresOptions {
  const opts: MeasuresOptions = {
    presence: choice.presence,
    threshold: choice.threshold,
    continuous: choice.continuous,
    asymmetric: choice.asymmetric,
    complexity: choice.complexity,
    minCount: choice.minCount,
    ...(choice.knn !== undefined && { knn: choice.knn }),
  };
  const source = (part: string) => side.sources?.[part];
  const where = (part: string) => (source(part) ? { file: source(part) } : { field: part });
  if (side.population) {
    const pop = attributeIn(side.population, year);
    if (!pop) throw new UserError(`no population for year ${year}`, where('population'));
    opts.population = pop;
  }
  if (side.orientBy) {
    const values = attributeIn(side.orientBy.values, year);
    if (!values) throw new UserError(`no values for year ${year}`, where('orientBy'));
    opts.orientBy = { name: side.orientBy.name, values };
  }
  if (side.mcp) {
    if (choice.presence !== 'manual') throw new UserError('a presence matrix goes with presence "manual"', { field: 'mcp' });
    const yi = side.mcp.hasYear ? side.mcp.years.indexOf(year) : 0;
    if (yi < 0) throw new UserError(`no presence rows for year ${year}`, where('mcp'));
    const t = side.mcp.tables[yi];
    const A = t.activities.length;
    opts.manual = new Map(t.regions.map((r, i) => [r, new Map(t.activities.map((a, j) => [a, t.values[i * A + j]]))]));
  }
  if (side.relatedness) opts.relatedness = side.relatedness;
  return opts;
}

/** Notices of one period, named by its year when the data has several. */
export function periodNotices(notices: readonly string[], data: Pick<RegionsData, 'hasYear' | 'years'>, year: string): string[] {
  const prefix = data.hasYear && data.years.length > 1 ? `${year}: ` : '';
  return notices.map((n) => `${prefix}${n}`);
}

/**
 * The labels for the data's activities: given ones are refused when they fit fewer than half of the activities (the
 * wrong file, or the wrong activity column), with a notice naming those without a label; shipped ones as they are.
 */
export function checkLabels(side: RegionsSide, activities: readonly string[]): { labels?: ReadonlyMap<string, string>; notices: string[] } {
  const labels = side.labels;
  const file = side.sources?.labels;
  if (!labels || !file) return { ...(labels && { labels }), notices: [] };
  const hits = activities.filter((a) => labels.has(a)).length;
  if (hits < activities.length / 2) {
    const mine = [...labels.keys()].slice(0, 3).map((x) => `"${x}"`).join(', ');
    const theirs = activities.slice(0, 3).map((x) => `"${x}"`).join(', ');
    throw new UserError(`the labels fit only ${hits} of the data's ${activities.length} activities (labels are keyed ${mine}…; the activities are ${theirs}…): is it the right file, or the right activity column?`, { file });
  }
  return { labels, notices: hits < activities.length ? [`${activities.length - hits} activit(y/ies) have no label in ${file}`] : [] };
}

/** One period's measures (the latest unless `year`), with its notices and the activities' labels. */
export function regionYear(data: RegionsData, side: RegionsSide, choice: MeasureChoice, year?: string): RegionYear {
  const y = pickYear(data, year);
  const res = measures(data.tables[data.years.indexOf(y)], measuresOptions(choice, side, y));
  const checked = checkLabels(side, res.table.activities);
  return { data, side, choice, year: y, res, ...(checked.labels && { labels: checked.labels }), notices: [...periodNotices(res.notices, data, y), ...checked.notices] };
}

/** An activity's label, or '' without one. */
export const labelOf = (labels: ReadonlyMap<string, string> | undefined, activity: string): string => labels?.get(activity) ?? '';

/** "code label" when there are labels, else the code. */
export const named = (labels: ReadonlyMap<string, string> | undefined, activity: string): string => (labels?.has(activity) ? `${activity} ${labels.get(activity)}` : activity);

/** A region by name or code (from a code column beside the name), case-insensitively, with close names suggested. */
export function regionOf(ry: Pick<RegionYear, 'res' | 'data'>, name: string, field = 'region'): number {
  const regions = ry.res.table.regions;
  const aliases = ry.data.regionAliases;
  let i = regions.indexOf(name);
  if (i < 0) i = regions.findIndex((r) => r.toLowerCase() === name.toLowerCase());
  if (i < 0) i = regions.findIndex((r) => aliases.get(r)?.toLowerCase() === name.toLowerCase());
  if (i >= 0) return i;
  const near = closeNames(name, [...regions, ...regions.map((r) => aliases.get(r)).filter((x): x is string => x !== undefined)]);
  throw new UserError(`region "${name}" is not in the data${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''}`, { field });
}

/**
 * Regions named in a comma-separated list, when names may hold commas themselves ("Detroit-Warren-Dearborn, MI"): a
 * piece that is no region is read together with the pieces after it, as long as that makes a region's name.
 */
export function regionsOf(ry: Pick<RegionYear, 'res' | 'data'>, pieces: readonly string[], field = 'regions'): number[] {
  const known = (name: string) => {
    try {
      return regionOf(ry, name, field);
    } catch {
      return -1;
    }
  };
  const out: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let j = i;
    let name = pieces[i];
    let found = known(name);
    for (let k = i + 1; found < 0 && k < pieces.length; k++) {
      name = `${name}, ${pieces[k]}`;
      if ((found = known(name)) >= 0) j = k;
    }
    out.push(found >= 0 ? found : regionOf(ry, pieces[i], field));
    i = j;
  }
  return out;
}

/** Activities by code or label, with close codes suggested. */
export function activitiesOf(ry: Pick<RegionYear, 'res' | 'labels'>, list: readonly string[], field = 'activities'): number[] {
  const acts = ry.res.table.activities;
  const codes = list.map((x) => x.trim()).filter(Boolean);
  if (codes.length === 0) throw new UserError('names no activity', { field });
  return codes.map((a) => {
    let i = acts.indexOf(a);
    if (i < 0 && ry.labels) i = acts.findIndex((x) => ry.labels!.get(x)?.toLowerCase() === a.toLowerCase());
    if (i < 0) {
      const near = closeNames(a, acts);
      throw new UserError(`activity "${a}" is not in the data${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''}`, { field });
    }
    return i;
  });
}

/** Custom weights, "density=0.5,pci=0.25,cog=0.25"; a weight left out is 0. */
export function parseWeights(text: string, field = 'weights'): Weights {
  const w: Weights = { density: 0, pci: 0, cog: 0 };
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!(k in w)) throw new UserError(`${field} takes density=…,pci=…,cog=…; unknown "${k}"`, { field });
    const x = Number(v);
    if (v === undefined || v === '' || !Number.isFinite(x)) throw new UserError(`${field} ${k} expects a number, got "${v ?? ''}"`, { field });
    w[k as keyof Weights] = x;
  }
  return w;
}

/** The coarse-classification warning (too few activities, or codes that lump many industries), naming `focus` first. */
export function coarseNotice(ry: Pick<RegionYear, 'res' | 'side'>, focus: readonly string[] = []): string[] {
  const text = coarseClassification(ry.res.table.activities, ry.side.lumps, focus);
  return text ? [text] : [];
}

/**
 * Traded or local for each activity: the given definition, else the data rule (activities spread like all jobs count
 * as local), with the notice that says which.
 */
export function tradedOf(ry: Pick<RegionYear, 'res' | 'side'>): { map: ReadonlyMap<string, TradedLocal>; notice: string } {
  const t = ry.side.traded;
  if (t) return { map: t.map, notice: `local activities left out (includeLocal keeps them): traded/local from ${t.source}${t.undefined.length ? `; ${t.undefined.length} undefined, kept: ${t.undefined.slice(0, 8).join(', ')}` : ''}` };
  return {
    map: tradedByConcentration(ry.res.table),
    notice: `local activities left out (includeLocal keeps them): no traded/local definition fits these codes, so activities spread like all jobs (Hoover index < ${LOCAL_HOOVER}) count as local; give your own definition to change this`,
  };
}

/** Region and year columns that say which run a row came from. */
export function context(ry: Pick<RegionYear, 'data' | 'res' | 'year'>, r: number): { region: string; year?: string } {
  return { region: ry.res.table.regions[r], ...(ry.data.hasYear && { year: ry.year }) };
}

/** The table of one period (for reports that need no measures). */
export function tableOf(data: RegionsData, year: string | undefined): { year: string; table: RegionActivity } {
  const y = pickYear(data, year);
  return { year: y, table: data.tables[data.years.indexOf(y)] };
}
