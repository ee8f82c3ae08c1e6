import { andInto, bitset, countAnd, countBits, orInto, popcount32, setBit, setBits, type Bitset } from '../../linalg/bitset.js';
import type { Hub } from '../platform/context.js';
import type { FacetCount } from '../platform/model.js';

/**
 * A faceted search index held in memory as bitsets: which rows may be found, and for each facet value
 * (`facet:code`) which rows carry it. Filters and facet counts are word-wise ANDs and popcounts, or tallies
 * over the rows in scope, instead of a scan of a table per request. Full-text matches (and the ranks read for
 * them) come from PostgreSQL and are kept for the snapshot's version, as are whole selections. The directory and the
 * library each build their snapshots from one statement that also reads their version counter (moved by
 * triggers on every table they read); a search reads its page together with the current version and,
 * when that has moved, drops what it holds and answers again.
 */
export interface Snapshot {
  version: number;
  size: number;
  ids: string[];
  rowOf: Map<string, number>;
  /** May be found by this audience. */
  findable: Bitset;
  values: Map<string, Bitset>;
  /** The same bitsets grouped by facet (the part of the value before the first colon). */
  byFacet: Map<string, [string, Bitset][]>;
  /** Per facet, each row's values (positions in `byFacet`'s list) in compressed rows: row r has value[start[r] … start[r+1]). */
  rowValues: Map<string, { start: Int32Array; value: Int32Array }>;
}

export interface IndexRow {
  id: string;
  findable: boolean;
  facets: readonly string[];
}

/** A snapshot of rows given in the default result order (row numbers follow it). */
export function snapshotOf(version: number, rows: readonly IndexRow[]): Snapshot {
  const size = rows.length;
  const ids = rows.map((r) => r.id);
  const findable = bitset(size);
  const values = new Map<string, Bitset>();
  rows.forEach((r, i) => {
    if (r.findable) setBit(findable, i);
    for (const v of r.facets) {
      let b = values.get(v);
      if (!b) values.set(v, (b = bitset(size)));
      setBit(b, i);
    }
  });
  const byFacet = new Map<string, [string, Bitset][]>();
  for (const entry of values) {
    const facet = facetOf(entry[0]);
    let list = byFacet.get(facet);
    if (!list) byFacet.set(facet, (list = []));
    list.push(entry);
  }
  const rowValues = new Map<string, { start: Int32Array; value: Int32Array }>();
  for (const [facet, list] of byFacet) {
    const start = new Int32Array(size + 1);
    for (const [v] of list) for (let w = 0, b = values.get(v)!; w < b.length; w++) for (let x = b[w]; x !== 0; x &= x - 1) start[((w << 5) | (31 - Math.clz32(x & -x))) + 1]++;
    for (let i = 0; i < size; i++) start[i + 1] += start[i];
    const value = new Int32Array(start[size]);
    const next = start.slice(0, size);
    list.forEach(([v], p) => {
      for (let w = 0, b = values.get(v)!; w < b.length; w++) for (let x = b[w]; x !== 0; x &= x - 1) value[next[(w << 5) | (31 - Math.clz32(x & -x))]++] = p;
    });
    rowValues.set(facet, { start, value });
  }
  return { version, size, ids, rowOf: new Map(ids.map((id, i) => [id, i])), findable, values, byFacet, rowValues };
}

const facetOf = (value: string) => value.slice(0, value.indexOf(':'));

export interface TextHit {
  /** Rows matching the words. */
  matches: Bitset;
  /** Ranks read so far, by row (a relevance order reads the ranks of the rows it orders). */
  rank: Map<number, number>;
}

/** Text matches (id, and rank when read with them) as rows of the snapshot; ids it does not hold (written after it) are left out. */
export function textHitOf(snap: Snapshot, matches: readonly { id: string; rank?: number }[]): TextHit {
  const hit: TextHit = { matches: bitset(snap.size), rank: new Map() };
  for (const m of matches) {
    const row = snap.rowOf.get(m.id);
    if (row === undefined) continue; // written after the snapshot: the search will answer again
    setBit(hit.matches, row);
    if (m.rank !== undefined) hit.rank.set(row, m.rank);
  }
  return hit;
}

