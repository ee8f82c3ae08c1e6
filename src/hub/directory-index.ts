import { sql } from 'kysely';
import { andInto, bitset, countAnd, hasBit, orInto, setBit, type Bitset } from '../linalg/bitset.js';
import type { Hub } from './context.js';
import type { CardData } from './profiles.js';
import { FACETS, type Facet } from './model.js';

/**
 * The directory held in memory as bitsets, one snapshot per audience: which profiles the audience
 * may find, and for each facet value (`facet:code`) which profiles carry it visibly. Filters and
 * facet counts are then word-wise ANDs and popcounts (microseconds for 10,000 members) instead of a
 * scan of the table per request. A snapshot is built from one statement that also reads
 * `directory_state.version` (moved by triggers on every table the directory reads); a search then
 * reads its page of cards together with the current version (one round trip) and, when that has
 * moved, discards the snapshot and answers again from a new one. So every server process sees each
 * write at its next search, at the cost of no extra query when nothing has changed.
 */
export type Audience = 'public' | 'members';

export interface Snapshot {
  version: number;
  size: number;
  ids: string[];
  rowOf: Map<string, number>;
  /** Row numbers in (lower(name), id) order. */
  byName: Int32Array;
  /** Listed, with a name this audience may see. */
  findable: Bitset;
  values: Map<string, Bitset>;
  /** The same bitsets grouped by facet. */
  facetValues: Record<Facet, [string, Bitset][]>;
}

interface TextHit {
  /** Matching rows, best rank first (ties in name order). */
  rows: Int32Array;
  /** The same rows as a bitset. */
  matches: Bitset;
}

interface HubIndex {
  snapshots: Promise<Record<Audience, Snapshot>>;
  /** Directory cards read at the snapshots' version, by profile id. */
  cards: Map<string, CardData>;
  /** Text query results at the snapshots' version, by audience and tsquery (an exact cache: the version keys it). */
  text: Map<string, Promise<TextHit>>;
}

const indexes = new WeakMap<Hub, HubIndex>();
const TEXT_CACHE_SIZE = 1000;

/** The snapshots this process holds (built at the current version when it holds none). */
export async function snapshots(hub: Hub): Promise<{ index: HubIndex; snap: Record<Audience, Snapshot> }> {
  let index = indexes.get(hub);
  if (!index) {
    const pending: HubIndex = { snapshots: build(hub), cards: new Map(), text: new Map() };
    indexes.set(hub, (index = pending));
    pending.snapshots.catch(() => indexes.get(hub) === pending && indexes.delete(hub));
  }
  return { index, snap: await index.snapshots };
}

/** Drops these snapshots (a newer version was seen): the next search builds new ones. */
export function forgetSnapshots(hub: Hub, index: HubIndex): void {
  if (indexes.get(hub) === index) indexes.delete(hub);
}

async function build(hub: Hub): Promise<Record<Audience, Snapshot>> {
  // one statement: the rows are exactly those at the version read with them
  const result = await sql<{ version: number; id: string | null; listed: boolean; name_visibility: string; facets_public: string[]; facets_members: string[] }>`
    select s.version, p.id, p.listed, p.visibility->>'name' as name_visibility, p.facets_public, p.facets_members
    from directory_state s left join profiles p on true order by lower(p.name), p.id`.execute(hub.db);
  const version = Number(result.rows[0].version);
  const rows = result.rows.filter((r): r is typeof r & { id: string } => r.id !== null);
  const size = rows.length;
  const ids = rows.map((r) => r.id);
  const rowOf = new Map(ids.map((id, i) => [id, i]));
  const byName = Int32Array.from({ length: size }, (_, i) => i);
  const snapshot = (audience: Audience): Snapshot => {
    const findable = bitset(size);
    const values = new Map<string, Bitset>();
    rows.forEach((r, i) => {
      if (r.listed && (audience === 'members' || r.name_visibility === 'public')) setBit(findable, i);
      for (const v of audience === 'public' ? r.facets_public : r.facets_members) {
        let b = values.get(v);
        if (!b) values.set(v, (b = bitset(size)));
        setBit(b, i);
      }
    });
    const facetValues = Object.fromEntries(FACETS.map((f) => [f, [...values].filter(([v]) => v.startsWith(`${f}:`))])) as Record<Facet, [string, Bitset][]>;
    return { version, size, ids, rowOf, byName, findable, values, facetValues };
  };
  return { public: snapshot('public'), members: snapshot('members') };
}

/**
 * Profiles whose audience vector matches the tsquery, with their rank, kept for this version; searches
 * arriving while it is being read wait for the same reading.
 */
export function textMatches(hub: Hub, index: HubIndex, snap: Snapshot, audience: Audience, tsquery: string): Promise<TextHit> {
  const key = `${audience}\u0000${tsquery}`;
  let hit = index.text.get(key);
  if (!hit) {
    if (index.text.size >= TEXT_CACHE_SIZE) index.text.delete(index.text.keys().next().value!);
    index.text.set(key, (hit = readTextMatches(hub, snap, audience, tsquery)));
    hit.catch(() => index.text.delete(key));
  }
  return hit;
}

async function readTextMatches(hub: Hub, snap: Snapshot, audience: Audience, tsquery: string): Promise<TextHit> {
  const vector = sql.ref(`search_${audience}`);
  const r = await sql<{ id: string; rank: number }>`
    select id, ts_rank_cd(${vector}, q) as rank from profiles, to_tsquery('english', ${tsquery}) q where ${vector} @@ q`.execute(hub.db);
  const hits: { row: number; rank: number }[] = [];
  for (const m of r.rows) {
    const row = snap.rowOf.get(m.id);
    if (row !== undefined) hits.push({ row, rank: m.rank }); // else written after the snapshot: the search will answer again
  }
  hits.sort((a, b) => b.rank - a.rank || a.row - b.row); // rows are numbered in name order
  const matches = bitset(snap.size);
  for (const h of hits) setBit(matches, h.row);
  return { rows: Int32Array.from(hits, (h) => h.row), matches };
}

export interface Selection {
  /** Rows passing the text query and every filter, in result order. */
  rows: number[];
  counts: Map<string, number>;
}

/**
 * Applies the filters: OR within a facet, AND across facets. Each facet value's count applies every
 * filter except its own facet's (disjunctive faceting).
 */
export function select(snap: Snapshot, facets: readonly Facet[], selected: Record<Facet, string[]>, text: TextHit | null, order: 'relevance' | 'name'): Selection {
  const base = bitset(snap.size);
  if (text) andInto(base, text.matches, snap.findable);
  else base.set(snap.findable);
  const filters = new Map<Facet, Bitset>();
  for (const f of facets) {
    if (selected[f].length === 0) continue;
    const any = bitset(snap.size);
    for (const v of selected[f]) {
      const b = snap.values.get(`${f}:${v}`);
      if (b) orInto(any, any, b);
    }
    filters.set(f, any);
  }
  const all = Uint32Array.from(base);
  for (const b of filters.values()) andInto(all, all, b);

  const counts = new Map<string, number>();
  const scope = bitset(snap.size);
  for (const f of facets) {
    scope.set(base);
    for (const [g, b] of filters) if (g !== f) andInto(scope, scope, b);
    for (const [value, b] of snap.facetValues[f]) {
      const n = countAnd(b, scope);
      if (n > 0) counts.set(value, n);
    }
  }

  const rows: number[] = [];
  for (const row of text && order === 'relevance' ? text.rows : snap.byName) if (hasBit(all, row)) rows.push(row);
  return { rows, counts };
}
