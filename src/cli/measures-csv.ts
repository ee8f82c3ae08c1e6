import { Worker } from 'node:worker_threads';
import { csvCell } from '../formats/output.js';

/** What one period's measures CSV is made of: the arrays of a Measures result and the context columns. */
export interface MeasuresCsvInput {
  regions: readonly string[];
  activities: readonly string[];
  /** R × A, row-major, for the regions [from, to) only (see slice). */
  values: Float64Array;
  rca: Float64Array;
  m: Float64Array;
  density: Float64Array;
  cog: Float64Array;
  rpop?: Float64Array;
  diversity: Float64Array;
  eci: Float64Array;
  coi: Float64Array;
  ubiquity: Float64Array;
  pci: Float64Array;
  year?: string;
  /** Activity → label, when a label column is written. */
  labels?: ReadonlyMap<string, string>;
  withPop: boolean;
}

/**
 * The rows of `regions measures` for regions [from, to) as CSV text, a region at a time, formatted in bulk: region-level
 * and activity-level values are formatted once, not once per cell (the same shortest round-trip text as csvCell, so full
 * precision). The cell arrays hold the regions from `from` on.
 */
export function* measuresCsv(x: MeasuresCsvInput, from = 0, to = x.regions.length): Generator<string> {
  const A = x.activities.length;
  const num = (v: number) => (Number.isNaN(v) ? '' : String(v));
  const perActivity = x.activities.map((a) => `${csvCell(a)}${x.labels ? `,${csvCell(x.labels.get(a) ?? '')}` : ''}`);
  const ubiquity = Array.from(x.ubiquity, num);
  const pci = Array.from(x.pci, num);
  const year = x.year !== undefined ? `${csvCell(x.year)},` : '';
  for (let r = from; r < to; r++) {
    const parts: string[] = [];
    const head = `${year}${csvCell(x.regions[r])},`;
    const div = num(x.diversity[r]);
    const eci = num(x.eci[r]);
    const coi = num(x.coi[r]);
    const base = (r - from) * A;
    for (let p = 0; p < A; p++) {
      const c = base + p;
      const m = x.m[c];
      parts.push(
        `${head}${perActivity[p]},${num(x.values[c])},${num(x.rca[c])},${m === 0 ? '0' : m === 1 ? '1' : num(m)},${div},${ubiquity[p]},${num(x.density[c])},${eci},${pci[p]},${coi},${num(x.cog[c])}${x.withPop ? `,${num(x.rpop ? x.rpop[c] : NaN)}` : ''}\n`,
      );
    }
    yield parts.join('');
  }
}

const CELL_ARRAYS = ['values', 'rca', 'm', 'density', 'cog', 'rpop'] as const;

/** The input with its cell arrays cut to the regions [from, to) (copies, so they can be handed to a thread). */
function slice(x: MeasuresCsvInput, from: number, to: number): MeasuresCsvInput {
  const A = x.activities.length;
  const out = { ...x };
  for (const k of CELL_ARRAYS) if (x[k]) out[k] = x[k]!.slice(from * A, to * A);
  return out;
}

/** Cells below which a second thread does not pay for itself. */
const PARALLEL_CELLS = 100_000;

/**
 * A helper thread that formats the second half of the regions while this one formats the first: started early (before
 * the data is read) so that its start-up is hidden, and used for each period large enough to pay for the copy.
 */
export class MeasuresCsvWriter {
  private worker: Worker | undefined;

  constructor(parallel: boolean) {
    if (parallel) {
      this.worker = new Worker(new URL('./measures-csv-worker.js', import.meta.url));
      this.worker.unref();
    }
  }

  /** Writes one period's rows through `write`, in region order. */
  async write(x: MeasuresCsvInput, write: (text: string) => Promise<void>): Promise<void> {
    const R = x.regions.length;
    const cells = R * x.activities.length;
    if (!this.worker || cells < PARALLEL_CELLS || R < 2) {
      for (const text of measuresCsv(x)) await write(text);
      return;
    }
    const half = Math.ceil(R / 2);
    const rest = slice(x, half, R);
    const worker = this.worker;
    const pieces: string[] = [];
    let finished = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const onMessage = (msg: { text?: string; done?: boolean; error?: string }) => {
      if (msg.error !== undefined) failure = new Error(msg.error);
      if (msg.text !== undefined) pieces.push(msg.text);
      if (msg.done || msg.error !== undefined) finished = true;
      wake?.();
    };
    const onError = (err: unknown) => {
      failure = err;
      finished = true;
      wake?.();
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.ref(); // keep the process alive while this thread waits for the helper's text
    try {
      worker.postMessage({ input: rest, from: half, to: R }, CELL_ARRAYS.flatMap((k) => (rest[k] ? [rest[k]!.buffer as ArrayBuffer] : [])));
      for (const text of measuresCsv(slice(x, 0, half), 0, half)) await write(text);
      for (;;) {
        while (pieces.length > 0) await write(pieces.shift()!);
        if (failure) throw failure;
        if (finished) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.unref();
    }
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
