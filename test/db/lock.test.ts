import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/db/connection.js';
import { lockDirectory } from '../../src/db/lock.js';
import { UserError } from '../../src/errors.js';
import { BIN, runCli, scratch } from '../helpers/cli.js';

const { dir: tmp } = scratch('proximity-lock-');

/** A process id that was alive and has exited (its pid is free now, or reused by a later process). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('one process per embedded database', () => {
  it('a second lock on the same directory is refused, naming the holder; released, it can be taken again', () => {
    const dir = join(tmp, 'unit');
    const first = lockDirectory(dir);
    assert.throws(
      () => lockDirectory(dir),
      (e: unknown) => e instanceof UserError && e.message.includes(`in use by process ${process.pid}`) && /stop it first/.test(e.message),
    );
    first.release();
    assert.equal(existsSync(`${dir}.lock`), false);
    lockDirectory(dir).release();
  });

  it('a stale lock from a dead process is cleared', () => {
    const dir = join(tmp, 'stale');
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), started: null, command: 'proximity serve', since: '2026-01-01T00:00:00Z', token: 'old' }));
    const lock = lockDirectory(dir);
    assert.equal(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).pid, process.pid);
    lock.release();
  });

  it('a lock whose pid now belongs to a later process (another start time) is stale', () => {
    const dir = join(tmp, 'reused');
    // our own pid, but a start time that is not ours: the holder was an earlier process with the same pid
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), started: '1', command: 'proximity serve', since: '2026-01-01T00:00:00Z', token: 'old' }));
    if (!existsSync(`/proc/${process.pid}/stat`)) return; // no start times to compare on this system
    lockDirectory(dir).release();
  });

  it('a lock taken on another host is refused with how to clear it', () => {
    const dir = join(tmp, 'remote');
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 1, host: 'elsewhere.example', started: null, command: 'proximity serve', since: '2026-01-01T00:00:00Z', token: 't' }));
    assert.throws(() => lockDirectory(dir), (e: unknown) => e instanceof UserError && e.message.includes('on elsewhere.example') && e.message.includes(`delete ${dir}.lock`));
  });

  it('openDatabase holds the lock until it closes', async () => {
    const dir = join(tmp, 'open');
    const db = await openDatabase({ dataDir: dir, migrate: false });
    await assert.rejects(openDatabase({ dataDir: dir, migrate: false }), /in use by process/);
    await db.close();
    assert.equal(existsSync(`${dir}.lock`), false);
    lockDirectory(dir).release(); // (not a second PGlite: one process that opens PGlite twice on a directory does not exit)
  });

  it('`db migrate` and `db export` beside a running `serve` are refused (exit 2); after the server is killed with -9, they run', async () => {
    const data = join(tmp, 'served');
    const env = { ...process.env, DATABASE_URL: '', SEED_EXAMPLES: 'false', PORT: '0', LOG_LEVEL: 'warn' };
    const server = spawn(process.execPath, [BIN, 'serve', '--data-dir', data], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('Proximity is running')) resolve();
        });
        server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      for (const args of [['db', 'migrate'], ['db', 'export', join(tmp, 'live.jsonl')], ['users', 'create-admin', '--email', 'a@example.org', '--password-stdin']]) {
        const r = runCli([...args, '--data-dir', data], { env, input: 'unused password\n' });
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
        assert.match(r.err, new RegExp(`in use by process ${server.pid} \\(proximity serve --data-dir`));
        assert.doesNotMatch(r.err, /\n\s+at /);
      }
      assert.equal(existsSync(join(tmp, 'live.jsonl')), false);
    } finally {
      server.kill('SIGKILL');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    assert.equal(existsSync(join(data, 'pglite.lock')), true, 'a killed process leaves its lock');
    const r = runCli(['db', 'migrate', '--data-dir', data], { env });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /already up to date/);
    assert.equal(existsSync(join(data, 'pglite.lock')), false);
  });
});
