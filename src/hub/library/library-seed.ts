import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DATA_DIR } from '../../paths.js';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { readCsvRecords } from '../../formats/csv.js';
import { readJsonFile } from '../../formats/json.js';
import type { Executor } from '../../db/connection.js';
import { initialContent, itemColumns, itemTermRows, type Content } from './library.js';
import { ItemInput } from './contract.js';
import { refreshItemIndex } from './library-index.js';
import { ORGANISATION_TYPES, type OrganisationType } from '../platform/model.js';

/** The demo library's committed data (data/library, see data/README.md). */
export const DEMO_LIBRARY_DIR = resolve(DATA_DIR, 'library');
export const GTR_SOURCE = 'UKRI Gateway to Research, ESRC grants (Open Government Licence v3.0)';
export const DOCUMENT_SOURCE = 'A summary written for Proximity’s demo library of a public document';

export interface GtrGrant {
  reference: string;
  category: string;
  status: string;
  subjects: string[];
  topics: string[];
}

/** Reads data/library/gtr-esrc-grants.csv; a malformed row is reported with its file, line and column. */
export function readGtrGrants(path = join(DEMO_LIBRARY_DIR, 'gtr-esrc-grants.csv')): GtrGrant[] {
  const list = (s: string) => s.split(';').map((x) => x.trim()).filter(Boolean);
  return readCsvRecords(path, ['grant_reference', 'category', 'subjects', 'topics']).map((r) => ({
    reference: r.grant_reference,
    category: r.category,
    status: r.status,
    subjects: list(r.subjects),
    topics: list(r.topics),
  }));
}

/** "a, b and c" */
function series(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
}

/**
 * A Gateway to Research grant as a library item: a research project with GtR's subjects as its disciplines
 * and GtR's research topics as its keywords (the topic facet). The extract holds no titles or abstracts, so
 * the title names the grant and its subjects, and the item links to the grant's GtR page, which has the rest.
 */
export function gtrItem(g: GtrGrant, disciplineOf: (label: string) => string | undefined): ItemInput {
  const kind = g.category === 'Fellowship' ? 'fellowship' : g.category.toLowerCase();
  const subjects = g.subjects.slice(0, 3);
  return ItemInput.parse({
    type: 'research_project',
    title: `ESRC ${kind} ${g.reference}: ${series(subjects)}${g.subjects.length > 3 ? ' and more' : ''}`.slice(0, 300),
    summary:
      `A ${kind} of the Economic and Social Research Council${g.status ? ` (${g.status.toLowerCase()})` : ''}, classified by UKRI Gateway to Research ` +
      `under ${series(g.subjects)}, with the research topics ${series(g.topics)}. Its title, abstract, investigators and outputs are on Gateway to Research.`,
    keywords: g.topics.slice(0, 40),
    disciplines: g.subjects.map(disciplineOf).filter((c): c is string => c !== undefined),
    url: `https://gtr.ukri.org/projects?ref=${encodeURIComponent(g.reference)}`,
    licence: 'Open Government Licence v3.0',
  });
}

export interface PublishedDraft {
  id: string;
  /** In stored form (`initialContent`). */
  content: Content;
  isExample: boolean;
  source: string;
  /** False for a bare record (a grant known only by its classification): it ranks below described items. */
  described: boolean;
}

/** Writes published items in bulk (500 rows a statement), each with its first version, then indexes them. */
export async function insertPublished(tx: Executor, drafts: readonly PublishedDraft[], at: Date): Promise<void> {
  for (let from = 0; from < drafts.length; from += 500) {
    const batch = drafts.slice(from, from + 500);
    await tx
      .insertInto('library_items')
      .values(batch.map((d) => ({ id: d.id, ...itemColumns(d.content), state: 'published', is_example: d.isExample, source: d.source, described: d.described, owner_id: null, created_at: at, updated_at: at, published_at: at })))
      .execute();
    const terms = batch.flatMap((d) => itemTermRows(d.id, d.content));
    for (let t = 0; t < terms.length; t += 2000) await tx.insertInto('library_item_terms').values(terms.slice(t, t + 2000)).execute();
    await tx.insertInto('library_versions').values(batch.map((d) => ({ item_id: d.id, version: 1, state: 'published', content: JSON.stringify(d.content), edited_by: null, edited_at: at }))).execute();
  }
  const ids = drafts.map((d) => d.id);
  for (let from = 0; from < ids.length; from += 2000) await refreshItemIndex(tx, ids.slice(from, from + 2000));
}


/** A document of the demo library: its key (for collections, features and related items), publisher and item fields. */
const DemoDocument = z.looseObject({ key: z.string().min(1), publisher: z.string().min(1), licence: z.string().min(1), related: z.array(z.string()).optional() });

