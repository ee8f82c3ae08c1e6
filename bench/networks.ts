/**
 * Benchmark of the knowledge-network engine (prints figures; not a test). Run: npm run bench:networks
 *   (a) SNAP ca-HepPh (12,008 nodes, 118,489 edges) from ../shared/data (skipped when absent): exact
 *       betweenness on worker threads and on one thread, closeness, PageRank, cores, constraint, Louvain,
 *       Leiden; and igraph's betweenness and Louvain on the same graph when Debian's python3-igraph is there;
 *   (b) a generated graph of 100,000 nodes and 1,000,000 edges with planted communities: Louvain, Leiden,
 *       sampled betweenness;
 *   (c) science maps of 100,000 generated records with 3,000,000 cited references: co-citation, bibliographic
 *       coupling, keyword co-occurrence; then the peak memory of the whole run;
 *   (d) the same records written as tables and mapped by the CLI, whole processes (start-up, reading 150 MB,
 *       the map, Leiden communities, writing): wall time and peak memory of each.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEdgeList } from '../src/formats/edgelist.js';
import { xorshift32 } from '../src/linalg/random.js';
import { betweenness } from '../src/networks/betweenness.js';
import { closeness, pagerank } from '../src/networks/centrality.js';
import { leiden, louvain } from '../src/networks/communities.js';
import { coreNumbers } from '../src/networks/cores.js';
import { fromIndexedEdges, type Graph } from '../src/networks/graph.js';
import { betweennessParallel } from '../src/networks/parallel.js';
import { constraint, effectiveSize } from '../src/networks/structural-holes.js';
import { coCitation, coupling } from '../src/networks/citation.js';
import { keywordCooccurrence } from '../src/networks/keywords.js';
import type { Activity, Records } from '../src/networks/records.js';
import { writeTables } from '../src/formats/network-tables.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/bench
const root = join(here, '..', '..');
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 50);

async function time<T>(label: string, f: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  sample();
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(3)} s`);
  return r;
}

/** Median of `runs` timings (the first run also warms the JIT up and is not counted). */
async function median(label: string, runs: number, f: () => unknown): Promise<void> {
  f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  console.log(`  ${label}: median ${(t[runs >> 1] / 1000).toFixed(3)} s over ${runs} runs`);
}

const cores = availableParallelism();
console.log(`Node ${process.version}, ${cores} cores`);

const hepPh = join(root, '..', 'shared', 'data', 'networks', 'snap', 'ca-HepPh.txt');
if (!existsSync(hepPh)) console.log(`(a) ca-HepPh: skipped, ${hepPh} is absent`);
else {
  const { graph: g } = parseEdgeList(readFileSync(hepPh, 'utf8'), 'ca-HepPh');
  console.log(`(a) ca-HepPh: ${g.n.toLocaleString('en-GB')} nodes, ${g.m.toLocaleString('en-GB')} edges`);
  await time(`exact betweenness, ${cores} worker threads`, () => betweennessParallel(g));
  await time('exact betweenness, one thread', () => betweenness(g));
  await time('closeness', () => closeness(g));
  await median('PageRank', 5, () => pagerank(g));
  await median('core numbers', 5, () => coreNumbers(g));
  await median('constraint + effective size', 5, () => (constraint(g), effectiveSize(g)));
  await median('Louvain (modularity)', 9, () => louvain(g));
  await median('Leiden (modularity)', 5, () => leiden(g));
  console.log(`  modularity: Louvain ${louvain(g).quality.toFixed(4)}, Leiden ${leiden(g).quality.toFixed(4)} (seed 1)`);
  const igraph = spawnSync('/usr/bin/python3', [join(root, 'scripts', 'igraph-reference.py'), 'bench', hepPh], { encoding: 'utf8' });
  if (igraph.status === 0) process.stdout.write(igraph.stdout);
  else console.log(`  igraph: not measured (${igraph.stderr.trim().split('\n').pop() || 'Debian python3-igraph is not installed'})`);
}

/**
 * A graph with planted communities: n nodes in groups of `size`; each node starts `perNode` edges, a share
 * `mixing` of them to random nodes anywhere and the rest inside its group.
 */
function planted(n: number, edges: number, size: number, mixing: number, seed: number): Graph {
  const random = xorshift32(seed);
  const src = new Int32Array(edges);
  const dst = new Int32Array(edges);
  let k = 0;
  while (k < edges) {
    const a = Math.floor(random() * n);
    const b = random() < mixing ? Math.floor(random() * n) : Math.floor(a / size) * size + Math.floor(random() * size);
    if (a === b || b >= n) continue;
    src[k] = a;
    dst[k++] = b;
  }
  return fromIndexedEdges(Array.from({ length: n }, (_, i) => String(i)), src, dst, new Float64Array(edges).fill(1)).graph;
}

