import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { graphFromEdges } from '../../src/networks/graph.js';
import { recordsFromGraph } from '../../src/networks/records.js';
import { communitiesReport, diversityReport, graphReport, keepWeights, proximitiesReport, windowsOf, type CommunityChoice } from '../../src/networks/reports/index.js';

const leiden: CommunityChoice = { method: 'leiden', objective: 'modularity', resolution: 1, seed: 1 };
/** Two triangles joined by one tie (c–d), and d–e weighing 3. */
const { graph } = graphFromEdges([
  { source: 'a', target: 'b' },
  { source: 'b', target: 'c' },
  { source: 'a', target: 'c' },
  { source: 'c', target: 'd' },
  { source: 'd', target: 'e', weight: 3 },
  { source: 'e', target: 'f' },
  { source: 'd', target: 'f' },
]);

describe('network reports, by hand', () => {
  test('graph: each tie once as [row, row, weight], degrees and strengths; the two triangles are two communities', () => {
    const r = graphReport({ graph }, { communities: leiden });
    assert.deepEqual(r.rows.map((x) => [x.id, x.degree, x.strength]), [['a', 2, 2], ['b', 2, 2], ['c', 3, 3], ['d', 3, 5], ['e', 2, 4], ['f', 2, 2]]);
    const edges = r.meta.edges as [number, number, number][];
    assert.equal(edges.length, 7);
    assert.deepEqual(edges.find(([i, j]) => i === 3 && j === 4), [3, 4, 3]);
    assert.equal(r.meta.communities, 2);
    assert.equal(r.rows[0].community, r.rows[1].community);
    assert.notEqual(r.rows[0].community, r.rows[5].community);
    // betweenness of c and d: every path between the triangles crosses c–d (normalised by (n−1)(n−2)/2 = 10: 6/10)
    assert.ok(Math.abs((r.rows[2].betweenness as number) - 0.6) < 1e-12);
  });

  test('graph: larger than the cap, the best-connected nodes are kept, and the notice says so', () => {
    const r = graphReport({ graph }, { communities: leiden, maxNodes: 2 });
    assert.deepEqual(r.rows.map((x) => x.id).sort(), ['c', 'd']);
    assert.deepEqual(r.meta.edges, [[0, 1, 1]]);
    assert.match(r.notices[0], /has 6 nodes; the 2 with the most ties are drawn/);
  });

  test('communities: the partition and its modularity in words', () => {
    const r = communitiesReport({ graph }, { communities: leiden });
    assert.equal(new Set(r.rows.map((x) => x.community)).size, 2);
    assert.match(r.notices[0], /^2 communities, modularity 0\.\d+$/);
  });

  test('a minimum weight that leaves no tie, and a window without records, are refused naming the field', () => {
    assert.equal(keepWeights(graph, 2).m, 1);
    assert.throws(() => keepWeights(graph, 4), (e: unknown) => e instanceof UserError && e.where?.field === 'minWeight');
    assert.throws(() => windowsOf({ graph }, { window: 2 }), (e: unknown) => e instanceof UserError && e.where?.field === 'window');
  });

  test('diversity: two equal categories give Shannon ln 2, Simpson ½, Hill 2; Rao–Stirling 2·d·¼ with given distances', () => {
    const rows = [
      { unit: 'A', category: 'x', weight: 1 },
      { unit: 'A', category: 'y', weight: 1 },
      { unit: 'B', category: 'x', weight: 3 },
    ];
    const r = diversityReport(rows, { by: 'organisation', distances: new Map([['x', new Map([['y', 0.8]])]]) });
    assert.deepEqual(r.columns.slice(0, 3), ['organisation', 'total', 'variety']);
    const a = r.rows[0];
    assert.ok(Math.abs((a.shannon as number) - Math.log(2)) < 1e-12);
    assert.equal(a.simpson, 0.5);
    assert.equal(a.hill2, 2);
    assert.ok(Math.abs((a.rao_stirling as number) - 0.4) < 1e-12);
    assert.equal(r.rows[1].variety, 1);
    assert.equal(r.rows[1].rao_stirling, 0);
  });

  test('proximities: a pair by id, social proximity from shared partners; an unknown actor named with its field', () => {
    const records = recordsFromGraph(graph);
    const r = proximitiesReport(records, { pairs: [{ a: 'a', b: 'c' }] });
    assert.equal(r.rows[0].shared_partners, 1); // b
    assert.equal(r.rows[0].path_length, 1);
    assert.throws(() => proximitiesReport(records, { pairs: [{ a: 'a', b: 'zz' }] }), (e: unknown) => e instanceof UserError && e.where?.field === 'b' && /actor "zz" is not in the records/.test(e.message));
  });
});
