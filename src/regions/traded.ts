import type { TradedLocal } from './opportunities.js';
import { hooverIndex } from './variety.js';
import type { RegionActivity } from './table.js';

/**
 * Hoover index below which an activity counts as local. Local industries serve their own region's market, so
 * their jobs spread like all jobs (Porter 2003; Delgado, Porter & Stern 2016). 0.2 reproduces the US Cluster
 * Mapping traded/local split of 87% of the NAICS 4-digit industries on CBP 2019's 383 metropolitan areas
 * (0.15: 78%, 0.25: 87%, 0.3: 85%; test/regions/credible.test.ts).
 */
export const LOCAL_HOOVER = 0.2;

/**
 * Traded or local from the data, when no definition fits the classification: an activity whose regional
 * distribution is within `threshold` (Hoover index, the share of its jobs that would have to move) of the
 * distribution of all jobs is local. Coarse regions (few, large) lower every Hoover index, so read it as a rule
 * of thumb there.
 */
export function tradedByConcentration(t: RegionActivity, threshold = LOCAL_HOOVER): Map<string, TradedLocal> {
  const h = hooverIndex(t.values, t.regions.length, t.activities.length);
  return new Map(t.activities.map((a, p) => [a, h[p] < threshold ? 'local' : 'traded']));
}
