/**
 * Community detection on weighted undirected graphs: Louvain (Blondel, Guillaume, Lambiotte & Lefebvre 2008)
 * and Leiden (Traag, Waltman & van Eck 2019), each for two objectives:
 * - modularity with resolution γ (Newman & Girvan 2004; Reichardt & Bornholdt 2006):
 *   Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j / (2m)] δ(c_i, c_j);
 * - the Constant Potts Model (Traag, Van Dooren & Nesterov 2011): H = Σ_ij [A_ij − γ n_i n_j] δ(c_i, c_j) / (2m)
 *   with n_i node sizes (1 on the input graph), reported divided by 2m like igraph's quality.
 * Nodes are visited in a random order drawn from `seed`, so a seed gives one result.
 */
import { xorshift32 } from '../linalg/random.js';
import { inducedSubgraph, type Graph } from './graph.js';

export type Objective = 'modularity' | 'cpm';

export interface CommunityOptions {
  objective?: Objective;
  /** γ (default 1). For CPM it is a density threshold: communities denser than γ are favoured. */
  resolution?: number;
  seed?: number;
  /** Communities smaller than this are merged into their best-connected neighbour community, or left as they are when isolated. */
  minSize?: number;
  /**
   * Leiden only: how many iterations at most; by default it iterates until the partition stops changing (igraph's
   * n_iterations = −1). igraph's default n_iterations = 2 stops earlier, at a lower quality.
   */
  iterations?: number;
}

export interface Partition {
  /** Community of each node, numbered 0..k−1 by size (largest first), ties by first node. */
  membership: Int32Array;
  count: number;
  /** The objective's value (modularity Q, or the CPM quality / 2m). */
  quality: number;
}

/**
 * The working graph of the algorithms: CSR without self-loops plus each node's self-loop weight (an
 * aggregated node's internal weight, counted once as in A_ii) and size (number of original nodes).
 */
interface Level {
  n: number;
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
  loops: Float64Array;
  size: Float64Array;
  /** k_i = Σ_j A_ij + 2 A_ii, so that 2m = Σ_i k_i. */
  strength: Float64Array;
  twoM: number;
}

function levelOf(g: Graph): Level {
  const loops = new Float64Array(g.n);
  const size = new Float64Array(g.n).fill(1);
  return withStrength({ n: g.n, offsets: g.offsets, targets: g.targets, weights: g.weights, loops, size });
}

function withStrength(l: Omit<Level, 'strength' | 'twoM'>): Level {
  const strength = new Float64Array(l.n);
  let twoM = 0;
  for (let i = 0; i < l.n; i++) {
    let s = 2 * l.loops[i];
    for (let k = l.offsets[i]; k < l.offsets[i + 1]; k++) s += l.weights[k];
    strength[i] = s;
    twoM += s;
  }
  return { ...l, strength, twoM };
}

/** Modularity of a partition, with resolution γ (self-loops count as in NetworkX: A_ii twice in k_i). */
export function modularity(g: Graph, membership: ArrayLike<number>, resolution = 1): number {
  return quality(levelOf(g), membership, 'modularity', resolution);
}

/** The CPM quality of a partition divided by 2m (igraph's `quality` for CPM, with unit node sizes). */
export function cpmQuality(g: Graph, membership: ArrayLike<number>, resolution: number): number {
  return quality(levelOf(g), membership, 'cpm', resolution);
}

function quality(l: Level, membership: ArrayLike<number>, objective: Objective, resolution: number): number {
  if (l.twoM === 0) return 0;
  let internal = 0;
  const tot = new Map<number, number>();
  for (let i = 0; i < l.n; i++) {
    const c = membership[i];
    tot.set(c, (tot.get(c) ?? 0) + (objective === 'modularity' ? l.strength[i] : l.size[i]));
    internal += 2 * l.loops[i];
    for (let k = l.offsets[i]; k < l.offsets[i + 1]; k++) if (membership[l.targets[k]] === c) internal += l.weights[k];
  }
  // modularity: Σ_c [2 e_c − γ K_c² / 2m] / 2m; CPM: Σ_c [2 e_c − γ n_c²] / 2m (ordered pairs, self-pairs included, as igraph)
  let expected = 0;
  for (const t of tot.values()) expected += objective === 'modularity' ? (t * t) / l.twoM : t * t;
  return (internal - resolution * expected) / l.twoM;
}

/** Gain of moving a node of strength k / size s into a community with `links` weight to it and total `tot`. */
function gainFn(objective: Objective, resolution: number, twoM: number) {
  return objective === 'modularity'
    ? (links: number, tot: number, k: number) => links - (resolution * tot * k) / twoM
    : (links: number, tot: number, _k: number, s = 1) => links - resolution * tot * s;
}

