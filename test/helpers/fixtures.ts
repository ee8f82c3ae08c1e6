import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/fixtures, resolved from the compiled test location (dist/test/...). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures');

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/** A small CSV reader for fixtures (no quoted commas in these files). */
export function readFixtureCsv(path: string): Record<string, string>[] {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return Object.fromEntries(header.map((h, i) => [h, f[i]]));
  });
}

/** Stata's number format (".57", "-.3", "" for missing) as a number, NaN for missing. */
export function stataNumber(s: string | undefined): number {
  if (s === undefined || s === '' || s === '.') return NaN;
  return Number(s);
}

/** Largest relative difference |a − b| / max(|b|, atol) over pairs where b is defined. */
export function maxRelDiff(pairs: Array<[number, number]>, atol = 1e-12): number {
  let worst = 0;
  for (const [a, b] of pairs) {
    if (Number.isNaN(b)) continue;
    const d = Math.abs(a - b) / Math.max(Math.abs(b), atol);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}
