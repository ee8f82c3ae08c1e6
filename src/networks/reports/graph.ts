import { betweenness, sampledBetweenness } from '../betweenness.js';
import { degrees, inducedSubgraph, strengths } from '../graph.js';
import { mapDocuments } from '../maps.js';
import { detectCommunities } from '../metrics.js';
import { unitAttribute } from '../records.js';
import type { Report, Row } from '../../report.js';
import { GROUP_ATTRIBUTES } from './brokerage.js';
import { nodeLabels } from './export.js';
import { communityOptions, type CommunityChoice, type NetworkInput } from './inputs.js';

/** Above this many nodes the explorer's betweenness is estimated from BETWEENNESS_SAMPLE sources. */
export const EXACT_BETWEENNESS_NODES = 2000;
export const BETWEENNESS_SAMPLE = 256;

/**
 * The graph as the explorer draws it: one row per node (label, degree, strength, betweenness, community, documents,
 * and at the person level the actors' attributes), and in `meta.edges` each tie once as [row, row, weight]. Graphs
 * larger than `maxNodes` keep their best-connected nodes, with a notice.
 */
export function graphReport(input: NetworkInput, o: { communities: CommunityChoice; maxNodes?: number }): Report {
  const notices: string[] = [];
  let g = input.graph;
  const maxNodes = o.maxNodes ?? 20_000;
  if (g.n > maxNodes) {
    const deg = degrees(g);
    const str = strengths(g);
    const order = Array.from({ length: g.n }, (_, i) => i).sort((a, b) => deg[b] - deg[a] || str[b] - str[a] || a - b);
    const keep = new Uint8Array(g.n);
    for (const i of order.slice(0, maxNodes)) keep[i] = 1;
    notices.push(`the graph has ${g.n.toLocaleString('en-GB')} nodes; the ${maxNodes.toLocaleString('en-GB')} with the most ties are drawn (a minimum weight, fewer years or a higher level gives a smaller graph)`);
    g = inducedSubgraph(g, Array.from(keep, Boolean));
  }
  const deg = degrees(g);
  const str = strengths(g);
  const sampled = g.n > EXACT_BETWEENNESS_NODES;
  const bc = sampled ? sampledBetweenness(g, BETWEENNESS_SAMPLE, { seed: o.communities.seed }) : betweenness(g);
  if (sampled) notices.push(`betweenness estimated from ${BETWEENNESS_SAMPLE} sampled sources (exact up to ${EXACT_BETWEENNESS_NODES.toLocaleString('en-GB')} nodes)`);
  const p = detectCommunities(g, o.communities.method, communityOptions(o.communities));
  const label = nodeLabels(input);
  const documents = input.records && input.options ? mapDocuments(input.records, input.options) : undefined;
  const level = input.options?.level ?? 'person';
  const attributes: Record<string, string[]> = {};
  if (input.records && (input.options?.map ?? 'collaboration') === 'collaboration' && level === 'person') {
    for (const a of GROUP_ATTRIBUTES) {
      const values = unitAttribute(input.records, g, level, a);
      if (values.some(Boolean)) attributes[a] = values;
    }
  }
  const rows: Row[] = g.ids.map((id, i) => ({
    id,
    label: label(id),
    degree: deg[i],
    strength: str[i],
    betweenness: bc[i],
    community: p.membership[i],
    ...(documents && { documents: documents.get(id) ?? 0 }),
    ...Object.fromEntries(Object.entries(attributes).map(([a, v]) => [a, v[i] || '(unknown)'])),
  }));
  const edges: [number, number, number][] = [];
  for (let i = 0; i < g.n; i++) for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) if (g.targets[k] > i) edges.push([i, g.targets[k], g.weights[k]]);
  return {
    columns: ['id', 'label', 'degree', 'strength', 'betweenness', 'community', ...(documents ? ['documents'] : []), ...Object.keys(attributes)],
    rows,
    notices,
    meta: { nodes: g.n, ties: g.m, communities: p.count, quality: p.quality, edges, attributes: Object.keys(attributes), level, map: input.options?.map ?? 'collaboration' },
  };
}
