import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { londonTime } from '../platform/london-time.js';
import { parse, isId } from '../platform/validate.js';
import { labelOf, taxonomies, type Taxonomies } from '../taxonomy/taxonomy.js';
import type { Records } from '../../networks/records.js';
import { affinity, COGNITIVE_WEIGHT, TEXT_WEIGHT } from './affinity.js';
import { assignReviewers } from './assign-reviewers.js';
import { formVersion, reviewSettings, visibleCall } from './calls.js';
import { callConflictRecords, conflictViews, refreshConflicts } from './conflicts.js';
import { AssignmentResponse, AssignmentRun, ConflictInput, DeclareConflict, ManualAssignment, type AssignmentProposal, type AssignmentView, type ConflictView } from './contract.js';
import { answerText } from './forms.js';
import { applicationFor, asProgramme, visibleApplications } from './programme-access.js';
import { reviewerPool } from './reviewers.js';

type Reason = AssignmentProposal['pairs'][number]['reasons'][number];
const OPEN = ['invited', 'accepted'] as const;

/** The documents the affinity reads: each application's title and answers and its team's disciplines; each reviewer's expertise, outputs and disciplines. */
async function affinityInputs(db: Executor, applicationIds: readonly string[], reviewerIds: readonly string[]) {
  const apps = applicationIds.length ? await db.selectFrom('applications').select(['id', 'call_id', 'stage', 'form_version', 'title', 'answers']).where('id', 'in', applicationIds).execute() : [];
  const byId = new Map(apps.map((a) => [a.id, a]));
  const forms = new Map<string, Awaited<ReturnType<typeof formVersion>>>();
  for (const a of apps) {
    const key = `${a.call_id}:${a.stage}:${a.form_version}`;
    if (!forms.has(key)) forms.set(key, await formVersion(db, a.call_id, a.stage, a.form_version));
  }
  const teamDisciplines = applicationIds.length
    ? await db
        .selectFrom('application_team as t')
        .innerJoin('profile_terms as pt', 'pt.profile_id', 't.profile_id')
        .select(['t.application_id', 'pt.code'])
        .where('t.application_id', 'in', applicationIds)
        .where('pt.taxonomy', '=', 'discipline')
        .where('t.role', '<>', 'partner')
        .execute()
    : [];
  const outputs = reviewerIds.length
    ? await sql<{ user_id: string; text: string }>`select p.user_id, string_agg(i.title || '. ' || i.summary || ' ' || array_to_string(i.keywords, ' '), ' ') as text
        from library_items i cross join lateral jsonb_array_elements(i.authors) as au(author) join profiles p on p.id::text = au.author->>'profileId'
        where i.state = 'published' and p.user_id in (${sql.join(reviewerIds)}) group by p.user_id`.execute(db)
    : { rows: [] };
  const outputOf = new Map(outputs.rows.map((r) => [r.user_id, r.text]));
  return {
    applications: applicationIds.map((id) => {
      const a = byId.get(id)!;
      return { id, text: `${a.title}\n${answerText(forms.get(`${a.call_id}:${a.stage}:${a.form_version}`)!, a.answers)}`, disciplines: teamDisciplines.filter((d) => d.application_id === id).map((d) => d.code) };
    }),
    outputOf,
  };
}

/**
 * What a plan reads besides the transaction: the knowledge network conflicts are found in, and the taxonomies. Both are
 * read before the transaction opens (on PGlite one session serves the hub, and a transaction holds it).
 */
interface Context {
  records: Records;
  all: Taxonomies;
}

async function contextFor(hub: Hub, viewer: Viewer, callId: string): Promise<Context> {
  const [records, all] = await Promise.all([callConflictRecords(hub, viewer, callId), taxonomies(hub)]);
  return { records, all };
}

/** The call an application belongs to (read outside a transaction, to prepare its context). */
async function callOfApplication(hub: Hub, applicationId: string): Promise<string> {
  if (!isId(applicationId)) throw notFound('application');
  const a = await hub.db.selectFrom('applications').select('call_id').where('id', '=', applicationId).executeTakeFirst();
  if (!a) throw notFound('application');
  return a.call_id;
}

interface Plan {
  proposal: AssignmentProposal;
  /** The pairs to write (the new ones), with their scores and reasons. */
  fresh: { applicationId: string; reviewerId: string; score: number; reasons: Reason[] }[];
}