/** The rows that pass the text query and every filter, and each facet value's disjunctive count. */
export interface Filtered {
  all: Bitset;
  counts: Map<string, number>;
}

export interface Selection {
  /** How many rows pass the text query and every filter. */
  total: number;
  /** Rows `offset` … `offset + limit` of those, in result order. */
  page(offset: number, limit: number): number[];
  /** Per `facet:value`, the rows that choosing it would give. */
  counts: Map<string, number>;
}

export type Order = 'relevance' | 'default' | 'reverse';

/**
 * Applies the filters: OR within a facet, AND across facets. Each facet value's count applies every
 * filter except its own facet's (disjunctive faceting).
 */
export function filter(snap: Snapshot, facets: readonly string[], selected: Readonly<Record<string, readonly string[]>>, text: TextHit | null): Filtered {
  const base = bitset(snap.size);
  if (text) andInto(base, text.matches, snap.findable);
  else base.set(snap.findable);
  const filters = new Map<string, Bitset>();
  for (const f of facets) {
    const chosen = selected[f] ?? [];
    if (chosen.length === 0) continue;
    const any = bitset(snap.size);
    for (const v of chosen) {
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
    facetCountsIn(snap, f, scope, counts);
  }
  return { all, counts };
}

/**
 * The filtered rows in order: by rank, best first, ties in the snapshot's order (with a text query and
 * `relevance`; the ranks of these rows must have been read), else in the snapshot's order or reversed.
 */
export function ordered(filtered: Filtered, order: Order, text: TextHit | null): Selection {
  const { all, counts } = filtered;
  if (text && order === 'relevance') {
    const rows = setBits(all);
    const rank = new Float64Array(rows.length);
    rows.forEach((row, i) => (rank[i] = text.rank.get(row) ?? 0));
    const byRank = Int32Array.from(rows.keys()).sort((a, b) => rank[b] - rank[a] || a - b); // ties in row order
    const ordered = Int32Array.from(byRank, (i) => rows[i]);
    return { total: ordered.length, page: (offset, limit) => Array.from(ordered.subarray(offset, offset + limit)), counts };
  }
  return { total: countBits(all), page: (offset, limit) => bitsInOrder(all, order === 'reverse', offset, limit), counts };
}

/** Filters and orders (the text hit's ranks known for the rows a relevance order needs). */
export function select(snap: Snapshot, facets: readonly string[], selected: Readonly<Record<string, readonly string[]>>, text: TextHit | null, order: Order): Selection {
  return ordered(filter(snap, facets, selected, text), order, text);
}

/** Rows of `all` whose rank has not been read. */
export function unranked(text: TextHit, all: Bitset): number[] {
  return setBits(all).filter((row) => !text.rank.has(row));
}

/** The `offset`-th to `offset + limit`-th set bits, ascending or descending, skipping whole words by their popcount. */
function bitsInOrder(b: Bitset, descending: boolean, offset: number, limit: number): number[] {
  const out: number[] = [];
  let skip = offset;
  for (let k = 0; k < b.length && out.length < limit; k++) {
    const w = descending ? b.length - 1 - k : k;
    const x = b[w];
    if (x === 0) continue;
    const n = popcount32(x);
    if (skip >= n) {
      skip -= n;
      continue;
    }
    for (const bit of setBits(Uint32Array.of(x), descending)) {
      if (skip > 0) skip--;
      else if (out.length < limit) out.push((w << 5) | bit);
    }
  }
  return out;
}

/** A per-row tally costs about this many word-wise popcounts for each value a row carries (it writes at random). */
const TALLY_COST = 4;

/**
 * Adds to `counts` how many rows of `scope` carry each value of the facet. Two ways, the cheaper for this scope:
 * a popcount of (value ∧ scope) per value, which costs the facet's number of values × the words of a bitset; or a
 * walk over the scope's rows tallying the values each carries, which costs the rows in scope × their values. A
 * facet with hundreds of values (topics, disciplines) in a narrowed search is the walk's case.
 */
export function facetCountsIn(snap: Snapshot, facet: string, scope: Bitset, counts: Map<string, number>, strategy?: 'popcount' | 'tally'): void {
  const entries = snap.byFacet.get(facet);
  if (!entries) return;
  const { start, value } = snap.rowValues.get(facet)!;
  const tallyCost = snap.size === 0 ? 0 : countBits(scope) * (value.length / snap.size) * TALLY_COST;
  if ((strategy ?? (tallyCost < entries.length * scope.length ? 'tally' : 'popcount')) === 'tally') {
    const tally = new Int32Array(entries.length);
    for (let w = 0; w < scope.length; w++) {
      for (let x = scope[w]; x !== 0; x &= x - 1) {
        const row = (w << 5) | (31 - Math.clz32(x & -x));
        for (let k = start[row]; k < start[row + 1]; k++) tally[value[k]]++;
      }
    }
    for (let i = 0; i < entries.length; i++) if (tally[i] > 0) counts.set(entries[i][0], tally[i]);
  } else {
    for (const [v, b] of entries) {
      const n = countAnd(b, scope);
      if (n > 0) counts.set(v, n);
    }
  }
}

/**
 * A least-recently-used cache bounded by the memory its values hold, as `weigh` tells (in bytes) when asked: a
 * value may grow after it is kept (a text hit gains the ranks read for it), so the values are weighed again each
 * time a new one is kept, and the least recently used go until the rest fit. Text hits and selections of a
 * 100,000-row index weigh from kilobytes to a few megabytes.
 */
export class HeldCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; settled?: V }>();
  constructor(
    private readonly maxBytes: number,
    private readonly weigh: (value: V) => number,
  ) {}

  /** The value for `key`, computed once (concurrent askers share it); a failed computation is not kept. */
  get(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit.value;
    }
    const entry: { value: Promise<V>; settled?: V } = { value: compute() };
    this.entries.set(key, entry);
    entry.value.then(
      (v) => {
        if (this.entries.get(key) !== entry) return;
        entry.settled = v;
        let held = 0;
        for (const e of this.entries.values()) if (e.settled !== undefined) held += this.weigh(e.settled);
        for (const [k, e] of this.entries) {
          if (held <= this.maxBytes || e === entry) break;
          if (e.settled === undefined) continue;
          this.entries.delete(k);
          held -= this.weigh(e.settled);
        }
      },
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    return entry.value;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Bytes a text hit holds: its bitset and the ranks read for it (a Map entry each). */
const weighText = (t: TextHit) => t.matches.byteLength + 48 * t.rank.size;
/** Bytes a selection holds: its rows or bitset, and its counts. */
const weighSelection = (s: Selection & { weight?: number }) => s.weight ?? 0;

/** What a process holds for one hub: its snapshots, records read at their version, and text matches. */
export interface Held<S, R> {
  snapshots: Promise<S>;
  /** Records (cards, items) read at the snapshots' version, by id. */
  records: Map<string, R>;
  /** Text query results at the snapshots' version (an exact cache: the version keys it). */
  text: HeldCache<TextHit>;
  /** Selections (filters, counts, order) at the snapshots' version, by query: the library page and popular filters are counted once. */
  selections: HeldCache<Selection>;
}

/** Memory for held text hits and for held selections, each, per index. */
const CACHE_BYTES = 64 * 1024 * 1024;

/**
 * `filter` and `ordered` once per snapshot version and query: `scope` names the snapshot (e.g. the audience),
 * `search` the words (their tsquery, their hit, and how to read ranks). For a relevance order, the ranks of the
 * filtered rows not yet ranked are read first. Selections are immutable, so a kept one is shared.
 */
export function selectOnce(
  held: Held<unknown, unknown>,
  scope: string,
  snap: Snapshot,
  facets: readonly string[],
  selected: Readonly<Record<string, readonly string[]>>,
  search: { tsquery: string; hit: TextHit; readRanks(rows: number[]): Promise<void> } | null,
  order: Order,
): Promise<Selection> {
  const key = JSON.stringify([scope, search?.tsquery ?? null, order, facets.map((f) => [...(selected[f] ?? [])].sort())]);
  return held.selections.get(key, async () => {
    const filtered = filter(snap, facets, selected, search?.hit ?? null);
    if (search && order === 'relevance') {
      const missing = unranked(search.hit, filtered.all);
      if (missing.length) await search.readRanks(missing);
    }
    const selection = ordered(filtered, order, search?.hit ?? null);
    return Object.assign(selection, { weight: filtered.all.byteLength + (order === 'relevance' && search ? 4 * selection.total : 0) + 80 * filtered.counts.size });
  });
}

/**
 * One index per hub, built on first use and dropped when a search sees a newer version. Searches
 * arriving while a snapshot or a text query is being read wait for the same reading.
 */
export function heldIndex<S, R>(build: (hub: Hub) => Promise<S>) {
  const held = new WeakMap<Hub, Held<S, R>>();
  return {
    async get(hub: Hub): Promise<{ index: Held<S, R>; snap: S }> {
      let index = held.get(hub);
      if (!index) {
        const pending: Held<S, R> = { snapshots: build(hub), records: new Map(), text: new HeldCache(CACHE_BYTES, weighText), selections: new HeldCache(CACHE_BYTES, weighSelection) };
        held.set(hub, (index = pending));
        pending.snapshots.catch(() => held.get(hub) === pending && held.delete(hub));
      }
      return { index, snap: await index.snapshots };
    },
    forget(hub: Hub, index: Held<S, R>): void {
      if (held.get(hub) === index) held.delete(hub);
    },
    text(index: Held<S, R>, key: string, read: () => Promise<TextHit>): Promise<TextHit> {
      return index.text.get(key, read);
    },
  };
}

/**
 * The counts of a selection as each facet's values with labels, most results first (or in `order`), the first
 * `limit` of each (selected values always). A selected value with no results still shows (count 0), so it can be
 * cleared.
 */
export function facetCounts<F extends string>(
  facets: readonly F[],
  counted: Map<string, number>,
  selected: Readonly<Record<F, readonly string[]>>,
  label: (facet: F, code: string) => string,
  order: (facet: F) => (a: FacetCount, b: FacetCount) => number = () => (a, b) => b.count - a.count || a.label.localeCompare(b.label),
  limit = Infinity,
  /** What tells apart two values of one label (a region's level), asked only for the values listed. */
  detail?: (facet: F, code: string) => string | undefined,
): Record<F, FacetCount[]> {
  const out = Object.fromEntries(facets.map((f) => [f, [] as FacetCount[]])) as Record<F, FacetCount[]>;
  for (const [value, n] of counted) {
    const i = value.indexOf(':');
    const facet = value.slice(0, i) as F;
    const code = value.slice(i + 1);
    out[facet]?.push({ value: code, label: label(facet, code), count: n, selected: selected[facet].includes(code) });
  }
  for (const f of facets) {
    for (const code of selected[f]) if (!out[f].some((c) => c.value === code)) out[f].push({ value: code, label: label(f, code), count: 0, selected: true });
    out[f].sort(order(f));
    if (out[f].length > limit) out[f] = out[f].filter((c, i) => i < limit || c.selected);
    if (detail) {
      for (const c of out[f]) {
        const d = detail(f, c.value);
        if (d !== undefined) c.detail = d;
      }
    }
  }
  return out;
}

/** How many values of each facet have results. */
export function facetSizes<F extends string>(facets: readonly F[], counted: Map<string, number>): Record<F, number> {
  const out = Object.fromEntries(facets.map((f) => [f, 0])) as Record<F, number>;
  for (const value of counted.keys()) {
    const facet = value.slice(0, value.indexOf(':')) as F;
    if (facet in out) out[facet]++;
  }
  return out;
}
