/**
 * The typed client of the data sets and analyses: its types come from the server's contract modules (the same zod
 * schemas the routes validate with), so a renamed field is a compile error here.
 */
import { useEffect, useState } from 'react';
import { ApiError, del, get, post } from './api';
import type { DatasetList, DatasetView } from '../../src/hub/datasets/contract.js';
import type { JobView, NetworkAnalysis, RegionAnalysis, ReportResponse } from '../../src/hub/analyses/contract.js';

export type { DatasetList, DatasetView, JobView, ReportResponse };
export type Row = ReportResponse['rows'][number];
export type Params = Record<string, string | number | boolean | undefined | null>;

/** A query string of the set parameters, in a stable order (so the same choices make the same URL and cache key). */
export function queryOf(params: Params): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  entries.sort(([a], [b]) => a.localeCompare(b));
  return new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString();
}

export const analysisPath = (dataset: string, name: RegionAnalysis | NetworkAnalysis, params: Params) => `/analyses/${encodeURIComponent(dataset)}/${name}?${queryOf(params)}`;
/** The CSV of an analysis, for a download link. */
export const csvUrl = (dataset: string, name: RegionAnalysis | NetworkAnalysis, params: Params) => `/api/analyses/${encodeURIComponent(dataset)}/${name}.csv?${queryOf(params)}`;

export const listDatasets = () => get<DatasetList>('/datasets');
export const runAnalysis = (dataset: string, name: RegionAnalysis | NetworkAnalysis, params: Params) => get<ReportResponse>(analysisPath(dataset, name, params));

/**
 * An analysis as React state, run as a job: queued and computed off the server's request thread, its progress shown
 * while it runs, cancelled when the page's choices change or the page closes. An error a job ends with (a region not
 * in the data) comes back as the API's 400 would.
 */
export function useAnalysis(dataset: string | undefined, name: RegionAnalysis | NetworkAnalysis, params: Params | null) {
  const [state, setState] = useState<{ report?: ReportResponse; error?: unknown; loading: boolean; progress?: JobView['progress'] }>({ loading: false });
  const key = dataset && params ? analysisPath(dataset, name, params) : '';
  useEffect(() => {
    if (!key) return;
    let live = true;
    let jobId: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => ({ report: s.report, loading: true, progress: { stage: 'queued', fraction: 0 } }));
    const follow = (job: JobView) => {
      if (!live) return;
      jobId = job.id;
      if (job.state === 'completed' && job.result) setState({ report: job.result, loading: false });
      else if (job.state === 'failed' || job.state === 'cancelled') setState({ error: new ApiError(400, job.error?.code ?? job.state, job.error?.message ?? `the analysis ${job.state === 'cancelled' ? 'was cancelled' : 'failed'}`, job.error ? [{ field: job.error.field, message: job.error.message }] : []), loading: false });
      else {
        setState((s) => ({ report: s.report, loading: true, progress: job.progress }));
        timer = setTimeout(() => get<JobView>(`/jobs/${job.id}`).then(follow, fail), 250);
      }
    };
    const fail = (error: unknown) => live && setState({ error, loading: false });
    post<JobView>(key.replace('?', '/jobs?')).then(follow, fail);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
      if (jobId && jobId !== 'cached') del(`/jobs/${jobId}`).catch(() => undefined);
    };
  }, [key]);
  return state;
}

/** An item of a list cell: a related activity by its label (with its proximity), else the item as text. */
function listItem(x: unknown): string {
  if (typeof x !== 'object' || x === null || !('activity' in x)) return String(x);
  const a = x as { activity: string; label?: string; proximity?: number };
  return `${a.label || a.activity}${a.proximity !== undefined ? ` (${a.proximity.toFixed(2)})` : ''}`;
}

/** A number as people read it: integers grouped, others to four significant digits. */
export function formatNumber(v: unknown): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '' : Array.isArray(v) ? v.map(listItem).join('; ') : String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-GB');
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-GB') : v.toPrecision(4).replace(/\.?0+$/, (m) => (m.startsWith('.') ? '' : m));
}