/**
 * Plans a call's assignment: the eligible full applications (screened), the active pool less each reviewer's open
 * load elsewhere, conflicts refreshed first and never assigned, pairs already invited, accepted or done kept, pairs
 * declined or revoked never proposed again. `only` limits it to some applications (to fill a declined place).
 */
async function plan(tx: Executor, hub: Hub, viewer: Viewer, callId: string, options: { k?: number; maxLoad?: number; requireOutside?: boolean; only?: readonly string[] }, context: Context): Promise<Plan> {
  const call = await visibleCall(tx, viewer, callId);
  const settings = reviewSettings(call);
  const k = options.k ?? settings.reviewersPerApplication;
  const maxLoad = options.maxLoad ?? settings.maxLoad;
  const requireOutside = options.requireOutside ?? settings.requireOutsideDiscipline;
  const notices: string[] = [];
  let q = tx.selectFrom('applications as a').select(['a.id', 'a.title', 'a.reference', 'a.screening']).where('a.call_id', '=', call.id).where('a.stage', '=', 'full').where('a.status', '=', 'submitted').where('a.decision', 'is', null);
  if (options.only) q = q.where('a.id', 'in', options.only.length ? options.only : ['00000000-0000-0000-0000-000000000000']);
  const submitted = await q.orderBy('a.reference').execute();
  const unscreened = submitted.filter((a) => a.screening === null).length;
  if (unscreened) notices.push(`${unscreened} submitted application${unscreened === 1 ? ' is' : 's are'} not screened yet: reviewers are assigned once an application is screened eligible.`);
  const apps = submitted.filter((a) => a.screening === 'eligible');
  await refreshConflicts(tx, hub, viewer, call.id, context.records, apps.map((a) => a.id));
  const pool = await reviewerPool(tx, { activeOnly: true });
  const all = context.all;
  if (pool.length === 0) notices.push('The reviewer pool is empty: add members with the reviewer role, or invite external reviewers.');
  const existing = apps.length ? await tx.selectFrom('assignments').select(['application_id', 'reviewer_id', 'status', 'affinity', 'reasons']).where('application_id', 'in', apps.map((a) => a.id)).execute() : [];
  const conflicts = apps.length ? await tx.selectFrom('conflicts').select(['application_id', 'reviewer_id']).where('application_id', 'in', apps.map((a) => a.id)).execute() : [];
  const conflicted = new Set(conflicts.map((c) => `${c.application_id}:${c.reviewer_id}`));
  const closed = new Set(existing.filter((e) => e.status === 'declined' || e.status === 'revoked').map((e) => `${e.application_id}:${e.reviewer_id}`));
  // each reviewer's open assignments on other applications (of this call or others) use their capacity
  const openElsewhere = new Map(
    (
      await tx
        .selectFrom('assignments')
        .select(['reviewer_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', 'in', OPEN)
        .where('application_id', 'not in', apps.length ? apps.map((a) => a.id) : ['00000000-0000-0000-0000-000000000000'])
        .groupBy('reviewer_id')
        .execute()
    ).map((r) => [r.reviewer_id, Number(r.n)]),
  );
  const appIndex = new Map(apps.map((a, i) => [a.id, i]));
  const revIndex = new Map(pool.map((r, i) => [r.userId, i]));
  const pinned = existing
    .filter((e) => (e.status === 'invited' || e.status === 'accepted' || e.status === 'submitted') && revIndex.has(e.reviewer_id))
    .map((e) => ({ application: appIndex.get(e.application_id)!, reviewer: revIndex.get(e.reviewer_id)! }));
  const inputs = await affinityInputs(tx, apps.map((a) => a.id), pool.map((p) => p.userId));
  const reviewers = pool.map((p) => ({ id: p.userId, text: `${p.expertise}\n${inputs.outputOf.get(p.userId) ?? ''}`, disciplines: p.terms.filter((t) => t.taxonomy === 'discipline').map((t) => t.code) }));
  const aff = affinity(inputs.applications, reviewers);
  const R = pool.length;
  const result = assignReviewers({
    applications: inputs.applications,
    reviewers: pool.map((p, i) => ({ id: p.userId, disciplines: reviewers[i].disciplines, capacity: Math.max(0, p.capacity - (openElsewhere.get(p.userId) ?? 0)) })),
    affinity: aff.scores,
    k,
    maxLoad,
    requireOutside,
    conflicted: (a, r) => conflicted.has(`${apps[a].id}:${pool[r].userId}`) || closed.has(`${apps[a].id}:${pool[r].userId}`),
    pinned,
  });
  const reasonsOf = (a: number, r: number, outside: boolean): Reason[] => {
    const out: Reason[] = [];
    const words = aff.words(a, r);
    if (words.length) out.push({ kind: 'text', text: `Shares ${words.join(', ')} (text similarity ${aff.text[a * R + r].toFixed(2)})` });
    const shared = aff.sharedDisciplines(a, r);
    if (shared.length) out.push({ kind: 'disciplines', text: `Disciplines in common: ${shared.map((d) => labelOf(all, 'discipline', d)).join(', ')} (cognitive proximity ${aff.cognitive[a * R + r].toFixed(2)})` });
    if (outside) out.push({ kind: 'outside', text: 'From outside the team’s disciplines' });
    return out;
  };
  const pinnedSet = new Set(pinned.map((p) => `${p.application}:${p.reviewer}`));
  const pairs = result.pairs.map((p) => ({
    applicationId: apps[p.application].id,
    application: `${apps[p.application].reference ?? ''} ${apps[p.application].title}`.trim(),
    reviewerId: pool[p.reviewer].userId,
    reviewer: pool[p.reviewer].name,
    score: aff.scores[p.application * R + p.reviewer],
    textSimilarity: aff.text[p.application * R + p.reviewer],
    cognitiveProximity: aff.cognitive[p.application * R + p.reviewer],
    outside: p.outside,
    kept: pinnedSet.has(`${p.application}:${p.reviewer}`),
    reasons: reasonsOf(p.application, p.reviewer, p.outside),
  }));
  for (const s of result.short) notices.push(`${apps[s.application].reference ?? apps[s.application].title} has ${s.assigned} of ${k} reviewers: no other reviewer without a conflict has room. Add reviewers or raise the maximum load.`);
  if (requireOutside) for (const a of result.withoutOutside) notices.push(`${apps[a].reference ?? apps[a].title} has no reviewer from outside its team's disciplines: none without a conflict has room (or the team's disciplines are not known).`);
  return {
    proposal: {
      pairs,
      applications: apps.length,
      reviewers: pool.length,
      reviewersPerApplication: k,
      maxLoad,
      totalScore: pairs.reduce((s, p) => s + p.score, 0),
      conflictsExcluded: [...conflicted].filter((c) => {
        const [a, r] = c.split(':');
        return appIndex.has(a) && revIndex.has(r);
      }).length,
      notices,
      applied: false,
    },
    fresh: pairs.filter((p) => !p.kept).map((p) => ({ applicationId: p.applicationId, reviewerId: p.reviewerId, score: p.score, reasons: p.reasons })),
  };
}

/** Writes planned pairs as invitations (emailed, one message per reviewer). */
async function invite(tx: Executor, hub: Hub, viewer: Viewer, callId: string, fresh: Plan['fresh'], source: 'solver' | 'manual'): Promise<void> {
  if (fresh.length === 0) return;
  const call = await tx.selectFrom('calls').select(['title', 'review']).where('id', '=', callId).executeTakeFirstOrThrow();
  const due = reviewSettings(call).reviewDeadline;
  for (const p of fresh) {
    await tx
      .insertInto('assignments')
      .values({ application_id: p.applicationId, reviewer_id: p.reviewerId, status: 'invited', affinity: p.score, reasons: JSON.stringify(p.reasons), source, assigned_by: viewer.kind === 'user' ? viewer.userId : null, due_at: due })
      .onConflict((oc) => oc.columns(['application_id', 'reviewer_id']).doUpdateSet({ status: 'invited', affinity: p.score, reasons: JSON.stringify(p.reasons), source, assigned_at: hub.now(), responded_at: null, decline_reason: null, due_at: due }))
      .execute();
  }
  const byReviewer = new Map<string, number>();
  for (const p of fresh) byReviewer.set(p.reviewerId, (byReviewer.get(p.reviewerId) ?? 0) + 1);
  const emails = await tx.selectFrom('users').select(['id', 'email']).where('id', 'in', [...byReviewer.keys()]).execute();
  for (const u of emails) {
    const n = byReviewer.get(u.id)!;
    await hub.mailer.enqueue(tx, {
      to: u.email,
      subject: `Review invitation: ${call.title}`,
      text: `You are invited to review ${n} application${n === 1 ? '' : 's'} to ${call.title}${due ? `, by ${londonTime(due).london.replace('T', ' ')} ${londonTime(due).zone}` : ''}.\n\nAccept or decline each one, and declare any conflict of interest, at ${hub.baseUrl}/reviews`,
    });
  }
  await recordAudit(tx, viewer, { action: 'programme.assign', entityType: 'call', entityId: callId, after: { pairs: fresh.length, source } });
}

/**
 * Proposes a call's assignment (nothing written), or with `apply` invites the reviewers it chooses. Each pair shows its
 * score (the affinity) and its reasons.
 */
export async function runAssignment(hub: Hub, viewer: Viewer, callIdOrSlug: string, input: unknown): Promise<AssignmentProposal> {
  authorise(viewer, 'programme.manage');
  const o = parse(AssignmentRun, input ?? {});
  const context = await contextFor(hub, viewer, (await visibleCall(hub.db, viewer, callIdOrSlug)).id);
  const result = await hub.db.transaction().execute(async (tx) => {
    const call = await visibleCall(tx, viewer, callIdOrSlug, true);
    const p = await plan(tx, hub, viewer, call.id, { k: o.reviewersPerApplication, maxLoad: o.maxLoad, requireOutside: o.requireOutsideDiscipline }, context);
    if (o.apply) await invite(tx, hub, viewer, call.id, p.fresh, 'solver');
    // a manager never sees the pairs of an application they have a conflict on (the solver still assigns it)
    const hidden = viewer.kind === 'user' ? new Set((await tx.selectFrom('conflicts').select('application_id').where('reviewer_id', '=', viewer.userId).execute()).map((c) => c.application_id)) : new Set<string>();
    const pairs = p.proposal.pairs.filter((x) => !hidden.has(x.applicationId));
    const notices = pairs.length < p.proposal.pairs.length ? [...p.proposal.notices, 'The pairs of applications you have a conflict of interest on are not shown.'] : p.proposal.notices;
    return { ...p.proposal, pairs, notices, applied: o.apply };
  });
  if (o.apply) await hub.mailer.flush(hub.db);
  return result;
}

/** Fills an application's places left open (after a decline, a declared conflict or a removal), inviting the best reviewers with room. */
async function refill(tx: Executor, hub: Hub, viewer: Viewer, applicationId: string, context: Context): Promise<void> {
  const app = await tx.selectFrom('applications').select(['call_id']).where('id', '=', applicationId).executeTakeFirstOrThrow();
  // the refill acts for the programme, whoever triggered it (a reviewer declining)
  const p = await plan(tx, hub, asProgramme(viewer), app.call_id, { only: [applicationId] }, context);
  await invite(tx, hub, viewer, app.call_id, p.fresh, 'solver');
}

async function assignmentViews(db: Executor, where: (q: ReturnType<typeof base>) => ReturnType<typeof base>): Promise<AssignmentView[]> {
  const rows = await where(base(db)).orderBy('c.title').orderBy('a.reference').orderBy('p.name').execute();
  return rows.map((r) => ({
    id: r.id,
    applicationId: r.application_id,
    application: r.title,
    reference: r.reference,
    callTitle: r.call_title,
    reviewerId: r.reviewer_id,
    reviewer: r.name ?? '',
    status: r.status,
    score: r.affinity,
    reasons: r.reasons as Reason[],
    source: r.source,
    dueAt: r.due_at ? londonTime(r.due_at) : null,
    declineReason: r.decline_reason,
  }));
}
function base(db: Executor) {
  return db
    .selectFrom('assignments as s')
    .innerJoin('applications as a', 'a.id', 's.application_id')
    .innerJoin('calls as c', 'c.id', 'a.call_id')
    .leftJoin('profiles as p', 'p.user_id', 's.reviewer_id')
    .select(['s.id', 's.application_id', 'a.title', 'a.reference', 'c.title as call_title', 's.reviewer_id', 'p.name', 's.status', 's.affinity', 's.reasons', 's.source', 's.due_at', 's.decline_reason']);
}

/** A call's assignments, as its managers see them (none on applications they are conflicted on). */
export async function callAssignments(hub: Hub, viewer: Viewer, callIdOrSlug: string): Promise<AssignmentView[]> {
  authorise(viewer, 'programme.manage');
  const call = await visibleCall(hub.db, viewer, callIdOrSlug);
  return assignmentViews(hub.db, (q) => q.where('a.call_id', '=', call.id).where(visibleApplications(viewer)));
}

/** A reviewer's own assignments: invited, accepted and done (never one they are conflicted on). */
export async function myAssignments(hub: Hub, viewer: Viewer): Promise<AssignmentView[]> {
  authorise(viewer, 'reviews.write');
  if (viewer.kind !== 'user') return [];
  return assignmentViews(hub.db, (q) => q.where('s.reviewer_id', '=', viewer.userId).where('s.status', 'in', ['invited', 'accepted', 'submitted']).where(visibleApplications(viewer)));
}

/** A reviewer accepts or declines an invitation; a declined place goes to another reviewer at once. */
export async function respondToAssignment(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<AssignmentView> {
  authorise(viewer, 'reviews.write');
  const r = parse(AssignmentResponse, input);
  if (viewer.kind !== 'user') throw new HubError('unauthenticated', 'sign in to do this');
  const mine = isId(id) ? await hub.db.selectFrom('assignments').select('application_id').where('id', '=', id).where('reviewer_id', '=', viewer.userId).executeTakeFirst() : undefined;
  if (!mine) throw notFound('assignment');
  const context = r.accept ? null : await contextFor(hub, asProgramme(viewer), await callOfApplication(hub, mine.application_id));
  await hub.db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('assignments').selectAll().where('id', '=', id).where('reviewer_id', '=', viewer.userId).forUpdate().executeTakeFirst();
    if (!s) throw notFound('assignment');
    await applicationFor(tx, viewer, s.application_id); // not one they are conflicted on
    if (s.status !== 'invited' && !(s.status === 'accepted' && !r.accept)) throw new HubError('conflict', `this assignment is ${s.status}`);
    await tx.updateTable('assignments').set({ status: r.accept ? 'accepted' : 'declined', responded_at: hub.now(), decline_reason: r.accept ? null : r.reason || null }).where('id', '=', id).execute();
    await recordAudit(tx, viewer, { action: r.accept ? 'programme.assignment_accept' : 'programme.assignment_decline', entityType: 'application', entityId: s.application_id, after: { reason: r.reason } });
    if (context) await refill(tx, hub, viewer, s.application_id, context);
  });
  await hub.mailer.flush(hub.db);
  const view = (await assignmentViews(hub.db, (q) => q.where('s.id', '=', id)))[0];
  return view;
}