function shuffled(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/**
 * Local moving: each node (in random order, revisiting neighbours of moved nodes through a queue as Leiden's
 * fast local move does) goes to the neighbouring community with the largest positive gain. `community` is
 * updated in place; returns whether any node moved.
 */
function moveNodes(l: Level, community: Int32Array, objective: Objective, resolution: number, random: () => number): boolean {
  const n = l.n;
  const tot = new Float64Array(n);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    tot[community[i]] += objective === 'modularity' ? l.strength[i] : l.size[i];
    members[community[i]]++;
  }
  // unused community numbers: a node whose every option costs quality leaves for one (being alone gains 0), as
  // igraph's and leidenalg's local moves allow; without it a node stays in a community it no longer touches
  const empty: number[] = [];
  for (let c = n - 1; c >= 0; c--) if (members[c] === 0) empty.push(c);
  const gain = gainFn(objective, resolution, l.twoM);
  const links = new Float64Array(n);
  const touched: number[] = [];
  const queue = shuffled(n, random);
  const inQueue = new Uint8Array(n).fill(1);
  // a ring buffer of the nodes still to visit (each at most once at a time, so n slots suffice)
  const ring = queue;
  let head = 0;
  let tail = 0;
  let pending = n;
  let moved = false;
  while (pending > 0) {
    const i = ring[head];
    head = (head + 1) % n;
    pending--;
    inQueue[i] = 0;
    const ci = community[i];
    const weightOf = objective === 'modularity' ? l.strength[i] : l.size[i];
    for (let k = l.offsets[i]; k < l.offsets[i + 1]; k++) {
      const c = community[l.targets[k]];
      if (links[c] === 0) touched.push(c);
      links[c] += l.weights[k];
    }
    tot[ci] -= weightOf;
    let best = ci;
    let bestGain = gain(links[ci], tot[ci], weightOf, weightOf);
    for (const c of touched) {
      const g = gain(links[c], tot[c], weightOf, weightOf);
      if (g > bestGain + 1e-12 * Math.max(1, Math.abs(bestGain))) {
        bestGain = g;
        best = c;
      }
    }
    if (0 > bestGain + 1e-12 * Math.max(1, Math.abs(bestGain))) best = empty.pop()!;
    tot[best] += weightOf;
    for (const c of touched) links[c] = 0;
    links[ci] = 0;
    touched.length = 0;
    if (best !== ci) {
      community[i] = best;
      members[best]++;
      if (--members[ci] === 0) empty.push(ci);
      moved = true;
      for (let k = l.offsets[i]; k < l.offsets[i + 1]; k++) {
        const j = l.targets[k];
        if (!inQueue[j] && community[j] !== best) {
          inQueue[j] = 1;
          ring[tail] = j;
          tail = (tail + 1) % n;
          pending++;
        }
      }
    }
  }
  return moved;
}

/** Renumbers communities 0..k−1 by first appearance; returns k. */
function renumber(community: Int32Array): number {
  const map = new Int32Array(community.length).fill(-1);
  let k = 0;
  for (let i = 0; i < community.length; i++) {
    const c = community[i];
    if (map[c] < 0) map[c] = k++;
    community[i] = map[c];
  }
  return k;
}

/** The graph of communities: one node per community, internal weight as a self-loop. */
function aggregate(l: Level, community: Int32Array, k: number): Level {
  const size = new Float64Array(k);
  const loops = new Float64Array(k);
  // each community's members (a counting sort), then its row: the weights to every other community summed in a
  // dense accumulator, as the co-occurrence kernel does (a hash map of community pairs was most of Leiden's time)
  const start = new Int32Array(k + 1);
  for (let i = 0; i < l.n; i++) start[community[i] + 1]++;
  for (let c = 0; c < k; c++) start[c + 1] += start[c];
  const fill = start.slice(0, k);
  const members = new Int32Array(l.n);
  for (let i = 0; i < l.n; i++) members[fill[community[i]]++] = i;
  const acc = new Float64Array(k);
  const mark = new Int32Array(k).fill(-1);
  const touched = new Int32Array(k);
  const offsets = new Int32Array(k + 1);
  const targets = new Int32Array(l.offsets[l.n]);
  const weights = new Float64Array(l.offsets[l.n]);
  let m2 = 0;
  for (let c = 0; c < k; c++) {
    let t = 0;
    for (let x = start[c]; x < start[c + 1]; x++) {
      const i = members[x];
      size[c] += l.size[i];
      loops[c] += l.loops[i];
      for (let e = l.offsets[i]; e < l.offsets[i + 1]; e++) {
        const cj = community[l.targets[e]];
        // an edge inside the community is seen from both its ends: half its weight each time
        if (cj === c) loops[c] += l.weights[e] / 2;
        else {
          if (mark[cj] !== c) {
            mark[cj] = c;
            acc[cj] = 0;
            touched[t++] = cj;
          }
          acc[cj] += l.weights[e];
        }
      }
    }
    const row = touched.subarray(0, t).sort();
    for (let r = 0; r < t; r++) {
      targets[m2] = row[r];
      weights[m2++] = acc[row[r]];
    }
    offsets[c + 1] = m2;
  }
  return withStrength({ n: k, offsets, targets: targets.slice(0, m2), weights: weights.slice(0, m2), loops, size });
}

