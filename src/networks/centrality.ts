import type { Graph } from './graph.js';
import { strengths } from './graph.js';

/** Hop distances from s (−1 where unreachable) by breadth-first search; returns how many were reached. */
export function bfsDistances(g: Graph, s: number, dist: Int32Array, queue: Int32Array): number {
  const { offsets, targets } = g;
  dist.fill(-1);
  dist[s] = 0;
  queue[0] = s;
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const v = queue[head++];
    const dw = dist[v] + 1;
    for (let k = offsets[v], end = offsets[v + 1]; k < end; k++) {
      const w = targets[k];
      if (dist[w] < 0) {
        dist[w] = dw;
        queue[tail++] = w;
      }
    }
  }
  return tail;
}

/**
 * Closeness (Bavelas 1950; Freeman 1979) with the Wasserman–Faust scaling for disconnected graphs, as
 * NetworkX's closeness_centrality(wf_improved=True), unweighted: with r nodes reachable from u (u
 * included) at total distance D, C(u) = ((r−1)/D) · ((r−1)/(n−1)); 0 when nothing is reachable.
 */
export function closeness(g: Graph, wfImproved = true): Float64Array {
  const total = new Float64Array(g.n);
  const reached = new Int32Array(g.n);
  const dist = new Int32Array(g.n);
  const queue = new Int32Array(g.n);
  for (let u = 0; u < g.n; u++) {
    reached[u] = bfsDistances(g, u, dist, queue);
    for (let i = 0; i < reached[u]; i++) total[u] += dist[queue[i]];
  }
  return closenessFromPaths(total, reached, wfImproved);
}

/** Closeness from each node's distance total and reach (itself included), e.g. from the betweenness search. */
export function closenessFromPaths(total: Float64Array, reached: Int32Array, wfImproved = true): Float64Array {
  const n = total.length;
  const out = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    if (total[u] > 0 && n > 1) {
      const c = (reached[u] - 1) / total[u];
      out[u] = wfImproved ? c * ((reached[u] - 1) / (n - 1)) : c;
    }
  }
  return out;
}

/** Harmonic centrality (Marchiori & Latora 2000), as NetworkX's harmonic_centrality: H(u) = Σ_{v≠u} 1/d(u,v). */
export function harmonic(g: Graph): Float64Array {
  const out = new Float64Array(g.n);
  const dist = new Int32Array(g.n);
  const queue = new Int32Array(g.n);
  for (let u = 0; u < g.n; u++) {
    const reached = bfsDistances(g, u, dist, queue);
    let h = 0;
    for (let i = 1; i < reached; i++) h += 1 / dist[queue[i]];
    out[u] = h;
  }
  return out;
}

export interface PageRankOptions {
  alpha?: number;
  maxIter?: number;
  tol?: number;
  /** Use edge weights (default true, as NetworkX's weight='weight'). */
  weighted?: boolean;
}

/** NetworkX's pagerank tolerance: `tol: NETWORKX_PAGERANK_TOL` stops where NetworkX stops, and gives its numbers. */
export const NETWORKX_PAGERANK_TOL = 1e-6;

/**
 * PageRank (Brin & Page 1998) by power iteration as NetworkX's pagerank (its SciPy version):
 * x ← α (xᵀ P + (Σ_dangling x) / n) + (1 − α)/n with P row-normalised by strength, from x = 1/n, until
 * ‖x − x_last‖₁ < n · tol. By default it runs to convergence (tol = 1e-15, at most 1,000 iterations: the error
 * shrinks by α each step), so it gives the stationary distribution igraph's PRPACK solves for exactly;
 * NetworkX stops at tol = 1e-6 (NETWORKX_PAGERANK_TOL), up to 4% away from it on graphs with many components.
 */
export function pagerank(g: Graph, options: PageRankOptions = {}): Float64Array {
  const alpha = options.alpha ?? 0.85;
  const maxIter = options.maxIter ?? 1000;
  const tol = options.tol ?? 1e-15;
  const n = g.n;
  if (n === 0) return new Float64Array(0);
  const weighted = options.weighted ?? true;
  const s = weighted ? strengths(g) : Float64Array.from({ length: n }, (_, i) => g.offsets[i + 1] - g.offsets[i]);
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  const share = new Float64Array(n);
  let lastErr = Infinity;
  for (let iter = 0; iter < maxIter; iter++) {
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      if (s[i] === 0) dangling += x[i];
      share[i] = s[i] === 0 ? 0 : x[i] / s[i];
    }
    // (xᵀ P)_j = Σ_i x_i w_ij / s_i; the graph is undirected, so sum over j's neighbours
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = g.offsets[j]; k < g.offsets[j + 1]; k++) sum += share[g.targets[k]] * (weighted ? g.weights[k] : 1);
      next[j] = alpha * (sum + dangling / n) + (1 - alpha) / n;
    }
    let err = 0;
    for (let i = 0; i < n; i++) err += Math.abs(next[i] - x[i]);
    [x, next] = [next, x];
    // at the default tolerance rounding may keep err just above n · tol: a step that no longer shrinks it has converged
    if (err < n * tol || (options.tol === undefined && err < 1e-13 && err >= lastErr)) return x;
    lastErr = err;
  }
  throw new Error(`PageRank did not converge in ${maxIter} iterations`);
}

/**
 * Eigenvector centrality (Bonacich 1972) as NetworkX's eigenvector_centrality: power iteration on A + I from
 * a uniform start, normalised to unit Euclidean length, until ‖x − x_last‖₁ < n · tol; unweighted unless
 * asked (NetworkX's default weight=None).
 */
export function eigenvector(g: Graph, options: { maxIter?: number; tol?: number; weighted?: boolean } = {}): Float64Array {
  const n = g.n;
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-6;
  const weighted = options.weighted ?? false;
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iter = 0; iter < maxIter; iter++) {
    for (let j = 0; j < n; j++) {
      let sum = x[j];
      for (let k = g.offsets[j]; k < g.offsets[j + 1]; k++) sum += x[g.targets[k]] * (weighted ? g.weights[k] : 1);
      next[j] = sum;
    }
    let norm = 0;
    for (let j = 0; j < n; j++) norm += next[j] * next[j];
    norm = Math.sqrt(norm) || 1;
    let err = 0;
    for (let j = 0; j < n; j++) {
      next[j] /= norm;
      err += Math.abs(next[j] - x[j]);
    }
    [x, next] = [next, x];
    if (err < n * tol) return x;
  }
  throw new Error(`eigenvector centrality did not converge in ${maxIter} iterations`);
}
