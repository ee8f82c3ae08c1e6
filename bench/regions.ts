/**
 * Benchmark of the regions engine (prints figures; not a test).
 *   whole processes: `proximity regions measures` on CBP 2019 (from ../shared/data, skipped when absent) and on a
 *     generated table of world trade's shape, beside py-ecomplexity's whole process when Python can import it;
 *     `proximity --help`; a 10-million-row long table read in a fresh process (time and peak memory);
 *   kernels: (a) CBP 2019, CBSA × 6-digit NAICS; (b) a generated panel of 3,000 regions × 1,000 activities × 10 years,
 *     about 70% zeros.
 * Run: npm run bench:regions  (with py-ecomplexity: PYTHON=python3 PYTHONPATH=path/to/py-ecomplexity npm run bench:regions)
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  if (!pythonReady()) return;
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

const python = process.env.PYTHON ?? 'python3';
const pythonReady = () => spawnSync(python, ['-c', 'import ecomplexity, pandas, numpy'], { encoding: 'utf8' }).status === 0;

/** Best of `n` wall-clock times of a process, in ms (the command must succeed). */
function bestOf(n: number, command: string, args: string[]): number[] {
  return Array.from({ length: n }, () => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
    return ms(t0);
  });
}

/**
 * A long table of world trade's shape: 226 countries × 785 products, one year, the zeros left out. Nested as trade is
 * (Hidalgo & Hausmann 2009): a country exports a product with a probability that rises with its capability above the
 * product's complexity; values scale with the country's and the product's size. About 101,751 rows.
 */
function worldTradeShape(file: string): number {
  const rnd = xorshift32(7);
  const capability = Array.from({ length: 226 }, () => rnd());
  const complexity = Array.from({ length: 785 }, () => rnd());
  const size = Array.from({ length: 226 }, () => Math.exp(4 * rnd()));
  const reach = Array.from({ length: 785 }, () => Math.exp(3 * rnd()));
  const lines = ['year,origin,product,export_val'];
  for (let c = 0; c < 226; c++) {
    for (let p = 0; p < 785; p++) {
      if (rnd() > 1 / (1 + Math.exp(-8 * (capability[c] - complexity[p] + 0.1)))) continue;
      lines.push(`2019,c${String(c).padStart(3, '0')},${1000 + p},${Math.round(1000 * size[c] * reach[p] * (0.2 + 2 * rnd()))}`);
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return lines.length - 1;
}

/**
 * What a user waits for: the whole `proximity regions measures` process (start-up, reading, all measures, writing
 * every row's measures as CSV), best of 3, beside the same whole process in py-ecomplexity (bench/py_ecomplexity_run.py:
 * pandas read_csv, ecomplexity(), to_csv) when Python can import it. Inputs: CBP 2019 CBSA × NAICS 6-digit (real; 569,017
 * rows read, 200,009 kept, 896,613 written) and a generated table of world trade's shape (226 × 785).
 */
function wholeProcess(): void {
  const dir = mkdtempSync(join(tmpdir(), 'proximity-bench-'));
  try {
    const bin = join(root, 'dist', 'src', 'cli', 'main.js');
    const py = pythonReady();
    if (!py) console.log(`py-ecomplexity: not importable by ${python} here (pip install ecomplexity, or PYTHONPATH to its source), so the whole-process comparison shows ours only`);
    const cbpFile = join(root, '..', 'shared', 'data', 'regions', 'us-cbp-2019', 'cbp2019_cbsa_naics.csv');
    const trade = join(dir, 'world-trade-shape.csv');
    const tradeRows = worldTradeShape(trade);
    const inputs = [
      { name: `world-trade shape, 226 × 785 (${tradeRows.toLocaleString('en')} rows, generated)`, file: trade, cols: ['origin', 'product', 'export_val', 'year'], level: [] as string[] },
      ...(existsSync(cbpFile) ? [{ name: 'CBP 2019 CBSA × NAICS-6 (569,017 rows read, 200,009 kept, 896,613 written)', file: cbpFile, cols: ['cbsa_code', 'naics_code', 'emp'], level: ['6'] }] : []),
    ];
    if (!existsSync(cbpFile)) console.log(`CBP 2019: skipped, ${cbpFile} is absent`);
    for (const input of inputs) {
      const [region, activity, value, year] = input.cols;
      const ours = bestOf(3, process.execPath, [bin, 'regions', 'measures', input.file, '--region-col', region, '--activity-col', activity, '--value-col', value, ...(year ? ['--year-col', year] : []), ...(input.level.length ? ['--level', input.level[0]] : []), '--out', join(dir, 'ours.csv')]);
      let line = `whole process, ${input.name}: Proximity best of 3 ${Math.min(...ours).toFixed(0)} ms (${ours.map((t) => t.toFixed(0)).join(', ')})`;
      if (py) {
        const theirs = bestOf(3, python, [join(root, 'bench', 'py_ecomplexity_run.py'), input.file, join(dir, 'py.csv'), region, activity, value, ...(year ? [year] : []), ...(input.level.length ? ['--digits', input.level[0]] : [])]);
        line += `; py-ecomplexity ${Math.min(...theirs).toFixed(0)} ms: ${(Math.min(...theirs) / Math.min(...ours)).toFixed(1)}× faster`;
      }
      console.log(line);
    }
    const help = bestOf(5, process.execPath, [bin, '--help']);
    console.log(`proximity --help: best of 5 ${Math.min(...help).toFixed(0)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A 10-million-row long table (10 years × 1,000 regions × 1,000 activities) read by readLongTable: time and peak memory. */
async function tenMillionRows(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'proximity-bench-'));
  try {
    const file = join(dir, 'ten-million.csv');
    const out = createWriteStream(file);
    out.write('year,region,activity,value\n');
    for (let y = 0; y < 10; y++) {
      for (let r = 0; r < 1000; r++) {
        const lines: string[] = [];
        for (let a = 0; a < 1000; a++) lines.push(`${2010 + y},region-${r},${100000 + a},${(r * a + y) % 997}\n`);
        if (!out.write(lines.join(''))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
    const script = `import { readLongTable } from ${JSON.stringify(join(root, 'dist', 'src', 'formats', 'longtable.js'))};
      const t0 = performance.now(); let peak = 0;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const t = await readLongTable(${JSON.stringify(file)});
      clearInterval(timer); peak = Math.max(peak, process.memoryUsage().rss);
      console.log(t.rows, ((performance.now() - t0) / 1000).toFixed(1), (peak / 2 ** 20).toFixed(0));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const [rows, seconds, mib] = r.stdout.trim().split(' ');
    console.log(`read a long table of ${Number(rows).toLocaleString('en')} rows (10 years × 1,000 regions × 1,000 activities, 208 MB): ${seconds} s in a fresh process, peak resident memory ${mib} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

wholeProcess();
await tenMillionRows();
const runs = [await cbp(), await panel()].filter((r): r is Timed => r !== undefined);
console.log(`peak resident memory ${(peak / 2 ** 20).toFixed(0)} MiB`);
compare(runs);
