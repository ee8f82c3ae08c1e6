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
    for (const c of cases) {
      const r = run('regions', c[0], BRES, ...c.slice(1), ...common);
      assert.equal(r.code, 0, `${c.join(' ')}: ${r.err}`);
      const rows = JSON.parse(r.out);
      assert.ok(Array.isArray(rows) && rows.length > 0, c[0]);
    }
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
