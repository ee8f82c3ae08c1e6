import { z } from 'zod';
import { authorise, can, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { itemCards } from './library.js';
import { CollectionInput, CollectionPatch, type CollectionSummary, type CollectionView, type ItemCard } from './contract.js';
import { parse } from '../platform/validate.js';


/** Whether the viewer curates some collection or community (so has a review queue without the curator role). */
export async function curatesCollections(hub: Hub, viewer: Viewer): Promise<boolean> {
  if (viewer.kind !== 'user') return false;
  return (await hub.db.selectFrom('collection_curators').select('collection_id').where('user_id', '=', viewer.userId).limit(1).executeTakeFirst()) !== undefined;
}

async function collectionRow(hub: Hub, slugOrId: string) {
  const q = hub.db.selectFrom('collections').selectAll();
  const row = await (z.uuid().safeParse(slugOrId).success ? q.where('id', '=', slugOrId) : q.where('slug', '=', slugOrId)).executeTakeFirst();
  if (!row) throw notFound('collection');
  return row;
}

async function managesCollection(hub: Hub, viewer: Viewer, collectionId: string): Promise<boolean> {
  if (can(viewer, 'collections.manage')) return true;
  if (viewer.kind !== 'user') return false;
  return (await hub.db.selectFrom('collection_curators').select('user_id').where('collection_id', '=', collectionId).where('user_id', '=', viewer.userId).executeTakeFirst()) !== undefined;
}

/** A collection and its published items in the curators' order (its curators also see items not yet published). */
export async function getCollection(hub: Hub, viewer: Viewer, slugOrId: string): Promise<CollectionView> {
  authorise(viewer, 'library.read');
  const row = await collectionRow(hub, slugOrId);
  const manage = await managesCollection(hub, viewer, row.id);
  const [members, curators] = await Promise.all([
    hub.db.selectFrom('collection_items').select('item_id').where('collection_id', '=', row.id).orderBy('position').execute(),
    hub.db.selectFrom('collection_curators as c').leftJoin('profiles as p', 'p.user_id', 'c.user_id').select(['c.user_id', 'p.id as profile_id', 'p.name']).where('c.collection_id', '=', row.id).orderBy('p.name').execute(),
  ]);
  const items = (await itemCards(hub, members.map((m) => m.item_id))).filter((i) => i.state === 'published' || manage);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    isCommunity: row.is_community,
    curators: curators.map((c) => ({ userId: c.user_id, profileId: c.profile_id, name: c.name ?? '(no profile)' })),
    items,
    canManage: manage,
  };
}

export async function listCollections(hub: Hub, viewer: Viewer): Promise<CollectionSummary[]> {
  authorise(viewer, 'library.read');
  const rows = await hub.db
    .selectFrom('collections as c')
    .select((eb) => [
      'c.id',
      'c.slug',
      'c.title',
      'c.description',
      'c.is_community',
      eb
        .selectFrom('collection_items as ci')
        .innerJoin('library_items as i', 'i.id', 'ci.item_id')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('ci.collection_id', '=', 'c.id')
        .where('i.state', '=', 'published')
        .as('items'),
    ])
    .orderBy('c.title')
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, description: r.description, isCommunity: r.is_community, items: Number(r.items ?? 0) }));
}

async function writeMembers(tx: Hub['db'], collectionId: string, input: z.output<typeof CollectionInput> | Partial<z.output<typeof CollectionInput>>): Promise<void> {
  if (input.itemIds) {
    const ids = [...new Set(input.itemIds)];
    const found = new Set((ids.length ? await tx.selectFrom('library_items').select('id').where('id', 'in', ids).execute() : []).map((r) => r.id));
    ids.forEach((id, i) => {
      if (!found.has(id)) throw invalid(`itemIds[${i}]`, 'no such item');
    });
    await tx.deleteFrom('collection_items').where('collection_id', '=', collectionId).execute();
    if (ids.length) await tx.insertInto('collection_items').values(ids.map((item_id, position) => ({ collection_id: collectionId, item_id, position }))).execute();
  }
  if (input.curatorProfileIds) {
    const given = [...new Set(input.curatorProfileIds)];
    const found = new Map((given.length ? await tx.selectFrom('profiles').select(['id', 'user_id']).where('id', 'in', given).execute() : []).map((r) => [r.id, r.user_id]));
    given.forEach((id, i) => {
      if (!found.has(id)) throw invalid(`curatorProfileIds[${i}]`, 'no such member');
      if (!found.get(id)) throw invalid(`curatorProfileIds[${i}]`, 'is an example member without an account');
    });
    input = { ...input, curatorIds: [...new Set([...(input.curatorIds ?? []), ...given.map((id) => found.get(id)!)])] };
  }
  if (input.curatorIds) {
    const ids = [...new Set(input.curatorIds)];
    const found = new Set((ids.length ? await tx.selectFrom('users').select('id').where('id', 'in', ids).execute() : []).map((r) => r.id));
    ids.forEach((id, i) => {
      if (!found.has(id)) throw invalid(`curatorIds[${i}]`, 'no such user');
    });
    await tx.deleteFrom('collection_curators').where('collection_id', '=', collectionId).execute();
    if (ids.length) await tx.insertInto('collection_curators').values(ids.map((user_id) => ({ collection_id: collectionId, user_id }))).execute();
  }
}

