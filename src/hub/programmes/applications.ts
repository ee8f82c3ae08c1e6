import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { toCsv } from '../../formats/output.js';
import type { Executor } from '../../db/connection.js';
import { digest } from '../accounts/accounts.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound, type FieldIssue } from '../platform/errors.js';
import { londonTime } from '../platform/london-time.js';
import { CAREER_STAGES, ORGANISATION_TYPES } from '../platform/model.js';
import { checkUpload, checkUploadAllowance } from '../platform/uploads.js';
import { parse } from '../platform/validate.js';
import { labelOf, taxonomies, type Taxonomies } from '../taxonomy/taxonomy.js';
import { applyingStage, callStatus, currentForm, formVersion, reviewSettings, stageCloses, visibleCall } from './calls.js';
import { ApplicationSave, ApplicationStart, EoiOutcomeInput, Eligibility, ExtensionInput, ScreeningInput, type ApplicationCard, type ApplicationFileView, type ApplicationView, type CallOverview, type SubmissionCheck } from './contract.js';
import { checkAnswers, teamOf, type Question, type TeamMember } from './forms.js';
import { mailLetter } from './letters-mail.js';
import { applicationFor, visibleApplications, type ApplicationAccess } from './programme-access.js';

type AppRow = Awaited<ReturnType<typeof applicationFor>>['app'];

/** Team roles that take part in the work, and so confirm by email before the application goes in. */
const CONFIRMING = new Set(['co_lead', 'co_applicant', 'researcher']);
/** Each mechanism's letters in application references (SP27-0004: the fourth small project of calls closing in 2027). */
const PREFIX: Record<string, string> = { systematic_review: 'SR', small_project: 'SP', sandpit: 'SX', early_career_fellowship: 'ECF', impact_acceleration: 'IAF', storytelling_fellowship: 'STF' };

const when = (d: Date) => `${londonTime(d).london.replace('T', ' ')} ${londonTime(d).zone}`;

/** The deadline that binds an application now: its stage's closing, or the extension granted to it. */
export function deadlineOf(call: { stages: string; closes_at: Date; eoi_closes_at: Date | null }, app: { stage: 'eoi' | 'full'; extended_until: Date | null }): Date {
  const close = stageCloses(call, app.stage);
  return app.extended_until && app.extended_until > close ? app.extended_until : close;
}

async function callOf(db: Executor, callId: string) {
  return db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirstOrThrow();
}

async function filesOf(db: Executor, applicationId: string): Promise<ApplicationFileView[]> {
  const rows = await db.selectFrom('application_files').select(['id', 'question_id', 'filename', 'media_type', 'size']).where('application_id', '=', applicationId).orderBy('created_at').execute();
  return rows.map((f) => ({ id: f.id, questionId: f.question_id, filename: f.filename, mediaType: f.media_type, size: f.size, url: `/api/programmes/files/${f.id}` }));
}

const fileCounts = (files: readonly { questionId: string }[]) => {
  const m = new Map<string, number>();
  for (const f of files) m.set(f.questionId, (m.get(f.questionId) ?? 0) + 1);
  return m;
};

/** A lead applicant's profile as the first team member: their name and current organisation. */
async function leadMember(db: Executor, userId: string): Promise<TeamMember> {
  const p = await db
    .selectFrom('users as u')
    .leftJoin('profiles as p', 'p.user_id', 'u.id')
    .select(['u.email', 'p.id as profile_id', 'p.name', 'p.orcid'])
    .select(sql<{ id: string; name: string } | null>`(select json_build_object('id', o.id, 'name', o.name) from affiliations f join organisations o on o.id = f.organisation_id where f.profile_id = p.id and f.end_date is null order by f.start_date desc nulls last limit 1)`.as('organisation'))
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  return { role: 'lead', profileId: p.profile_id, name: p.name ?? p.email, email: null, orcid: p.orcid, organisationId: p.organisation?.id ?? null, organisationName: p.organisation?.name ?? '' };
}

const identity = (m: { profileId?: string | null; profile_id?: string | null; email?: string | null; orcid?: string | null; name: string }) =>
  (m.profileId ?? m.profile_id) ? `p:${m.profileId ?? m.profile_id}` : m.email ? `e:${m.email.toLowerCase()}` : m.orcid ? `o:${m.orcid}` : `n:${m.name.trim().toLowerCase()}`;

/**
 * The team's rows follow the team question's answer: members keep their confirmation (matched by profile, email,
 * ORCID iD or name), new ones wait to be invited, the lead is confirmed.
 */
