import { sql } from 'kysely';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { isId, parse } from '../platform/validate.js';
import { taxonomies } from '../taxonomy/taxonomy.js';
import { consented } from './consent.js';
import { checkFilter, describeFilter, filterContacts } from './contacts.js';
import { ContactFilter, SegmentInput, type SegmentView } from './contract.js';

/** Saved filters of the stakeholder database ("manufacturers in the West Midlands interested in AI"), with their counts now. */
export async function listSegments(hub: Hub, viewer: Viewer): Promise<SegmentView[]> {
  authorise(viewer, 'contacts.manage');
  const [all, rows] = await Promise.all([taxonomies(hub), hub.db.selectFrom('segments').selectAll().orderBy('name').execute()]);
  return Promise.all(rows.map(async (s) => segmentView(hub, all, s)));
}

async function segmentView(hub: Hub, all: Awaited<ReturnType<typeof taxonomies>>, s: { id: string; name: string; filter: Record<string, unknown>; updated_at: Date }): Promise<SegmentView> {
  const filter = ContactFilter.parse(s.filter);
  const counts = await filterContacts(hub.db.selectFrom('contacts as c'), filter)
    .select([sql<number>`count(*)::int`.as('n'), sql<number>`(count(*) filter (where ${consented('c.id', 'digests')}))::int`.as('digests'), sql<number>`(count(*) filter (where ${consented('c.id', 'consultations')}))::int`.as('consultations')])
    .executeTakeFirstOrThrow();
  return { id: s.id, name: s.name, filter, description: describeFilter(all, filter), count: counts.n, consenting: { digests: counts.digests, consultations: counts.consultations }, updatedAt: s.updated_at.toISOString() };
}

export async function getSegment(hub: Hub, viewer: Viewer, id: string): Promise<SegmentView> {
  authorise(viewer, 'contacts.manage');
  const s = isId(id) ? await hub.db.selectFrom('segments').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!s) throw notFound('segment');
  return segmentView(hub, await taxonomies(hub), s);
}

export async function saveSegment(hub: Hub, viewer: Viewer, id: string | null, input: unknown): Promise<SegmentView> {
  authorise(viewer, 'contacts.manage');
  const s = parse(SegmentInput, input);
  checkFilter(await taxonomies(hub), s.filter, 'filter.');
  const saved = await hub.db.transaction().execute(async (tx) => {
    let segmentId: string;
    if (id) {
      const r = isId(id) ? await tx.updateTable('segments').set({ name: s.name, filter: JSON.stringify(s.filter), updated_at: hub.now() }).where('id', '=', id).returning('id').executeTakeFirst() : undefined;
      if (!r) throw notFound('segment');
      segmentId = r.id;
    } else segmentId = (await tx.insertInto('segments').values({ name: s.name, filter: JSON.stringify(s.filter), created_by: viewer.kind === 'user' ? viewer.userId : null }).returning('id').executeTakeFirstOrThrow()).id;
    await recordAudit(tx, viewer, { action: 'contacts.segment_save', entityType: 'segment', entityId: segmentId, after: s });
    return segmentId;
  });
  return getSegment(hub, viewer, saved);
}

export async function deleteSegment(hub: Hub, viewer: Viewer, id: string): Promise<void> {
  authorise(viewer, 'contacts.manage');
  await hub.db.transaction().execute(async (tx) => {
    const r = isId(id) ? await tx.deleteFrom('segments').where('id', '=', id).returning('id').executeTakeFirst() : undefined;
    if (!r) throw notFound('segment');
    await recordAudit(tx, viewer, { action: 'contacts.segment_delete', entityType: 'segment', entityId: id });
  });
}
