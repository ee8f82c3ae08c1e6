import { aggregateRegions } from '../regions/aggregate.js';
import { refuseNested, type RegionsSide } from '../regions/reports/inputs.js';
import { readLongTable, type LongTable, type LongTableOptions } from './longtable.js';
import { bundledLabels, bundledLumps, bundledTradedLocal, readRegionLookup } from './regions-reference.js';

export interface RegionsReadOptions extends LongTableOptions {
  /** Sum regions into larger ones: "itl1" (ITL2 → ITL1) or a lookup file (region, group). */
  aggregate?: string;
}

/**
 * A region × activity (× year) table as the analyses take it, from the command line or a data set: read with the
 * columns detected, refused when its activity codes mix levels of a classification, regions summed with `aggregate`.
 * The reader's notices come back with it.
 */
export async function readRegionsTable(file: string, options: RegionsReadOptions = {}): Promise<LongTable> {
  let t = await readLongTable(file, options);
  refuseNested({ ...t, activityColumn: t.columns.activity }, t.file);
  if (options.aggregate) {
    const lookup = readRegionLookup(options.aggregate);
    const groupOf = new Map<string, string>();
    for (const r of t.tables[0].regions) {
      const g = lookup.get(r) ?? lookup.get(t.regionAliases.get(r) ?? '\u0000');
      if (g !== undefined) groupOf.set(r, g);
    }
    const tables = t.tables.map((x) => aggregateRegions(x, groupOf));
    t = { ...t, tables, regionAliases: new Map(), notices: [...t.notices, `${t.tables[0].regions.length} regions summed into ${tables[0].regions.length} (${options.aggregate})`] };
  }
  return t;
}

/**
 * What Proximity ships for the data's activity codes: labels (NAICS titles), traded/local definitions (US Cluster
 * Mapping for NAICS, the SIC 2007 division mapping) and how many industries each code lumps (for the coarse warning).
 */
export function bundledSide(activities: readonly string[]): Pick<RegionsSide, 'labels' | 'traded' | 'lumps'> {
  return { labels: bundledLabels(activities), traded: bundledTradedLocal(activities), lumps: bundledLumps(activities)?.map };
}
