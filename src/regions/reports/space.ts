import { clusterByCommunities } from '../clusters.js';
import { activitySpace } from '../space.js';
import type { Report } from '../../report.js';
import type { RegionYear } from './inputs.js';

export interface SpaceLinkRow {
  source: string;
  target: string;
  weight: number;
  backbone: boolean;
}

/**
 * The activity space for drawing: one row per activity (its ubiquity, PCI, Louvain cluster on the proximity and, with
 * a hierarchy, its group), and in `meta.links` the maximum spanning tree plus the strongest links.
 */
export function spaceReport(ry: RegionYear, o: { meanDegree?: number } = {}): Report & { meta: { links: SpaceLinkRow[] } } {
  const { res, labels } = ry;
  const A = res.table.activities.length;
  const communities = clusterByCommunities(res.proximity, A);
  const groupOf = ry.side.hierarchy?.groupOf;
  const links = activitySpace(res.proximity, A, o.meanDegree ?? 4).map((l) => ({ source: res.table.activities[l.source], target: res.table.activities[l.target], weight: l.weight, backbone: l.backbone }));
  const rows = res.table.activities.map((a, p) => ({
    id: a,
    label: labels?.get(a) || a,
    ubiquity: res.ubiquity[p],
    pci: Number.isFinite(res.pci[p]) ? res.pci[p] : null,
    cluster: communities[p],
    ...(groupOf && { group: groupOf.get(a) ?? '' }),
  }));
  return { columns: ['id', 'label', 'ubiquity', 'pci', 'cluster', ...(groupOf ? ['group'] : [])], rows, notices: ry.notices, meta: { year: ry.year, links } };
}
