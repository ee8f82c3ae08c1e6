import { degrees, strengths } from '../graph.js';
import { mapDocuments, mapGraph } from '../maps.js';
import { detectCommunities } from '../metrics.js';
import type { CommunityChoice, NetworkInput } from './inputs.js';
import { communityOptions } from './inputs.js';

export interface ExportNode {
  id: string;
  label: string;
  attributes: Record<string, string | number>;
}
export interface ExportEdge {
  source: string;
  target: string;
  weight: number;
}
export interface VosItem {
  id: number;
  label: string;
  cluster: number;
  weights: Record<string, number>;
}
export interface VosLink {
  source_id: number;
  target_id: number;
  strength: number;
}

/** A node's label: a person's name in person maps (ids are opaque there), the id itself otherwise. */
export function nodeLabels(input: NetworkInput): (id: string) => string {
  const names = new Map(input.records?.actors.map((a) => [a.id, a.name]) ?? []);
  const o = input.options;
  const people = ((o?.map ?? 'collaboration') === 'collaboration' && (o?.level ?? 'person') === 'person') || (o?.map === 'coupling' && o.unit === 'person');
  return (id) => (people && input.records ? (names.get(id) ?? id) : id);
}

/**
 * The graph for Gephi (GEXF, GraphML) and VOSviewer (a JSON map): nodes with degree, strength, community and
 * documents, each tie once. VOSviewer normalises link strengths itself, so association-weighted maps give it the raw
 * co-occurrence counts (clusters still come from the association-strength graph).
 */
export function graphExport(input: NetworkInput, c: Partial<CommunityChoice> & { seed: number }) {
  const g = input.graph;
  const { records, options } = input;
  const p = detectCommunities(g, c.method ?? 'leiden', communityOptions({ method: c.method ?? 'leiden', objective: c.objective ?? 'modularity', resolution: c.resolution ?? 1, seed: c.seed }));
  const deg = degrees(g);
  const str = strengths(g);
  const label = nodeLabels(input);
  const activityCount = records && options ? mapDocuments(records, options) : new Map<string, number>();
  const edges: ExportEdge[] = [];
  for (let i = 0; i < g.n; i++) for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) if (g.targets[k] > i) edges.push({ source: g.ids[i], target: g.ids[g.targets[k]], weight: g.weights[k] });
  const notices: string[] = [];
  let raw: Map<string, number> | undefined;
  if (records && options?.weighting === 'association') {
    const full = mapGraph(records, { ...options, weighting: 'full', minWeight: undefined });
    raw = new Map();
    for (let i = 0; i < full.n; i++) for (let k = full.offsets[i]; k < full.offsets[i + 1]; k++) raw.set(`${full.ids[i]}\u0000${full.ids[full.targets[k]]}`, full.weights[k]);
    notices.push('VOSviewer normalises link strengths itself (association strength by default), so the map has the raw co-occurrence counts; the clusters come from the association-strength graph');
  }
  const strength = (e: ExportEdge) => raw?.get(`${e.source}\u0000${e.target}`) ?? e.weight;
  const total = new Float64Array(g.n);
  const at = new Map(g.ids.map((id, i) => [id, i + 1]));
  for (const e of edges) {
    total[at.get(e.source)! - 1] += strength(e);
    total[at.get(e.target)! - 1] += strength(e);
  }
  const items: VosItem[] = g.ids.map((id, i) => ({ id: i + 1, label: label(id), cluster: p.membership[i] + 1, weights: { Links: deg[i], 'Total link strength': raw ? total[i] : str[i], ...(records && { Documents: activityCount.get(id) ?? 0 }) } }));
  const links: VosLink[] = edges.map((e) => ({ source_id: at.get(e.source)!, target_id: at.get(e.target)!, strength: strength(e) }));
  const nodes: ExportNode[] = g.ids.map((id, i) => ({ id, label: label(id), attributes: { degree: deg[i], strength: str[i], community: p.membership[i], ...(records && { activities: activityCount.get(id) ?? 0 }) } }));
  const title = `Proximity knowledge network (${options?.level ?? 'person'} level, ${options?.weighting ?? 'full'} counting)`;
  return { nodes, edges, title, vos: { items, links }, notices };
}
