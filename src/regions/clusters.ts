import { louvain } from '../networks/communities.js';
import { graphFromMatrix } from '../networks/graph.js';
import { quantile } from '../linalg/stats.js';
import type { RegionActivity } from './table.js';

/** Symmetric version (φ + φᵀ)/2 of a relatedness matrix. */
export function symmetrise(phi: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = (phi[i * n + j] + phi[j * n + i]) / 2;
  return out;
}

/** Clusters of related activities by Louvain communities on the relatedness network. */
export function clusterByCommunities(phi: Float64Array, n: number, resolution = 1): Int32Array {
  return louvain(graphFromMatrix(symmetrise(phi, n), n), { resolution }).membership;
}

/** The k nearest neighbours of each activity in a symmetric relatedness matrix, kept both ways (a union). */
export function nearestNeighbours(sym: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n * n);
  const idx = Array.from({ length: n }, (_, j) => j);
  for (let i = 0; i < n; i++) {
    const row = idx.filter((j) => j !== i && sym[i * n + j] > 0).sort((a, b) => sym[i * n + b] - sym[i * n + a] || a - b);
    for (const j of row.slice(0, k)) out[i * n + j] = out[j * n + i] = sym[i * n + j];
  }
  return out;
}

export interface SizedClusters {
  membership: Int32Array;
  /** The Louvain resolution the rule chose. */
  resolution: number;
  count: number;
  largest: number;
  /** Whether the size rule was met (else the most even clustering tried is returned). */
  met: boolean;
}

/**
 * Clusters of interpretable size: Louvain (Blondel et al. 2008) on the graph of each activity's k most related
 * activities (k = 10 by default), with the resolution raised from 1 in steps of 0.25 (up to 5) until there are
 * at least `minClusters` clusters (default min(10, ⌊n/8⌋), at least 2) and none holds more than `maxShare` of
 * the activities (default a quarter). On a dense relatedness matrix modularity splits activities by their
 * ubiquity (the big-city and small-town halves); the neighbour graph keeps the links that define clusters.
 * Fed with co-location relatedness (the correlation of RCA across regions, Delgado, Porter & Stern 2016).
 */
export function clusterBySize(sym: Float64Array, n: number, options: { k?: number; maxShare?: number; minClusters?: number } = {}): SizedClusters {
  const k = options.k ?? 10;
  const maxShare = options.maxShare ?? 0.25;
  const minClusters = options.minClusters ?? Math.max(2, Math.min(10, Math.floor(n / 8)));
  const graph = graphFromMatrix(nearestNeighbours(sym, n, k), n);
  let best: SizedClusters | undefined;
  for (let resolution = 1; resolution <= 5 + 1e-9; resolution += 0.25) {
    const membership = louvain(graph, { resolution }).membership;
    const sizes = new Map<number, number>();
    for (const c of membership) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    const largest = Math.max(...sizes.values());
    const met = sizes.size >= minClusters && largest <= maxShare * n;
    const found = { membership, resolution, count: sizes.size, largest, met };
    if (met) return found;
    if (!best || largest < best.largest) best = found;
  }
  return best!;
}

/**
 * Agglomerative clustering with average linkage (UPGMA) on the distance 1 − φ, cut at k clusters.
 * O(n³) in the simplest form, fine for a few thousand activities at most.
 */
export function clusterHierarchical(phi: Float64Array, n: number, k: number): Int32Array {
  const sym = symmetrise(phi, n);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  // similarity between clusters = mean φ over member pairs; merging maximises it (= minimises 1 − φ)
  const sim = new Float64Array(n * n);
  sim.set(sym);
  const alive = new Uint8Array(n).fill(1);
  let count = n;
  while (count > Math.max(1, k)) {
    let bi = -1;
    let bj = -1;
    let best = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (alive[j] && sim[i * n + j] > best) {
          best = sim[i * n + j];
          bi = i;
          bj = j;
        }
      }
    }
    const ni = members[bi].length;
    const nj = members[bj].length;
    for (let x = 0; x < n; x++) {
      if (!alive[x] || x === bi || x === bj) continue;
      const v = (sim[bi * n + x] * ni + sim[bj * n + x] * nj) / (ni + nj);
      sim[bi * n + x] = v;
      sim[x * n + bi] = v;
    }
    members[bi] = members[bi].concat(members[bj]);
    members[bj] = [];
    alive[bj] = 0;
    count--;
  }
  const out = new Int32Array(n);
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (!alive[i]) continue;
    for (const m of members[i]) out[m] = c;
    c++;
  }
  // renumber by first member order
  const renumber = new Map<number, number>();
  return out.map((v) => {
    if (!renumber.has(v)) renumber.set(v, renumber.size);
    return renumber.get(v)!;
  });
}