/** A manager's own choice of reviewer for an application (never a conflicted one), invited like the solver's. */
export async function assignManually(hub: Hub, viewer: Viewer, input: unknown): Promise<AssignmentView> {
  authorise(viewer, 'programme.manage');
  const m = parse(ManualAssignment, input);
  const context = await contextFor(hub, viewer, await callOfApplication(hub, m.applicationId));
  const id = await hub.db.transaction().execute(async (tx) => {
    const { app } = await applicationFor(tx, viewer, m.applicationId, true);
    if (app.stage !== 'full' || app.status !== 'submitted' || app.screening !== 'eligible') throw new HubError('conflict', 'reviewers are assigned to submitted full applications screened eligible');
    const pool = await reviewerPool(tx, { activeOnly: true });
    const reviewer = pool.find((p) => p.userId === m.reviewerId);
    if (!reviewer) throw invalid('reviewerId', 'is not an active reviewer in the pool');
    await refreshConflicts(tx, hub, viewer, app.call_id, context.records, [app.id]);
    const conflict = await tx.selectFrom('conflicts').select('reason').where('application_id', '=', app.id).where('reviewer_id', '=', m.reviewerId).executeTakeFirst();
    if (conflict) throw new HubError('conflict', `${reviewer.name} has a conflict of interest with this application: ${conflict.reason}`, { issues: [{ field: 'reviewerId', message: 'conflicted' }] });
    const existing = await tx.selectFrom('assignments').select('status').where('application_id', '=', app.id).where('reviewer_id', '=', m.reviewerId).executeTakeFirst();
    if (existing && existing.status !== 'declined' && existing.status !== 'revoked') throw new HubError('conflict', `${reviewer.name} is already assigned (${existing.status})`);
    await invite(tx, hub, viewer, app.call_id, [{ applicationId: app.id, reviewerId: m.reviewerId, score: 0, reasons: [{ kind: 'manual', text: 'Chosen by a programme manager' }] }], 'manual');
    return (await tx.selectFrom('assignments').select('id').where('application_id', '=', app.id).where('reviewer_id', '=', m.reviewerId).executeTakeFirstOrThrow()).id;
  });
  await hub.mailer.flush(hub.db);
  return (await assignmentViews(hub.db, (q) => q.where('s.id', '=', id)))[0];
}

