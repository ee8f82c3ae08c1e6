// A worker thread of measuresByYear (parallel.ts): computes one period's measures per message.
import { parentPort } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { measures, type Measures, type MeasuresOptions } from './measures.js';
import type { RegionActivity } from './table.js';

/** The distinct buffers of a result's arrays, handed over to the main thread without copying. */
function buffers(res: Measures): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  for (const v of [res.table.values, ...Object.values(res)]) {
    if (v instanceof Float64Array) set.add(v.buffer as ArrayBuffer);
  }
  return [...set];
}

parentPort!.on('message', ({ id, table, options }: { id: number; table: RegionActivity; options: MeasuresOptions }) => {
  try {
    const result = measures(table, options);
    parentPort!.postMessage({ id, result }, buffers(result));
  } catch (err) {
    const user = err instanceof UserError;
    const message = err instanceof Error ? err.message : String(err);
    const detail = user ? (err.where ? { where: err.where } : {}) : err instanceof Error && err.stack ? { stack: err.stack } : {};
    parentPort!.postMessage({ id, error: { user, message, ...detail } });
  }
});
