/**
 * Benchmark of the regions engine (prints figures; not a test).
 *   (a) US County Business Patterns 2019, CBSA × 6-digit NAICS, from ../shared/data (skipped when absent);
 *   (b) a generated panel of 3,000 regions × 1,000 activities × 10 years, about 70% zeros.
 * Run: npm run bench:regions
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLongTable } from '../src/formats/longtable.js';
import { availableParallelism } from 'node:os';
import { measures } from '../src/regions/measures.js';
import { measuresByYear } from '../src/regions/parallel.js';
import { regionActivity, type RegionActivity } from '../src/regions/table.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));

async function cbp(): Promise<void> {
  const file = join(root, '..', 'shared', 'data', 'regions', 'us-cbp-2019', 'cbp2019_cbsa_naics.csv');
  if (!existsSync(file)) {
    console.log(`(a) CBP 2019: skipped, ${file} is absent`);
    return;
  }
  let t0 = process.hrtime.bigint();
  const all = await readLongTable(file, { regionCol: 'cbsa_code', activityCol: 'naics_code', valueCol: 'emp' });
  const read = ms(t0);
  // keep 6-digit NAICS only
  const t = all.tables[0];
  const keep = t.activities.map((a, j) => [a, j] as const).filter(([a]) => a.length === 6);
  const A = keep.length;
  const values = new Float64Array(t.regions.length * A);
  for (let r = 0; r < t.regions.length; r++) keep.forEach(([, j], k) => (values[r * A + k] = t.values[r * t.activities.length + j]));
  const six = regionActivity(t.regions, keep.map(([a]) => a), values);
  sample();
  measures(six); // warm-up
  const runs = 5;
  t0 = process.hrtime.bigint();
  let res;
  for (let i = 0; i < runs; i++) res = measures(six);
  const each = ms(t0) / runs;
  sample();
  console.log(`(a) CBP 2019 metros × 6-digit NAICS: ${res!.table.regions.length} × ${res!.table.activities.length}; read CSV (569,017 rows, all levels) ${read.toFixed(0)} ms; all measures ${each.toFixed(0)} ms (mean of ${runs})`);
}

function generated(R: number, A: number, seed: number): RegionActivity {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const values = new Float64Array(R * A);
  const size = Float64Array.from({ length: R }, () => Math.exp(3 * rnd()));
  const pop = Float64Array.from({ length: A }, () => Math.exp(3 * rnd()));
  for (let i = 0; i < R * A; i++) if (rnd() < 0.3) values[i] = Math.round(size[Math.floor(i / A)] * pop[i % A] * (1 + 10 * rnd()));
  return regionActivity(Array.from({ length: R }, (_, i) => `r${i}`), Array.from({ length: A }, (_, i) => `p${i}`), values);
}

async function panel(): Promise<void> {
  const years = Array.from({ length: 10 }, (_, y) => String(2010 + y));
  const tables = years.map((_, y) => generated(3000, 1000, 17 + y));
  sample();
  let t0 = process.hrtime.bigint();
  measures(tables[0]);
  measures(tables[1]);
  const one = ms(t0) / 2;
  sample();
  t0 = process.hrtime.bigint();
  let periods = 0;
  for await (const p of measuresByYear({ years, tables }, () => ({}))) {
    periods += p.measures.table.regions.length > 0 ? 1 : 0;
    sample();
  }
  const total = ms(t0);
  console.log(`(b) generated panel 3,000 × 1,000 × ${periods} years, ~70% zeros: all measures ${total.toFixed(0)} ms on ${Math.min(availableParallelism(), years.length)} worker threads (one year in one thread: ${one.toFixed(0)} ms)`);
}

await cbp();
await panel();
console.log(`peak resident memory ${(peak / 2 ** 20).toFixed(0)} MiB`);
console.log('py-ecomplexity is not installed on these machines (no PyPI access), so the speed-up against it is not measured here.');
