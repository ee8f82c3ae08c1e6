import icalGenerator from 'ical-generator';
import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { toAtom, type Feed } from '../../formats/feeds.js';
import { authorise, can, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { londonTime } from '../platform/london-time.js';
import { renderMarkdown } from '../platform/markdown.js';
import { CAREER_STAGES, ORGANISATION_TYPES, type TermView } from '../platform/model.js';
import { parse, isId } from '../platform/validate.js';
import { labelOf, requireTerm, taxonomies, type Taxonomies } from '../taxonomy/taxonomy.js';
import { CallInput, CallPatch, CallQuery, Eligibility, FormInput, MechanismPatch, ReviewSettings, type CallCard, type CallStatus, type CallView, type FormView, type MechanismView } from './contract.js';
import { FormQuestions, type Question } from './forms.js';
import { DEFAULT_CRITERIA, DEFAULT_EOI_FORM, DEFAULT_REPORT_FORM, SANDPIT_EOI_FORM } from './mechanisms.js';
import { DEFAULT_LETTERS } from './letters.js';

type CallRow = Awaited<ReturnType<typeof callRows>>[number];
const CALL_TERMS = { themes: 'theme', technologies: 'technology', sectors: 'sector' } as const;

/** Where a call stands at an instant: a draft, not yet open, open, or closed (its last deadline passed). */
export function callStatus(row: { state: string; opens_at: Date; closes_at: Date }, now: Date): CallStatus {
  if (row.state === 'draft') return 'draft';
  if (now < row.opens_at) return 'upcoming';
  return now < row.closes_at ? 'open' : 'closed';
}

/** The stage a member applies to at an instant: the expression of interest until it closes, then the full application (by invitation). */
export function applyingStage(row: { stages: string; opens_at: Date; closes_at: Date; eoi_closes_at: Date | null }, now: Date): 'eoi' | 'full' | null {
  if (now < row.opens_at || now >= row.closes_at) return null;
  if (row.stages === 'eoi_full') return row.eoi_closes_at && now < row.eoi_closes_at ? 'eoi' : 'full';
  return 'full';
}

/** The deadline of a stage. */
export function stageCloses(row: { stages: string; closes_at: Date; eoi_closes_at: Date | null }, stage: 'eoi' | 'full'): Date {
  return stage === 'eoi' && row.eoi_closes_at ? row.eoi_closes_at : row.closes_at;
}

/** Calls with their mechanism's name and their terms. */
function callQuery(db: Executor) {
  return db
    .selectFrom('calls as c')
    .innerJoin('programme_mechanisms as m', 'm.code', 'c.mechanism')
    .select(['c.id', 'c.slug', 'c.mechanism', 'm.name as mechanism_name', 'c.title', 'c.summary', 'c.body', 'c.opens_at', 'c.closes_at', 'c.eoi_closes_at', 'c.stages', 'c.eligibility', 'c.max_amount', 'c.total_budget', 'c.review', 'c.state', 'c.is_example', 'c.version', 'c.created_at', 'c.updated_at'])
    .select(sql<{ taxonomy: string; code: string }[]>`coalesce((select json_agg(json_build_object('taxonomy', t.taxonomy, 'code', t.code) order by t.taxonomy, t.code) from call_terms t where t.call_id = c.id), '[]'::json)`.as('terms'));
}

const callRows = (db: Executor) => callQuery(db).execute();

async function callRow(db: Executor, idOrSlug: string, lock = false): Promise<CallRow> {
  let q = callQuery(db).where(isId(idOrSlug) ? 'c.id' : 'c.slug', '=', idOrSlug);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('call');
  return row;
}

/** A call the viewer may see: published ones to everyone, drafts to programme managers. */
export async function visibleCall(db: Executor, viewer: Viewer, idOrSlug: string, lock = false): Promise<CallRow> {
  const row = await callRow(db, idOrSlug, lock);
  if (row.state === 'draft' && !can(viewer, 'programme.manage')) throw notFound('call');
  return row;
}

const termsOf = (all: Taxonomies, row: Pick<CallRow, 'terms'>, taxonomy: 'theme' | 'technology' | 'sector'): TermView[] =>
  row.terms.filter((t) => t.taxonomy === taxonomy).map((t) => ({ code: t.code, label: labelOf(all, taxonomy, t.code) }));

/** The review settings of a call, its defaults filled in. */
export function reviewSettings(row: Pick<CallRow, 'review'>) {
  const r = ReviewSettings.parse({ ...(row.review as object), reviewDeadline: undefined });
  const deadline = (row.review as { reviewDeadline?: string | null }).reviewDeadline;
  return { ...r, criteria: r.criteria ?? DEFAULT_CRITERIA.map((c) => ({ ...c })), reviewDeadline: deadline ? new Date(deadline) : null, conflictDatasets: r.conflictDatasets ?? null };
}

function cardOf(all: Taxonomies, row: CallRow, now: Date): CallCard {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    mechanism: { code: row.mechanism, label: row.mechanism_name },
    status: callStatus(row, now),
    opensAt: londonTime(row.opens_at),
    closesAt: londonTime(row.closes_at),
    eoiClosesAt: row.eoi_closes_at ? londonTime(row.eoi_closes_at) : null,
    stages: row.stages,
    maxAmount: row.max_amount,
    totalBudget: row.total_budget,
    themes: termsOf(all, row, 'theme'),
    isExample: row.is_example,
  };
}

