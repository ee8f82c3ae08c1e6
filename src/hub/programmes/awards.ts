import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { authorise, can, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { parse, isId } from '../platform/validate.js';
import { currentForm, formVersion } from './calls.js';
import { AwardPatch, ReportReview, ReportSave, type AwardCard, type AwardView, type OutcomeView, type ReportView } from './contract.js';
import { budgetOf, checkAnswers } from './forms.js';
import { OUTCOME_TYPES, type OutcomeType } from './mechanisms.js';

const day = (d: Date) => d.toISOString().slice(0, 10);
/** A date some months on, the day kept where the month has it (31 March + 1 month is 30 April). */
const addMonths = (iso: string, months: number) => {
  const [y, m, d] = iso.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return day(new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))));
};
const addDays = (iso: string, days: number) => day(new Date(new Date(`${iso}T00:00:00Z`).getTime() + days * 86_400_000));

/**
 * The award of a funded application: its amount with the budget lines asked for (scaled to the amount when it differs,
 * in whole pounds, the last line taking the rounding), starting on the first of the month after the decision for the
 * duration asked for, with an interim report half way (for awards of six months or more) and a final report a month
 * after the end. The team is the application's (lead, confirmed members, partners).
 */
export async function createAwardFor(tx: Executor, hub: Hub, applicationId: string, amount: number | undefined, options: { start?: string; isExample?: boolean } = {}): Promise<string> {
  const app = await tx.selectFrom('applications').selectAll().where('id', '=', applicationId).executeTakeFirstOrThrow();
  const questions = await formVersion(tx, app.call_id, 'full', app.form_version);
  const lines = budgetOf(questions, app.answers);
  const requested = lines.reduce((s, l) => s + l.amount, 0);
  const awarded = amount ?? requested;
  const scaled = lines.map((l) => ({ category: l.category, amount: requested > 0 ? Math.floor((l.amount * awarded) / requested) : 0 }));
  if (scaled.length) scaled[scaled.length - 1].amount += awarded - scaled.reduce((s, l) => s + l.amount, 0);
  const months = typeof app.answers.duration_months === 'number' && app.answers.duration_months > 0 ? Math.round(app.answers.duration_months) : 12;
  const now = hub.now();
  const start = options.start ?? day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
  const end = addDays(addMonths(start, months), -1);
  const award = await tx
    .insertInto('awards')
    .values({ application_id: app.id, call_id: app.call_id, reference: app.reference ?? `AW-${app.id.slice(0, 8)}`, title: app.title, holder_id: app.applicant_id, amount: awarded, start_date: start, end_date: end, is_example: options.isExample ?? app.is_example })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (scaled.length) await tx.insertInto('award_budget_lines').values(scaled.map((l, position) => ({ award_id: award.id, position, ...l }))).execute();
  const team = await tx.selectFrom('application_team').selectAll().where('application_id', '=', app.id).where((eb) => eb.or([eb('confirmation', '=', 'confirmed'), eb('role', '=', 'partner')])).orderBy('position').execute();
  if (team.length) await tx.insertInto('award_team').values(team.map((m, position) => ({ award_id: award.id, position, role: m.role, profile_id: m.profile_id, name: m.name, orcid: m.orcid, organisation_id: m.organisation_id, organisation_name: m.organisation_name }))).execute();
  const reports = [...(months >= 6 ? [{ kind: 'interim' as const, due_on: addMonths(start, Math.floor(months / 2)) }] : []), { kind: 'final' as const, due_on: addMonths(end, 1) }];
  await tx.insertInto('award_reports').values(reports.map((r) => ({ award_id: award.id, ...r, answers: '{}' }))).execute();
  return award.id;
}

function cards(db: Executor) {
  return db
    .selectFrom('awards as w')
    .innerJoin('calls as c', 'c.id', 'w.call_id')
    .innerJoin('programme_mechanisms as m', 'm.code', 'c.mechanism')
    .leftJoin('profiles as p', 'p.user_id', 'w.holder_id')
    .select(['w.id', 'w.reference', 'w.title', 'w.amount', 'w.start_date', 'w.end_date', 'w.status', 'w.is_example', 'w.holder_id', 'w.application_id', 'c.id as call_id', 'c.slug', 'c.title as call_title', 'c.mechanism', 'm.name as mechanism_name'])
    .select(sql<string>`coalesce((select t.name from award_team t where t.award_id = w.id and t.role = 'lead' limit 1), p.name, '')`.as('holder'))
    .select(sql<string | null>`(select t.organisation_name from award_team t where t.award_id = w.id and t.role = 'lead' limit 1)`.as('lead_organisation'))
    .select(sql<number>`(select count(*) from outcomes o where o.award_id = w.id)::int`.as('outcomes'));
}
type CardRow = Awaited<ReturnType<ReturnType<typeof cards>['execute']>>[number];
const dayText = (d: string | Date) => (d instanceof Date ? day(d) : d);
const cardOf = (r: CardRow): AwardCard => ({
  id: r.id,
  reference: r.reference,
  title: r.title,
  call: { id: r.call_id, slug: r.slug, title: r.call_title },
  mechanism: { code: r.mechanism, label: r.mechanism_name },
  holder: r.holder,
  leadOrganisation: r.lead_organisation,
  amount: r.amount,
  startDate: dayText(r.start_date),
  endDate: dayText(r.end_date),
  status: r.status,
  outcomes: Number(r.outcomes),
  isExample: r.is_example,
});

