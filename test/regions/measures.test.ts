import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { tridiagonalEigen } from '../../src/linalg/eigen.js';
import { pearson } from '../../src/linalg/stats.js';
import { complexityOutlook, complexitySign, eigenComplexity, fitness, prodyExpy, reflections } from '../../src/regions/complexity.js';
import { density, densityKnn, portfolioDensity } from '../../src/regions/density.js';
import { measures } from '../../src/regions/measures.js';
import { relatednessEconGeo, relatednessMatrix, relatednessZScore, proximity, proximityAsymmetric, proximityContinuous, coOccurrenceOf, RELATEDNESS_METHODS } from '../../src/regions/relatedness.js';
import { presence, rca, relativeLQ } from '../../src/regions/specialisation.js';
import { UserError } from '../../src/errors.js';
import { regionActivity, subset } from '../../src/regions/table.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

describe('EconGeo relatedness normalisations (hand-computed)', () => {
  // c = [[0,2,1],[2,0,3],[1,3,0]]: s = (3,5,4), t = 12
  const c = Float64Array.from([0, 2, 1, 2, 0, 3, 1, 3, 0]);
  it('association: c·t/(s_i s_j)', () => close(relatednessEconGeo(c, 3, 'association')[1], (2 * 12) / 15));
  it('cosine: c/√(s_i s_j)', () => close(relatednessEconGeo(c, 3, 'cosine')[1], 2 / Math.sqrt(15)));
  it('jaccard: c/(s_i + s_j − c)', () => close(relatednessEconGeo(c, 3, 'jaccard')[1], 1 / 3));
  it('prob (EconGeo default), without rounding', () => close(relatednessEconGeo(c, 3, 'prob')[1], 1.05));
  it('diagonal is zero and the diagonal of the input is ignored', () => {
    const withDiag = Float64Array.from(c);
    withDiag[0] = 9;
    const r = relatednessEconGeo(withDiag, 3, 'cosine');
    assert.equal(r[0], 0);
    close(r[1], 2 / Math.sqrt(15));
  });
  it('hypergeometric z-score is 0 at the expected co-occurrence', () => {
    // 4 regions, u = (2, 2), C = 1 = 2·2/4
    const cooc = Float64Array.from([2, 1, 1, 2]);
    assert.equal(relatednessZScore(cooc, 2, 4)[1], 0);
    const high = Float64Array.from([2, 2, 2, 2]);
    // μ = 1, σ² = 1·(1 − 1/2)·(4 − 2)/3 = 1/3
    close(relatednessZScore(high, 2, 4)[1], 1 / Math.sqrt(1 / 3));
  });
});

