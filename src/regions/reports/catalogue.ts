import type { Report, Row } from '../../report.js';
import { checkLabels, tableOf, type RegionsData, type RegionsSide } from './inputs.js';

/**
 * What a data set holds, for choosing: its regions (with their codes) and activities (with their labels), each with
 * its total in the year, and the years. Regions by name, activities by code.
 */
export function catalogueReport(data: RegionsData, side: RegionsSide, o: { year?: string } = {}): Report {
  const { year, table: t } = tableOf(data, o.year);
  const R = t.regions.length;
  const A = t.activities.length;
  const regionTotal = new Float64Array(R);
  const activityTotal = new Float64Array(A);
  for (let r = 0; r < R; r++)
    for (let a = 0; a < A; a++) {
      regionTotal[r] += t.values[r * A + a];
      activityTotal[a] += t.values[r * A + a];
    }
  const { labels, notices } = checkLabels(side, t.activities);
  const regions: Row[] = t.regions.map((id, r) => ({ kind: 'region', id, label: data.regionAliases.get(id) ?? '', size: regionTotal[r], group: '' }));
  const activities: Row[] = t.activities.map((id, a) => ({ kind: 'activity', id, label: labels?.get(id) ?? '', size: activityTotal[a], group: side.hierarchy?.groupOf.get(id) ?? '' }));
  regions.sort((x, y) => String(x.id).localeCompare(String(y.id)));
  return {
    columns: ['kind', 'id', 'label', 'size', 'group'],
    rows: [...regions, ...activities],
    notices,
    meta: { year, years: data.years, regions: R, activities: A, ...(side.hierarchy && { hierarchy: side.hierarchy.level }) },
  };
}
