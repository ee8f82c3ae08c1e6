/**
 * The analyses themselves, on a data set already read: the report functions called with an analysis's parsed options.
 * No I/O and no access checks (the service does those); run on the analyses' worker threads, each with its caches of
 * one period's measures and one map's graph.
 */
import { UserError } from '../../errors.js';
import type { MapOptions } from '../../networks/maps.js';
import { unitFields, type Records } from '../../networks/records.js';
import { toGexf } from '../../formats/gexf.js';
import { toGraphml, toVosviewerJson } from '../../formats/graphml.js';
import { brokerageReport, graphExport, communitiesReport, describeReport, diversityReport, graphReport, metricsReport, projectRecords, proximitiesReport, spectrumReport, themesReport, type CommunityChoice, type NetworkInput } from '../../networks/reports/index.js';
import { measures, type Measures } from '../../regions/measures.js';
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
import type { Report } from '../../report.js';
import type { LoadedDataset } from '../datasets/load.js';
import type { GraphQuery, MeasureQuery, NetworkAnalysis, RegionAnalysis } from './contract.js';

/** A report's options in one canonical text (keys sorted), for cache keys. */
export const canonical = (o: Record<string, unknown>) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));

/** A small least-recently-used cache. */
export class Lru<V> {
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
export function memo<V>(cache: Lru<Promise<V>>, key: string, make: () => Promise<V>): { promise: Promise<V>; cached: boolean } {
  const hit = cache.get(key);
  if (hit) return { promise: hit, cached: true };
  const promise = make();
  cache.set(key, promise);
  promise.catch(() => cache.delete(key));
  return { promise, cached: false };
}

/** One period's measures and one map's graph, by what they depend on. */
const periods = new Lru<Promise<RegionYear>>(24);
const graphs = new Lru<Promise<NetworkInput & { notices: string[] }>>(12);


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

export function mapOptionsOf(q: GraphQuery): MapOptions {
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
export function graphOf(datasetKey: string, records: Records, options: MapOptions): Promise<NetworkInput & { notices: string[] }> {
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

/** One analysis of a data set that has been read, under the key of its data set and version (for the caches). */
export function computeReport(datasetKey: string, dataset: LoadedDataset, analysis: RegionAnalysis | NetworkAnalysis, options: Record<string, unknown>): Promise<Report> {
  return dataset.kind === 'regions' ? regionReport(datasetKey, dataset.data, dataset.side, analysis as RegionAnalysis, options) : networkReport(datasetKey, dataset.records, analysis as NetworkAnalysis, options);
}

/** The graph of a records data set as GEXF, GraphML or a VOSviewer map, with the options of the `graph` analysis. */
export async function graphExportText(datasetKey: string, dataset: LoadedDataset, format: 'gexf' | 'graphml' | 'vos', o: Record<string, unknown>): Promise<{ text: string; extension: string; mediaType: string }> {
  if (dataset.kind !== 'records') throw new UserError('graph exports are of records (bibliographic or project exports)', { field: 'format' });
  const q = o as GraphQuery;
  const input = await graphOf(datasetKey, dataset.records, mapOptionsOf(q));
  const x = graphExport(input, { method: q.method, objective: q.objective, resolution: q.resolution, seed: q.seed });
  if (format === 'vos') return { text: toVosviewerJson(x.vos.items, x.vos.links), extension: 'vos.json', mediaType: 'application/json; charset=utf-8' };
  if (format === 'gexf') return { text: toGexf(x.nodes, x.edges, x.title), extension: 'gexf', mediaType: 'application/xml; charset=utf-8' };
  return { text: toGraphml(x.nodes, x.edges), extension: 'graphml', mediaType: 'application/xml; charset=utf-8' };
}