/** A manager takes a reviewer off an application (a review already submitted stays). */
export async function removeAssignment(hub: Hub, viewer: Viewer, id: string, refillPlace = false): Promise<void> {
  authorise(viewer, 'programme.manage');
  const found = isId(id) ? await hub.db.selectFrom('assignments').select('application_id').where('id', '=', id).executeTakeFirst() : undefined;
  if (!found) throw notFound('assignment');
  const context = refillPlace ? await contextFor(hub, viewer, await callOfApplication(hub, found.application_id)) : null;
  await hub.db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('assignments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!s) throw notFound('assignment');
    await applicationFor(tx, viewer, s.application_id);
    if (s.status === 'submitted') throw new HubError('conflict', 'the review is in: it stays with the application');
    await tx.updateTable('assignments').set({ status: 'revoked' }).where('id', '=', id).execute();
    await recordAudit(tx, viewer, { action: 'programme.assignment_remove', entityType: 'application', entityId: s.application_id, after: { reviewer: s.reviewer_id } });
    if (context) await refill(tx, hub, viewer, s.application_id, context);
  });
  await hub.mailer.flush(hub.db);
}

/**
 * A reviewer declares a conflict on an application assigned to them: from then on they never see it, and their place
 * goes to another reviewer.
 */
export async function declareConflict(hub: Hub, viewer: Viewer, applicationId: string, input: unknown): Promise<void> {
  authorise(viewer, 'reviews.write');
  const d = parse(DeclareConflict, input);
  if (viewer.kind !== 'user') throw new HubError('unauthenticated', 'sign in to do this');
  const context = await contextFor(hub, asProgramme(viewer), await callOfApplication(hub, applicationId));
  await hub.db.transaction().execute(async (tx) => {
    const { access } = await applicationFor(tx, viewer, applicationId, true);
    if (access !== 'reviewer' && access !== 'manager') throw new HubError('forbidden', 'reviewers declare conflicts on the applications assigned to them');
    await tx.insertInto('conflicts').values({ application_id: applicationId, reviewer_id: viewer.userId, source: 'declared', reason: d.reason, evidence: null, created_by: viewer.userId }).onConflict((oc) => oc.columns(['application_id', 'reviewer_id', 'source']).doUpdateSet({ reason: d.reason })).execute();
    const r = await tx.updateTable('assignments').set({ status: 'revoked' }).where('application_id', '=', applicationId).where('reviewer_id', '=', viewer.userId).where('status', 'in', OPEN).executeTakeFirst();
    await recordAudit(tx, viewer, { action: 'programme.conflict_declare', entityType: 'application', entityId: applicationId, after: { reason: d.reason } });
    if (Number(r.numUpdatedRows) > 0) await refill(tx, hub, viewer, applicationId, context);
  });
  await hub.mailer.flush(hub.db);
}