async function syncTeam(tx: Executor, app: Pick<AppRow, 'id' | 'applicant_id'>, team: readonly TeamMember[]): Promise<void> {
  const before = await tx.selectFrom('application_team').selectAll().where('application_id', '=', app.id).execute();
  const kept = new Map(before.map((r) => [identity(r), r]));
  const profiles = team.map((m) => m.profileId).filter((x): x is string => !!x);
  const users = new Map((profiles.length ? await tx.selectFrom('profiles').select(['id', 'user_id']).where('id', 'in', profiles).execute() : []).map((p) => [p.id, p.user_id]));
  const orgs = team.map((m) => m.organisationId).filter((x): x is string => !!x);
  const orgNames = new Map((orgs.length ? await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgs).execute() : []).map((o) => [o.id, o.name]));
  await tx.deleteFrom('application_team').where('application_id', '=', app.id).execute();
  if (team.length === 0) return;
  await tx
    .insertInto('application_team')
    .values(
      team.map((m, position) => {
        const old = kept.get(identity(m));
        const lead = m.role === 'lead';
        return {
          application_id: app.id,
          position,
          role: m.role,
          profile_id: m.profileId ?? null,
          user_id: lead ? app.applicant_id : ((m.profileId ? users.get(m.profileId) : null) ?? old?.user_id ?? null),
          name: m.name,
          email: m.email ?? null,
          orcid: m.orcid ?? null,
          organisation_id: m.organisationId && orgNames.has(m.organisationId) ? m.organisationId : null,
          organisation_name: (m.organisationId && orgNames.get(m.organisationId)) || m.organisationName,
          confirmation: lead ? ('confirmed' as const) : (old?.confirmation ?? 'pending'),
          invite_digest: lead ? null : (old?.invite_digest ?? null),
          invited_at: lead ? null : (old?.invited_at ?? null),
          responded_at: lead ? null : (old?.responded_at ?? null),
        };
      }),
    )
    .execute();
}

async function teamView(db: Executor, applicationId: string) {
  const rows = await db.selectFrom('application_team').selectAll().where('application_id', '=', applicationId).orderBy('position').execute();
  return rows.map((r) => ({ position: r.position, role: r.role, name: r.name, profileId: r.profile_id, orcid: r.orcid, organisation: r.organisation_name, confirmation: r.confirmation }));
}

async function cardRows(db: Executor) {
  return db
    .selectFrom('applications as a')
    .innerJoin('calls as c', 'c.id', 'a.call_id')
    .leftJoin('profiles as p', 'p.user_id', 'a.applicant_id')
    .select(['a.id', 'a.reference', 'a.stage', 'a.title', 'a.status', 'a.screening', 'a.decision', 'a.submitted_at', 'a.updated_at', 'a.is_example', 'c.id as call_id', 'c.slug', 'c.title as call_title', 'c.mechanism'])
    .select(sql<string>`coalesce((select t.name from application_team t where t.application_id = a.id and t.role = 'lead' limit 1), p.name, '')`.as('lead'));
}

type CardRow = Awaited<ReturnType<Awaited<ReturnType<typeof cardRows>>['execute']>>[number];
const cardOf = (r: CardRow): ApplicationCard => ({
  id: r.id,
  reference: r.reference,
  call: { id: r.call_id, slug: r.slug, title: r.call_title, mechanism: r.mechanism },
  stage: r.stage,
  title: r.title,
  lead: r.lead,
  status: r.status,
  screening: r.screening,
  decision: r.decision,
  submittedAt: r.submitted_at?.toISOString() ?? null,
  updatedAt: r.updated_at.toISOString(),
  isExample: r.is_example,
});

/** Starts an application (a draft) to the stage the call takes now; a full application to a two-stage call needs an invitation. */
export async function startApplication(hub: Hub, viewer: Viewer, callIdOrSlug: string, input: unknown): Promise<ApplicationView> {
  authorise(viewer, 'applications.submit');
  if (viewer.kind !== 'user') throw new HubError('unauthenticated', 'sign in to do this');
  const s = parse(ApplicationStart, input);
  const id = await hub.db.transaction().execute(async (tx) => {
    const call = await visibleCall(tx, viewer, callIdOrSlug);
    const now = hub.now();
    if (call.state !== 'published') throw new HubError('conflict', 'this call is not open: it has not been published');
    const open = applyingStage(call, now);
    const stage = s.stage ?? open ?? 'full';
    let eoi: AppRow | undefined;
    if (stage === 'full' && call.stages === 'eoi_full') {
      eoi = await tx.selectFrom('applications').selectAll().where('call_id', '=', call.id).where('stage', '=', 'eoi').where('applicant_id', '=', viewer.userId).where('eoi_outcome', '=', 'invite').executeTakeFirst();
      if (!eoi) throw new HubError('forbidden', 'full applications to this call are by invitation, after an expression of interest');
    } else if (stage === 'eoi' && call.stages !== 'eoi_full') throw invalid('stage', 'this call takes full applications only');
    const close = stageCloses(call, stage);
    if (now < call.opens_at) throw new HubError('conflict', `this call opens at ${when(call.opens_at)}`);
    if (now >= close) throw new HubError('conflict', `this call closed to ${stage === 'eoi' ? 'expressions of interest' : 'applications'} at ${when(close)}`);
    const form = await currentForm(tx, call.id, stage);
    let team = eoi ? teamOf(await formVersion(tx, call.id, 'eoi', eoi.form_version), eoi.answers) : [await leadMember(tx, viewer.userId)];
    if (eoi?.team_id) {
      // a sandpit team's proposal: one per team, naming every member (their expressions of interest's leads)
      const other = await tx.selectFrom('applications').select('id').where('team_id', '=', eoi.team_id).where('stage', '=', 'full').where('status', '<>', 'withdrawn').executeTakeFirst();
      if (other) throw new HubError('conflict', 'your sandpit team already has a proposal: its lead continues it');
      const mates = await tx.selectFrom('applications').select(['applicant_id']).where('team_id', '=', eoi.team_id).where('stage', '=', 'eoi').orderBy('reference').execute();
      team = [await leadMember(tx, viewer.userId), ...(await Promise.all(mates.filter((m) => m.applicant_id !== viewer.userId).map(async (m) => ({ ...(await leadMember(tx, m.applicant_id)), role: 'co_applicant' as const }))))];
    }
    const teamQuestion = form.questions.find((q) => q.type === 'team');
    // a full application starts from its expression of interest's answers to the same questions
    const carried = eoi ? Object.fromEntries(Object.entries(eoi.answers).filter(([k]) => form.questions.some((q) => q.id === k && q.type !== 'file' && q.type !== 'declaration'))) : {};
    const answers = { ...carried, ...(teamQuestion && { [teamQuestion.id]: team }) };
    let row;
    try {
      row = await tx
        .insertInto('applications')
        .values({ call_id: call.id, stage, form_version: form.version, applicant_id: viewer.userId, eoi_id: eoi?.id ?? null, team_id: eoi?.team_id ?? null, title: s.title || eoi?.title || '', answers: JSON.stringify(answers) })
        .returning(['id', 'applicant_id'])
        .executeTakeFirstOrThrow();
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new HubError('conflict', 'you already have an application to this call: continue it from My applications');
      throw err;
    }
    await syncTeam(tx, row, team);
    await recordAudit(tx, viewer, { action: 'programme.application_start', entityType: 'application', entityId: row.id, after: { call: call.id, stage } });
    return row.id;
  });
  return getApplication(hub, viewer, id);
}

