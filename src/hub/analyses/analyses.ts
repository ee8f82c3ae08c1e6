import { UserError } from '../../errors.js';
import type { MapOptions } from '../../networks/maps.js';
import type { Records } from '../../networks/records.js';
import { toGexf } from '../../formats/gexf.js';
import { toGraphml, toVosviewerJson } from '../../formats/graphml.js';
import { brokerageReport, graphExport, communitiesReport, describeReport, diversityReport, graphReport, metricsReport, projectRecords, proximitiesReport, spectrumReport, themesReport, type CommunityChoice, type NetworkInput } from '../../networks/reports/index.js';
import { unitFields } from '../../networks/records.js';
import type { Measures } from '../../regions/measures.js';
import {
  catalogueReport,
  clustersReport,
  comparisonReport,
  complexityReport,
  dynamicsReport,
  measuresOptions,
  opportunitiesReport,
  parseWeights,
  partnersReport,
  pswotReport,
  regionYear,
  relatednessReport,
  similarRegionsReport,
  spaceReport,
  specialisationReport,
  targetReport,
  varietyReport,
  type MeasureChoice,
  type RegionsData,
  type RegionsSide,
  type RegionYear,
} from '../../regions/reports/index.js';
import { measures } from '../../regions/measures.js';
import { jsonRow, type Report } from '../../report.js';
import { authorise, type Viewer } from '../platform/access.js';
import type { Hub } from '../platform/context.js';
import { HubError, notFound } from '../platform/errors.js';
import { parse } from '../platform/validate.js';
import { loadDataset } from '../datasets/datasets.js';
import { MeasureQuery, NETWORK_ANALYSES, REGION_ANALYSES, type GraphQuery, type NetworkAnalysis, type RegionAnalysis, type ReportResponse } from './contract.js';

/** A small least-recently-used cache. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

/** The cached promise of `make()` under `key`; a failure is not kept. */
function memo<V>(cache: Lru<Promise<V>>, key: string, make: () => Promise<V>): { promise: Promise<V>; cached: boolean } {
  const hit = cache.get(key);
  if (hit) return { promise: hit, cached: true };
  const promise = make();
  cache.set(key, promise);
  promise.catch(() => cache.delete(key));
  return { promise, cached: false };
}

/** Reports by (data set, version, analysis, options); one period's measures and one graph by what they depend on. */
const reports = new Lru<Promise<Report>>(300);
const periods = new Lru<Promise<RegionYear>>(24);
const graphs = new Lru<Promise<NetworkInput & { notices: string[] }>>(12);

/** A report's options in one canonical text (keys sorted), for the cache key. */
const canonical = (o: Record<string, unknown>) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));

/** A mistake in the options (a region not in the data, a year it lacks) as a 400 naming the field. */
function asRefusal(err: unknown): never {
  if (err instanceof UserError) {
    const field = err.where?.field ?? 'options';
    throw new HubError('validation', `${field}: ${err.message}`, { issues: [{ field, message: err.message }] });
  }
  throw err;
}

export const isRegionAnalysis = (name: string): name is RegionAnalysis => Object.hasOwn(REGION_ANALYSES, name);
export const isNetworkAnalysis = (name: string): name is NetworkAnalysis => Object.hasOwn(NETWORK_ANALYSES, name);

/**
 * Runs one analysis of a data set the viewer may see, with options as the API takes them (query parameters), and
 * answers with its report. A data set the viewer may not see is not found; an analysis of the wrong kind of data set,
 * or a bad option, is refused naming the field. Reports are cached by the data set's version and the options.
 */
export async function runAnalysis(hub: Hub, viewer: Viewer, datasetRef: string, analysis: string, query: unknown): Promise<AnalysisResult> {
  authorise(viewer, 'analyses.run');
  const { row, version, dataset } = await loadDataset(hub, viewer, datasetRef);
  const regional = isRegionAnalysis(analysis);
  if (!regional && !isNetworkAnalysis(analysis)) throw notFound(`analysis "${analysis}"`);
  if (regional !== (dataset.kind === 'regions')) {
    throw new HubError('validation', `analysis: ${analysis} reads ${regional ? 'a region × activity table' : 'records (bibliographic or project exports)'}; "${row.title}" is ${dataset.kind === 'regions' ? 'a region × activity table' : 'records'}`, { issues: [{ field: 'analysis', message: 'does not fit the data set' }] });
  }
  const options = parse(regional ? REGION_ANALYSES[analysis as RegionAnalysis] : NETWORK_ANALYSES[analysis as NetworkAnalysis], query ?? {}) as Record<string, unknown>;
  const key = `${row.id}:${version}:${analysis}:${canonical(options)}`;
  const { promise, cached } = memo(reports, key, () =>
    dataset.kind === 'regions' ? regionReport(`${row.id}:${version}`, dataset.data, dataset.side, analysis as RegionAnalysis, options) : networkReport(`${row.id}:${version}`, dataset.records, analysis as NetworkAnalysis, options),
  );
  let report: Report;
  try {
    report = await promise;
  } catch (err) {
    asRefusal(err);
  }
  return { report, dataset: { id: row.id, slug: row.slug, title: row.title, version }, cached };
}

