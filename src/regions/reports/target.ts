import { assessTarget } from '../opportunities.js';
import type { Report, Row } from '../../report.js';
import { activitiesOf, coarseNotice, context, labelOf, regionOf, type RegionYear } from './inputs.js';

/** A region's position for a target domain: its density, related strengths, gaps and the best-placed regions. */
export function targetReport(ry: RegionYear, o: { region: string; activities: readonly string[]; top?: number }): Report {
  const r = regionOf(ry, o.region);
  const { res, labels } = ry;
  const t = assessTarget(res, r, activitiesOf(ry, o.activities), o.top ?? 10);
  const ctx = context(ry, r);
  const label = (a: string) => (labels ? { label: labelOf(labels, a) } : {});
  const rows: Row[] = [
    { ...ctx, section: 'summary', name: res.table.regions[r], density: t.density, detail: `rank ${t.rank} of ${res.table.regions.length} regions by density to ${t.target.join(', ')}` },
    ...t.perActivity.map((x) => ({ ...ctx, section: 'target', name: x.activity, ...label(x.activity), density: x.density, rca: x.rca, detail: `${x.present ? 'present' : 'absent'}; held by ${x.ubiquity} region(s)` })),
    ...t.strengths.map((x) => ({ ...ctx, section: 'strength', name: x.activity, ...label(x.activity), relatedness: x.relatedness, rca: x.rca })),
    ...t.gaps.map((x) => ({ ...ctx, section: 'gap', name: x.activity, ...label(x.activity), relatedness: x.relatedness, density: x.density, rca: x.rca })),
    ...t.bestPlaced.map((x, i) => ({ ...ctx, section: 'best placed', name: x.region, density: x.density, detail: `#${i + 1}, specialised in ${x.presentInTarget}/${t.target.length} target activities` })),
  ];
  return {
    columns: [...Object.keys(ctx), 'section', 'name', ...(labels ? ['label'] : []), 'density', 'relatedness', 'rca', 'detail'],
    rows,
    notices: [...ry.notices, ...t.notices, ...coarseNotice(ry, t.target)],
    meta: { region: res.table.regions[r], year: ry.year, target: t.target, density: t.density, rank: t.rank },
  };
}
