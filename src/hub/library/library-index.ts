import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import type { Hub } from '../platform/context.js';
import { countBits } from '../../linalg/bitset.js';
import { heldIndex, snapshotOf, textHitOf, type Held, type Snapshot, type TextHit } from '../search/facet-index.js';

/**
 * Rebuilds the search vector and facet array of library items. Weights: title A, summary B, keywords and
 * author names C, body D (so title > summary > body in the ranking). Facets: `type:`, each term
 * (`theme:`, `technology:`, `sector:`, `region:` — an ITL2 region also counts in its ITL1 region —,
 * `audience:`, `discipline:`), `topic:` per keyword, `year:` of publication and `evidence:` rating.
 * Slashes index as spaces, so that the parts of a grant reference (ES/K000357/1), a path or a URL are words
 * that the prefix query finds (PostgreSQL's parser reads such a string as one file-path token).
 * Runs after every write to an item or its terms.
 */
export async function refreshItemIndex(tx: Executor, itemId: string | readonly string[]): Promise<void> {
  const ids = typeof itemId === 'string' ? [itemId] : [...itemId];
  if (ids.length === 0) return;
  await sql`
    update library_items i set
      search =
        setweight(to_tsvector('english', translate(i.title, '/', ' ')), 'A') ||
        setweight(to_tsvector('english', translate(i.summary, '/', ' ')), 'B') ||
        setweight(to_tsvector('english', translate(array_to_string(i.keywords, ' ; ') || ' ; ' ||
          coalesce((select string_agg(a->>'name', ' ; ') from jsonb_array_elements(i.authors) a), ''), '/', ' ')), 'C') ||
        setweight(to_tsvector('english', translate(i.body, '/', ' ')), 'D'),
      facets = array(
        select 'type:' || i.type
        union select t.taxonomy || ':' || t.code from library_item_terms t where t.item_id = i.id
        union select 'region:' || r.parent_code from library_item_terms t
          join taxonomy_terms r on r.taxonomy = 'region' and r.code = t.code
          where t.item_id = i.id and t.taxonomy = 'region' and r.parent_code is not null
        union select 'topic:' || k from unnest(i.keywords) k
        union select 'year:' || extract(year from i.published_on)::int where i.published_on is not null
        union select 'evidence:' || i.evidence where i.evidence is not null
      )
    where i.id = any(${ids}::uuid[])`.execute(tx);
}

export type LibraryIndex = Held<Snapshot, never>;

/** Published items, newest first (publication date, then when published), as a faceted snapshot. */
const index = heldIndex<Snapshot, never>(async (hub) => {
  const r = await sql<{ version: number; id: string | null; facets: string[] | null }>`
    select s.version, i.id, i.facets from library_state s
    left join library_items i on i.state = 'published'
    order by i.published_on desc nulls last, i.published_at desc nulls last, i.id`.execute(hub.db);
  const rows = r.rows.filter((x): x is { version: number; id: string; facets: string[] } => x.id !== null);
  return snapshotOf(Number(r.rows[0].version), rows.map((x) => ({ id: x.id, findable: true, facets: x.facets })));
});

export const librarySnapshot = (hub: Hub) => index.get(hub);
export const forgetLibrarySnapshot = (hub: Hub, held: LibraryIndex) => index.forget(hub, held);

/**
 * Published items matching the tsquery, kept for this version: their ids only, from the GIN index (a bitmap scan
 * reads no search vector; the planner would rather scan the table for a common word, and evaluate every vector).
 * Ranks are read later, for the rows a relevance order needs (`readLibraryRanks`).
 */
export function libraryTextMatches(hub: Hub, held: LibraryIndex, snap: Snapshot, tsquery: string): Promise<TextHit> {
  return index.text(held, tsquery, async () => {
    const rows = await hub.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      return (await sql<{ id: string }>`select id from library_items where state = 'published' and search @@ to_tsquery('english', ${tsquery})`.execute(tx)).rows;
    });
    return textHitOf(snap, rows);
  });
}

/**
 * The rank of a text match: items described in their own words first, then bare records (grants known only by their
 * classification, whose generated titles and summaries repeat their subjects and topics); within each, by `ts_rank`
 * (title A > summary B > keywords and authors C > body D). ts_rank has no upper bound, so it is mapped into [0, 1)
 * by r / (1 + r), which keeps its order, and described items get 1 more: every one of them comes first.
 */
const rankOf = sql`x.r / (1 + x.r) + case when described then 1 else 0 end`;
/** The rank of each row, computed once: `from library_items, <query> q, ${ranked}`. */
const ranked = sql`lateral (select ts_rank(search, q) as r) x`;

/**
 * Reads the rank (`rankOf`) of these rows of a text hit. Ranking
 * reads each row's search vector, the costly part of a text search, so only the rows being ordered are ranked;
 * when they are most of the matches, all matches are ranked in one pass.
 */
export async function readLibraryRanks(hub: Hub, snap: Snapshot, hit: TextHit, tsquery: string, rows: readonly number[]): Promise<void> {
  const matches = countBits(hit.matches);
  const r =
    rows.length > matches / 4
      ? await sql<{ id: string; rank: number }>`select id, ${rankOf} as rank from library_items, to_tsquery('english', ${tsquery}) q, ${ranked} where state = 'published' and search @@ q`.execute(hub.db)
      : await sql<{ id: string; rank: number }>`select id, ${rankOf} as rank from library_items, to_tsquery('english', ${tsquery}) q, ${ranked} where id = any(${rows.map((row) => snap.ids[row])}::uuid[])`.execute(hub.db);
  for (const x of r.rows) {
    const row = snap.rowOf.get(x.id);
    if (row !== undefined) hit.rank.set(row, x.rank);
  }
  for (const row of rows) if (!hit.rank.has(row)) hit.rank.set(row, 0); // gone since the snapshot: the search answers again
}