describe('relatedness by name, z-scores and continuous proximity (hand-computed)', () => {
  // 4 regions × 3 activities: M = [1 1 0; 1 1 1; 0 1 1; 1 0 0]
  const m = Float64Array.from([1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0]);
  const levels = Float64Array.from([2, 1.5, 0.2, 1.2, 1.1, 1.3, 0.4, 1.8, 2.5, 3, 0.1, 0.3]);
  it('every method name gives its own matrix', () => {
    assert.deepEqual([...RELATEDNESS_METHODS], ['proximity', 'asymmetric', 'continuous', 'prob', 'association', 'cosine', 'jaccard', 'zscore']);
    const cooc = coOccurrenceOf(m, 4, 3);
    const direct: Record<string, Float64Array> = {
      proximity: proximity(cooc, 3),
      asymmetric: proximityAsymmetric(cooc, 3),
      continuous: proximityContinuous(levels, 4, 3),
      prob: relatednessEconGeo(cooc, 3, 'prob'),
      association: relatednessEconGeo(cooc, 3, 'association'),
      cosine: relatednessEconGeo(cooc, 3, 'cosine'),
      jaccard: relatednessEconGeo(cooc, 3, 'jaccard'),
      zscore: relatednessZScore(cooc, 3, 4),
    };
    for (const method of RELATEDNESS_METHODS) assert.deepEqual(Array.from(relatednessMatrix(method, m, levels, 4, 3)), Array.from(direct[method]), method);
    // and they differ from one another on this table
    assert.notDeepEqual(Array.from(direct.proximity), Array.from(direct.asymmetric));
    assert.notDeepEqual(Array.from(direct.cosine), Array.from(direct.jaccard));
  });
  it('z-score by hand; 0 where the variance is 0 (an activity present everywhere)', () => {
    // N = 5, u_p = 2, u_q = 3, C = 2: μ = 6/5, σ² = μ (1 − 2/5)(5 − 3)/4 = 0.36, z = (2 − 1.2)/0.6
    const cooc = Float64Array.from([2, 2, 2, 3]);
    const z = relatednessZScore(cooc, 2, 5);
    close(z[1], 0.8 / 0.6);
    close(z[2], 0.8 / 0.6);
    const everywhere = relatednessZScore(Float64Array.from([5, 3, 3, 3]), 2, 5);
    assert.deepEqual(Array.from(everywhere), [0, 0, 0, 0]);
  });
  it('continuous proximity by hand: (1 + Pearson correlation of the levels across regions) / 2; 0 for a constant column', () => {
    // columns p0 = (2, 1.2, 0.4, 3) and p1 = (1.5, 1.1, 1.8, 0.1)
    const r01 = pearson([2, 1.2, 0.4, 3], [1.5, 1.1, 1.8, 0.1]);
    const phi = proximityContinuous(levels, 4, 3);
    close(phi[1], (1 + r01) / 2);
    close(phi[3], (1 + r01) / 2);
    assert.equal(phi[0], 0);
    const constant = proximityContinuous(Float64Array.from([1, 2, 1, 3, 1, 5]), 3, 2);
    assert.deepEqual(Array.from(constant), [0, 0, 0, 0]);
  });
});

describe('PRODY and EXPY (Hausmann, Hwang & Rodrik 2007; hand-computed)', () => {
  it("PRODY: GDP per capita weighted by revealed shares; EXPY: the region's PRODY-weighted mix", () => {
    // shares r0 (0.75, 0.25), r1 (0.5, 0.5); Y = (10, 20). PRODY_p0 = 0.6·10 + 0.4·20 = 14,
    // PRODY_p1 = (1/3)·10 + (2/3)·20 = 50/3; EXPY_r0 = 0.75·14 + 0.25·50/3, EXPY_r1 = 0.5·14 + 0.5·50/3
    const t = regionActivity(['r0', 'r1'], ['p0', 'p1'], Float64Array.from([3, 1, 1, 1]));
    const { prody, expy } = prodyExpy(t, [10, 20]);
    close(prody[0], 14);
    close(prody[1], 50 / 3);
    close(expy[0], 0.75 * 14 + 0.25 * (50 / 3));
    close(expy[1], 0.5 * 14 + 0.5 * (50 / 3));
    // a region with no activity has no shares: it adds nothing to PRODY, and its EXPY is 0
    const empty = prodyExpy(regionActivity(['r0', 'r1', 'r2'], ['p0', 'p1'], Float64Array.from([3, 1, 1, 1, 0, 0])), [10, 20, 1000]);
    close(empty.prody[0], 14);
    assert.equal(empty.expy[2], 0);
    // an activity no region has has no PRODY to weigh (0, not 0/0)
    const unheld = prodyExpy(regionActivity(['r0', 'r1'], ['p0', 'p1', 'p2'], Float64Array.from([3, 1, 0, 1, 1, 0])), [10, 20]);
    assert.equal(unheld.prody[2], 0);
    close(unheld.expy[0], 0.75 * 14 + 0.25 * (50 / 3));
  });
});