/**
 * Leiden's refinement: within each community of `community`, nodes start alone and merge (in random order)
 * only with well-connected sub-communities of the same community, so every refined community is connected.
 * Merging is greedy (the best positive gain) rather than randomised by θ.
 */
function refine(l: Level, community: Int32Array, objective: Objective, resolution: number, random: () => number): Int32Array {
  const n = l.n;
  const refined = Int32Array.from({ length: n }, (_, i) => i);
  const weightOf = (i: number) => (objective === 'modularity' ? l.strength[i] : l.size[i]);
  const tot = new Float64Array(n);
  const commTot = new Float64Array(n);
  const singleton = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    tot[i] = weightOf(i);
    commTot[community[i]] += weightOf(i);
  }
  // external links of each node to the rest of its community (well-connectedness test)
  const inside = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let k = l.offsets[i]; k < l.offsets[i + 1]; k++) if (community[l.targets[k]] === community[i]) inside[i] += l.weights[k];
  const scale = objective === 'modularity' ? 1 / l.twoM : 1;
  const gain = gainFn(objective, resolution, l.twoM);
  const links = new Float64Array(n);
  const touched: number[] = [];
  for (const i of shuffled(n, random)) {
    if (!singleton[i]) continue;
    const wi = weightOf(i);
    // well connected: inside(i) ≥ γ w_i (W_C − w_i) (scaled for modularity)
    if (inside[i] < resolution * wi * (commTot[community[i]] - wi) * scale) continue;
    for (let k = l.offsets[i]; k < l.offsets[i + 1]; k++) {
      const j = l.targets[k];
      if (community[j] !== community[i]) continue;
      const r = refined[j];
      if (links[r] === 0) touched.push(r);
      links[r] += l.weights[k];
    }
    tot[i] -= wi;
    let best = i;
    let bestGain = 0;
    for (const r of touched) {
      if (r === i) continue;
      const g = gain(links[r], tot[r], wi, wi);
      if (g > bestGain + 1e-12) {
        bestGain = g;
        best = r;
      }
    }
    tot[best] += wi;
    if (best !== i) {
      refined[i] = best;
      singleton[best] = 0;
      singleton[i] = 0;
    }
    for (const r of touched) links[r] = 0;
    touched.length = 0;
  }
  return refined;
}