/** Curators create collections (and communities that members submit to, with their own curators). */
export async function createCollection(hub: Hub, viewer: Viewer, input: unknown): Promise<CollectionView> {
  authorise(viewer, 'collections.manage');
  const c = parse(CollectionInput, input);
  const id = await hub.db.transaction().execute(async (tx) => {
    if (await tx.selectFrom('collections').select('id').where('slug', '=', c.slug).executeTakeFirst()) throw invalid('slug', 'is taken');
    const row = await tx
      .insertInto('collections')
      .values({ slug: c.slug, title: c.title, description: c.description ?? '', is_community: c.isCommunity ?? false, created_by: viewer.kind === 'user' ? viewer.userId : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeMembers(tx, row.id, c);
    await recordAudit(tx, viewer, { action: 'collection.create', entityType: 'collection', entityId: row.id, after: c });
    return row.id;
  });
  return getCollection(hub, viewer, id);
}

/**
 * Edits a collection: its title and description, its items in order (a curator of the collection may),
 * its curators (only the library's curators may change them).
 */
export async function updateCollection(hub: Hub, viewer: Viewer, slugOrId: string, input: unknown): Promise<CollectionView> {
  authorise(viewer, 'library.submit');
  const patch = parse(CollectionPatch, input);
  const row = await collectionRow(hub, slugOrId);
  if (!(await managesCollection(hub, viewer, row.id))) throw new HubError('forbidden', 'only curators manage collections (collections.manage)');
  if ((patch.curatorIds || patch.curatorProfileIds) && !can(viewer, 'collections.manage')) throw new HubError('forbidden', "only the library's curators change a collection's curators");
  await hub.db.transaction().execute(async (tx) => {
    if (patch.slug && patch.slug !== row.slug && (await tx.selectFrom('collections').select('id').where('slug', '=', patch.slug).executeTakeFirst())) throw invalid('slug', 'is taken');
    await tx
      .updateTable('collections')
      .set({
        ...(patch.slug && { slug: patch.slug }),
        ...(patch.title && { title: patch.title }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.isCommunity !== undefined && { is_community: patch.isCommunity }),
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    await writeMembers(tx, row.id, patch);
    await recordAudit(tx, viewer, { action: 'collection.edit', entityType: 'collection', entityId: row.id, after: patch });
  });
  return getCollection(hub, viewer, row.id);
}

/** The items featured on the home page, in order (published ones only). */
export async function featuredItems(hub: Hub, viewer: Viewer): Promise<ItemCard[]> {
  authorise(viewer, 'library.read');
  const rows = await hub.db.selectFrom('library_features').select('item_id').orderBy('position').execute();
  return (await itemCards(hub, rows.map((r) => r.item_id))).filter((i) => i.state === 'published');
}

/** Curators feature a published item on the home page (or stop featuring it). */
export async function setFeatured(hub: Hub, viewer: Viewer, itemId: string, featured: boolean): Promise<ItemCard[]> {
  authorise(viewer, 'library.curate');
  if (!z.uuid().safeParse(itemId).success) throw notFound('item');
  await hub.db.transaction().execute(async (tx) => {
    const item = await tx.selectFrom('library_items').select(['state']).where('id', '=', itemId).executeTakeFirst();
    if (!item) throw notFound('item');
    if (featured) {
      if (item.state !== 'published') throw new HubError('conflict', 'only a published item can be featured');
      const last = await tx.selectFrom('library_features').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
      await tx.insertInto('library_features').values({ item_id: itemId, position: Number(last?.p ?? -1) + 1, featured_by: viewer.kind === 'user' ? viewer.userId : null }).onConflict((oc) => oc.column('item_id').doNothing()).execute();
    } else await tx.deleteFrom('library_features').where('item_id', '=', itemId).execute();
    await recordAudit(tx, viewer, { action: featured ? 'library.feature' : 'library.unfeature', entityType: 'library_item', entityId: itemId });
  });
  return featuredItems(hub, viewer);
}
