import { partnerRegions, similarRegions } from '../partners.js';
import type { Report } from '../../report.js';
import { activitiesOf, named, regionOf, type RegionYear } from './inputs.js';

/** Regions with complementary capabilities for a target: those specialised in the home region's gaps around it. */
export function partnersReport(ry: RegionYear, o: { region: string; target: readonly string[]; related?: number; top?: number }): Report {
  const home = regionOf(ry, o.region);
  const { res, labels } = ry;
  const list = partnerRegions(res, home, activitiesOf(ry, o.target, 'target'), o.related ?? 20, o.top ?? 10);
  const rows = list.map((p, i) => ({
    rank: i + 1,
    region: p.region,
    complementarity: p.complementarity,
    covers: p.covers.slice(0, 8).map((c) => `${named(labels, c.activity)} (RCA ${c.rca.toFixed(2)})`).join('; '),
  }));
  return { columns: ['rank', 'region', 'complementarity', 'covers'], rows, notices: ry.notices, meta: { region: res.table.regions[home], year: ry.year, target: o.target } };
}

/** Regions with the most similar RCA profiles (cosine similarity). */
export function similarRegionsReport(ry: RegionYear, o: { region: string; top?: number }): Report {
  const home = regionOf(ry, o.region);
  return { columns: ['region', 'similarity'], rows: similarRegions(ry.res, home, o.top ?? 10), notices: ry.notices, meta: { region: ry.res.table.regions[home], year: ry.year } };
}
