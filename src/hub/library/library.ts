import { diffLines } from 'diff';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../db/connection.js';
import type { ItemAuthor } from '../../db/schema.js';
import { authorise, can, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { refreshItemIndex } from './library-index.js';
import {
  EVIDENCE_RUBRIC,
  ITEM_STATES,
  ITEM_TERMS,
  ITEM_TYPES,
  LIBRARY_FACETS,
  RATED_TYPES,
  type ItemState,
  type ItemTermField,
  type ItemType,
} from './library-model.js';
import { ItemInput, ItemPatch, ReviewInput, type AttachmentView, type FieldChange, type ItemCard, type ItemView, type ReviewView, type VersionComparison, type VersionSummary, type Vocabulary } from './contract.js';
import { renderMarkdown } from '../platform/markdown.js';
import { labelOf, requireTerm, taxonomies, type Taxonomies } from '../taxonomy/taxonomy.js';
import { dayOf, parse } from '../platform/validate.js';

/** What a version keeps: every field an author or curator writes. */
export type Content = Required<{ [K in keyof ItemInput]: ItemInput[K] | null }>;

const TEXT_FIELDS = new Set(['title', 'summary', 'body']);

/** Item types, states, facets, term fields and the evidence rubric, as the forms and the search page use them. */
export function libraryVocabulary(): Vocabulary {
  return {
    types: Object.entries(ITEM_TYPES).map(([code, label]) => ({ code, label })),
    states: Object.entries(ITEM_STATES).map(([code, label]) => ({ code, label })),
    ratedTypes: [...RATED_TYPES],
    evidenceRubric: Object.entries(EVIDENCE_RUBRIC).map(([level, text]) => ({ level: Number(level), text })),
    facets: [...LIBRARY_FACETS],
    termFields: { ...ITEM_TERMS },
  };
}


export function isCurator(viewer: Viewer): boolean {
  return can(viewer, 'library.curate');
}

/** Curators, and the curators of the item's collection (community). */
async function curatesItem(db: Executor, viewer: Viewer, collectionId: string | null): Promise<boolean> {
  if (isCurator(viewer)) return true;
  if (viewer.kind !== 'user' || !collectionId) return false;
  const r = await db.selectFrom('collection_curators').select('user_id').where('collection_id', '=', collectionId).where('user_id', '=', viewer.userId).executeTakeFirst();
  return r !== undefined;
}

type ItemRow = Awaited<ReturnType<typeof loadRow>>;

async function loadRow(db: Executor, id: string, lock = false) {
  if (!z.uuid().safeParse(id).success) return undefined;
  const q = db.selectFrom('library_items').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

/**
 * Who may see an item: everyone once published; otherwise its owner and those who curate it.
 * Anyone else is told it does not exist (a draft's existence is not revealed).
 */
export async function visibleItem(db: Executor, viewer: Viewer, id: string, lock = false): Promise<NonNullable<ItemRow>> {
  const row = await loadRow(db, id, lock);
  if (!row) throw notFound('item');
  if (row.state === 'published') return row;
  if (isOwner(viewer, row)) return row;
  if (await curatesItem(db, viewer, row.collection_id)) return row;
  throw notFound('item');
}

function isOwner(viewer: Viewer, row: { owner_id: string | null }): boolean {
  return viewer.kind === 'user' && row.owner_id === viewer.userId;
}

/** Who wrote the item: its owner, or a member listed among its authors. They may not review it (separation of duties). */
function isAuthor(viewer: Viewer, row: { owner_id: string | null; authors: ItemAuthor[] }): boolean {
  return isOwner(viewer, row) || (viewer.kind === 'user' && viewer.profileId !== null && row.authors.some((a) => a.profileId === viewer.profileId));
}

/** Its author edits a draft or an item sent back for changes; those who curate it edit it in any state. */
export async function mayEdit(db: Executor, viewer: Viewer, row: NonNullable<ItemRow>): Promise<boolean> {
  return editable(viewer, row, await curatesItem(db, viewer, row.collection_id));
}

function editable(viewer: Viewer, row: NonNullable<ItemRow>, curator: boolean): boolean {
  return curator || (isOwner(viewer, row) && (row.state === 'draft' || row.state === 'changes_requested'));
}

async function termsOf(db: Executor, id: string): Promise<Record<ItemTermField, string[]>> {
  const rows = await db.selectFrom('library_item_terms').select(['taxonomy', 'code']).where('item_id', '=', id).execute();
  const out = Object.fromEntries(Object.keys(ITEM_TERMS).map((f) => [f, [] as string[]])) as Record<ItemTermField, string[]>;
  for (const r of rows) {
    const field = (Object.keys(ITEM_TERMS) as ItemTermField[]).find((f) => ITEM_TERMS[f] === r.taxonomy);
    if (field) out[field].push(r.code);
  }
  for (const codes of Object.values(out)) codes.sort(); // code-point order, as storedForm (not the database's collation)
  return out;
}

/** An item's content as stored (what its versions keep). */
async function storedContent(tx: Executor, id: string): Promise<Content> {
  const row = await tx.selectFrom('library_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return contentOf(row, await termsOf(tx, id));
}

function contentOf(row: NonNullable<ItemRow>, terms: Record<ItemTermField, string[]>): Content {
  return {
    type: row.type as ItemType,
    title: row.title,
    summary: row.summary,
    body: row.body,
    authors: row.authors.map((a) => ({ name: a.name, orcid: a.orcid ?? null, profileId: a.profileId ?? null })),
    organisationIds: row.organisation_ids,
    keywords: row.keywords,
    publishedOn: dayOf(row.published_on),
    doi: row.doi,
    url: row.url,
    licence: row.licence,
    evidence: row.evidence,
    ...terms,
    relatedIds: row.related_ids,
    collectionId: row.collection_id,
    coverId: row.cover_id,
  };
}

/** Checks what the schema cannot: codes in their taxonomies, evidence only on rated types, ids that exist. */
async function checkReferences(all: Taxonomies, tx: Executor, c: Content, itemId: string | null): Promise<void> {
  for (const field of Object.keys(ITEM_TERMS) as ItemTermField[]) c[field]?.forEach((code, i) => requireTerm(all, ITEM_TERMS[field], code, `${field}[${i}]`));
  if (c.evidence != null && !RATED_TYPES.includes(c.type!)) throw invalid('evidence', `is rated only for ${RATED_TYPES.map((t) => ITEM_TYPES[t].toLowerCase() + 's').join(' and ')}`);
  /** Each id given must exist: `fieldOf(i)` names the field of the i-th. */
  const exist = async (table: 'organisations' | 'library_items' | 'profiles' | 'collections', what: string, ids: readonly (string | null | undefined)[], fieldOf: (i: number) => string) => {
    const given = ids.filter((id): id is string => !!id);
    if (given.length === 0) return;
    const found = new Set((await tx.selectFrom(table).select('id').where('id', 'in', given).execute()).map((r) => r.id));
    ids.forEach((id, i) => {
      if (id && !found.has(id)) throw invalid(fieldOf(i), `no such ${what}`);
    });
  };
  await exist('organisations', 'organisation', c.organisationIds ?? [], (i) => `organisationIds[${i}]`);
  await exist('library_items', 'item', c.relatedIds ?? [], (i) => `relatedIds[${i}]`);
  if (itemId && c.relatedIds?.includes(itemId)) throw invalid('relatedIds', 'an item cannot be related to itself');
  await exist('profiles', 'member', (c.authors ?? []).map((a) => a.profileId), (i) => `authors[${i}].profileId`);
  await exist('collections', 'collection', [c.collectionId], () => 'collectionId');
  if (c.coverId) {
    const cover = await tx.selectFrom('library_attachments').select(['item_id', 'media_type']).where('id', '=', c.coverId).executeTakeFirst();
    if (!cover || cover.item_id !== itemId) throw invalid('coverId', 'is not an attachment of this item');
    if (!cover.media_type.startsWith('image/')) throw invalid('coverId', 'is not an image');
  }
}

/**
 * Content as it is stored and read back: terms without repeats in code order, keywords without repeats,
 * authors with every key, absent fields null. What `writeContent` writes and `contentOf` reads.
 */
export function storedForm(c: Content): Content {
  const terms = Object.fromEntries((Object.keys(ITEM_TERMS) as ItemTermField[]).map((f) => [f, [...new Set(c[f] ?? [])].sort()])) as Record<ItemTermField, string[]>;
  return {
    ...c,
    type: c.type ?? null,
    body: c.body ?? '',
    authors: (c.authors ?? []).map((a) => ({ name: a.name, orcid: a.orcid ?? null, profileId: a.profileId ?? null })),
    organisationIds: c.organisationIds ?? [],
    keywords: [...new Set(c.keywords ?? [])],
    publishedOn: c.publishedOn ?? null,
    doi: c.doi ?? null,
    url: c.url ?? null,
    licence: c.licence ?? null,
    evidence: c.evidence ?? null,
    ...terms,
    relatedIds: c.relatedIds ?? [],
    collectionId: c.collectionId ?? null,
    coverId: c.coverId ?? null,
  };
}

/** The item's columns for its (stored-form) content. */
export function itemColumns(c: Content) {
  return {
    type: c.type!,
    title: c.title!,
    summary: c.summary!,
    body: c.body ?? '',
    authors: JSON.stringify((c.authors ?? []).map((a): ItemAuthor => ({ name: a.name, ...(a.orcid && { orcid: a.orcid }), ...(a.profileId && { profileId: a.profileId }) }))),
    organisation_ids: c.organisationIds ?? [],
    keywords: c.keywords ?? [],
    published_on: c.publishedOn ?? null,
    doi: c.doi ?? null,
    url: c.url ?? null,
    licence: c.licence ?? null,
    evidence: c.evidence ?? null,
    related_ids: c.relatedIds ?? [],
    collection_id: c.collectionId ?? null,
    cover_id: c.coverId ?? null,
  };
}

/** The item's classification rows for its (stored-form) content. */
export function itemTermRows(id: string, c: Content): { item_id: string; taxonomy: string; code: string }[] {
  return (Object.keys(ITEM_TERMS) as ItemTermField[]).flatMap((f) => (c[f] ?? []).map((code) => ({ item_id: id, taxonomy: ITEM_TERMS[f], code })));
}

async function writeContent(tx: Executor, id: string, content: Content): Promise<void> {
  const c = storedForm(content);
  await tx.updateTable('library_items').set(itemColumns(c)).where('id', '=', id).execute();
  await tx.deleteFrom('library_item_terms').where('item_id', '=', id).execute();
  const terms = itemTermRows(id, c);
  if (terms.length) await tx.insertInto('library_item_terms').values(terms).execute();
  await refreshItemIndex(tx, id);
}

async function recordVersion(tx: Executor, viewer: Viewer, id: string, version: number, state: string, c: Content): Promise<void> {
  await tx
    .insertInto('library_versions')
    .values({ item_id: id, version, state, content: JSON.stringify(c), edited_by: viewer.kind === 'user' ? viewer.userId : null })
    .execute();
}

const EMPTY: Content = {
  type: null, title: null, summary: null, body: null, authors: null, organisationIds: null, keywords: null, publishedOn: null, doi: null, url: null,
  licence: null, evidence: null, themes: null, technologies: null, sectors: null, regions: null, audiences: null, disciplines: null, relatedIds: null,
  collectionId: null, coverId: null,
};

function normalised(input: ItemInput | Partial<ItemInput>, base: Content): Content {
  const out = { ...base };
  for (const [k, v] of Object.entries(input)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** A new item's content as it is stored (what its first version keeps). */
export function initialContent(given: ItemInput): Content {
  return storedForm(normalised(given, EMPTY));
}

/** A member writes a new item: it starts as a draft that only they and the curators see. */
export async function createItem(hub: Hub, viewer: Viewer, input: unknown, options: { isExample?: boolean; source?: string } = {}): Promise<ItemView> {
  authorise(viewer, 'library.submit');
  const c = initialContent(parse(ItemInput, input));
  const all = await taxonomies(hub); // read before the transaction: the embedded database has one connection
  const id = await hub.db.transaction().execute(async (tx) => {
    await checkReferences(all, tx, { ...c, coverId: null }, null);
    if (c.coverId) throw invalid('coverId', 'upload the image to the saved item first');
    const row = await tx
      .insertInto('library_items')
      .values({ type: c.type!, title: c.title!, summary: c.summary!, authors: '[]', owner_id: viewer.kind === 'user' ? viewer.userId : null, is_example: options.isExample ?? false, source: options.source ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeContent(tx, row.id, c);
    await recordVersion(tx, viewer, row.id, 1, 'draft', await storedContent(tx, row.id));
    await recordAudit(tx, viewer, { action: 'library.create', entityType: 'library_item', entityId: row.id, after: { title: c.title, type: c.type } });
    return row.id;
  });
  return getItem(hub, viewer, id);
}

/**
 * Edits an item. Its owner edits a draft, or an item sent back for changes; curators edit any item,
 * published ones included. Every edit is a new version (kept, viewable, comparable).
 */
export async function updateItem(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<ItemView> {
  authorise(viewer, 'library.submit');
  const patch = parse(ItemPatch, input);
  const all = await taxonomies(hub);
  await hub.db.transaction().execute(async (tx) => {
    const row = await visibleItem(tx, viewer, id, true);
    if (!(await mayEdit(tx, viewer, row))) {
      throw new HubError('forbidden', isOwner(viewer, row) ? `a ${ITEM_STATES[row.state as ItemState].toLowerCase()} item can be edited only by curators` : 'only its author and curators can edit this item');
    }
    const before = contentOf(row, await termsOf(tx, id));
    const after = normalised(patch, before);
    await checkReferences(all, tx, after, id);
    const changed = changes(before, after);
    if (changed.length === 0) return;
    await writeContent(tx, id, after);
    const version = row.version + 1;
    await tx.updateTable('library_items').set({ version, updated_at: new Date() }).where('id', '=', id).execute();
    await recordVersion(tx, viewer, id, version, row.state, await storedContent(tx, id));
    await recordAudit(tx, viewer, {
      action: 'library.edit',
      entityType: 'library_item',
      entityId: id,
      before: Object.fromEntries(changed.map((f) => [f, (before as Record<string, unknown>)[f]])),
      after: { version, ...Object.fromEntries(changed.map((f) => [f, (after as Record<string, unknown>)[f]])) },
    });
  });
  return getItem(hub, viewer, id);
}

function changes(a: Content, b: Content): string[] {
  return Object.keys(a).filter((k) => JSON.stringify((a as Record<string, unknown>)[k] ?? null) !== JSON.stringify((b as Record<string, unknown>)[k] ?? null));
}

async function setState(tx: Executor, viewer: Viewer, row: NonNullable<ItemRow>, state: ItemState, extra: { reason?: string | null } = {}): Promise<void> {
  const now = new Date();
  await tx
    .updateTable('library_items')
    .set({
      state,
      updated_at: now,
      ...(state === 'published' && !row.published_at && { published_at: now }),
      ...(state === 'published' && !row.published_on && { published_on: now.toISOString().slice(0, 10) }),
    })
    .where('id', '=', row.id)
    .execute();
  if (state === 'published' && !row.published_on) await refreshItemIndex(tx, row.id); // its year is a facet
  await recordAudit(tx, viewer, { action: `library.${state}`, entityType: 'library_item', entityId: row.id, before: { state: row.state }, after: { state, ...(extra.reason && { reason: extra.reason }) } });
}

/** The owner sends a draft (or a revised item) to the curators. */
export async function submitItem(hub: Hub, viewer: Viewer, id: string): Promise<ItemView> {
  authorise(viewer, 'library.submit');
  await hub.db.transaction().execute(async (tx) => {
    const row = await visibleItem(tx, viewer, id, true);
    if (!isOwner(viewer, row)) throw new HubError('forbidden', 'only its author submits an item');
    if (row.state !== 'draft' && row.state !== 'changes_requested') throw new HubError('conflict', `a ${ITEM_STATES[row.state as ItemState].toLowerCase()} item cannot be submitted`);
    await setState(tx, viewer, row, 'submitted');
  });
  return getItem(hub, viewer, id);
}

/**
 * A curator decides on a submitted item: accept (it is published), request changes or decline, the last
 * two with a reason. The author is told by email.
 */
export async function reviewItem(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<ItemView> {
  authorise(viewer, 'library.submit');
  const { decision, reason } = parse(ReviewInput, input);
  if (decision !== 'accept' && !reason) throw invalid('reason', 'is required when requesting changes or declining');
  await hub.db.transaction().execute(async (tx) => {
    const row = await visibleItem(tx, viewer, id, true);
    if (!(await curatesItem(tx, viewer, row.collection_id))) throw new HubError('forbidden', 'only curators review items (library.curate)');
    if (isAuthor(viewer, row)) throw new HubError('forbidden', 'you wrote this item, so another curator must decide on it');
    if (row.state !== 'submitted') throw new HubError('conflict', `only a submitted item is reviewed (this one is ${ITEM_STATES[row.state as ItemState].toLowerCase()})`);
    const state: ItemState = decision === 'accept' ? 'published' : decision === 'request_changes' ? 'changes_requested' : 'declined';
    await tx.insertInto('library_reviews').values({ item_id: id, reviewer_id: viewer.kind === 'user' ? viewer.userId : null, decision, reason: reason ?? null }).execute();
    await setState(tx, viewer, row, state, { reason: reason ?? null });
    if (row.owner_id) {
      const owner = await tx.selectFrom('users').select('email').where('id', '=', row.owner_id).executeTakeFirst();
      if (owner) {
        const what = { accept: 'has been published', request_changes: 'needs changes before it can be published', decline: 'has been declined' }[decision];
        await hub.mailer.enqueue(tx, {
          to: owner.email,
          subject: `Library: "${row.title}" ${what}`,
          text: `Your library item "${row.title}" ${what}.${reason ? `\n\nThe curator's reason:\n${reason}` : ''}\n\n${hub.baseUrl}/library/${id}\n`,
        });
      }
    }
  });
  await hub.mailer.flush(hub.db);
  return getItem(hub, viewer, id);
}

/** Curators archive a published item (visitors no longer see it) or publish an archived one again. */
export async function archiveItem(hub: Hub, viewer: Viewer, id: string, archived: boolean): Promise<ItemView> {
  authorise(viewer, 'library.submit');
  await hub.db.transaction().execute(async (tx) => {
    const row = await visibleItem(tx, viewer, id, true);
    if (!(await curatesItem(tx, viewer, row.collection_id))) throw new HubError('forbidden', 'only curators archive items (library.curate)');
    const from: ItemState = archived ? 'published' : 'archived';
    if (row.state !== from) throw new HubError('conflict', `only a ${from} item can be ${archived ? 'archived' : 'restored'}`);
    await setState(tx, viewer, row, archived ? 'archived' : 'published');
  });
  return getItem(hub, viewer, id);
}

/** Cards for item ids, in the order given (unknown ids left out). */
export async function itemCards(hub: Hub, ids: readonly string[]): Promise<ItemCard[]> {
  return (await itemCardsAt(hub, ids)).cards;
}

/**
 * Cards for item ids, in the order given (unknown ids left out), with the library version they were read at
 * (one statement), so that a search can tell whether its snapshot is still current without another round trip.
 */
export async function itemCardsAt(hub: Hub, ids: readonly string[]): Promise<{ version: number; cards: ItemCard[] }> {
  const [read, all, themes] = await Promise.all([
    sql<{ version: number; id: string | null; type: string; state: string; title: string; summary: string; authors: ItemAuthor[]; published_on: string | Date | null; evidence: number | null; is_example: boolean }>`
      select s.version, i.id, i.type, i.state, i.title, i.summary, i.authors, i.published_on, i.evidence, i.is_example
      from library_state s left join library_items i on i.id = any(${ids}::uuid[])`.execute(hub.db),
    taxonomies(hub),
    ids.length ? hub.db.selectFrom('library_item_terms').select(['item_id', 'code']).where('item_id', 'in', ids).where('taxonomy', '=', 'theme').orderBy('code').execute() : Promise.resolve([]),
  ]);
  const byId = new Map(read.rows.filter((r) => r.id !== null).map((r) => [r.id!, r]));
  const cards = ids.flatMap((id): ItemCard[] => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id,
        type: r.type as ItemType,
        typeLabel: ITEM_TYPES[r.type as ItemType],
        state: r.state as ItemState,
        title: r.title,
        summary: r.summary,
        authors: r.authors.map((a) => a.name),
        publishedOn: dayOf(r.published_on),
        themes: themes.filter((t) => t.item_id === id).map((t) => ({ code: t.code, label: labelOf(all, 'theme', t.code) })),
        evidence: r.evidence,
        isExample: r.is_example,
      },
    ];
  });
  return { version: Number(read.rows[0].version), cards };
}

export function attachmentUrl(id: string): string {
  return `/api/library/attachments/${id}`;
}

/** An item as the viewer may see it, with what they may do with it. */
export async function getItem(hub: Hub, viewer: Viewer, id: string): Promise<ItemView> {
  const row = await visibleItem(hub.db, viewer, id);
  const [terms, all, orgs, attachments, reviews, collection, featured, curator] = await Promise.all([
    termsOf(hub.db, id),
    taxonomies(hub),
    row.organisation_ids.length ? hub.db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', row.organisation_ids).execute() : Promise.resolve([]),
    hub.db.selectFrom('library_attachments').select(['id', 'filename', 'media_type', 'size']).where('item_id', '=', id).orderBy('created_at').execute(),
    hub.db.selectFrom('library_reviews as r').leftJoin('users as u', 'u.id', 'r.reviewer_id').leftJoin('profiles as p', 'p.user_id', 'u.id').select(['r.decision', 'r.reason', 'r.at', 'p.name']).where('r.item_id', '=', id).orderBy('r.at').execute(),
    row.collection_id ? hub.db.selectFrom('collections').select(['id', 'slug', 'title']).where('id', '=', row.collection_id).executeTakeFirst() : Promise.resolve(undefined),
    hub.db.selectFrom('library_features').select('item_id').where('item_id', '=', id).executeTakeFirst(),
    curatesItem(hub.db, viewer, row.collection_id),
  ]);
  const owner = isOwner(viewer, row);
  const state = row.state as ItemState;
  const content = contentOf(row, terms);
  const related = (await itemCards(hub, row.related_ids)).filter((c) => c.state === 'published' || curator);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const attachmentViews: AttachmentView[] = attachments.map((a) => ({ id: a.id, filename: a.filename, mediaType: a.media_type, size: a.size, url: attachmentUrl(a.id) }));
  const termViews = Object.fromEntries(
    (Object.keys(ITEM_TERMS) as ItemTermField[]).map((f) => [f, terms[f].map((code) => ({ code, label: labelOf(all, ITEM_TERMS[f], code) }))]),
  ) as ItemView['terms'];
  return {
    id: row.id,
    type: row.type as ItemType,
    typeLabel: ITEM_TYPES[row.type as ItemType],
    state,
    title: row.title,
    summary: row.summary,
    body: row.body,
    bodyHtml: renderMarkdown(row.body),
    authors: content.authors!.map((a) => ({ name: a.name, orcid: a.orcid ?? null, profileId: a.profileId ?? null })),
    organisations: row.organisation_ids.filter((o) => orgName.has(o)).map((o) => ({ id: o, name: orgName.get(o)! })),
    keywords: row.keywords,
    publishedOn: content.publishedOn,
    doi: row.doi,
    url: row.url,
    licence: row.licence,
    evidence: row.evidence,
    evidenceLabel: row.evidence ? EVIDENCE_RUBRIC[row.evidence as keyof typeof EVIDENCE_RUBRIC] : null,
    themes: termViews.themes,
    terms: termViews,
    related,
    attachments: attachmentViews,
    coverUrl: row.cover_id ? attachmentUrl(row.cover_id) : null,
    collection: collection ?? null,
    isExample: row.is_example,
    source: row.source,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    publishedAt: row.published_at ? row.published_at.toISOString() : null,
    reviews: owner || curator ? reviews.map((r): ReviewView => ({ decision: r.decision, reason: r.reason, reviewer: r.name, at: r.at.toISOString() })) : [],
    can: {
      edit: editable(viewer, row, curator),
      submit: owner && (state === 'draft' || state === 'changes_requested'),
      review: curator && state === 'submitted' && !isAuthor(viewer, row),
      archive: curator && (state === 'published' || state === 'archived'),
      feature: isCurator(viewer) && state === 'published',
    },
    featured: featured !== undefined,
  };
}

/** Items awaiting a decision, oldest first: all of them for curators, those of their collections for collection curators. */
export async function reviewQueue(hub: Hub, viewer: Viewer): Promise<ItemCard[]> {
  authorise(viewer, 'library.submit');
  let q = hub.db.selectFrom('library_items').select('id').where('state', '=', 'submitted');
  if (!isCurator(viewer)) {
    const curates = viewer.kind === 'user' ? await hub.db.selectFrom('collection_curators').select('collection_id').where('user_id', '=', viewer.userId).execute() : [];
    if (curates.length === 0) throw new HubError('forbidden', 'only curators see the review queue (library.curate)');
    q = q.where('collection_id', 'in', curates.map((c) => c.collection_id));
  }
  const rows = await q.orderBy('updated_at').limit(500).execute();
  return itemCards(hub, rows.map((r) => r.id));
}

/** The viewer's own items, newest first, in every state. */
export async function myItems(hub: Hub, viewer: Viewer): Promise<ItemCard[]> {
  authorise(viewer, 'library.submit');
  if (viewer.kind !== 'user') return [];
  const rows = await hub.db.selectFrom('library_items').select('id').where('owner_id', '=', viewer.userId).orderBy('updated_at', 'desc').limit(500).execute();
  return itemCards(hub, rows.map((r) => r.id));
}

/** An item's versions, newest first (those who may see the item see its history). */
export async function itemVersions(hub: Hub, viewer: Viewer, id: string): Promise<VersionSummary[]> {
  await visibleItem(hub.db, viewer, id);
  const rows = await hub.db
    .selectFrom('library_versions as v')
    .leftJoin('profiles as p', 'p.user_id', 'v.edited_by')
    .select(['v.version', 'v.state', 'v.edited_at', 'p.name'])
    .where('v.item_id', '=', id)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, state: r.state as ItemState, editedBy: r.name, editedAt: r.edited_at.toISOString() }));
}

/** What changed between two versions of an item, field by field (text fields as a line diff). */
export async function compareVersions(hub: Hub, viewer: Viewer, id: string, from: number, to: number): Promise<VersionComparison> {
  await visibleItem(hub.db, viewer, id);
  const rows = await hub.db.selectFrom('library_versions').select(['version', 'content']).where('item_id', '=', id).where('version', 'in', [from, to]).execute();
  const a = rows.find((r) => r.version === from);
  const b = rows.find((r) => r.version === to);
  if (!a) throw invalid('from', `no version ${from}`);
  if (!b) throw invalid('to', `no version ${to}`);
  const before = a.content as Record<string, unknown>;
  const after = b.content as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const out: FieldChange[] = [];
  for (const field of fields) {
    const x = before[field] ?? null;
    const y = after[field] ?? null;
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    const change: FieldChange = { field, before: x, after: y };
    if (TEXT_FIELDS.has(field)) change.lines = diffLines(String(x ?? ''), String(y ?? '')).map((p) => ({ value: p.value, ...(p.added && { added: true }), ...(p.removed && { removed: true }) }));
    out.push(change);
  }
  return { from, to, changes: out };
}

/** Deletes a draft (its owner) or any item (administrators). */
export async function deleteItem(hub: Hub, viewer: Viewer, id: string): Promise<void> {
  authorise(viewer, 'library.submit');
  const keys = await hub.db.transaction().execute(async (tx) => {
    const row = await visibleItem(tx, viewer, id, true);
    const admin = viewer.kind === 'user' && viewer.roles.has('administrator');
    const ownDraft = isOwner(viewer, row) && row.state === 'draft';
    if (!admin && !ownDraft) throw new HubError('forbidden', 'only a draft can be deleted, by its author (published items are archived)');
    const files = await tx.selectFrom('library_attachments').select('storage_key').where('item_id', '=', id).execute();
    await tx.deleteFrom('library_items').where('id', '=', id).execute();
    await sql`update library_items set related_ids = array_remove(related_ids, ${id}::uuid) where ${id}::uuid = any(related_ids)`.execute(tx);
    await recordAudit(tx, viewer, { action: 'library.delete', entityType: 'library_item', entityId: id, before: { title: row.title, state: row.state } });
    return files.map((f) => f.storage_key);
  });
  for (const key of keys) await hub.files.remove(key);
}