/**
 * The demo library's documents (data/library/documents.json): summaries, written for Proximity, of real public
 * documents and data published under open licences (most under the Open Government Licence), each with its
 * publisher, authors, link and licence; the public bodies that published them (real organisations, each with its
 * website and ITL 2021 region); two collections and a community; and the featured items.
 */
const DemoLibrary = z.object({
  publishers: z.array(z.object({ name: z.string(), type: z.enum(Object.keys(ORGANISATION_TYPES) as [OrganisationType, ...OrganisationType[]]), country: z.string().length(2), region: z.string().nullable(), website: z.url() })),
  documents: z.array(DemoDocument),
  collections: z.array(z.object({ slug: z.string(), title: z.string(), description: z.string(), isCommunity: z.boolean(), items: z.array(z.string()) })),
  featured: z.array(z.string()),
  /** Items of the community, as if submitted to it. */
  inCommunity: z.array(z.string()),
});
export type DemoLibrary = z.infer<typeof DemoLibrary>;

/** Reads and checks the demo library's documents: every key a collection, feature or relation names must exist. */
export function readDemoLibrary(path = join(DEMO_LIBRARY_DIR, 'documents.json')): DemoLibrary {
  const lib = readJsonFile(path, DemoLibrary);
  const keys = new Set(lib.documents.map((d) => d.key));
  const publishers = new Set(lib.publishers.map((p) => p.name));
  const named = [...lib.collections.flatMap((c) => c.items), ...lib.featured, ...lib.inCommunity, ...lib.documents.flatMap((d) => d.related ?? [])];
  const unknown = named.find((k) => !keys.has(k));
  if (unknown) throw new UserError(`"${unknown}" names no document`, { file: path });
  const orphan = lib.documents.find((d) => !publishers.has(d.publisher));
  if (orphan) throw new UserError(`document "${orphan.key}": publisher "${orphan.publisher}" is not among the publishers`, { file: path });
  if (lib.collections.filter((c) => c.isCommunity).length !== 1) throw new UserError('the demo library has one community', { file: path });
  return lib;
}

/**
 * The demo library: every ESRC grant of the committed Gateway to Research extract, as research projects (bare records:
 * no description of their own), the summaries of real public documents (with their publishers, seeded as
 * organisations), two collections, a community and three featured items. Into a database being seeded for the first
 * time.
 */
export async function seedLibrary(tx: Executor, at = new Date()): Promise<{ projects: number; documents: number }> {
  const disciplines = await tx.selectFrom('taxonomy_terms').select(['code', 'label']).where('taxonomy', '=', 'discipline').execute();
  const codeOf = new Map(disciplines.map((d) => [d.label, d.code]));
  const projects: PublishedDraft[] = readGtrGrants().map((g) => ({ id: randomUUID(), content: initialContent(gtrItem(g, (label) => codeOf.get(label))), isExample: false, source: GTR_SOURCE, described: false }));

  const lib = readDemoLibrary();
  const publishers = await tx
    .insertInto('organisations')
    .values(lib.publishers.map((p) => ({ name: p.name, type: p.type, country: p.country, region_code: p.region, website: p.website, is_example: false, created_by: null })))
    .returning(['id', 'name'])
    .execute();
  const publisherId = new Map(publishers.map((p) => [p.name, p.id]));
  const collectionIds = new Map<string, string>();
  for (const c of lib.collections) {
    const row = await tx.insertInto('collections').values({ slug: c.slug, title: c.title, description: c.description, is_community: c.isCommunity, created_by: null }).returning('id').executeTakeFirstOrThrow();
    collectionIds.set(c.slug, row.id);
  }
  const community = lib.collections.find((c) => c.isCommunity)!;
  const idOf = new Map<string, string>(lib.documents.map((d) => [d.key, randomUUID()]));
  const documents: PublishedDraft[] = lib.documents.map((d) => {
    const { key, related, publisher, ...fields } = d;
    const input = ItemInput.parse({
      ...fields,
      organisationIds: [publisherId.get(publisher)!],
      relatedIds: (related ?? []).map((k) => idOf.get(k)!),
      collectionId: lib.inCommunity.includes(key) ? collectionIds.get(community.slug)! : null,
    });
    const year = typeof fields.publishedOn === 'string' ? `, ${fields.publishedOn.slice(0, 4)}` : '';
    return { id: idOf.get(key)!, content: initialContent(input), isExample: false, source: `${DOCUMENT_SOURCE}: ${publisher}${year} (${fields.licence})`, described: true };
  });
  await insertPublished(tx, [...documents, ...projects], at);

  for (const c of lib.collections) {
    await tx.insertInto('collection_items').values(c.items.map((k, position) => ({ collection_id: collectionIds.get(c.slug)!, item_id: idOf.get(k)!, position }))).execute();
  }
  await tx.insertInto('library_features').values(lib.featured.map((k, position) => ({ item_id: idOf.get(k)!, position, featured_by: null }))).execute();
  return { projects: projects.length, documents: documents.length };
}
