import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../errors.js';
import type { Records } from '../../networks/records.js';
import type { DatasetFile } from '../datasets/load.js';
import type { DatasetKind, DatasetOptions, DatasetSummary } from '../datasets/contract.js';
import type { NetworkAnalysis, RegionAnalysis } from './contract.js';

/** What a worker needs to read a data set: its files (paths, or bytes out of the store) or its records. */
export type DatasetSource =
  | { kind: 'files'; datasetKind: DatasetKind; files: (DatasetFile | { role: DatasetFile['role']; filename: string; bytes: Uint8Array })[]; options: DatasetOptions }
  | { kind: 'records'; records: Records; summary: DatasetSummary };

export interface TaskMessage {
  id: number;
  task: 'report' | 'export';
  datasetKey: string;
  source?: DatasetSource;
  analysis: RegionAnalysis | NetworkAnalysis;
  format?: 'gexf' | 'graphml' | 'vos';
  options: Record<string, unknown>;
}

export type WorkerReply =
  | { id: number; progress: Progress }
  | { id: number; result: unknown; summary: DatasetSummary }
  | { id: number; error: { user: boolean; message: string; where?: UserError['where'] } };

export interface Progress {
  stage: string;
  /** 0 to 1. */
  fraction: number;
}

export interface TaskRequest extends Omit<TaskMessage, 'id' | 'source'> {
  /** Reads the data set's source, called only when the chosen worker has not read this version yet. */
  source: () => Promise<DatasetSource>;
  onProgress?: (p: Progress) => void;
}

interface Pending {
  id: number;
  request: TaskRequest;
  resolve: (v: { result: unknown; summary: DatasetSummary }) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  loaded: Set<string>;
  running?: Pending;
  queue: Pending[];
}

export class Cancelled extends Error {
  constructor() {
    super('the analysis was cancelled');
  }
}

const WORKER = new URL('./worker.js', import.meta.url);

/**
 * Worker threads for the analyses: each reads data sets and computes reports off the request thread. A task goes to
 * an idle worker that has read its data set, else any idle one, else it waits behind the worker that has the data set.
 * Cancelling a running task ends its thread (engines do not stop half-way) and starts a fresh one.
 */
export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private next = 1;

  constructor(readonly size = Math.max(1, Math.min(2, availableParallelism()))) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER), loaded: new Set(), queue: [] };
    slot.worker.unref();
    slot.worker.on('message', (m: WorkerReply) => this.reply(slot, m));
    slot.worker.on('error', (err) => {
      // a worker that dies takes its task with it; its queue goes to a fresh worker
      const i = this.slots.indexOf(slot);
      slot.running?.reject(err);
      if (i >= 0) {
        const fresh = this.spawn();
        fresh.queue = slot.queue;
        this.slots[i] = fresh;
        void this.pump(fresh);
      }
    });
    return slot;
  }

  private reply(slot: Slot, m: WorkerReply): void {
    const p = slot.running;
    if (!p || p.id !== m.id) return;
    if ('progress' in m) {
      p.request.onProgress?.(m.progress);
      return;
    }
    slot.running = undefined;
    if ('error' in m) {
      if (m.error.user) p.reject(new UserError(m.error.message, m.error.where));
      else p.reject(new Error(m.error.message));
    } else {
      slot.loaded.add(p.request.datasetKey);
      p.resolve({ result: m.result, summary: m.summary });
    }
    void this.pump(slot);
  }

  private async pump(slot: Slot): Promise<void> {
    if (slot.running || slot.queue.length === 0) return;
    const p = slot.queue.shift()!;
    slot.running = p;
    try {
      const source = slot.loaded.has(p.request.datasetKey) ? undefined : await p.request.source();
      if (slot.running !== p) return; // cancelled while reading
      const { source: _, onProgress: __, ...message } = p.request;
      slot.worker.postMessage({ ...message, id: p.id, ...(source && { source }) } satisfies TaskMessage);
    } catch (err) {
      slot.running = undefined;
      p.reject(err);
      void this.pump(slot);
    }
  }

  private choose(datasetKey: string): Slot {
    const idle = (s: Slot) => !s.running && s.queue.length === 0;
    return (
      this.slots.find((s) => idle(s) && s.loaded.has(datasetKey)) ??
      this.slots.find(idle) ??
      this.slots.find((s) => s.loaded.has(datasetKey)) ??
      [...this.slots].sort((a, b) => a.queue.length - b.queue.length)[0]
    );
  }

  /** Runs a task; `cancel()` drops it from its queue, or ends the thread running it. */
  run(request: TaskRequest): { id: number; promise: Promise<{ result: unknown; summary: DatasetSummary }>; cancel(): void } {
    const id = this.next++;
    let pending!: Pending;
    const promise = new Promise<{ result: unknown; summary: DatasetSummary }>((resolve, reject) => (pending = { id, request, resolve, reject }));
    const slot = this.choose(request.datasetKey);
    slot.queue.push(pending);
    void this.pump(slot);
    const cancel = () => {
      for (const [i, s] of this.slots.entries()) {
        const q = s.queue.indexOf(pending);
        if (q >= 0) {
          s.queue.splice(q, 1);
          pending.reject(new Cancelled());
          return;
        }
        if (s.running === pending) {
          s.running = undefined;
          pending.reject(new Cancelled());
          void s.worker.terminate();
          const fresh = this.spawn();
          fresh.queue = s.queue;
          this.slots[i] = fresh;
          void this.pump(fresh);
          return;
        }
      }
    };
    return { id, promise, cancel };
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