/** The eligibility rules in words, as the call page lists them. */
export function eligibilityText(all: Taxonomies, e: Eligibility): string[] {
  const out: string[] = [];
  if (e.membersOnly) out.push('Lead applicants must be members of the network (sign-up is free).');
  if (e.careerStages.length) out.push(`Lead applicants' career stage: ${e.careerStages.map((c) => CAREER_STAGES[c as keyof typeof CAREER_STAGES] ?? c).join(', ')}.`);
  if (e.organisationTypes.length) out.push(`The lead organisation must be: ${e.organisationTypes.map((c) => ORGANISATION_TYPES[c as keyof typeof ORGANISATION_TYPES] ?? c).join(', ')}.`);
  if (e.regions.length) out.push(`The lead organisation must be in: ${e.regions.map((c) => labelOf(all, 'region', c)).join(', ')}.`);
  if (e.notes) out.push(e.notes);
  return out;
}

export async function listCalls(hub: Hub, viewer: Viewer, query: unknown): Promise<CallCard[]> {
  authorise(viewer, 'calls.read');
  const q = parse(CallQuery, query);
  const [all, rows] = await Promise.all([taxonomies(hub), callRows(hub.db)]);
  const now = hub.now();
  const manager = can(viewer, 'programme.manage');
  const words = q.q ? q.q.toLowerCase().split(/\s+/).filter(Boolean) : [];
  const has = (row: CallRow, taxonomy: string, wanted: string[] | undefined) => !wanted?.length || row.terms.some((t) => t.taxonomy === taxonomy && wanted.includes(t.code));
  return rows
    .filter((r) => (r.state === 'published' || manager) && (q.status === 'all' || callStatus(r, now) === q.status))
    .filter((r) => (!q.mechanism?.length || q.mechanism.includes(r.mechanism)) && has(r, 'theme', q.theme) && has(r, 'technology', q.technology) && has(r, 'sector', q.sector))
    .filter((r) => words.every((w) => `${r.title} ${r.summary} ${r.mechanism_name}`.toLowerCase().includes(w)))
    .map((r) => cardOf(all, r, now))
    .sort((a, b) => ORDER[a.status] - ORDER[b.status] || (a.status === 'closed' ? b.closesAt.utc.localeCompare(a.closesAt.utc) : a.closesAt.utc.localeCompare(b.closesAt.utc)));
}
const ORDER: Record<CallStatus, number> = { open: 0, upcoming: 1, draft: 2, closed: 3 };

