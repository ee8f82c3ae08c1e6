import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { authorise, type Viewer } from '../platform/access.js';
import type { Hub } from '../platform/context.js';
import { prefixQuery } from '../directory/directory.js';
import { HubError, notFound } from '../platform/errors.js';
import { facetCounts, facetSizes, selectOnce, type Selection } from '../search/facet-index.js';
import { itemCards, itemCardsAt } from './library.js';
import { forgetLibrarySnapshot, librarySnapshot, libraryTextMatches, readLibraryRanks, type LibraryIndex } from './library-index.js';
import { ITEM_TYPES, LIBRARY_FACETS, type ItemType, type LibraryFacet } from './library-model.js';
import { LibraryQuery, SavedSearchInput, type ItemCard, type LibraryResult, type SavedSearchView } from './contract.js';
import type { FacetCount } from '../platform/model.js';
import { pageOf } from '../platform/paging.js';
import { facetDetail, labelOf, taxonomies, type Taxonomies } from '../taxonomy/taxonomy.js';
import { parse } from '../platform/validate.js';

export const DEFAULT_FACET_LIMIT = 30;

interface Found {
  index: LibraryIndex;
  selection: Selection;
  version: number;
  total: number;
  /** Ids of results offset … offset + limit. */
  page(offset: number, limit: number): string[];
  counts: Map<string, number>;
  selected: Record<LibraryFacet, string[]>;
  tsquery: string | null;
}

/**
 * Published items matching the words (PostgreSQL full text: title > summary > keywords and authors > body)
 * and the facet filters: OR within a facet, AND across facets; each facet's counts apply every filter but its
 * own. Filters and counts run on the in-memory bitsets of facet-index.ts; the text match in PostgreSQL.
 */
async function find(hub: Hub, req: z.output<typeof LibraryQuery>): Promise<Found> {
  const selected = Object.fromEntries(LIBRARY_FACETS.map((f) => [f, req[f] ?? []])) as Record<LibraryFacet, string[]>;
  const tsquery = req.q ? prefixQuery(req.q) : null;
  const { index, snap } = await librarySnapshot(hub);
  const hit = tsquery ? await libraryTextMatches(hub, index, snap, tsquery) : null;
  const sort = req.sort ?? (tsquery ? 'relevance' : 'newest');
  const search = tsquery && hit ? { tsquery, hit, readRanks: (rows: number[]) => readLibraryRanks(hub, snap, hit, tsquery, rows) } : null;
  const result = await selectOnce(index, 'library', snap, LIBRARY_FACETS, selected, search, sort === 'relevance' ? 'relevance' : sort === 'oldest' ? 'reverse' : 'default');
  return { index, selection: result, version: snap.version, total: result.total, page: (offset, limit) => result.page(offset, limit).map((r) => snap.ids[r]), counts: result.counts, selected, tsquery };
}

/**
 * Answers from the snapshot held, reading the first cards with the current version; if the library has moved
 * since, drops the snapshot and answers again (a third move in a row is answered as of the second).
 */
async function findWithCards(hub: Hub, req: z.output<typeof LibraryQuery>, offset: number, limit: number): Promise<{ found: Found; cards: ItemCard[] }> {
  for (let attempt = 1; ; attempt++) {
    const found = await find(hub, req);
    const { version, cards } = await itemCardsAt(hub, found.page(offset, limit));
    if (version === found.version || attempt >= 3) return { found, cards };
    forgetLibrarySnapshot(hub, found.index);
  }
}

/** Search with facets, counts, highlighted snippets and pages. */
export async function searchLibrary(hub: Hub, viewer: Viewer, input: unknown): Promise<LibraryResult> {
  authorise(viewer, 'library.read');
  const req = parse(LibraryQuery, input);
  const { limit, offset } = pageOf(req);
  const [{ found, cards: items }, all] = await Promise.all([findWithCards(hub, req, offset, limit), taxonomies(hub)]);
  const ids = items.map((i) => i.id);
  if (found.tsquery && ids.length) {
    const snippets = await highlights(hub, ids, found.tsquery);
    for (const item of items) item.snippet = snippets.get(item.id);
  }
  const { facets, sizes } = labelledFacets(found, all, req.facetLimit ?? DEFAULT_FACET_LIMIT);
  return { total: found.total, page: req.page ?? 1, pageSize: limit, items, facets, facetSizes: sizes };
}

/** Labelled facet counts, kept with the selection they count (a selection is one version's answer to one query). */
const labelled = new WeakMap<Selection, Map<number, { facets: LibraryResult['facets']; sizes: LibraryResult['facetSizes'] }>>();
function labelledFacets(found: Found, all: Taxonomies, limit: number) {
  let byLimit = labelled.get(found.selection);
  if (!byLimit) labelled.set(found.selection, (byLimit = new Map()));
  let out = byLimit.get(limit);
  if (!out) {
    const order = (f: LibraryFacet) => (f === 'year' || f === 'evidence' ? (a: FacetCount, b: FacetCount) => b.value.localeCompare(a.value) : (a: FacetCount, b: FacetCount) => b.count - a.count || a.label.localeCompare(b.label));
    out = {
      facets: facetCounts(LIBRARY_FACETS, found.counts, found.selected, (f, code) => facetLabel(all, f, code), order, limit, (f, code) => facetDetail(all, f, code)),
      sizes: facetSizes(LIBRARY_FACETS, found.counts),
    };
    byLimit.set(limit, out);
  }
  return out;
}

