/**
 * `npm run bench:analyses`: the analyses as their users wait for them, against a server process on the embedded
 * database (PGlite), the default set-up. Prints figures; asserts nothing.
 *
 * 1. The region page on US CBP 2019 (Detroit), all its panels requested at once as the page requests them (each an
 *    analysis job: POST …/jobs, then the job polled as the page polls it): cold (the first computation of that data set
 *    version, in a fresh server) and warm (the page opened again, BENCH_PAGES times).
 * 2. Directory search latency at BENCH_RATE requests per second (open loop) while a CBP job runs.
 * 3. The network explorer in Debian's Chromium on a 20,000-node graph of about 100,000 ties (synthetic Web of Science
 *    records uploaded as a data set): from the graph's data in hand to its first frame (the nodes, as the layout
 *    starts) and to the frame with its ties (once the layout has settled), from navigation to the first frame, and
 *    frames per second while the layout runs and while the user zooms and pans.
 *
 * BENCH_ONLY=explorer runs only the third.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { openDatabase } from '../src/db/connection.js';
import { ensureAdministrator } from '../src/hub/accounts/accounts.js';
import { uploadDataset } from '../src/hub/datasets/datasets.js';
import { createHub } from '../src/hub/platform/context.js';
import { outboxMailer } from '../src/hub/platform/mail.js';
import { diskStore } from '../src/hub/platform/files.js';
import { databaseConfig } from '../src/server/start.js';
import { seed } from '../src/hub/seed.js';
import { openLoop, percentile, serveOn } from './load.js';
import { syntheticWos } from '../test/helpers/synthetic-wos.js';

const CBP = 'us-cbp-2019-metro-naics4';
const REGION = 'Detroit-Warren-Dearborn, MI';
const PAGES = Number(process.env.BENCH_PAGES ?? 40);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const NODES = Number(process.env.BENCH_GRAPH_NODES ?? 20_000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const dir = mkdtempSync(join(tmpdir(), 'proximity-bench-analyses-'));
/** Servers still running, stopped whatever happens. */
const running = new Set<ChildProcess>();

/** The server on the data directory (PGlite), as `npm start` runs it; stopped at the end whatever happens. */
async function serve(): Promise<Awaited<ReturnType<typeof serveOn>>> {
  const s = await serveOn('', { SEED_EXAMPLES: 'true' }, ['--data-dir', join(dir, 'db')]);
  running.add(s.server);
  s.server.once('exit', () => running.delete(s.server));
  return s;
}

interface Job {
  id: string;
  state: string;
  error?: { message: string };
}

/** One analysis as the page runs it: a job, polled every 250 ms until it ends. */
async function viaJob(base: string, dataset: string, analysis: string, query: Record<string, string>): Promise<void> {
  let res = await fetch(`${base}/api/analyses/${encodeURIComponent(dataset)}/${analysis}/jobs?${new URLSearchParams(query)}`, { method: 'POST' });
  let job = (await res.json()) as Job;
  if (res.status >= 400) throw new Error(`${analysis}: ${res.status} ${JSON.stringify(job)}`);
  while (job.state === 'queued' || job.state === 'running') {
    await new Promise((r) => setTimeout(r, 250));
    res = await fetch(`${base}/api/jobs/${job.id}`);
    job = (await res.json()) as Job;
  }
  if (job.state !== 'completed') throw new Error(`${analysis}: ${job.state} ${job.error?.message ?? ''}`);
}

/** The region page's panels, as web/src/pages/Regions.tsx asks for them. */
function regionPage(base: string, year: string): Promise<void[]> {
  const r = { year, region: REGION };
  return Promise.all([
    viaJob(base, CBP, 'catalogue', {}),
    viaJob(base, CBP, 'specialisation', { ...r, by: 'rca', top: '15' }),
    viaJob(base, CBP, 'space', { year }),
    viaJob(base, CBP, 'pswot', r),
    viaJob(base, CBP, 'opportunities', { ...r, top: '1000', strategy: 'balanced' }),
    viaJob(base, CBP, 'variety', { year }),
    viaJob(base, CBP, 'complexity', { year }),
    viaJob(base, CBP, 'comparison', { year, regions: REGION }),
  ]);
}

