import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { measures, type Measures, type MeasuresOptions } from './measures.js';
import type { Panel } from './table.js';

export interface ParallelOptions {
  /** Worker threads; default: the machine's available parallelism, at most one per period. 1 = in this thread. */
  workers?: number;
}

export interface PeriodMeasures {
  year: string;
  index: number;
  measures: Measures;
}

interface Reply {
  id: number;
  result?: Measures;
  error?: { user: boolean; message: string; stack?: string; where?: UserError['where'] };
}

/**
 * The measures of every period of a panel, computed on worker threads (one period per task) and
 * yielded in period order. At most `workers` periods are computed at once and at most as many wait
 * to be taken, so memory stays bounded however long the panel. Node only (worker_threads); the
 * function `measures` itself is pure and runs anywhere.
 */
export async function* measuresByYear(
  panel: Panel,
  optionsFor: (year: string) => MeasuresOptions | Promise<MeasuresOptions>,
  parallel: ParallelOptions = {},
): AsyncGenerator<PeriodMeasures> {
  const periods = panel.tables.length;
  const count = Math.max(1, Math.min(parallel.workers ?? availableParallelism(), periods));
  if (count === 1) {
    for (let i = 0; i < periods; i++) {
      yield { year: panel.years[i], index: i, measures: measures(panel.tables[i], await optionsFor(panel.years[i])) };
    }
    return;
  }
  const workers = Array.from({ length: count }, () => new Worker(new URL('./measures-worker.js', import.meta.url)));
  const idle = [...workers];
  const done = new Map<number, Reply>();
  let wake: (() => void) | undefined;
  let failure: unknown;
  for (const w of workers) {
    w.on('message', (reply: Reply) => {
      done.set(reply.id, reply);
      idle.push(w);
      wake?.();
    });
    w.on('error', (err) => {
      failure ??= err;
      wake?.();
    });
  }
  let next = 0;
  try {
    for (let i = 0; i < periods; i++) {
      // keep the workers busy, but never run further ahead than the workers' number of periods
      while (next < periods && idle.length > 0 && next < i + count) {
        const w = idle.pop()!;
        w.postMessage({ id: next, table: panel.tables[next], options: await optionsFor(panel.years[next]) });
        next++;
      }
      while (!done.has(i) && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      if (failure !== undefined) throw failure;
      const reply = done.get(i)!;
      done.delete(i);
      if (reply.error) {
        if (reply.error.user) throw new UserError(reply.error.message, reply.error.where);
        throw Object.assign(new Error(reply.error.message), reply.error.stack ? { stack: reply.error.stack } : {});
      }
      yield { year: panel.years[i], index: i, measures: reply.result! };
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