/** What stands between an application and its submission, and the eligibility rules its lead seems not to meet (for screening). */
async function checkOf(db: Executor, hub: Hub, app: AppRow, questions: readonly Question[], all: Taxonomies): Promise<SubmissionCheck & { warnings: string[] }> {
  const call = await callOf(db, app.call_id);
  const files = await filesOf(db, app.id);
  const issues: FieldIssue[] = [];
  if (!app.title.trim()) issues.push({ field: 'title', message: 'The application needs a title' });
  issues.push(...checkAnswers(questions, app.answers, { maxAmount: call.max_amount, files: fileCounts(files) }));
  const team = await db.selectFrom('application_team').selectAll().where('application_id', '=', app.id).orderBy('position').execute();
  for (const m of team) {
    if (!CONFIRMING.has(m.role) || m.confirmation === 'confirmed') continue;
    issues.push({ field: 'answers.team', message: m.confirmation === 'declined' ? `${m.name} declined to take part: remove them from the team` : `${m.name} has not yet confirmed they take part${m.confirmation === 'pending' ? ' (send the invitations from the team section)' : ' (they have been emailed)'}` });
  }
  const deadline = deadlineOf(call, app);
  const late = hub.now() >= deadline;
  if (late) issues.push({ field: 'deadline', message: `The call closed at ${when(deadline)}: submissions after the close are refused` });
  // eligibility: the lead's profile against the call's rules (a programme manager screens; these only warn)
  const e = Eligibility.parse(call.eligibility);
  const warnings: string[] = [];
  const lead = await db
    .selectFrom('profiles as p')
    .select(['p.career_stage'])
    .select(sql<{ type: string; region_code: string | null } | null>`(select json_build_object('type', o.type, 'region_code', o.region_code) from affiliations f join organisations o on o.id = f.organisation_id where f.profile_id = p.id and f.end_date is null order by f.start_date desc nulls last limit 1)`.as('org'))
    .where('p.user_id', '=', app.applicant_id)
    .executeTakeFirst();
  if (e.careerStages.length && !(lead?.career_stage && e.careerStages.includes(lead.career_stage))) warnings.push(`The call is for ${e.careerStages.map((c) => CAREER_STAGES[c as keyof typeof CAREER_STAGES] ?? c).join(' or ')} researchers; your profile gives ${lead?.career_stage ? CAREER_STAGES[lead.career_stage as keyof typeof CAREER_STAGES] : 'no career stage'}.`);
  if (e.organisationTypes.length && !(lead?.org && e.organisationTypes.includes(lead.org.type))) warnings.push(`The lead organisation must be ${e.organisationTypes.map((c) => ORGANISATION_TYPES[c as keyof typeof ORGANISATION_TYPES] ?? c).join(' or ')}; your profile's organisation is ${lead?.org ? ORGANISATION_TYPES[lead.org.type as keyof typeof ORGANISATION_TYPES] : 'not given'}.`);
  if (e.regions.length) {
    const region = lead?.org?.region_code;
    const parent = region ? all.region.find((t) => t.code === region)?.parentCode : undefined;
    if (!(region && (e.regions.includes(region) || (parent && e.regions.includes(parent))))) warnings.push(`The lead organisation must be in ${e.regions.map((c) => labelOf(all, 'region', c)).join(' or ')}; your organisation's region is ${region ? labelOf(all, 'region', region) : 'not given'}.`);
  }
  return { ready: issues.length === 0, issues, closesAt: londonTime(deadline), late, warnings };
}

