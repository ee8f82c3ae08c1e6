/**
 * The programme's routes over HTTP, on every backend: every route × every role (the permission matrix, which must
 * name every /api/programmes route), and the conflict matrix: a programme manager who also reviews, with a conflict
 * of interest on one application, calls every route that reads, and never meets that application's id, title or
 * file in any answer (pages, lists, exports, the panel, feeds, files).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ROLES, type GrantedRole, type Role, type Viewer } from '../../src/hub/platform/access.js';
import type { Hub } from '../../src/hub/platform/context.js';
import { saveApplication, startApplication, submitApplication, uploadApplicationFile, decideExpression } from '../../src/hub/programmes/applications.js';
import { assignManually, respondToAssignment, runAssignment } from '../../src/hub/programmes/assignment.js';
import { getAward, saveReport } from '../../src/hub/programmes/awards.js';
import { decide, releaseDecisions } from '../../src/hub/programmes/decisions.js';
import { addOutcome } from '../../src/hub/programmes/outcomes.js';
import { addRelation, addReviewer } from '../../src/hub/programmes/reviewers.js';
import { buildApp } from '../../src/server/app.js';
import { BACKENDS, freshHub, newMember, type Backend } from '../helpers/db.js';
import { assertRouteAsEveryRole, sessionFor, type MatrixEntry } from '../helpers/matrix.js';
import { openCall, screenAll } from '../helpers/programme.js';

const SECRET = 'test-session-secret-test-session-secret';
const EVERYONE = ROLES;
const MEMBERS = ROLES.filter((r) => r !== 'visitor');
const MANAGERS: readonly Role[] = ['programme_manager', 'administrator'];
const HOLDERS: readonly Role[] = ['member', ...MANAGERS];
type PerRole = Partial<Record<Role, string>>;

interface Ctx {
  users: Record<Role, Viewer & { kind: 'user' }>;
  call: string;
  startCall: string;
  eoiCall: string;
  sandpit: string;
  editCalls: PerRole;
  drafts: PerRole;
  ready: PerRole;
  withdrawable: PerRole;
  draftFiles: PerRole;
  submitted: string;
  submittedFile: string;
  decided: string;
  eoi: string;
  declarable: string;
  eligible: PerRole;
  assignmentToRemove: PerRole;
  invitedAssignment: string;
  acceptedAssignment: string;
  relation: string;
  memberProfile: string;
  award: string;
  reports: PerRole;
  outcomes: PerRole;
  publications: PerRole;
  teamSets: Record<string, string[]>;
}
type Entry = MatrixEntry<Ctx>;
const FUTURE = '2027-04-15T12:00';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const P = '/api/programmes';

const MATRIX: Record<string, Entry> = {
  [`GET ${P}/vocabulary`]: { allowed: EVERYONE },
  [`GET ${P}/mechanisms`]: { allowed: EVERYONE },
  [`PATCH ${P}/mechanisms/:code`]: { allowed: MANAGERS, url: () => `${P}/mechanisms/sandpit`, body: (_c, r) => ({ description: `Edited by ${r}` }) },
  [`GET ${P}/calls`]: { allowed: EVERYONE, url: () => `${P}/calls?status=open&theme=skills` },
  [`POST ${P}/calls`]: { allowed: MANAGERS, body: (_c, r) => ({ mechanism: 'small_project', title: `A call by ${r}`, opensAt: '2027-02-01T09:00', closesAt: '2027-03-31T12:00', maxAmount: 10_000, totalBudget: 20_000, eligibility: { regions: ['TLG'] } }) },
  [`GET ${P}/calls.atom`]: { allowed: EVERYONE },
  [`GET ${P}/deadlines.ics`]: { allowed: EVERYONE },
  [`GET ${P}/calls/:call`]: { allowed: EVERYONE, url: (c) => `${P}/calls/${c.call}` },
  [`PATCH ${P}/calls/:call`]: { allowed: MANAGERS, url: (c, r) => `${P}/calls/${c.editCalls[r] ?? c.call}`, body: () => ({ version: 1, summary: 'Edited.' }) },
  [`GET ${P}/calls/:call/forms/:stage`]: { allowed: EVERYONE, url: (c) => `${P}/calls/${c.call}/forms/full` },
  [`PUT ${P}/calls/:call/forms/:stage`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.call}/forms/report`, body: () => ({ questions: [{ id: 'progress', type: 'text', label: 'Progress', required: true }] }) },
  [`POST ${P}/calls/:call/applications`]: { allowed: MEMBERS, url: (c) => `${P}/calls/${c.startCall}/applications`, body: () => ({ title: 'Started' }) },
  [`GET ${P}/calls/:call/applications`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.call}/applications` },
  [`GET ${P}/calls/:call/applications.csv`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.call}/applications.csv` },
  [`GET ${P}/calls/:call/conflicts`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.call}/conflicts` },
  [`POST ${P}/calls/:call/conflicts/detect`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.call}/conflicts/detect` },
  [`POST ${P}/calls/:call/assignment`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.call}/assignment`, body: () => ({}) },
  [`GET ${P}/calls/:call/assignments`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.call}/assignments` },
  [`GET ${P}/calls/:call/panel`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.call}/panel` },
  [`POST ${P}/calls/:call/decisions/release`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.startCall}/decisions/release` },
  [`GET ${P}/calls/:call/letters`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.call}/letters` },
  [`PUT ${P}/calls/:call/letters/:outcome`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.call}/letters/reserve`, body: () => ({ subject: 'Reserve: {{title}}', body: 'Dear {{name}}, reserve list.' }) },
  [`GET ${P}/calls/:call/sandpit`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.sandpit}/sandpit?size=2` },
  [`POST ${P}/calls/:call/sandpit/selection`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.sandpit}/sandpit/selection`, body: (c) => ({ applicationIds: c.teamSets.programme_manager.slice(0, 1) }) },
  [`POST ${P}/calls/:call/sandpit/teams`]: { allowed: MANAGERS, url: (c) => `${P}/calls/${c.sandpit}/sandpit/teams`, body: (c, r) => ({ name: `Team of ${r}`, applicationIds: c.teamSets[r] ?? c.teamSets.programme_manager }) },
  [`GET ${P}/applications/mine`]: { allowed: MEMBERS },
  [`GET ${P}/applications/:id`]: { allowed: MEMBERS, url: (c, r) => `${P}/applications/${c.drafts[r] ?? c.submitted}` },
  [`PATCH ${P}/applications/:id`]: { allowed: MEMBERS, url: (c, r) => `${P}/applications/${c.drafts[r] ?? c.submitted}`, body: () => ({ version: 1, title: 'Edited title' }) },
  [`GET ${P}/applications/:id/check`]: { allowed: MEMBERS, url: (c, r) => `${P}/applications/${c.drafts[r] ?? c.submitted}/check` },
  [`POST ${P}/applications/:id/submit`]: { allowed: MEMBERS, url: (c, r) => `${P}/applications/${c.ready[r] ?? c.submitted}/submit` },
  [`POST ${P}/applications/:id/withdraw`]: { allowed: MEMBERS, url: (c, r) => `${P}/applications/${c.withdrawable[r] ?? c.submitted}/withdraw`, body: () => ({ reason: 'Changed plans' }) },
  [`POST ${P}/applications/:id/team/invite`]: { allowed: MEMBERS, url: (c, r) => `${P}/applications/${c.drafts[r] ?? c.submitted}/team/invite` },
  [`POST ${P}/team-invitations`]: { allowed: EVERYONE, body: () => ({ token: 'bogus-token-value', accept: true }), expect: 400 },
  [`POST ${P}/applications/:id/extension`]: { allowed: MANAGERS, url: (c) => `${P}/applications/${c.drafts.member}/extension`, body: () => ({ until: FUTURE, reason: 'Illness' }) },
  [`POST ${P}/applications/:id/screening`]: { allowed: MANAGERS, url: (c) => `${P}/applications/${c.submitted}/screening`, body: () => ({ decision: 'eligible' }) },
  [`POST ${P}/applications/:id/eoi-outcome`]: { allowed: MANAGERS, url: (c) => `${P}/applications/${c.eoi}/eoi-outcome`, body: () => ({ outcome: 'invite' }) },
  [`POST ${P}/applications/:id/conflicts`]: { allowed: MANAGERS, url: (c) => `${P}/applications/${c.submitted}/conflicts`, body: (c) => ({ reviewerId: c.users.member.userId, reason: 'Same group' }) },
  [`POST ${P}/applications/:id/declare-conflict`]: { allowed: ['reviewer'], url: (c) => `${P}/applications/${c.declarable}/declare-conflict`, body: () => ({ reason: 'My former student' }) },
  [`POST ${P}/applications/:id/notes`]: { allowed: MANAGERS, url: (c) => `${P}/applications/${c.submitted}/notes`, body: () => ({ note: 'Discuss.' }) },
  [`POST ${P}/applications/:id/decision`]: { allowed: MANAGERS, url: (c) => `${P}/applications/${c.submitted}/decision`, body: () => ({ decision: 'reserve', reason: 'Close to the line' }) },
  [`GET ${P}/applications/:id/letter`]: { allowed: MANAGERS, url: (c) => `${P}/applications/${c.decided}/letter` },
  [`POST ${P}/applications/:id/files`]: { allowed: MEMBERS, url: (c, r) => `${P}/applications/${c.drafts[r] ?? c.submitted}/files?question=attachments&filename=notes.txt`, body: () => Buffer.from('notes\n'), headers: { 'content-type': 'application/octet-stream' } },
  [`GET ${P}/files/:id`]: { allowed: MANAGERS, url: (c) => `${P}/files/${c.submittedFile}`, denied: 404 },
  [`DELETE ${P}/files/:id`]: { allowed: MEMBERS, url: (c, r) => `${P}/files/${c.draftFiles[r] ?? c.submittedFile}` },
  [`GET ${P}/reviewers`]: { allowed: MANAGERS },
  [`POST ${P}/reviewers`]: { allowed: MANAGERS, body: (c) => ({ profileId: c.memberProfile, capacity: 4 }) },
  [`POST ${P}/reviewers/invitations`]: { allowed: MANAGERS, body: (_c, r) => ({ email: `external-${r}-${randomBytes(3).toString('hex')}@example.net`, name: `External of ${r}` }) },
  [`PATCH ${P}/reviewers/:id`]: { allowed: MANAGERS, url: (c) => `${P}/reviewers/${c.users.reviewer.userId}`, body: () => ({ capacity: 8 }) },
  [`GET ${P}/me/reviewer`]: { allowed: ['reviewer'] },
  [`PATCH ${P}/me/reviewer`]: { allowed: ['reviewer'], body: () => ({ expertise: 'Regional innovation systems' }) },
  [`GET ${P}/me/relations`]: { allowed: ['reviewer'] },
  [`POST ${P}/me/relations`]: { allowed: ['reviewer'], body: () => ({ kind: 'personal', name: 'Someone Else' }) },
  [`DELETE ${P}/me/relations/:id`]: { allowed: ['reviewer'], url: (c) => `${P}/me/relations/${c.relation}` },
  [`GET ${P}/assignments/mine`]: { allowed: ['reviewer'] },
  [`POST ${P}/assignments`]: { allowed: MANAGERS, body: (c, r) => ({ applicationId: c.eligible[r] ?? c.eligible.programme_manager, reviewerId: c.users.reviewer.userId }) },
  [`POST ${P}/assignments/:id/response`]: { allowed: ['reviewer'], url: (c) => `${P}/assignments/${c.invitedAssignment}/response`, body: () => ({ accept: true }) },
  [`DELETE ${P}/assignments/:id`]: { allowed: MANAGERS, url: (c, r) => `${P}/assignments/${c.assignmentToRemove[r] ?? c.assignmentToRemove.programme_manager}` },
  [`GET ${P}/assignments/:id/review`]: { allowed: ['reviewer'], url: (c) => `${P}/assignments/${c.acceptedAssignment}/review`, denied: 404, deniedFor: { administrator: 403, programme_manager: 403, member: 403, curator: 403, analyst: 403 } },
  [`PUT ${P}/assignments/:id/review`]: { allowed: ['reviewer'], url: (c) => `${P}/assignments/${c.acceptedAssignment}/review`, body: () => ({ version: 1, scores: { vision: 4 } }), deniedFor: {} },
  [`GET ${P}/awards`]: { allowed: EVERYONE, url: () => `${P}/awards?mine=false` },
  [`GET ${P}/awards/:id`]: { allowed: EVERYONE, url: (c) => `${P}/awards/${c.award}` },
  [`PATCH ${P}/awards/:id`]: { allowed: MANAGERS, url: (c) => `${P}/awards/${c.award}`, body: () => ({ title: 'Renamed award' }) },
  [`PUT ${P}/reports/:id`]: { allowed: ['member'], url: (c) => `${P}/reports/${c.reports.member}`, body: () => ({ version: 1, answers: { progress: 'Going well.' } }), denied: 404, deniedFor: { programme_manager: 403, administrator: 403 } },
  [`POST ${P}/reports/:id/review`]: { allowed: MANAGERS, url: (c, r) => `${P}/reports/${c.reports[r] ?? c.reports.programme_manager}/review`, body: () => ({ accept: true }) },
  [`POST ${P}/awards/:id/outcomes`]: { allowed: HOLDERS, url: (c) => `${P}/awards/${c.award}/outcomes`, body: (_c, r) => ({ type: 'engagement', title: `Workshop by ${r}`, year: 2027 }) },
  [`PATCH ${P}/outcomes/:id`]: { allowed: HOLDERS, url: (c, r) => `${P}/outcomes/${c.outcomes[r] ?? c.outcomes.member}`, body: () => ({ type: 'engagement', title: 'A renamed workshop', year: 2027 }) },
  [`DELETE ${P}/outcomes/:id`]: { allowed: HOLDERS, url: (c, r) => `${P}/outcomes/${c.outcomes[r] ?? c.outcomes.member}` },
  [`POST ${P}/outcomes/:id/publish`]: { allowed: HOLDERS, url: (c, r) => `${P}/outcomes/${c.publications[r] ?? c.publications.member}/publish` },
  [`GET ${P}/portfolio`]: { allowed: MANAGERS },
  [`GET ${P}/portfolio.csv`]: { allowed: MANAGERS },
  [`GET ${P}/portfolio/gtr-projects.csv`]: { allowed: MANAGERS },
  [`GET ${P}/portfolio/gtr-outcomes.csv`]: { allowed: MANAGERS },
};
// a reviewer's own review: others with the reviewer role would be 404; without it, 403
MATRIX[`PUT ${P}/assignments/:id/review`].deniedFor = MATRIX[`GET ${P}/assignments/:id/review`].deniedFor;


async function fixtures(hub: Hub): Promise<Ctx> {
  const users = {} as Ctx['users'];
  for (const role of ROLES) {
    const { viewer } = await newMember(hub, `${role}@example.org`, `The ${role}`);
    if (role !== 'visitor' && role !== 'member') await hub.db.insertInto('user_roles').values({ user_id: viewer.userId, role, granted_by: null }).execute();
    users[role] = { ...viewer, roles: new Set(role === 'visitor' || role === 'member' ? [] : [role as GrantedRole]) };
  }
  const pm = users.programme_manager;
  const call = (await openCall(hub, pm, { title: 'Matrix call', review: { reviewersPerApplication: 1, maxLoad: 20 } })).id;
  const startCall = (await openCall(hub, pm, { title: 'Start call' })).id;
  const eoiCall = (await openCall(hub, pm, { title: 'EOI call', stages: 'eoi_full', eoiClosesAt: '2027-03-20T12:00' })).id;
  const sandpit = (await openCall(hub, pm, { mechanism: 'sandpit', title: 'Matrix sandpit', stages: 'eoi_full', eoiClosesAt: '2027-03-20T12:00', maxAmount: 90_000, totalBudget: 300_000 })).id;
  const editCalls: PerRole = { programme_manager: (await openCall(hub, pm, { title: 'Edit pm' })).id, administrator: (await openCall(hub, pm, { title: 'Edit admin' })).id };
  const complete = (lead: object) => ({ summary: 'S.', case_for_support: 'C.', impact: 'I.', team: [{ ...lead, organisationName: 'Example University' }], budget: [{ category: 'Staff', amount: 10_000 }], duration_months: 6, declaration: true });
  /** A draft of `who` to a call; complete when asked, with a file when asked. */
  const draft = async (who: Viewer & { kind: 'user' }, callId: string, ready = false) => {
    const a = await startApplication(hub, who, callId, { title: `Draft of ${who.email}` });
    if (ready) await saveApplication(hub, who, a.id, { version: a.version, answers: complete((a.answers.team as object[])[0]) });
    return a.id;
  };
  const extra = async (n: number) => Promise.all(Array.from({ length: n }, async (_, i) => (await newMember(hub, `author${i}-${randomBytes(3).toString('hex')}@example.org`, `Author ${i}`)).viewer));
  const drafts: PerRole = {};
  const ready: PerRole = {};
  const withdrawable: PerRole = {};
  const draftFiles: PerRole = {};
  const extraCalls = await Promise.all(['A', 'B'].map(async (x) => (await openCall(hub, pm, { title: `Extra ${x}` })).id));
  for (const r of MEMBERS) {
    drafts[r] = await draft(users[r], call);
    draftFiles[r] = (await uploadApplicationFile(hub, users[r], drafts[r]!, 'attachments', 'own.pdf', pdf)).id;
    ready[r] = await draft(users[r], extraCalls[0], true);
    withdrawable[r] = await draft(users[r], extraCalls[1]);
  }
  // submitted applications by authors outside the roles: one to screen and decide, one to declare a conflict on, some eligible
  const authors = await extra(6);
  const submit = async (who: Viewer & { kind: 'user' }, callId: string) => {
    const id = await draft(who, callId, true);
    await submitApplication(hub, who, id);
    return id;
  };
  const submitted = await submit(authors[0], call);
  const submittedFile = (await hub.db.insertInto('application_files').values({ application_id: submitted, question_id: 'attachments', filename: 'secret-plan.pdf', media_type: 'application/pdf', size: pdf.length, sha256: 'x', storage_key: await (async () => { const k = (await import('node:crypto')).randomUUID(); await hub.files.put(k, pdf); return k; })(), uploaded_by: authors[0].userId }).returning('id').executeTakeFirstOrThrow()).id;
  const declarable = await submit(authors[1], call);
  const eligibleIds = [await submit(authors[2], call), await submit(authors[3], call)];
  const removable = [await submit(authors[4], call), await submit(authors[5], call)];
  await screenAll(hub, pm, [submitted, declarable, ...eligibleIds, ...removable]);
  // the reviewer role user reviews: in the pool, assigned (invited and accepted) to some
  await addReviewer(hub, pm, { profileId: users.reviewer.profileId, capacity: 20 });
  await assignManually(hub, pm, { applicationId: declarable, reviewerId: users.reviewer.userId });
  const acceptedApp = removable[0];
  const accepted = await assignManually(hub, pm, { applicationId: acceptedApp, reviewerId: users.reviewer.userId });
  await respondToAssignment(hub, users.reviewer, accepted.id, { accept: true });
  const toRemove: PerRole = {};
  const second = await newMember(hub, 'second-reviewer@example.org', 'Second Reviewer');
  await addReviewer(hub, pm, { profileId: second.viewer.profileId, capacity: 20 });
  toRemove.programme_manager = (await assignManually(hub, pm, { applicationId: eligibleIds[0], reviewerId: second.viewer.userId })).id;
  toRemove.administrator = (await assignManually(hub, pm, { applicationId: eligibleIds[1], reviewerId: second.viewer.userId })).id;
  const relation = (await addRelation(hub, users.reviewer, { kind: 'supervisory', name: 'A Student' }))[0].id;
  // the declarable application: the reviewer answers "invited" through the response route; then declares
  // (the response route acts on an invitation of their own: a second one, on another application)
  const invitedAssignment = (await assignManually(hub, pm, { applicationId: removable[1], reviewerId: users.reviewer.userId })).id;
  // a decided application for the letter preview (in the start call, so release does not touch the matrix call)
  const decidedAuthor = (await extra(1))[0];
  const decided = await submit(decidedAuthor, startCall);
  await screenAll(hub, pm, [decided]);
  await decide(hub, pm, decided, { decision: 'reject', reason: 'Out of scope.' });
  // an expression of interest
  const eoiAuthor = (await extra(1))[0];
  const eoiDraft = await startApplication(hub, eoiAuthor, eoiCall, { title: 'An idea' });
  await saveApplication(hub, eoiAuthor, eoiDraft.id, { version: eoiDraft.version, answers: { summary: 'Idea.', fit: 'Fits.', team: [{ ...(eoiDraft.answers.team as object[])[0], organisationName: 'X' }], declaration: true } });
  await submitApplication(hub, eoiAuthor, eoiDraft.id);
  // sandpit participants, invited, in two pairs (one team per manager role)
  const sp = await extra(4);
  const spIds: string[] = [];
  for (const who of sp) {
    const a = await startApplication(hub, who, sandpit, { title: 'Interest' });
    await saveApplication(hub, who, a.id, { version: a.version, answers: { contribution: 'Methods.', discipline_mix: ['Economics'], sector: 'Other', available: true } });
    await submitApplication(hub, who, a.id);
    await decideExpression(hub, pm, a.id, { outcome: 'invite' });
    spIds.push(a.id);
  }
  // an award held by the member role user, with two submitted reports and outcomes
  const awardCall = (await openCall(hub, pm, { title: 'Award call' })).id;
  const memberApp = await draft(users.member, awardCall, true);
  await submitApplication(hub, users.member, memberApp);
  await screenAll(hub, pm, [memberApp]);
  const { awardId } = await decide(hub, pm, memberApp, { decision: 'fund' });
  await releaseDecisions(hub, pm, awardCall);
  const award = (await getAward(hub, users.member, awardId!));
  await hub.db.insertInto('award_reports').values({ award_id: award.id, kind: 'interim', due_on: '2027-06-01', answers: '{}' }).execute();
  const reportIds = (await getAward(hub, users.member, award.id)).reports.map((r) => r.id);
  const reports: PerRole = { member: reportIds[2] };
  for (const [i, r] of (['programme_manager', 'administrator'] as const).entries()) {
    await saveReport(hub, users.member, reportIds[i], { version: 1, answers: { progress: 'P.', milestones: 'M.', changes: 'C.' }, submit: true });
    reports[r] = reportIds[i];
  }
  const outcomes: PerRole = {};
  const publications: PerRole = {};
  for (const r of HOLDERS) {
    outcomes[r] = (await addOutcome(hub, users.member, award.id, { type: 'engagement', title: `Talk for ${r}`, year: 2027 })).id;
    publications[r] = (await addOutcome(hub, users.member, award.id, { type: 'publication', title: `Paper for ${r}`, year: 2027, authors: [{ name: 'The member' }] })).id;
  }
  // the outcome those who may not act on outcomes try (it stays, so each of them meets it)
  const kept = (await addOutcome(hub, users.member, award.id, { type: 'publication', title: 'Kept paper', year: 2027, authors: [{ name: 'The member' }] })).id;
  for (const r of ROLES) if (!HOLDERS.includes(r)) (outcomes[r] = kept), (publications[r] = kept);
  const memberProfile = (await newMember(hub, 'future-reviewer@example.org', 'Future Reviewer')).viewer.profileId!;
  await runAssignment(hub, pm, call, {}); // a proposal only
  return {
    users,
    call,
    startCall,
    eoiCall,
    sandpit,
    editCalls,
    drafts,
    ready,
    withdrawable,
    draftFiles,
    submitted,
    submittedFile,
    decided,
    eoi: eoiDraft.id,
    declarable,
    eligible: { programme_manager: eligibleIds[0], administrator: eligibleIds[1] },
    assignmentToRemove: toRemove,
    invitedAssignment,
    acceptedAssignment: accepted.id,
    relation,
    memberProfile,
    award: award.id,
    reports,
    outcomes,
    publications,
    teamSets: { programme_manager: spIds.slice(0, 2), administrator: spIds.slice(2, 4) },
  };
}