describe('portfolio density (hand-computed)', () => {
  it("coherence: the mean density of a region's present activities; flexibility: of its absent ones; NaN when there are none", () => {
    const { coherence, flexibility } = portfolioDensity([1, 0, 1, 0, 0, 0], [0.2, 0.5, 0.4, 0.1, 0.3, 0.6], 2, 3);
    close(coherence[0], 0.3);
    close(flexibility[0], 0.5);
    assert.ok(Number.isNaN(coherence[1]));
    close(flexibility[1], 1 / 3);
    const full = portfolioDensity([1, 1], [0.7, 0.9], 1, 2);
    close(full.coherence[0], 0.8);
    assert.ok(Number.isNaN(full.flexibility[0]));
  });
});

describe('specialisation', () => {
  it('RCA by hand', () => {
    const t = regionActivity(['a', 'b'], ['x', 'y'], Float64Array.from([1, 3, 3, 1]));
    // region a: share of x 1/4; world share of x 4/8 → 0.5
    close(rca(t)[0], 0.5);
    close(rca(t)[1], 1.5);
  });
  it('RCA by hand on an asymmetric table (rows and columns swapped would give other numbers: M3)', () => {
    // regions a, b × activities x, y, z: a = (2, 6, 2), b = (8, 2, 0); totals x 10, y 8, z 2, all 20
    const t = regionActivity(['a', 'b'], ['x', 'y', 'z'], Float64Array.from([2, 6, 2, 8, 2, 0]));
    const r = rca(t);
    close(r[0], 2 / 10 / (10 / 20)); // a in x: 0.4
    close(r[1], 6 / 10 / (8 / 20)); // a in y: 1.5
    close(r[2], 2 / 10 / (2 / 20)); // a in z: 2
    close(r[3], 8 / 10 / (10 / 20)); // b in x: 1.6
    close(r[4], 2 / 10 / (8 / 20)); // b in y: 0.5
    assert.equal(r[5], 0);
  });
  it('presence: RCA exactly at the threshold counts as present (≥, M4); NaN is absent', () => {
    assert.deepEqual(Array.from(presence([0.999999, 1, 1.000001, Number.NaN, 0])), [0, 1, 1, 0, 0]);
    assert.deepEqual(Array.from(presence([0.5, 0.25, 0.2499], 0.25)), [1, 1, 0]);
    // an RCA of exactly 1: a region whose mix is the world's
    const t = regionActivity(['a', 'b'], ['x', 'y'], Float64Array.from([1, 3, 2, 6]));
    assert.deepEqual(Array.from(rca(t)), [1, 1, 1, 1]);
    assert.deepEqual(Array.from(presence(rca(t))), [1, 1, 1, 1]);
  });
  it('an all-zero table is refused in words', () => {
    const t = regionActivity(['a', 'b'], ['x', 'y'], new Float64Array(4));
    assert.throws(() => measures(t), (e: unknown) => e instanceof UserError);
  });
  it('relative LQ equals RCA when the benchmark is every region', () => {
    const t = regionActivity(['a', 'b', 'c'], ['x', 'y'], Float64Array.from([1, 3, 3, 1, 2, 2]));
    const a = rca(t);
    const b = relativeLQ(t, [0, 1, 2]);
    a.forEach((v, i) => close(b[i], v));
    close(relativeLQ(t, [1])[0], 0.25 / 0.75);
  });
  it('RCA is invariant to scaling the whole table (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 12, maxLength: 12 }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (vals, k) => {
        const t = regionActivity(['a', 'b', 'c'], ['w', 'x', 'y', 'z'], Float64Array.from(vals));
        const s = regionActivity(t.regions, t.activities, t.values.map((v) => v * k));
        const r1 = rca(t);
        const r2 = rca(s);
        return r1.every((v, i) => Math.abs(v - r2[i]) <= 1e-9 * Math.max(1, v));
      }),
    );
  });
});