/** Every award, newest first (awards are public, as Gateway to Research publishes them). */
export async function listAwards(hub: Hub, viewer: Viewer, filter: { call?: string; mine?: boolean } = {}): Promise<AwardCard[]> {
  authorise(viewer, 'calls.read');
  let q = cards(hub.db);
  if (filter.call) q = q.where((eb) => eb.or([eb('c.slug', '=', filter.call!), ...(isId(filter.call!) ? [eb('c.id', '=', filter.call!)] : [])]));
  if (filter.mine) {
    if (viewer.kind !== 'user') return [];
    q = q.where((eb) => eb.or([eb('w.holder_id', '=', viewer.userId), eb.exists(eb.selectFrom('award_team as t').innerJoin('profiles as tp', 'tp.id', 't.profile_id').select('t.position').whereRef('t.award_id', '=', 'w.id').where('tp.user_id', '=', viewer.userId))]));
  }
  return (await q.orderBy('w.start_date', 'desc').orderBy('w.reference').execute()).map(cardOf);
}

async function awardRow(db: Executor, id: string, lock = false) {
  if (!isId(id)) throw notFound('award');
  let q = db.selectFrom('awards').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const a = await q.executeTakeFirst();
  if (!a) throw notFound('award');
  return a;
}

/** Whether the viewer holds the award (its lead) or is on its team. */
async function onTeam(db: Executor, viewer: Viewer, award: { id: string; holder_id: string | null }): Promise<boolean> {
  if (viewer.kind !== 'user') return false;
  if (award.holder_id === viewer.userId) return true;
  return !!(await db.selectFrom('award_team as t').innerJoin('profiles as p', 'p.id', 't.profile_id').select('t.position').where('t.award_id', '=', award.id).where('p.user_id', '=', viewer.userId).executeTakeFirst());
}

export function outcomeView(o: { id: string; award_id: string; type: string; title: string; description: string; year: number | null; details: Record<string, unknown>; library_item_id: string | null; is_example: boolean }): OutcomeView {
  const t = OUTCOME_TYPES[o.type as OutcomeType];
  return { id: o.id, awardId: o.award_id, type: o.type as OutcomeType, typeLabel: t.label, gtrType: t.gtr, title: o.title, description: o.description, year: o.year, details: o.details, libraryItemId: o.library_item_id, isExample: o.is_example };
}

export async function getAward(hub: Hub, viewer: Viewer, id: string): Promise<AwardView> {
  authorise(viewer, 'calls.read');
  const a = await awardRow(hub.db, id);
  const [card] = (await cards(hub.db).where('w.id', '=', a.id).execute()).map(cardOf);
  const team = await hub.db.selectFrom('award_team').selectAll().where('award_id', '=', a.id).orderBy('position').execute();
  const lines = await hub.db.selectFrom('award_budget_lines').select(['category', 'amount']).where('award_id', '=', a.id).orderBy('position').execute();
  const milestones = await hub.db.selectFrom('award_milestones').selectAll().where('award_id', '=', a.id).orderBy('due_on').execute();
  const outcomes = await hub.db.selectFrom('outcomes').selectAll().where('award_id', '=', a.id).orderBy('year', 'desc').orderBy('created_at').execute();
  const holder = await onTeam(hub.db, viewer, a);
  const manager = can(viewer, 'programme.manage');
  // reports are the holder's and the programme's
  const reports = holder || manager ? await reportViews(hub, a) : [];
  return {
    ...card,
    applicationId: a.application_id,
    team: team.map((m) => ({ role: m.role, name: m.name, profileId: m.profile_id, organisation: m.organisation_name })),
    budgetLines: lines,
    milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueOn: dayText(m.due_on), doneOn: m.done_on ? dayText(m.done_on) : null })),
    reports,
    outcomeList: outcomes.map(outcomeView),
    can: { report: holder && a.status !== 'terminated', manage: manager },
  };
}

