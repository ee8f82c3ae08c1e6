import type { Selectable } from 'kysely';
import type { DatasetsTable } from '../../db/schema.js';
import { UserError } from '../../errors.js';
import { jsonRow, type Report } from '../../report.js';
import { authorise, type Viewer } from '../platform/access.js';
import type { Hub } from '../platform/context.js';
import { HubError, notFound } from '../platform/errors.js';
import { jobQueue, type JobRecord } from '../platform/jobs.js';
import { parse } from '../platform/validate.js';
import { BUNDLED_DATASETS, HUB_NETWORK } from '../datasets/bundled.js';
import { currentVersion, datasetFiles, recordSummary, visibleDataset } from '../datasets/datasets.js';
import { hubNetworkRecords } from '../datasets/hub-network.js';
import { bundledFiles } from '../datasets/load.js';
import { canonical, Lru, memo } from './compute.js';
import { NETWORK_ANALYSES, REGION_ANALYSES, type JobView, type NetworkAnalysis, type RegionAnalysis, type ReportResponse } from './contract.js';
import { AnalysisPool, Cancelled, type DatasetSource, type Progress } from './pool.js';

type Row = Selectable<DatasetsTable>;

export const isRegionAnalysis = (name: string): name is RegionAnalysis => Object.hasOwn(REGION_ANALYSES, name);
export const isNetworkAnalysis = (name: string): name is NetworkAnalysis => Object.hasOwn(NETWORK_ANALYSES, name);

/** Reports by (data set, version, analysis, options): a page's panels, and the same page again, answer at once. */
const reports = new Lru<Promise<Report>>(300);
/** The reports computed so far, to answer a job at once. */
const finished = new Lru<Report>(300);

let pool: AnalysisPool | undefined;
/** The process's analyses threads, started at the first analysis. */
export const analysisPool = (): AnalysisPool => (pool ??= new AnalysisPool());
export async function closeAnalysisPool(): Promise<void> {
  await pool?.close();
  pool = undefined;
}

/** A mistake in the options (a region not in the data, a year it lacks) as a 400 naming the field. */
function asRefusal(err: unknown): never {
  if (err instanceof UserError) {
    const field = err.where?.field ?? 'options';
    throw new HubError('validation', `${field}: ${err.message}`, { issues: [{ field, message: err.message }] });
  }
  throw err;
}

interface Prepared {
  row: Row;
  version: number;
  analysis: RegionAnalysis | NetworkAnalysis;
  options: Record<string, unknown>;
  /** The data set and its version: what a worker's cache and the measures are keyed by. */
  datasetKey: string;
  /** The report's key: the data set version, the analysis and its options. */
  key: string;
}

/** An analysis the viewer may run on a data set they may see, its options parsed: refused before any work is done. */
async function prepare(hub: Hub, viewer: Viewer, datasetRef: string, analysis: string, query: unknown): Promise<Prepared> {
  authorise(viewer, 'analyses.run');
  return prepareRow(hub, await visibleDataset(hub.db, viewer, datasetRef), analysis, query);
}

/** An analysis of a data set whose access has been checked: the analysis fits it, the options parse. */
async function prepareRow(hub: Hub, row: Row, analysis: string, query: unknown): Promise<Prepared> {
  const regional = isRegionAnalysis(analysis);
  if (!regional && !isNetworkAnalysis(analysis)) throw notFound(`analysis "${analysis}"`);
  if (regional !== (row.kind === 'regions')) {
    throw new HubError('validation', `analysis: ${analysis} reads ${regional ? 'a region × activity table' : 'records (bibliographic or project exports)'}; "${row.title}" is ${row.kind === 'regions' ? 'a region × activity table' : 'records'}`, { issues: [{ field: 'analysis', message: 'does not fit the data set' }] });
  }
  const options = parse(regional ? REGION_ANALYSES[analysis] : NETWORK_ANALYSES[analysis as NetworkAnalysis], query ?? {}) as Record<string, unknown>;
  const version = await currentVersion(hub.db, row);
  const datasetKey = `${row.id}:${version}`;
  return { row, version, analysis: analysis as RegionAnalysis | NetworkAnalysis, options, datasetKey, key: `${datasetKey}:${analysis}:${canonical(options)}` };
}

/** How a worker reads the data set: bundled files by path, uploads out of the store, the hub's network from the database. */
function sourceOf(hub: Hub, row: Row): () => Promise<DatasetSource> {
  return async () => {
    if (row.builtin === HUB_NETWORK) {
      const records = await hubNetworkRecords(hub.db);
      return { kind: 'records', records, summary: recordSummary(records) };
    }
    const bundled = BUNDLED_DATASETS.find((b) => b.key === row.builtin);
    if (bundled) return { kind: 'files', datasetKind: row.kind, files: bundledFiles(bundled.files), options: bundled.options };
    return { kind: 'files', datasetKind: row.kind, files: await datasetFiles(hub, row), options: row.options as never };
  };
}

