/**
 * What the HTTP benchmarks share: a PostgreSQL database to load (created in BENCH_DATABASE_URL or
 * TEST_DATABASE_URL, or in a throwaway cluster started with scripts/pg-cluster.sh, and dropped at the end),
 * a server process of our own, and open-loop load on a fixed schedule. BENCH_KEEP_DATABASE=1 keeps the database
 * (and prints its URL) for a closer look.
 *
 * Latency at an offered rate needs open-loop load: requests sent on a fixed schedule whatever the answers.
 * autocannon's rate limits cannot give it: overallRate releases each second's requests at once;
 * connectionRate N sends N requests back to back at the start of each second, sends again at once when an
 * answer arrives late (so an overloaded server is offered more), and its percentiles add coordinated-omission
 * corrections at a 1 ms interval. So latency is measured by `openLoop` (node:http, keep-alive, one request
 * every 1/rate s, latency from the scheduled time), and autocannon gives closed-loop throughput.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import pg from 'pg';

/** A new database on a PostgreSQL server for this run; `drop` removes it (and stops a cluster we started). */
export async function benchDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  let serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let cluster: string | undefined;
  if (!serverUrl) {
    const out = execFileSync('scripts/pg-cluster.sh', ['start'], { encoding: 'utf8' });
    serverUrl = /TEST_DATABASE_URL=(\S+)/.exec(out)![1];
    cluster = /PG_CLUSTER_DIR=(\S+)/.exec(out)![1];
    console.log(`started a throwaway PostgreSQL cluster at ${serverUrl}`);
  }
  const dbName = `${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return {
    url: url.toString(),
    async drop() {
      if (process.env.BENCH_KEEP_DATABASE) {
        console.log(`kept the database (BENCH_KEEP_DATABASE): ${url}`);
        await admin.end();
        return;
      }
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
      if (cluster) execFileSync('scripts/pg-cluster.sh', ['stop', cluster]);
    },
  };
}

/**
 * `proximity serve` in its own process on a free port (as in production: not sharing an event loop with the load), on
 * a PostgreSQL server, or with `databaseUrl` '' and `--data-dir` among `extraArgs` on PGlite.
 */
export async function serveOn(databaseUrl: string, extraEnv: Record<string, string> = {}, extraArgs: string[] = []): Promise<{ base: string; server: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const server = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), 'dist/src/cli/main.js', 'serve', '--port', String(port), ...extraArgs], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', AUTH_RATE_LIMIT: '1000000', SEED_EXAMPLES: 'false', SESSION_SECRET: 'bench-secret-bench-secret-bench', ...extraEnv },
  });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base);
  return {
    base,
    server,
    async stop() {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

export async function waitReady(base: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${base}/api/ready`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The q-th percentile (nearest rank) of sorted values. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))];
}

/**
 * Requests `paths` in turn at `rate` req/s on a fixed schedule for `warmUp` then `seconds` more, over keep-alive
 * connections (as many as are in flight); the latency of each request measured after the warm-up, from the
 * time it was due (so a late send counts against the server, not hidden), and how many failed.
 */
export async function openLoop(base: string, paths: string[], rate: number, warmUp: number, seconds: number, onMeasure: () => void) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies: number[] = [];
  let failed = 0;
  const total = Math.round((warmUp + seconds) * rate);
  const measureFrom = Math.round(warmUp * rate);
  const start = performance.now() + 20;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
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
  return { failed, p: (q: number) => Math.round(percentile(latencies, q)) };
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
