import type { Executor } from '../../db/connection.js';
import { authorise, type Viewer } from './access.js';
import type { Hub } from './context.js';
import { paged, type PageRequest } from './paging.js';
import { type AuditRecord, type Page } from './model.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one entry (the table refuses updates and deletes). Call it inside the action's transaction. The actor is
 * the viewer, or a user's id where the action has no signed-in viewer (following an emailed link), or null.
 */
export async function recordAudit(tx: Executor, actor: Viewer | string | null, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      actor_id: typeof actor === 'string' ? actor : actor?.kind === 'user' ? actor.userId : null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}


export async function listAudit(hub: Hub, viewer: Viewer, request: PageRequest & { action?: string }): Promise<Page<AuditRecord>> {
  authorise(viewer, 'audit.read');
  let q = hub.db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_id');
  if (request.action) q = q.where('a.action', '=', request.action);
  return paged(
    request,
    (limit, offset) =>
      q
        .select(['a.id', 'a.at', 'a.actor_id', 'u.email', 'a.action', 'a.entity_type', 'a.entity_id', 'a.before', 'a.after'])
        .orderBy('a.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    (r): AuditRecord => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorEmail: r.email,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
    }),
  );
}
