import type { Graph } from './graph.js';

/**
 * Core numbers (Seidman 1983) by the bucket algorithm of Batagelj & Zaversnik (2003), as NetworkX's
 * core_number: the largest k such that the node belongs to a subgraph where every degree is ≥ k.
 */
export function coreNumbers(g: Graph): Int32Array {
  const n = g.n;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let v = 0; v < n; v++) {
    deg[v] = g.offsets[v + 1] - g.offsets[v];
    if (deg[v] > maxDeg) maxDeg = deg[v];
  }
  const bin = new Int32Array(maxDeg + 2);
  for (let v = 0; v < n; v++) bin[deg[v]]++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) {
    const c = bin[d];
    bin[d] = start;
    start += c;
  }
  const pos = new Int32Array(n);
  const vert = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    pos[v] = bin[deg[v]]++;
    vert[pos[v]] = v;
  }
  for (let d = maxDeg; d > 0; d--) bin[d] = bin[d - 1];
  bin[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = vert[i];
    for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) {
      const u = g.targets[k];
      if (deg[u] > deg[v]) {
        const du = deg[u];
        const pu = pos[u];
        const pw = bin[du];
        const w = vert[pw];
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bin[du]++;
        deg[u]--;
      }
    }
  }
  return deg;
}

/** Connected components: a component number per node (0, 1, … in order of each component's first node) and their count. */
export function components(g: Graph): { membership: Int32Array; count: number } {
  const membership = new Int32Array(g.n).fill(-1);
  const stack = new Int32Array(g.n);
  let count = 0;
  for (let s = 0; s < g.n; s++) {
    if (membership[s] >= 0) continue;
    let top = 0;
    stack[top++] = s;
    membership[s] = count;
    while (top > 0) {
      const v = stack[--top];
      for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) {
        const w = g.targets[k];
        if (membership[w] < 0) {
          membership[w] = count;
          stack[top++] = w;
        }
      }
    }
    count++;
  }
  return { membership, count };
}
