import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { mergeRecords, type Records } from '../../networks/records.js';
import { loadDataset } from '../datasets/datasets.js';
import { hubNetworkRecords } from '../datasets/hub-network.js';
import { HUB_NETWORK } from '../datasets/bundled.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { invalid } from '../platform/errors.js';
import { reviewSettings, visibleCall } from './calls.js';
import { CONFLICT_SOURCES, type ConflictView } from './contract.js';
import { detectConflicts, type ConflictApplication, type ConflictReviewer } from './detect-conflicts.js';
import { visibleApplications } from './programme-access.js';
import { reviewerPool } from './reviewers.js';

/** The sources the detection writes (and rewrites each time it runs); declared and recorded conflicts are kept. */
const DETECTED = ['applicant', 'organisation', 'coauthorship', 'relation'] as const;

/** The records a call's conflicts are read from (read before a transaction opens: on PGlite one session serves both). */
export async function callConflictRecords(hub: Hub, viewer: Viewer, callId: string): Promise<Records> {
  const call = await visibleCall(hub.db, viewer, callId);
  return (await conflictRecords(hub, viewer, reviewSettings(call).conflictDatasets)).records;
}

/**
 * The knowledge network conflicts are read from: the network's own (hub-network: the library, the directory, the
 * programme's awards and outcomes) and the imported records data sets the call names (by default every records data
 * set visible to members). Ids are kept apart per data set, members' excepted.
 */
export async function conflictRecords(hub: Hub, viewer: Viewer, datasets: readonly string[] | null): Promise<{ records: Records; sources: string[] }> {
  // the network's own is read directly (it is the bundled data set whose builtin is HUB_NETWORK)
  const own = new Set((await hub.db.selectFrom('datasets').select('slug').where('builtin', '=', HUB_NETWORK).execute()).map((d) => d.slug));
  const slugs = (datasets ? [...datasets] : (await hub.db.selectFrom('datasets').select('slug').where('kind', '=', 'records').where('visibility', 'in', ['public', 'members']).orderBy('slug').execute()).map((d) => d.slug)).filter((s) => s !== HUB_NETWORK && !own.has(s));
  const all: Records[] = [await hubNetworkRecords(hub.db)];
  for (const slug of slugs) {
    const { dataset } = await loadDataset(hub, viewer, slug);
    if (dataset.kind !== 'records') throw invalid('review.conflictDatasets', `${slug} is not a data set of records`);
    const r = dataset.records;
    const id = (x: string) => `${slug}/${x}`;
    all.push({
      actors: r.actors.map((a) => ({ ...a, id: id(a.id) })),
      activities: r.activities.map((a) => ({ ...a, id: id(a.id) })),
      participations: r.participations.map((p) => ({ ...p, actor: id(p.actor), activity: id(p.activity) })),
    });
  }
  return { records: mergeRecords(all).records, sources: [HUB_NETWORK, ...slugs] };
}

/** The people of applications as the detection reads them: each team member with their profile, ORCID, email and organisation. */
export async function conflictApplications(db: Executor, ids: readonly string[]): Promise<ConflictApplication[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('application_team as t')
    .leftJoin('profiles as p', 'p.id', 't.profile_id')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .select(['t.application_id', 't.name', 't.user_id', 't.profile_id', 't.orcid', 't.email', 'u.email as user_email', 't.organisation_id', 't.organisation_name', 'p.orcid as profile_orcid'])
    .select(sql<{ id: string; name: string }[]>`coalesce((select json_agg(json_build_object('id', o.id, 'name', o.name)) from affiliations f join organisations o on o.id = f.organisation_id where f.profile_id = t.profile_id and f.end_date is null), '[]'::json)`.as('current'))
    .where('t.application_id', 'in', ids)
    .orderBy('t.application_id')
    .orderBy('t.position')
    .execute();
  const by = new Map<string, ConflictApplication>(ids.map((id) => [id, { id, team: [] }]));
  for (const r of rows) {
    by.get(r.application_id)!.team.push({
      name: r.name,
      userId: r.user_id,
      profileId: r.profile_id,
      orcid: r.orcid ?? r.profile_orcid,
      email: r.email ?? r.user_email,
      organisations: [...(r.organisation_name ? [{ id: r.organisation_id, name: r.organisation_name }] : []), ...r.current],
    });
  }
  return ids.map((id) => by.get(id)!);
}

export async function conflictReviewers(db: Executor, userIds?: readonly string[]): Promise<ConflictReviewer[]> {
  const pool = (await reviewerPool(db)).filter((r) => !userIds || userIds.includes(r.userId));
  if (pool.length === 0) return [];
  const relations = await db.selectFrom('declared_relations').selectAll().where('user_id', 'in', pool.map((p) => p.userId)).execute();
  const orcids = new Map((await db.selectFrom('profiles').select(['id', 'orcid']).where('id', 'in', pool.map((p) => p.profileId ?? '00000000-0000-0000-0000-000000000000')).execute()).map((p) => [p.id, p.orcid]));
  return pool.map((p) => ({
    userId: p.userId,
    profileId: p.profileId,
    name: p.name,
    email: p.email,
    orcid: p.profileId ? (orcids.get(p.profileId) ?? null) : null,
    organisations: p.organisations,
    relations: relations.filter((r) => r.user_id === p.userId).map((r) => ({ kind: r.kind, profileId: r.profile_id, name: r.name, orcid: r.orcid, email: r.email })),
  }));
}

