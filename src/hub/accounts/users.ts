import { sql } from 'kysely';
import { z } from 'zod';
import { authorise, type GrantedRole, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, notFound } from '../platform/errors.js';
import { paged } from '../platform/paging.js';
import { parse } from '../platform/validate.js';
import { type Page } from '../platform/model.js';
import { ListOutbox, ListUsers, RoleInput, type OutboxMessage, type UserSummary } from './contract.js';

/** Administrators: accounts with their roles, searchable by email or name. */
export async function listUsers(hub: Hub, viewer: Viewer, input: unknown): Promise<Page<UserSummary>> {
  authorise(viewer, 'users.list');
  const req = parse(ListUsers, input);
  let q = hub.db.selectFrom('users as u').leftJoin('profiles as p', 'p.user_id', 'u.id');
  if (req.q) {
    const like = `%${req.q.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(u.email)`, 'like', like), eb(sql`lower(p.name)`, 'like', like)]));
  }
  if (req.role) q = q.where(sql<boolean>`exists (select 1 from user_roles r where r.user_id = u.id and r.role = ${req.role})`);
  return paged(
    req,
    (limit, offset) =>
      q
        .select(['u.id', 'u.email', 'u.email_verified_at', 'u.status', 'u.created_at', 'u.locked_until', 'p.id as profile_id', 'p.name'])
        .select(sql<string[]>`array(select role from user_roles r where r.user_id = u.id order by role)`.as('roles'))
        .orderBy('u.created_at', 'desc')
        .orderBy('u.id')
        .limit(limit)
        .offset(offset)
        .execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    (r): UserSummary => ({
      id: r.id,
      email: r.email,
      emailVerified: r.email_verified_at !== null,
      status: r.status,
      roles: r.roles as GrantedRole[],
      profileId: r.profile_id,
      name: r.name,
      createdAt: r.created_at.toISOString(),
      lockedUntil: r.locked_until && r.locked_until > hub.now() ? r.locked_until.toISOString() : null,
    }),
  );
}

async function rolesOfUser(hub: Hub, userId: string): Promise<GrantedRole[]> {
  return (await hub.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute()).map((r) => r.role as GrantedRole);
}

export async function grantRole(hub: Hub, viewer: Viewer, userId: string, input: unknown): Promise<GrantedRole[]> {
  authorise(viewer, 'roles.manage');
  const { role } = parse(RoleInput, input);
  if (!z.uuid().safeParse(userId).success) throw notFound('user');
  await hub.db.transaction().execute(async (tx) => {
    const user = await tx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst();
    if (!user) throw notFound('user');
    const before = (await tx.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute()).map((r) => r.role);
    if (before.includes(role)) return;
    await tx.insertInto('user_roles').values({ user_id: userId, role, granted_by: viewer.kind === 'user' ? viewer.userId : null }).execute();
    await recordAudit(tx, viewer, { action: 'role.grant', entityType: 'user', entityId: userId, before: { roles: before }, after: { roles: [...before, role].sort() } });
  });
  return rolesOfUser(hub, userId);
}

/** Revokes a role; the last administrator cannot be removed (the network would lose its keys). */
export async function revokeRole(hub: Hub, viewer: Viewer, userId: string, input: unknown): Promise<GrantedRole[]> {
  authorise(viewer, 'roles.manage');
  const { role } = parse(RoleInput, input);
  if (!z.uuid().safeParse(userId).success) throw notFound('user');
  await hub.db.transaction().execute(async (tx) => {
    const user = await tx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst();
    if (!user) throw notFound('user');
    const before = (await tx.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute()).map((r) => r.role);
    if (!before.includes(role)) return;
    if (role === 'administrator') {
      // serialise concurrent revocations so two admins cannot remove each other at once
      await sql`select pg_advisory_xact_lock(7262001)`.execute(tx);
      const admins = await tx.selectFrom('user_roles').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'administrator').executeTakeFirstOrThrow();
      if (admins.n <= 1) throw new HubError('conflict', 'the last administrator cannot be removed: grant the role to someone else first');
    }
    await tx.deleteFrom('user_roles').where('user_id', '=', userId).where('role', '=', role).execute();
    await recordAudit(tx, viewer, { action: 'role.revoke', entityType: 'user', entityId: userId, before: { roles: before }, after: { roles: before.filter((r) => r !== role) } });
  });
  return rolesOfUser(hub, userId);
}

/** Administrators read the outbox: every message, newest first (bodies of sent SMTP mail are dropped). */
export async function listOutbox(hub: Hub, viewer: Viewer, input: unknown): Promise<Page<OutboxMessage>> {
  authorise(viewer, 'outbox.read');
  const req = parse(ListOutbox, input);
  let q = hub.db.selectFrom('outbox');
  if (req.to) q = q.where(sql`lower(to_address)`, '=', req.to.toLowerCase());
  return paged(
    req,
    (limit, offset) => q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    (r): OutboxMessage => ({ id: r.id, to: r.to_address, subject: r.subject, body: r.body_text, transport: r.transport, status: r.status, error: r.error, createdAt: r.created_at.toISOString() }),
  );
}