/** A programme manager records a conflict between a reviewer and an application (it binds as a detected one does; the place is refilled). */
export async function recordConflict(hub: Hub, viewer: Viewer, applicationId: string, input: unknown): Promise<ConflictView[]> {
  authorise(viewer, 'programme.manage');
  const c = parse(ConflictInput, input);
  const context = await contextFor(hub, viewer, await callOfApplication(hub, applicationId));
  const callId = await hub.db.transaction().execute(async (tx) => {
    const { app } = await applicationFor(tx, viewer, applicationId, true);
    if (!(await tx.selectFrom('users').select('id').where('id', '=', c.reviewerId).executeTakeFirst())) throw invalid('reviewerId', 'is not a user');
    await tx.insertInto('conflicts').values({ application_id: app.id, reviewer_id: c.reviewerId, source: 'manager', reason: c.reason, evidence: null, created_by: viewer.kind === 'user' ? viewer.userId : null }).onConflict((oc) => oc.columns(['application_id', 'reviewer_id', 'source']).doUpdateSet({ reason: c.reason })).execute();
    const r = await tx.updateTable('assignments').set({ status: 'revoked' }).where('application_id', '=', app.id).where('reviewer_id', '=', c.reviewerId).where('status', 'in', OPEN).executeTakeFirst();
    await recordAudit(tx, viewer, { action: 'programme.conflict_record', entityType: 'application', entityId: app.id, after: c });
    if (Number(r.numUpdatedRows) > 0) await refill(tx, hub, viewer, app.id, context);
    return app.call_id;
  });
  await hub.mailer.flush(hub.db);
  return conflictViews(hub.db, viewer, callId);
}

export const AFFINITY_FORMULA = `${TEXT_WEIGHT} × text similarity + ${COGNITIVE_WEIGHT} × cognitive proximity`;
