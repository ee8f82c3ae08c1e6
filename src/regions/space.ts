import { symmetrise } from './clusters.js';

export interface SpaceLink {
  source: number;
  target: number;
  weight: number;
  /** Part of the maximum spanning tree (the backbone). */
  backbone: boolean;
}

/**
 * The activity space for drawing (Hidalgo et al. 2007): the maximum spanning tree of the relatedness
 * network (Kruskal), plus the strongest remaining links until the mean degree reaches `meanDegree`.
 */
export function activitySpace(phi: Float64Array, n: number, meanDegree = 4): SpaceLink[] {
  const sym = symmetrise(phi, n);
  const edges: Array<{ i: number; j: number; w: number }> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (sym[i * n + j] > 0) edges.push({ i, j, w: sym[i * n + j] });
  edges.sort((a, b) => b.w - a.w || a.i - b.i || a.j - b.j);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const links: SpaceLink[] = [];
  const used = new Uint8Array(edges.length);
  edges.forEach((e, k) => {
    const a = find(e.i);
    const b = find(e.j);
    if (a !== b) {
      parent[a] = b;
      links.push({ source: e.i, target: e.j, weight: e.w, backbone: true });
      used[k] = 1;
    }
  });
  const targetLinks = Math.floor((meanDegree * n) / 2);
  for (let k = 0; k < edges.length && links.length < targetLinks; k++) {
    if (!used[k]) links.push({ source: edges[k].i, target: edges[k].j, weight: edges[k].w, backbone: false });
  }
  return links;
}
