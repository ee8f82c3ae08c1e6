import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../db/connection.js';
import { INVITATION_DAYS, invitedAccount } from '../accounts/accounts.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { parse } from '../platform/validate.js';
import { labelOf, requireTerm, taxonomies, type Taxonomies, type Taxonomy } from '../taxonomy/taxonomy.js';
import { ExternalReviewerInvite, RelationInput, ReviewerInput, ReviewerPatch, RELATION_KINDS, type ReviewerView } from './contract.js';

const TERM_FIELDS = { disciplines: 'discipline', themes: 'theme', technologies: 'technology', sectors: 'sector' } as const satisfies Record<string, Taxonomy>;

/**
 * The reviewer pool: members who hold the reviewer role and external reviewers invited by email, each with their
 * expertise (their own words, and their profile's), taxonomies and capacity. A member's profile disciplines count
 * with the ones they give as a reviewer.
 */
export interface PoolMember {
  userId: string;
  profileId: string | null;
  name: string;
  email: string;
  organisations: { id: string | null; name: string }[];
  expertise: string;
  capacity: number;
  external: boolean;
  active: boolean;
  terms: { taxonomy: string; code: string }[];
}

export async function reviewerPool(db: Executor, options: { activeOnly?: boolean } = {}): Promise<PoolMember[]> {
  const rows = await sql<{
    user_id: string;
    profile_id: string | null;
    name: string | null;
    email: string;
    expertise: string | null;
    profile_expertise: string[] | null;
    organisation_name: string | null;
    capacity: number | null;
    external: boolean | null;
    active: boolean | null;
    organisations: { id: string; name: string }[];
    terms: { taxonomy: string; code: string }[];
  }>`select u.id as user_id, p.id as profile_id, p.name, u.email, r.expertise, p.expertise as profile_expertise, r.organisation_name, r.capacity, r.external, r.active,
      coalesce((select json_agg(json_build_object('id', o.id, 'name', o.name)) from affiliations f join organisations o on o.id = f.organisation_id where f.profile_id = p.id and f.end_date is null), '[]'::json) as organisations,
      coalesce((select json_agg(distinct jsonb_build_object('taxonomy', t.taxonomy, 'code', t.code)) from (
        select taxonomy, code from reviewer_terms where user_id = u.id
        union select taxonomy, code from profile_terms where profile_id = p.id and taxonomy in ('discipline', 'theme', 'technology', 'sector')) t), '[]'::json) as terms
    from users u join user_roles ur on ur.user_id = u.id and ur.role = 'reviewer'
    left join profiles p on p.user_id = u.id
    left join reviewers r on r.user_id = u.id
    where u.status = 'active'
    order by p.name, u.id`.execute(db);
  return rows.rows
    .map((r) => ({
      userId: r.user_id,
      profileId: r.profile_id,
      name: r.name ?? r.email,
      email: r.email,
      organisations: [...r.organisations, ...(r.organisation_name ? [{ id: null, name: r.organisation_name }] : [])],
      expertise: [r.expertise ?? '', ...(r.profile_expertise ?? [])].filter(Boolean).join('; '),
      capacity: r.capacity ?? 6,
      external: r.external ?? false,
      active: r.active ?? true,
      terms: r.terms,
    }))
    .filter((r) => !options.activeOnly || r.active);
}

async function viewsOf(hub: Hub, pool: PoolMember[]): Promise<ReviewerView[]> {
  const all = await taxonomies(hub);
  const loads = new Map(
    (
      await hub.db
        .selectFrom('assignments')
        .select((eb) => ['reviewer_id', eb.fn.count<number>('id').filterWhere('status', 'in', ['invited', 'accepted']).as('load'), eb.fn.count<number>('id').filterWhere('status', '=', 'submitted').as('done')])
        .groupBy('reviewer_id')
        .execute()
    ).map((r) => [r.reviewer_id, r]),
  );
  const terms = (p: PoolMember, taxonomy: Taxonomy) => p.terms.filter((t) => t.taxonomy === taxonomy).map((t) => ({ code: t.code, label: labelOf(all, taxonomy, t.code) }));
  return pool.map((p) => ({
    userId: p.userId,
    profileId: p.profileId,
    name: p.name,
    email: p.email,
    organisation: p.organisations.map((o) => o.name).join('; ') || null,
    expertise: p.expertise,
    capacity: p.capacity,
    external: p.external,
    active: p.active,
    disciplines: terms(p, 'discipline'),
    themes: terms(p, 'theme'),
    technologies: terms(p, 'technology'),
    sectors: terms(p, 'sector'),
    load: Number(loads.get(p.userId)?.load ?? 0),
    done: Number(loads.get(p.userId)?.done ?? 0),
  }));
}

