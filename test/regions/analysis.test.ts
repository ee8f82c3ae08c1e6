import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { louvain, modularity } from '../../src/networks/communities.js';
import { graphFromMatrix } from '../../src/networks/graph.js';
import { clusterHierarchical, clusterMappingFlags, clusterStrength, scoreClustering } from '../../src/regions/clusters.js';
import { auc, relatednessPrinciple, transitions } from '../../src/regions/dynamics.js';
import { measures } from '../../src/regions/measures.js';
import { assessTarget, opportunities } from '../../src/regions/opportunities.js';
import { pswot } from '../../src/regions/pswot.js';
import { partnerRegions, similarRegions } from '../../src/regions/partners.js';
import { activitySpace } from '../../src/regions/space.js';
import { regionActivity } from '../../src/regions/table.js';
import { entropy, gini, herfindahl, hooverIndex, krugmanIndex, locationalGini, relatedUnrelatedVariety } from '../../src/regions/variety.js';
import { readLongTable } from '../../src/formats/longtable.js';
import { fixture, readFixtureCsv } from '../helpers/fixtures.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

describe('variety and concentration (hand-computed)', () => {
  it('entropy decomposes into related and unrelated variety', () => {
    const d = relatedUnrelatedVariety([1, 1, 2], [0, 0, 1]);
    close(d.entropy, 1.5);
    close(d.unrelated, 1);
    close(d.related, 0.5);
    close(entropy([1, 1, 2]), 1.5);
  });
  it('Herfindahl, Gini, Krugman, Hoover, locational Gini', () => {
    close(herfindahl([1, 1, 2]), 0.375);
    close(gini([1, 2, 3, 4]), 0.25);
    close(gini([5, 5, 5]), 0);
    assert.deepEqual(Array.from(krugmanIndex([1, 0, 0, 1], 2, 2)), [2, 2]);
    const h = hooverIndex([1, 1, 3, 0], 2, 2);
    close(h[0], 0.15);
    close(h[1], 0.6);
    // an activity spread exactly like total employment has locational Gini 0
    close(locationalGini([1, 2, 2, 4], 2, 2)[0], 0);
    assert.ok(locationalGini([1, 0, 0, 4], 2, 2)[0] > 0);
  });
});

describe('clusters', () => {
  it('US Cluster Mapping and European Cluster Observatory rules (hand-computed percentiles)', () => {
    const t = regionActivity(['r0', 'r1', 'r2', 'r3'], ['a', 'b', 'c'], Float64Array.from([10, 10, 80, 30, 30, 40, 5, 5, 90, 50, 50, 0]));
    const s = clusterStrength(t, [0, 0, 1]).filter((x) => x.cluster === 0);
    assert.deepEqual(s.map((x) => x.qualifying), [true, true, false, true]);
    assert.deepEqual(s.map((x) => x.significant), [false, true, false, true]);
    assert.deepEqual(s.map((x) => x.strong), [false, false, false, true]);
    assert.deepEqual(s.map((x) => x.stars), [0, 0, 0, 3]);
    close(s[3].lq, 1 / 0.475);
  });
  it('establishments enter the qualifying test', () => {
    const t = regionActivity(['r0', 'r1', 'r2', 'r3'], ['a', 'b', 'c'], Float64Array.from([10, 10, 80, 30, 30, 40, 5, 5, 90, 50, 50, 0]));
    const est = regionActivity(t.regions, t.activities, Float64Array.from([1, 1, 1, 9, 9, 1, 5, 5, 1, 1, 1, 1]));
    const s = clusterStrength(t, [0, 0, 1], est).filter((x) => x.cluster === 0);
    // establishments (2, 18, 10, 2): P25 = 2 → r0 and r3 no longer qualify
    assert.deepEqual(s.map((x) => x.qualifying), [false, true, false, false]);
  });
  it('US Cluster Mapping: every published 2016 flag of 50 states × 51 traded clusters', () => {
    const rows = readFixtureCsv(fixture('us-cluster-mapping', 'states_traded_clusters_2016.csv'));
    const clusters = [...new Set(rows.map((r) => r.cluster_code))];
    assert.equal(clusters.length, 51);
    let checked = 0;
    for (const code of clusters) {
      const cells = rows.filter((r) => r.cluster_code === code);
      const num = (k: string) => cells.map((r) => Number(r[k] || 0));
      const flags = clusterMappingFlags(num('emp'), num('lq'), num('est'));
      cells.forEach((r, i) => {
        for (const k of ['qualifying', 'significant', 'strong'] as const) {
          if (r[k] !== 'TRUE' && r[k] !== 'FALSE') continue;
          assert.equal(flags[i][k], r[k] === 'TRUE', `${r.state} cluster ${code} ${k}`);
          checked++;
        }
      });
    }
    assert.equal(checked, 3 * 2550);
  });
  it('Louvain splits two triangles joined by a bridge; modularity by hand', () => {
    const n = 6;
    const a = new Float64Array(n * n);
    const edge = (i: number, j: number) => {
      a[i * n + j] = 1;
      a[j * n + i] = 1;
    };
    [[0, 1], [1, 2], [0, 2], [3, 4], [4, 5], [3, 5], [2, 3]].forEach(([i, j]) => edge(i, j));
    const g = graphFromMatrix(a, n);
    const p = louvain(g);
    assert.equal(p.count, 2);
    assert.deepEqual(Array.from(p.membership), [0, 0, 0, 1, 1, 1]);
    close(p.quality, 2 * (3 / 7 - 0.25));
    close(modularity(g, [0, 0, 0, 0, 0, 0]), 0);
    const h = clusterHierarchical(a, n, 2);
    assert.deepEqual(Array.from(h), [0, 0, 0, 1, 1, 1]);
    const score = scoreClustering(a, n, p.membership);
    close(score.within, 1);
    close(score.between, 1 / 9);
  });
  it('activity space: spanning tree plus strongest links', () => {
    const phi = Float64Array.from([0, 0.9, 0.1, 0.2, 0.9, 0, 0.8, 0.3, 0.1, 0.8, 0, 0.7, 0.2, 0.3, 0.7, 0]);
    const links = activitySpace(phi, 4, 2);
    const tree = links.filter((l) => l.backbone);
    assert.equal(tree.length, 3);
    assert.deepEqual(tree.map((l) => l.weight), [0.9, 0.8, 0.7]);
    assert.equal(links.length, 4);
    assert.equal(links[3].weight, 0.3);
  });
});

