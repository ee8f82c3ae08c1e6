import type { Executor } from '../../db/connection.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { parse } from '../platform/validate.js';
import { createAwardFor } from './awards.js';
import { reviewSettings, visibleCall } from './calls.js';
import { DecisionInput, LetterInput } from './contract.js';
import { unknownPlaceholders, type LetterOutcome, type LetterPlaceholder } from './letters.js';
import { composeLetter, mailLetter } from './letters-mail.js';
import { applicationFor, visibleApplications } from './programme-access.js';

const money = (n: number) => `£${n.toLocaleString('en-GB')}`;

/** The reviewers' comments for the applicant, as the letter and the application page give them (anonymous when the call says so). */
async function feedbackText(db: Executor, applicationId: string, anonymous: boolean): Promise<string> {
  const rows = await db
    .selectFrom('reviews as r')
    .innerJoin('assignments as s', 's.id', 'r.assignment_id')
    .leftJoin('profiles as p', 'p.user_id', 's.reviewer_id')
    .select(['r.comments_applicant', 'p.name'])
    .where('s.application_id', '=', applicationId)
    .where('r.status', '=', 'submitted')
    .orderBy('r.submitted_at')
    .execute();
  return rows.map((r, i) => `${anonymous ? `Reviewer ${i + 1}` : (r.name ?? `Reviewer ${i + 1}`)}:\n${r.comments_applicant.trim()}`).join('\n\n');
}

/**
 * The panel's decision on an application: fund (an award is made, with the amount asked for unless another is given),
 * reject, or reserve list, with a reason. It may be changed until the letter is sent.
 */
export async function decide(hub: Hub, viewer: Viewer, applicationId: string, input: unknown): Promise<{ decision: string; awardId: string | null }> {
  authorise(viewer, 'programme.manage');
  const d = parse(DecisionInput, input);
  return hub.db.transaction().execute(async (tx) => {
    const { app } = await applicationFor(tx, viewer, applicationId, true);
    if (app.stage !== 'full' || app.status !== 'submitted' || app.screening !== 'eligible') throw new HubError('conflict', 'decisions are made on submitted full applications screened eligible');
    if (app.letter_sent_at) throw new HubError('conflict', 'the decision letter has been sent: the decision stands');
    const call = await tx.selectFrom('calls').select(['max_amount']).where('id', '=', app.call_id).executeTakeFirstOrThrow();
    if (d.amount !== undefined && d.amount > call.max_amount) throw invalid('amount', `is more than the call's maximum of ${money(call.max_amount)}`);
    if (d.decision !== 'fund' && d.amount !== undefined) throw invalid('amount', 'is given only with a decision to fund');
    // a changed decision: an award made by an earlier "fund" goes, unless it has outcomes
    const earlier = await tx.selectFrom('awards').select(['id']).where('application_id', '=', app.id).executeTakeFirst();
    if (earlier) {
      const used = await tx.selectFrom('outcomes').select('id').where('award_id', '=', earlier.id).limit(1).executeTakeFirst();
      if (used) throw new HubError('conflict', 'the award already has outcomes recorded');
      await tx.deleteFrom('awards').where('id', '=', earlier.id).execute();
    }
    await tx.updateTable('applications').set({ decision: d.decision, decision_reason: d.reason || null, decided_by: viewer.kind === 'user' ? viewer.userId : null, decided_at: hub.now() }).where('id', '=', app.id).execute();
    const awardId = d.decision === 'fund' ? await createAwardFor(tx, hub, app.id, d.amount) : null;
    await tx.updateTable('assignments').set({ status: 'revoked' }).where('application_id', '=', app.id).where('status', 'in', ['invited', 'accepted']).execute();
    await recordAudit(tx, viewer, { action: 'programme.decide', entityType: 'application', entityId: app.id, before: { decision: app.decision }, after: { ...d, award: awardId } });
    return { decision: d.decision, awardId };
  });
}

