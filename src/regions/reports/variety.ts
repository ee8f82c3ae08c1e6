import { UserError } from '../../errors.js';
import { entropy, gini, herfindahl, hooverIndex, krugmanIndex, locationalGini, relatedUnrelatedVariety } from '../variety.js';
import type { Report } from '../../report.js';
import { checkLabels, labelOf, tableOf, type RegionsData, type RegionsSide } from './inputs.js';

/**
 * Per region: entropy, related and unrelated variety (with a hierarchy), Herfindahl and Krugman's specialisation
 * index; per activity (`by: 'activity'`): Gini, locational Gini and Hoover's concentration.
 */
export function varietyReport(data: RegionsData, side: RegionsSide, o: { year?: string; by?: 'region' | 'activity' } = {}): Report {
  const { year, table: t } = tableOf(data, o.year);
  const R = t.regions.length;
  const A = t.activities.length;
  const yearCol = data.hasYear ? { year } : {};
  const notices: string[] = [];
  if (o.by === 'activity') {
    const { labels, notices: labelNotices } = checkLabels(side, t.activities);
    const g = locationalGini(t.values, R, A);
    const h = hooverIndex(t.values, R, A);
    const rows = t.activities.map((a, p) => ({ ...yearCol, activity: a, ...(labels && { label: labelOf(labels, a) }), gini: gini(Array.from({ length: R }, (_, r) => t.values[r * A + p])), locational_gini: g[p], hoover: h[p] }));
    return { columns: [...Object.keys(yearCol), 'activity', ...(labels ? ['label'] : []), 'gini', 'locational_gini', 'hoover'], rows, notices: labelNotices, meta: { year, by: 'activity' } };
  }
  const hier = side.hierarchy;
  if (hier) {
    const missing = t.activities.filter((a) => !hier.groupOf.has(a));
    if (missing.length > A / 2) {
      const where = side.sources?.hierarchy ? { file: side.sources.hierarchy } : { field: 'hierarchy' };
      throw new UserError(`the hierarchy's keys fit only ${A - missing.length} of the data's ${A} activities (keys ${[...hier.groupOf.keys()].slice(0, 3).map((x) => `"${x}"`).join(', ')}…; activities ${t.activities.slice(0, 3).map((x) => `"${x}"`).join(', ')}…): related variety would be 0 everywhere; is it the right file, or the right activity column?`, where);
    }
    if (missing.length > 0) notices.push(`${missing.length} activit(y/ies) not in the hierarchy form groups of their own: ${missing.slice(0, 5).join(', ')}`);
  } else notices.push('no activity hierarchy: related and unrelated variety need one (which activities share a group)');
  const groupIds = new Map<string, number>();
  const groupOf = Int32Array.from(t.activities, (a) => {
    const g = hier?.groupOf.get(a) ?? `\u0000${a}`;
    if (!groupIds.has(g)) groupIds.set(g, groupIds.size);
    return groupIds.get(g)!;
  });
  const k = krugmanIndex(t.values, R, A);
  const rows = t.regions.map((region, r) => {
    const v = t.values.subarray(r * A, (r + 1) * A);
    const d = relatedUnrelatedVariety(v, groupOf);
    return { ...yearCol, region, entropy: entropy(v), ...(hier && { related_variety: d.related, unrelated_variety: d.unrelated }), herfindahl: herfindahl(v), krugman: k[r] };
  });
  return { columns: [...Object.keys(yearCol), 'region', 'entropy', ...(hier ? ['related_variety', 'unrelated_variety'] : []), 'herfindahl', 'krugman'], rows, notices, meta: { year, by: 'region', ...(hier && { hierarchy: hier.level }) } };
}
