import { samplesFor } from '../betweenness.js';
import { closenessFromPaths } from '../centrality.js';
import { inverseWeights } from '../graph.js';
import { METRIC_COLUMNS, metricRows, nodeMetrics } from '../metrics.js';
import { betweennessParallel } from '../parallel.js';
import type { Report, Row } from '../../report.js';
import { communityOptions, graphIn, windowsOf, type CommunityChoice, type NetworkInput, type WindowOptions } from './inputs.js';

export interface MetricsReportOptions extends WindowOptions {
  communities: CommunityChoice;
  /** Estimate betweenness from this many sampled sources. */
  sample?: number;
  /** Or to within ε with probability 1 − δ (Riondato & Kornaropoulos). */
  epsilon?: number;
  delta?: number;
  /** Betweenness on weighted shortest paths: a tie of weight w is 1/w long (inverse) or w long (length). */
  weightedBetweenness?: 'inverse' | 'length';
  /** PageRank's stopping tolerance. */
  tol?: number;
  /** Worker threads for betweenness. */
  workers?: number;
}

/**
 * Per-node metrics (degree, strength, betweenness, closeness, PageRank, core, constraint, effective size, community),
 * of the whole graph or of each period. Betweenness runs on worker threads, hence a promise.
 */
export async function metricsReport(input: NetworkInput, o: MetricsReportOptions): Promise<Report> {
  const rows: Row[] = [];
  const notices: string[] = [];
  for (const period of windowsOf(input, o)) {
    const g = graphIn(input, period);
    const sample = o.sample ?? (o.epsilon !== undefined ? samplesFor(g.n, o.epsilon, o.delta ?? 0.1) : undefined);
    const sampled = sample !== undefined && sample < g.n;
    if (sampled) notices.push(`${period ? `${period.label}: ` : ''}betweenness estimated from ${sample} of ${g.n} sources (closeness from every node)`);
    // exact unweighted betweenness searches from every node: the same searches give closeness
    const paths = sampled || o.weightedBetweenness ? undefined : { total: new Float64Array(g.n), reached: new Int32Array(g.n) };
    const bc = await betweennessParallel(o.weightedBetweenness === 'inverse' ? inverseWeights(g) : g, {
      ...(sampled && { sample, seed: o.communities.seed }),
      ...(paths && { paths }),
      ...(o.weightedBetweenness && { weighted: true }),
      ...(o.workers !== undefined && { workers: o.workers }),
    });
    const m = nodeMetrics(g, {
      betweenness: bc,
      ...(paths && { closeness: closenessFromPaths(paths.total, paths.reached) }),
      method: o.communities.method,
      communities: communityOptions(o.communities),
      ...(o.tol !== undefined && { pagerank: { tol: o.tol } }),
    });
    for (const r of metricRows(g, m)) rows.push(period ? { period: period.label, ...r } : r);
  }
  return { columns: [...(o.window !== undefined ? ['period'] : []), ...METRIC_COLUMNS], rows, notices, meta: { nodes: input.graph.n, ties: input.graph.m, ...(o.window !== undefined && { window: o.window }) } };
}
