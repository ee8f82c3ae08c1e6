// A worker thread of betweennessParallel (parallel.ts): sums the dependencies of one batch of sources per message.
import { parentPort, workerData } from 'node:worker_threads';
import { accumulateDependencies } from './betweenness.js';
import type { Graph } from './graph.js';

const { graph, sources, weighted } = workerData as { graph: Graph; sources: Int32Array; weighted: boolean };

parentPort!.on('message', ({ id, from, to }: { id: number; from: number; to: number }) => {
  const sums = accumulateDependencies(graph, sources, from, to, weighted, new Float64Array(graph.n));
  parentPort!.postMessage({ id, sums }, [sums.buffer as ArrayBuffer]);
});