export async function getCall(hub: Hub, viewer: Viewer, idOrSlug: string): Promise<CallView> {
  authorise(viewer, 'calls.read');
  const [all, row] = await Promise.all([taxonomies(hub), visibleCall(hub.db, viewer, idOrSlug)]);
  const now = hub.now();
  const review = reviewSettings(row);
  const eligibility = Eligibility.parse(row.eligibility);
  const own =
    viewer.kind === 'user'
      ? await hub.db.selectFrom('applications').select(['id', 'stage', 'status', 'eoi_outcome']).where('call_id', '=', row.id).where('applicant_id', '=', viewer.userId).where('status', '<>', 'withdrawn').orderBy('created_at', 'desc').execute()
      : [];
  const mine = own[0];
  const applying = row.state === 'published' ? applyingStage(row, now) : null;
  // a full application to a two-stage call: for those whose expression of interest was invited, once
  const invited = own.some((a) => a.stage === 'eoi' && a.eoi_outcome === 'invite') && !own.some((a) => a.stage === 'full');
  return {
    ...cardOf(all, row, now),
    body: row.body,
    bodyHtml: renderMarkdown(row.body),
    technologies: termsOf(all, row, 'technology'),
    sectors: termsOf(all, row, 'sector'),
    eligibility,
    eligibilityText: eligibilityText(all, eligibility),
    review: { ...review, reviewDeadline: review.reviewDeadline ? londonTime(review.reviewDeadline) : null },
    version: row.version,
    applying,
    myApplication: mine ? { id: mine.id, stage: mine.stage, status: mine.status } : null,
    can: { apply: applying !== null && can(viewer, 'applications.submit') && (applying === 'eoi' ? !own.some((a) => a.stage === 'eoi') : row.stages === 'full' ? own.length === 0 : invited), manage: can(viewer, 'programme.manage') },
  };
}

function slugOf(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'call'
  );
}

async function checkCall(tx: Executor, all: Taxonomies, c: CallInput): Promise<void> {
  const m = await tx.selectFrom('programme_mechanisms').selectAll().where('code', '=', c.mechanism).executeTakeFirst();
  if (!m) throw invalid('mechanism', `unknown mechanism ${c.mechanism}`);
  if (c.maxAmount > m.award_max) throw invalid('maxAmount', `is more than the ${m.name.toLowerCase()} mechanism's largest award (£${m.award_max.toLocaleString('en-GB')})`);
  if (c.maxAmount > c.totalBudget) throw invalid('maxAmount', 'is more than the call’s total budget');
  if (c.closesAt <= c.opensAt) throw invalid('closesAt', 'must be after the opening');
  if (c.stages === 'eoi_full') {
    if (!c.eoiClosesAt) throw invalid('eoiClosesAt', 'is required: the call has an expression-of-interest stage');
    if (c.eoiClosesAt <= c.opensAt || c.eoiClosesAt >= c.closesAt) throw invalid('eoiClosesAt', 'must fall between the opening and the closing');
  } else if (c.eoiClosesAt) throw invalid('eoiClosesAt', 'applies only to a call with an expression-of-interest stage');
  for (const [field, taxonomy] of Object.entries(CALL_TERMS)) c[field as keyof typeof CALL_TERMS].forEach((code, i) => requireTerm(all, taxonomy, code, `${field}[${i}]`));
  c.eligibility.regions.forEach((code, i) => requireTerm(all, 'region', code, `eligibility.regions[${i}]`));
  c.eligibility.careerStages.forEach((code, i) => {
    if (!(code in CAREER_STAGES)) throw invalid(`eligibility.careerStages[${i}]`, `must be one of ${Object.keys(CAREER_STAGES).join(', ')}`);
  });
  c.eligibility.organisationTypes.forEach((code, i) => {
    if (!(code in ORGANISATION_TYPES)) throw invalid(`eligibility.organisationTypes[${i}]`, `must be one of ${Object.keys(ORGANISATION_TYPES).join(', ')}`);
  });
  for (const [i, slug] of (c.review.conflictDatasets ?? []).entries()) {
    const d = await tx.selectFrom('datasets').select('kind').where('slug', '=', slug).executeTakeFirst();
    if (d?.kind !== 'records') throw invalid(`review.conflictDatasets[${i}]`, `${slug} is not a data set of records`);
  }
  if (c.review.criteria) {
    const codes = c.review.criteria.map((x) => x.code);
    if (new Set(codes).size !== codes.length) throw invalid('review.criteria', 'repeats a criterion');
  }
}