async function letterValues(db: Executor, applicationId: string): Promise<{ outcome: LetterOutcome; values: Partial<Record<LetterPlaceholder, string>> }> {
  const a = await db.selectFrom('applications as a').innerJoin('calls as c', 'c.id', 'a.call_id').select(['a.id', 'a.decision', 'a.decision_reason', 'c.review']).where('a.id', '=', applicationId).executeTakeFirstOrThrow();
  if (!a.decision) throw new HubError('conflict', 'the application has no decision yet');
  const award = await db.selectFrom('awards').select(['amount']).where('application_id', '=', a.id).executeTakeFirst();
  return {
    outcome: a.decision,
    values: { reason: a.decision_reason ?? '', feedback: await feedbackText(db, a.id, reviewSettings(a).anonymousToApplicants), amount: award ? money(award.amount) : '' },
  };
}

/** The letter an application's lead would receive, as it stands (for the manager to read before sending). */
export async function previewLetter(hub: Hub, viewer: Viewer, applicationId: string): Promise<{ to: string; subject: string; text: string }> {
  authorise(viewer, 'programme.manage');
  const { app } = await applicationFor(hub.db, viewer, applicationId);
  const { outcome, values } = await letterValues(hub.db, app.id);
  return composeLetter(hub.db, hub, app.id, outcome, values);
}

/** Sends the decision letters of a call's decided applications that have not had theirs (through the outbox, or SMTP). */
export async function releaseDecisions(hub: Hub, viewer: Viewer, callIdOrSlug: string): Promise<{ sent: number }> {
  authorise(viewer, 'programme.manage');
  const call = await visibleCall(hub.db, viewer, callIdOrSlug);
  const sent = await hub.db.transaction().execute(async (tx) => {
    const pending = await tx.selectFrom('applications as a').select('a.id').where('a.call_id', '=', call.id).where('a.decision', 'is not', null).where('a.letter_sent_at', 'is', null).where(visibleApplications(viewer)).forUpdate().execute();
    for (const p of pending) {
      const { outcome, values } = await letterValues(tx, p.id);
      await mailLetter(tx, hub, p.id, outcome, values);
      await tx.updateTable('applications').set({ letter_sent_at: hub.now() }).where('id', '=', p.id).execute();
    }
    await recordAudit(tx, viewer, { action: 'programme.letters_send', entityType: 'call', entityId: call.id, after: { sent: pending.length } });
    return pending.length;
  });
  await hub.mailer.flush(hub.db);
  return { sent };
}

export async function listLetters(hub: Hub, viewer: Viewer, callIdOrSlug: string) {
  authorise(viewer, 'programme.manage');
  const call = await visibleCall(hub.db, viewer, callIdOrSlug);
  return hub.db.selectFrom('call_letters').select(['outcome', 'subject', 'body']).where('call_id', '=', call.id).orderBy('outcome').execute();
}

/** Edits a call's letter for an outcome; a placeholder that does not exist is refused, naming it. */
export async function updateLetter(hub: Hub, viewer: Viewer, callIdOrSlug: string, outcome: string, input: unknown) {
  authorise(viewer, 'programme.manage');
  const l = parse(LetterInput, input);
  const call = await visibleCall(hub.db, viewer, callIdOrSlug);
  for (const field of ['subject', 'body'] as const) {
    const bad = unknownPlaceholders(l[field]);
    if (bad.length) throw invalid(field, `{{${bad[0]}}} is not a placeholder (use name, call, title, reference, reason, feedback, amount or link)`);
  }
  await hub.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('call_letters').set({ subject: l.subject, body: l.body, updated_by: viewer.kind === 'user' ? viewer.userId : null, updated_at: hub.now() }).where('call_id', '=', call.id).where('outcome', '=', outcome as LetterOutcome).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound('letter');
    await recordAudit(tx, viewer, { action: 'programme.letter_update', entityType: 'call', entityId: call.id, after: { outcome } });
  });
  return listLetters(hub, viewer, call.id);
}