async function reportViews(hub: Hub, a: { id: string; call_id: string }): Promise<ReportView[]> {
  const rows = await hub.db.selectFrom('award_reports').selectAll().where('award_id', '=', a.id).orderBy('due_on').execute();
  const current = await currentForm(hub.db, a.call_id, 'report');
  const today = day(hub.now());
  const out: ReportView[] = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      kind: r.kind,
      dueOn: dayText(r.due_on),
      status: r.status,
      overdue: (r.status === 'due' || r.status === 'returned') && dayText(r.due_on) < today,
      questions: r.form_version ? await formVersion(hub.db, a.call_id, 'report', r.form_version) : current.questions,
      answers: r.answers,
      submittedAt: r.submitted_at?.toISOString() ?? null,
      reviewNote: r.review_note,
      version: r.version,
    });
  }
  return out;
}

/** A programme manager edits an award: amount, dates, status, budget lines (their total is the amount), milestones, reporting schedule. */
export async function updateAward(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<AwardView> {
  authorise(viewer, 'programme.manage');
  const p = parse(AwardPatch, input);
  await hub.db.transaction().execute(async (tx) => {
    const a = await awardRow(tx, id, true);
    const start = p.startDate ?? dayText(a.start_date);
    const end = p.endDate ?? dayText(a.end_date);
    if (end <= start) throw invalid('endDate', 'must be after the start');
    const amount = p.amount ?? a.amount;
    if (p.budgetLines) {
      const total = p.budgetLines.reduce((s, l) => s + l.amount, 0);
      if (total !== amount) throw invalid('budgetLines', `total £${total.toLocaleString('en-GB')}, not the award's £${amount.toLocaleString('en-GB')}`);
    }
    await tx.updateTable('awards').set({ title: p.title ?? a.title, amount, start_date: start, end_date: end, status: p.status ?? a.status, updated_at: hub.now() }).where('id', '=', a.id).execute();
    if (p.budgetLines) {
      await tx.deleteFrom('award_budget_lines').where('award_id', '=', a.id).execute();
      if (p.budgetLines.length) await tx.insertInto('award_budget_lines').values(p.budgetLines.map((l, position) => ({ award_id: a.id, position, ...l }))).execute();
    }
    if (p.milestones) {
      await tx.deleteFrom('award_milestones').where('award_id', '=', a.id).execute();
      if (p.milestones.length) await tx.insertInto('award_milestones').values(p.milestones.map((m) => ({ award_id: a.id, title: m.title, due_on: m.dueOn, done_on: m.doneOn ?? null }))).execute();
    }
    if (p.reports) {
      // reports already in stay; the schedule of those still due is replaced
      await tx.deleteFrom('award_reports').where('award_id', '=', a.id).where('status', '=', 'due').where('submitted_at', 'is', null).execute();
      if (p.reports.length) await tx.insertInto('award_reports').values(p.reports.map((r) => ({ award_id: a.id, kind: r.kind, due_on: r.dueOn, answers: '{}' }))).execute();
    }
    await recordAudit(tx, viewer, { action: 'programme.award_update', entityType: 'award', entityId: a.id, before: { amount: a.amount, status: a.status }, after: p });
  });
  return getAward(hub, viewer, id);
}

/** The holder saves (or submits) a report on the call's report form; its questions are those of the version it was started on. */
export async function saveReport(hub: Hub, viewer: Viewer, reportId: string, input: unknown): Promise<ReportView> {
  if (viewer.kind !== 'user') throw new HubError('unauthenticated', 'sign in to do this');
  const r = parse(ReportSave, input);
  if (!isId(reportId)) throw notFound('report');
  const awardId = await hub.db.transaction().execute(async (tx) => {
    const rep = await tx.selectFrom('award_reports').selectAll().where('id', '=', reportId).forUpdate().executeTakeFirst();
    if (!rep) throw notFound('report');
    const a = await awardRow(tx, rep.award_id);
    if (!(await onTeam(tx, viewer, a))) throw can(viewer, 'programme.manage') ? new HubError('forbidden', 'the award holder writes the report') : notFound('report');
    if (rep.status === 'submitted' || rep.status === 'accepted') throw new HubError('conflict', `this report is ${rep.status}`);
    if (rep.version !== r.version) throw new HubError('conflict', 'this report was saved from another window since you opened it: reload it, then make your change again', { issues: [{ field: 'version', message: 'changed since loaded' }] });
    const form = rep.form_version ? { version: rep.form_version, questions: await formVersion(tx, a.call_id, 'report', rep.form_version) } : await currentForm(tx, a.call_id, 'report');
    const answers = { ...rep.answers, ...(r.answers ?? {}) };
    for (const k of Object.keys(r.answers ?? {})) if (!form.questions.some((q) => q.id === k)) throw invalid(`answers.${k}`, 'is not a question of this form');
    if (r.submit) {
      const issues = checkAnswers(form.questions, answers, { maxAmount: a.amount, files: new Map() });
      if (issues.length) throw new HubError('validation', `the report is not complete: ${issues[0].message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues });
    }
    await tx
      .updateTable('award_reports')
      .set({ answers: JSON.stringify(answers), form_version: form.version, version: rep.version + 1, ...(r.submit && { status: 'submitted', submitted_at: hub.now() }) })
      .where('id', '=', rep.id)
      .execute();
    if (r.submit) await recordAudit(tx, viewer, { action: 'programme.report_submit', entityType: 'award', entityId: a.id, after: { report: rep.id, kind: rep.kind } });
    return a.id;
  });
  const a = await awardRow(hub.db, awardId);
  return (await reportViews(hub, a)).find((x) => x.id === reportId)!;
}

/** A programme manager accepts a submitted report or returns it with a note (the holder revises and submits again). */
export async function reviewReport(hub: Hub, viewer: Viewer, reportId: string, input: unknown): Promise<ReportView> {
  authorise(viewer, 'programme.manage');
  const r = parse(ReportReview, input);
  if (!isId(reportId)) throw notFound('report');
  const a = await hub.db.transaction().execute(async (tx) => {
    const rep = await tx.selectFrom('award_reports').selectAll().where('id', '=', reportId).forUpdate().executeTakeFirst();
    if (!rep) throw notFound('report');
    if (rep.status !== 'submitted') throw new HubError('conflict', 'only a submitted report is accepted or returned');
    if (!r.accept && !r.note) throw invalid('note', 'is required: say what to revise');
    await tx.updateTable('award_reports').set({ status: r.accept ? 'accepted' : 'returned', reviewed_by: viewer.kind === 'user' ? viewer.userId : null, reviewed_at: hub.now(), review_note: r.note || null }).where('id', '=', rep.id).execute();
    const award = await awardRow(tx, rep.award_id);
    if (!r.accept && award.holder_id) {
      const u = await tx.selectFrom('users').select('email').where('id', '=', award.holder_id).executeTakeFirstOrThrow();
      await hub.mailer.enqueue(tx, { to: u.email, subject: `Your ${rep.kind} report for ${award.reference} was returned`, text: `${r.note}\n\nRevise it at ${hub.baseUrl}/awards/${award.id}` });
    }
    await recordAudit(tx, viewer, { action: r.accept ? 'programme.report_accept' : 'programme.report_return', entityType: 'award', entityId: award.id, after: { report: rep.id, note: r.note } });
    return award;
  });
  await hub.mailer.flush(hub.db);
  return (await reportViews(hub, a)).find((x) => x.id === reportId)!;
}

/** Reminds holders of reports due within 14 days or overdue, at most weekly each (claimed by the update, so sent once). */
export async function remindReports(hub: Hub): Promise<number> {
  const now = hub.now();
  const soon = day(new Date(now.getTime() + 14 * 86_400_000));
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  let sent = 0;
  await hub.db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('award_reports as r')
      .set({ reminded_at: now })
      .from('awards as a')
      .whereRef('a.id', '=', 'r.award_id')
      .where('a.status', '=', 'active')
      .where('r.status', 'in', ['due', 'returned'])
      .where('r.due_on', '<=', soon)
      .where((eb) => eb.or([eb('r.reminded_at', 'is', null), eb('r.reminded_at', '<', weekAgo)]))
      .returning(['r.id', 'r.kind', 'r.due_on', 'a.holder_id', 'a.reference', 'a.id as award_id'])
      .execute();
    for (const c of claimed) {
      if (!c.holder_id) continue;
      const u = await tx.selectFrom('users').select('email').where('id', '=', c.holder_id).executeTakeFirstOrThrow();
      const due = dayText(c.due_on);
      await hub.mailer.enqueue(tx, { to: u.email, subject: `${c.kind === 'final' ? 'Final' : 'Interim'} report for ${c.reference} ${due < day(now) ? 'overdue' : `due ${due}`}`, text: `Your ${c.kind} report on award ${c.reference} is ${due < day(now) ? `overdue (it was due on ${due})` : `due on ${due}`}.\n\n${hub.baseUrl}/awards/${c.award_id}` });
      sent++;
    }
  });
  await hub.mailer.flush(hub.db);
  return sent;
}
