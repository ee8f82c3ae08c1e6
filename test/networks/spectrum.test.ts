import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Records } from '../../src/networks/records.js';
import { spectrum } from '../../src/networks/spectrum.js';

describe('cross-disciplinary activity spectrum', () => {
  // economists e1, e2 and geographers g1, g2 progress from a reading group to a joint paper
  const records: Records = {
    actors: [
      { id: 'e1', kind: 'person', name: 'E1', disciplines: [{ code: 'economics', weight: 1 }] },
      { id: 'e2', kind: 'person', name: 'E2', disciplines: [{ code: 'economics', weight: 1 }] },
      { id: 'g1', kind: 'person', name: 'G1', disciplines: [{ code: 'geography', weight: 1 }] },
      { id: 'g2', kind: 'person', name: 'G2', disciplines: [{ code: 'geography', weight: 1 }] },
      { id: 's1', kind: 'person', name: 'S1', disciplines: [{ code: 'sociology', weight: 1 }] },
    ],
    activities: [
      { id: 'reading', type: 'other', date: '2019', keywords: [], fields: [] },
      { id: 'e-paper', type: 'publication', date: '2019', keywords: ['agglomeration', 'growth'], fields: ['economics'] },
      { id: 'g-paper', type: 'publication', date: '2020', keywords: ['agglomeration', 'place'], fields: ['geography'] },
      { id: 'symposium', type: 'symposium', date: '2021', keywords: [], fields: [] },
      { id: 'e-later', type: 'publication', date: '2022', keywords: [], fields: ['economics', 'geography'] },
      { id: 'joint', type: 'publication', date: '2023', keywords: [], fields: ['economics', 'geography'] },
      { id: 's-paper', type: 'publication', date: '2023', keywords: ['trust'], fields: ['sociology'] },
    ],
    participations: [
      { activity: 'reading', actor: 'e1', role: '' },
      { activity: 'reading', actor: 'g1', role: '' },
      { activity: 'e-paper', actor: 'e2', role: '' },
      { activity: 'g-paper', actor: 'g2', role: '' },
      { activity: 'symposium', actor: 'e2', role: '' },
      { activity: 'symposium', actor: 'g2', role: '' },
      { activity: 'e-later', actor: 'e2', role: '' },
      { activity: 'joint', actor: 'e1', role: '' },
      { activity: 'joint', actor: 'g2', role: '' },
      { activity: 's-paper', actor: 's1', role: '' },
    ],
  };
  it('reports every stage with its evidence and first year, and the highest', () => {
    const [eg, ...rest] = spectrum(records);
    assert.deepEqual([eg.a, eg.b, eg.highest], ['economics', 'geography', 5]);
    // broadening: e2's 2022 paper adds geography; the joint paper adds the other field for e1 and g2 too
    assert.deepEqual(eg.stages.map((s) => [s.count, s.firstYear]), [[1, 2019], [1, 2020], [1, 2021], [3, 2022], [1, 2023]]);
    assert.deepEqual(eg.stages[0].examples, ['reading']);
    assert.deepEqual(eg.stages[1].examples, ['agglomeration']);
    assert.deepEqual(eg.stages[3].examples, ['e2: e-later', 'e1: joint', 'g2: joint']);
    assert.deepEqual(eg.stages[4].examples, ['joint']);
    assert.deepEqual(eg.byYear, [
      { year: 2019, highest: 1 },
      { year: 2020, highest: 2 },
      { year: 2021, highest: 3 },
      { year: 2022, highest: 4 },
      { year: 2023, highest: 5 },
    ]);
    assert.equal(rest.length, 0, 'sociology shares nothing with the others');
  });
  it('the activity types of each stage are configurable', () => {
    const [eg] = spectrum(records, { stages: { sharing: ['workshop'], joint: ['project'] } });
    assert.equal(eg.stages[0].count, 0);
    assert.equal(eg.stages[4].count, 0);
    assert.equal(eg.highest, 4);
    assert.equal(spectrum(records, { minSharedKeywords: 2 })[0].stages[1].count, 0);
  });
});
