import { UserError } from '../../errors.js';
import { SMALL_COUNT } from '../measures.js';
import { cosineSimilarity } from '../partners.js';
import { listCell, type Report } from '../../report.js';
import { labelOf, named, regionsOf, type RegionYear } from './inputs.js';

/**
 * Regions side by side (the first is the one compared against): size, diversity, ECI and COI with their ranks, the
 * similarity of each RCA profile to the first's, and each region's top specialisations and largest activities.
 */
export function comparisonReport(ry: RegionYear, o: { regions: readonly string[]; top?: number }): Report {
  const { res, labels } = ry;
  if (o.regions.length === 0) throw new UserError('names no region', { field: 'regions' });
  const idx = [...new Set(regionsOf(ry, o.regions))];
  const R = res.table.regions.length;
  const A = res.table.activities.length;
  const top = o.top ?? 5;
  const totals = Float64Array.from({ length: R }, (_, r) => res.table.values.subarray(r * A, (r + 1) * A).reduce((s, x) => s + x, 0));
  const rank = (values: ArrayLike<number>, r: number) => 1 + Array.from(values).filter((x) => x > values[r]).length;
  const rcaRow = (r: number) => Float64Array.from({ length: A }, (_, p) => (Number.isFinite(res.rca[r * A + p]) ? res.rca[r * A + p] : 0));
  const first = rcaRow(idx[0]);
  const item = (r: number, p: number) => ({ activity: res.table.activities[p], ...(labels && { label: labelOf(labels, res.table.activities[p]) }), value: res.table.values[r * A + p], rca: res.rca[r * A + p] });
  const rows = idx.map((r) => {
    const cells = Array.from({ length: A }, (_, p) => p).filter((p) => res.table.values[r * A + p] > 0);
    const specialised = cells.filter((p) => res.table.values[r * A + p] >= SMALL_COUNT || !Number.isInteger(res.table.values[r * A + p])).sort((a, b) => res.rca[r * A + b] - res.rca[r * A + a] || a - b).slice(0, top);
    const largest = [...cells].sort((a, b) => res.table.values[r * A + b] - res.table.values[r * A + a] || a - b).slice(0, top);
    return {
      region: res.table.regions[r],
      total: totals[r],
      total_rank: rank(totals, r),
      diversity: res.diversity[r],
      diversity_rank: rank(res.diversity, r),
      eci: res.eci[r],
      eci_rank: rank(res.eci, r),
      coi: res.coi[r],
      similarity: r === idx[0] ? 1 : cosineSimilarity(first, rcaRow(r)),
      top_specialisations: listCell(specialised.map((p) => item(r, p)), specialised.map((p) => `${named(labels, res.table.activities[p])} (RCA ${res.rca[r * A + p].toFixed(2)})`).join('; ')),
      largest: listCell(largest.map((p) => item(r, p)), largest.map((p) => named(labels, res.table.activities[p])).join('; ')),
    };
  });
  return {
    columns: ['region', 'total', 'total_rank', 'diversity', 'diversity_rank', 'eci', 'eci_rank', 'coi', 'similarity', 'top_specialisations', 'largest'],
    rows,
    notices: ry.notices,
    meta: { year: ry.year, regions: idx.map((r) => res.table.regions[r]), of: R },
  };
}