export async function listReviewers(hub: Hub, viewer: Viewer): Promise<ReviewerView[]> {
  authorise(viewer, 'programme.manage');
  return viewsOf(hub, await reviewerPool(hub.db));
}

async function writeReviewer(tx: Executor, hub: Hub, all: Taxonomies, userId: string, r: Partial<z.output<typeof ReviewerInput>> & { organisation?: string; external?: boolean; invitedBy?: string | null }): Promise<void> {
  for (const [field, taxonomy] of Object.entries(TERM_FIELDS)) (r[field as keyof typeof TERM_FIELDS] ?? []).forEach((code, i) => requireTerm(all, taxonomy, code, `${field}[${i}]`));
  await tx
    .insertInto('reviewers')
    .values({
      user_id: userId,
      expertise: r.expertise ?? '',
      organisation_name: r.organisation ?? '',
      capacity: r.capacity ?? 6,
      external: r.external ?? false,
      active: r.active ?? true,
      invited_by: r.invitedBy ?? null,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        ...(r.expertise !== undefined && { expertise: r.expertise }),
        ...(r.capacity !== undefined && { capacity: r.capacity }),
        ...(r.active !== undefined && { active: r.active }),
        ...(r.organisation !== undefined && { organisation_name: r.organisation }),
        updated_at: hub.now(),
      }),
    )
    .execute();
  const fields = Object.entries(TERM_FIELDS).filter(([f]) => r[f as keyof typeof TERM_FIELDS] !== undefined);
  for (const [field, taxonomy] of fields) {
    await tx.deleteFrom('reviewer_terms').where('user_id', '=', userId).where('taxonomy', '=', taxonomy).execute();
    const codes = [...new Set(r[field as keyof typeof TERM_FIELDS]!)];
    if (codes.length) await tx.insertInto('reviewer_terms').values(codes.map((code) => ({ user_id: userId, taxonomy, code }))).execute();
  }
}

/** A programme manager adds a member to the pool: they gain the reviewer role (and may be given capacity and expertise). */
export async function addReviewer(hub: Hub, viewer: Viewer, input: unknown): Promise<ReviewerView> {
  authorise(viewer, 'programme.manage');
  const r = parse(ReviewerInput.partial().extend({ profileId: z.uuid({ message: 'is not an id' }) }).strict(), input);
  const all = await taxonomies(hub);
  const userId = await hub.db.transaction().execute(async (tx) => {
    const p = await tx.selectFrom('profiles').select(['user_id']).where('id', '=', r.profileId).executeTakeFirst();
    if (!p?.user_id) throw invalid('profileId', 'is not a member with an account');
    await tx.insertInto('user_roles').values({ user_id: p.user_id, role: 'reviewer', granted_by: viewer.kind === 'user' ? viewer.userId : null }).onConflict((oc) => oc.doNothing()).execute();
    const { profileId: _p, ...rest } = r;
    await writeReviewer(tx, hub, all, p.user_id, rest);
    await recordAudit(tx, viewer, { action: 'role.grant', entityType: 'user', entityId: p.user_id, after: { role: 'reviewer', via: 'reviewer pool' } });
    return p.user_id;
  });
  return (await viewsOf(hub, await reviewerPool(hub.db))).find((x) => x.userId === userId)!;
}

/** A programme manager changes a reviewer's capacity, expertise or terms, or takes them out of the pool (inactive). */
export async function updateReviewer(hub: Hub, viewer: Viewer, userId: string, input: unknown): Promise<ReviewerView> {
  authorise(viewer, 'programme.manage');
  const r = parse(ReviewerPatch, input);
  const all = await taxonomies(hub);
  await hub.db.transaction().execute(async (tx) => {
    if (!(await tx.selectFrom('user_roles').select('user_id').where('user_id', '=', userId).where('role', '=', 'reviewer').executeTakeFirst())) throw notFound('reviewer');
    await writeReviewer(tx, hub, all, userId, r);
    await recordAudit(tx, viewer, { action: 'programme.reviewer_update', entityType: 'user', entityId: userId, after: r });
  });
  const view = (await viewsOf(hub, await reviewerPool(hub.db))).find((x) => x.userId === userId);
  if (!view) throw notFound('reviewer');
  return view;
}

/** A reviewer's own record in the pool (their expertise, terms and capacity). */
export async function myReviewerProfile(hub: Hub, viewer: Viewer): Promise<ReviewerView> {
  authorise(viewer, 'reviews.write');
  if (viewer.kind !== 'user') throw new HubError('unauthenticated', 'sign in to do this');
  const view = (await viewsOf(hub, await reviewerPool(hub.db))).find((x) => x.userId === viewer.userId);
  if (!view) throw notFound('reviewer');
  return view;
}

