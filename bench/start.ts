/**
 * `npm start` as a user waits for it: from the command until /api/ready answers, on PGlite. First a start on a new
 * data directory (migrations, reference lists, the demo members and library; the build too when the sources changed
 * since the last one), then BENCH_RUNS restarts on the same data and an unchanged tree (the budget: under
 * 3 s to ready). It prints figures and asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitReady } from './load.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'proximity-npm-start-'));
const port = await freePort();

async function start(): Promise<number> {
  const t = performance.now();
  const child = spawn('npm', ['start', '--silent'], { stdio: 'ignore', detached: true, env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' } });
  await waitReady(`http://127.0.0.1:${port}`);
  const s = (performance.now() - t) / 1000;
  process.kill(-child.pid!, 'SIGTERM'); // npm and the server it started
  await new Promise((r) => child.once('exit', r));
  return s;
}

try {
  console.log(`npm start, first start on a new data directory: ${(await start()).toFixed(2)} s to ready`);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await start());
  times.sort((a, b) => a - b);
  console.log(`npm start, restart on an unchanged tree (${RUNS} runs): median ${times[Math.floor(RUNS / 2)].toFixed(2)} s to ready (min ${times[0].toFixed(2)}, max ${times.at(-1)!.toFixed(2)}); budget 3 s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
