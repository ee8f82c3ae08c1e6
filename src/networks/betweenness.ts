import type { Graph } from './graph.js';
import { xorshift32 } from '../linalg/random.js';

/**
 * Betweenness centrality, Brandes (2001), "A faster algorithm for betweenness centrality":
 * c_B(v) = Σ_{s≠v≠t} σ_st(v) / σ_st, accumulated per source s by the dependency recursion
 * δ_s(v) = Σ_{w: v ∈ pred_s(w)} σ_sv / σ_sw · (1 + δ_s(w)).
 *
 * Normalised as NetworkX's betweenness_centrality(normalized=True) on an undirected graph: the sum over
 * all sources (each pair counted from both ends) times 1 / ((n−1)(n−2)). Unnormalised: the sum halved.
 * Unweighted: breadth-first search; weighted: Dijkstra with edge weights as lengths, equal lengths
 * compared exactly, as NetworkX does.
 */
export interface BetweennessOptions {
  /** Edge weights as lengths (default false: every edge has length 1). */
  weighted?: boolean;
  normalized?: boolean;
}

/** Each source's total distance to the nodes it reaches, and how many it reaches (itself included). */
export interface Paths {
  total: Float64Array;
  reached: Int32Array;
}

/**
 * Dependencies δ_s summed over the sources `sources[from..to)`, into `into` (length n); with `paths`, also
 * each source's distance total and reach, which closeness needs (one search serving both).
 */
export function accumulateDependencies(g: Graph, sources: ArrayLike<number>, from: number, to: number, weighted: boolean, into: Float64Array, paths?: Paths): Float64Array {
  const state = newState(g, weighted);
  for (let k = from; k < to; k++) {
    const s = sources[k];
    const count = weighted ? dijkstra(g, s, state) : bfs(g, s, state);
    accumulate(g, s, count, weighted, state, into, paths);
  }
  return into;
}

export function betweenness(g: Graph, options: BetweennessOptions = {}): Float64Array {
  const all = Int32Array.from({ length: g.n }, (_, i) => i);
  const bc = accumulateDependencies(g, all, 0, g.n, options.weighted ?? false, new Float64Array(g.n));
  return rescale(bc, g.n, options.normalized ?? true, 1);
}

/**
 * Estimated betweenness from `k` sources drawn uniformly without replacement (Brandes & Pich 2007), scaled
 * by n/k, as NetworkX's betweenness_centrality(k=…). Each normalised value is within ε of the exact one
 * with probability ≥ 1 − δ for all nodes at once when k ≥ (n/(n−1))² ln(2n/δ) / (2ε²) (Hoeffding's
 * inequality, each source's normalised contribution lying in [0, n/(n−1)], and a union bound over the n
 * nodes); see `samplesFor`.
 */
export function sampledBetweenness(g: Graph, k: number, options: BetweennessOptions & { seed?: number } = {}): Float64Array {
  const sources = sampleSources(g.n, k, options.seed ?? 1);
  const bc = accumulateDependencies(g, sources, 0, sources.length, options.weighted ?? false, new Float64Array(g.n));
  return rescale(bc, g.n, options.normalized ?? true, g.n / sources.length);
}

/** Sources for the sampled estimate needed for error ≤ ε with probability ≥ 1 − δ (see sampledBetweenness). */
export function samplesFor(n: number, epsilon: number, delta: number): number {
  const range = n / Math.max(1, n - 1);
  return Math.min(n, Math.ceil((range * range * Math.log((2 * n) / delta)) / (2 * epsilon * epsilon)));
}

export function sampleSources(n: number, k: number, seed: number): Int32Array {
  const count = Math.max(1, Math.min(n, Math.floor(k)));
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const random = xorshift32(seed);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm.slice(0, count);
}

/** NetworkX's _rescale for undirected graphs (endpoints excluded), with an extra factor for sampling. */
export function rescale(bc: Float64Array, n: number, normalized: boolean, factor: number): Float64Array {
  const scale = normalized ? (n <= 2 ? 0 : 1 / ((n - 1) * (n - 2))) : 0.5;
  if (n <= 2 && normalized) return bc.fill(0);
  for (let i = 0; i < n; i++) bc[i] *= scale * factor;
  return bc;
}

/**
 * Per-node search state. Unweighted searches keep hop distances in an Int32Array (`hops`, −1 unseen: 4 bytes a
 * node, so the test every edge makes stays in cache) and a node's path count and dependency side by side in
 * `sd` ([2v] = σ, [2v+1] = δ), read together in the backward pass. Weighted searches keep distances in `dist`.
 */
interface State {
  hops: Int32Array;
  dist: Float64Array;
  sd: Float64Array;
  order: Int32Array;
  heap: Int32Array;
  heapPos: Int32Array;
  /** Unweighted search: the successors (as 2w) of the i-th node reached are succ[succAt[i] .. succAt[i+1]). */
  succ: Int32Array;
  succAt: Int32Array;
}

function newState(g: Graph, weighted: boolean): State {
  const n = g.n;
  return {
    hops: new Int32Array(n).fill(-1),
    dist: weighted ? new Float64Array(n).fill(-1) : new Float64Array(0),
    sd: new Float64Array(2 * n),
    order: new Int32Array(n),
    heap: new Int32Array(weighted ? n : 0),
    heapPos: new Int32Array(weighted ? n : 0).fill(-1),
    succ: new Int32Array(weighted ? 0 : g.targets.length),
    succAt: new Int32Array(weighted ? 0 : n + 1),
  };
}

