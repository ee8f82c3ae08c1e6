import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, runCli, scratch } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

const TRADE = fixture('ecomplexity-sample', 'trade_data_sample.csv');
const BRES = fixture('..', '..', 'data', 'uk-bres', 'bres_itl2_sic2digit_employment_2022_2023.csv');
const { dir: tmp, file } = scratch('proximity-cli-');
const run = (...args: string[]) => runCli(args);

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

describe('proximity regions: CLI contract', () => {
  it('measures: rectangular table with the contract columns in order, full precision', () => {
    const r = run('regions', 'measures', TRADE, '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.equal(lines[0], 'year,region,activity,value,rca,m,diversity,ubiquity,density,eci,pci,coi,cog');
    assert.equal(lines.length, 1 + 600);
    const aut1704 = lines.find((l) => l.startsWith('1995,aut,1704,'))!.split(',');
    assert.ok(Math.abs(Number(aut1704[9]) - 1.073207217992253) < 1e-9, aut1704[9]);
    assert.ok(aut1704[4].length > 12, 'full precision');
  });
  it('measures: the same rows on one thread and on worker threads, as CSV and as JSON', () => {
    const one = run('regions', 'measures', TRADE, '--format', 'csv', '--threads', '1');
    const two = run('regions', 'measures', TRADE, '--format', 'csv', '--threads', '2');
    assert.equal(one.code, 0, one.err);
    assert.equal(two.out, one.out);
    const json = JSON.parse(run('regions', 'measures', TRADE, '--format', 'json').out) as Array<Record<string, unknown>>;
    const csv = one.out.trim().split('\n');
    assert.equal(json.length, csv.length - 1);
    assert.deepEqual(Object.keys(json[0]), csv[0].split(','));
    assert.equal(String(json[7].eci), csv[8].split(',')[9]);
  });
  it('measures --out: written whole, or not at all when the run fails', () => {
    const out = join(tmp, 'measures.csv');
    assert.equal(run('regions', 'measures', TRADE, '--out', out).code, 0);
    assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 601);
    const failed = join(tmp, 'failed.csv');
    const r = run('regions', 'measures', TRADE, '--presence', 'rpop', '--out', failed);
    assert.equal(r.code, 2);
    assert.match(r.err, /population/);
    assert.ok(!existsSync(failed));
    assert.deepEqual(readdirSync(tmp).filter((f) => f.endsWith('.tmp')), []);
    assert.equal(run('regions', 'measures', TRADE, '--threads', '0').code, 2);
  });
  it('on a terminal: a readable table and a progress bar on stderr; piped: CSV and no bar', (t) => {
    const quoted = [process.execPath, BIN, 'regions', 'measures', TRADE].map((a) => `'${a}'`).join(' ');
    const tty = spawnSync('script', ['-qec', quoted, '/dev/null'], { encoding: 'utf8' });
    if (tty.error) {
      t.skip('util-linux script (a pseudo-terminal) is not available');
      return;
    }
    assert.equal(tty.status, 0, tty.stdout);
    assert.match(tty.stdout, /measures [█░]+ 0\/2/);
    assert.match(tty.stdout, /year {2}region {2}activity +value +rca/);
    const piped = run('regions', 'measures', TRADE);
    assert.ok(!/[█░]/.test(piped.err), piped.err);
    assert.ok(piped.out.startsWith('year,region,activity,value,rca,'));
  });
  it('relatedness: every ordered pair a ≠ b, zeros included', () => {
    const r = run('regions', 'relatedness', TRADE, '--method', 'cosine', '--year', '1995', '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.equal(lines[0], 'activity_a,activity_b,value');
    assert.equal(lines.length, 1 + 30 * 29);
  });
  it('opportunities, target, variety, dynamics, clusters, partners, complexity and space run on BRES', () => {
    const common = ['--activity-col', 'activity_code', '--format', 'json'];
    const cases = [
      ['opportunities', '--region', 'West Midlands', '--top', '5'],
      ['opportunities', '--region', 'West Midlands', '--pswot'],
      ['target', '--region', 'West Midlands', '--activities', '30,29'],
      ['variety', '--hierarchy', fixture('..', '..', 'data', 'uk-bres', 'sic2007_divisions.csv')],
      ['dynamics'],
      ['clusters', '--summary'],
      ['partners', '--region', 'West Midlands', '--target', '30'],
      ['complexity'],
    ];
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const c of cases) {
      const r = run('regions', c[0], BRES, ...c.slice(1), ...common);
      assert.equal(r.code, 0, `${c.join(' ')}: ${r.err}`);
      out[c[0] + (c.includes('--pswot') ? ' pswot' : '')] = JSON.parse(r.out);
    }
    // values checked against the CSV by an independent computation (Python's csv module, 2023):
    // RCA = (x_ra / x_r) / (x_a / x); West Midlands 30 (other transport) 0.68229, 29 (motor vehicles) 4.2755, its
    // highest; East Wales 30 2.5079; 2,083 region × activity cells below RCA 1 in 2022, 203 of them at 1 or more in 2023
    const target = out['target'];
    assert.deepEqual(target.filter((x) => x.section === 'target').map((x) => x.name), ['30', '29']);
    close(target.find((x) => x.name === '30')!.rca as number, 0.6822906802611199);
    close(target.find((x) => x.name === '29')!.rca as number, 4.275483782737134);
    assert.match(String(target.find((x) => x.name === '30')!.detail), /^absent/);
    const partners = out['partners'];
    assert.equal(partners[0].region, 'East Wales');
    assert.match(String(partners[0].covers), /^30 \(RCA 2\.51\)/);
    const dynamics = out['dynamics'];
    assert.match(String(dynamics.find((x) => String(x.measure).startsWith('AUC'))!.detail), /^203 entries among 2083 candidates/);
    const deciles = dynamics.filter((x) => String(x.measure).startsWith('entry probability'));
    assert.equal(deciles.length, 10);
    assert.equal(deciles.reduce((n, x) => n + Number(/^(\d+)\//.exec(String(x.detail))![1]), 0), 203);
    // the opportunities of the West Midlands are activities it does not yet hold (RCA below 1), best first
    const top = out['opportunities'];
    assert.equal(top.length, 5);
    assert.ok(top.every((o) => o.region === 'West Midlands' && (o.rca as number) < 1), JSON.stringify(top[0]));
    for (let k = 1; k < top.length; k++) assert.ok((top[k - 1].score as number) >= (top[k].score as number));
    // PSWOT: every activity once, present ones strengths or weaknesses; motor vehicles (29, RCA 4.28) present
    const pswot = out['opportunities pswot'];
    assert.equal(new Set(pswot.map((x) => x.activity)).size, pswot.length);
    const motor = pswot.find((x) => x.activity === '29')!;
    assert.ok(['strength', 'weakness'].includes(String(motor.class)), JSON.stringify(motor));
    // complexity: one row per region and per activity with a finite ECI or PCI; clusters and variety for every region
    assert.ok(out['complexity'].length >= 40 && out['complexity'].every((x) => Object.values(x).every((v) => typeof v !== 'number' || Number.isFinite(v))));
    assert.equal(new Set(out['variety'].map((x) => x.region)).size, 40);
    assert.ok(out['clusters'].length > 1);
    const opp = JSON.parse(run('regions', 'opportunities', BRES, '--region', 'West Midlands', ...common).out);
    assert.ok(opp[0].related_present.length > 0);
    const variety = JSON.parse(run('regions', 'variety', BRES, '--hierarchy', fixture('..', '..', 'data', 'uk-bres', 'sic2007_divisions.csv'), ...common).out);
    for (const v of variety) assert.ok(Math.abs(v.related_variety + v.unrelated_variety - v.entropy) < 1e-9);
    const gexf = run('regions', 'space', BRES, '--activity-col', 'activity_code', '--format', 'gexf');
    assert.equal(gexf.code, 0, gexf.err);
    assert.match(gexf.out, /<gexf xmlns="http:\/\/gexf.net\/1.3"/);
  });
});

describe('proximity regions: bad input exits 2 with file, line and column', () => {
  const cases: Array<[string, string, RegExp, string[]?]> = [
    ['missing column', 'year,origin,hs92\n1995,aut,1704\n', /no value column/],
    ['ambiguous column', 'year,region,country,activity,value\n1995,a,b,x,1\n', /ambiguous region column.*--region-col/],
    ['non-numeric value', 'year,region,activity,value\n1995,a,x,1\n1995,b,x,abc\n', /:3:4: value "abc" in column "value" is not a number/],
    ['negative value', 'year,region,activity,value\n1995,a,x,-1\n', /:2:4: value -1 in column "value" is negative/],
    ['empty file', '', /the file is empty/],
    ['mixed year types', 'year,region,activity,value\n1995,a,x,1\n1996b,b,x,2\n', /:3:1: year "1996b" is text but earlier years are numbers/],
    ['manual M not 0/1', 'year,region,activity,value\n1995,a,x,1\n1995,b,x,2\n', /:3:4: manual presence must be 0 or 1/, ['--presence', 'manual']],
  ];
  for (const [name, text, pattern, extra] of cases) {
    it(name, () => {
      const out = join(tmp, `${name.replace(/\W/g, '_')}.csv`);
      const r = run('regions', 'measures', file(`${name.replace(/\W/g, '_')}-in.csv`, text), '--out', out, ...(extra ?? []));
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, pattern);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
      assert.equal(existsSync(out), false, 'nothing written to --out');
    });
  }
  it('unknown region suggests close names', () => {
    const r = run('regions', 'opportunities', BRES, '--region', 'West Midland', '--activity-col', 'activity_code');
    assert.equal(r.code, 2);
    assert.match(r.err, /region "West Midland" is not in the data; did you mean "West Midlands"/);
  });
  it('bad flag value', () => {
    const r = run('regions', 'measures', TRADE, '--knn', 'x');
    assert.equal(r.code, 2);
    assert.match(r.err, /--knn expects a whole number/);
  });
  it('duplicates are summed with a notice', () => {
    const f = file('dups.csv', 'region,activity,value\na,x,1\na,x,2\nb,y,3\na,y,1\nb,x,1\n');
    const r = run('regions', 'measures', f, '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /1 duplicate row\(s\).*summed/);
    assert.match(readFileSync(f, 'utf8'), /a,x,2/);
    assert.match(r.out, /\na,x,3,/);
  });
});

describe('proximity regions: results an analyst can trust (CLI)', () => {
  const LABELS = fixture('..', '..', 'data', 'uk-bres', 'sic2007_divisions.csv');
  const GVA = fixture('..', '..', 'data', 'uk-gva', 'gva_per_job_itl2_2022.csv');
  const CBP = fixture('..', '..', 'data', 'us-cbp', 'cbp2019_metro_naics4.csv.gz');
  const uk = ['--activity-col', 'activity_code'];
  it('nested codes are refused with the way out; --level keeps one level (digits, or the level column)', () => {
    const raw = file('nested.csv', 'region,naics,emp\nA,00,100\nA,33,60\nA,3361,40\nA,3362,20\nB,00,50\nB,33,10\nB,3361,5\nB,3362,5\n');
    const r = run('regions', 'measures', raw);
    assert.equal(r.code, 2);
    assert.match(r.err, /nested\.csv: the activity column "naics" mixes levels.*"00" is a total row.*33 beside 3361.*--level N \(code lengths 2, 4\)/);
    const four = run('regions', 'measures', raw, '--level', '4', '--format', 'csv');
    assert.equal(four.code, 0, four.err);
    assert.deepEqual([...new Set(four.out.trim().split('\n').slice(1).map((l) => l.split(',')[1]))], ['3361', '3362']);
    const withCol = file('levels.csv', 'region,naics,naics_level,emp\nA,00,total,100\nA,3361,4,40\nA,3362,4,60\nB,00,total,50\nB,3361,4,45\nB,3362,4,5\n');
    const refused = run('regions', 'measures', withCol);
    assert.match(refused.err, /--level \(column "naics_level": total, 4\)/);
    assert.equal(run('regions', 'measures', withCol, '--level', '4').code, 0);
  });
  it('--labels is honoured by measures and variety --by activity, and a labels file that does not fit is refused', () => {
    const m = run('regions', 'measures', BRES, ...uk, '--labels', LABELS, '--year', '2022', '--format', 'csv');
    assert.equal(m.code, 0, m.err);
    const lines = m.out.trim().split('\n');
    assert.match(lines[0], /^year,region,activity,label,value/);
    assert.ok(lines.slice(1).every((l) => l.startsWith('2022,')), 'measures --year keeps that year only');
    assert.equal(lines.length - 1, 40 * 84);
    const v = JSON.parse(run('regions', 'variety', BRES, ...uk, '--by', 'activity', '--labels', LABELS, '--format', 'json').out);
    assert.equal(v.find((x: { activity: string }) => x.activity === '29').label, 'Manufacture of motor vehicles, trailers and semi-trailers');
    const wrong = run('regions', 'opportunities', BRES, '--region', 'West Midlands', '--labels', LABELS);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /sic2007_divisions\.csv: the labels fit only 0 of the data's 84 activities.*the right activity column/);
  });
  it('a hierarchy whose keys do not match the activities is an error, not related variety 0', () => {
    const r = run('regions', 'variety', BRES, '--hierarchy', LABELS);
    assert.equal(r.code, 2);
    assert.match(r.err, /the hierarchy's keys fit only 0 of the data's 88 activities/);
  });
  it('opportunities and target carry region and year; related_present is a list in JSON; target columns mean one thing each', () => {
    const opp = run('regions', 'opportunities', BRES, ...uk, '--region', 'TLG3', '--orient-by', GVA, '--labels', LABELS, '--format', 'json');
    assert.equal(opp.code, 0, opp.err);
    const rows = JSON.parse(opp.out);
    assert.equal(rows[0].region, 'West Midlands');
    assert.equal(rows[0].year, '2023');
    assert.ok(Array.isArray(rows[0].related_present) && typeof rows[0].related_present[0].proximity === 'number');
    assert.ok(Math.abs(rows[0].score - rows[0].from_density - rows[0].from_pci - rows[0].from_cog) < 1e-12);
    assert.match(opp.err, /notice: 2023: under Stata's rule .* ECI correlated -0\.74 with GVA per job/);
    assert.match(opp.err, /local activities left out .*SIC 2007 division mapping/);
    const first = rows[0].activity as string;
    const excluded = run('regions', 'opportunities', BRES, ...uk, '--region', 'TLG3', '--orient-by', GVA, '--exclude', file('exclude.csv', `activity_code\n${first}\n`), '--format', 'json');
    assert.equal(excluded.code, 0, excluded.err);
    assert.ok(!JSON.parse(excluded.out).some((x: { activity: string }) => x.activity === first));
    assert.match(excluded.err, /1 excluded/);
    const target = run('regions', 'target', BRES, ...uk, '--region', 'West Midlands', '--activities', '30', '--format', 'json');
    assert.equal(target.code, 0, target.err);
    const t = JSON.parse(target.out) as Array<Record<string, unknown>>;
    assert.ok(t.every((x) => !('value' in x) && x.region === 'West Midlands' && x.year === '2023'));
    assert.ok(t.filter((x) => x.section === 'gap').every((x) => typeof x.relatedness === 'number' && typeof x.density === 'number'));
    assert.match(target.err, /only 84 activities: .*indicative only; 30 lumps 8 industries: Building of ships and floating structures;.*Manufacture of air and spacecraft/);
  });
  it('dynamics takes --threads and entry rules; regions aggregate to ITL1', () => {
    const d = run('regions', 'dynamics', BRES, ...uk, '--threads', '1', '--entry-from', '0.5', '--entry-to', '1', '--format', 'json');
    assert.equal(d.code, 0, d.err);
    assert.match(JSON.parse(d.out).find((x: { measure: string }) => /AUC/.test(x.measure)).detail, /entries among/);
    assert.equal(run('regions', 'dynamics', BRES, ...uk, '--entry-from', '2', '--entry-to', '1').code, 2);
    const itl1 = JSON.parse(run('regions', 'complexity', BRES, ...uk, '--aggregate', 'itl1', '--format', 'json').out);
    assert.equal(itl1.length, 11);
    assert.ok(itl1.some((x: { region: string }) => x.region === 'West Midlands (England)'));
  });
  it('clusters on CBP: the sized default and the bundled US Cluster Mapping definitions', () => {
    const sized = run('regions', 'clusters', CBP, '--summary', '--format', 'json');
    assert.equal(sized.code, 0, sized.err);
    const clusters = JSON.parse(sized.out) as Array<{ size: number; members: string }>;
    assert.ok(clusters.length >= 10 && clusters.every((c) => c.size <= 288 / 4));
    assert.ok(clusters.some((c) => /3361 /.test(c.members) && /3363 /.test(c.members)));
    const cm = run('regions', 'clusters', CBP, '--definitions', 'us-cluster-mapping', '--summary', '--format', 'json');
    assert.equal(cm.code, 0, cm.err);
    const auto = (JSON.parse(cm.out) as Array<{ name: string; members: string }>).find((c) => c.name === 'Automotive')!;
    assert.match(auto.members, /3361 Motor Vehicles/);
  });
});
