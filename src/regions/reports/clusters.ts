import { UserError } from '../../errors.js';
import { clusterByCommunities, clusterBySize, clusterCentrality, clusterHierarchical, clusterStrength, nameByMembers, nameCluster, scoreClustering, symmetrise } from '../clusters.js';
import { proximityContinuous } from '../relatedness.js';
import type { RegionActivity } from '../table.js';
import type { Report } from '../../report.js';
import { named, type RegionYear } from './inputs.js';

export interface ClustersOptions {
  /** sized (co-location relatedness, clusters of readable size), louvain on the proximity, or hierarchical. */
  method?: 'sized' | 'louvain' | 'hierarchical';
  /** Clusters for the hierarchical method. */
  k?: number;
  /** Louvain's resolution. */
  resolution?: number;
  /** One row per cluster (its name and members) instead of each cluster's strength in each region. */
  summary?: boolean;
}

/** Each activity's cluster, from given definitions or found, and the clusters' names. */
function clustering(ry: RegionYear, o: ClustersOptions): { membership: Int32Array; names: string[]; notices: string[] } {
  const { res, labels, side } = ry;
  const R = res.table.regions.length;
  const A = res.table.activities.length;
  const notices: string[] = [];
  if (side.definitions) {
    const defs = side.definitions;
    const ids = new Map<string, number>();
    const membership = Int32Array.from(res.table.activities, (a) => {
      const c = defs.get(a);
      if (c === undefined) return -1;
      if (!ids.has(c)) ids.set(c, ids.size);
      return ids.get(c)!;
    });
    const undefinedCount = membership.filter((c) => c < 0).length;
    const where = side.sources?.definitions ? { file: side.sources.definitions } : { field: 'definitions' };
    if (undefinedCount === A) throw new UserError(`no activity of the data is in the definitions (keys ${[...defs.keys()].slice(0, 3).map((x) => `"${x}"`).join(', ')}…; activities ${res.table.activities.slice(0, 3).map((x) => `"${x}"`).join(', ')}…)`, where);
    if (undefinedCount > 0) notices.push(`${undefinedCount} activit(y/ies) are in no cluster of the definitions: ${res.table.activities.filter((_, a) => membership[a] < 0).slice(0, 8).join(', ')}`);
    return { membership, names: [...ids.keys()], notices };
  }
  let related = symmetrise(res.proximity, A);
  let membership: Int32Array;
  const method = o.method ?? 'sized';
  if (method === 'hierarchical') membership = clusterHierarchical(res.proximity, A, o.k ?? 20);
  else if (method === 'louvain') membership = clusterByCommunities(res.proximity, A, o.resolution ?? 1);
  else {
    related = symmetrise(proximityContinuous(res.rca, R, A), A);
    const sized = clusterBySize(related, A);
    membership = sized.membership;
    notices.push(`clusters: Louvain on each activity's 10 most co-located activities (correlation of RCA across regions), resolution ${sized.resolution}: ${sized.count} clusters, the largest ${sized.largest} of ${A} activities${sized.met ? '' : ' (no resolution up to 5 met the size rule: the most even clustering tried)'}`);
  }
  const hier = side.hierarchy?.groupOf;
  const count = Math.max(-1, ...membership) + 1;
  const centrality = clusterCentrality(related, A, membership);
  const members = Array.from({ length: count }, () => [] as number[]);
  membership.forEach((c, a) => c >= 0 && members[c].push(a));
  const names = members.map((m) => (hier ? nameCluster(m, res.table.activities, hier, labels) : nameByMembers(m, res.table.activities, centrality, labels)));
  return { membership, names, notices };
}

/** Establishments aligned to the measures' regions and activities, for the qualifying test. */
function alignedEstablishments(ry: RegionYear): RegionActivity | undefined {
  const e = ry.side.establishments;
  if (!e) return undefined;
  const { res } = ry;
  const yi = e.years.indexOf(ry.year);
  const t = e.tables[yi < 0 ? 0 : yi];
  const A = res.table.activities.length;
  const ri = new Map(t.regions.map((r, i) => [r, i]));
  const ai = new Map(t.activities.map((a, j) => [a, j]));
  const values = new Float64Array(res.table.regions.length * A);
  res.table.regions.forEach((r, i) =>
    res.table.activities.forEach((a, j) => {
      const x = ri.get(r);
      const y = ai.get(a);
      values[i * A + j] = x === undefined || y === undefined ? 0 : t.values[x * t.activities.length + y];
    }),
  );
  return { regions: res.table.regions, activities: res.table.activities, values };
}

/**
 * Clusters of related activities and their strength in each region, by the US Cluster Mapping rules (qualifying,
 * significant, strong) and the European Cluster Observatory stars; or, with `summary`, one row per cluster.
 */
export function clustersReport(ry: RegionYear, o: ClustersOptions = {}): Report {
  const { res, labels } = ry;
  const A = res.table.activities.length;
  const { membership, names, notices } = clustering(ry, o);
  const all = [...ry.notices, ...notices];
  if (o.summary) {
    const score = scoreClustering(res.proximity, A, membership);
    all.push(`clustering: within ${score.within.toFixed(4)}, between ${score.between.toFixed(4)}, ratio ${score.ratio.toFixed(2)}; strongest 1%/5%/10% of pairs inside clusters: ${(100 * score.withinTop.top1).toFixed(1)}%/${(100 * score.withinTop.top5).toFixed(1)}%/${(100 * score.withinTop.top10).toFixed(1)}%`);
    const rows = names.map((name, c) => {
      const members = res.table.activities.filter((_, a) => membership[a] === c);
      return { cluster: c, name, size: members.length, members: members.map((m) => named(labels, m)).join('; ') };
    });
    return { columns: ['cluster', 'name', 'size', 'members'], rows, notices: all, meta: { year: ry.year, method: ry.side.definitions ? 'definitions' : (o.method ?? 'sized'), within: score.within, between: score.between } };
  }
  const estab = alignedEstablishments(ry);
  const yearCol = ry.data.hasYear ? { year: ry.year } : {};
  const rows = clusterStrength(res.table, membership, estab).map((s) => ({
    ...yearCol,
    region: s.region,
    cluster: s.cluster,
    name: names[s.cluster],
    employment: s.employment,
    ...(estab && { establishments: s.establishments }),
    lq: s.lq,
    focus: s.focus,
    qualifying: s.qualifying,
    significant: s.significant,
    strong: s.strong,
    stars: s.stars,
  }));
  return {
    columns: [...Object.keys(yearCol), 'region', 'cluster', 'name', 'employment', ...(estab ? ['establishments'] : []), 'lq', 'focus', 'qualifying', 'significant', 'strong', 'stars'],
    rows,
    notices: all,
    meta: { year: ry.year, method: ry.side.definitions ? 'definitions' : (o.method ?? 'sized'), clusters: names.length },
  };
}
