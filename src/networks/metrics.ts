import { betweenness as exactBetweenness } from './betweenness.js';
import { closeness, pagerank, type PageRankOptions } from './centrality.js';
import { leiden, louvain, type CommunityOptions, type Partition } from './communities.js';
import { coreNumbers } from './cores.js';
import { degrees, strengths, type Graph } from './graph.js';
import { constraint, effectiveSize } from './structural-holes.js';

export type CommunityMethod = 'leiden' | 'louvain';

/** The per-node table of `proximity networks metrics`; each column means what NetworkX's default does. */
export const METRIC_COLUMNS = ['node', 'degree', 'strength', 'betweenness', 'closeness', 'pagerank', 'core', 'constraint', 'effective_size', 'community'] as const;

export interface NodeMetrics {
  degree: Int32Array;
  strength: Float64Array;
  /** betweenness_centrality(normalized=True), unweighted. */
  betweenness: Float64Array;
  /** closeness_centrality (Wasserman–Faust), unweighted. */
  closeness: Float64Array;
  /** pagerank(alpha=0.85), weighted, run to convergence (NetworkX stops at tol 1e-6: MetricsOptions.pagerank). */
  pagerank: Float64Array;
  core: Int32Array;
  constraint: Float64Array;
  effectiveSize: Float64Array;
  communities: Partition;
}

export interface MetricsOptions {
  /** Betweenness computed elsewhere (e.g. on worker threads, or sampled); exact on this thread otherwise. */
  betweenness?: Float64Array;
  /** Closeness computed elsewhere (e.g. from the betweenness search's paths). */
  closeness?: Float64Array;
  method?: CommunityMethod;
  communities?: CommunityOptions;
  pagerank?: PageRankOptions;
}

export function detectCommunities(g: Graph, method: CommunityMethod = 'leiden', options: CommunityOptions = {}): Partition {
  return method === 'louvain' ? louvain(g, options) : leiden(g, options);
}

export function nodeMetrics(g: Graph, options: MetricsOptions = {}): NodeMetrics {
  return {
    degree: degrees(g),
    strength: strengths(g),
    betweenness: options.betweenness ?? exactBetweenness(g),
    closeness: options.closeness ?? closeness(g),
    pagerank: pagerank(g, options.pagerank),
    core: coreNumbers(g),
    constraint: constraint(g),
    effectiveSize: effectiveSize(g),
    communities: detectCommunities(g, options.method, options.communities),
  };
}

export function metricRows(g: Graph, m: NodeMetrics): Record<(typeof METRIC_COLUMNS)[number], string | number>[] {
  return g.ids.map((node, i) => ({
    node,
    degree: m.degree[i],
    strength: m.strength[i],
    betweenness: m.betweenness[i],
    closeness: m.closeness[i],
    pagerank: m.pagerank[i],
    core: m.core[i],
    constraint: m.constraint[i],
    effective_size: m.effectiveSize[i],
    community: m.communities.membership[i],
  }));
}
