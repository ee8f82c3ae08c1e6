/**
 * An analyses worker thread: it reads data sets (once per version, kept while it has room) and computes reports, so
 * that no analysis runs on the thread that answers requests.
 */
import { parentPort } from 'node:worker_threads';
import { UserError } from '../../errors.js';
import { readDataset, withFiles, type DatasetFile, type LoadedDataset } from '../datasets/load.js';
import { Lru, computeReport, graphExportText } from './compute.js';
import type { TaskMessage, WorkerReply } from './pool.js';

const datasets = new Lru<Promise<LoadedDataset>>(4);
const port = parentPort!;

async function load(msg: TaskMessage): Promise<LoadedDataset> {
  let p = datasets.get(msg.datasetKey);
  if (!p) {
    const s = msg.source;
    if (!s) throw new Error(`data set ${msg.datasetKey} is not loaded in this worker and no source came with the task`);
    port.postMessage({ id: msg.id, progress: { stage: 'reading the data set', fraction: 0.05 } } satisfies WorkerReply);
    p =
      s.kind === 'records'
        ? Promise.resolve({ kind: 'records' as const, records: s.records, summary: s.summary })
        : s.files.every((f): f is DatasetFile & { bytes?: undefined } => 'path' in f)
          ? readDataset(s.datasetKind, s.files as DatasetFile[], s.options)
          : withFiles(s.files as { role: DatasetFile['role']; filename: string; bytes: Uint8Array }[], (files) => readDataset(s.datasetKind, files, s.options));
    datasets.set(msg.datasetKey, p);
    p.catch(() => datasets.delete(msg.datasetKey));
  }
  return p;
}

port.on('message', async (msg: TaskMessage) => {
  try {
    const dataset = await load(msg);
    port.postMessage({ id: msg.id, progress: { stage: 'computing', fraction: 0.3 } } satisfies WorkerReply);
    if (msg.task === 'export') {
      const result = await graphExportText(msg.datasetKey, dataset, msg.format!, msg.options);
      port.postMessage({ id: msg.id, result, summary: dataset.summary } satisfies WorkerReply);
    } else {
      const result = await computeReport(msg.datasetKey, dataset, msg.analysis, msg.options);
      port.postMessage({ id: msg.id, result, summary: dataset.summary } satisfies WorkerReply);
    }
  } catch (err) {
    const user = err instanceof UserError;
    port.postMessage({ id: msg.id, error: { user, message: (err as Error).message, ...(user && { where: (err as UserError).where }) } } satisfies WorkerReply);
  }
});
