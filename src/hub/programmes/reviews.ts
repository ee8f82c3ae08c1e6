import type { Executor } from '../../db/connection.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound, type FieldIssue } from '../platform/errors.js';
import { londonTime } from '../platform/london-time.js';
import { parse, isId } from '../platform/validate.js';
import { reviewSettings } from './calls.js';
import { ReviewSave, type ReviewForm } from './contract.js';
import { CONFIDENCE, SCORE_SCALE } from './mechanisms.js';
import { applicationFor } from './programme-access.js';

/** A reviewer's assignment (theirs only, and never one they are conflicted on), locked when asked. */
async function ownAssignment(db: Executor, viewer: Viewer, id: string, lock = false) {
  if (viewer.kind !== 'user' || !isId(id)) throw notFound('assignment');
  let q = db.selectFrom('assignments').selectAll().where('id', '=', id).where('reviewer_id', '=', viewer.userId);
  if (lock) q = q.forUpdate();
  const s = await q.executeTakeFirst();
  if (!s || s.status === 'revoked' || s.status === 'declined') throw notFound('assignment');
  await applicationFor(db, viewer, s.application_id);
  return s;
}

/** The review form of an assignment: the call's criteria on the UKRI 1–6 scale, the reviewer's scores and comments so far. */
export async function getReview(hub: Hub, viewer: Viewer, assignmentId: string): Promise<ReviewForm> {
  authorise(viewer, 'reviews.write');
  const s = await ownAssignment(hub.db, viewer, assignmentId);
  const app = await hub.db.selectFrom('applications as a').innerJoin('calls as c', 'c.id', 'a.call_id').select(['a.id', 'a.reference', 'a.title', 'c.title as call_title', 'c.review']).where('a.id', '=', s.application_id).executeTakeFirstOrThrow();
  const review = await hub.db.selectFrom('reviews').selectAll().where('assignment_id', '=', s.id).executeTakeFirst();
  const settings = reviewSettings(app);
  return {
    assignmentId: s.id,
    application: { id: app.id, reference: app.reference, title: app.title, callTitle: app.call_title },
    criteria: settings.criteria,
    scale: SCORE_SCALE.map((x) => ({ ...x })),
    confidenceLevels: Object.entries(CONFIDENCE).map(([level, label]) => ({ level: Number(level), label })),
    scores: review?.scores ?? {},
    commentsApplicant: review?.comments_applicant ?? '',
    commentsPanel: review?.comments_panel ?? '',
    confidence: review?.confidence ?? null,
    status: review?.status ?? 'draft',
    assignmentStatus: s.status,
    dueAt: s.due_at ? londonTime(s.due_at) : null,
    version: review?.version ?? 1,
    anonymousToApplicants: settings.anonymousToApplicants,
  };
}

/**
 * Saves a review (a draft), or submits it: every criterion scored 1–6, comments for the applicant, and a confidence.
 * Comments for the panel stay with the panel; those for the applicant are what the applicant reads once decided.
 * `version` is the review the reviewer last saw. A submitted review no longer changes.
 */
