import type { Graph } from './graph.js';
import { groupLabels } from './labels.js';

/**
 * Ties across the boundaries of any actor attribute (region, organisation, discipline, country…), every
 * count weighted by edge weight when `weighted` (default: each tie counts 1).
 *
 * E–I index (Krackhardt & Stern 1988): (E − I) / (E + I) with E the external ties (to another group) and
 * I the internal ones; −1 all inside, +1 all across. Per actor (its own ties), per group (the ties of its
 * members, a tie inside the group counted once from each end as UCINET does) and for the network (each tie
 * once).
 */
export interface Boundaries {
  /** Share of ties (or tie weight) that cross a group boundary. */
  crossShare: number;
  networkEI: number;
  actorEI: Float64Array;
  groups: { label: string; size: number; internal: number; external: number; ei: number }[];
  /** mixing[a][b]: ties (weight) between group a and group b, each tie once, symmetric; diagonal = inside. */
  mixing: number[][];
  /** Attribute assortativity (Newman 2003), as NetworkX's attribute_assortativity_coefficient. */
  assortativity: number;
}

export function boundaries(g: Graph, group: readonly string[], options: { weighted?: boolean } = {}): Boundaries {
  const { group: cl, labels, sizes: size } = groupLabels(group);
  const k = labels.length;
  const mixing = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const actorEI = new Float64Array(g.n);
  const internal = new Array<number>(k).fill(0);
  const external = new Array<number>(k).fill(0);
  let inside = 0;
  let across = 0;
  for (let i = 0; i < g.n; i++) {
    let e = 0;
    let int = 0;
    for (let h = g.offsets[i]; h < g.offsets[i + 1]; h++) {
      const j = g.targets[h];
      const w = options.weighted ? g.weights[h] : 1;
      if (cl[j] === cl[i]) int += w;
      else e += w;
      if (j > i) {
        if (cl[i] === cl[j]) {
          inside += w;
          mixing[cl[i]][cl[i]] += w;
        } else {
          across += w;
          mixing[cl[i]][cl[j]] += w;
          mixing[cl[j]][cl[i]] += w;
        }
      }
    }
    actorEI[i] = e + int > 0 ? (e - int) / (e + int) : NaN;
    internal[cl[i]] += int;
    external[cl[i]] += e;
  }
  return {
    crossShare: inside + across > 0 ? across / (inside + across) : NaN,
    networkEI: inside + across > 0 ? (across - inside) / (across + inside) : NaN,
    actorEI,
    groups: labels.map((label, c) => ({ label, size: size[c], internal: internal[c], external: external[c], ei: internal[c] + external[c] > 0 ? (external[c] - internal[c]) / (external[c] + internal[c]) : NaN })),
    mixing,
    assortativity: assortativity(mixing),
  };
}

/**
 * Newman's (2003) assortativity r = (Σ_i e_ii − Σ_i a_i b_i) / (1 − Σ_i a_i b_i) of the mixing matrix
 * normalised to sum 1, each undirected tie counted in both directions (as NetworkX does).
 */
export function assortativity(mixing: number[][]): number {
  const k = mixing.length;
  let total = 0;
  const e = mixing.map((row, a) => row.map((x, b) => (a === b ? 2 * x : x)));
  for (const row of e) for (const x of row) total += x;
  if (total === 0) return NaN;
  let trace = 0;
  let ab = 0;
  for (let a = 0; a < k; a++) {
    trace += e[a][a] / total;
    let rowSum = 0;
    let colSum = 0;
    for (let b = 0; b < k; b++) {
      rowSum += e[a][b] / total;
      colSum += e[b][a] / total;
    }
    ab += rowSum * colSum;
  }
  return ab === 1 ? NaN : (trace - ab) / (1 - ab);
}

/**
 * Participation coefficient (Guimerà & Amaral 2005) of each node across communities:
 * P_i = 1 − Σ_s (k_is / k_i)², with k_is the node's ties (weight) into community s; 0 for isolated nodes.
 */
export function participation(g: Graph, community: ArrayLike<number>, options: { weighted?: boolean } = {}): Float64Array {
  const out = new Float64Array(g.n);
  const into = new Map<number, number>();
  for (let i = 0; i < g.n; i++) {
    into.clear();
    let k = 0;
    for (let h = g.offsets[i]; h < g.offsets[i + 1]; h++) {
      const w = options.weighted ? g.weights[h] : 1;
      const c = community[g.targets[h]];
      into.set(c, (into.get(c) ?? 0) + w);
      k += w;
    }
    if (k === 0) continue;
    let s = 0;
    for (const x of into.values()) s += (x / k) ** 2;
    out[i] = 1 - s;
  }
  return out;
}
