// What a build reads, and its SHA-256: the paths and contents of the TypeScript of src, test and bench, the web app,
// and the configuration (node_modules, test fixtures and outputs left out). A file rewritten with the same content
// keeps the hash; any change of content, a new file or a removed one changes it. Used by build-if-changed.mjs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CONFIG = ['package.json', 'package-lock.json', 'tsconfig.json', 'web/tsconfig.json', 'web/vite.config.ts', 'web/index.html'];
const TREES = [
  ['src', /\.(ts|tsx|wat)$/],
  ['test', /\.tsx?$/],
  ['bench', /\.tsx?$/],
  ['web/src', /\.(ts|tsx|css|svg|png)$/],
];

/** The files the build reads, relative to `root`, sorted. */
export function buildInputs(root) {
  const files = [...CONFIG];
  const walk = (dir, keep) => {
    if (!existsSync(join(root, dir))) return;
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'fixtures') walk(p, keep);
      } else if (keep.test(e.name)) files.push(p);
    }
  };
  for (const [dir, keep] of TREES) walk(dir, keep);
  return files.filter((f) => existsSync(join(root, f))).sort();
}

/** The SHA-256 of the build's inputs under `root`. */
export function buildHash(root) {
  const h = createHash('sha256');
  for (const f of buildInputs(root)) {
    h.update(f + '\0');
    h.update(readFileSync(join(root, f)));
    h.update('\0');
  }
  return h.digest('hex');
}
