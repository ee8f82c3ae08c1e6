import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserError } from '../../src/errors.js';
import {
  catalogueReport,
  comparisonReport,
  dynamicsReport,
  parseWeights,
  regionYear,
  specialisationReport,
  varietyReport,
  type MeasureChoice,
  type RegionsData,
} from '../../src/regions/reports/index.js';
import { measures } from '../../src/regions/measures.js';

/** Three regions, two industries: North is steel, South software, East both equally (150 jobs each way). */
const table = { regions: ['North', 'South', 'East'], activities: ['steel', 'software'], values: Float64Array.from([50, 5, 5, 50, 20, 20]) };
const data: RegionsData = { years: ['2020'], tables: [table], hasYear: false, regionAliases: new Map([['North', 'N1']]), activityColumn: 'activity' };
const choice: MeasureChoice = { presence: 'rca', threshold: 1, minCount: 0, continuous: false, asymmetric: false, complexity: 'eigen' };
const labels = new Map([['steel', 'Basic iron and steel'], ['software', 'Computer programming']]);
const close = (a: unknown, b: number, what: string) => assert.ok(typeof a === 'number' && Math.abs(a - b) < 1e-12, `${what}: ${String(a)} ≠ ${b}`);

const userError = (field: string, message: RegExp) => (err: unknown) => err instanceof UserError && err.where?.field === field && message.test(err.message);

describe('regions reports, by hand', () => {
  test("specialisation: RCA = (50/55)/(75/150) = 20/11 for North's steel; the share of the region's total; by size", () => {
    const ry = regionYear(data, { labels }, choice);
    const r = specialisationReport(ry, { region: 'north' });
    assert.deepEqual(r.columns, ['region', 'rank', 'activity', 'label', 'value', 'share', 'rca', 'm', 'pci']);
    assert.equal(r.rows[0].activity, 'steel');
    assert.equal(r.rows[0].label, 'Basic iron and steel');
    close(r.rows[0].rca, 20 / 11, 'RCA');
    close(r.rows[0].share, 50 / 55, 'share');
    assert.equal(r.rows[0].m, 1);
    // software's 5 jobs are too few for RCA to mean anything: not ranked, and said so
    assert.equal(r.rows.length, 1);
    assert.match(r.notices.join(' '), /1 activit\(y\/ies\) with fewer than 10 units/);
    const bySize = specialisationReport(ry, { region: 'N1', by: 'size' });
    assert.deepEqual(bySize.rows.map((x) => x.activity), ['steel', 'software']);
  });

  test('a region, year or weight the data does not have is refused naming the field, with close names', () => {
    const ry = regionYear(data, {}, choice);
    assert.throws(() => specialisationReport(ry, { region: 'Nort' }), userError('region', /did you mean "North"/));
    assert.throws(() => regionYear(data, {}, choice, '2019'), userError('year', /not in the data \(2020\)/));
    assert.throws(() => parseWeights('density=1,size=2'), userError('weights', /unknown "size"/));
    assert.throws(() => parseWeights('density=x'), userError('weights', /density expects a number/));
    assert.deepEqual(parseWeights('pci=0.5, cog=0.5'), { density: 0, pci: 0.5, cog: 0.5 });
  });

  test('labels that fit fewer than half the activities are refused, naming their file', () => {
    assert.throws(() => regionYear(data, { labels: new Map([['x', 'y']]), sources: { labels: 'labels.csv' } }, choice), (e: unknown) => e instanceof UserError && e.where?.file === 'labels.csv');
  });

  test('catalogue: regions with their codes and totals, activities with their labels and totals, the years', () => {
    const c = catalogueReport(data, { labels }, {});
    const regions = c.rows.filter((x) => x.kind === 'region');
    assert.deepEqual(regions.map((x) => [x.id, x.label, x.size]), [['East', '', 40], ['North', 'N1', 55], ['South', '', 55]]);
    assert.deepEqual(c.rows.filter((x) => x.kind === 'activity').map((x) => [x.id, x.label, x.size]), [['steel', 'Basic iron and steel', 75], ['software', 'Computer programming', 75]]);
    assert.deepEqual(c.meta.years, ['2020']);
  });

  test('comparison: the first region compared with itself is similar 1; ranks by total; cosine similarity of RCA', () => {
    const ry = regionYear(data, {}, choice);
    const c = comparisonReport(ry, { regions: ['North', 'South'] });
    assert.deepEqual(c.rows.map((x) => x.region), ['North', 'South']);
    assert.equal(c.rows[0].similarity, 1);
    // RCA rows: North (20/11, 2/11), South (2/11, 20/11): cosine = 2·(40/121) / (400/121 + 4/121) = 80/404
    close(c.rows[1].similarity, 80 / 404, 'similarity');
    assert.deepEqual(c.rows.map((x) => x.total_rank), [1, 1]);
  });

  test('comparison: names holding commas ("Detroit-Warren-Dearborn, MI") come through a comma-separated list whole', () => {
    const metros: RegionsData = { ...data, tables: [{ ...table, regions: ['Detroit-Warren-Dearborn, MI', 'Flint, MI', 'East'] }], regionAliases: new Map() };
    const ry = regionYear(metros, {}, choice);
    const pieces = 'Detroit-Warren-Dearborn, MI,Flint, MI,East'.split(',').map((x) => x.trim());
    assert.deepEqual(comparisonReport(ry, { regions: pieces }).rows.map((x) => x.region), ['Detroit-Warren-Dearborn, MI', 'Flint, MI', 'East']);
    assert.throws(() => comparisonReport(ry, { regions: ['Detroit-Warren-Dearborn', 'OH'] }), userError('regions', /region "Detroit-Warren-Dearborn" is not in the data; did you mean "Detroit-Warren-Dearborn, MI"/));
  });

  test('variety: entropy and Herfindahl of each region; related variety 0 when every activity is its own group', () => {
    const v = varietyReport(data, { hierarchy: { level: 'section', groupOf: new Map([['steel', 'C'], ['software', 'J']]) } }, {});
    const north = v.rows.find((x) => x.region === 'North')!;
    const p = [50 / 55, 5 / 55];
    close(north.entropy, -(p[0] * Math.log2(p[0]) + p[1] * Math.log2(p[1])), 'entropy (bits)');
    close(v.rows.find((x) => x.region === 'East')!.entropy, 1, 'East entropy: two equal shares, one bit');
    close(north.herfindahl, p[0] ** 2 + p[1] ** 2, 'Herfindahl');
    close(north.related_variety, 0, 'related variety');
    close(v.rows.find((x) => x.region === 'East')!.herfindahl, 0.5, 'East Herfindahl');
  });

  test('dynamics: one period is refused; entries between two periods are listed with their density before', () => {
    assert.throws(() => dynamicsReport(data, [], {}), userError('year', /at least two periods/));
    const later = { ...table, values: Float64Array.from([50, 5, 5, 50, 5, 60]) };
    const panel: RegionsData = { ...data, years: ['2020', '2021'], tables: [table, later], hasYear: true };
    const periods = panel.tables.map((t) => measures(t));
    assert.throws(() => dynamicsReport(panel, periods, { window: 2 }), userError('window', /needs more than 2 periods/));
    const entries = dynamicsReport(panel, periods, { list: 'exits' });
    // East held both at RCA 1 in 2020 (its shares equal the nation's); in 2021 it leaves steel
    assert.deepEqual(entries.rows.map((x) => [x.from, x.to, x.region, x.activity]), [['2020', '2021', 'East', 'steel']]);
  });
});
