/**
 * `npm run bench:server`: the HTTP API under load on loopback (open-loop latency, autocannon throughput) against a PostgreSQL
 * server holding 10,000 members, and the start-up time on PGlite. Prints figures; asserts nothing.
 *
 * BENCH_CPU_PROF=DIR writes the server's CPU profile there. BENCH_ONLY=text picks scenarios by name.
 * PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a database is created and dropped in it);
 * without either, a throwaway cluster is started with scripts/pg-cluster.sh.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connection.js';
import { ensureAdministrator } from '../src/hub/accounts/accounts.js';
import { createHub } from '../src/hub/platform/context.js';
import { outboxMailer } from '../src/hub/platform/mail.js';
import { seedExamples } from '../src/hub/seed.js';
import { loadReferenceData } from '../src/hub/taxonomy/taxonomy.js';
import { benchDatabase, cpuSeconds, openLoop, serveOn, waitReady } from './load.js';

const WORDS = ['robotics', 'digital twins', 'supply', 'skills policy', 'cluster', 'additive', 'productivity', 'circular', 'net zero', 'innovation', 'complexity', 'human factors', 'roadmapping', 'SME', 'industrial policy', 'knowledge exchange', 'organisational', 'smart specialisation', 'AI', 'regional'];
const REGIONS = ['TLG', 'TLD', 'TLE', 'TLM', 'TLI', 'TLK'];
/** Distinct searches (text and a region), so the text-result cache is not the whole story. */
const SEARCHES = WORDS.flatMap((w, i) => [`/api/directory?q=${encodeURIComponent(w)}&region=${REGIONS[i % REGIONS.length]}`, `/api/directory?q=${encodeURIComponent(w)}&region=${REGIONS[(i + 3) % REGIONS.length]}&page=2`]);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP = 5;
// latency from open-loop load (bench/load.ts explains why not autocannon's rate limits); autocannon for throughput
const CONNECTIONS = 10;

const target = await benchDatabase('proximity_bench');

try {
  // seed
  let t = performance.now();
  const database = await openDatabase({ databaseUrl: target.url });
  const hub = createHub({ db: database.db, mailer: outboxMailer(), baseUrl: 'http://localhost' });
  await loadReferenceData(database.db);
  await database.db.transaction().execute((tx) => seedExamples(tx, 42, MEMBERS));
  const password = 'benchmark password';
  await ensureAdministrator(hub, { email: 'bench@example.org', password, name: 'Bench' });
  // measure the steady state, not the aftermath of the bulk load (autovacuum, checkpoint)
  await sql`vacuum analyze`.execute(database.db);
  await sql`checkpoint`.execute(database.db);
  const someone = await database.db.selectFrom('profiles').select('id').where('is_example', '=', true).limit(1).offset(MEMBERS / 2).executeTakeFirstOrThrow();
  await database.close();
  console.log(`seeded ${MEMBERS.toLocaleString('en-GB')} members on PostgreSQL in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const { base, server, stop } = await serveOn(target.url);
  const scenarios: { name: string; paths: string[] }[] = [
    { name: `directory: text + region filter, ${SEARCHES.length} different queries in turn`, paths: SEARCHES },
    { name: 'directory: two facet filters, no text (discipline, sector)', paths: ['/api/directory?discipline=economics&sector=C'] },
    { name: 'profile page', paths: [`/api/profiles/${someone.id}`] },
  ];
  console.log(`\nReads at ${RATE} req/s offered on a fixed schedule for ${SECONDS} s after ${WARM_UP} s of warm-up, latency from each request's due time; then autocannon, ${CONNECTIONS} connections as fast as answered, ${SECONDS} s. Loopback; 2 cores shared by server, PostgreSQL and load generator.`);
  console.log('scenario | p50 ms | p97.5 ms | p99 ms | max ms | failed | CPU while measured (100% = one core) | autocannon req/s | autocannon p99 ms');
  for (const s of scenarios.filter((x) => !process.env.BENCH_ONLY || x.name.includes(process.env.BENCH_ONLY))) {
    let before = [process.cpuUsage(), cpuSeconds(server.pid!)] as const;
    const r = await openLoop(base, s.paths, RATE, WARM_UP, SECONDS, () => (before = [process.cpuUsage(), cpuSeconds(server.pid!)]));
    const loadCpu = process.cpuUsage(before[0]);
    const cpu = `server ${(((cpuSeconds(server.pid!) - before[1]) / SECONDS) * 100).toFixed(0)}%, load generator ${((loadCpu.user + loadCpu.system) / 1e4 / SECONDS).toFixed(0)}%`;
    const c = await autocannon({ url: base, requests: s.paths.map((path) => ({ method: 'GET', path })), connections: CONNECTIONS, duration: SECONDS });
    console.log(`${s.name} | ${r.p(50)} | ${r.p(97.5)} | ${r.p(99)} | ${r.p(100)} | ${r.failed + c.non2xx + c.errors} | ${cpu} | ${c.requests.average.toFixed(0)} | ${c.latency.p99}`);
  }
  // sign-in is deliberately slow (argon2id): its figure is the closed-loop throughput
  if (!process.env.BENCH_ONLY || 'sign-in'.includes(process.env.BENCH_ONLY)) {
    const r = await autocannon({ url: `${base}/api/auth/sign-in`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.org', password }), connections: CONNECTIONS, duration: SECONDS });
    console.log(`sign-in (argon2id, m=19 MiB, t=2), autocannon ${CONNECTIONS} connections: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, failed ${r.non2xx + r.errors}`);
  }
  await stop();

  // start-up on PGlite: a new process until /api/ready answers, first start (seeding) and restart
  const dir = mkdtempSync(join(tmpdir(), 'proximity-start-'));
  for (const label of ['first start (migrate + seed)', 'restart (existing data)']) {
    t = performance.now();
    const child = spawn(process.execPath, ['dist/src/cli/main.js', 'serve', '--port', '3999', '--data-dir', dir], { stdio: 'ignore', env: { ...process.env, DATABASE_URL: '' } });
    await waitReady('http://127.0.0.1:3999');
    console.log(`start-up on PGlite, ${label}: ${((performance.now() - t) / 1000).toFixed(2)} s`);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
} finally {
  await target.drop();
}
