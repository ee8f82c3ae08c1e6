import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { parse as parseCsv } from 'csv-parse/sync';
import { ensureBundledDatasets, listDatasets, loadDataset, uploadDataset, uploadVersion } from '../../src/hub/datasets/datasets.js';
import { analysisJob, cancelAnalysisJob, JOB_CONCURRENCY, runAnalysis, submitAnalysisJob } from '../../src/hub/analyses/analyses.js';
import type { JobView } from '../../src/hub/analyses/contract.js';
import { hubNetworkRecords } from '../../src/hub/datasets/hub-network.js';
import { VISITOR, type Viewer } from '../../src/hub/platform/access.js';
import { seedExamples } from '../../src/hub/seed.js';
import { buildApp } from '../../src/server/app.js';
import { DATA_DIR } from '../../src/paths.js';
import { refusedWith } from '../helpers/hub.js';
import { runCli, scratch } from '../helpers/cli.js';
import { BACKENDS, freshHub, newMember, withRoles, type Backend } from '../helpers/db.js';

const BRES = `${DATA_DIR}/uk-bres/bres_itl2_sic2digit_employment_2022_2023.csv`;
const WOS = `${DATA_DIR}/networks/wos_bibliometrix_savedrecs.bib.gz`;
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Numbers equal to 12 significant digits (JSON and CSV print the same doubles; the CLI's JSON keeps them whole). */
function sameValue(a: unknown, b: unknown, where: string): void {
  if (typeof a === 'number' && typeof b === 'number') assert.ok(a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${where}: ${a} ≠ ${b}`);
  else assert.deepEqual(a, b, where);
}

function sameRows(cli: Record<string, unknown>[], api: Record<string, unknown>[], what: string): void {
  assert.equal(api.length, cli.length, `${what}: ${api.length} rows from the API, ${cli.length} from the CLI`);
  assert.ok(cli.length > 0, `${what}: no rows`);
  cli.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) sameValue(api[i][k], v, `${what} row ${i} ${k}`);
  });
}

for (const backend of BACKENDS) describe(`data sets and analyses (${backend})`, () => analyses(backend));

function analyses(backend: Backend): void {
  let ctx: Awaited<ReturnType<typeof freshHub>>;
  let app: FastifyInstance;
  let analyst: Viewer;
  let member: Viewer;
  let tables: string;

  before(async () => {
    ctx = await freshHub(backend);
    await ensureBundledDatasets(ctx.hub.db);
    app = await buildApp({ hub: ctx.hub, sessionSecret: 'x'.repeat(40), authRateLimit: 1000, logger: false });
    analyst = await withRoles(ctx.hub, 'analyst@example.org', ['analyst']);
    member = (await newMember(ctx.hub, 'member@example.org', 'A Member')).viewer;
    const s = scratch('proximity-analyses-');
    tables = `${s.dir}/wos`;
    const imported = runCli(['networks', 'import', WOS, '--out', tables]);
    assert.equal(imported.code, 0, imported.err);
  });
  after(async () => {
    await app.close();
    await ctx.database.close();
  });

  const api = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
    return res.json() as { columns: string[]; rows: Record<string, unknown>[]; notices: string[]; meta: Record<string, unknown> };
  };
  const cli = (args: string[]) => {
    const r = runCli([...args, '--format', 'json']);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    return JSON.parse(r.out) as Record<string, unknown>[];
  };

  test('the CLI and the API give the same numbers: every regions command on UK BRES', async () => {
    const uk = ['--activity-col', 'activity_code', '--labels', `${DATA_DIR}/uk-bres/sic2007_divisions.csv`];
    const cases: [string[], string][] = [
      [['regions', 'opportunities', BRES, ...uk, '--region', 'West Midlands', '--strategy', 'long-jumps', '--top', '15'], 'opportunities?region=West%20Midlands&strategy=long-jumps&top=15'],
      [['regions', 'opportunities', BRES, ...uk, '--region', 'TLG3', '--pswot'], 'pswot?region=TLG3'],
      [['regions', 'target', BRES, ...uk, '--region', 'West Midlands', '--activities', '30'], 'target?region=West%20Midlands&activities=30'],
      [['regions', 'partners', BRES, ...uk, '--region', 'West Midlands', '--target', '30'], 'partners?region=West%20Midlands&target=30'],
      [['regions', 'partners', BRES, ...uk, '--region', 'West Midlands', '--similar'], 'similar?region=West%20Midlands'],
      [['regions', 'complexity', BRES, ...uk], 'complexity'],
      [['regions', 'complexity', BRES, ...uk, '--by', 'activity'], 'complexity?by=activity'],
      [['regions', 'variety', BRES, ...uk, '--hierarchy', `${DATA_DIR}/uk-bres/sic2007_divisions.csv`, '--hierarchy-level', 'sic_section_name'], 'variety'],
      [['regions', 'clusters', BRES, ...uk, '--hierarchy', `${DATA_DIR}/uk-bres/sic2007_divisions.csv`, '--hierarchy-level', 'sic_section_name', '--summary'], 'clusters?summary=true'],
      [['regions', 'clusters', BRES, ...uk, '--method', 'louvain', '--hierarchy', `${DATA_DIR}/uk-bres/sic2007_divisions.csv`, '--hierarchy-level', 'sic_section_name'], 'clusters?method=louvain'],
      [['regions', 'dynamics', BRES, ...uk], 'dynamics'],
      [['regions', 'dynamics', BRES, ...uk, '--list', 'entries'], 'dynamics?list=entries'],
      [['regions', 'relatedness', BRES, ...uk, '--year', '2022', '--method', 'cosine'], 'relatedness?year=2022&method=cosine'],
    ];
    for (const [args, query] of cases) sameRows(cli(args), (await api(`/api/analyses/uk-bres-itl2-sic2/${query}`)).rows, query);
    // the activity space: the same nodes and links
    const space = JSON.parse(runCli(['regions', 'space', BRES, ...uk]).out);
    const fromApi = await api('/api/analyses/uk-bres-itl2-sic2/space');
    sameRows(space.nodes, fromApi.rows, 'space nodes');
    sameRows(space.links, fromApi.meta.links as Record<string, unknown>[], 'space links');
  });

  test('the CLI and the API give the same numbers: the networks commands on the Web of Science records', async () => {
    const cases: [string[], string][] = [
      [['networks', 'communities', tables, '--level', 'organisation'], 'communities?level=organisation'],
      [['networks', 'communities', tables, '--level', 'country', '--method', 'louvain', '--resolution', '0.5'], 'communities?level=country&method=louvain&resolution=0.5'],
      [['networks', 'metrics', tables, '--level', 'country'], 'metrics?level=country'],
      [['networks', 'metrics', tables, '--map', 'keywords', '--min-occurrences', '3'], 'metrics?map=keywords&minOccurrences=3'],
      [['networks', 'brokerage', tables, '--attribute', 'country', '--report', 'group'], 'brokerage?attribute=country&report=group'],
      [['networks', 'describe', tables, '--report', 'countries'], 'describe?report=countries'],
      [['networks', 'describe', tables, '--report', 'summary'], 'describe'],
      [['networks', 'themes', tables, '--keywords', 'all'], 'themes?keywords=all'],
      [['networks', 'spectrum', tables, '--groups', 'country'], 'spectrum?groups=country'],
    ];
    for (const [args, query] of cases) sameRows(cli(args), (await api(`/api/analyses/wos-bibliometrix-300/${query}`)).rows, query);
  });

  test('a CSV download holds the report the page shows', async () => {
    const json = await api('/api/analyses/uk-bres-itl2-sic2/specialisation?region=West%20Midlands');
    const res = await app.inject({ method: 'GET', url: '/api/analyses/uk-bres-itl2-sic2/specialisation.csv?region=West%20Midlands' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    const rows = parseCsv(res.body, { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]), json.columns);
    assert.equal(rows.length, json.rows.length);
    assert.equal(Number(rows[0].rca), json.rows[0].rca);
  });

  test("meaning: West Midlands' top specialisation is motor vehicles; Detroit's too", async () => {
    const wm = await api('/api/analyses/uk-bres-itl2-sic2/specialisation?region=West%20Midlands&top=3');
    assert.equal(wm.rows[0].activity, '29');
    assert.match(String(wm.rows[0].label), /motor vehicles/i);
    const detroit = await api('/api/analyses/us-cbp-2019-metro-naics4/specialisation?region=Detroit-Warren-Dearborn,%20MI&top=3');
    assert.equal(detroit.rows[0].activity, '3361');
    assert.equal(detroit.rows[0].label, 'Motor Vehicles');
    // a record with 5 authors gives 5 people
    const { dataset } = await loadDataset(ctx.hub, VISITOR, 'wos-bibliometrix-300');
    assert.equal(dataset.kind, 'records');
    if (dataset.kind !== 'records') return;
    const byActivity = new Map<string, Set<string>>();
    for (const p of dataset.records.participations) byActivity.set(p.activity, (byActivity.get(p.activity) ?? new Set()).add(p.actor));
    assert.ok([...byActivity.values()].some((s) => s.size === 5));
  });

  test('bad options: 400 naming the field, with close names suggested', async () => {
    const bad = async (url: string, field: string, message?: RegExp) => {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      const e = res.json().error;
      assert.equal(e.details.issues[0].field, field, url);
      if (message) assert.match(e.message, message);
    };
    await bad('/api/analyses/uk-bres-itl2-sic2/opportunities?region=West%20Midland', 'region', /did you mean "West Midlands"/);
    await bad('/api/analyses/uk-bres-itl2-sic2/target?region=West%20Midlands&activities=3O', 'activities', /activity "3O" is not in the data/);
    await bad('/api/analyses/uk-bres-itl2-sic2/specialisation?region=TLG3&year=2019', 'year', /not in the data \(2022, 2023\)/);
    await bad('/api/analyses/uk-bres-itl2-sic2/opportunities?region=TLG3&weights=density=1,pci=x', 'weights', /pci expects a number/);
    await bad('/api/analyses/uk-bres-itl2-sic2/opportunities?region=TLG3&weights=size=1', 'weights', /unknown "size"/);
    await bad('/api/analyses/uk-bres-itl2-sic2/opportunities?region=TLG3&top=0', 'top');
    await bad('/api/analyses/uk-bres-itl2-sic2/opportunities', 'region');
    await bad('/api/analyses/uk-bres-itl2-sic2/metrics', 'analysis', /reads records/);
    await bad('/api/analyses/wos-bibliometrix-300/brokerage?attribute=planet', 'attribute');
    const missing = await app.inject({ method: 'GET', url: '/api/analyses/no-such-data/specialisation?region=x' });
    assert.equal(missing.statusCode, 404);
  });

  test('uploads: read in full first; a bad file is refused with its name, line and column, and nothing is stored', async () => {
    const before = await ctx.hub.db.selectFrom('datasets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await refusedWith(uploadDataset(ctx.hub, analyst, { title: 'Broken', kind: 'regions', files: [{ role: 'data', filename: 'jobs.csv', content: base64('region,activity,value\nA,x,10\nB,y,ten\n') }] }), 'validation', /jobs\.csv:3:3: /);
    await refusedWith(uploadDataset(ctx.hub, analyst, { title: 'Nested', kind: 'regions', files: [{ role: 'data', filename: 'nested.csv', content: base64('region,activity,value\nA,10,1\nA,101,2\nB,10,3\nB,102,1\n') }] }), 'validation', /nested\.csv: .*mixes levels/);
    await refusedWith(uploadDataset(ctx.hub, analyst, { title: 'Not records', kind: 'records', files: [{ role: 'data', filename: 'notes.txt', content: base64('just some words\n') }] }), 'validation', /notes\.txt/);
    await refusedWith(uploadDataset(ctx.hub, analyst, { title: '', kind: 'regions', files: [] }), 'validation', 'title');
    await refusedWith(uploadDataset(ctx.hub, member, { title: 'Mine', kind: 'regions', files: [{ role: 'data', filename: 't.csv', content: base64('region,activity,value\nA,x,1\n') }] }), 'forbidden', /permission/);
    await refusedWith(uploadDataset({ ...ctx.hub, uploadLimit: 10 }, analyst, { title: 'Big', kind: 'regions', files: [{ role: 'data', filename: 't.csv', content: base64('region,activity,value\nA,x,1\n') }] }), 'too_large', /larger than/);
    const after = await ctx.hub.db.selectFrom('datasets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    // over HTTP, a visitor is asked to sign in (the permission matrix covers every role)
    const s = await app.inject({ method: 'POST', url: '/api/datasets', payload: { title: 'x', kind: 'regions', files: [{ role: 'data', filename: 'jobs.csv', content: base64('region,activity,value\nA,x,1\n') }] } });
    assert.equal(s.statusCode, 401, 'a visitor signs in first');
  });

  test('an uploaded table: its summary, its analyses, a new version that replaces them, and private means 404 to others', async () => {
    const table = 'region,activity,value\nNorth,steel,50\nNorth,software,5\nSouth,steel,5\nSouth,software,50\nEast,steel,20\nEast,software,20\n';
    const d = await uploadDataset(ctx.hub, analyst, { title: 'Two industries', kind: 'regions', files: [{ role: 'data', filename: 'two.csv', content: base64(table) }] });
    assert.deepEqual([d.summary.regions, d.summary.activities, d.visibility, d.version, d.canEdit], [3, 2, 'private', 1, true]);
    // RCA of steel in North: (50/55) / (75/150) = 20/11
    const spec = await runAnalysis(ctx.hub, analyst, d.id, 'specialisation', { region: 'North' });
    assert.equal(spec.report.rows[0].activity, 'steel');
    assert.ok(Math.abs((spec.report.rows[0].rca as number) - 20 / 11) < 1e-12);
    assert.equal(spec.cached, false);
    assert.equal((await runAnalysis(ctx.hub, analyst, d.id, 'specialisation', { region: 'North' })).cached, true);
    // a new version: new numbers, not the cached ones
    const v2 = await uploadVersion(ctx.hub, analyst, d.id, { files: [{ role: 'data', filename: 'two.csv', content: base64(table.replace('North,software,5', 'North,software,500')) }] });
    assert.equal(v2.version, 2);
    const after = await runAnalysis(ctx.hub, analyst, d.id, 'specialisation', { region: 'North' });
    assert.equal(after.cached, false);
    assert.equal(after.report.rows[0].activity, 'software');
    const own = await app.inject({ method: 'GET', url: `/api/datasets/${d.slug}` });
    assert.equal(own.statusCode, 404, 'a visitor does not see a private data set');
    for (const viewer of [VISITOR, member]) {
      assert.ok(!(await listDatasets(ctx.hub, viewer)).items.some((x) => x.id === d.id));
      await refusedWith(loadDataset(ctx.hub, viewer, d.id), 'not_found');
    }
    for (const url of [`/api/analyses/${d.id}/specialisation?region=North`, `/api/analyses/${d.id}/complexity`, `/api/analyses/${d.id}/specialisation.csv?region=North`, `/api/datasets/${d.id}`]) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
    }
  });

  test("the network's own knowledge network: published items, the grants' subjects, and only members who consent", async () => {
    await ctx.hub.db.transaction().execute((tx) => seedExamples(tx, 3, 30));
    const records = await hubNetworkRecords(ctx.hub.db);
    // those who consent and show their name to everyone
    const consenting = await ctx.hub.db.selectFrom('profiles').select('id').where('consent_analytics', '=', true).where('listed', '=', true).where(sql<boolean>`visibility->>'name' = 'public'`).execute();
    const members = records.actors.filter((a) => a.id.startsWith('member:'));
    assert.ok(consenting.length > 0 && consenting.length < 30);
    assert.deepEqual(members.map((a) => a.id.slice(7)).sort(), consenting.map((p) => p.id).sort());
    // members who moved between organisations tie them at the organisation level
    const res = await api('/api/analyses/network-own/graph?level=organisation');
    assert.ok((res.meta.ties as number) > 0);
    assert.ok(res.rows.every((r) => typeof r.id === 'string' && !String(r.id).includes(':')));
  });

  /** A job followed until it ends. */
  async function finish(viewer: Viewer, job: JobView): Promise<JobView> {
    for (let i = 0; i < 1200 && (job.state === 'queued' || job.state === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await analysisJob(ctx.hub, viewer, job.id);
    }
    return job;
  }

  test('jobs: queued off the request, followed to the same report, answered from the cache the second time, cancelled, and a private one not found', async () => {
    const query = { region: 'West Midlands', strategy: 'low-hanging-fruit', top: '12', year: '2022' };
    const first = await submitAnalysisJob(ctx.hub, VISITOR, 'uk-bres-itl2-sic2', 'opportunities', query);
    assert.equal(first.state, 'queued');
    const done = await finish(VISITOR, first);
    assert.equal(done.state, 'completed', JSON.stringify(done.error));
    assert.deepEqual(done.progress, { stage: 'done', fraction: 1 });
    const direct = await runAnalysis(ctx.hub, VISITOR, 'uk-bres-itl2-sic2', 'opportunities', query);
    assert.deepEqual(done.result!.rows.map((r) => [r.activity, r.score]), direct.report.rows.map((r) => [r.activity, r.score]));
    // the same options again: answered at once from the cache
    const again = await submitAnalysisJob(ctx.hub, VISITOR, 'uk-bres-itl2-sic2', 'opportunities', query);
    assert.deepEqual([again.id, again.state, again.result?.cached], ['cached', 'completed', true]);
    // more jobs than may run at once: queued, not refused, and all finish
    const many = await Promise.all(
      Array.from({ length: JOB_CONCURRENCY + 2 }, (_, i) => submitAnalysisJob(ctx.hub, VISITOR, 'uk-bres-itl2-sic2', 'pswot', { region: ['TLC1', 'TLD3', 'TLE4', 'TLF1'][i], year: '2022' })),
    );
    assert.ok(many.every((j) => j.state === 'queued'));
    for (const j of many) {
      const end = await finish(VISITOR, j);
      assert.equal(end.state, 'completed', JSON.stringify(end.error));
    }
    // cancelled while queued or running: it ends cancelled, with no result
    const slow = await submitAnalysisJob(ctx.hub, VISITOR, 'us-cbp-2019-metro-naics4', 'clusters', { summary: 'true', method: 'hierarchical', k: '7' });
    const cancelled = await cancelAnalysisJob(ctx.hub, VISITOR, slow.id);
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(cancelled.result, undefined);
    // a malformed option is refused before any job is queued; one the data decides (a region it lacks) fails the job, naming the field
    await refusedWith(submitAnalysisJob(ctx.hub, VISITOR, 'uk-bres-itl2-sic2', 'opportunities', { region: 'West Midlands', top: '0' }), 'validation', /top/);
    const wrong = await finish(VISITOR, await submitAnalysisJob(ctx.hub, VISITOR, 'uk-bres-itl2-sic2', 'opportunities', { region: 'West Midland' }));
    assert.equal(wrong.state, 'failed');
    assert.equal(wrong.error?.field, 'region');
    assert.match(wrong.error!.message, /did you mean "West Midlands"/);
    // a job on a private data set is not found by anyone who may not see the data set
    const table = 'region,activity,value\nNorth,steel,50\nNorth,software,5\nSouth,steel,5\nSouth,software,50\n';
    const d = await uploadDataset(ctx.hub, analyst, { title: 'Private jobs', kind: 'regions', files: [{ role: 'data', filename: 'p.csv', content: base64(table) }] });
    const mine = await submitAnalysisJob(ctx.hub, analyst, d.id, 'complexity', {});
    await refusedWith(submitAnalysisJob(ctx.hub, member, d.id, 'complexity', {}), 'not_found');
    await refusedWith(analysisJob(ctx.hub, member, mine.id), 'not_found');
    await refusedWith(cancelAnalysisJob(ctx.hub, VISITOR, mine.id), 'not_found');
    for (const [method, url] of [['GET', `/api/jobs/${mine.id}`], ['DELETE', `/api/jobs/${mine.id}`], ['POST', `/api/analyses/${d.id}/complexity/jobs`]] as const) {
      const res = await app.inject({ method, url, ...(method === 'POST' && { payload: {} }) });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
    }
    assert.equal((await finish(analyst, mine)).state, 'completed');
  });
}
