import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { facetCountsIn, HeldCache, select, snapshotOf, textHitOf, type IndexRow } from '../../src/hub/search/facet-index.js';
import { bitset, setBit, setBits } from '../../src/linalg/bitset.js';

const FACETS = ['a', 'b', 'c'] as const;

/** Rows with up to four values in each of three facets; some rows not findable. */
const rowsArb = fc.array(
  fc.record({
    findable: fc.boolean(),
    a: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
    b: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }),
    c: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
  }),
  { maxLength: 150 },
);
const toRows = (xs: { findable: boolean; a: number[]; b: number[]; c: number[] }[]): IndexRow[] =>
  xs.map((x, i) => ({ id: `r${i}`, findable: x.findable, facets: FACETS.flatMap((f) => x[f].map((v) => `${f}:${v}`)) }));

describe('faceted index', () => {
  test('property: filters (OR within a facet, AND across) and disjunctive counts equal a brute-force count', () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.record({ a: fc.uniqueArray(fc.integer({ min: 0, max: 5 }).map(String), { maxLength: 2 }), b: fc.uniqueArray(fc.integer({ min: 0, max: 40 }).map(String), { maxLength: 3 }), c: fc.uniqueArray(fc.integer({ min: 0, max: 2 }).map(String), { maxLength: 1 }) }),
        fc.option(fc.uniqueArray(fc.nat(149), { maxLength: 60 })),
        fc.constantFrom('relevance', 'default', 'reverse') as fc.Arbitrary<'relevance' | 'default' | 'reverse'>,
        (xs, selected, textRows, order) => {
          const rows = toRows(xs);
          const snap = snapshotOf(1, rows);
          const hits = textRows?.filter((r) => r < rows.length).map((r, k) => ({ id: `r${r}`, rank: 1 / (k + 1) })) ?? null;
          const text = hits ? textHitOf(snap, hits) : null;
          const got = select(snap, FACETS, selected, text, order);

          const has = (r: IndexRow, f: string, v: string) => r.facets.includes(`${f}:${v}`);
          const passes = (r: IndexRow, i: number, except?: string) =>
            r.findable && (!hits || hits.some((h) => h.id === `r${i}`)) && FACETS.every((f) => f === except || selected[f].length === 0 || selected[f].some((v) => has(r, f, v)));
          const expectedRows = rows.map((r, i) => (passes(r, i) ? i : -1)).filter((i) => i >= 0);
          if (text && order === 'relevance') {
            const rank = new Map(hits!.map((h) => [h.id, h.rank]));
            expectedRows.sort((x, y) => rank.get(`r${y}`)! - rank.get(`r${x}`)! || x - y);
          } else if (order === 'reverse') expectedRows.reverse();
          assert.equal(got.total, expectedRows.length);
          assert.deepEqual(got.page(0, rows.length + 1), expectedRows);
          // any page is the same slice of the whole order
          const offset = Math.floor(expectedRows.length / 3);
          assert.deepEqual(got.page(offset, 7), expectedRows.slice(offset, offset + 7));

          const expectedCounts = new Map<string, number>();
          for (const f of FACETS)
            rows.forEach((r, i) => {
              if (!passes(r, i, f)) return;
              for (const v of r.facets) if (v.startsWith(`${f}:`)) expectedCounts.set(v, (expectedCounts.get(v) ?? 0) + 1);
            });
          assert.deepEqual(new Map([...got.counts].sort()), new Map([...expectedCounts].sort()));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('property: counting by popcounts per value and by tallying rows agree, whatever the scope', () => {
    fc.assert(
      fc.property(rowsArb, fc.uniqueArray(fc.nat(149), { maxLength: 150 }), (xs, inScope) => {
        const snap = snapshotOf(1, toRows(xs));
        const scope = bitset(snap.size);
        for (const r of inScope) if (r < snap.size) setBit(scope, r);
        for (const f of FACETS) {
          const byPopcount = new Map<string, number>();
          const byTally = new Map<string, number>();
          facetCountsIn(snap, f, scope, byPopcount, 'popcount');
          facetCountsIn(snap, f, scope, byTally, 'tally');
          assert.deepEqual(byTally, byPopcount);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('set bits in both orders, across word boundaries', () => {
    const b = bitset(100);
    for (const i of [0, 31, 32, 63, 64, 99]) setBit(b, i);
    assert.deepEqual(setBits(b), [0, 31, 32, 63, 64, 99]);
    assert.deepEqual(setBits(b, true), [99, 64, 63, 32, 31, 0]);
  });
});

describe('held cache', () => {
  test('keeps the most recently used values within its memory, computes each once, forgets failures', async () => {
    const cache = new HeldCache<number>(10, (v) => v);
    let computed = 0;
    const value = (v: number) => async () => (computed++, v);
    assert.equal(await cache.get('a', value(4)), 4);
    assert.equal(await cache.get('a', value(99)), 4); // held: not computed again
    await cache.get('b', value(4));
    await cache.get('a', value(99)); // a is now the most recently used
    await cache.get('c', value(4)); // 12 bytes: the least recently used (b) goes
    assert.equal(cache.size, 2);
    assert.equal(await cache.get('b', value(5)), 5); // computed again
    assert.equal(computed, 4);
    await assert.rejects(cache.get('bad', () => Promise.reject(new Error('no'))));
    assert.equal(await cache.get('bad', value(1)), 1);
  });
});

describe('held cache, values that grow', () => {
  test('a value that grew after it was kept is weighed again when another is kept', async () => {
    const cache = new HeldCache<{ n: number }>(10, (v) => v.n);
    const a = { n: 2 };
    await cache.get('a', async () => a);
    await cache.get('b', async () => ({ n: 2 }));
    a.n = 9; // a gains ranks, say
    await cache.get('c', async () => ({ n: 1 })); // 9 + 2 + 1 > 10: a, the least recently used, goes
    let recomputed = false;
    await cache.get('a', async () => ((recomputed = true), { n: 1 }));
    assert.equal(recomputed, true);
    assert.equal(cache.size, 3);
  });
});