async function viewOf(hub: Hub, app: AppRow, access: ApplicationAccess): Promise<ApplicationView> {
  const db = hub.db;
  const [call, questions, team, files, cards] = await Promise.all([
    callOf(db, app.call_id),
    formVersion(db, app.call_id, app.stage, app.form_version),
    teamView(db, app.id),
    filesOf(db, app.id),
    (await cardRows(db)).where('a.id', '=', app.id).execute(),
  ]);
  const settings = reviewSettings(call);
  // applicants read the reviewers' comments for them once the call has decided on the application
  const decided = app.decision !== null && app.letter_sent_at !== null;
  const feedback =
    (access === 'applicant' || access === 'team') && decided
      ? (
          await db
            .selectFrom('reviews as r')
            .innerJoin('assignments as s', 's.id', 'r.assignment_id')
            .leftJoin('profiles as p', 'p.user_id', 's.reviewer_id')
            .select(['r.scores', 'r.comments_applicant', 'p.name'])
            .where('s.application_id', '=', app.id)
            .where('r.status', '=', 'submitted')
            .orderBy('r.submitted_at')
            .execute()
        ).map((r, i) => ({ reviewer: settings.anonymousToApplicants ? `Reviewer ${i + 1}` : (r.name ?? `Reviewer ${i + 1}`), scores: r.scores, comments: r.comments_applicant }))
      : [];
  const deadline = deadlineOf(call, app);
  const open = hub.now() < deadline;
  const applicant = access === 'applicant';
  return {
    ...cardOf(cards[0]),
    formVersion: app.form_version,
    questions,
    answers: app.answers,
    team,
    files,
    screeningReason: access === 'manager' || app.screening === 'ineligible' ? app.screening_reason : null,
    eoiOutcome: app.eoi_outcome,
    decisionReason: access === 'manager' || decided ? app.decision_reason : null,
    extendedUntil: app.extended_until ? londonTime(app.extended_until) : null,
    extensionReason: access === 'manager' || applicant ? app.extension_reason : null,
    closesAt: londonTime(deadline),
    maxAmount: call.max_amount,
    version: app.version,
    feedback,
    can: {
      edit: applicant && app.status === 'draft',
      submit: applicant && app.status === 'draft' && open,
      withdraw: applicant && app.status !== 'withdrawn' && app.decision !== 'fund',
      manage: access === 'manager',
    },
  };
}

export async function getApplication(hub: Hub, viewer: Viewer, id: string): Promise<ApplicationView> {
  const { app, access } = await applicationFor(hub.db, viewer, id);
  return viewOf(hub, app, access);
}

/**
 * Saves a draft's title and answers (autosave). `version` is the draft the editor last saw: when someone else (another
 * tab) saved since, nothing is written and the conflict says so, so no answer is lost silently.
 */