export async function updateMyReviewerProfile(hub: Hub, viewer: Viewer, input: unknown): Promise<ReviewerView> {
  authorise(viewer, 'reviews.write');
  if (viewer.kind !== 'user') throw new HubError('unauthenticated', 'sign in to do this');
  const r = parse(ReviewerPatch, input);
  const all = await taxonomies(hub);
  await hub.db.transaction().execute(async (tx) => {
    await writeReviewer(tx, hub, all, viewer.userId, r);
    await recordAudit(tx, viewer, { action: 'programme.reviewer_update', entityType: 'user', entityId: viewer.userId, after: r });
  });
  return myReviewerProfile(hub, viewer);
}

/**
 * Invites an external reviewer by email: an account that is not a member of the network (it reaches only its
 * assignments and what visitors see), with the reviewer role; the emailed link sets its password. Someone who already
 * has an account is added to the pool as they are.
 */
export async function inviteExternalReviewer(hub: Hub, viewer: Viewer, input: unknown): Promise<ReviewerView> {
  authorise(viewer, 'programme.manage');
  const x = parse(ExternalReviewerInvite, input);
  const all = await taxonomies(hub);
  const userId = await hub.db.transaction().execute(async (tx) => {
    const account = await invitedAccount(hub, tx, { email: x.email, name: x.name });
    await tx.insertInto('user_roles').values({ user_id: account.userId, role: 'reviewer', granted_by: viewer.kind === 'user' ? viewer.userId : null }).onConflict((oc) => oc.doNothing()).execute();
    await writeReviewer(tx, hub, all, account.userId, { expertise: x.expertise, capacity: x.capacity, organisation: x.organisation, external: account.created, invitedBy: viewer.kind === 'user' ? viewer.userId : null });
    await hub.mailer.enqueue(tx, {
      to: x.email,
      subject: 'An invitation to review for Proximity',
      text: `Dear ${x.name},\n\nThe programme team invites you to review applications to the network's research calls.\n\n${
        account.token
          ? `Choose a password for your reviewer account here (the link works for ${INVITATION_DAYS} days):\n${hub.baseUrl}/reset-password?token=${account.token}\n\nThe account shows you the applications assigned to you, once you accept them.`
          : `Sign in with your existing account at ${hub.baseUrl}/sign-in to see the applications assigned to you.`
      }\n\nIf you did not expect this, ignore this message.`,
    });
    await recordAudit(tx, viewer, { action: 'programme.reviewer_invite', entityType: 'user', entityId: account.userId, after: { external: account.created } });
    return account.userId;
  });
  await hub.mailer.flush(hub.db);
  return (await viewsOf(hub, await reviewerPool(hub.db))).find((v) => v.userId === userId)!;
}

// stated relations

export async function myRelations(hub: Hub, viewer: Viewer) {
  authorise(viewer, 'reviews.write');
  if (viewer.kind !== 'user') return [];
  const rows = await hub.db.selectFrom('declared_relations as d').leftJoin('profiles as p', 'p.id', 'd.profile_id').select(['d.id', 'd.kind', 'd.profile_id', 'd.name', 'd.orcid', 'd.email', 'd.note', 'p.name as profile_name']).where('d.user_id', '=', viewer.userId).orderBy('d.created_at').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, person: r.profile_name ?? r.name ?? r.orcid ?? r.email ?? '', profileId: r.profile_id, orcid: r.orcid, note: r.note }));
}

/** A reviewer states a personal, supervisory or other relation with someone: any application naming them is a conflict. */
export async function addRelation(hub: Hub, viewer: Viewer, input: unknown) {
  authorise(viewer, 'reviews.write');
  if (viewer.kind !== 'user') throw new HubError('unauthenticated', 'sign in to do this');
  const r = parse(RelationInput, input);
  await hub.db.transaction().execute(async (tx) => {
    if (r.profileId && !(await tx.selectFrom('profiles').select('id').where('id', '=', r.profileId).executeTakeFirst())) throw invalid('profileId', 'is not a member');
    const row = await tx.insertInto('declared_relations').values({ user_id: viewer.userId, kind: r.kind, profile_id: r.profileId ?? null, name: r.name ?? null, orcid: r.orcid ?? null, email: r.email ?? null, note: r.note }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, viewer, { action: 'programme.relation_add', entityType: 'relation', entityId: row.id, after: { kind: r.kind, kindLabel: RELATION_KINDS[r.kind] } });
  });
  return myRelations(hub, viewer);
}

export async function deleteRelation(hub: Hub, viewer: Viewer, id: string) {
  authorise(viewer, 'reviews.write');
  if (viewer.kind !== 'user' || !z.uuid().safeParse(id).success) throw notFound('relation');
  await hub.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom('declared_relations').where('id', '=', id).where('user_id', '=', viewer.userId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('relation');
    await recordAudit(tx, viewer, { action: 'programme.relation_remove', entityType: 'relation', entityId: id });
  });
  return myRelations(hub, viewer);
}
