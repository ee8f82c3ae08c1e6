import { toBibtex, toRis } from '../../formats/citations.js';
import { toAtom, toRss, type Feed } from '../../formats/feeds.js';
import { toCsv, toJson } from '../../formats/output.js';
import type { Row } from '../../report.js';
import type { Viewer } from '../platform/access.js';
import { getCollection } from './collections.js';
import type { Hub } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { getItem } from './library.js';
import type { ItemCard } from './contract.js';
import { searchAll } from './library-search.js';
import { labelOf, taxonomies } from '../taxonomy/taxonomy.js';

export const itemPage = (hub: Hub, id: string) => `${hub.baseUrl}/library/${id}`;

/** An item's citation as BibTeX or RIS (what the viewer may see). */
export async function itemCitation(hub: Hub, viewer: Viewer, id: string, format: 'bibtex' | 'ris'): Promise<string> {
  const item = await getItem(hub, viewer, id);
  return format === 'bibtex' ? toBibtex(item, itemPage(hub, id)) : toRis(item, itemPage(hub, id));
}

const EXPORT_COLUMNS = ['id', 'type', 'title', 'summary', 'authors', 'published_on', 'themes', 'evidence', 'url'];

/** Every result of a search (up to 10,000) as CSV or JSON. */
export async function exportSearch(hub: Hub, viewer: Viewer, query: unknown, format: 'csv' | 'json'): Promise<string> {
  const cards = await searchAll(hub, viewer, query);
  const rows: Row[] = cards.map((c) => ({
    id: c.id,
    type: c.typeLabel,
    title: c.title,
    summary: c.summary,
    authors: c.authors.join('; '),
    published_on: c.publishedOn,
    themes: c.themes.map((t) => t.label).join('; '),
    evidence: c.evidence,
    url: itemPage(hub, c.id),
  }));
  return format === 'csv' ? toCsv(EXPORT_COLUMNS, rows, { spreadsheetSafe: true }) : toJson(EXPORT_COLUMNS, rows);
}

export type FeedScope = { kind: 'library' } | { kind: 'collection'; slug: string } | { kind: 'theme'; code: string };

/** The newest 50 published items of the library, a collection or a theme, as Atom or RSS. */
export async function libraryFeed(hub: Hub, viewer: Viewer, scope: FeedScope, format: 'atom' | 'rss'): Promise<string> {
  let title = 'Proximity library';
  let link = `${hub.baseUrl}/library`;
  let cards: ItemCard[];
  if (scope.kind === 'collection') {
    const c = await getCollection(hub, viewer, scope.slug);
    title = `${c.title} — Proximity library`;
    link = `${hub.baseUrl}/library/collections/${c.slug}`;
    cards = c.items.filter((i) => i.state === 'published').slice(0, 50);
  } else if (scope.kind === 'theme') {
    const all = await taxonomies(hub);
    if (!all.labels.has(`theme:${scope.code}`)) throw notFound('theme');
    title = `${labelOf(all, 'theme', scope.code)} — Proximity library`;
    link = `${hub.baseUrl}/library?theme=${encodeURIComponent(scope.code)}`;
    cards = await searchAll(hub, viewer, { theme: scope.code, sort: 'newest' }, 50);
  } else cards = await searchAll(hub, viewer, { sort: 'newest' }, 50);
  const updatedOf = (c: ItemCard) => (c.publishedOn ? `${c.publishedOn}T00:00:00Z` : new Date(0).toISOString());
  const feed: Feed = {
    title,
    link,
    self: `${hub.baseUrl}/api/library/feeds/${scope.kind === 'library' ? 'library' : scope.kind === 'collection' ? `collections/${scope.slug}` : `themes/${scope.code}`}.${format}`,
    updated: cards.map(updatedOf).sort().at(-1) ?? new Date(0).toISOString(),
    entries: cards.map((c) => ({
      id: c.id,
      title: c.title,
      summary: c.summary,
      url: itemPage(hub, c.id),
      authors: c.authors,
      updated: updatedOf(c),
      published: c.publishedOn ? `${c.publishedOn}T00:00:00Z` : null,
      categories: [c.typeLabel, ...c.themes.map((t) => t.label)],
    })),
  };
  return format === 'atom' ? toAtom(feed) : toRss(feed);
}
