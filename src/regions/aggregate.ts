import { UserError } from '../errors.js';
import type { RegionActivity } from './table.js';

/**
 * Sums regions into larger ones through a lookup (ITL2 → ITL1, counties → metros…). Every region must be in
 * the lookup: a region left out would silently vanish from the totals. Groups keep first-seen order sorted.
 */
export function aggregateRegions(t: RegionActivity, groupOf: ReadonlyMap<string, string>): RegionActivity {
  const missing = t.regions.filter((r) => groupOf.get(r) === undefined);
  if (missing.length) {
    throw new UserError(`${missing.length} region(s) are not in the aggregation lookup: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`, { field: '--aggregate' });
  }
  const groups = [...new Set(t.regions.map((r) => groupOf.get(r)!))].sort();
  const index = new Map(groups.map((g, i) => [g, i]));
  const A = t.activities.length;
  const values = new Float64Array(groups.length * A);
  t.regions.forEach((r, i) => {
    const g = index.get(groupOf.get(r)!)! * A;
    for (let p = 0; p < A; p++) values[g + p] += t.values[i * A + p];
  });
  return { regions: groups, activities: t.activities, values };
}