export async function saveApplication(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<ApplicationView> {
  const s = parse(ApplicationSave, input);
  await hub.db.transaction().execute(async (tx) => {
    const { app, access } = await applicationFor(tx, viewer, id, true);
    if (access !== 'applicant') throw new HubError('forbidden', 'only the lead applicant edits the application');
    if (app.status !== 'draft') throw new HubError('conflict', `a${app.status === 'submitted' ? ' submitted' : ' withdrawn'} application cannot be edited`);
    if (app.version !== s.version) {
      throw new HubError('conflict', `this draft was saved from another window at ${when(app.updated_at)} (version ${app.version}; this window has version ${s.version}): reload it to see those answers, then make your change again`, { issues: [{ field: 'version', message: 'the draft changed since it was loaded' }] });
    }
    const questions = await formVersion(tx, app.call_id, app.stage, app.form_version);
    const answers = { ...app.answers, ...(s.answers ?? {}) };
    for (const key of Object.keys(s.answers ?? {})) {
      const q = questions.find((x) => x.id === key);
      if (!q) throw invalid(`answers.${key}`, 'is not a question of this form');
      if (q.type === 'file') throw invalid(`answers.${key}`, 'takes files: upload them to the question');
      if (s.answers![key] === null) delete answers[key];
    }
    const teamQuestion = questions.find((q) => q.type === 'team');
    if (teamQuestion && s.answers && teamQuestion.id in s.answers) {
      const parsed = z.array(z.unknown()).safeParse(s.answers[teamQuestion.id] ?? []);
      if (!parsed.success) throw invalid(`answers.${teamQuestion.id}`, `“${teamQuestion.label}” must be a list of members`);
      const team = teamOf(questions, answers);
      if (team.length !== parsed.data.length) {
        const bad = checkAnswers([teamQuestion], { [teamQuestion.id]: s.answers[teamQuestion.id] }, { maxAmount: 0, files: new Map() })[0];
        throw invalid(`answers.${teamQuestion.id}`, bad?.message ?? 'has a member who is not valid');
      }
      if (team.filter((m) => m.role === 'lead').length > 1) throw invalid(`answers.${teamQuestion.id}`, `“${teamQuestion.label}” needs exactly one lead applicant`);
      await syncTeam(tx, app, team);
    }
    await tx
      .updateTable('applications')
      .set({ title: s.title ?? app.title, answers: JSON.stringify(answers), version: app.version + 1, updated_at: hub.now() })
      .where('id', '=', app.id)
      .execute();
  });
  return getApplication(hub, viewer, id);
}

export async function checkApplication(hub: Hub, viewer: Viewer, id: string): Promise<SubmissionCheck & { warnings: string[] }> {
  const { app, access } = await applicationFor(hub.db, viewer, id);
  if (access !== 'applicant' && access !== 'manager') throw new HubError('forbidden', 'only the lead applicant and programme managers check an application');
  return checkOf(hub.db, hub, app, await formVersion(hub.db, app.call_id, app.stage, app.form_version), await taxonomies(hub));
}

/** Emails an invitation to every team member who confirms and has not been invited (a link to confirm or decline). */
export async function inviteTeam(hub: Hub, viewer: Viewer, id: string): Promise<ApplicationView> {
  await hub.db.transaction().execute(async (tx) => {
    const { app, access } = await applicationFor(tx, viewer, id, true);
    if (access !== 'applicant') throw new HubError('forbidden', 'only the lead applicant invites the team');
    if (app.status !== 'draft') throw new HubError('conflict', 'the application is no longer a draft');
    const call = await callOf(tx, app.call_id);
    const lead = await leadMember(tx, app.applicant_id);
    const pending = await tx
      .selectFrom('application_team as t')
      .leftJoin('profiles as p', 'p.id', 't.profile_id')
      .leftJoin('users as u', 'u.id', 'p.user_id')
      .select(['t.position', 't.name', 't.role', 't.email', 'u.email as member_email'])
      .where('t.application_id', '=', app.id)
      .where('t.confirmation', '=', 'pending')
      .execute();
    for (const m of pending) {
      const to = m.member_email ?? m.email;
      if (!CONFIRMING.has(m.role) || !to) continue;
      const token = randomBytes(32).toString('base64url');
      await tx.updateTable('application_team').set({ confirmation: 'invited', invite_digest: digest(token), invited_at: hub.now() }).where('application_id', '=', app.id).where('position', '=', m.position).execute();
      await hub.mailer.enqueue(tx, {
        to,
        subject: `Will you join an application to ${call.title}?`,
        text: `Dear ${m.name},\n\n${lead.name} names you as a ${m.role.replace('_', '-')} on the application "${app.title || '(untitled)'}" to ${call.title}, which closes at ${when(stageCloses(call, app.stage))}.\n\nConfirm or decline here:\n${hub.baseUrl}/applications/join?token=${token}\n\nIf you do not know about this application, ignore this message.`,
      });
    }
    await recordAudit(tx, viewer, { action: 'programme.team_invite', entityType: 'application', entityId: app.id, after: { invited: pending.length } });
  });
  await hub.mailer.flush(hub.db);
  return getApplication(hub, viewer, id);
}

/** A team member confirms or declines, by the emailed link (signed in or not). */
export async function respondToTeamInvitation(hub: Hub, viewer: Viewer, input: unknown): Promise<{ application: string; call: string; confirmation: 'confirmed' | 'declined' }> {
  const r = parse(z.object({ token: z.string().min(10).max(200), accept: z.boolean() }).strict(), input);
  return hub.db.transaction().execute(async (tx) => {
    const m = await tx
      .selectFrom('application_team as t')
      .innerJoin('applications as a', 'a.id', 't.application_id')
      .innerJoin('calls as c', 'c.id', 'a.call_id')
      .select(['t.application_id', 't.position', 't.email', 't.user_id', 't.confirmation', 'a.title', 'a.status', 'c.title as call_title'])
      .where('t.invite_digest', '=', digest(r.token))
      .forUpdate()
      .executeTakeFirst();
    if (!m) throw invalid('token', 'this link is not valid: the invitation was withdrawn or replaced');
    if (m.status !== 'draft') throw new HubError('conflict', 'the application has been submitted or withdrawn');
    const confirmation = r.accept ? ('confirmed' as const) : ('declined' as const);
    let userId = m.user_id ?? (viewer.kind === 'user' ? viewer.userId : null);
    if (!userId && m.email) userId = (await tx.selectFrom('users').select('id').where(sql`lower(email)`, '=', m.email.toLowerCase()).executeTakeFirst())?.id ?? null;
    await tx.updateTable('application_team').set({ confirmation, responded_at: hub.now(), user_id: userId }).where('application_id', '=', m.application_id).where('position', '=', m.position).execute();
    await recordAudit(tx, viewer.kind === 'user' ? viewer : userId, { action: `programme.team_${confirmation}`, entityType: 'application', entityId: m.application_id, after: { position: m.position } });
    return { application: m.title || '(untitled)', call: m.call_title, confirmation };
  });
}

async function nextReference(tx: Executor, call: { mechanism: string; closes_at: Date }): Promise<string> {
  const prefix = `${PREFIX[call.mechanism] ?? 'APP'}${String(call.closes_at.getUTCFullYear()).slice(2)}`;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`reference:${prefix}`}, 0))`.execute(tx);
  const r = await sql<{ n: number }>`select coalesce(max(substring(reference from '-(\\d+)$')::int), 0)::int as n from applications where reference like ${`${prefix}-%`}`.execute(tx);
  return `${prefix}-${String(Number(r.rows[0].n) + 1).padStart(4, '0')}`;
}

/**
 * Submits a draft. The deadline is read from the server's clock as the row is written (a submission that reaches the
 * database after the close is refused, whatever the browser showed); a second submit of the same application (a
 * double click, a retry) finds it submitted and changes nothing. A receipt is emailed.
 */
export async function submitApplication(hub: Hub, viewer: Viewer, id: string): Promise<ApplicationView> {
  const all = await taxonomies(hub);
  await hub.db.transaction().execute(async (tx) => {
    const { app, access } = await applicationFor(tx, viewer, id, true);
    if (access !== 'applicant') throw new HubError('forbidden', 'only the lead applicant submits the application');
    if (app.status === 'submitted') return; // already in: one submission
    if (app.status !== 'draft') throw new HubError('conflict', 'a withdrawn application cannot be submitted');
    const questions = await formVersion(tx, app.call_id, app.stage, app.form_version);
    const check = await checkOf(tx, hub, app, questions, all);
    const blocking = check.issues.filter((i) => i.field !== 'deadline');
    if (blocking.length) throw new HubError('validation', `the application is not complete: ${blocking[0].message}${blocking.length > 1 ? ` (and ${blocking.length - 1} more)` : ''}`, { issues: blocking });
    const call = await callOf(tx, app.call_id);
    const deadline = deadlineOf(call, app);
    const reference = app.reference ?? (await nextReference(tx, call));
    const at = hub.now();
    const written = await tx
      .updateTable('applications')
      .set({ status: 'submitted', submitted_at: at, reference, version: app.version + 1, updated_at: at })
      .where('id', '=', app.id)
      .where('status', '=', 'draft')
      .where(sql<boolean>`${at}::timestamptz < ${deadline}::timestamptz`)
      .executeTakeFirst();
    if (Number(written.numUpdatedRows) === 0) throw new HubError('conflict', `the call closed at ${when(deadline)}: submissions after the close are refused (yours reached us at ${when(at)}). If something beyond your control stopped you, ask the programme team for an extension.`, { issues: [{ field: 'deadline', message: 'closed' }] });
    const applicant = await tx.selectFrom('users').select('email').where('id', '=', app.applicant_id).executeTakeFirstOrThrow();
    const team = await tx.selectFrom('application_team').select(['name', 'role', 'organisation_name']).where('application_id', '=', app.id).orderBy('position').execute();
    await hub.mailer.enqueue(tx, {
      to: applicant.email,
      subject: `Received: ${app.title} (${reference})`,
      text: `We received your ${app.stage === 'eoi' ? 'expression of interest' : 'application'} "${app.title}" to ${call.title} at ${when(at)}.\n\nReference: ${reference}\nTeam:\n${team.map((m) => `- ${m.name} (${m.role.replace('_', '-')}${m.organisation_name ? `, ${m.organisation_name}` : ''})`).join('\n')}\n\nYou can read it, or withdraw it, at ${hub.baseUrl}/applications/${app.id}.`,
    });
    await recordAudit(tx, viewer, { action: 'programme.application_submit', entityType: 'application', entityId: app.id, after: { reference, at: at.toISOString() } });
  });
  await hub.mailer.flush(hub.db);
  return getApplication(hub, viewer, id);
}

export async function withdrawApplication(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<ApplicationView> {
  const { reason } = parse(z.object({ reason: z.string().trim().max(5000).default('') }).strict(), input ?? {});
  await hub.db.transaction().execute(async (tx) => {
    const { app, access } = await applicationFor(tx, viewer, id, true);
    if (access !== 'applicant') throw new HubError('forbidden', 'only the lead applicant withdraws the application');
    if (app.status === 'withdrawn') return;
    if (app.decision === 'fund') throw new HubError('conflict', 'a funded application is not withdrawn: ask the programme team to end the award');
    await tx.updateTable('applications').set({ status: 'withdrawn', withdrawn_at: hub.now(), version: app.version + 1, updated_at: hub.now() }).where('id', '=', app.id).execute();
    await tx.updateTable('assignments').set({ status: 'revoked' }).where('application_id', '=', app.id).where('status', 'in', ['invited', 'accepted']).execute();
    await recordAudit(tx, viewer, { action: 'programme.application_withdraw', entityType: 'application', entityId: app.id, after: { reason } });
  });
  return getApplication(hub, viewer, id);
}

/** A programme manager grants one application more time, with the reason recorded; its lead applicant is told. */
export async function grantExtension(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<ApplicationView> {
  authorise(viewer, 'programme.manage');
  const x = parse(ExtensionInput, input);
  await hub.db.transaction().execute(async (tx) => {
    const { app } = await applicationFor(tx, viewer, id, true);
    if (app.status !== 'draft') throw new HubError('conflict', 'only a draft can be given more time');
    const call = await callOf(tx, app.call_id);
    if (x.until <= stageCloses(call, app.stage)) throw invalid('until', `must be after the call's closing (${when(stageCloses(call, app.stage))})`);
    if (x.until <= hub.now()) throw invalid('until', 'must be in the future');
    await tx.updateTable('applications').set({ extended_until: x.until, extension_reason: x.reason, extended_by: viewer.kind === 'user' ? viewer.userId : null, updated_at: hub.now() }).where('id', '=', app.id).execute();
    const applicant = await tx.selectFrom('users').select('email').where('id', '=', app.applicant_id).executeTakeFirstOrThrow();
    await hub.mailer.enqueue(tx, { to: applicant.email, subject: `More time for your application to ${call.title}`, text: `Your application "${app.title || '(untitled)'}" may now be submitted until ${when(x.until)}.\n\n${hub.baseUrl}/applications/${app.id}` });
    await recordAudit(tx, viewer, { action: 'programme.extension', entityType: 'application', entityId: app.id, before: { until: app.extended_until }, after: { until: x.until.toISOString(), reason: x.reason } });
  });
  await hub.mailer.flush(hub.db);
  return getApplication(hub, viewer, id);
}

