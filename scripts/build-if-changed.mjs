#!/usr/bin/env node
// Builds (tsc + vite, `npm run build`) only when what the build reads has changed since the last build: a SHA-256
// of those files' paths and contents is kept in dist/.build-hash. `npm start` runs this first, so a restart on an
// unchanged tree starts the server at once, and a changed source file (or a fresh clone) is built first.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHash } from './build-hash.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', '.build-hash');
const OUTPUTS = ['dist/src/cli/main.js', 'dist/web/index.html'];

const hash = buildHash(root);
const built = existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash && OUTPUTS.every((o) => existsSync(join(root, o)));
if (process.argv.includes('--check')) {
  // says whether a build is needed, and builds nothing: exit 0 when up to date, 1 when not
  process.stdout.write(built ? 'up to date\n' : 'a build is needed\n');
  process.exit(built ? 0 : 1);
}
if (built && !process.argv.includes('--force')) process.exit(0);
process.stdout.write(existsSync(STAMP) ? 'Sources changed since the last build: building…\n' : 'Building (first start)…\n');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(STAMP, hash + '\n');