{
  const t0 = performance.now();
  const g = planted(100_000, 1_000_000, 100, 0.2, 42);
  console.log(`(b) generated: ${g.n.toLocaleString('en-GB')} nodes, ${g.m.toLocaleString('en-GB')} distinct edges (1,000,000 drawn, 1,000 planted groups of 100, 20% mixing), built in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  const lv = await time('Louvain', () => louvain(g));
  console.log(`    ${lv.count.toLocaleString('en-GB')} communities, modularity ${lv.quality.toFixed(4)}`);
  const ld = await time('Leiden', () => leiden(g));
  console.log(`    ${ld.count.toLocaleString('en-GB')} communities, modularity ${ld.quality.toFixed(4)}`);
  const k = 500;
  const epsilon = Math.sqrt(Math.log((2 * g.n) / 0.1) / (2 * k)) * (g.n / (g.n - 1));
  await time(`sampled betweenness, ${k} sources on ${cores} worker threads (every node within ε = ${epsilon.toFixed(3)} with probability ≥ 0.9)`, () => betweennessParallel(g, { sample: k }));
}

{
  // (c) science maps at the scale of a large bibliometric study: 100,000 records citing 30 references each (3 million
  // cited references, about a million distinct, drawn with a heavy tail), 5 author keywords each from 20,000. Generated:
  // no public set of that size is in ../shared/data.
  const rnd = xorshift32(11);
  const pick = (n: number) => Math.floor(n * rnd() ** 3);
  const activities: Activity[] = Array.from({ length: 100_000 }, (_, d) => ({
    id: `d${d}`,
    type: 'publication',
    date: String(1990 + (d % 30)),
    fields: [],
    keywords: [],
    authorKeywords: Array.from({ length: 5 }, () => `keyword ${pick(20_000)}`),
    references: Array.from({ length: 30 }, () => {
      const u = pick(1_500_000);
      // joined, not a template literal: a flat string, as a parsed file gives (a template builds a rope, which the
      // first hash of it would flatten, a cost real data does not have)
      return ['AUTHOR', u % 5000, ' X, ', 1950 + (u % 70), ', J SOURCE ', u % 900, ', V', u % 97, ', P', u].join('');
    }),
  }));
  const records: Records = { actors: [], activities, participations: [] };
  console.log('(c) science maps: 100,000 generated records, 3,000,000 cited references, 500,000 keywords');
  const cc = await time('co-citation (references matched, then the co-occurrence kernel)', () => coCitation(records));
  console.log(`    ${cc.n.toLocaleString('en-GB')} references, ${cc.m.toLocaleString('en-GB')} co-citation ties`);
  // every pair of the ~4,000 records citing a popular reference is coupled: hundreds of millions of ties of strength 1
  // and 2, so the map is made keeping the ties of 3 shared references or more (--min-weight 3)
  const cp = await time('bibliographic coupling of the documents, ties of 3 shared references or more', () => coupling(records, 'document', { minWeight: 3 }));
  console.log(`    ${cp.n.toLocaleString('en-GB')} documents, ${cp.m.toLocaleString('en-GB')} coupling ties`);
  const kw = await time('keyword co-occurrence', () => keywordCooccurrence(records));
  console.log(`    ${kw.n.toLocaleString('en-GB')} keywords, ${kw.m.toLocaleString('en-GB')} ties`);
  sample();
  const dir = mkdtempSync(join(tmpdir(), 'proximity-bench-maps-'));
  writeTables(records, dir);
  console.log('(d) the same records as tables (activities.csv 150 MB), whole `proximity networks communities` processes:');
  const cli = join(here, '..', 'src', 'cli', 'main.js');
  const gnuTime = existsSync('/usr/bin/time');
  for (const args of [
    ['--map', 'coupling', '--min-weight', '3'],
    ['--map', 'cocitation', '--min-citations', '20'],
    ['--map', 'keywords', '--min-occurrences', '5'],
  ]) {
    const command = [process.execPath, cli, 'networks', 'communities', dir, ...args, '--out', join(dir, 'out.csv')];
    const t0 = performance.now();
    const run = gnuTime ? spawnSync('/usr/bin/time', ['-f', '%M', ...command], { encoding: 'utf8' }) : spawnSync(command[0], command.slice(1), { encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (run.status !== 0) throw new Error(`${args.join(' ')}: ${run.stderr}`);
    const lines = run.stderr.trim().split('\n');
    const rss = gnuTime ? `, peak ${(Number(lines.pop()) / 2 ** 20).toFixed(2)} GB` : '';
    console.log(`  communities ${args.join(' ')}: ${seconds.toFixed(1)} s${rss}`);
    console.log(`    ${lines.filter((l) => /graph of|communities,/.test(l)).join('; ')}`);
  }
  rmSync(dir, { recursive: true, force: true });
}
clearInterval(timer);
sample();
console.log(`peak memory (resident set): ${(peak / 2 ** 30).toFixed(2)} GB`);