/** The viewer's own applications and those they are a confirmed team member of, newest first. */
export async function myApplications(hub: Hub, viewer: Viewer): Promise<ApplicationCard[]> {
  authorise(viewer, 'applications.submit');
  if (viewer.kind !== 'user') return [];
  const rows = await (await cardRows(hub.db))
    .where((eb) => eb.or([eb('a.applicant_id', '=', viewer.userId), eb.exists(eb.selectFrom('application_team as t').select('t.position').whereRef('t.application_id', '=', 'a.id').where('t.user_id', '=', viewer.userId).where('t.confirmation', '=', 'confirmed'))]))
    .orderBy('a.updated_at', 'desc')
    .execute();
  return rows.map(cardOf);
}

/** A call's applications as its managers see them (none they are conflicted on), with counts by state. */
export async function callApplications(hub: Hub, viewer: Viewer, callIdOrSlug: string, stage?: 'eoi' | 'full'): Promise<CallOverview> {
  authorise(viewer, 'programme.manage');
  const call = await visibleCall(hub.db, viewer, callIdOrSlug);
  const all = await taxonomies(hub);
  let q = (await cardRows(hub.db)).where('a.call_id', '=', call.id).where(visibleApplications(viewer));
  if (stage) q = q.where('a.stage', '=', stage);
  const rows = await q.orderBy('a.reference').orderBy('a.created_at').execute();
  const cards = rows.map(cardOf);
  const reviews = await hub.db
    .selectFrom('assignments as s')
    .innerJoin('applications as a', 'a.id', 's.application_id')
    .select((eb) => [eb.fn.count<number>('s.id').filterWhere('s.status', 'in', ['invited', 'accepted']).as('due'), eb.fn.count<number>('s.id').filterWhere('s.status', '=', 'submitted').as('done')])
    .where('a.call_id', '=', call.id)
    .executeTakeFirstOrThrow();
  const n = (f: (c: ApplicationCard) => boolean) => cards.filter(f).length;
  return {
    call: {
      id: call.id,
      slug: call.slug,
      title: call.title,
      summary: call.summary,
      mechanism: { code: call.mechanism, label: call.mechanism_name },
      status: callStatus(call, hub.now()),
      opensAt: londonTime(call.opens_at),
      closesAt: londonTime(call.closes_at),
      eoiClosesAt: call.eoi_closes_at ? londonTime(call.eoi_closes_at) : null,
      stages: call.stages,
      maxAmount: call.max_amount,
      totalBudget: call.total_budget,
      themes: call.terms.filter((t) => t.taxonomy === 'theme').map((t) => ({ code: t.code, label: labelOf(all, 'theme', t.code) })),
      isExample: call.is_example,
    },
    counts: {
      drafts: n((c) => c.status === 'draft'),
      submitted: n((c) => c.status === 'submitted'),
      withdrawn: n((c) => c.status === 'withdrawn'),
      eligible: n((c) => c.status === 'submitted' && c.screening === 'eligible'),
      ineligible: n((c) => c.status === 'submitted' && c.screening === 'ineligible'),
      unscreened: n((c) => c.status === 'submitted' && c.screening === null),
      reviewsDue: Number(reviews.due),
      reviewsDone: Number(reviews.done),
      funded: n((c) => c.decision === 'fund'),
    },
    // drafts are listed (title and lead), so a manager can give one more time
    applications: cards,
  };
}

