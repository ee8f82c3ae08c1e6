import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEdgeList, readEdgeList } from '../../src/formats/edgelist.js';
import { xorshift32 } from '../../src/linalg/random.js';
import { boundaries, participation } from '../../src/networks/boundaries.js';
import { brokerage, ROLES } from '../../src/networks/brokerage.js';
import { cosineDistances, diversity, gini, hill } from '../../src/networks/diversity.js';
import { graphFromEdges } from '../../src/networks/graph.js';
import { fixture, readFixtureCsv } from '../helpers/fixtures.js';

const graph = (edges: string) => parseEdgeList(edges.trim().split(/\s*;\s*/).join('\n')).graph;
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
const roles = (r: Float64Array) => Object.fromEntries(ROLES.map((name, t) => [name, r[t]]));

describe('Gould–Fernandez brokerage', () => {
  it('counts each role on open two-paths, both ways along undirected ties (hand count)', () => {
    // j (group A) joins i (A), k (B) and l (C); no ties among i, k, l
    const g = graph('j i; j k; j l');
    const b = brokerage(g, ['A', 'A', 'B', 'C']); // ids in order j, i, k, l
    // i→j→k and i→j→l: representative; k→j→i and l→j→i: gatekeeper; k→j→l and l→j→k: liaison
    assert.deepEqual(roles(b.raw[0]), { coordinator: 0, itinerant: 0, representative: 2, gatekeeper: 2, liaison: 2, total: 6 });
    for (const leaf of [1, 2, 3]) assert.equal(b.raw[leaf][5], 0);
    // sna's moments: d = 6 directed ties / (4 · 3) = 0.5, d²(1 − d) = 0.125; j's group has 2 of N = 4
    close(b.expected[0][5], 0.125 * 3 * 2);
    close(b.expected[0][2], 0.125 * (4 - 2) * (2 - 1));
    close(b.expected[0][4], 0.125 * ((1 + 1) ** 2 - 2));
    close(b.expected[0][0], 0);
    // var(total) = E(1 − d²(1−d)) + 2(N−1)(N−2)(N−3) d³(1−d)³
    close(b.sd[0][5], Math.sqrt(0.75 * (1 - 0.125) + 2 * 3 * 2 * 1 * 0.5 ** 3 * 0.5 ** 3));
    close(b.z[0][5], (6 - 0.75) / b.sd[0][5]);
    assert.deepEqual(b.groups, [{ label: 'A', size: 2 }, { label: 'B', size: 1 }, { label: 'C', size: 1 }]);
  });
  it('itinerant and coordinator brokers; closed triads broker nothing', () => {
    const g = graph('j i; j k; a b; b c; c a; c d');
    const b = brokerage(g, ['B', 'A', 'A', 'A', 'A', 'A', 'A']); // j, i, k, a, b, c, d
    assert.deepEqual(roles(b.raw[0]), { coordinator: 0, itinerant: 2, representative: 0, gatekeeper: 0, liaison: 0, total: 2 });
    // c brokers a→c→d, b→c→d and back: 4 coordinator paths; a and b broker nothing (their neighbours are tied)
    assert.equal(roles(b.raw[5]).coordinator, 4);
    assert.equal(b.raw[3][5] + b.raw[4][5], 0);
    assert.deepEqual(Array.from(b.network.raw), [4, 2, 0, 0, 0, 6]);
  });
});

describe('Gould–Fernandez brokerage on a textbook network', () => {
  // The strike network of de Nooy, Mrvar & Batagelj, "Exploratory Social Network Analysis with Pajek"
  // (Michael 1997), with its three groups. The counts are those sna::brokerage prints for it (raw.nli, columns
  // w_I w_O b_IO b_OI b_O t) in the NPS CORE Lab's published lab "Centrality and Brokerage in statnet" (r4sna).
  const published: Record<string, number[]> = {
    Xavier: [0, 0, 0, 0, 0, 0], Utrecht: [8, 0, 0, 0, 0, 8], Frank: [0, 0, 0, 0, 0, 0], Domingo: [0, 0, 0, 0, 0, 0],
    Norm: [18, 0, 5, 5, 0, 28], Hal: [2, 0, 0, 0, 0, 2], Russ: [4, 0, 0, 0, 0, 4], Karl: [0, 0, 2, 2, 0, 4],
    Bob: [14, 0, 10, 10, 2, 36], Quint: [4, 0, 0, 0, 0, 4], Wendle: [0, 0, 0, 0, 0, 0], Ozzie: [0, 0, 1, 1, 0, 2],
    Ike: [4, 0, 0, 0, 0, 4], Ted: [2, 0, 0, 0, 0, 2], Sam: [8, 0, 0, 0, 0, 8], Vern: [2, 0, 0, 0, 0, 2],
    Gill: [10, 0, 0, 0, 0, 10], Lanny: [2, 0, 0, 0, 0, 2], Mike: [0, 0, 0, 0, 0, 0], Carlos: [0, 0, 0, 0, 0, 0],
    Alejandro: [0, 0, 3, 3, 0, 6], Paul: [2, 0, 0, 0, 0, 2], Eduardo: [0, 0, 0, 0, 0, 0], John: [12, 0, 0, 0, 0, 12],
  };
  it('matches the published counts of every employee (Pajek file read as it is distributed)', async () => {
    const { graph: g } = await readEdgeList(fixture('networks', 'strike.net'));
    assert.deepEqual({ n: g.n, m: g.m }, { n: 24, m: 38 });
    const groupOf = new Map(readFixtureCsv(fixture('networks', 'strike-groups.csv')).map((r) => [r.node, r.group]));
    const b = brokerage(g, g.ids.map((id) => groupOf.get(id)!));
    assert.deepEqual(Object.fromEntries(g.ids.map((id, i) => [id, Array.from(b.raw[i])])), published);
    // the network's totals are the sums over brokers
    assert.deepEqual(Array.from(b.network.raw), [92, 0, 21, 21, 2, 136]);
  });
});

