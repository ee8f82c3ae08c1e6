/**
 * Community detection on weighted undirected graphs.
 * Louvain method (Blondel, Guillaume, Lambiotte & Lefebvre 2008) with a resolution parameter γ
 * (Reichardt & Bornholdt 2006): maximises Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j / (2m)] δ(c_i, c_j).
 * Nodes are visited in index order, so results are deterministic.
 */

/** Undirected weighted graph as adjacency lists; each edge is listed from both ends. */
export interface WeightedGraph {
  readonly n: number;
  readonly neighbours: readonly Int32Array[];
  readonly weights: readonly Float64Array[];
}

/** Builds a graph from a dense symmetric n × n matrix (entries ≤ 0 and the diagonal are ignored). */
export function graphFromMatrix(matrix: ArrayLike<number>, n: number): WeightedGraph {
  const neighbours: Int32Array[] = [];
  const weights: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const nb: number[] = [];
    const w: number[] = [];
    for (let j = 0; j < n; j++) {
      const v = matrix[i * n + j];
      if (i !== j && v > 0) {
        nb.push(j);
        w.push(v);
      }
    }
    neighbours.push(Int32Array.from(nb));
    weights.push(Float64Array.from(w));
  }
  return { n, neighbours, weights };
}

/** Modularity of a partition, with resolution γ. */
export function modularity(g: WeightedGraph, membership: ArrayLike<number>, resolution = 1): number {
  let twoM = 0;
  const strength = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) {
    for (const w of g.weights[i]) strength[i] += w;
    twoM += strength[i];
  }
  if (twoM === 0) return 0;
  let internal = 0;
  const tot = new Map<number, number>();
  for (let i = 0; i < g.n; i++) {
    tot.set(membership[i], (tot.get(membership[i]) ?? 0) + strength[i]);
    const nb = g.neighbours[i];
    for (let k = 0; k < nb.length; k++) if (membership[nb[k]] === membership[i]) internal += g.weights[i][k];
  }
  let expected = 0;
  for (const t of tot.values()) expected += t * t;
  return internal / twoM - (resolution * expected) / (twoM * twoM);
}

/** One pass of local moves; returns the community of each node (renumbered 0..k−1) and whether anything moved. */
function localMoves(g: WeightedGraph, resolution: number): { community: Int32Array; moved: boolean } {
  const n = g.n;
  const community = Int32Array.from({ length: n }, (_, i) => i);
  const strength = new Float64Array(n);
  let twoM = 0;
  for (let i = 0; i < n; i++) {
    for (const w of g.weights[i]) strength[i] += w;
    twoM += strength[i];
  }
  const tot = Float64Array.from(strength);
  const linkTo = new Float64Array(n);
  const touched: number[] = [];
  let moved = false;
  let improved = true;
  let sweeps = 0;
  while (improved && sweeps++ < 100) {
    improved = false;
    for (let i = 0; i < n; i++) {
      const ci = community[i];
      const nb = g.neighbours[i];
      const w = g.weights[i];
      for (let k = 0; k < nb.length; k++) {
        if (nb[k] === i) continue; // a self-loop moves with the node
        const c = community[nb[k]];
        if (linkTo[c] === 0) touched.push(c);
        linkTo[c] += w[k];
      }
      tot[ci] -= strength[i];
      let best = ci;
      let bestGain = linkTo[ci] - (resolution * tot[ci] * strength[i]) / twoM;
      for (const c of touched) {
        const gain = linkTo[c] - (resolution * tot[c] * strength[i]) / twoM;
        if (gain > bestGain + 1e-12) {
          bestGain = gain;
          best = c;
        }
      }
      tot[best] += strength[i];
      if (best !== ci) {
        community[i] = best;
        improved = true;
        moved = true;
      }
      for (const c of touched) linkTo[c] = 0;
      linkTo[ci] = 0;
      touched.length = 0;
    }
  }
  const renumber = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (!renumber.has(community[i])) renumber.set(community[i], renumber.size);
    community[i] = renumber.get(community[i])!;
  }
  return { community, moved };
}

function aggregate(g: WeightedGraph, community: Int32Array): WeightedGraph {
  const k = Math.max(-1, ...community) + 1;
  const maps: Map<number, number>[] = Array.from({ length: k }, () => new Map());
  for (let i = 0; i < g.n; i++) {
    const ci = community[i];
    const nb = g.neighbours[i];
    for (let e = 0; e < nb.length; e++) {
      const cj = community[nb[e]];
      maps[ci].set(cj, (maps[ci].get(cj) ?? 0) + g.weights[i][e]);
    }
  }
  return {
    n: k,
    neighbours: maps.map((m) => Int32Array.from(m.keys())),
    weights: maps.map((m) => Float64Array.from(m.values())),
  };
}

export interface Partition {
  /** Community of each node, numbered 0..k−1 by first appearance. */
  membership: Int32Array;
  count: number;
  modularity: number;
}

/**
 * Louvain communities. Self-loops created by aggregation carry the internal weight, so the
 * modularity gain of later levels is computed on the aggregated graph exactly.
 */
export function louvain(g: WeightedGraph, resolution = 1): Partition {
  let membership = Int32Array.from({ length: g.n }, (_, i) => i);
  let level = g;
  for (let depth = 0; depth < 50; depth++) {
    const { community, moved } = localMoves(level, resolution);
    if (!moved) break;
    membership = membership.map((c) => community[c]);
    level = aggregate(level, community);
  }
  const renumber = new Map<number, number>();
  membership = membership.map((c) => {
    if (!renumber.has(c)) renumber.set(c, renumber.size);
    return renumber.get(c)!;
  });
  return { membership, count: renumber.size, modularity: modularity(g, membership, resolution) };
}
