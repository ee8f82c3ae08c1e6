import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DATA_DIR } from '../paths.js';
import { UserError } from '../errors.js';
import type { Lump } from '../regions/checks.js';
import type { TradedLocal } from '../regions/opportunities.js';
import { readCsvRecords } from './csv.js';

/** The reference data shipped in data/ (see data/README.md). */
const SIC_TRADED = resolve(DATA_DIR, 'uk-bres/sic2007_traded_local.csv');
const SIC_CLASSES = resolve(DATA_DIR, 'uk-bres/sic2007_division_classes.csv');
const NAICS_CLUSTERS = resolve(DATA_DIR, 'us-cbp/naics_us_cluster_mapping.csv');
const ITL = resolve(DATA_DIR, 'reference/regions.csv');

/** A definition matched to the data's activities: what it covers and what it leaves undefined. */
export interface Matched<T> {
  source: string;
  map: Map<string, T>;
  undefined: string[];
}

/** A bundled definition fits when it defines at least this share of the data's activities. */
const FITS = 0.8;

function fit<T>(source: string, map: Map<string, T>, activities: readonly string[]): Matched<T> | undefined {
  const undef = activities.filter((a) => !map.has(a));
  if (activities.length === 0 || (activities.length - undef.length) / activities.length < FITS) return undefined;
  return { source, map, undefined: undef };
}

const cache = new Map<string, Record<string, string>[]>();
function records(file: string): Record<string, string>[] {
  if (!cache.has(file)) cache.set(file, readCsvRecords(file));
  return cache.get(file)!;
}

const asTraded = (v: string, file: string, line: number): TradedLocal => {
  const t = v.trim().toLowerCase();
  if (t === 'traded' || t === 'local') return t;
  throw new UserError(`traded/local must be "traded" or "local", found "${v}"`, { file, line });
};

/** A traded/local definition from a file: activity (first column), traded_local (a column named traded…). */
export function readTradedLocal(file: string): Map<string, TradedLocal> {
  const rows = records(file);
  if (rows.length === 0) throw new UserError('no definitions', { file });
  const cols = Object.keys(rows[0]);
  const col = cols.find((c, i) => i > 0 && /traded/i.test(c)) ?? cols[1];
  if (!col) throw new UserError('a traded/local file needs an activity column and a traded_local column', { file, line: 1 });
  return new Map(rows.map((r, i) => [r[cols[0]].trim(), asTraded(r[col] ?? '', file, i + 2)]));
}

/**
 * The bundled traded/local definition that fits the data's codes: US Cluster Mapping (Delgado, Porter & Stern
 * 2016) for NAICS, rolled up to 4 and 5 digits; the documented SIC 2007 division mapping for UK data.
 */
export function bundledTradedLocal(activities: readonly string[]): Matched<TradedLocal> | undefined {
  const naics = new Map(records(NAICS_CLUSTERS).map((r) => [r.naics, r.traded_local as TradedLocal]));
  const sic = new Map(records(SIC_TRADED).map((r) => [r.activity_code, r.traded_local as TradedLocal]));
  return fit('US Cluster Mapping definitions (Delgado, Porter & Stern 2016)', naics, activities) ?? fit('the SIC 2007 division mapping (data/uk-bres/sic2007_traded_local.csv)', sic, activities);
}

/** How many industries each code lumps: NAICS 6-digit industries under a shorter code; SIC 2007 classes in a division. */
export function bundledLumps(activities: readonly string[]): Matched<Lump> | undefined {
  const six = records(NAICS_CLUSTERS).filter((r) => r.digits === '6');
  const naics = new Map<string, Lump>();
  for (const a of activities) {
    if (!/^\d{2,5}$/.test(a)) continue;
    const kids = six.filter((r) => r.naics.startsWith(a));
    if (kids.length) naics.set(a, { industries: kids.length, names: kids.map((k) => k.label) });
  }
  const sic = new Map(records(SIC_CLASSES).map((r) => [r.activity_code, { industries: Number(r.classes), names: r.class_names.split('; ') } as Lump]));
  return fit('NAICS 2012 6-digit industries', naics, activities) ?? fit('SIC 2007 classes', sic, activities);
}

/** Cluster definitions shipped ready for use with `--definitions`: "us-cluster-mapping" (NAICS 4, 5 or 6 digits). */
export const BUNDLED_DEFINITIONS: Record<string, () => Map<string, string>> = {
  'us-cluster-mapping': () => new Map(records(NAICS_CLUSTERS).map((r) => [r.naics, r.cluster])),
};

/** Labels shipped with the bundled definitions (NAICS titles, or the subcluster for a rolled-up code). */
export function bundledLabels(activities: readonly string[]): Map<string, string> | undefined {
  return fit('', new Map(records(NAICS_CLUSTERS).map((r) => [r.naics, r.label])), activities)?.map;
}

/**
 * A region lookup for aggregation: "itl1" (ITL2 → ITL1 from data/reference/regions.csv, by code or name), or a
 * file whose first column is the region (code or name) and whose column named group/parent… (else the second)
 * is the larger region. Returns region → larger region's name.
 */
export function readRegionLookup(spec: string): Map<string, string> {
  if (spec.toLowerCase() === 'itl1') {
    const rows = records(ITL);
    const name = new Map(rows.map((r) => [r.code, r.label]));
    const out = new Map<string, string>();
    for (const r of rows) {
      if (r.level !== 'ITL2') continue;
      const parent = name.get(r.parent_code) ?? r.parent_code;
      out.set(r.code, parent);
      out.set(r.label, parent);
    }
    return out;
  }
  if (!existsSync(spec)) throw new UserError('file not found (or give "itl1")', { file: spec, field: '--aggregate' });
  const rows = records(spec);
  if (rows.length === 0) throw new UserError('the lookup has no rows', { file: spec });
  const cols = Object.keys(rows[0]);
  const col = cols.find((c, i) => i > 0 && /group|parent|into|to$/i.test(c)) ?? cols[1];
  if (!col) throw new UserError('a region lookup needs a region column and a group column', { file: spec, line: 1 });
  return new Map(rows.map((r) => [r[cols[0]].trim(), r[col].trim()]));
}