describe('boundaries', () => {
  const g = graph('a b; b c; c a; c d; d e; e f; f d; a e');
  const group = ['x', 'x', 'x', 'y', 'y', 'z']; // a b c d e f
  it('E–I per actor, group and network; mixing; assortativity as NetworkX', () => {
    const r = boundaries(g, group);
    // ties: inside x: ab bc ca (3), inside y: de (1); across: cd ae (x–y), ef fd (y–z)
    close(r.networkEI, (4 - 4) / 8);
    close(r.crossShare, 0.5);
    close(r.actorEI[0], (1 - 2) / 3); // a: b, c inside; e outside
    close(r.actorEI[5], 1); // f: all across
    const x = r.groups.find((grp) => grp.label === 'x')!;
    assert.deepEqual({ internal: x.internal, external: x.external }, { internal: 6, external: 2 });
    assert.deepEqual(r.mixing, [[3, 2, 0], [2, 1, 2], [0, 2, 0]]);
    close(r.assortativity, 0.15789473684210525); // networkx.attribute_assortativity_coefficient
  });
  it('property: every E–I lies in [−1, 1] (random graphs and groups)', () => {
    const random = xorshift32(11);
    for (let t = 0; t < 30; t++) {
      const edges = Array.from({ length: 40 }, () => ({ source: String(Math.floor(random() * 20)), target: String(Math.floor(random() * 20)), weight: 1 + random() }));
      const { graph: h } = graphFromEdges(edges);
      const labels = h.ids.map(() => String(Math.floor(random() * 4)));
      for (const weighted of [false, true]) {
        const r = boundaries(h, labels, { weighted });
        for (const v of [r.networkEI, ...r.actorEI, ...r.groups.map((grp) => grp.ei)]) assert.ok(Number.isNaN(v) || (v >= -1 && v <= 1), String(v));
      }
    }
  });
  it('participation coefficient', () => {
    const p = participation(g, [0, 0, 0, 1, 1, 2]);
    close(p[0], 1 - ((2 / 3) ** 2 + (1 / 3) ** 2)); // a: two ties into 0, one into 1
    close(p[1], 0);
  });
});

describe('diversity', () => {
  it('Shannon, Simpson, Blau and Hill numbers by hand', () => {
    const d = diversity([2, 1, 1, 0]);
    close(d.shannon, -(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25)));
    close(d.simpson, 0.25 + 0.0625 * 2);
    close(d.blau, 1 - 0.375);
    assert.equal(d.hill0, 3);
    close(d.hill1, Math.exp(d.shannon));
    close(d.hill2, 1 / 0.375);
    close(hill([0.5, 0.25, 0.25], 3), (0.125 + 2 * 0.015625) ** (1 / (1 - 3)));
  });
  it('Rao–Stirling and DIV on a case worked by hand', () => {
    // three categories, shares 0.5, 0.3, 0.2; distances d12 = 0.2, d13 = 0.8, d23 = 0.6
    const dist = [
      [0, 0.2, 0.8],
      [0.2, 0, 0.6],
      [0.8, 0.6, 0],
    ];
    const d = diversity([5, 3, 2], (c, e) => dist[c][e]);
    // ordered pairs: 2 · (0.2·0.5·0.3 + 0.8·0.5·0.2 + 0.6·0.3·0.2) = 2 · (0.03 + 0.08 + 0.036)
    close(d.raoStirling, 0.292);
    // DIV: n_c/N = 1 (all present); Gini of (2, 3, 5) = (−2·2 + 0·3 + 2·5) / (3 · 10) = 0.2; mean disparity (2 · 1.6) / 6
    close(gini([5, 3, 2]), 0.2);
    close(d.div, 1 * 0.8 * (3.2 / 6));
  });
  it('cosine distances from co-occurrence profiles', () => {
    // units × categories: A and B always together, C alone
    const x = [1, 1, 0, 1, 1, 0, 0, 0, 1];
    const d = cosineDistances(x, 3, 3);
    close(d[0 * 3 + 1], 0);
    close(d[0 * 3 + 2], 1);
    assert.equal(d[0], 0);
  });
});