export interface ClusteringScore {
  /** Mean relatedness over pairs in the same cluster. */
  within: number;
  /** Mean relatedness over pairs in different clusters. */
  between: number;
  /** within / between. */
  ratio: number;
  /**
   * Share of the strongest pairs (top 1%, 5%, 10% by relatedness) that fall inside a cluster:
   * Delgado, Porter & Stern's (2016) "within-cluster relatedness" validation scores.
   */
  withinTop: { top1: number; top5: number; top10: number };
}

/** Scores a clustering by within- vs between-cluster relatedness (Delgado, Porter & Stern 2016). */
export function scoreClustering(phi: Float64Array, n: number, membership: ArrayLike<number>): ClusteringScore {
  const sym = symmetrise(phi, n);
  let sw = 0;
  let nw = 0;
  let sb = 0;
  let nb = 0;
  const pairs: Array<{ v: number; within: boolean }> = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = sym[i * n + j];
      const within = membership[i] === membership[j];
      if (within) {
        sw += v;
        nw++;
      } else {
        sb += v;
        nb++;
      }
      pairs.push({ v, within });
    }
  }
  pairs.sort((a, b) => b.v - a.v);
  const top = (share: number) => {
    const m = Math.max(1, Math.round(pairs.length * share));
    let w = 0;
    for (let i = 0; i < m && i < pairs.length; i++) if (pairs[i].within) w++;
    return w / Math.min(m, pairs.length);
  };
  const within = nw > 0 ? sw / nw : NaN;
  const between = nb > 0 ? sb / nb : NaN;
  return { within, between, ratio: within / between, withinTop: { top1: top(0.01), top5: top(0.05), top10: top(0.1) } };
}

export interface ClusterStrength {
  region: string;
  cluster: number;
  employment: number;
  establishments: number;
  lq: number;
  /** Share of the region's total in this cluster. */
  focus: number;
  qualifying: boolean;
  significant: boolean;
  strong: boolean;
  /** European Cluster Observatory stars, 0–3, and which were earned. */
  stars: number;
  starSize: boolean;
  starSpecialisation: boolean;
  starFocus: boolean;
}

export interface ClusterMappingFlags {
  qualifying: boolean;
  significant: boolean;
  strong: boolean;
}

/**
 * US Cluster Mapping strength of one cluster in each region (Delgado, Porter & Stern 2014;
 * clustermapping.us methodology), with percentiles (type 7) over the regions where the cluster is
 * present (employment > 0):
 *   qualifying: LQ > P25, employment > P25 and (when establishments are given) establishments > P25;
 *   significant: qualifying and LQ > P50;   strong: qualifying, LQ ≥ P75 and LQ ≥ 1.
 * Reproduces every published flag of the 50 states × 51 traded clusters of 2016 (test/regions).
 */
export function clusterMappingFlags(
  employment: ArrayLike<number>,
  lq: ArrayLike<number>,
  establishments?: ArrayLike<number>,
): ClusterMappingFlags[] {
  const present: number[] = [];
  for (let r = 0; r < employment.length; r++) if (employment[r] > 0) present.push(r);
  const cut = (x: ArrayLike<number>, p: number) => quantile(present.map((r) => x[r]), p);
  const lq25 = cut(lq, 0.25);
  const lq50 = cut(lq, 0.5);
  const lq75 = cut(lq, 0.75);
  const emp25 = cut(employment, 0.25);
  const est25 = establishments ? cut(establishments, 0.25) : -Infinity;
  return Array.from({ length: employment.length }, (_, r) => {
    const qualifying = employment[r] > 0 && lq[r] > lq25 && employment[r] > emp25 && (!establishments || establishments[r] > est25);
    return { qualifying, significant: qualifying && lq[r] > lq50, strong: qualifying && lq[r] >= lq75 && lq[r] >= 1 };
  });
}

