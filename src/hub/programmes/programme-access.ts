import { sql, type Expression, type SqlBool } from 'kysely';
import { isId } from '../platform/validate.js';
import type { Executor } from '../../db/connection.js';
import { can, type Viewer } from '../platform/access.js';
import { HubError, notFound } from '../platform/errors.js';

/**
 * Who may see an application, and as what. The one policy every route goes through (pages, lists, exports, feeds,
 * files), in the domain layer:
 * - its lead applicant, and the team members who confirmed they take part;
 * - programme managers;
 * - reviewers it is assigned to (invited, accepted or done);
 * except that anyone with a conflict of interest on it (declared, detected or recorded) never sees it as a manager or
 * a reviewer. Whoever may not see it is told it does not exist.
 */
export type ApplicationAccess = 'applicant' | 'team' | 'manager' | 'reviewer';

export async function accessTo(db: Executor, viewer: Viewer, app: { id: string; applicant_id: string }): Promise<ApplicationAccess | null> {
  if (viewer.kind !== 'user') return null;
  if (app.applicant_id === viewer.userId) return 'applicant';
  const r = await sql<{ team: boolean; conflicted: boolean; assigned: boolean }>`select
      exists (select 1 from application_team t where t.application_id = ${app.id} and t.user_id = ${viewer.userId} and t.confirmation = 'confirmed') as team,
      exists (select 1 from conflicts c where c.application_id = ${app.id} and c.reviewer_id = ${viewer.userId}) as conflicted,
      exists (select 1 from assignments a where a.application_id = ${app.id} and a.reviewer_id = ${viewer.userId} and a.status in ('invited', 'accepted', 'submitted')) as assigned`.execute(db);
  const { team, conflicted, assigned } = r.rows[0];
  if (team) return 'team';
  if (conflicted) return null;
  if (can(viewer, 'programme.manage')) return 'manager';
  if (assigned && can(viewer, 'reviews.write')) return 'reviewer';
  return null;
}

/** The application (locked when asked) and the viewer's access to it; not found when they have none. */
export async function applicationFor(db: Executor, viewer: Viewer, id: string, lock = false) {
  if (viewer.kind !== 'user') throw new HubError('unauthenticated', 'sign in to do this');
  if (!isId(id)) throw notFound('application');
  let q = db.selectFrom('applications').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const app = await q.executeTakeFirst();
  if (!app) throw notFound('application');
  const access = await accessTo(db, viewer, app);
  if (!access) throw notFound('application');
  return { app, access };
}

/**
 * The same rule as a condition on `applications as a`, for lists and exports: the rows a manager may see (all those
 * they have no conflict on), or a reviewer's assigned ones, or a member's own and their team's.
 */
export function visibleApplications(viewer: Viewer): Expression<SqlBool> {
  if (viewer.kind !== 'user') return sql<SqlBool>`false`;
  const own = sql<SqlBool>`(a.applicant_id = ${viewer.userId} or exists (select 1 from application_team t where t.application_id = a.id and t.user_id = ${viewer.userId} and t.confirmation = 'confirmed'))`;
  const unconflicted = sql<SqlBool>`not exists (select 1 from conflicts c where c.application_id = a.id and c.reviewer_id = ${viewer.userId})`;
  if (can(viewer, 'programme.manage')) return sql<SqlBool>`(${own} or ${unconflicted})`;
  if (can(viewer, 'reviews.write')) return sql<SqlBool>`(${own} or (${unconflicted} and exists (select 1 from assignments s where s.application_id = a.id and s.reviewer_id = ${viewer.userId} and s.status in ('invited', 'accepted', 'submitted'))))`;
  return own;
}

/**
 * The programme itself acting, on behalf of whoever caused it: a refill after a reviewer declines reads the call, the
 * pool and the network as the programme does, and is recorded as that reviewer's doing. For internal steps only.
 */
export function asProgramme(viewer: Viewer): Viewer {
  return viewer.kind === 'user' ? { ...viewer, external: false, roles: new Set([...viewer.roles, 'programme_manager']) } : viewer;
}
