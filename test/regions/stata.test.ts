/**
 * Reproduces the Growth Lab's official Stata ecomplexity / genproximity outputs
 * (test/fixtures/ecomplexity-sample, MIT, from cid-harvard/py-ecomplexity tests/fixtures) within the
 * tolerances their authors document: M, diversity, ubiquity exact; RCA, ECI, PCI rtol 1e-5;
 * density, COI, COG rtol 1e-4.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLongTable } from '../../src/formats/longtable.js';
import { measureRows, measures, type MeasuresOptions } from '../../src/regions/measures.js';
import { coOccurrenceOf, proximity, proximityAsymmetric, proximityContinuous } from '../../src/regions/relatedness.js';
import { presence, rca } from '../../src/regions/specialisation.js';
import { dropZeroTotals } from '../../src/regions/table.js';
import { fixture, maxRelDiff, readFixtureCsv, stataNumber } from '../helpers/fixtures.js';

const dir = (f: string) => fixture('ecomplexity-sample', f);
const trade = await readLongTable(dir('trade_data_sample.csv'));
const popByYear = new Map<string, Map<string, number>>();
for (const r of readFixtureCsv(dir('population_data_sample.csv'))) {
  if (!popByYear.has(r.year)) popByYear.set(r.year, new Map());
  popByYear.get(r.year)!.set(r.origin, Number(r.population));
}

type Row = Record<string, number | string>;
function run(options: MeasuresOptions, years = trade.years): Map<string, Row> {
  const out = new Map<string, Row>();
  years.forEach((y) => {
    const yi = trade.years.indexOf(y);
    const res = measures(trade.tables[yi], { ...options, population: popByYear.get(y) });
    for (const row of measureRows(res)) out.set(`${y}|${row.region}|${row.activity}`, { ...row, M: row.m, binary_presence: row.m });
  });
  return out;
}

const TOLERANCE: Record<string, number> = {
  M: 0,
  binary_presence: 0,
  diversity: 0,
  ubiquity: 0,
  rca: 1e-5,
  rpop: 1e-5,
  eci: 1e-5,
  pci: 1e-5,
  density: 1e-4,
  coi: 1e-4,
  cog: 1e-4,
};

/** The measured error of our closest kNN density against the fixtures we cannot reproduce: max absolute difference, and cells within 1e-4 (of 600). */
const KNN_MISMATCH: Record<string, { error: number; exact: number }> = {
  'knn(5)': { error: 1, exact: 383 },
  'knn(10)': { error: 0.696, exact: 477 },
  'cont knn(10)': { error: 0.145, exact: 500 },
};

function compare(file: string, options: MeasuresOptions, years = trade.years): void {
  const truth = readFixtureCsv(dir(file));
  const ours = run(options, years);
  let defined = 0;
  for (const [col, tol] of Object.entries(TOLERANCE)) {
    if (!(col in truth[0])) continue;
    const pairs: Array<[number, number]> = truth.map((t) => {
      const o = ours.get(`${t.year}|${t.origin}|${t.hs92}`);
      assert.ok(o, `missing row ${t.year} ${t.origin} ${t.hs92}`);
      return [o[col] as number, stataNumber(t[col])];
    });
    defined += pairs.filter(([, b]) => !Number.isNaN(b)).length;
    const worst = maxRelDiff(pairs, 1e-9);
    assert.ok(worst <= tol, `${file} ${col}: max relative difference ${worst} > ${tol}`);
  }
  assert.ok(defined > 0, 'compared no defined value');
}

