import type { Graph } from './graph.js';
import { groupLabels } from './labels.js';

/**
 * Gould & Fernandez (1989) brokerage roles, as R's sna::brokerage reports them. A broker j on an open
 * two-path i → j → k (i ≠ k, no tie i → k) plays, by the groups of i, j and k:
 * - coordinator (w_I): all three in one group;
 * - itinerant (w_O): i and k in one group, j in another;
 * - representative (b_IO): i in j's group, k outside it;
 * - gatekeeper (b_OI): k in j's group, i outside it;
 * - liaison (b_O): all three in different groups.
 * An undirected tie is a tie both ways (as sna reads a symmetric network), so each undirected open two-path
 * counts twice, once each way, and a node's representative and gatekeeper counts are equal.
 * Expected values and standard deviations are sna's, under random ties of the observed density
 * d = (directed ties) / (N (N − 1)) with the group sizes fixed; z = (observed − expected) / sd.
 */
export const ROLES = ['coordinator', 'itinerant', 'representative', 'gatekeeper', 'liaison', 'total'] as const;
export type Role = (typeof ROLES)[number];

export interface Brokerage {
  /** Per node, the counts of each role (ROLES order; `total` their sum). */
  raw: Float64Array[];
  expected: Float64Array[];
  sd: Float64Array[];
  z: Float64Array[];
  /** The whole network. */
  network: { raw: Float64Array; expected: Float64Array; sd: Float64Array; z: Float64Array };
  /** Group labels in order of first appearance, with their sizes. */
  groups: { label: string; size: number }[];
}

export function brokerage(g: Graph, group: readonly string[]): Brokerage {
  const N = g.n;
  const { group: cl, labels, sizes } = groupLabels(group);

  // observed: for each broker j and ordered pair of distinct neighbours (i, k) not tied to each other
  const raw = Array.from({ length: N }, () => new Float64Array(6));
  const mark = new Uint8Array(N);
  for (let j = 0; j < N; j++) {
    const from = g.offsets[j];
    const to = g.offsets[j + 1];
    const r = raw[j];
    for (let a = from; a < to; a++) {
      const i = g.targets[a];
      for (let k2 = g.offsets[i]; k2 < g.offsets[i + 1]; k2++) mark[g.targets[k2]] = 1;
      for (let b = from; b < to; b++) {
        const k = g.targets[b];
        if (k === i || mark[k]) continue;
        const ci = cl[i];
        const cj = cl[j];
        const ck = cl[k];
        if (ci === cj) r[cj === ck ? 0 : 2]++;
        else if (cj === ck) r[3]++;
        else r[ci === ck ? 1 : 4]++;
      }
      for (let k2 = g.offsets[i]; k2 < g.offsets[i + 1]; k2++) mark[g.targets[k2]] = 0;
    }
    r[5] = r[0] + r[1] + r[2] + r[3] + r[4];
  }

  const n = sizes;
  const d = N > 1 ? (2 * g.m) / (N * (N - 1)) : 0;
  const p = d * d * (1 - d);
  const q3 = d ** 3 * (1 - d) ** 3;
  const choose2 = (x: number) => (x * (x - 1)) / 2;
  const sumOthers = (i: number, f: (x: number) => number) => n.reduce((s, x, c) => (c === i ? s : s + f(x)), 0);
  // by the broker's group: expectations and variances (sna)
  const perGroup = n.map((ni, i) => {
    const e = new Float64Array(6);
    const v = new Float64Array(6);
    e[0] = p * (ni - 1) * (ni - 2);
    v[0] = e[0] * (1 - p) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * q3;
    e[1] = p * sumOthers(i, (x) => x * (x - 1));
    v[1] = e[1] * (1 - p) + 2 * sumOthers(i, (x) => x * (x - 1) * (x - 2)) * q3;
    e[2] = p * (N - ni) * (ni - 1);
    v[2] = e[2] * (1 - p) + 2 * ((ni - 1) * choose2(N - ni) + (N - ni) * choose2(ni - 1)) * q3;
    e[3] = e[2];
    v[3] = v[2];
    const others = sumOthers(i, (x) => x);
    e[4] = p * (others * others - sumOthers(i, (x) => x * x));
    v[4] = e[4] * (1 - p) + 4 * sumOthers(i, (x) => x * choose2(N - x - ni)) * q3;
    e[5] = p * (N - 1) * (N - 2);
    v[5] = e[5] * (1 - p) + 2 * (N - 1) * (N - 2) * (N - 3) * q3;
    return { e, sd: v.map(Math.sqrt) };
  });
  const expected = Array.from(cl, (c) => perGroup[c].e);
  const sd = Array.from(cl, (c) => perGroup[c].sd);
  const z = raw.map((r, v) => r.map((x, t) => (x - expected[v][t]) / sd[v][t]));

  // the whole network (sna's global moments)
  const total = new Float64Array(6);
  for (const r of raw) for (let t = 0; t < 6; t++) total[t] += r[t];
  const q4 = d ** 4 * (1 - d) ** 2;
  const q5 = d ** 5 * (1 - d);
  const eg = new Float64Array(6);
  const vg = new Float64Array(6);
  const sum = (f: (x: number, i: number) => number) => n.reduce((s, x, i) => s + f(x, i), 0);
  eg[0] = p * sum((x) => x * (x - 1) * (x - 2));
  vg[0] = eg[0] * (1 - p) + sum((x) => x * (x - 1) * (x - 2) * ((4 * x - 10) * q3 - 4 * (x - 3) * q4 + (x - 3) * q5));
  eg[1] = p * sum((x) => x * (N - x) * (x - 1));
  let outer = 0;
  for (const x of n) for (const y of n) outer += x * y * (x - 1) * ((2 * x + 2 * y - 6) * q3 + (N - x - 1) * q5);
  vg[1] = eg[1] * (1 - p) + (outer - sum((x) => x * x * (x - 1) * ((4 * x - 6) * q3 + (N - x - 1) * q5)));
  eg[2] = p * sum((x) => x * (N - x) * (x - 1));
  vg[2] = eg[2] * (1 - p) + sum((x) => x * (N - x) * (x - 1) * ((N - 3) * q3 + (x - 2) * q5));
  eg[3] = eg[2];
  vg[3] = vg[2];
  let liaison = 0;
  for (const x of n) for (const y of n) liaison += x * y * (N - x - y);
  eg[4] = p * (liaison - sum((x) => x * x * (N - 2 * x)));
  vg[4] = eg[4] * (1 - p);
  for (let i = 0; i < n.length; i++)
    for (let j = 0; j < n.length; j++)
      for (let k = 0; k < n.length; k++)
        if (i !== j && j !== k && i !== k)
          vg[4] +=
            n[i] * n[j] * n[k] * ((4 * (N - n[j]) - 2 * (n[i] + n[k] + 1)) * q3 - (4 * (N - n[k]) - 2 * (n[i] + n[j] + 1)) * q4 + (N - (n[i] + n[k] + 1)) * q5);
  eg[5] = p * N * (N - 1) * (N - 2);
  vg[5] = eg[5] * (1 - p) + N * (N - 1) * (N - 2) * ((4 * N - 10) * q3 - 4 * (N - 3) * q4 + (N - 3) * q5);
  const sdg = vg.map(Math.sqrt);
  return {
    raw,
    expected,
    sd,
    z,
    network: { raw: total, expected: eg, sd: sdg, z: total.map((x, t) => (x - eg[t]) / sdg[t]) },
    groups: labels.map((label, i) => ({ label, size: sizes[i] })),
  };
}
