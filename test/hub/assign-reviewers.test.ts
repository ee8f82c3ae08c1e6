/**
 * Reviewer assignment: a hand-computed case where greedy fails, the minimum-cost flow on a textbook network, and
 * property tests: every answer respects every constraint, and it is optimal against brute force on small cases.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { flowNetwork } from '../../src/linalg/min-cost-flow.js';
import { assignReviewers, isOutside, type AssignmentProblem } from '../../src/hub/programmes/assign-reviewers.js';

test('min-cost flow: the cheapest way to send the most flow (hand-computed)', () => {
  // s=0, a=1, b=2, t=3. s→a (2, cost 1), s→b (1, cost 4), a→b (1, cost 1), a→t (1, cost 6), b→t (2, cost 1).
  // Max flow 3: s→a→t (cost 7), s→a→b→t (3), s→b→t (5): 15.
  const net = flowNetwork(4);
  const sa = net.addEdge(0, 1, 2, 1);
  const sb = net.addEdge(0, 2, 1, 4);
  const ab = net.addEdge(1, 2, 1, 1);
  const at = net.addEdge(1, 3, 1, 6);
  const bt = net.addEdge(2, 3, 2, 1);
  assert.deepEqual(net.solve(0, 3), { flow: 3, cost: 15 });
  assert.deepEqual([sa, sb, ab, at, bt].map((e) => net.flowOf(e)), [2, 1, 1, 1, 2]);
});

test('min-cost flow: negative costs are taken where they pay, and a negative cycle is used to its capacity', () => {
  const net = flowNetwork(3);
  net.addEdge(0, 1, 1, -5);
  net.addEdge(1, 2, 1, 2);
  net.addEdge(0, 2, 1, 0);
  assert.deepEqual(net.solve(0, 2), { flow: 2, cost: -3 });
  const cyc = flowNetwork(3);
  cyc.addEdge(0, 1, 1, 0);
  cyc.addEdge(1, 2, 5, -1);
  cyc.addEdge(2, 1, 5, -1);
  // flow 1 from 0 to 2; arcs 1→2 and 2→1 at −1 each: e(1→2) = 1 + e(2→1) ≤ 5, so 5 and 4, cost −9
  assert.deepEqual(cyc.solve(0, 2), { flow: 1, cost: -9 });
  assert.throws(() => flowNetwork(2).addEdge(0, 1, 1.5, 0), /integers/);
});

test('assignment is not greedy: each application gets the reviewer that makes the total best', () => {
  // greedy takes (A, X) = 0.9 first and leaves B with Y = 0.1 (total 1.0); the optimum is A–Y 0.8 + B–X 0.85 = 1.65
  const r = assignReviewers({
    applications: [{ id: 'A', disciplines: [] }, { id: 'B', disciplines: [] }],
    reviewers: [{ id: 'X', disciplines: [], capacity: 1 }, { id: 'Y', disciplines: [], capacity: 1 }],
    affinity: [0.9, 0.8, 0.85, 0.1],
    k: 1,
    maxLoad: 1,
    conflicted: () => false,
  });
  assert.deepEqual(r.pairs.map((p) => [p.application, p.reviewer]), [[0, 1], [1, 0]]);
  assert.ok(Math.abs(r.totalAffinity - 1.65) < 1e-9);
  assert.deepEqual(r.short, []);
});

test('a conflict, a full load and a pin: what cannot be met is reported, not hidden', () => {
  const r = assignReviewers({
    applications: [{ id: 'A', disciplines: ['econ'] }, { id: 'B', disciplines: ['geog'] }],
    reviewers: [{ id: 'X', disciplines: ['econ'], capacity: 5 }, { id: 'Y', disciplines: ['geog'], capacity: 1 }],
    affinity: [0.5, 0.9, 0.2, 0.3],
    k: 2,
    maxLoad: 2,
    conflicted: (a, rv) => a === 1 && rv === 0, // X may not review B
    pinned: [{ application: 0, reviewer: 1 }], // Y reviews A by a manager's choice
    requireOutside: true,
  });
  assert.deepEqual(r.pairs.map((p) => [p.application, p.reviewer, p.pinned]), [[0, 0, false], [0, 1, true]]);
  assert.deepEqual(r.short, [{ application: 1, assigned: 0 }]); // Y's one place went to A; X is conflicted
  assert.deepEqual(r.withoutOutside, [1]);
  assert.equal(isOutside(['econ'], []), false, 'a reviewer of unknown discipline is not counted as outside');
});

/** A small random problem. */
const problem = fc
  .record({ A: fc.integer({ min: 1, max: 4 }), R: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 1, max: 2 }), maxLoad: fc.integer({ min: 0, max: 3 }), requireOutside: fc.boolean(), seed: fc.integer() })
  .chain(({ A, R, k, maxLoad, requireOutside }) =>
    fc.record({
      A: fc.constant(A),
      R: fc.constant(R),
      k: fc.constant(k),
      maxLoad: fc.constant(maxLoad),
      requireOutside: fc.constant(requireOutside),
      affinity: fc.array(fc.integer({ min: 0, max: 100 }).map((x) => x / 100), { minLength: A * R, maxLength: A * R }),
      conflicts: fc.array(fc.boolean(), { minLength: A * R, maxLength: A * R }).map((c) => c.map((x, i) => x && i % 3 === 0)),
      capacities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: R, maxLength: R }),
      appDisciplines: fc.array(fc.constantFrom(['a'], ['b'], ['a', 'b'], []), { minLength: A, maxLength: A }),
      reviewerDisciplines: fc.array(fc.constantFrom(['a'], ['b'], ['c'], []), { minLength: R, maxLength: R }),
      pin: fc.option(fc.record({ application: fc.integer({ min: 0, max: A - 1 }), reviewer: fc.integer({ min: 0, max: R - 1 }) }), { nil: undefined }),
    }),
  )
  .map((x): AssignmentProblem => ({
    applications: x.appDisciplines.map((d, i) => ({ id: `a${i}`, disciplines: d })),
    reviewers: x.reviewerDisciplines.map((d, i) => ({ id: `r${i}`, disciplines: d, capacity: x.capacities[i] })),
    affinity: x.affinity,
    k: x.k,
    maxLoad: x.maxLoad,
    requireOutside: x.requireOutside,
    conflicted: (a, r) => x.conflicts[a * x.R + r] && !(x.pin && x.pin.application === a && x.pin.reviewer === r),
    pinned: x.pin && Math.min(x.maxLoad, x.capacities[x.pin.reviewer]) > 0 ? [x.pin] : [],
  }));