describe('Stata ecomplexity ground truth', () => {
  it('default: RCA ≥ 1, symmetric discrete proximity', () => compare('stata_ground_truth.csv', {}));
  it('rca(0.5)', () => compare('stata_rca_05.csv', { threshold: 0.5 }));
  it('rca(2) (M, diversity, ubiquity; Stata leaves the rest missing)', () => compare('stata_rca_2.csv', { threshold: 2 }));
  it('rpop(1)', () => compare('stata_rpop_default.csv', { presence: 'rpop' }));
  it('rpop(2)', () => compare('stata_rpop_2.csv', { presence: 'rpop', threshold: 2 }));
  it('rca(1) rpop(1) combined as a union', () => compare('stata_rca_rpop_combined.csv', { presence: 'both' }));
  it('asymmetric proximity', () => compare('stata_discrete_asymmetric.csv', { asymmetric: true }));
  it('continuous proximity', () => compare('stata_continuous.csv', { continuous: true }));
  it('continuous proximity with RPOP', () => compare('stata_continuous_rpop.csv', { presence: 'rpop', continuous: true }));
  it('knn(20)', () => compare('stata_knn_20.csv', { knn: 20 }));
  it('single year', () => compare('stata_single_year_1995.csv', {}, ['1995']));
  // knn(5), knn(10) and continuous knn(10): not reproducible (docs/regions-methods.md, "kNN density": the published
  // Stata source has no discrete kNN branch). What does match is checked exactly; the density of our closest
  // definition (Stata's calculate_density rule) is off by the amount measured here, and this test fails if it drifts
  for (const [file, options, worst] of [
    ['stata_knn_5.csv', { knn: 5 }, 'knn(5)'],
    ['stata_knn_10.csv', { knn: 10 }, 'knn(10)'],
    ['stata_continuous_knn_10.csv', { knn: 10, continuous: true }, 'cont knn(10)'],
  ] as const) {
    it(`${worst}: M, diversity, ubiquity, RCA, ECI and PCI as Stata; density not reproducible (closest definition's error measured)`, () => {
      const truth = readFixtureCsv(dir(file));
      const ours = run(options);
      for (const [col, tol] of Object.entries(TOLERANCE)) {
        if (!(col in truth[0]) || ['density', 'coi', 'cog'].includes(col)) continue;
        const pairs = truth.map((t): [number, number] => [ours.get(`${t.year}|${t.origin}|${t.hs92}`)![col] as number, stataNumber(t[col])]);
        assert.ok(maxRelDiff(pairs, 1e-9) <= tol, `${file} ${col}`);
      }
      const density = truth.map((t): [number, number] => [ours.get(`${t.year}|${t.origin}|${t.hs92}`)!.density as number, stataNumber(t.density)]);
      // densities lie in [0, 1]: the absolute difference (Stata's 0 where ours is not makes a relative one meaningless)
      const error = Math.max(...density.filter(([, b]) => !Number.isNaN(b)).map(([a, b]) => Math.abs(a - b)));
      const exact = density.filter(([a, b]) => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b))).length;
      assert.deepEqual({ error: Number(error.toFixed(3)), exact }, KNN_MISMATCH[worst]);
    });
  }
  it('manual presence matrix', async () => {
    const manual = await readLongTable(dir('manual_mcp_sample.csv'), { binary: true });
    const truth = readFixtureCsv(dir('stata_manual_mcp.csv'));
    manual.years.forEach((y, yi) => {
      const res = measures(manual.tables[yi], { presence: 'manual' });
      const A = res.table.activities.length;
      const pairs: Record<string, Array<[number, number]>> = { eci: [], pci: [], density: [], coi: [], cog: [] };
      for (const t of truth.filter((r) => r.year === y)) {
        const i = res.table.regions.indexOf(t.origin);
        const j = res.table.activities.indexOf(t.hs92);
        assert.equal(res.m[i * A + j], Number(t.binary_presence));
        assert.equal(res.diversity[i], Number(t.diversity));
        pairs.eci.push([res.eci[i], stataNumber(t.eci)]);
        pairs.pci.push([res.pci[j], stataNumber(t.pci)]);
        pairs.density.push([res.density[i * A + j], stataNumber(t.density)]);
        pairs.coi.push([res.coi[i], stataNumber(t.coi)]);
        pairs.cog.push([res.cog[i * A + j], stataNumber(t.cog)]);
      }
      for (const [col, p] of Object.entries(pairs)) assert.ok(maxRelDiff(p, 1e-9) <= TOLERANCE[col], `${col} ${y}`);
    });
  });
});

describe('Stata genproximity ground truth', () => {
  const cases: Array<[string, (m: Float64Array, levels: Float64Array, R: number, A: number) => Float64Array]> = [
    ['stata_proximity_discrete_sym.csv', (m, _l, R, A) => proximity(coOccurrenceOf(m, R, A), A)],
    ['stata_proximity_discrete_asym.csv', (m, _l, R, A) => proximityAsymmetric(coOccurrenceOf(m, R, A), A)],
    ['stata_proximity_continuous.csv', (_m, l, R, A) => proximityContinuous(l, R, A)],
  ];
  for (const [file, compute] of cases) {
    it(file, () => {
      const truth = readFixtureCsv(dir(file));
      // the file stacks 1995 then 1996, 900 rows each
      trade.years.forEach((_, yi) => {
        const t = dropZeroTotals(trade.tables[yi]).table;
        const R = t.regions.length;
        const A = t.activities.length;
        const levels = rca(t);
        const phi = compute(presence(levels, 1), levels, R, A);
        const pairs: Array<[number, number]> = truth.slice(yi * A * A, (yi + 1) * A * A).map((row) => {
          const p = t.activities.indexOf(row.hs92_1);
          const q = t.activities.indexOf(row.hs92_2);
          return [phi[p * A + q], stataNumber(row.proximity)];
        });
        assert.ok(maxRelDiff(pairs, 1e-9) <= 1e-5, `${file} year ${trade.years[yi]}`);
      });
    });
  }
});
