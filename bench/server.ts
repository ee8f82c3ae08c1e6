/**
 * `npm run bench:server`: the HTTP API under load on loopback (open-loop latency, autocannon throughput) against a PostgreSQL
 * server holding 10,000 members, and the start-up time on PGlite. Prints figures; asserts nothing.
 *
 * BENCH_CPU_PROF=DIR writes the server's CPU profile there. BENCH_ONLY=text picks scenarios by name.
 * PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a database is created and dropped in it);
 * without either, a throwaway cluster is started with scripts/pg-cluster.sh.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/connection.js';
import { ensureAdministrator } from '../src/hub/accounts.js';
import { createHub } from '../src/hub/context.js';
import { outboxMailer } from '../src/hub/mail.js';
import { seedExamples } from '../src/hub/seed.js';
import { loadReferenceData } from '../src/hub/taxonomy.js';

const WORDS = ['robotics', 'digital twins', 'supply', 'skills policy', 'cluster', 'additive', 'productivity', 'circular', 'net zero', 'innovation', 'complexity', 'human factors', 'roadmapping', 'SME', 'industrial policy', 'knowledge exchange', 'organisational', 'smart specialisation', 'AI', 'regional'];
const REGIONS = ['TLG', 'TLD', 'TLE', 'TLM', 'TLI', 'TLK'];
/** Distinct searches (text and a region), so the text-result cache is not the whole story. */
const SEARCHES = WORDS.flatMap((w, i) => [`/api/directory?q=${encodeURIComponent(w)}&region=${REGIONS[i % REGIONS.length]}`, `/api/directory?q=${encodeURIComponent(w)}&region=${REGIONS[(i + 3) % REGIONS.length]}&page=2`]);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP = 5;
// Latency at an offered rate needs open-loop load: requests sent on a fixed schedule whatever the answers.
// autocannon's rate limits cannot give it: overallRate releases each second's requests at once;
// connectionRate N sends N requests back to back at the start of each second, sends again at once when an
// answer arrives late (so an overloaded server is offered more), and its percentiles add coordinated-omission
// corrections at a 1 ms interval. So latency is measured by `openLoop` (node:http, keep-alive, one request
// every 1/RATE s, latency from the scheduled time), and autocannon gives each read's closed-loop throughput.
const CONNECTIONS = 10;

let serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
let cluster: string | undefined;
if (!serverUrl) {
  const out = execFileSync('scripts/pg-cluster.sh', ['start'], { encoding: 'utf8' });
  serverUrl = /TEST_DATABASE_URL=(\S+)/.exec(out)![1];
  cluster = /PG_CLUSTER_DIR=(\S+)/.exec(out)![1];
  console.log(`started a throwaway PostgreSQL cluster at ${serverUrl}`);
}
const dbName = `proximity_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;

try {
  // seed
  let t = performance.now();
  const database = await openDatabase({ databaseUrl: url.toString() });
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

  // the server runs in its own process, as in production: sharing an event loop with the load
  // generator would add autocannon's own work to every latency
  const port = await freePort();
  const server = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), 'dist/src/cli/main.js', 'serve', '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn', AUTH_RATE_LIMIT: '1000000', SEED_EXAMPLES: 'false', SESSION_SECRET: 'bench-secret-bench-secret-bench' },
  });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base);
  const scenarios: { name: string; paths: string[] }[] = [
    { name: `directory: text + region filter, ${SEARCHES.length} different queries in turn`, paths: SEARCHES },
    { name: 'directory: two facet filters, no text (discipline, sector)', paths: ['/api/directory?discipline=economics&sector=C'] },
    { name: 'profile page', paths: [`/api/profiles/${someone.id}`] },
  ];
  console.log(`\nReads at ${RATE} req/s offered on a fixed schedule for ${SECONDS} s after ${WARM_UP} s of warm-up, latency from each request's due time; then autocannon, ${CONNECTIONS} connections as fast as answered, ${SECONDS} s. Loopback; 2 cores shared by server, PostgreSQL and load generator.`);
  console.log('scenario | p50 ms | p97.5 ms | p99 ms | max ms | failed | CPU while measured (100% = one core) | autocannon req/s | autocannon p99 ms');
  for (const s of scenarios.filter((x) => !process.env.BENCH_ONLY || x.name.includes(process.env.BENCH_ONLY))) {
    let before = [process.cpuUsage(), cpuSeconds(server.pid!)] as const;
    const r = await openLoop(base, s.paths, WARM_UP, SECONDS, () => (before = [process.cpuUsage(), cpuSeconds(server.pid!)]));
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
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));

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
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  if (cluster) execFileSync('scripts/pg-cluster.sh', ['stop', cluster]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

async function waitReady(base: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${base}/api/ready`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Requests `paths` in turn at RATE req/s on a fixed schedule for `warmUp` then `seconds` more, over keep-alive
 * connections (as many as are in flight); the latency of each request measured after the warm-up, from the
 * time it was due (so a late send counts against the server, not hidden), and how many failed.
 */
async function openLoop(base: string, paths: string[], warmUp: number, seconds: number, onMeasure: () => void) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies: number[] = [];
  let failed = 0;
  const total = Math.round((warmUp + seconds) * RATE);
  const measureFrom = Math.round(warmUp * RATE);
  const start = performance.now() + 20;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (i === measureFrom) onMeasure();
    const measured = i >= measureFrom;
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = http.get(`${base}${paths[i % paths.length]}`, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (measured) {
              latencies.push(performance.now() - due);
              if (res.statusCode! < 200 || res.statusCode! >= 300) failed++;
            }
            resolve();
          });
        });
        req.on('error', () => {
          if (measured) failed++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    failed,
    p: (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((q / 100) * latencies.length) - 1)]),
  };
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