function run(g: Graph, method: 'louvain' | 'leiden', options: CommunityOptions): Partition {
  const objective = options.objective ?? 'modularity';
  const resolution = options.resolution ?? 1;
  // a node without ties stays alone under both objectives (joining gains nothing in modularity and costs in CPM).
  // When such nodes are many (a coupling map of 100,000 records kept to ties of 3 shared references has 84% of them),
  // the search runs on the others: each Leiden iteration otherwise walks them all at every level (18 s → 2 s there)
  const tied = Array.from({ length: g.n }, (_, i) => g.offsets[i + 1] > g.offsets[i]);
  const alone = tied.filter((t) => !t).length;
  if (alone * 10 > g.n && alone < g.n) {
    const part = run(inducedSubgraph(g, tied), method, options);
    const membership = new Int32Array(g.n);
    let next = part.count;
    for (let i = 0, j = 0; i < g.n; i++) membership[i] = tied[i] ? part.membership[j++] : next++;
    const count = orderBySize(membership);
    return { membership, count, quality: quality(levelOf(g), membership, objective, resolution) };
  }
  const random = xorshift32(options.seed ?? 1);
  // until stable: each iteration that changes the partition raises its quality, so it ends; 1,000 is a guard
  const maxIterations = options.iterations ?? (method === 'leiden' ? 1000 : 1);
  const base = levelOf(g);
  let membership = Int32Array.from({ length: g.n }, (_, i) => i);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let level = base;
    // start each Leiden iteration from the current partition (aggregate by it, as the paper's Algorithm A.2 does)
    let community = Int32Array.from(membership);
    let map = Int32Array.from({ length: g.n }, (_, i) => i); // original node → node of `level`
    let changed = false;
    for (let depth = 0; depth < 100; depth++) {
      const moved = moveNodes(level, community, objective, resolution, random);
      if (moved) changed = true;
      const k = renumber(community);
      if (method === 'louvain') {
        if (k === level.n) break;
        const next = aggregate(level, community, k);
        map = map.map((v) => community[v]);
        community = Int32Array.from({ length: k }, (_, i) => i);
        level = next;
        continue;
      }
      // Leiden: refine, aggregate by the refined partition, keep the unrefined one as the starting partition
      if (k === level.n) break;
      const refined = refine(level, community, objective, resolution, random);
      const kr = renumber(refined);
      if (kr === level.n) {
        // nothing merged in refinement: aggregate by the partition itself
        const next = aggregate(level, community, k);
        map = map.map((v) => community[v]);
        community = Int32Array.from({ length: k }, (_, i) => i);
        level = next;
        continue;
      }
      const start = new Int32Array(kr);
      for (let v = 0; v < level.n; v++) start[refined[v]] = community[v];
      const next = aggregate(level, refined, kr);
      map = map.map((v) => refined[v]);
      community = start;
      level = next;
    }
    const result = map.map((v) => community[v]);
    renumber(result);
    const same = result.every((c, i) => c === membership[i]);
    membership = result;
    if (!changed || same) break;
  }
  if (options.minSize && options.minSize > 1) mergeSmall(base, membership, options.minSize);
  const count = orderBySize(membership);
  return { membership, count, quality: quality(base, membership, objective, resolution) };
}

/**
 * Leiden's refinement of a partition on its own: within each community, nodes start alone and merge greedily with
 * well-connected sub-communities, so every part returned is connected and lies inside one community (numbered by
 * first appearance). What Leiden aggregates by at each level.
 */
export function refinePartition(g: Graph, membership: ArrayLike<number>, options: Pick<CommunityOptions, 'objective' | 'resolution' | 'seed'> = {}): Int32Array {
  const community = Int32Array.from(membership);
  renumber(community);
  const refined = refine(levelOf(g), community, options.objective ?? 'modularity', options.resolution ?? 1, xorshift32(options.seed ?? 1));
  renumber(refined);
  return refined;
}

/** Louvain communities (one pass of the multi-level algorithm). */
export function louvain(g: Graph, options: CommunityOptions = {}): Partition {
  return run(g, 'louvain', options);
}

/** Leiden communities: iterated until the partition stops changing, or `iterations` iterations at most. */
export function leiden(g: Graph, options: CommunityOptions = {}): Partition {
  return run(g, 'leiden', options);
}

/** Merges each community smaller than `minSize` into the neighbouring community it is most linked to. */
function mergeSmall(l: Level, membership: Int32Array, minSize: number): void {
  for (let pass = 0; pass < 10; pass++) {
    const k = renumber(membership);
    const size = new Float64Array(k);
    for (let i = 0; i < l.n; i++) size[membership[i]] += l.size[i];
    const small = [...size.keys()].filter((c) => size[c] < minSize).sort((a, b) => size[a] - size[b] || a - b);
    if (small.length === 0) return;
    let changed = false;
    for (const c of small) {
      if (size[c] >= minSize) continue;
      const links = new Map<number, number>();
      for (let i = 0; i < l.n; i++) {
        if (membership[i] !== c) continue;
        for (let e = l.offsets[i]; e < l.offsets[i + 1]; e++) {
          const d = membership[l.targets[e]];
          if (d !== c) links.set(d, (links.get(d) ?? 0) + l.weights[e]);
        }
      }
      let best = -1;
      let bestLinks = 0;
      for (const [d, w] of links) if (w > bestLinks || (w === bestLinks && d < best)) [best, bestLinks] = [d, w];
      if (best < 0) continue; // isolated: nothing to merge with
      for (let i = 0; i < l.n; i++) if (membership[i] === c) membership[i] = best;
      size[best] += size[c];
      size[c] = 0;
      changed = true;
    }
    if (!changed) return;
  }
}

/** Renumbers communities by decreasing size (ties: smaller first node first); returns their count. */
function orderBySize(membership: Int32Array): number {
  const k = renumber(membership);
  const size = new Int32Array(k);
  for (const c of membership) size[c]++;
  const order = [...size.keys()].sort((a, b) => size[b] - size[a] || a - b);
  const rank = new Int32Array(k);
  order.forEach((c, r) => (rank[c] = r));
  for (let i = 0; i < membership.length; i++) membership[i] = rank[membership[i]];
  return k;
}
