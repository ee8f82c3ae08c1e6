import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { readLongTable } from '../../src/formats/longtable.js';
import { measures } from '../../src/regions/measures.js';
import { measuresByYear } from '../../src/regions/parallel.js';
import { fixture } from '../helpers/fixtures.js';

const BRES = fixture('..', '..', 'data', 'uk-bres', 'bres_itl2_sic2digit_employment_2022_2023.csv');

describe('measuresByYear on worker threads', () => {
  it('gives, in period order, exactly what measures gives in this thread', async () => {
    const panel = await readLongTable(BRES, { activityCol: 'activity_code' });
    const years: string[] = [];
    for await (const p of measuresByYear(panel, () => ({ asymmetric: true }), { workers: 2 })) {
      years.push(p.year);
      const here = measures(panel.tables[p.index], { asymmetric: true });
      for (const key of ['rca', 'm', 'density', 'eci', 'pci', 'coi', 'cog', 'proximity'] as const) {
        assert.deepEqual(p.measures[key], here[key], `${p.year} ${key}`);
      }
      assert.deepEqual(p.measures.table.regions, here.table.regions);
      assert.deepEqual(p.measures.notices, here.notices);
    }
    assert.deepEqual(years, panel.years);
  });

  it("passes a user's mistake back as a UserError naming the field", async () => {
    const panel = await readLongTable(BRES, { activityCol: 'activity_code' });
    await assert.rejects(
      async () => {
        for await (const _ of measuresByYear(panel, () => ({ presence: 'rpop' }), { workers: 2 })) void _;
      },
      (err: unknown) => err instanceof UserError && err.where?.field === 'population',
    );
  });
});