/** Computes a prepared report on the analyses threads (once per key), keeping a bundled data set's summary current. */
function compute(hub: Hub, p: Prepared, onProgress?: (x: Progress) => void): { promise: Promise<Report>; cached: boolean; cancel(): void } {
  let cancel = () => {};
  const { promise, cached } = memo(reports, p.key, async () => {
    const task = analysisPool().run({ task: 'report', datasetKey: p.datasetKey, analysis: p.analysis, options: p.options, source: sourceOf(hub, p.row), onProgress });
    cancel = task.cancel;
    const { result, summary } = await task.promise;
    if (p.row.builtin && JSON.stringify(p.row.summary) !== JSON.stringify(summary)) {
      await hub.db.updateTable('datasets').set({ summary: JSON.stringify(summary) }).where('id', '=', p.row.id).execute();
    }
    finished.set(p.key, result as Report);
    return result as Report;
  });
  return { promise, cached, cancel: () => cancel() };
}

/** A report with the data set and version it was computed on, and whether it came from the cache. */
export interface AnalysisResult {
  report: Report;
  dataset: ReportResponse['dataset'];
  cached: boolean;
}

/**
 * Runs one analysis of a data set the viewer may see, with options as the API takes them (query parameters), and
 * answers with its report. A data set the viewer may not see is not found; an analysis of the wrong kind of data set,
 * or a bad option, is refused naming the field. The work runs on the analyses threads; reports are cached by the data
 * set's version and the options.
 */
export async function runAnalysis(hub: Hub, viewer: Viewer, datasetRef: string, analysis: string, query: unknown): Promise<AnalysisResult> {
  const p = await prepare(hub, viewer, datasetRef, analysis, query);
  const { promise, cached } = compute(hub, p);
  try {
    return { report: await promise, dataset: { id: p.row.id, slug: p.row.slug, title: p.row.title, version: p.version }, cached };
  } catch (err) {
    asRefusal(err);
  }
}

/** The JSON answer: rows as objects keyed by column, list cells as their items, non-finite numbers null. */
export function reportResponse(r: AnalysisResult): ReportResponse {
  const { report } = r;
  return {
    columns: [...report.columns],
    rows: report.rows.map((row) => jsonRow(report.columns, row) as ReportResponse['rows'][number]),
    notices: [...report.notices],
    meta: { ...report.meta },
    dataset: r.dataset,
    cached: r.cached,
  };
}

export const GRAPH_FORMATS = ['gexf', 'graphml', 'vos'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** A records data set's graph for Gephi (GEXF, GraphML) or VOSviewer (its JSON map), with the same options as `graph`. */
export async function exportGraph(hub: Hub, viewer: Viewer, datasetRef: string, format: GraphFormat, query: unknown): Promise<{ text: string; filename: string; mediaType: string }> {
  const p = await prepare(hub, viewer, datasetRef, 'graph', query);
  try {
    const task = analysisPool().run({ task: 'export', format, datasetKey: p.datasetKey, analysis: 'graph', options: p.options, source: sourceOf(hub, p.row) });
    const x = (await task.promise).result as { text: string; extension: string; mediaType: string };
    return { text: x.text, filename: `${p.row.slug}-${String(p.options.map)}-${String(p.options.level)}.${x.extension}`, mediaType: x.mediaType };
  } catch (err) {
    asRefusal(err);
  }
}

// jobs: an analysis run through the queue, with progress and cancellation, for pages that show a progress bar

const QUEUE = 'analysis';
/** Analyses run at once; more wait in the queue. */
export const JOB_CONCURRENCY = 2;

interface JobData {
  datasetId: string;
  analysis: string;
  query: Record<string, unknown>;
  key: string;
}

/** What each running job has done, and how to stop it: this process's, as the process runs them. */
const progress = new Map<string, Progress>();
const stops = new Map<string, () => void>();
const working = new WeakSet<object>();

async function ensureWorkers(hub: Hub): Promise<void> {
  const boss = await jobQueue(hub.db);
  if (working.has(boss)) return;
  working.add(boss);
  await boss.createQueue(QUEUE);
  for (let i = 0; i < JOB_CONCURRENCY; i++) {
    await boss.work<JobData>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      const row = await hub.db.selectFrom('datasets').selectAll().where('id', '=', job.data.datasetId).executeTakeFirst();
      if (!row) throw new Error('the data set was deleted');
      // the viewer's access was checked when the job was sent
      const p = await prepareRow(hub, row, job.data.analysis, job.data.query);
      progress.set(job.id, { stage: 'starting', fraction: 0.02 });
      const c = compute(hub, p, (x) => progress.set(job.id, x));
      stops.set(job.id, c.cancel);
      try {
        // the report stays in this process's cache; the queue keeps only that it is done (a report may be a million
        // rows: written into the database as the job's output, it would hold the connection every request shares)
        await c.promise;
        return { done: true };
      } catch (err) {
        if (err instanceof UserError) return { error: { code: 'validation', message: `${err.where?.field ?? 'options'}: ${err.message}`, field: err.where?.field ?? 'options' } };
        throw err;
      } finally {
        stops.delete(job.id);
        progress.delete(job.id);
      }
    });
  }
}