export async function saveReview(hub: Hub, viewer: Viewer, assignmentId: string, input: unknown): Promise<ReviewForm> {
  authorise(viewer, 'reviews.write');
  const r = parse(ReviewSave, input);
  await hub.db.transaction().execute(async (tx) => {
    const s = await ownAssignment(tx, viewer, assignmentId, true);
    if (s.status === 'invited') throw new HubError('conflict', 'accept the invitation before reviewing');
    const review = await tx.selectFrom('reviews').selectAll().where('assignment_id', '=', s.id).executeTakeFirst();
    if (review?.status === 'submitted') throw new HubError('conflict', 'this review has been submitted and no longer changes');
    if ((review?.version ?? 1) !== r.version) throw new HubError('conflict', 'this review was saved from another window since you opened it: reload it, then make your change again', { issues: [{ field: 'version', message: 'changed since loaded' }] });
    const call = await tx.selectFrom('applications as a').innerJoin('calls as c', 'c.id', 'a.call_id').select(['c.review']).where('a.id', '=', s.application_id).executeTakeFirstOrThrow();
    const criteria = reviewSettings(call).criteria;
    const scores = { ...(review?.scores ?? {}), ...(r.scores ?? {}) };
    for (const code of Object.keys(r.scores ?? {})) if (!criteria.some((c) => c.code === code)) throw invalid(`scores.${code}`, 'is not a criterion of this call');
    const next = {
      scores,
      comments_applicant: r.commentsApplicant ?? review?.comments_applicant ?? '',
      comments_panel: r.commentsPanel ?? review?.comments_panel ?? '',
      confidence: r.confidence === undefined ? (review?.confidence ?? null) : r.confidence,
    };
    if (r.submit) {
      const issues: FieldIssue[] = [];
      for (const c of criteria) if (scores[c.code] === undefined) issues.push({ field: `scores.${c.code}`, message: `“${c.label}” needs a score from 1 to 6` });
      if (!next.comments_applicant.trim()) issues.push({ field: 'commentsApplicant', message: 'Comments for the applicant are required' });
      if (next.confidence === null) issues.push({ field: 'confidence', message: 'Say how confident you are in this assessment' });
      if (issues.length) throw new HubError('validation', `the review is not complete: ${issues[0].message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues });
    }
    const status = r.submit ? ('submitted' as const) : ('draft' as const);
    await tx
      .insertInto('reviews')
      .values({ assignment_id: s.id, scores: JSON.stringify(scores), comments_applicant: next.comments_applicant, comments_panel: next.comments_panel, confidence: next.confidence, status, version: 2, submitted_at: r.submit ? hub.now() : null, updated_at: hub.now() })
      .onConflict((oc) => oc.column('assignment_id').doUpdateSet({ scores: JSON.stringify(scores), comments_applicant: next.comments_applicant, comments_panel: next.comments_panel, confidence: next.confidence, status, version: r.version + 1, submitted_at: r.submit ? hub.now() : null, updated_at: hub.now() }))
      .execute();
    if (r.submit) {
      await tx.updateTable('assignments').set({ status: 'submitted' }).where('id', '=', s.id).execute();
      await recordAudit(tx, viewer, { action: 'programme.review_submit', entityType: 'application', entityId: s.application_id, after: { assignment: s.id, scores, confidence: next.confidence } });
    }
  });
  return getReview(hub, viewer, assignmentId);
}

/**
 * Reminds reviewers of reviews due within three days or overdue, at most once every three days each. Each reminder is
 * claimed by the update that records it, so two server instances running this at once send it once.
 */
export async function remindReviewers(hub: Hub): Promise<number> {
  const now = hub.now();
  const soon = new Date(now.getTime() + 3 * 24 * 3600_000);
  const before = new Date(now.getTime() - 3 * 24 * 3600_000);
  let sent = 0;
  await hub.db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('assignments')
      .set({ reminded_at: now })
      .where('status', 'in', ['invited', 'accepted'])
      .where('due_at', 'is not', null)
      .where('due_at', '<', soon)
      .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('reminded_at', '<', before)]))
      .returning(['id', 'reviewer_id', 'due_at', 'status', 'application_id'])
      .execute();
    if (claimed.length === 0) return;
    const users = new Map((await tx.selectFrom('users').select(['id', 'email']).where('id', 'in', [...new Set(claimed.map((c) => c.reviewer_id))]).execute()).map((u) => [u.id, u.email]));
    const byReviewer = new Map<string, typeof claimed>();
    for (const c of claimed) byReviewer.set(c.reviewer_id, [...(byReviewer.get(c.reviewer_id) ?? []), c]);
    for (const [reviewer, list] of byReviewer) {
      const overdue = list.filter((c) => c.due_at! < now).length;
      const t = londonTime(list.map((c) => c.due_at!).sort((a, b) => a.getTime() - b.getTime())[0]);
      await hub.mailer.enqueue(tx, {
        to: users.get(reviewer)!,
        subject: overdue ? `Reviews overdue (${overdue})` : `Reviews due by ${t.london.replace('T', ' ')} ${t.zone}`,
        text: `You have ${list.length} review${list.length === 1 ? '' : 's'} ${overdue ? `of which ${overdue} overdue` : `due by ${t.london.replace('T', ' ')} ${t.zone}`}${list.some((c) => c.status === 'invited') ? ', some still to accept or decline' : ''}.\n\n${hub.baseUrl}/reviews`,
      });
      sent++;
    }
  });
  await hub.mailer.flush(hub.db);
  return sent;
}
