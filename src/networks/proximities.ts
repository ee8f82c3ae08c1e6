/**
 * Boschma's (2005) five proximities between two actors, measured from the records:
 * - geographical: great-circle (haversine) distance in km between their coordinates, and same region;
 * - cognitive: cosine similarity of their discipline profiles and of their keyword profiles (the keywords of
 *   the activities they took part in, counted);
 * - organisational: same organisation, and same parent (the organisation's own organisation, when the
 *   records hold the organisation as an actor);
 * - institutional: same organisation type, and same country;
 * - social: partners in common, earlier co-participations (shared activities), and path length in the
 *   co-participation graph (hops; Infinity when unconnected).
 * And the test of the "proximity paradox" (Broekel & Boschma 2012): the probability that a pair not tied
 * before a split year forms a tie after it, by decile of each proximity measured before it.
 */
import { bfsDistances } from './centrality.js';
import type { Graph } from './graph.js';
import { project, yearOf, type Actor, type Records } from './records.js';

export interface Proximity {
  distanceKm: number;
  sameRegion: boolean | null;
  disciplineCosine: number;
  keywordCosine: number;
  sameOrganisation: boolean | null;
  sameParent: boolean | null;
  sameOrganisationType: boolean | null;
  sameCountry: boolean | null;
  sharedPartners: number;
  coParticipations: number;
  pathLength: number;
}

/** Great-circle distance (haversine, Earth radius 6,371.0088 km, the IUGG mean). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w !== undefined) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

const same = (x: string | undefined, y: string | undefined) => (x === undefined || y === undefined ? null : x === y);

/** Everything the proximities of many pairs need, computed once. */
export interface ProximityContext {
  actors: Map<string, Actor>;
  keywords: Map<string, Map<string, number>>;
  disciplines: Map<string, Map<string, number>>;
  parent: Map<string, string>;
  graph: Graph;
  index: Map<string, number>;
  activitiesOf: Map<string, Set<string>>;
  /** The last breadth-first search (hop distances from `from`), reused while pairs share their first actor. */
  search: { dist: Int32Array; queue: Int32Array; from: number };
}

export function proximityContext(records: Records): ProximityContext {
  const actors = new Map(records.actors.map((a) => [a.id, a]));
  const activities = new Map(records.activities.map((a) => [a.id, a]));
  const keywords = new Map<string, Map<string, number>>();
  const activitiesOf = new Map<string, Set<string>>();
  for (const p of records.participations) {
    let k = keywords.get(p.actor);
    if (!k) keywords.set(p.actor, (k = new Map()));
    for (const w of activities.get(p.activity)?.keywords ?? []) k.set(w.toLowerCase(), (k.get(w.toLowerCase()) ?? 0) + 1);
    let s = activitiesOf.get(p.actor);
    if (!s) activitiesOf.set(p.actor, (s = new Set()));
    s.add(p.activity);
  }
  const disciplines = new Map(records.actors.map((a) => [a.id, new Map(a.disciplines.map((d) => [d.code, d.weight]))]));
  const parent = new Map<string, string>();
  for (const a of records.actors) if (a.kind === 'organisation' && a.organisation) parent.set(a.name, a.organisation), parent.set(a.id, a.organisation);
  const graph = project(records, { level: 'person' });
  return { actors, keywords, disciplines, parent, graph, index: new Map(graph.ids.map((id, i) => [id, i])), activitiesOf, search: { dist: new Int32Array(graph.n), queue: new Int32Array(graph.n), from: -1 } };
}

export function proximity(ctx: ProximityContext, a: string, b: string): Proximity {
  const x = ctx.actors.get(a);
  const y = ctx.actors.get(b);
  const located = x?.latitude !== undefined && x.longitude !== undefined && y?.latitude !== undefined && y.longitude !== undefined;
  const ia = ctx.index.get(a);
  const ib = ctx.index.get(b);
  let shared = 0;
  let path = Infinity;
  if (ia !== undefined && ib !== undefined) {
    const g = ctx.graph;
    const mark = new Set<number>();
    for (let k = g.offsets[ia]; k < g.offsets[ia + 1]; k++) mark.add(g.targets[k]);
    for (let k = g.offsets[ib]; k < g.offsets[ib + 1]; k++) if (mark.has(g.targets[k])) shared++;
    const s = ctx.search;
    if (s.from !== ia) {
      bfsDistances(g, ia, s.dist, s.queue);
      s.from = ia;
    }
    path = s.dist[ib] < 0 ? Infinity : s.dist[ib];
  }
  let co = 0;
  const sa = ctx.activitiesOf.get(a);
  for (const act of ctx.activitiesOf.get(b) ?? []) if (sa?.has(act)) co++;
  const parentA = x?.organisation ? ctx.parent.get(x.organisation) : undefined;
  const parentB = y?.organisation ? ctx.parent.get(y.organisation) : undefined;
  return {
    distanceKm: located ? haversineKm(x.latitude!, x.longitude!, y.latitude!, y.longitude!) : NaN,
    sameRegion: same(x?.region, y?.region),
    disciplineCosine: cosine(ctx.disciplines.get(a) ?? new Map(), ctx.disciplines.get(b) ?? new Map()),
    keywordCosine: cosine(ctx.keywords.get(a) ?? new Map(), ctx.keywords.get(b) ?? new Map()),
    sameOrganisation: same(x?.organisation, y?.organisation),
    sameParent: parentA === undefined || parentB === undefined ? same(x?.organisation, y?.organisation) : parentA === parentB,
    sameOrganisationType: same(x?.organisationType, y?.organisationType),
    sameCountry: same(x?.country, y?.country),
    sharedPartners: shared,
    coParticipations: co,
    pathLength: path,
  };
}