/** A report with the data set and version it was computed on, and whether it came from the cache. */
export interface AnalysisResult {
  report: Report;
  dataset: ReportResponse['dataset'];
  cached: boolean;
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

const choiceOf = (o: MeasureQuery): MeasureChoice => ({ presence: o.presence, threshold: o.threshold, minCount: o.minCount, continuous: o.continuous, asymmetric: o.asymmetric, complexity: o.complexity, ...(o.knn !== undefined && { knn: o.knn }) });

/** One period's measures, cached by data set version, year and measure choice (a page's panels share them). */
function period(datasetKey: string, data: RegionsData, side: RegionsSide, choice: MeasureChoice, year: string | undefined): Promise<RegionYear> {
  return memo(periods, `${datasetKey}:${year ?? ''}:${canonical({ ...choice })}`, async () => regionYear(data, side, choice, year)).promise;
}

async function regionReport(datasetKey: string, data: RegionsData, side: RegionsSide, analysis: RegionAnalysis, o: Record<string, unknown>): Promise<Report> {
  if (analysis === 'variety') return varietyReport(data, side, o as { year?: string; by: 'region' | 'activity' });
  if (analysis === 'catalogue') return catalogueReport(data, side, o as { year?: string });
  const q = o as MeasureQuery & Record<string, unknown>;
  if (analysis === 'dynamics') {
    const choice = choiceOf(q);
    const all: Measures[] = data.years.map((y, i) => measures(data.tables[i], measuresOptions(choice, side, y)));
    return dynamicsReport(data, all, { ...(q.list !== undefined && { list: q.list as 'entries' }), ...(q.entryFrom !== undefined && { from: q.entryFrom as number }), ...(q.entryTo !== undefined && { to: q.entryTo as number }), window: q.window as number });
  }
  const ry = await period(datasetKey, data, side, analysis === 'complexity' ? { ...choiceOf(q), complexity: 'eigen' } : choiceOf(q), q.year);
  const densityScale = q.densityScale === '100' ? 100 : 1;
  switch (analysis) {
    case 'specialisation':
      return specialisationReport(ry, { region: q.region as string, by: q.by as 'rca', top: q.top as number });
    case 'opportunities':
      return opportunitiesReport(ry, {
        region: q.region as string,
        strategy: q.strategy as string,
        ...(q.weights !== undefined && { weights: parseWeights(q.weights as string) }),
        top: q.top as number,
        includeLocal: q.includeLocal as boolean,
        ...(q.minUbiquity !== undefined && { minUbiquity: q.minUbiquity as number }),
        minSize: q.minSize as number,
        densityScale,
      });
    case 'pswot':
      return pswotReport(ry, { region: q.region as string, densityScale });
    case 'target':
      return targetReport(ry, { region: q.region as string, activities: q.activities as string[], top: q.top as number });
    case 'partners':
      return partnersReport(ry, { region: q.region as string, target: q.target as string[], related: q.related as number, top: q.top as number });
    case 'similar':
      return similarRegionsReport(ry, { region: q.region as string, top: q.top as number });
    case 'complexity':
      return complexityReport(ry, { by: q.by as 'region', extremality: q.extremality as number, iterations: q.iterations as number });
    case 'space':
      return spaceReport(ry, { meanDegree: q.meanDegree as number });
    case 'clusters':
      return clustersReport(ry, { method: q.method as 'sized', k: q.k as number, resolution: q.resolution as number, summary: q.summary as boolean });
    case 'relatedness':
      return relatednessReport(ry, { method: q.method as 'proximity' });
    case 'comparison':
      return comparisonReport(ry, { regions: q.regions as string[] });
  }
}

function mapOptionsOf(q: GraphQuery): MapOptions {
  return {
    map: q.map,
    level: q.level,
    weighting: q.weighting,
    ...(q.from !== undefined && { from: q.from }),
    ...(q.to !== undefined && { to: q.to }),
    ...(q.types && { types: q.types }),
    ...(q.minWeight !== undefined && { minWeight: q.minWeight }),
    ...(q.maxAuthors > 0 && { maxParticipants: q.maxAuthors }),
    unit: q.unit,
    keywords: q.keywords,
    ...(q.minOccurrences !== undefined && { minOccurrences: q.minOccurrences }),
    minCitations: q.minCitations,
    minDocuments: q.minDocuments,
  };
}

/** The graph of a map of the records, cached by data set version and map options. */
function graphOf(datasetKey: string, records: Records, options: MapOptions): Promise<NetworkInput & { notices: string[] }> {
  return memo(graphs, `${datasetKey}:${canonical({ ...options })}`, async () => {
    if (options.map === 'terms') throw new UserError('term maps are made on the command line (`proximity networks metrics --map terms`): they need a language model', { field: 'map' });
    const { notices, summary, ...input } = projectRecords(records, options);
    return { ...input, notices: [...notices, summary] };
  }).promise;
}

async function networkReport(datasetKey: string, records: Records, analysis: NetworkAnalysis, o: Record<string, unknown>): Promise<Report> {
  switch (analysis) {
    case 'diversity': {
      const by = o.by as 'organisation';
      const rows = unitFields(records, by);
      if (rows.length === 0) throw new UserError('no activity has subject fields to measure diversity over', { field: 'by' });
      return diversityReport(rows, { by });
    }
    case 'proximities':
      return proximitiesReport(records, { pairs: [{ a: o.a as string, b: o.b as string }] });
    case 'spectrum':
      return spectrumReport(records, { groups: o.groups as 'discipline', byYear: o.byYear as boolean });
    case 'describe':
      return describeReport(records, { report: o.report as 'summary', top: o.top as number, keywords: o.keywords as 'author' });
    case 'themes':
      return themesReport(records, { keywords: o.keywords as 'author', top: o.top as number, minFrequency: o.minFrequency as number });
  }
  const q = o as GraphQuery & Record<string, unknown>;
  const input = await graphOf(datasetKey, records, mapOptionsOf(q));
  const communities: CommunityChoice = { method: q.method, objective: q.objective, resolution: q.resolution, seed: q.seed };
  const withNotices = (r: Report): Report => ({ ...r, notices: [...input.notices, ...r.notices] });
  switch (analysis) {
    case 'graph':
      return withNotices(graphReport(input, { communities, maxNodes: q.maxNodes as number }));
    case 'metrics':
      return withNotices(await metricsReport(input, { communities, ...(q.sample !== undefined && { sample: q.sample as number }) }));
    case 'communities':
      return withNotices(communitiesReport(input, { communities }));
    case 'brokerage':
      return withNotices(brokerageReport(input, { attribute: q.attribute as string, report: q.report as 'node' }));
  }
}

export const GRAPH_FORMATS = ['gexf', 'graphml', 'vos'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** A records data set's graph for Gephi (GEXF, GraphML) or VOSviewer (its JSON map), with the same options as `graph`. */
export async function exportGraph(hub: Hub, viewer: Viewer, datasetRef: string, format: GraphFormat, query: unknown): Promise<{ text: string; filename: string; mediaType: string }> {
  authorise(viewer, 'analyses.run');
  const { row, version, dataset } = await loadDataset(hub, viewer, datasetRef);
  if (dataset.kind !== 'records') throw new HubError('validation', 'format: graph exports are of records (bibliographic or project exports)', { issues: [{ field: 'format', message: 'does not fit the data set' }] });
  const q = parse(NETWORK_ANALYSES.graph, query ?? {});
  try {
    const input = await graphOf(`${row.id}:${version}`, dataset.records, mapOptionsOf(q));
    const x = graphExport(input, { method: q.method, objective: q.objective, resolution: q.resolution, seed: q.seed });
    const base = `${row.slug}-${q.map}-${q.level}`;
    if (format === 'vos') return { text: toVosviewerJson(x.vos.items, x.vos.links), filename: `${base}.vos.json`, mediaType: 'application/json; charset=utf-8' };
    if (format === 'gexf') return { text: toGexf(x.nodes, x.edges, x.title), filename: `${base}.gexf`, mediaType: 'application/xml; charset=utf-8' };
    return { text: toGraphml(x.nodes, x.edges), filename: `${base}.graphml`, mediaType: 'application/xml; charset=utf-8' };
  } catch (err) {
    asRefusal(err);
  }
}
