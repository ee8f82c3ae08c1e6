import { SMALL_COUNT } from '../measures.js';
import type { Report } from '../../report.js';
import { context, labelOf, regionOf, type RegionYear } from './inputs.js';

export interface SpecialisationOptions {
  region: string;
  /** Rank by revealed comparative advantage (the default) or by size. */
  by?: 'rca' | 'size';
  top?: number;
}

/**
 * A region's top activities by RCA (location quotient) or by size, each with its share of the region's total, its
 * presence (M) and its complexity. Ranking by RCA leaves out cells of counts below SMALL_COUNT units, where RCA is noise.
 */
export function specialisationReport(ry: RegionYear, o: SpecialisationOptions): Report {
  const r = regionOf(ry, o.region);
  const { res } = ry;
  const A = res.table.activities.length;
  const by = o.by ?? 'rca';
  const top = o.top ?? 15;
  let total = 0;
  for (let p = 0; p < A; p++) total += res.table.values[r * A + p];
  const idx = Array.from({ length: A }, (_, p) => p).filter((p) => res.table.values[r * A + p] > 0);
  // counts of units (jobs, firms): a cell of a few units is noise; shares or amounts are ranked as they are
  const counts = idx.every((p) => Number.isInteger(res.table.values[r * A + p]));
  const small = by === 'rca' && counts ? idx.filter((p) => res.table.values[r * A + p] < SMALL_COUNT) : [];
  const skipped = new Set(small);
  const ranked = idx
    .filter((p) => !skipped.has(p))
    .sort((a, b) => (by === 'rca' ? res.rca[r * A + b] - res.rca[r * A + a] : res.table.values[r * A + b] - res.table.values[r * A + a]) || a - b)
    .slice(0, top);
  const ctx = context(ry, r);
  const rows = ranked.map((p, i) => {
    const c = r * A + p;
    const activity = res.table.activities[p];
    return { ...ctx, rank: i + 1, activity, ...(ry.labels && { label: labelOf(ry.labels, activity) }), value: res.table.values[c], share: res.table.values[c] / total, rca: res.rca[c], m: res.m[c], pci: res.pci[p] };
  });
  const notices = [...ry.notices];
  if (small.length) notices.push(`${small.length} activit(y/ies) with fewer than ${SMALL_COUNT} units in ${res.table.regions[r]} are not ranked by RCA: so few units make RCA noise`);
  return {
    columns: [...Object.keys(ctx), 'rank', 'activity', ...(ry.labels ? ['label'] : []), 'value', 'share', 'rca', 'm', 'pci'],
    rows,
    notices,
    meta: { region: res.table.regions[r], year: ry.year, by, total },
  };
}
