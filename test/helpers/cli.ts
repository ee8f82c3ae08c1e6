import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from './fixtures.js';

/** The built `proximity` command. */
export const BIN = fixture('..', '..', 'dist', 'src', 'cli', 'main.js');

/** Runs `proximity …args`; its exit code, standard output and standard error. */
export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input: options.input, env: options.env ?? process.env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A scratch directory with a helper that writes a file into it and returns its path. */
export function scratch(prefix: string): { dir: string; file: (name: string, text: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, text) {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
  };
}