const ms = (t: number) => `${Math.round(t)} ms`;

try {
  // the data directory: seeded as on a first start, with the synthetic records uploaded by an administrator
  let t = performance.now();
  // the database and the file store where `serve --data-dir` finds them
  const database = await openDatabase(databaseConfig({ dataDir: join(dir, 'db'), databaseUrl: undefined }));
  const hub = createHub({ db: database.db, mailer: outboxMailer(), baseUrl: 'http://localhost', files: diskStore(join(dir, 'db', 'uploads')) });
  await seed(hub, { examples: true, dataDir: join(dir, 'db') });
  const admin = await ensureAdministrator(hub, { email: 'bench@example.org', password: 'benchmark password', name: 'Bench' });
  const wos = syntheticWos(NODES);
  const upload = await uploadDataset({ ...hub, uploadLimit: 200 * 1024 * 1024 }, { kind: 'user', userId: admin.userId, profileId: null, email: 'bench@example.org', roles: new Set(['administrator']) }, {
    title: 'Synthetic co-authorship',
    kind: 'records',
    visibility: 'public',
    files: [{ role: 'data', filename: 'synthetic.txt', content: Buffer.from(wos.text).toString('base64') }],
  });
  await database.close();
  console.log(`set-up: seeded on PGlite and uploaded ${wos.papers.toLocaleString('en-GB')} synthetic records in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // 1. the region page, cold then warm (BENCH_ONLY=explorer skips 1 and 2)
  let s = await serve();
  if (process.env.BENCH_ONLY !== 'explorer') {
    const catalogue = (await (await fetch(`${s.base}/api/analyses/${CBP}/catalogue`)).json()) as { meta: { years: string[] } };
    const year = catalogue.meta.years.at(-1)!;
    t = performance.now();
    await regionPage(s.base, year);
    const cold = performance.now() - t;
    const warm: number[] = [];
    for (let i = 0; i < PAGES; i++) {
      t = performance.now();
      await regionPage(s.base, year);
      warm.push(performance.now() - t);
    }
    warm.sort((a, b) => a - b);
    console.log(`\nregion page on US CBP 2019 (${REGION}), 8 panels as jobs at once:`);
    console.log(`  cold (fresh server, first computation of the version): ${ms(cold)}`);
    console.log(`  warm over ${PAGES} page loads: p50 ${ms(percentile(warm, 50))}, p95 ${ms(percentile(warm, 95))}, max ${ms(warm.at(-1)!)}`);

    // 2. directory search while a CBP job runs (measures at another threshold: presence, proximity and fitness computed anew)
    const searches = ['manufacturing', 'policy', 'robotics', 'skills', 'innovation', 'cluster', 'digital', 'supply'].flatMap((w) => [`/api/directory?q=${w}`, `/api/directory?q=${w}&page=2`]);
    let jobMs = 0;
    let jobDone: Promise<void> = Promise.resolve();
    const loop = await openLoop(s.base, searches, RATE, 3, 8, () => {
      const start = performance.now();
      jobDone = viaJob(s.base, CBP, 'complexity', { year, complexity: 'fitness', threshold: '0.9' }).then(() => void (jobMs = performance.now() - start));
    });
    await jobDone;
    console.log(`\ndirectory search at ${RATE} req/s for 8 s while a cold CBP complexity job (${ms(jobMs)}) runs: p50 ${ms(loop.p(50))}, p99 ${ms(loop.p(99))}, failed ${loop.failed}`);
  }
  await s.stop();

  // 3. the network explorer in Chromium
  if (!existsSync(CHROMIUM) || !existsSync('dist/web/index.html')) {
    console.log(`\nnetwork explorer: skipped (needs ${CHROMIUM} and a built web app: npm run build:web)`);
  } else {
    s = await serve();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => console.error(`  the page failed: ${e.message}`));
    const query = `d=${encodeURIComponent(upload.slug)}&level=person`;
    // the graph report computed once, so the page measures drawing, not the first computation
    const listed = (await (await fetch(`${s.base}/api/datasets`)).json()) as { items?: { slug: string }[] } | { slug: string }[];
    const slugs = (Array.isArray(listed) ? listed : (listed.items ?? [])).map((d) => d.slug);
    if (!slugs.includes(upload.slug)) throw new Error(`the synthetic data set ${upload.slug} is not among ${slugs.join(', ')}`);
    t = performance.now();
    await viaJob(s.base, upload.slug, 'graph', { level: 'person' });
    const report = performance.now() - t;
    await page.goto(`${s.base}/networks?${query}`);
    await page.waitForFunction(() => performance.getEntriesByName('graph:drawn').length > 0, undefined, { timeout: 120_000 });
    /** Frames drawn in `seconds`. */
    const fps = (seconds: number) =>
      page.evaluate(`new Promise((resolve) => {
        let frames = 0;
        const end = performance.now() + ${seconds * 1000};
        const tick = () => { frames++; if (performance.now() < end) requestAnimationFrame(tick); else resolve(frames / ${seconds}); };
        requestAnimationFrame(tick);
      })`) as Promise<number>;
    const duringLayout = await fps(3);
    // a large graph's ties are drawn once its layout settles (at most 8 s)
    await page.waitForFunction(() => performance.getEntriesByName('graph:ties').length > 0, undefined, { timeout: 120_000 });
    const marks = await page.evaluate(() => {
      const at = (name: string) => performance.getEntriesByName(name)[0].startTime;
      return { data: at('graph:data'), drawn: at('graph:drawn'), ties: at('graph:ties') };
    });
    const size = (await page.locator('.network-page p').first().textContent()) ?? '';
    const canvas = page.getByTestId('graph-canvas');
    const box = (await canvas.boundingBox())!;
    /** Frames per second over 3 s of zooming and dragging (30 wheel turns and drags, as fast as the browser takes them). */
    const interaction = async () => {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const frames = fps(3);
      for (let i = 0; i < 30; i++) {
        await page.mouse.wheel(0, i % 2 ? 120 : -120);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2 + (i % 5) * 20, box.y + box.height / 2 + (i % 3) * 20, { steps: 3 });
        await page.mouse.up();
      }
      return frames;
    };
    // at once, while the panels below compute their analyses in the server (on the same 2 cores), then once they are done
    const busy = await interaction();
    await page.waitForFunction(
      () => {
        const { document } = globalThis as unknown as { document: { querySelector(selector: string): unknown; body: { innerText: string } } };
        return !document.querySelector('progress') && !/Computed once the graph/.test(document.body.innerText);
      },
      undefined,
      { timeout: 300_000 },
    );
    const idle = await interaction();
    console.log(`\nnetwork explorer in Chromium (${size.trim()}), graph report computed in ${ms(report)}:`);
    console.log(`  graph data in hand → first frame drawn (the nodes; the layout starts): ${ms(marks.drawn - marks.data)}; navigation → first frame: ${ms(marks.drawn)}`);
    console.log(`  graph data in hand → the layout settled and the ties drawn: ${ms(marks.ties - marks.data)}`);
    console.log(`  frames per second while ForceAtlas2 runs (worker): ${duringLayout.toFixed(0)}`);
    console.log(`  frames per second while zooming and panning: ${busy.toFixed(0)} as the panels below compute in the server on the same cores, ${idle.toFixed(0)} once they are done`);
    await browser.close();
    await s.stop();
  }
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  for (const server of running) server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}