/**
 * Runs the detection over a call's submitted full applications and the reviewer pool, and stores what it finds (the
 * detected sources are replaced; declared and recorded conflicts stay). An assignment that is now conflicted is revoked.
 * Returns how many pairs are conflicted, and what was revoked.
 */
export async function refreshConflicts(tx: Executor, hub: Hub, viewer: Viewer, callId: string, records: Records, applicationIds?: readonly string[]): Promise<{ pairs: number; revoked: { application: string; reviewer: string }[] }> {
  const call = await visibleCall(tx, viewer, callId);
  const settings = reviewSettings(call);
  let q = tx.selectFrom('applications').select('id').where('call_id', '=', call.id).where('stage', '=', 'full').where('status', '=', 'submitted');
  if (applicationIds) q = q.where('id', 'in', applicationIds.length ? applicationIds : ['00000000-0000-0000-0000-000000000000']);
  const ids = (await q.orderBy('id').execute()).map((r) => r.id);
  const [apps, reviewers] = await Promise.all([conflictApplications(tx, ids), conflictReviewers(tx)]);
  const year = hub.now().getUTCFullYear();
  const found = detectConflicts(records, reviewers, apps, { fromYear: year - settings.conflictYears + 1, toYear: year });
  if (ids.length) await tx.deleteFrom('conflicts').where('application_id', 'in', ids).where('source', 'in', DETECTED).execute();
  if (found.length) {
    for (let i = 0; i < found.length; i += 1000) {
      await tx
        .insertInto('conflicts')
        .values(found.slice(i, i + 1000).map((c) => ({ application_id: apps[c.application].id, reviewer_id: reviewers[c.reviewer].userId, source: c.source, reason: c.reason, evidence: JSON.stringify(c.evidence), created_by: null })))
        .onConflict((oc) => oc.columns(['application_id', 'reviewer_id', 'source']).doNothing())
        .execute();
    }
  }
  const revoked = ids.length
    ? await tx
        .updateTable('assignments as s')
        .set({ status: 'revoked' })
        .where('s.application_id', 'in', ids)
        .where('s.status', 'in', ['invited', 'accepted'])
        .where((eb) => eb.exists(eb.selectFrom('conflicts as c').select('c.id').whereRef('c.application_id', '=', 's.application_id').whereRef('c.reviewer_id', '=', 's.reviewer_id')))
        .returning(['s.application_id', 's.reviewer_id'])
        .execute()
    : [];
  const pairs = new Set(found.map((c) => `${c.application}:${c.reviewer}`)).size;
  await recordAudit(tx, viewer, { action: 'programme.conflicts_detect', entityType: 'call', entityId: call.id, after: { applications: ids.length, reviewers: reviewers.length, conflicts: found.length, revoked: revoked.length } });
  return { pairs, revoked: revoked.map((r) => ({ application: r.application_id, reviewer: r.reviewer_id })) };
}

export async function conflictViews(db: Executor, viewer: Viewer, callId: string): Promise<ConflictView[]> {
  const rows = await db
    .selectFrom('conflicts as c')
    .innerJoin('applications as a', 'a.id', 'c.application_id')
    .leftJoin('profiles as p', 'p.user_id', 'c.reviewer_id')
    .leftJoin('users as u', 'u.id', 'c.reviewer_id')
    .select(['c.application_id', 'c.reviewer_id', 'c.source', 'c.reason', 'p.name', 'u.email'])
    .where('a.call_id', '=', callId)
    .where(visibleApplications(viewer))
    .orderBy('a.reference')
    .orderBy('p.name')
    .execute();
  return rows.map((r) => ({ applicationId: r.application_id, reviewerId: r.reviewer_id, reviewer: r.name ?? r.email ?? '', source: r.source, sourceLabel: CONFLICT_SOURCES[r.source], reason: r.reason, recorded: true }));
}

/** A call's conflicts (a manager's view: none on applications they are themselves conflicted on), detected afresh when asked. */
export async function callConflicts(hub: Hub, viewer: Viewer, callIdOrSlug: string, detect = false): Promise<ConflictView[]> {
  authorise(viewer, 'programme.manage');
  const call = await visibleCall(hub.db, viewer, callIdOrSlug);
  if (detect) {
    const records = await callConflictRecords(hub, viewer, call.id);
    await hub.db.transaction().execute((tx) => refreshConflicts(tx, hub, viewer, call.id, records));
  }
  return conflictViews(hub.db, viewer, call.id);
}
