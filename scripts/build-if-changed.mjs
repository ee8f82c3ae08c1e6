#!/usr/bin/env node
// Builds (tsc + vite, `npm run build`) only when what the build reads has changed since the last build: a SHA-256
// of those files' paths and contents is kept in dist/.build-hash. `npm start` runs this first, so a restart on an
// unchanged tree starts the server at once, and a changed source file (or a fresh clone) is built first.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', '.build-hash');
const OUTPUTS = ['dist/src/cli/main.js', 'dist/web/index.html'];

/** The files the build reads: the TypeScript of src, test and bench, the web app, and the configuration. */
function inputs() {
  const files = ['package.json', 'package-lock.json', 'tsconfig.json', 'web/tsconfig.json', 'web/vite.config.ts', 'web/index.html'];
  const walk = (dir, keep) => {
    if (!existsSync(join(root, dir))) return;
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'fixtures') walk(p, keep);
      } else if (keep.test(e.name)) files.push(p);
    }
  };
  walk('src', /\.(ts|tsx|wat)$/);
  walk('test', /\.tsx?$/);
  walk('bench', /\.tsx?$/);
  walk('web/src', /\.(ts|tsx|css|svg|png)$/);
  return files.filter((f) => existsSync(join(root, f))).sort();
}

function hashOf(files) {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(relative(root, join(root, f)) + '\0');
    h.update(readFileSync(join(root, f)));
    h.update('\0');
  }
  return h.digest('hex');
}

const hash = hashOf(inputs());
const built = existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash && OUTPUTS.every((o) => existsSync(join(root, o)));
if (built && !process.argv.includes('--force')) process.exit(0);
process.stdout.write(existsSync(STAMP) ? 'Sources changed since the last build: building…\n' : 'Building (first start)…\n');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(STAMP, hash + '\n');
