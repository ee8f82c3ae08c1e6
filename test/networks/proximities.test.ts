import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { haversineKm, proximity, proximityContext, proximityParadox } from '../../src/networks/proximities.js';
import type { Records } from '../../src/networks/records.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

describe('the five proximities', () => {
  const records: Records = {
    actors: [
      { id: 'ann', kind: 'person', name: 'Ann', organisation: 'Uni A', organisationType: 'university', country: 'GB', region: 'TLK', latitude: 51.5074, longitude: -0.1278, disciplines: [{ code: 'econ', weight: 1 }] },
      { id: 'bob', kind: 'person', name: 'Bob', organisation: 'Uni A', organisationType: 'university', country: 'GB', region: 'TLK', latitude: 51.5074, longitude: -0.1278, disciplines: [{ code: 'econ', weight: 1 }, { code: 'geo', weight: 1 }] },
      { id: 'cat', kind: 'person', name: 'Cat', organisation: 'Lab B', organisationType: 'research institute', country: 'FR', region: 'FR1', latitude: 48.8566, longitude: 2.3522, disciplines: [{ code: 'geo', weight: 1 }] },
      { id: 'dan', kind: 'person', name: 'Dan', organisation: 'Lab C', country: 'FR', disciplines: [] },
      { id: 'Lab B', kind: 'organisation', name: 'Lab B', organisation: 'CNRS', disciplines: [] },
      { id: 'Lab C', kind: 'organisation', name: 'Lab C', organisation: 'CNRS', disciplines: [] },
    ],
    activities: [
      { id: 'p1', type: 'publication', date: '2010', keywords: ['clusters', 'innovation'], fields: [] },
      { id: 'p2', type: 'publication', date: '2011', keywords: ['innovation'], fields: [] },
      { id: 'p3', type: 'workshop', date: '2012', keywords: [], fields: [] },
    ],
    participations: [
      { activity: 'p1', actor: 'ann', role: 'author' },
      { activity: 'p1', actor: 'bob', role: 'author' },
      { activity: 'p2', actor: 'bob', role: 'author' },
      { activity: 'p2', actor: 'cat', role: 'author' },
      { activity: 'p3', actor: 'cat', role: 'participant' },
      { activity: 'p3', actor: 'dan', role: 'participant' },
    ],
  };
  const ctx = proximityContext(records);
  it('geographical: haversine distance, same region', () => {
    close(haversineKm(51.5074, -0.1278, 48.8566, 2.3522), 343.9, 1e-3); // London–Paris ≈ 344 km
    const p = proximity(ctx, 'ann', 'cat');
    close(p.distanceKm, haversineKm(51.5074, -0.1278, 48.8566, 2.3522));
    assert.equal(p.sameRegion, false);
    assert.equal(proximity(ctx, 'ann', 'bob').distanceKm, 0);
    assert.ok(Number.isNaN(proximity(ctx, 'ann', 'dan').distanceKm));
  });
  it('cognitive: cosine of discipline and keyword profiles', () => {
    const p = proximity(ctx, 'ann', 'bob');
    close(p.disciplineCosine, 1 / Math.sqrt(2));
    // ann {clusters 1, innovation 1}; bob {clusters 1, innovation 2}: 3 / (√2 √5)
    close(p.keywordCosine, 3 / (Math.sqrt(2) * Math.sqrt(5)));
    assert.equal(proximity(ctx, 'ann', 'cat').disciplineCosine, 0);
  });
  it('organisational and institutional', () => {
    assert.equal(proximity(ctx, 'ann', 'bob').sameOrganisation, true);
    const cd = proximity(ctx, 'cat', 'dan');
    assert.equal(cd.sameOrganisation, false);
    assert.equal(cd.sameParent, true); // both labs belong to CNRS
    assert.equal(cd.sameCountry, true);
    assert.equal(cd.sameOrganisationType, null); // Dan's type unknown
    assert.equal(proximity(ctx, 'ann', 'cat').sameOrganisationType, false);
  });
  it('social: shared partners, co-participations, path length', () => {
    const ac = proximity(ctx, 'ann', 'cat');
    assert.equal(ac.sharedPartners, 1); // Bob
    assert.equal(ac.coParticipations, 0);
    assert.equal(ac.pathLength, 2);
    assert.equal(proximity(ctx, 'ann', 'dan').pathLength, 3);
    assert.equal(proximity(ctx, 'ann', 'bob').coParticipations, 1);
  });
});

describe('proximity paradox test', () => {
  it('new ties after the split year, by decile of each proximity', () => {
    // up to 2000: a chain a–b–c–d–e; after: a–c (path 2) ties, a–e (path 4) does not
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const chain = [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e']];
    const later = [['a', 'c']];
    const records: Records = {
      actors: ids.map((id) => ({ id, kind: 'person', name: id, disciplines: [] })),
      activities: [...chain.map((_, i) => ({ id: `x${i}`, type: 'publication' as const, date: '2000', keywords: [], fields: [] })), { id: 'y0', type: 'publication', date: '2005', keywords: [], fields: [] }],
      participations: [...chain.flatMap((pair, i) => pair.map((actor) => ({ activity: `x${i}`, actor, role: '' }))), ...later[0].map((actor) => ({ activity: 'y0', actor, role: '' }))],
    };
    const rows = proximityParadox(records, 2000).filter((r) => r.measure === 'pathLength');
    // untied pairs: path 2 (a–c, b–d, c–e), path 3 (a–d, b–e), path 4 (a–e); one new tie, at path 2
    assert.equal(rows.reduce((s, r) => s + r.pairs, 0), 6);
    assert.equal(rows.reduce((s, r) => s + r.newTies, 0), 1);
    const first = rows[0];
    assert.equal(first.from, 2);
    assert.equal(first.to, 2);
    close(first.probability, 1 / 3);
    assert.ok(rows.slice(1).every((r) => r.newTies === 0));
  });
});
