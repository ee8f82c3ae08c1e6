import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { accumulateDependencies, rescale, sampleSources, type BetweennessOptions, type Paths } from './betweenness.js';
import type { Graph } from './graph.js';

/**
 * Betweenness on worker threads: the graph is shared (SharedArrayBuffer, no copy per worker), the sources
 * are dealt out in small batches so that workers finishing early take more, and the partial sums are added
 * in batch order (so the result does not depend on which worker ran what). Node only; `betweenness` in
 * betweenness.ts is the same computation on one thread.
 */
export async function betweennessParallel(g: Graph, options: BetweennessOptions & { sample?: number; seed?: number; workers?: number; paths?: Paths } = {}): Promise<Float64Array> {
  const sources = options.sample !== undefined ? sampleSources(g.n, options.sample, options.seed ?? 1) : Int32Array.from({ length: g.n }, (_, i) => i);
  const factor = options.sample !== undefined ? g.n / sources.length : 1;
  const weighted = options.weighted ?? false;
  const normalized = options.normalized ?? true;
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.ceil(sources.length / 64)));
  if (count === 1) return rescale(accumulateDependencies(g, sources, 0, sources.length, weighted, new Float64Array(g.n), options.paths), g.n, normalized, factor);

  const shared = <T extends Int32Array | Float64Array>(a: T): T => {
    const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
    copy.set(a);
    return copy;
  };
  const graph = { n: g.n, m: g.m, ids: [], offsets: shared(g.offsets), targets: shared(g.targets), weights: shared(g.weights) };
  const src = shared(sources);
  const batch = Math.max(16, Math.ceil(sources.length / (count * 16)));
  const batches: [number, number][] = [];
  for (let from = 0; from < sources.length; from += batch) batches.push([from, Math.min(sources.length, from + batch)]);
  const partial: Float64Array[] = new Array(batches.length);
  const paths = options.paths;
  const workers = Array.from({ length: count }, () => new Worker(new URL('./betweenness-worker.js', import.meta.url), { workerData: { graph, sources: src, weighted, paths: Boolean(paths) } }));
  try {
    let next = 0;
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= batches.length) return resolve();
              const id = next++;
              w.postMessage({ id, from: batches[id][0], to: batches[id][1] });
            };
            w.on('message', ({ id, sums, total, reached }: { id: number; sums: Float64Array; total?: Float64Array; reached?: Int32Array }) => {
              partial[id] = sums;
              if (paths && total && reached) {
                const [from, to] = batches[id];
                for (let k = from; k < to; k++) {
                  paths.total[src[k]] = total[src[k]];
                  paths.reached[src[k]] = reached[src[k]];
                }
              }
              give();
            });
            w.on('error', reject);
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const bc = new Float64Array(g.n);
  for (const p of partial) for (let i = 0; i < g.n; i++) bc[i] += p[i];
  return rescale(bc, g.n, normalized, factor);
}