/**
 * Breadth-first search from s: distances, path counts, the nodes in order of distance, and each node's
 * successors on shortest paths (so that the backward pass reads only those, not every neighbour).
 */
function bfs(g: Graph, s: number, st: State): number {
  const { hops, sd, order, succ, succAt } = st;
  const { offsets, targets } = g;
  hops[s] = 0;
  sd[2 * s] = 1;
  order[0] = s;
  let head = 0;
  let tail = 1;
  let p = 0;
  while (head < tail) {
    succAt[head] = p;
    const v = order[head++];
    const dv = hops[v] + 1;
    const sv = sd[2 * v];
    for (let k = offsets[v], end = offsets[v + 1]; k < end; k++) {
      const w = targets[k];
      const dw = hops[w];
      if (dw < 0) {
        hops[w] = dv;
        sd[2 * w] = sv;
        order[tail++] = w;
        succ[p++] = 2 * w;
      } else if (dw === dv) {
        sd[2 * w] += sv;
        succ[p++] = 2 * w;
      }
    }
  }
  succAt[head] = p;
  return tail;
}

/** Dijkstra from s with a binary heap: the same outputs as bfs, nodes in order of settling. */
function dijkstra(g: Graph, s: number, st: State): number {
  const { dist, sd, order, heap, heapPos } = st;
  const { offsets, targets, weights } = g;
  let size = 0;
  const up = (i: number) => {
    const x = heap[i];
    const d = dist[x];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (dist[heap[p]] <= d) break;
      heap[i] = heap[p];
      heapPos[heap[i]] = i;
      i = p;
    }
    heap[i] = x;
    heapPos[x] = i;
  };
  const down = (i: number) => {
    const x = heap[i];
    const d = dist[x];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && dist[heap[c + 1]] < dist[heap[c]]) c++;
      if (dist[heap[c]] >= d) break;
      heap[i] = heap[c];
      heapPos[heap[i]] = i;
      i = c;
    }
    heap[i] = x;
    heapPos[x] = i;
  };
  // settled nodes have heapPos −2; queued ≥ 0; unseen −1 (distance −1)
  dist[s] = 0;
  sd[2 * s] = 1;
  heap[size++] = s;
  heapPos[s] = 0;
  let count = 0;
  while (size > 0) {
    const v = heap[0];
    heapPos[v] = -2;
    const last = heap[--size];
    if (size > 0) {
      heap[0] = last;
      heapPos[last] = 0;
      down(0);
    }
    order[count++] = v;
    const dv = dist[v];
    const sv = sd[2 * v];
    for (let k = offsets[v], end = offsets[v + 1]; k < end; k++) {
      const w = targets[k];
      if (heapPos[w] === -2) continue;
      const alt = dv + weights[k];
      const dw = dist[w];
      if (dw < 0 || alt < dw) {
        dist[w] = alt;
        sd[2 * w] = sv;
        if (heapPos[w] < 0) {
          heap[size] = w;
          heapPos[w] = size++;
        }
        up(heapPos[w]);
      } else if (alt === dw) sd[2 * w] += sv;
    }
  }
  return count;
}

/**
 * Back-propagates dependencies in reverse order of distance, adds them to `into`, records the source's
 * distance total and reach in `paths` (for closeness), and resets the state.
 */
function accumulate(g: Graph, s: number, count: number, weighted: boolean, st: State, into: Float64Array, paths?: Paths): void {
  const { hops, dist, sd, order, heapPos } = st;
  const { offsets, targets, weights } = g;
  let total = 0;
  if (weighted) {
    for (let i = count - 1; i >= 0; i--) {
      const v = order[i];
      const dv = dist[v];
      total += dv;
      const sv = sd[2 * v];
      let d = 0;
      // successors of v on shortest paths from s: neighbours w with dist[w] = dist[v] + length(v, w)
      for (let k = offsets[v], end = offsets[v + 1]; k < end; k++) {
        const w = targets[k];
        if (dist[w] === dv + weights[k]) d += (sv / sd[2 * w]) * (1 + sd[2 * w + 1]);
      }
      sd[2 * v + 1] = d;
      if (v !== s) into[v] += d;
    }
  } else {
    const { succ, succAt } = st;
    for (let i = count - 1; i >= 0; i--) {
      const v = order[i];
      total += hops[v];
      const sv = sd[2 * v];
      let d = 0;
      for (let j = succAt[i], end = succAt[i + 1]; j < end; j++) {
        const w2 = succ[j];
        d += (sv / sd[w2]) * (1 + sd[w2 + 1]);
      }
      sd[2 * v + 1] = d;
      if (v !== s) into[v] += d;
    }
  }
  if (paths) {
    paths.total[s] = total;
    paths.reached[s] = count;
  }
  for (let i = 0; i < count; i++) {
    const v = order[i];
    hops[v] = -1;
    sd[2 * v] = 0;
    sd[2 * v + 1] = 0;
    if (weighted) {
      dist[v] = -1;
      heapPos[v] = -1;
    }
  }
}