/** Tables with at least one positive cell (an all-zero table is refused; tested on its own). */
const randomTable = fc
  .tuple(fc.integer({ min: 4, max: 9 }), fc.integer({ min: 4, max: 9 }))
  .chain(([R, A]) => fc.tuple(fc.constant(R), fc.constant(A), fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500 })), { minLength: R * A, maxLength: R * A })))
  .filter(([, , vals]) => vals.some((v) => v > 0));

describe('measures (properties)', () => {
  it('density lies in [0, 1] for discrete, asymmetric and kNN density', () => {
    fc.assert(
      fc.property(randomTable, ([R, A, vals]) => {
        const t = regionActivity(Array.from({ length: R }, (_, i) => `r${i}`), Array.from({ length: A }, (_, i) => `p${i}`), Float64Array.from(vals));
        for (const opts of [{}, { asymmetric: true }, { knn: 3 }]) {
          const res = measures(t, opts);
          if (!res.density.every((d) => d >= -1e-12 && d <= 1 + 1e-12)) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });
  it('ECI correlates non-negatively with diversity (sign rule) and PCI uses ECI’s scale', () => {
    fc.assert(
      fc.property(randomTable, ([R, A, vals]) => {
        const t = regionActivity(Array.from({ length: R }, (_, i) => `r${i}`), Array.from({ length: A }, (_, i) => `p${i}`), Float64Array.from(vals));
        const res = measures(t);
        const ok = Array.from(res.eci).every(Number.isFinite);
        if (!ok) return true; // disconnected or degenerate: nothing to check
        const c = pearson(res.diversity, res.eci);
        return Number.isNaN(c) || c >= -1e-9;
      }),
      { numRuns: 150 },
    );
  });
  it('results are invariant to permuting regions and activities', () => {
    fc.assert(
      fc.property(randomTable, fc.integer(), ([R, A, vals], seed) => {
        const t = regionActivity(Array.from({ length: R }, (_, i) => `r${i}`), Array.from({ length: A }, (_, i) => `p${i}`), Float64Array.from(vals));
        const perm = (n: number, s: number) => Array.from({ length: n }, (_, i) => i).sort((a, b) => ((a * 7919 + s) % 101) - ((b * 7919 + s) % 101) || a - b);
        const pr = perm(R, seed);
        const pa = perm(A, seed >> 3);
        const u = subset(t, pr, pa);
        const a = measures(t);
        const b = measures(u);
        for (let i = 0; i < b.table.regions.length; i++) {
          const ri = a.table.regions.indexOf(b.table.regions[i]);
          if (Math.abs(a.diversity[ri] - b.diversity[i]) > 0) return false;
          // ECI is unique only when the eigenvalue is simple and the sign rule decides (corr with diversity ≠ 0)
          const unique = !a.notices.some((n) => n.includes('not unique')) && Math.abs(pearson(a.diversity, a.eci)) > 1e-6;
          if (unique && Number.isFinite(a.eci[ri]) && Math.abs(a.eci[ri] - b.eci[i]) > 1e-6 * Math.max(1, Math.abs(a.eci[ri]))) return false;
          for (let j = 0; j < b.table.activities.length; j++) {
            const pj = a.table.activities.indexOf(b.table.activities[j]);
            const A1 = a.table.activities.length;
            const A2 = b.table.activities.length;
            if (Math.abs(a.density[ri * A1 + pj] - b.density[i * A2 + j]) > 1e-9) return false;
          }
        }
        return true;
      }),
      { numRuns: 100 },
    );
  });
});

describe('ECI uniqueness', () => {
  it('a repeated second eigenvalue is detected and reported (found by the permutation property)', () => {
    // reflections spectrum 1, 2/3, 2/3, 0.557, 1/3, 0.170, 0.037 (numpy.linalg.eigh of the symmetric form)
    const m = [[0, 1, 0, 0, 0, 0, 0], [0, 1, 0, 1, 0, 0, 0], [1, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 1, 1, 0], [0, 0, 0, 0, 1, 0, 0], [0, 0, 0, 1, 0, 0, 0], [1, 1, 0, 0, 0, 1, 0], [0, 0, 1, 1, 1, 0, 1]];
    const e = eigenComplexity(Float64Array.from(m.flat()), 9, 7);
    close(e.eigenvalue, 2 / 3, 1e-12);
    assert.equal(e.repeated, true);
    const res = measures(regionActivity(m.map((_, i) => `r${i}`), m[0].map((_, j) => `p${j}`), Float64Array.from(m.flat())), { presence: 'manual' });
    assert.ok(res.notices.some((n) => n.includes('repeated') && n.includes('not unique')), res.notices.join('; '));
  });
  it('a simple second eigenvalue is not reported as repeated', () => {
    const m = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 0, 1]];
    assert.equal(eigenComplexity(Float64Array.from(m.flat()), 5, 4).repeated, false);
  });
});

describe('density', () => {
  it('hand-computed density and kNN density', () => {
    // φ for 3 activities; region has activity 0 only
    const phi = Float64Array.from([0, 0.5, 0.2, 0.5, 0, 0.4, 0.2, 0.4, 0]);
    const m = Float64Array.from([1, 0, 0]);
    const d = density(m, phi, 1, 3);
    close(d[1], 0.5 / 0.9);
    close(d[2], 0.2 / 0.6);
    // k = 1: activity 2's nearest is activity 1 (0.4) → no weight on activity 0
    const k1 = densityKnn(m, phi, 1, 3, 1);
    assert.equal(k1[2], 0);
    close(k1[1], 1);
  });
  it('coherence and flexibility average density inside and outside the portfolio', () => {
    const pd = portfolioDensity(Float64Array.from([1, 0, 0]), Float64Array.from([0.2, 0.4, 0.6]), 1, 3);
    close(pd.coherence[0], 0.2);
    close(pd.flexibility[0], 0.5);
  });
  it('symmetric proximity is the minimum conditional probability', () => {
    // regions × activities: activity 0 in 3 regions, activity 1 in 2 of them
    const m = Float64Array.from([1, 1, 1, 1, 1, 0]);
    const phi = proximity(coOccurrenceOf(m, 3, 2), 2);
    close(phi[1], 2 / 3);
    assert.equal(phi[0], 0);
  });
});

describe('complexity', () => {
  it('fitness–complexity by hand (economiccomplexity iteration scheme)', () => {
    const m = Float64Array.from([1, 1, 1, 0]);
    const { fitness: F, complexity: Q } = fitness(m, 2, 2, 3);
    close(F[0], 1.5);
    close(F[1], 0.5);
    close(Q[0], 0.5);
    close(Q[1], 1.5);
  });
  it('reflections agree in sign and order with the eigenvector ECI on a nested matrix', () => {
    // perfectly nested: region i has activities 0..i
    const R = 6;
    const m = new Float64Array(R * R);
    for (let i = 0; i < R; i++) for (let j = 0; j <= i; j++) m[i * R + j] = 1;
    const refl = reflections(m, R, R, 20);
    const t = regionActivity(Array.from({ length: R }, (_, i) => `r${i}`), Array.from({ length: R }, (_, i) => `p${i}`), m);
    const eig = measures(t, { presence: 'manual' });
    assert.ok(pearson(refl.eci, eig.eci) > 0.9);
  });
  it('fitness–complexity with extremality γ = 2 (numpy, the same recursion written independently)', () => {
    const { fitness: F, complexity: Q } = fitness(Float64Array.from([1, 1, 1, 1, 1, 0, 1, 0, 0]), 3, 3, 3, 2);
    [1.6529025984960128, 0.9293597338035753, 0.417737667700412].forEach((v, i) => close(F[i], v, 1e-12));
    [0.46573359727074076, 0.9041988122816662, 1.6300675904475928].forEach((v, i) => close(Q[i], v, 1e-12));
  });
  it('reflections by hand at iteration 3: z-scores (sample s.d.) of k_c,1 and k_p,2', () => {
    // M = [1 1 1; 1 1 0; 1 0 0; 1 0 1]: k_c,1 = M k_p,0 / k_c,0 = (3, 3.5, 4, 3.5), mean 3.5, s.d. 1/√3
    const { eci, pci } = reflections(Float64Array.from([1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1]), 4, 3, 3);
    [-Math.sqrt(3) / 2, -Math.sqrt(3) / 6, Math.sqrt(3) * (5 / 6), -Math.sqrt(3) / 6].forEach((v, i) => close(eci[i], v, 1e-12));
    [2 / Math.sqrt(3), -1 / Math.sqrt(3), -1 / Math.sqrt(3)].forEach((v, i) => close(pci[i], v, 1e-12));
  });
  it('tridiagonal eigen solver', () => {
    const { values } = tridiagonalEigen([2, 2], [1]);
    close(values[0], 1);
    close(values[1], 3);
  });
});

describe('ECI and PCI eigenvectors against numpy (numpy.linalg.eigh of the symmetric form, sign by the same rule)', () => {
  // k_c and k_p are defined up to one positive factor (the eigenvector's length), the same for both
  const proportional = (got: Float64Array, want: number[], factor: number) =>
    want.forEach((w, i) => (Number.isNaN(w) ? assert.ok(Number.isNaN(got[i]), `index ${i}: ${got[i]} should be NaN`) : close(got[i] / factor, w, 1e-9)));
  const check = (m: number[][], kc: number[], kp: number[], eigenvalue: number) => {
    const e = eigenComplexity(Float64Array.from(m.flat()), m.length, m[0].length);
    close(e.eigenvalue, eigenvalue, 1e-10);
    assert.equal(e.repeated, false);
    const j = kp.findIndex((v) => Math.abs(v) > 0.1);
    const factor = e.kp[j] / kp[j];
    assert.ok(factor > 0, `the sign rule chose the opposite sign (factor ${factor})`);
    proportional(e.kc, kc, factor);
    proportional(e.kp, kp, factor);
  };
  it('a tall table with an empty region and an empty activity (both NaN; activity side)', () => {
    check(
      [[1, 1, 1, 1, 0], [1, 1, 1, 0, 0], [1, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 0], [1, 1, 0, 1, 0]],
      [0.10944306805772851, 0.025751310131230203, -0.14163220572176638, -0.30901572157476287, NaN, 0.02575131013123022],
      [-0.30901572157476287, 0.025751310131230137, 0.36051834183722337, 0.3605183418372234, NaN],
      0.18750000000000008,
    );
  });
  it('a wide table (solved on the region side)', () => {
    check(
      [[1, 1, 1, 1, 0], [1, 1, 0, 0, 1], [1, 0, 0, 0, 0]],
      [0.22618628856652934, -0.2598293875210558, -0.12525699170295013],
      [-0.12525699170295013, -0.03978002796448094, 0.5348910869667743, 0.5348910869667742, -0.6144511428957362],
      0.42286419437117928,
    );
  });
  it('every region equally diverse: the sign falls back to PCI falling with ubiquity', () => {
    const m = [[1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1], [0, 1, 1, 0]];
    check(m, [-0.07054601277216956, -0.07054601277216967, 0.4495390396191934, -0.30844701407485425], [0.16735498853051503, -0.30844701407485414, -0.30844701407485436, 0.7317230907078718], 0.6143567769390845);
  });
  it('two regions suffice (the eigenvalue 1/3 is simple: a 2 × 2 problem has no third to compare); one does not', () => {
    const e = eigenComplexity(Float64Array.from([1, 1, 1, 1, 0, 0]), 2, 3);
    close(e.eigenvalue, 1 / 3, 1e-12);
    assert.equal(e.repeated, false);
    assert.ok(e.kc[0] > e.kc[1], 'the more diverse region is the more complex');
    const one = eigenComplexity(Float64Array.from([1, 1, 0]), 1, 3);
    assert.deepEqual({ eigenvalue: one.eigenvalue, repeated: one.repeated, iterations: one.iterations }, { eigenvalue: NaN, repeated: false, iterations: 0 });
    assert.ok([...one.kc, ...one.kp].every(Number.isNaN));
    assert.ok([...eigenComplexity(Float64Array.from([1, 1, 1]), 3, 1).kc].every(Number.isNaN), 'one activity');
    // two activities suffice too: M = [1 1; 1 0; 0 1] gives M̃ the eigenvalues 1 and 1/2 (numpy)
    const two = eigenComplexity(Float64Array.from([1, 1, 1, 0, 0, 1]), 3, 2);
    close(two.eigenvalue, 0.5, 1e-12);
    assert.ok([...two.kc, ...two.kp].every(Number.isFinite));
  });
});

describe('the ECI sign rule and its fallbacks (hand cases)', () => {
  it('ECI rises with diversity', () => {
    assert.equal(complexitySign([1, 2, 3], [-1, 0, 2], [1, 1], [0, 0]), 1);
    assert.equal(complexitySign([1, 2, 3], [2, 0, -1], [1, 1], [0, 0]), -1);
  });
  it('when diversity says nothing (constant, or uncorrelated), PCI falls with ubiquity', () => {
    assert.equal(complexitySign([2, 2, 2], [1, 0, 5], [1, 2, 3], [3, 1, 0]), 1);
    assert.equal(complexitySign([2, 2, 2], [1, 0, 5], [1, 2, 3], [0, 1, 3]), -1);
    // diversity (1, 2, 3) and ECI (1, 0, 1) are uncorrelated
    assert.equal(complexitySign([1, 2, 3], [1, 0, 1], [1, 2, 3], [0, 1, 3]), -1);
  });
  it('when neither decides, ECI is skewed to the right (a few highly complex regions)', () => {
    assert.equal(complexitySign([2, 2, 2, 2], [-1, -1, -1, 3], [1, 1], [0, 0]), 1);
    assert.equal(complexitySign([2, 2, 2, 2], [1, 1, 1, -3], [1, 1], [0, 0]), -1);
    assert.equal(complexitySign([2, 2, 2, 2], [1, 1, 2, 4], [1, 1], [0, 0]), 1);
    // the third moment is about the mean: (10, 10, 10, 9) is skewed to the left although every value is positive
    assert.equal(complexitySign([2, 2, 2, 2], [10, 10, 10, 9], [1, 1], [0, 0]), -1);
  });
});

describe('complexity outlook (hand-computed)', () => {
  it('COI: density-weighted complexity of what is absent; COG: an activity with no proximity adds nothing (and no NaN)', () => {
    // activities 0…3, φ: 0–1 0.5, 0–2 0.2, activity 3 related to none; k_p = (1, −1, 2, 3)
    const phi = Float64Array.from([0, 0.5, 0.2, 0, 0.5, 0, 0, 0, 0.2, 0, 0, 0, 0, 0, 0, 0]);
    const m = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0]);
    const dens = Float64Array.from([0, 0.4, 0.1, 0, 0.6, 0, 0.3, 0.1]);
    const { coi, cog } = complexityOutlook(m, dens, phi, [1, -1, 2, 3], 2, 4);
    close(coi[0], 0.4 * -1 + 0.1 * 2);
    close(coi[1], 0.6 * 1 + 0.3 * 2 + 0.1 * 3);
    // W_qp = φ_qp k_q / Σφ_q: W_0 = (0, 5/7, 2/7, 0), W_1 = (−1, 0, 0, 0), W_2 = (2, 0, 0, 0), W_3 = 0.
    // r0 holds 0: every absent p gets Σ_{q≠0} W_qp = 0. r1 holds 1: p0 gets W_00 + W_20 + W_30 = 2, p2 gets 2/7.
    [0, 0, 0, 0, 2, 0, 2 / 7, 0].forEach((v, i) => close(cog[i], v));
  });
});
