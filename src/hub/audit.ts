import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../db/schema.js';
import { authorise, type Viewer } from './access.js';
import type { Hub } from './context.js';
import { pageOf, type Page, type PageRequest } from './paging.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one entry (the table refuses updates and deletes). Call it inside the action's transaction. */
export async function recordAudit(tx: Kysely<Schema> | Transaction<Schema>, viewer: Viewer, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      actor_id: viewer.kind === 'user' ? viewer.userId : null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export interface AuditRecord {
  id: number;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export async function listAudit(hub: Hub, viewer: Viewer, request: PageRequest & { action?: string }): Promise<Page<AuditRecord>> {
  authorise(viewer, 'audit.read');
  const { limit, offset } = pageOf(request);
  let q = hub.db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_id');
  if (request.action) q = q.where('a.action', '=', request.action);
  const rows = await q
    .select(['a.id', 'a.at', 'a.actor_id', 'u.email', 'a.action', 'a.entity_type', 'a.entity_id', 'a.before', 'a.after'])
    .select((eb) => eb.fn.countAll<number>().over().as('total'))
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return {
    total: rows[0]?.total ?? 0,
    page: request.page ?? 1,
    pageSize: limit,
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorEmail: r.email,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
    })),
  };
}