const reviewJson = (r: CallInput['review']) => ({ ...r, reviewDeadline: r.reviewDeadline ? r.reviewDeadline.toISOString() : null });

async function writeTerms(tx: Executor, callId: string, c: Pick<CallInput, 'themes' | 'technologies' | 'sectors'>): Promise<void> {
  await tx.deleteFrom('call_terms').where('call_id', '=', callId).execute();
  const rows = Object.entries(CALL_TERMS).flatMap(([field, taxonomy]) => [...new Set(c[field as keyof typeof CALL_TERMS])].map((code) => ({ call_id: callId, taxonomy, code })));
  if (rows.length) await tx.insertInto('call_terms').values(rows).execute();
}

/** Opens a call (a draft until `published`), with its mechanism's forms and the default decision letters. */
export async function createCall(hub: Hub, viewer: Viewer, input: unknown): Promise<CallView> {
  authorise(viewer, 'programme.manage');
  const c = parse(CallInput, input);
  const all = await taxonomies(hub);
  const id = await hub.db.transaction().execute(async (tx) => {
    await checkCall(tx, all, c);
    const mechanism = await tx.selectFrom('programme_mechanisms').select(['default_form']).where('code', '=', c.mechanism).executeTakeFirstOrThrow();
    let slug = c.slug ?? slugOf(c.title);
    if (c.slug && (await tx.selectFrom('calls').select('id').where('slug', '=', slug).executeTakeFirst())) throw invalid('slug', 'is taken by another call');
    for (let n = 2; await tx.selectFrom('calls').select('id').where('slug', '=', slug).executeTakeFirst(); n++) slug = `${slugOf(c.title)}-${n}`;
    const row = await tx
      .insertInto('calls')
      .values({
        slug,
        mechanism: c.mechanism,
        title: c.title,
        summary: c.summary,
        body: c.body,
        opens_at: c.opensAt,
        closes_at: c.closesAt,
        eoi_closes_at: c.eoiClosesAt ?? null,
        stages: c.stages,
        eligibility: JSON.stringify(c.eligibility),
        max_amount: c.maxAmount,
        total_budget: c.totalBudget,
        review: JSON.stringify(reviewJson(c.review)),
        state: c.published ? 'published' : 'draft',
        created_by: viewer.kind === 'user' ? viewer.userId : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeTerms(tx, row.id, c);
    const forms: { stage: 'eoi' | 'full' | 'report'; questions: unknown[] }[] = [
      { stage: 'full', questions: mechanism.default_form },
      { stage: 'report', questions: DEFAULT_REPORT_FORM },
    ];
    if (c.stages === 'eoi_full') forms.push({ stage: 'eoi', questions: c.mechanism === 'sandpit' ? SANDPIT_EOI_FORM : DEFAULT_EOI_FORM });
    await tx.insertInto('call_forms').values(forms.map((f) => ({ call_id: row.id, stage: f.stage, version: 1, questions: JSON.stringify(f.questions), created_by: viewer.kind === 'user' ? viewer.userId : null }))).execute();
    await tx.insertInto('call_letters').values(Object.entries(DEFAULT_LETTERS).map(([outcome, l]) => ({ call_id: row.id, outcome: outcome as keyof typeof DEFAULT_LETTERS, subject: l.subject, body: l.body, updated_by: null }))).execute();
    await recordAudit(tx, viewer, { action: 'programme.call_create', entityType: 'call', entityId: row.id, after: { ...c, slug } });
    return row.id;
  });
  return getCall(hub, viewer, id);
}

/** Edits a call; `version` must be the one the editor saw. Dates already passed may still be corrected by managers. */
export async function updateCall(hub: Hub, viewer: Viewer, idOrSlug: string, input: unknown): Promise<CallView> {
  authorise(viewer, 'programme.manage');
  const patch = parse(CallPatch, input);
  const all = await taxonomies(hub);
  const id = await hub.db.transaction().execute(async (tx) => {
    const row = await callRow(tx, idOrSlug, true);
    if (row.version !== patch.version) throw new HubError('conflict', `the call was changed by someone else since you opened it (version ${row.version}, yours ${patch.version}): reload it and make your change again`);
    const before = {
      mechanism: row.mechanism,
      title: row.title,
      summary: row.summary,
      body: row.body,
      themes: row.terms.filter((t) => t.taxonomy === 'theme').map((t) => t.code),
      technologies: row.terms.filter((t) => t.taxonomy === 'technology').map((t) => t.code),
      sectors: row.terms.filter((t) => t.taxonomy === 'sector').map((t) => t.code),
      opensAt: row.opens_at,
      closesAt: row.closes_at,
      eoiClosesAt: row.eoi_closes_at,
      stages: row.stages,
      eligibility: Eligibility.parse(row.eligibility),
      maxAmount: row.max_amount,
      totalBudget: row.total_budget,
      review: { ...reviewSettings(row), criteria: (row.review as { criteria?: CallInput['review']['criteria'] }).criteria },
      published: row.state === 'published',
    } satisfies Omit<CallInput, 'slug'>;
    // only the fields the edit names (the schema's defaults must not reset the others)
    const named = new Set(Object.keys(input as object));
    const { version: _v, ...parsed } = patch;
    const changes = Object.fromEntries(Object.entries(parsed).filter(([k, v]) => named.has(k) && v !== undefined)) as Partial<CallInput>;
    const next: CallInput = { ...before, ...changes };
    if (next.mechanism !== row.mechanism && (await tx.selectFrom('applications').select('id').where('call_id', '=', row.id).limit(1).executeTakeFirst())) throw invalid('mechanism', 'cannot change once the call has applications');
    if (next.stages !== row.stages && (await tx.selectFrom('applications').select('id').where('call_id', '=', row.id).limit(1).executeTakeFirst())) throw invalid('stages', 'cannot change once the call has applications');
    await checkCall(tx, all, next);
    if (changes.slug && changes.slug !== row.slug && (await tx.selectFrom('calls').select('id').where('slug', '=', changes.slug).executeTakeFirst())) throw invalid('slug', 'is taken by another call');
    await tx
      .updateTable('calls')
      .set({
        slug: changes.slug ?? row.slug,
        mechanism: next.mechanism,
        title: next.title,
        summary: next.summary,
        body: next.body,
        opens_at: next.opensAt,
        closes_at: next.closesAt,
        eoi_closes_at: next.eoiClosesAt ?? null,
        stages: next.stages,
        eligibility: JSON.stringify(next.eligibility),
        max_amount: next.maxAmount,
        total_budget: next.totalBudget,
        review: JSON.stringify(reviewJson(next.review)),
        state: next.published ? 'published' : 'draft',
        version: row.version + 1,
        updated_at: hub.now(),
      })
      .where('id', '=', row.id)
      .execute();
    if (changes.themes || changes.technologies || changes.sectors) await writeTerms(tx, row.id, next);
    if (next.stages === 'eoi_full' && !(await tx.selectFrom('call_forms').select('version').where('call_id', '=', row.id).where('stage', '=', 'eoi').executeTakeFirst())) {
      await tx.insertInto('call_forms').values({ call_id: row.id, stage: 'eoi', version: 1, questions: JSON.stringify(next.mechanism === 'sandpit' ? SANDPIT_EOI_FORM : DEFAULT_EOI_FORM), created_by: viewer.kind === 'user' ? viewer.userId : null }).execute();
    }
    await recordAudit(tx, viewer, { action: 'programme.call_update', entityType: 'call', entityId: row.id, before: { version: row.version }, after: changes });
    return row.id;
  });
  return getCall(hub, viewer, id);
}

/** The current form of a call's stage (its latest version). */
export async function currentForm(db: Executor, callId: string, stage: 'eoi' | 'full' | 'report'): Promise<{ version: number; questions: Question[] }> {
  const row = await db.selectFrom('call_forms').select(['version', 'questions']).where('call_id', '=', callId).where('stage', '=', stage).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) throw notFound(`${stage === 'eoi' ? 'expression-of-interest' : stage} form`);
  return { version: row.version, questions: FormQuestions.parse(row.questions) };
}

/** A given version of a call's form (the one an application was started on). */
export async function formVersion(db: Executor, callId: string, stage: 'eoi' | 'full' | 'report', version: number): Promise<Question[]> {
  const row = await db.selectFrom('call_forms').select(['questions']).where('call_id', '=', callId).where('stage', '=', stage).where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound('form');
  return FormQuestions.parse(row.questions);
}

async function formAnswered(db: Executor, callId: string, stage: 'eoi' | 'full' | 'report', version: number): Promise<boolean> {
  if (stage === 'report') {
    const r = await db.selectFrom('award_reports as r').innerJoin('awards as a', 'a.id', 'r.award_id').select('r.id').where('a.call_id', '=', callId).where('r.form_version', '=', version).limit(1).executeTakeFirst();
    return r !== undefined;
  }
  const r = await db.selectFrom('applications').select('id').where('call_id', '=', callId).where('stage', '=', stage).where('form_version', '=', version).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function getForm(hub: Hub, viewer: Viewer, idOrSlug: string, stage: 'eoi' | 'full' | 'report'): Promise<FormView> {
  authorise(viewer, 'calls.read');
  const call = await visibleCall(hub.db, viewer, idOrSlug);
  const form = await currentForm(hub.db, call.id, stage);
  return { stage, ...form, answered: await formAnswered(hub.db, call.id, stage, form.version) };
}

/**
 * Saves a call's form. A form no one has answered yet is changed in place; once there are answers on it, the change
 * is a new version, and the answers already given keep the version they were written on.
 */
export async function saveForm(hub: Hub, viewer: Viewer, idOrSlug: string, stage: 'eoi' | 'full' | 'report', input: unknown): Promise<FormView> {
  authorise(viewer, 'programme.manage');
  const { questions } = parse(FormInput, input);
  await hub.db.transaction().execute(async (tx) => {
    const call = await callRow(tx, idOrSlug, true);
    if (stage === 'eoi' && call.stages !== 'eoi_full') throw invalid('stage', 'this call has no expression-of-interest stage');
    const form = await currentForm(tx, call.id, stage);
    if (await formAnswered(tx, call.id, stage, form.version)) {
      await tx.insertInto('call_forms').values({ call_id: call.id, stage, version: form.version + 1, questions: JSON.stringify(questions), created_by: viewer.kind === 'user' ? viewer.userId : null }).execute();
    } else {
      await tx.updateTable('call_forms').set({ questions: JSON.stringify(questions) }).where('call_id', '=', call.id).where('stage', '=', stage).where('version', '=', form.version).execute();
    }
    await recordAudit(tx, viewer, { action: 'programme.form_save', entityType: 'call', entityId: call.id, after: { stage, questions: questions.length } });
  });
  return getForm(hub, viewer, idOrSlug, stage);
}

export async function listMechanisms(hub: Hub, viewer: Viewer): Promise<MechanismView[]> {
  authorise(viewer, 'calls.read');
  const rows = await hub.db
    .selectFrom('programme_mechanisms as m')
    .selectAll('m')
    .select(sql<number>`coalesce((select sum(a.amount) from awards a join calls c on c.id = a.call_id where c.mechanism = m.code and a.status <> 'terminated'), 0)::int`.as('committed'))
    .select(sql<number>`(select count(*) from awards a join calls c on c.id = a.call_id where c.mechanism = m.code and a.status <> 'terminated')::int`.as('awards'))
    .orderBy('m.position')
    .execute();
  return rows.map((m) => ({
    code: m.code,
    name: m.name,
    description: m.description,
    budgetEnvelope: m.budget_envelope,
    awardMin: m.award_min,
    awardMax: m.award_max,
    durationMinMonths: m.duration_min_months,
    durationMaxMonths: m.duration_max_months,
    defaultForm: FormQuestions.parse(m.default_form),
    committed: Number(m.committed),
    awards: Number(m.awards),
  }));
}

export async function updateMechanism(hub: Hub, viewer: Viewer, code: string, input: unknown): Promise<MechanismView> {
  authorise(viewer, 'programme.manage');
  const p = parse(MechanismPatch, input);
  await hub.db.transaction().execute(async (tx) => {
    const m = await tx.selectFrom('programme_mechanisms').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
    if (!m) throw notFound('mechanism');
    const min = p.awardMin ?? m.award_min;
    const max = p.awardMax ?? m.award_max;
    if (max < min) throw invalid('awardMax', 'must not be below the smallest award');
    if ((p.durationMaxMonths ?? m.duration_max_months) < (p.durationMinMonths ?? m.duration_min_months)) throw invalid('durationMaxMonths', 'must not be below the shortest duration');
    await tx
      .updateTable('programme_mechanisms')
      .set({
        ...(p.name !== undefined && { name: p.name }),
        ...(p.description !== undefined && { description: p.description }),
        ...(p.budgetEnvelope !== undefined && { budget_envelope: p.budgetEnvelope }),
        award_min: min,
        award_max: max,
        ...(p.durationMinMonths !== undefined && { duration_min_months: p.durationMinMonths }),
        ...(p.durationMaxMonths !== undefined && { duration_max_months: p.durationMaxMonths }),
        ...(p.defaultForm !== undefined && { default_form: JSON.stringify(p.defaultForm) }),
      })
      .where('code', '=', code)
      .execute();
    await recordAudit(tx, viewer, { action: 'programme.mechanism_update', entityType: 'mechanism', entityId: null, before: { code }, after: p });
  });
  return (await listMechanisms(hub, viewer)).find((m) => m.code === code)!;
}

/** The open and upcoming calls, newest first, as an Atom feed. */
export async function callsFeed(hub: Hub, viewer: Viewer): Promise<string> {
  const calls = (await listCalls(hub, viewer, { status: 'all' })).filter((c) => c.status !== 'draft').slice(0, 50);
  const feed: Feed = {
    title: 'Proximity: funding calls',
    link: `${hub.baseUrl}/calls`,
    self: `${hub.baseUrl}/api/programmes/calls.atom`,
    updated: calls.map((c) => c.opensAt.utc).sort().at(-1) ?? new Date(0).toISOString(),
    entries: calls.map((c) => ({
      id: c.id,
      title: `${c.title} (${c.status === 'open' ? `closes ${c.closesAt.london.replace('T', ' ')} ${c.closesAt.zone}` : c.status})`,
      summary: c.summary,
      url: `${hub.baseUrl}/calls/${c.slug}`,
      authors: [],
      updated: c.opensAt.utc,
      published: c.opensAt.utc,
      categories: [c.mechanism.label, ...c.themes.map((t) => t.label)],
    })),
  };
  return toAtom(feed);
}

/** Every published call's deadlines (its expression of interest and its closing) as an iCalendar feed. */
export async function deadlinesCalendar(hub: Hub, viewer: Viewer): Promise<string> {
  const calls = (await listCalls(hub, viewer, { status: 'all' })).filter((c) => c.status !== 'draft');
  const cal = icalGenerator({ name: 'Proximity: funding call deadlines', prodId: { company: 'Proximity', product: 'programmes', language: 'EN' } });
  for (const c of calls) {
    const deadlines = [...(c.eoiClosesAt ? [{ at: c.eoiClosesAt, what: 'expressions of interest close' }] : []), { at: c.closesAt, what: 'closes' }];
    for (const d of deadlines) {
      const at = new Date(d.at.utc);
      cal.createEvent({
        id: `${c.id}-${d === deadlines.at(-1) ? 'close' : 'eoi'}@proximity`,
        start: at,
        end: at,
        summary: `${c.title}: ${d.what}`,
        description: `${c.summary}\n\n${hub.baseUrl}/calls/${c.slug}`,
        url: `${hub.baseUrl}/calls/${c.slug}`,
        stamp: new Date(c.opensAt.utc),
      });
    }
  }
  return cal.toString();
}