/** A programme manager screens a submitted application for eligibility, with the reasons. */
export async function screenApplication(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<ApplicationView> {
  authorise(viewer, 'programme.manage');
  const s = parse(ScreeningInput, input);
  if (s.decision === 'ineligible' && !s.reason) throw invalid('reason', 'is required: say which rule the application does not meet');
  await hub.db.transaction().execute(async (tx) => {
    const { app } = await applicationFor(tx, viewer, id, true);
    if (app.status !== 'submitted') throw new HubError('conflict', 'only a submitted application is screened');
    if (app.decision) throw new HubError('conflict', 'the application has been decided');
    await tx.updateTable('applications').set({ screening: s.decision, screening_reason: s.reason || null, screened_by: viewer.kind === 'user' ? viewer.userId : null, screened_at: hub.now() }).where('id', '=', app.id).execute();
    if (s.decision === 'ineligible') await tx.updateTable('assignments').set({ status: 'revoked' }).where('application_id', '=', app.id).where('status', 'in', ['invited', 'accepted']).execute();
    await recordAudit(tx, viewer, { action: 'programme.screen', entityType: 'application', entityId: app.id, before: { screening: app.screening }, after: s });
  });
  return getApplication(hub, viewer, id);
}

/** The outcome of an expression of interest: invited to a full application or not, with the call's letter. */
export async function decideExpression(hub: Hub, viewer: Viewer, id: string, input: unknown): Promise<ApplicationView> {
  authorise(viewer, 'programme.manage');
  const o = parse(EoiOutcomeInput, input);
  await hub.db.transaction().execute(async (tx) => {
    const { app } = await applicationFor(tx, viewer, id, true);
    if (app.stage !== 'eoi' || app.status !== 'submitted') throw new HubError('conflict', 'only a submitted expression of interest is decided this way');
    if (app.screening === 'ineligible' && o.outcome === 'invite') throw new HubError('conflict', 'an ineligible expression of interest cannot be invited');
    await tx.updateTable('applications').set({ eoi_outcome: o.outcome, decision_reason: o.reason || null, decided_by: viewer.kind === 'user' ? viewer.userId : null, decided_at: hub.now(), letter_sent_at: hub.now() }).where('id', '=', app.id).execute();
    const call = await tx.selectFrom('calls').select('slug').where('id', '=', app.call_id).executeTakeFirstOrThrow();
    await mailLetter(tx, hub, app.id, o.outcome, { reason: o.reason, link: `${hub.baseUrl}/calls/${call.slug}` });
    await recordAudit(tx, viewer, { action: 'programme.eoi_outcome', entityType: 'application', entityId: app.id, after: o });
  });
  await hub.mailer.flush(hub.db);
  return getApplication(hub, viewer, id);
}

// files

export async function uploadApplicationFile(hub: Hub, viewer: Viewer, id: string, questionId: string, filename: string, bytes: Uint8Array): Promise<ApplicationFileView> {
  authorise(viewer, 'applications.submit');
  const { name, mediaType } = await checkUpload(hub, filename, bytes);
  const key = randomUUID();
  let stored = false;
  try {
    const row = await hub.db.transaction().execute(async (tx) => {
      const { app, access } = await applicationFor(tx, viewer, id, true);
      if (access !== 'applicant') throw new HubError('forbidden', 'only the lead applicant adds files');
      if (app.status !== 'draft') throw new HubError('conflict', 'files are added to a draft only');
      const q = (await formVersion(tx, app.call_id, app.stage, app.form_version)).find((x) => x.id === questionId);
      if (!q || q.type !== 'file') throw invalid('question', `${questionId} is not a file question of this form`);
      const held = await tx.selectFrom('application_files').select((eb) => eb.fn.countAll<number>().as('n')).where('application_id', '=', app.id).where('question_id', '=', questionId).executeTakeFirstOrThrow();
      if (Number(held.n) >= q.maxFiles) throw new HubError('conflict', `“${q.label}” takes at most ${q.maxFiles} file${q.maxFiles === 1 ? '' : 's'}: remove one first`, { issues: [{ field: `answers.${q.id}`, message: 'has its files' }] });
      if (viewer.kind === 'user') await checkUploadAllowance(tx, hub, viewer.userId, bytes.length);
      await hub.files.put(key, bytes);
      stored = true;
      const r = await tx
        .insertInto('application_files')
        .values({ application_id: app.id, question_id: questionId, filename: name, media_type: mediaType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), storage_key: key, uploaded_by: viewer.kind === 'user' ? viewer.userId : null })
        .returning(['id', 'question_id', 'filename', 'media_type', 'size'])
        .executeTakeFirstOrThrow();
      await tx.updateTable('applications').set({ updated_at: hub.now() }).where('id', '=', app.id).execute();
      await recordAudit(tx, viewer, { action: 'programme.file_upload', entityType: 'application', entityId: app.id, after: { file: r.id, filename: name, mediaType, size: bytes.length } });
      return r;
    });
    return { id: row.id, questionId: row.question_id, filename: row.filename, mediaType: row.media_type, size: row.size, url: `/api/programmes/files/${row.id}` };
  } catch (err) {
    if (stored) await hub.files.remove(key);
    throw err;
  }
}

