/**
 * Benchmark of the regions engine (prints figures; not a test).
 *   (a) US County Business Patterns 2019, CBSA × 6-digit NAICS, from ../shared/data (skipped when absent);
 *   (b) a generated panel of 3,000 regions × 1,000 activities × 10 years, about 70% zeros.
 * Run: npm run bench:regions
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLongTable } from '../src/formats/longtable.js';
import { xorshift32 } from '../src/linalg/random.js';
import { measures } from '../src/regions/measures.js';
import { measuresByYear } from '../src/regions/parallel.js';
import { regionActivity, type RegionActivity } from '../src/regions/table.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));

interface Timed {
  name: string;
  tables: RegionActivity[];
  ms: number;
}

async function cbp(): Promise<Timed | undefined> {
  const file = join(root, '..', 'shared', 'data', 'regions', 'us-cbp-2019', 'cbp2019_cbsa_naics.csv');
  if (!existsSync(file)) {
    console.log(`(a) CBP 2019: skipped, ${file} is absent`);
    return undefined;
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
  return { name: 'cbp', tables: [six], ms: each };
}

function generated(R: number, A: number, seed: number): RegionActivity {
  const rnd = xorshift32(seed);
  const values = new Float64Array(R * A);
  const size = Float64Array.from({ length: R }, () => Math.exp(3 * rnd()));
  const pop = Float64Array.from({ length: A }, () => Math.exp(3 * rnd()));
  for (let i = 0; i < R * A; i++) if (rnd() < 0.3) values[i] = Math.round(size[Math.floor(i / A)] * pop[i % A] * (1 + 10 * rnd()));
  return regionActivity(Array.from({ length: R }, (_, i) => `r${i}`), Array.from({ length: A }, (_, i) => `p${i}`), values);
}

async function panel(): Promise<Timed> {
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
  return { name: 'panel', tables, ms: total };
}

/**
 * The same inputs through py-ecomplexity's ecomplexity(), when Python can import it (PYTHON, default
 * python3; the package is `pip install ecomplexity`). Not installable on machines without PyPI.
 */
function compare(runs: Timed[]): void {
  const python = process.env.PYTHON ?? 'python3';
  const probe = spawnSync(python, ['-c', 'import ecomplexity, pandas, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log(`py-ecomplexity: not importable by ${python} here (pip install ecomplexity), so the speed-up against it is not measured`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'proximity-bench-'));
  try {
    const specs = runs.map((run) => {
      const { regions, activities } = run.tables[0];
      const cube = new Float64Array(run.tables.length * regions.length * activities.length);
      run.tables.forEach((t, y) => cube.set(t.values, y * t.values.length));
      const path = join(dir, `${run.name}.f64`);
      writeFileSync(path, cube);
      return `${run.name}:${path}:${run.tables.length}:${regions.length}:${activities.length}`;
    });
    const script = join(root, 'bench', 'py_ecomplexity.py');
    const py = spawnSync(python, [script, ...specs], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (py.status !== 0) {
      console.log(`py-ecomplexity failed: ${py.stderr.trim().split('\n').slice(-1)[0]}`);
      return;
    }
    for (const line of py.stdout.trim().split('\n')) {
      const [name, seconds] = line.split(' ');
      const ours = runs.find((r) => r.name === name)!;
      const theirs = Number(seconds) * 1000;
      console.log(`py-ecomplexity ${name}: ${theirs.toFixed(0)} ms, Proximity ${ours.ms.toFixed(0)} ms: ${(theirs / ours.ms).toFixed(1)}× faster`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What a user waits for: the whole `proximity regions measures` process (start-up, reading, measures, writing the
 * 897k-row CSV) on CBP 2019 CBSA × NAICS 6-digit, best of 3.
 */
function wholeProcess(): void {
  const file = join(root, '..', 'shared', 'data', 'regions', 'us-cbp-2019', 'cbp2019_cbsa_naics.csv');
  if (!existsSync(file)) return;
  const dir = mkdtempSync(join(tmpdir(), 'proximity-bench-'));
  try {
    const bin = join(root, 'dist', 'src', 'cli', 'main.js');
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [bin, 'regions', 'measures', file, '--region-col', 'cbsa_code', '--activity-col', 'naics_code', '--value-col', 'emp', '--level', '6', '--out', join(dir, 'out.csv')], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      times.push(ms(t0));
    }
    const help = Array.from({ length: 5 }, () => {
      const t0 = process.hrtime.bigint();
      spawnSync(process.execPath, [join(root, 'dist', 'src', 'cli', 'main.js'), '--help']);
      return ms(t0);
    });
    console.log(`whole process, regions measures on CBP NAICS-6 (569,017 rows read, 200,009 kept by --level 6, 896,613 rows written): best of 3 ${Math.min(...times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')}); proximity --help best of 5 ${Math.min(...help).toFixed(0)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

wholeProcess();
const runs = [await cbp(), await panel()].filter((r): r is Timed => r !== undefined);
console.log(`peak resident memory ${(peak / 2 ** 20).toFixed(0)} MiB`);
compare(runs);