/**
 * Cluster strength of each region under two published rule sets: US Cluster Mapping
 * (clusterMappingFlags) and the European Cluster Observatory stars (Ketels & Protsiv 2014), over all
 * region × cluster pairs:
 *   size: employment in the top 10%;  specialisation: LQ ≥ 2;  focus: share of regional employment in the top 10%.
 */
export function clusterStrength(
  employment: RegionActivity,
  membership: ArrayLike<number>,
  establishments?: RegionActivity,
): ClusterStrength[] {
  const R = employment.regions.length;
  const A = employment.activities.length;
  const k = Math.max(-1, ...Array.from(membership)) + 1;
  const emp = new Float64Array(R * k);
  const est = new Float64Array(R * k);
  const rTot = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    for (let a = 0; a < A; a++) {
      const c = membership[a];
      if (c < 0) continue;
      emp[r * k + c] += employment.values[r * A + a];
      if (establishments) est[r * k + c] += establishments.values[r * A + a];
      rTot[r] += employment.values[r * A + a];
    }
  }
  const cTot = new Float64Array(k);
  let total = 0;
  for (let r = 0; r < R; r++) for (let c = 0; c < k; c++) cTot[c] += emp[r * k + c];
  for (const v of cTot) total += v;
  const lq = new Float64Array(R * k);
  const focus = new Float64Array(R * k);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < k; c++) {
      focus[r * k + c] = rTot[r] > 0 ? emp[r * k + c] / rTot[r] : 0;
      lq[r * k + c] = cTot[c] > 0 ? focus[r * k + c] / (cTot[c] / total) : NaN;
    }
  }
  const sizeCut = quantile(emp, 0.9);
  const focusCut = quantile(focus, 0.9);
  const out: ClusterStrength[] = [];
  for (let c = 0; c < k; c++) {
    const column = (x: Float64Array) => Float64Array.from({ length: R }, (_, r) => x[r * k + c]);
    const flags = clusterMappingFlags(column(emp), column(lq), establishments ? column(est) : undefined);
    for (let r = 0; r < R; r++) {
      const i = r * k + c;
      const { qualifying, significant, strong } = flags[r];
      const starSize = emp[i] > 0 && emp[i] >= sizeCut;
      const starSpecialisation = lq[i] >= 2;
      const starFocus = focus[i] > 0 && focus[i] >= focusCut;
      out.push({
        region: employment.regions[r],
        cluster: c,
        employment: emp[i],
        establishments: est[i],
        lq: lq[i],
        focus: focus[i],
        qualifying,
        significant,
        strong,
        stars: Number(starSize) + Number(starSpecialisation) + Number(starFocus),
        starSize,
        starSpecialisation,
        starFocus,
      });
    }
  }
  return out;
}

/** Each activity's mean relatedness to the other members of its cluster (its centrality there; 0 alone). */
export function clusterCentrality(sym: Float64Array, n: number, membership: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    let s = 0;
    let k = 0;
    for (let b = 0; b < n; b++) {
      if (b === a || membership[b] !== membership[a] || membership[a] < 0) continue;
      s += sym[a * n + b];
      k++;
    }
    out[a] = k ? s / k : 0;
  }
  return out;
}

/**
 * Names a cluster by the labels of its most central members (clusterCentrality), e.g.
 * "Motor Vehicles; Automotive Parts; Metal Stamping (+12)".
 */
export function nameByMembers(members: readonly number[], activities: readonly string[], centrality: ArrayLike<number>, labels?: ReadonlyMap<string, string>, top = 3): string {
  const order = [...members].sort((a, b) => centrality[b] - centrality[a] || a - b);
  const names = order.slice(0, top).map((m) => labels?.get(activities[m]) || activities[m]);
  return `${names.join('; ')}${members.length > top ? ` (+${members.length - top})` : ''}`;
}

/**
 * Names a cluster by the most common group of its members in a hierarchy level (with its share),
 * falling back to the label of its most central member.
 */
export function nameCluster(
  members: readonly number[],
  activities: readonly string[],
  groupOf?: ReadonlyMap<string, string>,
  labels?: ReadonlyMap<string, string>,
): string {
  if (groupOf) {
    const counts = new Map<string, number>();
    for (const m of members) {
      const g = groupOf.get(activities[m]);
      if (g !== undefined) counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (best) return `${best[0]} (${best[1]}/${members.length})`;
  }
  const first = activities[members[0]];
  return labels?.get(first) ?? first;
}
