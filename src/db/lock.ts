import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { UserError } from '../errors.js';

/**
 * An exclusive lock on an embedded database's directory: PGlite is one PostgreSQL instance inside the
 * process that opens it, so two processes on one directory write over each other's pages (duplicate
 * primary keys, lost rows). Every process that opens a PGlite directory takes this lock first.
 *
 * The lock is a file created with O_EXCL next to the directory (`<dir>.lock`), holding who took it. A lock
 * whose process is gone (killed, crashed) is stale: it is detected from the process id and start time
 * and cleared. A lock taken on another host cannot be checked and is refused with the way to clear it.
 */
export interface DirectoryLock {
  readonly path: string;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  /** The process's start time (clock ticks since boot, from /proc), so a reused pid is not mistaken for the holder. */
  started: string | null;
  command: string;
  since: string;
  token: string;
}

/** The start time of a process (field 22 of /proc/PID/stat), or null where /proc is not there. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) is in parentheses and may hold spaces: count from after its closing one
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(holder: Holder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // the pid exists (or belongs to another user): the holder unless the pid was reused by a later process
  const started = startTimeOf(holder.pid);
  return !(holder.started && started && started !== holder.started);
}

function readHolder(path: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    return Number.isInteger(h.pid) && typeof h.token === 'string' ? h : null;
  } catch {
    return null;
  }
}

const held = new Set<string>();
let exitHook = false;

function refuse(dir: string, path: string, h: Holder | null): never {
  if (!h) {
    throw new UserError(`the embedded database ${dir} is being opened by another process (its lock file ${path} is being written); wait for it, or stop it, and try again`);
  }
  const who = `process ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ''} (${h.command}, since ${h.since})`;
  const remedy =
    h.host !== hostname()
      ? `stop it there; if it is no longer running, delete ${path}`
      : `stop it first (Ctrl+C in its terminal, or kill ${h.pid}) and run this again; a command that must run beside a live server needs a PostgreSQL server (DATABASE_URL)`;
  throw new UserError(`the embedded database ${dir} is in use by ${who}: two processes on one embedded database corrupt it, so ${remedy}`);
}

/** Takes the lock on an embedded database directory, or refuses with what holds it and what to do. */
export function lockDirectory(dir: string): DirectoryLock {
  const path = `${dir}.lock`;
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    started: startTimeOf(process.pid),
    command: ['proximity', ...process.argv.slice(2)].join(' ').slice(0, 200),
    since: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (!holder) {
        // being written this instant, or left empty by a crash between create and write: stale after a few seconds
        let age = 0;
        try {
          age = Date.now() - statSync(path).mtimeMs;
        } catch {
          continue; // gone meanwhile
        }
        if (age < 5_000) refuse(dir, path, null);
        clearStale(path, null);
        continue;
      }
      if (holder.host !== hostname() || alive(holder)) refuse(dir, path, holder);
      clearStale(path, holder);
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me) + '\n');
    } finally {
      closeSync(fd);
    }
    held.add(path);
    if (!exitHook) {
      exitHook = true;
      // a process that exits without closing its database (process.exit, an uncaught error) leaves no lock behind
      process.once('exit', () => {
        for (const p of held) release(p, null);
      });
    }
    return { path, release: () => release(path, me.token) };
  }
  refuse(dir, path, readHolder(path));
}

/**
 * Moves a stale lock aside and removes it. The move is atomic: if another process cleared it and took the lock
 * between our read and our move, we moved *its* lock, so we put it back (a hard link, which fails rather than
 * overwrite a lock taken since).
 */
function clearStale(path: string, stale: Holder | null): void {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else cleared it
  }
  const moved = readHolder(aside);
  if (moved && moved.token !== stale?.token) {
    try {
      linkSync(aside, path);
    } catch {
      /* a third process took the lock meanwhile: it holds it */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* already gone */
  }
}

function release(path: string, token: string | null): void {
  if (!held.delete(path)) return;
  const h = readHolder(path);
  // remove only our own lock (token null: at exit, any lock this process took)
  if (h && h.pid === process.pid && (token === null || h.token === token)) {
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
}
