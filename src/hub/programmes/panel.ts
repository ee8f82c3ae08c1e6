import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { invalid } from '../platform/errors.js';
import { parse } from '../platform/validate.js';
import { formVersion, reviewSettings, visibleCall } from './calls.js';
import { PanelNoteInput, PanelQuery, type PanelRow, type PanelView } from './contract.js';
import { budgetOf, type Question } from './forms.js';
import { applicationFor, visibleApplications } from './programme-access.js';

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/**
 * The panel's table of a call: its eligible full applications ranked by their mean score (the mean over reviews of each
 * review's mean criterion score), with the spread between reviewers, each criterion's mean and range, a flag where
 * reviewers differ on a criterion by the call's disagreement threshold or more, the moderation notes, and the funding
 * line: counting down the order, the applications whose requests fit within the call's budget are above it. `order`
 * (application ids, comma-separated) ranks them by hand instead, to see where the line would fall (nothing is saved).
 * Applications a manager is conflicted on are left out of their view.
 */
export async function panelView(hub: Hub, viewer: Viewer, callIdOrSlug: string, query: unknown = {}): Promise<PanelView> {
  authorise(viewer, 'programme.manage');
  const q = parse(PanelQuery, query);
  const call = await visibleCall(hub.db, viewer, callIdOrSlug);
  const settings = reviewSettings(call);
  const apps = await hub.db
    .selectFrom('applications as a')
    .leftJoin('profiles as p', 'p.user_id', 'a.applicant_id')
    .select(['a.id', 'a.reference', 'a.title', 'a.answers', 'a.form_version', 'a.decision', 'a.decision_reason', 'a.letter_sent_at'])
    .select(sql<string>`coalesce((select t.name from application_team t where t.application_id = a.id and t.role = 'lead' limit 1), p.name, '')`.as('lead'))
    .where('a.call_id', '=', call.id)
    .where('a.stage', '=', 'full')
    .where('a.status', '=', 'submitted')
    .where('a.screening', '=', 'eligible')
    .where(visibleApplications(viewer))
    .execute();
  const ids = apps.map((a) => a.id);
  const none = ['00000000-0000-0000-0000-000000000000'];
  const [reviews, due, notes] = await Promise.all([
    hub.db
      .selectFrom('reviews as r')
      .innerJoin('assignments as s', 's.id', 'r.assignment_id')
      .select(['s.application_id', 'r.scores', 'r.confidence'])
      .where('s.application_id', 'in', ids.length ? ids : none)
      .where('r.status', '=', 'submitted')
      .execute(),
    hub.db
      .selectFrom('assignments')
      .select(['application_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('application_id', 'in', ids.length ? ids : none)
      .where('status', 'in', ['invited', 'accepted'])
      .groupBy('application_id')
      .execute(),
    hub.db
      .selectFrom('panel_notes as n')
      .leftJoin('profiles as p', 'p.user_id', 'n.author_id')
      .select(['n.application_id', 'n.note', 'n.created_at', 'p.name'])
      .where('n.application_id', 'in', ids.length ? ids : none)
      .orderBy('n.created_at')
      .execute(),
  ]);
  const forms = new Map<number, Question[]>();
  for (const v of new Set(apps.map((a) => a.form_version))) forms.set(v, await formVersion(hub.db, call.id, 'full', v));
  const reviewsOf = new Map<string, typeof reviews>();
  for (const r of reviews) reviewsOf.set(r.application_id, [...(reviewsOf.get(r.application_id) ?? []), r]);
  const dueOf = new Map(due.map((d) => [d.application_id, Number(d.n)]));
  const notesOf = new Map<string, typeof notes>();
  for (const n of notes) notesOf.set(n.application_id, [...(notesOf.get(n.application_id) ?? []), n]);
  const criteria = settings.criteria;
  const rows = apps.map((a) => {
    const rs = reviewsOf.get(a.id) ?? [];
    const overall = rs.map((r) => mean(criteria.map((c) => r.scores[c.code]).filter((x): x is number => typeof x === 'number'))).filter((x): x is number => x !== null);
    const per = criteria.map((c) => {
      const xs = rs.map((r) => r.scores[c.code]).filter((x): x is number => typeof x === 'number');
      return { code: c.code, label: c.label, mean: round2(mean(xs)), min: xs.length ? Math.min(...xs) : null, max: xs.length ? Math.max(...xs) : null };
    });
    return {
      applicationId: a.id,
      reference: a.reference,
      title: a.title,
      lead: a.lead,
      requested: budgetOf(forms.get(a.form_version)!, a.answers).reduce((s, l) => s + l.amount, 0),
      reviews: rs.length,
      reviewsDue: dueOf.get(a.id) ?? 0,
      mean: round2(mean(overall)),
      spread: overall.length > 1 ? round2(Math.max(...overall) - Math.min(...overall)) : null,
      criteria: per.map(({ label: _l, ...c }) => c),
      meanConfidence: round2(mean(rs.map((r) => r.confidence).filter((x): x is number => x !== null))),
      disagreement: per.filter((c) => c.min !== null && c.max! - c.min >= settings.disagreement).map((c) => `Reviewers differ by ${c.max! - c.min!} points on ${c.label}`),
      decision: a.decision,
      decisionReason: a.decision_reason,
      letterSent: a.letter_sent_at !== null,
      notes: (notesOf.get(a.id) ?? []).map((n) => ({ author: n.name ?? '', note: n.note, at: n.created_at.toISOString() })),
    };
  });
  const notices: string[] = [];
  let ordered: typeof rows;
  if (q.order) {
    const wanted = q.order.split(',').map((s) => s.trim()).filter(Boolean);
    const byId = new Map(rows.map((r) => [r.applicationId, r]));
    const unknown = wanted.find((id) => !byId.has(id));
    if (unknown) throw invalid('order', `${unknown} is not an application on this panel`);
    const seen = new Set(wanted);
    // the ones not named keep their ranked order after the named ones
    ordered = [...wanted.map((id) => byId.get(id)!), ...rankByScore(rows).filter((r) => !seen.has(r.applicationId))];
  } else ordered = rankByScore(rows);
  let cumulative = 0;
  let line = true;
  const out: PanelRow[] = ordered.map((r, i) => {
    cumulative += r.requested;
    if (cumulative > call.total_budget) line = false;
    return { ...r, rank: i + 1, cumulative, aboveLine: line };
  });
  const unreviewed = out.filter((r) => r.reviews === 0).length;
  if (unreviewed) notices.push(`${unreviewed} application${unreviewed === 1 ? ' has' : 's have'} no submitted review yet: ${unreviewed === 1 ? 'it ranks' : 'they rank'} last.`);
  const flagged = out.filter((r) => r.disagreement.length).length;
  if (flagged) notices.push(`${flagged} application${flagged === 1 ? '' : 's'} flagged for disagreement (reviewers ${settings.disagreement} or more points apart on a criterion): discuss before deciding.`);
  const within = out.filter((r) => r.aboveLine).reduce((s, r) => s + r.requested, 0);
  return {
    call: { id: call.id, slug: call.slug, title: call.title, totalBudget: call.total_budget, maxAmount: call.max_amount },
    criteria: criteria.map((c) => ({ code: c.code, label: c.label })),
    rows: out,
    withinBudget: within,
    remaining: call.total_budget - within,
    whatIf: q.order !== undefined,
    disagreementThreshold: settings.disagreement,
    notices,
  };
}

/** By mean score, highest first; unreviewed last; ties by spread (agreement first), then reference. */
function rankByScore<T extends { mean: number | null; spread: number | null; reference: string | null }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1) || (a.spread ?? 0) - (b.spread ?? 0) || (a.reference ?? '').localeCompare(b.reference ?? ''));
}

/** A moderation note on an application, for the panel. */
export async function addPanelNote(hub: Hub, viewer: Viewer, applicationId: string, input: unknown): Promise<void> {
  authorise(viewer, 'programme.manage');
  const n = parse(PanelNoteInput, input);
  await hub.db.transaction().execute(async (tx: Executor) => {
    const { app } = await applicationFor(tx, viewer, applicationId);
    await tx.insertInto('panel_notes').values({ application_id: app.id, author_id: viewer.kind === 'user' ? viewer.userId : null, note: n.note }).execute();
    await recordAudit(tx, viewer, { action: 'programme.panel_note', entityType: 'application', entityId: app.id, after: n });
  });
}
