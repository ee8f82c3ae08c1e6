import { sql } from 'kysely';
import { andInto, bitset, countAnd, hasBit, orInto, setBit, type Bitset } from '../linalg/bitset.js';
import type { Hub } from './context.js';
import { type Facet } from './model.js';

/**
 * The directory held in memory as bitsets, one snapshot per audience: which profiles the audience
 * may find, and for each facet value (`facet:code`) which profiles carry it visibly. Filters and
 * facet counts are then word-wise ANDs and popcounts (microseconds for 10,000 members) instead of a
 * scan of the table per request. A snapshot is rebuilt when `directory_state.version` (moved by
 * triggers on every table the directory reads) differs from the one it was built at, so every
 * server process sees each write at its next search.
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
}

interface TextHit {
  rows: Int32Array;
  rank: Float64Array;
}

interface HubIndex {
  version: number;
  snapshots: Promise<Record<Audience, Snapshot>>;
  /** Text query results at this version, by audience and tsquery (an exact cache: the version keys it). */
  text: Map<string, TextHit>;
}

const indexes = new WeakMap<Hub, HubIndex>();
const TEXT_CACHE_SIZE = 1000;

export async function directoryVersion(hub: Hub): Promise<number> {
  const r = await hub.db.selectFrom('directory_state').select('version').executeTakeFirstOrThrow();
  return Number(r.version);
}

/** The snapshots at the current version (built at most once per version per process). */
export async function snapshots(hub: Hub): Promise<{ index: HubIndex; snap: Record<Audience, Snapshot> }> {
  const version = await directoryVersion(hub);
  let index = indexes.get(hub);
  if (!index || index.version !== version) {
    index = { version, snapshots: build(hub, version), text: new Map() };
    indexes.set(hub, index);
    index.snapshots.catch(() => indexes.delete(hub));
  }
  return { index, snap: await index.snapshots };
}

async function build(hub: Hub, version: number): Promise<Record<Audience, Snapshot>> {
  const rows = await sql<{ id: string; listed: boolean; name_visibility: string; facets_public: string[]; facets_members: string[] }>`
    select id, listed, visibility->>'name' as name_visibility, facets_public, facets_members
    from profiles order by lower(name), id`.execute(hub.db);
  const size = rows.rows.length;
  const ids = rows.rows.map((r) => r.id);
  const rowOf = new Map(ids.map((id, i) => [id, i]));
  const byName = Int32Array.from({ length: size }, (_, i) => i);
  const snapshot = (audience: Audience): Snapshot => {
    const findable = bitset(size);
    const values = new Map<string, Bitset>();
    rows.rows.forEach((r, i) => {
      if (r.listed && (audience === 'members' || r.name_visibility === 'public')) setBit(findable, i);
      for (const v of audience === 'public' ? r.facets_public : r.facets_members) {
        let b = values.get(v);
        if (!b) values.set(v, (b = bitset(size)));
        setBit(b, i);
      }
    });
    return { version, size, ids, rowOf, byName, findable, values };
  };
  return { public: snapshot('public'), members: snapshot('members') };
}

/** Profiles whose audience vector matches the tsquery, with their rank (cached for this version). */
export async function textMatches(hub: Hub, index: HubIndex, snap: Snapshot, audience: Audience, tsquery: string): Promise<TextHit> {
  const key = `${audience}\u0000${tsquery}`;
  const hit = index.text.get(key);
  if (hit) return hit;
  const vector = sql.ref(`search_${audience}`);
  const r = await sql<{ id: string; rank: number }>`
    select id, ts_rank_cd(${vector}, q) as rank from profiles, to_tsquery('english', ${tsquery}) q where ${vector} @@ q`.execute(hub.db);
  const rows: number[] = [];
  const rank: number[] = [];
  for (const m of r.rows) {
    const row = snap.rowOf.get(m.id);
    if (row === undefined) continue; // written after the snapshot: the next version will have it
    rows.push(row);
    rank.push(m.rank);
  }
  const result = { rows: Int32Array.from(rows), rank: Float64Array.from(rank) };
  if (index.text.size >= TEXT_CACHE_SIZE) index.text.delete(index.text.keys().next().value!);
  index.text.set(key, result);
  return result;
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
  if (text) {
    for (const r of text.rows) setBit(base, r);
    andInto(base, base, snap.findable);
  } else base.set(snap.findable);
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
    const prefix = `${f}:`;
    for (const [value, b] of snap.values) {
      if (!value.startsWith(prefix)) continue;
      const n = countAnd(b, scope);
      if (n > 0) counts.set(value, n);
    }
  }

  let rows: number[];
  if (text && order === 'relevance') {
    const picked: { row: number; rank: number }[] = [];
    text.rows.forEach((row, k) => {
      if (hasBit(all, row)) picked.push({ row, rank: text.rank[k] });
    });
    picked.sort((a, b) => b.rank - a.rank || a.row - b.row); // rows are numbered in name order
    rows = picked.map((p) => p.row);
  } else {
    rows = [];
    for (const row of snap.byName) if (hasBit(all, row)) rows.push(row);
  }
  return { rows, counts };
}