/** The records up to and including `year` (activities without a year are left out). */
export function recordsUntil(records: Records, year: number, after = false): Records {
  const keep = new Set(records.activities.filter((a) => {
    const y = yearOf(a);
    return y !== undefined && (after ? y > year : y <= year);
  }).map((a) => a.id));
  return { actors: records.actors, activities: records.activities.filter((a) => keep.has(a.id)), participations: records.participations.filter((p) => keep.has(p.activity)) };
}

export interface ParadoxRow {
  measure: string;
  decile: number;
  from: number;
  to: number;
  pairs: number;
  newTies: number;
  probability: number;
}

/** Numeric proximities tested by decile (larger = closer, except distance and path length). */
export const PARADOX_MEASURES = ['distanceKm', 'disciplineCosine', 'keywordCosine', 'sharedPartners', 'pathLength'] as const;

/**
 * The proximity-paradox test: pairs of actors active up to `year` and not tied then; each proximity
 * measured on the records up to `year`; the share of pairs that co-participate after `year`, by decile
 * of the proximity (deciles of the values, equal values kept together, so a decile can hold more or fewer
 * pairs, and fewer than ten deciles appear when a value fills several).
 * At most `maxPairs` pairs are used (the first ones in actor order).
 */
export function proximityParadox(records: Records, year: number, maxPairs = 2_000_000): ParadoxRow[] {
  const before = recordsUntil(records, year);
  const after = project(recordsUntil(records, year, true), { level: 'person' });
  const afterIndex = new Map(after.ids.map((id, i) => [id, i]));
  const tiedAfter = (a: string, b: string) => {
    const i = afterIndex.get(a);
    const j = afterIndex.get(b);
    if (i === undefined || j === undefined) return false;
    for (let k = after.offsets[i]; k < after.offsets[i + 1]; k++) if (after.targets[k] === j) return true;
    return false;
  };
  const ctx = proximityContext(before);
  const active = ctx.graph.ids.filter((id) => ctx.activitiesOf.has(id));
  const values: Record<string, number[]> = Object.fromEntries(PARADOX_MEASURES.map((m) => [m, []]));
  const formed: boolean[] = [];
  outer: for (let i = 0; i < active.length; i++) {
    for (let j = i + 1; j < active.length; j++) {
      const p = proximity(ctx, active[i], active[j]);
      if (p.coParticipations > 0) continue; // already tied
      for (const m of PARADOX_MEASURES) values[m].push(p[m] as number);
      formed.push(tiedAfter(active[i], active[j]));
      if (formed.length >= maxPairs) break outer;
    }
  }
  const rows: ParadoxRow[] = [];
  for (const m of PARADOX_MEASURES) {
    const v = values[m];
    const idx = v.map((_, k) => k).filter((k) => !Number.isNaN(v[k])).sort((a, b) => v[a] - v[b]);
    if (idx.length === 0) continue;
    let start = 0;
    for (let d = 1; d <= 10 && start < idx.length; d++) {
      // the pairs left shared evenly among the deciles left (a block of equal values can take several)
      let end = start + Math.max(1, Math.round((idx.length - start) / (11 - d)));
      while (end < idx.length && v[idx[end]] === v[idx[end - 1]]) end++; // keep ties together
      const slice = idx.slice(start, end);
      const ties = slice.filter((k) => formed[k]).length;
      rows.push({ measure: m, decile: d, from: v[slice[0]], to: v[slice[slice.length - 1]], pairs: slice.length, newTies: ties, probability: ties / slice.length });
      start = end;
    }
  }
  return rows;
}