const STATES: Record<JobRecord<JobData>['state'], JobView['state']> = { created: 'queued', retry: 'queued', active: 'running', completed: 'completed', cancelled: 'cancelled', failed: 'failed' };

async function jobView(hub: Hub, job: JobRecord<JobData>): Promise<JobView> {
  const out = (job.output ?? {}) as { done?: boolean; error?: { code: string; message: string; field: string } } & { message?: string };
  const state = job.state === 'completed' && out.error ? 'failed' : STATES[job.state];
  let result: ReportResponse | undefined;
  if (state === 'completed') {
    // the report from the cache (computed again should it have left it), on the data set as it is now
    const row = await hub.db.selectFrom('datasets').selectAll().where('id', '=', job.data.datasetId).executeTakeFirst();
    if (!row) throw notFound('job');
    const p = await prepareRow(hub, row, job.data.analysis, job.data.query);
    const c = compute(hub, p);
    result = reportResponse({ report: await c.promise, dataset: { id: row.id, slug: row.slug, title: row.title, version: p.version }, cached: c.cached });
  }
  return {
    id: job.id,
    state,
    progress: state === 'completed' ? { stage: 'done', fraction: 1 } : (progress.get(job.id) ?? { stage: state, fraction: 0 }),
    ...(result && { result }),
    ...(state === 'failed' && { error: out.error ?? { code: 'failed', message: 'the analysis failed', field: 'job' } }),
  };
}

/**
 * An analysis as a job: refused at once if the viewer may not run it (the same checks as the route); answered at once
 * from the cache when it has been computed (a completed job with the id "cached"); else queued, to be followed with `analysisJob` and stopped with
 * `cancelAnalysisJob`.
 */
export async function submitAnalysisJob(hub: Hub, viewer: Viewer, datasetRef: string, analysis: string, query: unknown): Promise<JobView> {
  const p = await prepare(hub, viewer, datasetRef, analysis, query);
  const done = finished.get(p.key);
  if (done) return { id: 'cached', state: 'completed', progress: { stage: 'done', fraction: 1 }, result: reportResponse({ report: done, dataset: { id: p.row.id, slug: p.row.slug, title: p.row.title, version: p.version }, cached: true }) };
  const boss = await jobQueue(hub.db);
  await ensureWorkers(hub);
  const data: JobData = { datasetId: p.row.id, analysis, query: (query ?? {}) as Record<string, unknown>, key: p.key };
  const id = await boss.send(QUEUE, data, { retryLimit: 0, expireInSeconds: 15 * 60 });
  if (!id) throw new HubError('conflict', 'the job was not queued');
  return { id, state: 'queued', progress: { stage: 'queued', fraction: 0 } };
}

/** A job of an analysis of a data set the viewer may see (any other is not found), with its report once done. */
export async function analysisJob(hub: Hub, viewer: Viewer, id: string): Promise<JobView> {
  authorise(viewer, 'analyses.run');
  const boss = await jobQueue(hub.db);
  const job = /^[0-9a-f-]{36}$/i.test(id) ? await boss.getJobById<JobData>(QUEUE, id) : null;
  if (!job) throw notFound('job');
  await visibleDataset(hub.db, viewer, job.data.datasetId).catch(() => {
    throw notFound('job');
  });
  return jobView(hub, job);
}

/** Cancels a job: out of the queue, or its thread stopped. */
export async function cancelAnalysisJob(hub: Hub, viewer: Viewer, id: string): Promise<JobView> {
  const before = await analysisJob(hub, viewer, id);
  if (before.state === 'queued' || before.state === 'running') {
    const boss = await jobQueue(hub.db);
    await boss.cancel(QUEUE, id);
    stops.get(id)?.();
  }
  return analysisJob(hub, viewer, id);
}

export { Cancelled };