describe('dynamics', () => {
  it('AUC with ties (Mann–Whitney)', () => {
    close(auc([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1]), 1);
    close(auc([0.1, 0.2, 0.3, 0.4], [1, 1, 0, 0]), 0);
    close(auc([0.5, 0.5], [0, 1]), 0.5);
  });
  it('entries and exits, and the relatedness principle on the BRES panel', async () => {
    const data = await readLongTable(fixture('..', '..', 'data', 'uk-bres', 'bres_itl2_sic2digit_employment_2022_2023.csv'), { activityCol: 'activity_code' });
    const periods = data.tables.map((t) => measures(t));
    const tr = transitions(periods[0], periods[1]);
    assert.ok(tr.some((x) => x.kind === 'entry') && tr.some((x) => x.kind === 'exit'));
    for (const x of tr) assert.ok(x.kind === 'entry' ? x.rcaAfter >= 1 && x.rcaBefore < 1 : x.rcaBefore >= 1 && x.rcaAfter < 1);
    const p = relatednessPrinciple(periods);
    assert.equal(p.deciles.reduce((s, d) => s + d.candidates, 0), p.candidates);
    assert.ok(p.auc > 0.5, `AUC ${p.auc}`);
    assert.ok(p.logit && p.logit.fixedEffects && p.logit.coefficient > 0);
  });
});

describe('opportunities, target, partners (a hand-worked case)', () => {
  // presence 10, absence 1: RCA gives M = r0 {p0, p1}, r1 {p0, p1, p2}, r2 {p1, p2, p3}, r3 {p2, p3}
  // ubiquities 2, 3, 3, 2; co-occurrences p0p1 2, p0p2 1, p1p2 2, p1p3 1, p2p3 2; φ = C / max(u):
  // φ01 = 2/3, φ02 = 1/3, φ03 = 0, φ12 = 2/3, φ13 = 1/3, φ23 = 2/3
  // r0's densities Σ_j M_j φ_ij / Σ_j φ_ij: p0 (2/3)/1 = 2/3, p1 (2/3)/(5/3) = 0.4, p2 1/(5/3) = 0.6, p3 (1/3)/1 = 1/3
  const t = regionActivity(['r0', 'r1', 'r2', 'r3'], ['p0', 'p1', 'p2', 'p3'], Float64Array.from([10, 10, 1, 1, 10, 10, 10, 1, 1, 10, 10, 10, 1, 1, 10, 10]));
  const res = measures(t);
  it("presence and r0's densities by hand", () => {
    assert.deepEqual(Array.from(res.m), [1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1]);
    [2 / 3, 0.4, 0.6, 1 / 3].forEach((d, a) => close(res.density[a], d));
  });
  it('opportunities by density alone: p2 then p3, each with the present activities it is related to, closest first', () => {
    const opp = opportunities(res, 0, { weights: { density: 1, pci: 0, cog: 0 }, top: 10, minUbiquity: 0 }).list;
    assert.deepEqual(opp.map((o) => o.activity), ['p2', 'p3']);
    close(opp[0].density, 0.6);
    close(opp[1].density, 1 / 3);
    assert.deepEqual(opp[0].relatedPresent.map((q) => q.activity), ['p1', 'p0']);
    close(opp[0].relatedPresent[0].proximity, 2 / 3);
    close(opp[0].relatedPresent[1].proximity, 1 / 3);
    assert.deepEqual(opp[1].relatedPresent.map((q) => q.activity), ['p1']);
  });
  it('PSWOT: density percentiles within r0 (p3 0, p1 1/3, p2 2/3, p0 1) give each class', () => {
    const entries = pswot(res, 0);
    assert.deepEqual(entries.map((e) => [e.activity, e.class]), [['p0', 'strength'], ['p1', 'weakness'], ['p2', 'possible entrant'], ['p3', 'threat']]);
    [1, 1 / 3, 2 / 3, 0].forEach((r, k) => close(entries[k].relativeDensity, r));
  });
  it('target assessment and partners', () => {
    const target = assessTarget(res, 0, [3]);
    // p3 has the lowest of r0's four densities
    assert.equal(target.rank, 4);
    assert.deepEqual(target.perActivity.map((x) => [x.activity, x.present, x.ubiquity]), [['p3', false, 2]]);
    close(target.perActivity[0].density, 1 / 3);
    // r2 and r3 hold the gap p3; r1 only p2, which is related to it
    const partners = partnerRegions(res, 0, [3], 2, 3);
    assert.deepEqual(partners.map((p) => p.region), ['r2', 'r3', 'r1']);
    assert.deepEqual(partners.map((p) => p.complementarity), [1, 1, 0.4]);
    // r1 shares both of r0's activities; r3 none
    assert.deepEqual(similarRegions(res, 0, 3).map((x) => x.region), ['r1', 'r2', 'r3']);
  });
});