for (const backend of BACKENDS) describe(`programme API (${backend})`, () => programmeApi(backend));

function programmeApi(backend: Backend): void {
  let ctx: Awaited<ReturnType<typeof freshHub>>;
  let app: FastifyInstance;
  let c: Ctx;
  before(async () => {
    ctx = await freshHub(backend);
    ctx.clock.advance(new Date('2027-03-01T09:00:00Z').getTime() - Date.now());
    app = await buildApp({ hub: ctx.hub, sessionSecret: SECRET, authRateLimit: 100_000, logger: false });
    c = await fixtures(ctx.hub);
  });
  after(async () => {
    await app.close();
    await ctx.database.close();
  });

  test('the permission matrix names every programme route', () => {
    const registered = app.routeList.filter((r) => r.url.startsWith(`${P}/`)).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual([...new Set(registered)].sort(), Object.keys(MATRIX).sort());
  });

  for (const [route, entry] of Object.entries(MATRIX)) {
    test(`permissions: ${route}`, () => assertRouteAsEveryRole(ctx.hub, app, route, entry, c, (role) => c.users[role].userId));
  }

  test('conflict matrix: a conflicted manager who reviews never meets the application through any route', async () => {
    const { hub } = ctx;
    // a user who is both a programme manager and a reviewer, with a conflict on one submitted application
    const { viewer } = await newMember(hub, `conflicted-${backend}@example.org`, 'Conflicted Manager');
    for (const role of ['programme_manager', 'reviewer'] as const) await hub.db.insertInto('user_roles').values({ user_id: viewer.userId, role, granted_by: null }).execute();
    const secretAuthor = (await newMember(hub, `secret-${backend}@example.org`, 'Secret Author')).viewer;
    const secret = await startApplication(hub, secretAuthor, c.call, { title: 'Zanzibar confidential proposal' });
    await saveApplication(hub, secretAuthor, secret.id, { version: secret.version, answers: { summary: 'S.', case_for_support: 'C.', impact: 'I.', team: [{ ...(secret.answers.team as object[])[0], organisationName: 'Hidden Institute' }], budget: [{ category: 'Staff', amount: 5_000 }], duration_months: 6, declaration: true } });
    const file = await uploadApplicationFile(hub, secretAuthor, secret.id, 'attachments', 'zanzibar.pdf', pdf);
    await submitApplication(hub, secretAuthor, secret.id);
    await screenAll(hub, c.users.programme_manager, [secret.id]);
    await hub.db.insertInto('conflicts').values({ application_id: secret.id, reviewer_id: viewer.userId, source: 'declared', reason: 'My co-author', evidence: null, created_by: viewer.userId }).execute();
    await hub.db.insertInto('panel_notes').values({ application_id: secret.id, author_id: c.users.programme_manager.userId, note: 'Zanzibar note' }).execute();
    const s = await sessionFor(hub, app, viewer.userId);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const leaks = (body: string) => body.includes(secret.id) || body.includes('Zanzibar') || body.includes(file.id) || body.includes('zanzibar.pdf');
    let reads = 0;
    // every route that reads, with every call and id the fixtures hold, the secret's own included
    for (const [route, entry] of Object.entries(MATRIX)) {
      const [method, pattern] = route.split(' ');
      if (method !== 'GET') continue;
      const urls = new Set([entry.url?.(c, 'programme_manager') ?? pattern]);
      if (pattern.includes(':call')) urls.add(pattern.replace(':call', c.call).replace(':stage', 'full'));
      if (pattern.endsWith('/applications/:id') || pattern.includes('/applications/:id/')) urls.add(pattern.replace(':id', secret.id));
      if (pattern.includes('/files/:id')) urls.add(pattern.replace(':id', file.id));
      for (const url of urls) {
        if (url.includes(':')) continue;
        const res = await app.inject({ method: 'GET', url, headers });
        reads++;
        assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
        assert.ok(!leaks(res.body), `${url} shows the conflicted application: ${res.body.slice(0, 300)}`);
        if (url.includes(secret.id) || url.includes(file.id)) assert.equal(res.statusCode, 404, `${url}`);
      }
    }
    // and the routes that act on it refuse as if it did not exist
    for (const [url, payload] of [[`${P}/applications/${secret.id}/screening`, { decision: 'eligible' }], [`${P}/applications/${secret.id}/decision`, { decision: 'fund' }], [`${P}/applications/${secret.id}/notes`, { note: 'x' }], [`${P}/assignments`, { applicationId: secret.id, reviewerId: viewer.userId }]] as const) {
      const res = await app.inject({ method: 'POST', url, headers, payload });
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
    }
    assert.ok(reads > 30, `${reads} reads`);
    // another manager does see it (the rule is the conflict, not the role)
    const other = await sessionFor(hub, app, c.users.programme_manager.userId);
    const seen = await app.inject({ method: 'GET', url: `${P}/calls/${c.call}/applications.csv`, headers: { cookie: other.cookie } });
    assert.match(seen.body, /Zanzibar confidential proposal/);
  });
}