/** The best value by brute force: (pairs, applications with an outside reviewer, total affinity to 4 places), in that order. */
function bruteForce(p: AssignmentProblem): [number, number, number] {
  const A = p.applications.length;
  const R = p.reviewers.length;
  const choices: number[][] = [];
  for (let a = 0; a < A; a++) {
    const list: number[] = [];
    for (let mask = 0; mask < 1 << R; mask++) {
      let ok = true;
      let size = 0;
      for (let r = 0; r < R; r++) {
        const on = (mask >> r) & 1;
        size += on;
        const pinned = p.pinned?.some((x) => x.application === a && x.reviewer === r);
        if (on && p.conflicted(a, r) && !pinned) ok = false;
        if (pinned && !on) ok = false;
      }
      if (ok && size <= p.k) list.push(mask);
    }
    choices.push(list);
  }
  let best: [number, number, number] = [-1, -1, -1];
  const load = new Int32Array(R);
  const walk = (a: number, pairs: number, outsideApps: number, total: number) => {
    if (a === A) {
      const v: [number, number, number] = [pairs, p.requireOutside ? outsideApps : 0, Math.round(total * 1e4)];
      if (v[0] > best[0] || (v[0] === best[0] && (v[1] > best[1] || (v[1] === best[1] && v[2] > best[2])))) best = v;
      return;
    }
    for (const mask of choices[a]) {
      let ok = true;
      let n = 0;
      let outside = 0;
      let t = 0;
      for (let r = 0; r < R; r++) {
        if (!((mask >> r) & 1)) continue;
        if (load[r] + 1 > Math.min(p.maxLoad, p.reviewers[r].capacity)) ok = false;
        n++;
        t += Number(p.affinity[a * R + r]);
        if (isOutside(p.applications[a].disciplines, p.reviewers[r].disciplines)) outside = 1;
      }
      if (!ok) continue;
      for (let r = 0; r < R; r++) if ((mask >> r) & 1) load[r]++;
      walk(a + 1, pairs + n, outsideApps + outside, total + t);
      for (let r = 0; r < R; r++) if ((mask >> r) & 1) load[r]--;
    }
  };
  walk(0, 0, 0, 0);
  return best;
}

test('property: the assignment respects every constraint', () => {
  fc.assert(
    fc.property(problem, (p) => {
      const r = assignReviewers(p);
      const R = p.reviewers.length;
      const perApp = new Map<number, number>();
      const perReviewer = new Int32Array(R);
      const seen = new Set<number>();
      for (const x of r.pairs) {
        assert.ok(!seen.has(x.application * R + x.reviewer), 'a pair appears once');
        seen.add(x.application * R + x.reviewer);
        perApp.set(x.application, (perApp.get(x.application) ?? 0) + 1);
        perReviewer[x.reviewer]++;
        if (!x.pinned) assert.ok(!p.conflicted(x.application, x.reviewer), 'no conflicted pair');
      }
      for (const n of perApp.values()) assert.ok(n <= p.k, 'at most k reviewers per application');
      p.reviewers.forEach((rv, i) => assert.ok(perReviewer[i] <= Math.min(p.maxLoad, rv.capacity), 'no reviewer over their load'));
      for (const pin of p.pinned ?? []) assert.ok(seen.has(pin.application * R + pin.reviewer), 'pinned pairs are kept');
      assert.deepEqual(r.short.map((s) => s.application), p.applications.map((_, i) => i).filter((i) => (perApp.get(i) ?? 0) < p.k));
    }),
    { numRuns: 300 },
  );
});

test('property: the assignment is optimal against brute force', () => {
  fc.assert(
    fc.property(problem, (p) => {
      const r = assignReviewers(p);
      const outsideApps = new Set(r.pairs.filter((x) => x.outside).map((x) => x.application)).size;
      const got: [number, number, number] = [r.pairs.length, p.requireOutside ? outsideApps : 0, Math.round(r.totalAffinity * 1e4)];
      assert.deepEqual(got, bruteForce(p));
    }),
    { numRuns: 300 },
  );
});