async function fileRow(hub: Hub, id: string) {
  if (!z.uuid().safeParse(id).success) throw notFound('file');
  const row = await hub.db.selectFrom('application_files').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('file');
  return row;
}

/** A file of an application the viewer may see (the same rule as the application: never to a conflicted reviewer). */
export async function readApplicationFile(hub: Hub, viewer: Viewer, id: string): Promise<{ bytes: Buffer; mediaType: string; filename: string }> {
  const row = await fileRow(hub, id);
  await applicationFor(hub.db, viewer, row.application_id);
  return { bytes: await hub.files.get(row.storage_key), mediaType: row.media_type, filename: row.filename };
}

export async function deleteApplicationFile(hub: Hub, viewer: Viewer, id: string): Promise<void> {
  const row = await fileRow(hub, id);
  await hub.db.transaction().execute(async (tx) => {
    const { app, access } = await applicationFor(tx, viewer, row.application_id, true);
    if (access !== 'applicant') throw new HubError('forbidden', 'only the lead applicant removes files');
    if (app.status !== 'draft') throw new HubError('conflict', 'files are removed from a draft only');
    await tx.deleteFrom('application_files').where('id', '=', id).execute();
    await recordAudit(tx, viewer, { action: 'programme.file_remove', entityType: 'application', entityId: app.id, before: { file: id, filename: row.filename } });
  });
  await hub.files.remove(row.storage_key);
}



/** A call's submitted applications as CSV, for its managers (those they are conflicted on are not in it). */
export async function callApplicationsCsv(hub: Hub, viewer: Viewer, callIdOrSlug: string): Promise<string> {
  const o = await callApplications(hub, viewer, callIdOrSlug);
  const columns = ['reference', 'stage', 'title', 'lead', 'status', 'screening', 'decision', 'submitted_at'];
  return toCsv(columns, o.applications.map((a) => ({ reference: a.reference ?? '', stage: a.stage, title: a.title, lead: a.lead, status: a.status, screening: a.screening ?? '', decision: a.decision ?? '', submitted_at: a.submittedAt ?? '' })), { spreadsheetSafe: true });
}
