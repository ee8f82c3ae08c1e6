/**
 * The one graph model of the knowledge-network engine: an undirected weighted graph in compressed sparse
 * rows (CSR). Node i's neighbours are `targets[offsets[i] .. offsets[i+1])`, sorted, with their edge
 * weights in `weights`; every edge is stored from both ends. No self-loops and no parallel edges.
 * Nodes keep the identifiers they were read with (`ids`), in order of first appearance.
 */
import { interner } from './labels.js';

export interface Graph {
  readonly n: number;
  /** Number of undirected edges. */
  readonly m: number;
  readonly ids: readonly string[];
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;
}

export interface EdgeInput {
  source: string;
  target: string;
  weight?: number;
}

/** What building a graph left out, so readers can report it. */
export interface BuildNotes {
  selfLoops: number;
  /** Edges given more than once (in either direction): the last weight given is kept, as NetworkX does. */
  repeated: number;
}

/**
 * Builds the graph from edges between named nodes. `nodes` (optional) fixes the order and includes
 * isolated nodes; other nodes are added in order of first appearance. Self-loops are dropped.
 */
export function graphFromEdges(edges: Iterable<EdgeInput>, nodes: Iterable<string> = []): { graph: Graph; notes: BuildNotes } {
  const { names: ids, id } = interner();
  for (const v of nodes) id(v);
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  let selfLoops = 0;
  for (const e of edges) {
    const a = id(e.source);
    const b = id(e.target);
    if (a === b) {
      selfLoops++;
      continue;
    }
    src.push(a);
    dst.push(b);
    w.push(e.weight ?? 1);
  }
  return fromIndexedEdges(ids, Int32Array.from(src), Int32Array.from(dst), Float64Array.from(w), selfLoops);
}

/** Builds the graph from edges between node indices 0..ids.length-1 (self-loops already removed or counted). */
export function fromIndexedEdges(ids: readonly string[], src: Int32Array, dst: Int32Array, w: Float64Array, selfLoops = 0): { graph: Graph; notes: BuildNotes } {
  const n = ids.length;
  const count = new Int32Array(n + 1);
  for (let k = 0; k < src.length; k++) {
    count[src[k] + 1]++;
    count[dst[k] + 1]++;
  }
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const fill = count.slice(0, n);
  const t = new Int32Array(count[n]);
  const order = new Int32Array(count[n]); // edge index of each half-edge, to keep the last weight
  for (let k = 0; k < src.length; k++) {
    t[fill[src[k]]] = dst[k];
    order[fill[src[k]]++] = k;
    t[fill[dst[k]]] = src[k];
    order[fill[dst[k]]++] = k;
  }
  // sort each row by target, collapse repeats (keeping the weight of the last edge given)
  const offsets = new Int32Array(n + 1);
  const targets = new Int32Array(t.length);
  const weights = new Float64Array(t.length);
  let out = 0;
  let repeatedHalves = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = out;
    const from = count[i];
    const to = count[i + 1];
    const row = Array.from({ length: to - from }, (_, k) => from + k).sort((x, y) => t[x] - t[y] || order[x] - order[y]);
    for (const h of row) {
      if (out > offsets[i] && targets[out - 1] === t[h]) {
        weights[out - 1] = w[order[h]];
        repeatedHalves++;
      } else {
        targets[out] = t[h];
        weights[out++] = w[order[h]];
      }
    }
  }
  offsets[n] = out;
  const graph: Graph = { n, m: out / 2, ids, offsets, targets: targets.slice(0, out), weights: weights.slice(0, out) };
  return { graph, notes: { selfLoops, repeated: repeatedHalves / 2 } };
}

export function degree(g: Graph, i: number): number {
  return g.offsets[i + 1] - g.offsets[i];
}

/** Sum of edge weights at each node. */
export function strengths(g: Graph): Float64Array {
  const s = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) s[i] += g.weights[k];
  return s;
}

export function degrees(g: Graph): Int32Array {
  const d = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) d[i] = g.offsets[i + 1] - g.offsets[i];
  return d;
}

/** Total edge weight (each undirected edge once). */
export function totalWeight(g: Graph): number {
  let s = 0;
  for (let k = 0; k < g.weights.length; k++) s += g.weights[k];
  return s / 2;
}

/** Whether every edge weighs 1. */
export function isUnweighted(g: Graph): boolean {
  return g.weights.every((x) => x === 1);
}

/** The subgraph on the nodes where `keep` is true (their order kept). */
export function inducedSubgraph(g: Graph, keep: ArrayLike<boolean>): Graph {
  const map = new Int32Array(g.n).fill(-1);
  const ids: string[] = [];
  for (let i = 0; i < g.n; i++) if (keep[i]) map[i] = ids.push(g.ids[i]) - 1;
  const offsets = new Int32Array(ids.length + 1);
  const targets: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < g.n; i++) {
    if (map[i] < 0) continue;
    for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) {
      const j = map[g.targets[k]];
      if (j >= 0) {
        targets.push(j);
        weights.push(g.weights[k]);
      }
    }
    offsets[map[i] + 1] = targets.length;
  }
  return { n: ids.length, m: targets.length / 2, ids, offsets, targets: Int32Array.from(targets), weights: Float64Array.from(weights) };
}

/** The graph of a dense symmetric n × n matrix (entries ≤ 0 and the diagonal ignored), nodes named 0..n−1. */
export function graphFromMatrix(matrix: ArrayLike<number>, n: number): Graph {
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = matrix[i * n + j];
      if (v > 0) {
        src.push(i);
        dst.push(j);
        w.push(v);
      }
    }
  }
  return fromIndexedEdges(Array.from({ length: n }, (_, i) => String(i)), Int32Array.from(src), Int32Array.from(dst), Float64Array.from(w)).graph;
}

/** The graph without its ties lighter than `min` (every node kept). */
export function withMinWeight(g: Graph, min: number): Graph {
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < g.n; i++)
    for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++)
      if (g.targets[k] > i && g.weights[k] >= min) {
        src.push(i);
        dst.push(g.targets[k]);
        w.push(g.weights[k]);
      }
  return fromIndexedEdges(g.ids, Int32Array.from(src), Int32Array.from(dst), Float64Array.from(w)).graph;
}

/**
 * The graph with each tie's weight w turned into a length 1/w, for shortest paths where a stronger tie is a shorter
 * one (Newman 2001; Opsahl, Agneessens & Skvoretz 2010 with α = 1; igraph and NetworkX take weights as lengths).
 */
export function inverseWeights(g: Graph): Graph {
  return { ...g, weights: g.weights.map((w) => 1 / w) };
}
