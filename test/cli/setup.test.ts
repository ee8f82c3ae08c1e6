import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import semver from 'semver';
import { scratch } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

const ROOT = fixture('..', '..');
const { buildHash, buildInputs } = (await import(pathToFileURL(join(ROOT, 'scripts', 'build-hash.mjs')).href)) as {
  buildHash(root: string): string;
  buildInputs(root: string): string[];
};

describe('npm start builds only when the sources changed', () => {
  const { dir } = scratch('proximity-build-');
  const put = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  put('package.json', '{}');
  put('src/a.ts', 'export const a = 1;\n');
  put('web/src/App.tsx', 'export {};\n');
  put('src/node_modules/x.ts', 'ignored');
  put('test/fixtures/big.ts', 'ignored');
  put('dist/src/cli/main.js', '');
  put('dist/web/index.html', '');
  mkdirSync(join(dir, 'scripts'));
  for (const f of ['build-if-changed.mjs', 'build-hash.mjs']) copyFileSync(join(ROOT, 'scripts', f), join(dir, 'scripts', f));
  const check = () => spawnSync(process.execPath, [join(dir, 'scripts', 'build-if-changed.mjs'), '--check'], { encoding: 'utf8' });

  it('the hash covers what the build reads: content, not times; new and removed files; not node_modules or fixtures', () => {
    assert.deepEqual(buildInputs(dir), ['package.json', 'src/a.ts', 'web/src/App.tsx']);
    const first = buildHash(dir);
    put('src/a.ts', 'export const a = 1;\n'); // rewritten, same content
    assert.equal(buildHash(dir), first);
    put('src/a.ts', 'export const a = 2;\n');
    const changed = buildHash(dir);
    assert.notEqual(changed, first);
    put('src/b.ts', 'export const b = 1;\n');
    assert.notEqual(buildHash(dir), changed);
    rmSync(join(dir, 'src/b.ts'));
    assert.equal(buildHash(dir), changed);
  });

  it('a restart on an unchanged tree builds nothing; a changed source or a missing output asks for a build', () => {
    put('dist/.build-hash', `${buildHash(dir)}\n`);
    let r = check();
    assert.deepEqual([r.status, r.stdout.trim()], [0, 'up to date']);
    put('src/a.ts', 'export const a = 3;\n');
    r = check();
    assert.deepEqual([r.status, r.stdout.trim()], [1, 'a build is needed']);
    put('dist/.build-hash', `${buildHash(dir)}\n`);
    assert.equal(check().status, 0);
    rmSync(join(dir, 'dist/web/index.html'));
    assert.equal(check().status, 1);
  });
});

describe('npm ci on Node 20', () => {
  it('every locked package runs on the oldest Node 20 the project supports (no EBADENGINE)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.engines.node, '>=20');
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
    const floor = '20.19.0'; // vite 8 needs ^20.19: the oldest Node 20 that runs the whole tool chain
    const refused = Object.entries(lock.packages)
      .filter(([path, p]) => path && p.engines && !Array.isArray(p.engines) && p.engines.node && !semver.satisfies(floor, p.engines.node))
      .map(([path, p]) => `${path}@${p.version} needs node ${(p.engines as { node: string }).node}`);
    assert.deepEqual(refused, []);
    assert.equal(readFileSync(join(ROOT, '.npmrc'), 'utf8').trim(), 'engine-strict=true');
  });
});