/**
 * `ts_headline` of the title and of the summary, or of the body (as plain text: `plainText`) when the words are not in
 * the summary, with <mark> around the words found; the fragments widened to whole words (`wholeWords`). The text is
 * escaped first, so the only markup is ours. One statement for the page.
 */
async function highlights(hub: Hub, ids: string[], tsquery: string): Promise<Map<string, { title: string; text: string }>> {
  const options = `StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter="${FRAGMENTS}"`;
  const r = await sql<{ id: string; title: string; source: string; text: string }>`
    select id, ts_headline('english', ${escaped(sql`title`)}, q, 'HighlightAll=true, StartSel=<mark>, StopSel=</mark>') as title, source,
      ts_headline('english', source, q, ${options}) as text
    from (select id, title, case when body = '' or to_tsvector('english', summary) @@ to_tsquery('english', ${tsquery}) then ${escaped(sql`summary`)} else ${escaped(plainText(sql`body`))} end as source
          from library_items where id = any(${ids}::uuid[]) offset 0) i, to_tsquery('english', ${tsquery}) q`.execute(hub.db); // offset 0: the source is computed once, not again in each use
  return new Map(r.rows.map((x) => [x.id, { title: x.title, text: wholeWords(x.source, x.text) }]));
}

/** Text escaped for HTML (in SQL). */
const escaped = (text: RawBuilder<unknown>) => sql`replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

/** What `plainText` rewrites, in order (PostgreSQL regular expressions: flag n makes ^ and $ match at line ends). */
const MARKDOWN_TO_TEXT: [pattern: string, replacement: string, flags: string][] = [
  [String.raw`!?\[([^]]*)\]\([^)]*\)`, String.raw`\1`, 'g'], // links and images: their text
  [String.raw`^[ \t]*#{1,6}[ \t]+([^\n]*?)[.:;]?[ \t]*$`, String.raw`\1:`, 'gn'], // a heading ends with a colon
  [String.raw`^[ \t]*([-*+]|[0-9]+[.)])[ \t]+`, '', 'gn'], // list markers
  ['```[a-z]*|`|\\*\\*|__|~~', '', 'g'], // code fences and marks, bold, strike-through
  [String.raw`\s+`, ' ', 'g'], // one line
];

/** Markdown as one line of plain text, for snippets (in SQL, on the row). */
function plainText(markdown: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`btrim(${MARKDOWN_TO_TEXT.reduce((text, [pattern, replacement, flags]) => sql`regexp_replace(${text}, ${pattern}, ${replacement}, ${flags})`, markdown)})`;
}

const FRAGMENTS = ' … ';
/** How far back a fragment is widened to the start of its sentence, in characters. */
const SENTENCE_REACH = 60;

/**
 * A headline's fragments widened to whole words: ts_headline cuts at its parser's tokens, so a fragment may start
 * inside "(active)" or end inside "ES/K000357/1", or drop the first word of a sentence. Each fragment is found in the
 * (escaped) text it was cut from and widened to the spaces around it, and back to the start of its sentence when that
 * is near; an ellipsis marks text left out before or after it.
 */
export function wholeWords(source: string, headline: string): string {
  let from = 0;
  const parts = headline.split(FRAGMENTS).map((fragment) => {
    const plain = fragment.replace(/<\/?mark>/g, '');
    const at = source.indexOf(plain, from);
    if (at < 0 || plain === '') return fragment;
    let start = at;
    while (start > 0 && !/\s/.test(source[start - 1])) start--;
    const sentence = Math.max(0, ...[...source.slice(0, start).matchAll(/[.!?:;]\s+/g)].map((m) => m.index! + m[0].length));
    if (start - sentence <= SENTENCE_REACH) start = sentence;
    let end = at + plain.length;
    while (end < source.length && !/\s/.test(source[end])) end++;
    from = end;
    return `${start > 0 ? '… ' : ''}${source.slice(start, at)}${fragment}${source.slice(at + plain.length, end)}${end < source.length ? ' …' : ''}`;
  });
  return parts.join(' ').replace(/… …/g, '…');
}

export function facetLabel(all: Taxonomies, facet: LibraryFacet, code: string): string {
  switch (facet) {
    case 'type':
      return ITEM_TYPES[code as ItemType] ?? code;
    case 'year':
    case 'topic':
      return code;
    case 'evidence':
      return `${code} of 5`;
    default:
      return labelOf(all, facet, code);
  }
}

/** Every item of a search (up to `max`), as cards in result order: for exports and feeds. */
export async function searchAll(hub: Hub, viewer: Viewer, input: unknown, max = 10_000): Promise<ItemCard[]> {
  authorise(viewer, 'library.read');
  const req = parse(LibraryQuery, input);
  const first = await findWithCards(hub, req, 0, Math.min(1000, max));
  const cards = first.cards;
  const end = Math.min(first.found.total, max);
  for (let i = 1000; i < end; i += 1000) cards.push(...(await itemCards(hub, first.found.page(i, Math.min(1000, end - i)))));
  return cards;
}

