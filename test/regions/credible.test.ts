/**
 * Results a policy analyst can trust, on the committed real data: UK BRES (ITL2 × SIC divisions) with GVA per job,
 * and CBP 2019 (383 metropolitan areas × NAICS 4-digit) with the US Cluster Mapping definitions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLongTable } from '../../src/formats/longtable.js';
import { readRegionAttribute } from '../../src/formats/side.js';
import { bundledTradedLocal } from '../../src/formats/regions-reference.js';
import { DATA_DIR } from '../../src/paths.js';
import { aggregateRegions } from '../../src/regions/aggregate.js';
import { coarseClassification, nestedCodes } from '../../src/regions/checks.js';
import { clusterBySize, symmetrise } from '../../src/regions/clusters.js';
import { relatednessPrinciple, transitions } from '../../src/regions/dynamics.js';
import { measures, type Measures } from '../../src/regions/measures.js';
import { assessTarget, opportunities, STRATEGIES } from '../../src/regions/opportunities.js';
import { orientComplexity } from '../../src/regions/orientation.js';
import { pswot } from '../../src/regions/pswot.js';
import { proximityContinuous } from '../../src/regions/relatedness.js';
import { regionActivity, subset } from '../../src/regions/table.js';
import { tradedByConcentration } from '../../src/regions/traded.js';
import { xorshift32 } from '../../src/linalg/random.js';

const BRES = `${DATA_DIR}/uk-bres/bres_itl2_sic2digit_employment_2022_2023.csv`;
const GVA = `${DATA_DIR}/uk-gva/gva_per_job_itl2_2022.csv`;
const CBP = `${DATA_DIR}/us-cbp/cbp2019_metro_naics4.csv.gz`;

const uk = await readLongTable(BRES, { activityCol: 'activity_code' });
const ukTable = uk.tables[uk.years.indexOf('2023')];
const gva = (await readRegionAttribute(GVA, ['gva_per_job'], 'gva')).get('')!;
const ukOriented = measures(ukTable, { orientBy: { name: 'GVA per job', values: gva } });
const ukStata = measures(ukTable);
const cbp = await readLongTable(CBP, {});
const us = measures(cbp.tables[0]);
const region = (res: Measures, name: string) => {
  const i = res.table.regions.indexOf(name);
  assert.ok(i >= 0, name);
  return i;
};
const col = (res: Measures, code: string) => res.table.activities.indexOf(code);

describe('orientation of complexity', () => {
  it("UK BRES: Stata's rule makes ECI fall with GVA per job and says the rule is weak; --orient-by reverses it", () => {
    assert.ok(ukStata.orientation!.withDiversity > 0 && ukStata.orientation!.withDiversity < 0.5);
    assert.ok(ukStata.notices.some((n) => /weak correlation with diversity/.test(n)), ukStata.notices.join('\n'));
    const o = ukOriented.orientation!;
    assert.equal(o.rule, 'variable');
    assert.equal(o.flipped, true);
    assert.ok(o.withVariable! > 0.6, `r with GVA per job ${o.withVariable}`);
    for (let i = 0; i < ukStata.eci.length; i++) assert.equal(ukOriented.eci[i], -ukStata.eci[i]);
    // Inner London West, last of 40 under the diversity rule, is first
    const order = [...ukOriented.table.regions.keys()].sort((a, b) => ukOriented.eci[b] - ukOriented.eci[a]);
    assert.equal(ukOriented.table.regions[order[0]], 'Inner London - West');
    // software and advertising rank among the most complex activities, coal mining and fishing among the least
    const pciRank = (code: string) => [...ukOriented.pci].filter((v) => v > ukOriented.pci[col(ukOriented, code)]).length + 1;
    assert.ok(pciRank('62') <= 10 && pciRank('73') <= 10, `62: ${pciRank('62')}, 73: ${pciRank('73')}`);
    assert.ok(pciRank('05') > 60 && pciRank('03') > 60, `05: ${pciRank('05')}, 03: ${pciRank('03')}`);
  });
  it('is invariant to a positive scaling of the variable, and the long jumps for the West Midlands are no longer mining or fishing', () => {
    const scaled = new Map([...gva].map(([k, v]) => [k, v * 1e-3 + 0]));
    const again = orientComplexity(ukStata, { name: 'GVA per job (thousands)', values: scaled });
    assert.deepEqual(again.measures.eci, ukOriented.eci);
    assert.ok(Math.abs(again.orientation.withVariable! - ukOriented.orientation!.withVariable!) < 1e-12);
    const wm = region(ukOriented, 'West Midlands');
    const jumps = opportunities(ukOriented, wm, { weights: STRATEGIES['long-jumps'], top: 10 }).list.map((x) => x.activity);
    for (const bad of ['01', '03', '05', '06', '09']) assert.ok(!jumps.includes(bad), `${bad} in ${jumps.join(', ')}`);
  });
});

describe('PSWOT on the region’s own distribution', () => {
  it('UK: each West Midlands ITL2 region has its top RCA activity among its strengths', () => {
    for (const [name, code] of [['West Midlands', '29'], ['Herefordshire, Worcestershire and Warwickshire', '29'], ['Shropshire and Staffordshire', '23']]) {
      const r = region(ukOriented, name);
      const entries = pswot(ukOriented, r);
      const top = entries.filter((e) => e.present).sort((a, b) => b.rca - a.rca)[0];
      assert.equal(top.activity, code, name);
      assert.equal(top.class, 'strength', name);
      assert.ok(entries.filter((e) => e.class === 'strength').length > 10, `${name} has strengths`);
    }
  });
  it("CBP: Detroit's motor vehicles (3361) and Wichita's aircraft (3364) are strengths", () => {
    assert.equal(pswot(us, region(us, 'Detroit-Warren-Dearborn, MI'))[col(us, '3361')].class, 'strength');
    assert.equal(pswot(us, region(us, 'Wichita, KS'))[col(us, '3364')].class, 'strength');
  });
  it('classes do not depend on the order of the regions (property, 20 random permutations)', () => {
    const rnd = xorshift32(7);
    const R = ukTable.regions.length;
    const A = ukTable.activities.length;
    const base = ukTable.regions.map((_, r) => pswot(ukStata, r).map((e) => e.class));
    for (let k = 0; k < 20; k++) {
      const perm = Array.from({ length: R }, (_, i) => i);
      for (let i = R - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      const res = measures(subset(ukTable, perm, Array.from({ length: A }, (_, p) => p)));
      const dropped = ukStata.table.activities;
      perm.forEach((orig, i) => {
        const got = pswot(res, i);
        assert.deepEqual(got.map((e) => e.activity), dropped);
        assert.deepEqual(got.map((e) => e.class), base[orig], ukTable.regions[orig]);
      });
    }
  });
});

describe('credible opportunities on CBP 2019 metropolitan areas × NAICS 4', () => {
  const traded = bundledTradedLocal(us.table.activities)!;
  it('the US Cluster Mapping definitions fit the data, and the data rule reproduces most of their split', () => {
    assert.match(traded.source, /Cluster Mapping/);
    assert.deepEqual(traded.undefined, ['4522', '4523', '5173']);
    const rule = tradedByConcentration(us.table);
    const defined = us.table.activities.filter((a) => traded.map.has(a));
    const agree = defined.filter((a) => rule.get(a) === traded.map.get(a)).length / defined.length;
    assert.ok(agree > 0.85, `agreement ${agree}`);
  });
  for (const name of ['Wichita, KS', 'Huntsville, AL']) {
    it(`${name}: no top-10 opportunity of any strategy rests on fewer than 3 regions; no monetary authorities among the long jumps`, () => {
      const r = region(us, name);
      for (const [strategy, weights] of Object.entries(STRATEGIES)) {
        const list = opportunities(us, r, { weights, top: 10, traded: traded.map }).list;
        assert.equal(list.length, 10);
        for (const x of list) assert.ok(x.ubiquity >= 3, `${strategy}: ${x.activity} ubiquity ${x.ubiquity}`);
        for (const x of list) assert.ok(Math.abs(x.score - (x.contributions.density + x.contributions.pci + x.contributions.cog)) < 1e-12);
        if (strategy === 'long-jumps') assert.ok(!list.some((x) => x.activity.startsWith('5211')), list.map((x) => x.activity).join(', '));
      }
    });
  }
  it('Huntsville: low-hanging fruit is traded by default (no petrol stations or nursing homes), local with include-local', () => {
    const r = region(us, 'Huntsville, AL');
    const list = opportunities(us, r, { weights: STRATEGIES['low-hanging-fruit'], top: 10, traded: traded.map }).list;
    for (const x of list) assert.notEqual(traded.map.get(x.activity), 'local', x.activity);
    const all = opportunities(us, r, { weights: STRATEGIES['low-hanging-fruit'], top: 10 }).list.map((x) => x.activity);
    assert.ok(all.some((a) => traded.map.get(a) === 'local'), all.join(', '));
  });
  it('exclude and minimum size leave activities out, and say how many', () => {
    const r = region(us, 'Wichita, KS');
    const first = opportunities(us, r, { weights: STRATEGIES.balanced, top: 1 });
    const without = opportunities(us, r, { weights: STRATEGIES.balanced, top: 5, exclude: new Set([first.list[0].activity]) });
    assert.equal(without.left.excluded, 1);
    assert.ok(!without.list.some((x) => x.activity === first.list[0].activity));
    const big = opportunities(us, r, { weights: STRATEGIES.balanced, top: 5, minSize: 100000 });
    assert.ok(big.left.size > 0);
  });
});

describe('warnings for degenerate inputs', () => {
  it('a target held by fewer than 5 regions is named', () => {
    const rare = [...us.ubiquity.keys()].find((p) => us.ubiquity[p] > 0 && us.ubiquity[p] < 5)!;
    const t = assessTarget(us, 0, [rare]);
    assert.equal(t.notices.length, 1);
    assert.match(t.notices[0], new RegExp(`target ${us.table.activities[rare]} is held .* by ${us.ubiquity[rare]} region`));
    assert.equal(assessTarget(us, 0, [col(us, '3361')]).notices.length, 0);
  });
  it('nested codes: totals and parents beside their parts are found', () => {
    const n = nestedCodes(['00', '33', '336', '3361', '3362', '54', '5411']);
    assert.deepEqual(n.totals, ['00']);
    assert.deepEqual(n.parents.map((p) => p.code), ['33', '336', '54']);
    assert.deepEqual(n.lengths, [2, 3, 4]);
    assert.deepEqual(nestedCodes(ukTable.activities), { totals: [], parents: [], lengths: [2] });
    assert.deepEqual(nestedCodes(['Total', 'A', 'B']).totals, ['Total']);
  });
  it('presence from tiny counts is flagged, and --min-count removes it', () => {
    // 3 regions × 3 activities; a region of 20 jobs is "specialised" in an activity with 4 of them
    const t = regionActivity(['big', 'mid', 'tiny'], ['a', 'b', 'c'], Float64Array.from([5000, 3000, 2000, 4000, 4000, 2000, 4, 8, 8]));
    const loose = measures(t);
    assert.ok(loose.notices.some((n) => /rest on fewer than 10 units/.test(n)), loose.notices.join('\n'));
    const strict = measures(t, { minCount: 10 });
    assert.equal(strict.diversity[2], 0);
    assert.ok(!strict.notices.some((n) => /rest on fewer than 10 units/.test(n)));
  });
  it('a coarse classification is called indicative and names the codes that lump many industries, the target first', () => {
    const text = coarseClassification(ukStata.table.activities, new Map([['30', { industries: 8, names: ['Building of ships', 'Manufacture of air and spacecraft'] }], ['46', { industries: 48 }]]), ['30'])!;
    assert.match(text, /^only 84 activities/);
    assert.match(text, /30 lumps 8 industries: Building of ships; Manufacture of air and spacecraft/);
    assert.match(text, /the widest codes: 46 \(48\)/);
    assert.equal(coarseClassification(us.table.activities), undefined);
  });
});

describe('entry rules for dynamics (Neffke et al. 2011)', () => {
  // two regions × two activities, three periods; r0's activity b flickers around RCA 1
  const table = (v: number[]) => regionActivity(['r0', 'r1'], ['a', 'b'], Float64Array.from(v));
  const periods = [table([100, 95, 100, 105]), table([100, 105, 100, 95]), table([100, 150, 100, 50])].map((t) => measures(t));
  it('by default a crossing of RCA 1 is an entry; with from 0.5 to 1, flicker is neither a candidate nor an entry', () => {
    const rcaB = periods.map((p) => p.rca[1]);
    assert.ok(rcaB[0] < 1 && rcaB[1] > 1 && rcaB[0] > 0.5, rcaB.join(', '));
    assert.equal(transitions(periods[0], periods[1]).filter((x) => x.kind === 'entry' && x.region === 'r0').length, 1);
    assert.equal(transitions(periods[0], periods[1], { from: 0.5, to: 1 }).filter((x) => x.kind === 'entry').length, 0);
    const p = relatednessPrinciple(periods, undefined, { from: 0.5, to: 1 });
    assert.equal(p.entries, 0);
  });
  it('a window compares periods that far apart', () => {
    const one = relatednessPrinciple(periods, undefined, { window: 1 });
    const two = relatednessPrinciple(periods, undefined, { window: 2 });
    assert.ok(one.candidates > two.candidates);
  });
});

describe('regions aggregated through a lookup, and clusters of readable size', () => {
  it('ITL2 → ITL1 sums the jobs of Great Britain into 11 ITL1 regions', async () => {
    const { readRegionLookup } = await import('../../src/formats/regions-reference.js');
    const lookup = readRegionLookup('itl1');
    // by name, or by the ITL code beside it where the names differ (Gloucestershire, Wiltshire and Bath/Bristol area)
    const itl1 = aggregateRegions(ukTable, new Map(ukTable.regions.map((r) => [r, (lookup.get(r) ?? lookup.get(uk.regionAliases.get(r)!))!])));
    assert.equal(itl1.regions.length, 11);
    assert.ok(itl1.regions.includes('West Midlands (England)'));
    const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
    assert.equal(sum(itl1.values), sum(ukTable.values));
    assert.throws(() => aggregateRegions(ukTable, new Map()), /not in the aggregation lookup/);
  });
  it('CBP NAICS 4: at least 10 clusters, none over a quarter of the activities, motor vehicles and parts together', () => {
    const A = us.table.activities.length;
    const c = clusterBySize(symmetrise(proximityContinuous(us.rca, us.table.regions.length, A), A), A);
    assert.ok(c.met && c.count >= 10, `${c.count} clusters`);
    assert.ok(c.largest <= A / 4, `largest ${c.largest}`);
    assert.equal(c.membership[col(us, '3361')], c.membership[col(us, '3363')]);
  });
});
