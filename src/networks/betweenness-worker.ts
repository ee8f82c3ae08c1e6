// A worker thread of betweennessParallel (parallel.ts): sums the dependencies of one batch of sources per message.
import { parentPort, workerData } from 'node:worker_threads';
import { accumulateDependencies } from './betweenness.js';
import type { Graph } from './graph.js';

const { graph, sources, weighted, paths } = workerData as { graph: Graph; sources: Int32Array; weighted: boolean; paths: boolean };

parentPort!.on('message', ({ id, from, to }: { id: number; from: number; to: number }) => {
  const found = paths ? { total: new Float64Array(graph.n), reached: new Int32Array(graph.n) } : undefined;
  const sums = accumulateDependencies(graph, sources, from, to, weighted, new Float64Array(graph.n), found);
  const buffers = [sums.buffer, ...(found ? [found.total.buffer, found.reached.buffer] : [])] as ArrayBuffer[];
  parentPort!.postMessage({ id, sums, ...found }, buffers);
});