/**
 * How much a shared facet value says that two items are alike: the network's themes and technologies most (they are
 * what a reader browses by), then sectors, regions and audiences, then disciplines and topics (grants carry many).
 */
const LIKENESS = { theme: 1, technology: 1, sector: 0.3, region: 0.2, audience: 0.3, discipline: 0.25, topic: 0.25 } as const;
/** The weight of the title words shared (ts_rank over title words only, weights {D, C, B, A} = {0, 0, 0, 1}). */
const TITLE_WEIGHT = 2;

/**
 * "More like this": published items like this one by what it is about, leaving out the related items its page
 * already shows. An item with themes or technologies is compared with items sharing at least one of them; one
 * without (a grant record) with items sharing a discipline, topic or title word. Candidates are ranked by their
 * shared facet values, each weighed by LIKENESS, plus TITLE_WEIGHT × the rank of the item's title words in theirs.
 */
export async function moreLikeThis(hub: Hub, viewer: Viewer, id: string, limit = 6): Promise<ItemCard[]> {
  authorise(viewer, 'library.read');
  if (!z.uuid().safeParse(id).success) throw notFound('item');
  const item = await hub.db.selectFrom('library_items').select(['state', 'facets', 'related_ids']).where('id', '=', id).executeTakeFirst();
  if (!item || item.state !== 'published') throw notFound('item');
  const words = await sql<{ lexeme: string }>`
    select u.lexeme from library_items i, unnest(i.search) u
    where i.id = ${id} and u.weights && array['A'] and u.lexeme ~ '^[[:alnum:]]{3,}$'`.execute(hub.db);
  const titleQuery = words.rows.map((r) => r.lexeme).join(' | ');
  const weighed = item.facets.filter((f) => f.slice(0, f.indexOf(':')) in LIKENESS);
  const strong = weighed.filter((f) => f.startsWith('theme:') || f.startsWith('technology:'));
  const weak = weighed.filter((f) => f.startsWith('discipline:') || f.startsWith('topic:'));
  if (strong.length === 0 && weak.length === 0 && !titleQuery) return [];
  const weightOf = sql.join(
    Object.entries(LIKENESS).map(([facet, w]) => sql`when f like ${facet + ':%'} then ${w}::float8`),
    sql` `,
  );
  const q = titleQuery ? sql`to_tsquery('simple', ${titleQuery})` : sql`null::tsquery`;
  const candidates = strong.length
    ? sql`o.facets && ${strong}::text[]`
    : sql`(o.facets && ${weak}::text[] ${titleQuery ? sql`or o.search @@ ${q}` : sql``})`;
  const r = await sql<{ id: string }>`
    select o.id from library_items o
    where o.state = 'published' and o.id <> ${id} and not (o.id = any(${item.related_ids}::uuid[])) and ${candidates}
    order by
      coalesce((select sum(case ${weightOf} else 0 end) from unnest(o.facets) f where f = any(${weighed}::text[])), 0)
      + ${TITLE_WEIGHT} * coalesce(ts_rank('{0, 0, 0, 1}', o.search, ${q}), 0) desc,
      o.published_on desc nulls last, o.id
    limit ${limit}`.execute(hub.db);
  return itemCards(hub, r.rows.map((x) => x.id));
}

/** A member follows a search (digests will use it); the query is validated as a search would be. */
export async function saveSearch(hub: Hub, viewer: Viewer, input: unknown): Promise<SavedSearchView> {
  authorise(viewer, 'searches.save');
  if (viewer.kind !== 'user') throw new HubError('unauthenticated', 'sign in to do this');
  const { name, query } = parse(SavedSearchInput, input);
  const count = await hub.db.selectFrom('saved_searches').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', viewer.userId).executeTakeFirstOrThrow();
  if (Number(count.n) >= 100) throw new HubError('conflict', 'at most 100 saved searches: delete one first');
  const row = await hub.db.insertInto('saved_searches').values({ user_id: viewer.userId, name, query: JSON.stringify(query) }).returningAll().executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, query: row.query, createdAt: row.created_at.toISOString() };
}

export async function savedSearches(hub: Hub, viewer: Viewer): Promise<SavedSearchView[]> {
  authorise(viewer, 'searches.save');
  if (viewer.kind !== 'user') return [];
  const rows = await hub.db.selectFrom('saved_searches').selectAll().where('user_id', '=', viewer.userId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, query: r.query, createdAt: r.created_at.toISOString() }));
}

export async function deleteSavedSearch(hub: Hub, viewer: Viewer, id: string): Promise<void> {
  authorise(viewer, 'searches.save');
  if (viewer.kind !== 'user' || !z.uuid().safeParse(id).success) throw notFound('saved search');
  const r = await hub.db.deleteFrom('saved_searches').where('id', '=', id).where('user_id', '=', viewer.userId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound('saved search');
}

