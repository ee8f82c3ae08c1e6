/**
 * The programme's calls and applications on every database backend: mechanisms, calls in London time across clock
 * changes, their lists, feeds and deadlines calendar, versioned forms, drafts with optimistic concurrency, team
 * confirmation by email, files, the submission check, one submission per double click, the deadline at the write,
 * extensions, withdrawal, screening, expressions of interest, and who sees an application.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VISITOR, type Viewer } from '../../src/hub/platform/access.js';
import { fromLondon, londonLocal, londonTime } from '../../src/hub/platform/london-time.js';
import { callsFeed, createCall, deadlinesCalendar, getCall, getForm, listCalls, listMechanisms, saveForm, updateCall, updateMechanism } from '../../src/hub/programmes/calls.js';
import {
  callApplications,
  checkApplication,
  decideExpression,
  deleteApplicationFile,
  getApplication,
  grantExtension,
  inviteTeam,
  myApplications,
  readApplicationFile,
  respondToTeamInvitation,
  saveApplication,
  screenApplication,
  startApplication,
  submitApplication,
  uploadApplicationFile,
  withdrawApplication,
} from '../../src/hub/programmes/applications.js';
import { checkAnswers, wordCount, type Question } from '../../src/hub/programmes/forms.js';
import { BACKENDS, freshHub, linkToken, newMember, withRoles } from '../helpers/db.js';
import { refusedWith } from '../helpers/hub.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

test('London time: the offset follows the clock changes, the skipped hour is refused, the repeated hour is BST', () => {
  // 2027: BST from 01:00 UTC on 28 March to 01:00 UTC on 31 October
  assert.deepEqual(fromLondon('2027-01-15T12:00'), { at: new Date('2027-01-15T12:00:00Z') });
  assert.deepEqual(fromLondon('2027-03-31T12:00'), { at: new Date('2027-03-31T11:00:00Z') });
  assert.deepEqual(fromLondon('2027-03-28T00:59'), { at: new Date('2027-03-28T00:59:00Z') });
  assert.deepEqual(fromLondon('2027-03-28T02:00'), { at: new Date('2027-03-28T01:00:00Z') });
  assert.match((fromLondon('2027-03-28T01:30') as { error: string }).error, /does not exist in London/);
  assert.deepEqual(fromLondon('2027-10-31T01:30'), { at: new Date('2027-10-31T00:30:00Z') }, 'the first 01:30 (BST)');
  assert.equal(londonLocal(new Date('2027-10-31T01:30:00Z')), '2027-10-31T01:30', 'the second 01:30 (GMT)');
  assert.match((fromLondon('2027-02-30T12:00') as { error: string }).error, /not a calendar date/);
  assert.deepEqual(londonTime(new Date('2027-07-01T08:00:00Z')), { utc: '2027-07-01T08:00:00.000Z', london: '2027-07-01T09:00', zone: 'BST' });
});

test('forms: each issue names its question; word limits, budgets against the maximum, teams and declarations', () => {
  const qs: Question[] = [
    { id: 'summary', type: 'text', label: 'Summary', required: true, wordLimit: 5, multiline: true },
    { id: 'kind', type: 'choice', label: 'Kind', required: false, options: ['A', 'B'] },
    { id: 'budget', type: 'budget', label: 'Budget', required: true, categories: ['Staff', 'Travel'] },
    { id: 'team', type: 'team', label: 'Team', required: true, maxMembers: 3 },
    { id: 'ok', type: 'declaration', label: 'Declaration', required: true, statement: 'Yes.' },
    { id: 'cv', type: 'file', label: 'CV', required: true, maxFiles: 1 },
  ];
  assert.equal(wordCount('  one two\nthree  '), 3);
  const issues = checkAnswers(qs, { summary: 'one two three four five six', kind: 'C', budget: [{ category: 'Staff', amount: 40_000 }, { category: 'Travel', amount: 20_001 }], team: [{ role: 'co_applicant', name: 'Pat', organisationName: 'X' }], ok: false }, { maxAmount: 60_000, files: new Map() });
  assert.deepEqual(
    issues.map((i) => [i.field, i.message]),
    [
      ['answers.summary', '“Summary” has 6 words; the limit is 5'],
      ['answers.kind', '“Kind” must be one of: A; B'],
      ['answers.budget', '“Budget” totals £60,001, more than the call\'s maximum of £60,000'],
      ['answers.team', '“Team” needs exactly one lead applicant (it has 0)'],
      ['answers.team', '“Team” member 1 (Pat) needs an email address, to confirm they take part'],
      ['answers.ok', '“Declaration” must be accepted'],
      ['answers.cv', '“CV” needs a file'],
    ],
  );
  assert.deepEqual(checkAnswers(qs, { nonsense: 1 }, { maxAmount: 1, files: new Map([['cv', 1]]) })[0], { field: 'answers.nonsense', message: 'is not a question of this form' });
});

for (const backend of BACKENDS) {
  describe(`programme calls and applications (${backend})`, () => {
    let ctx: Awaited<ReturnType<typeof freshHub>>;
    let manager: Viewer & { kind: 'user' };
    let other: Viewer & { kind: 'user' };
    let ann: Viewer & { kind: 'user' };
    let cole: Viewer & { kind: 'user' };
    const NOW = new Date('2027-03-01T09:00:00Z');
    before(async () => {
      ctx = await freshHub(backend);
      ctx.clock.advance(NOW.getTime() - Date.now());
      manager = await withRoles(ctx.hub, 'pm@example.org', ['programme_manager']);
      other = await withRoles(ctx.hub, 'pm2@example.org', ['programme_manager']);
      ann = (await newMember(ctx.hub, 'ann@example.org', 'Ann Applicant')).viewer;
      cole = (await newMember(ctx.hub, 'cole@example.org', 'Cole Coapplicant')).viewer;
    });
    after(async () => {
      await ctx.database.close();
    });

    const smallProject = (over: Record<string, unknown> = {}) => ({
      mechanism: 'small_project',
      title: 'Knowledge exchange in advanced manufacturing',
      summary: 'Small projects on how knowledge moves between manufacturers and universities.',
      body: '## Scope\nProjects of **6 to 12 months**.',
      themes: ['skills'],
      opensAt: '2027-02-01T09:00',
      closesAt: '2027-03-31T12:00',
      maxAmount: 60_000,
      totalBudget: 240_000,
      published: true,
      ...over,
    });

    test('the six mechanisms are seeded, with their forms; managers edit them', async () => {
      const { hub } = ctx;
      const ms = await listMechanisms(hub, VISITOR);
      assert.deepEqual(ms.map((m) => m.code), ['systematic_review', 'small_project', 'sandpit', 'early_career_fellowship', 'impact_acceleration', 'storytelling_fellowship']);
      assert.ok(ms.every((m) => m.defaultForm.some((q) => q.type === 'team') && m.defaultForm.some((q) => q.type === 'budget') && m.awardMax >= m.awardMin));
      await refusedWith(updateMechanism(hub, ann, 'sandpit', { budgetEnvelope: 1 }), 'forbidden');
      await refusedWith(updateMechanism(hub, manager, 'sandpit', { awardMin: 200_000 }), 'validation', 'awardMax');
      assert.equal((await updateMechanism(hub, manager, 'sandpit', { budgetEnvelope: 320_000 })).budgetEnvelope, 320_000);
    });

    test('a call: validated against its mechanism and the taxonomies, in London time across the clock change, listed by status', async () => {
      const { hub } = ctx;
      await refusedWith(createCall(hub, ann, smallProject()), 'forbidden');
      await refusedWith(createCall(hub, manager, smallProject({ maxAmount: 70_000 })), 'validation', 'maxAmount');
      await refusedWith(createCall(hub, manager, smallProject({ themes: ['no-such-theme'] })), 'validation', 'themes[0]');
      await refusedWith(createCall(hub, manager, smallProject({ stages: 'eoi_full' })), 'validation', 'eoiClosesAt');
      await refusedWith(createCall(hub, manager, smallProject({ closesAt: '2027-03-28T01:30' })), 'validation', 'closesAt');
      await refusedWith(createCall(hub, manager, smallProject({ closesAt: '2027-01-01T12:00' })), 'validation', 'closesAt');
      const call = await createCall(hub, manager, smallProject());
      // opened in GMT, closes in BST: noon in London is 11:00 UTC on 31 March
      assert.deepEqual(call.opensAt, { utc: '2027-02-01T09:00:00.000Z', london: '2027-02-01T09:00', zone: 'GMT' });
      assert.deepEqual(call.closesAt, { utc: '2027-03-31T11:00:00.000Z', london: '2027-03-31T12:00', zone: 'BST' });
      assert.equal(call.status, 'open');
      assert.equal(call.slug, 'knowledge-exchange-in-advanced-manufacturing');
      assert.match(call.bodyHtml, /<h3>Scope<\/h3>/);
      assert.deepEqual(call.eligibilityText, ['Lead applicants must be members of the network (sign-up is free).']);
      assert.equal(call.review.reviewersPerApplication, 3);
      assert.equal(call.review.criteria.length, 4);
      const later = await createCall(hub, manager, smallProject({ title: 'Upcoming call', opensAt: '2027-05-01T09:00', closesAt: '2027-06-30T12:00' }));
      const past = await createCall(hub, manager, smallProject({ title: 'Closed call', opensAt: '2026-05-01T09:00', closesAt: '2026-06-30T12:00' }));
      const draft = await createCall(hub, manager, smallProject({ title: 'Draft call', published: false }));
      assert.deepEqual((await listCalls(hub, VISITOR, { status: 'open' })).map((c) => c.id), [call.id]);
      assert.deepEqual((await listCalls(hub, VISITOR, { status: 'upcoming' })).map((c) => c.id), [later.id]);
      assert.deepEqual((await listCalls(hub, VISITOR, { status: 'closed' })).map((c) => c.id), [past.id]);
      assert.ok(!(await listCalls(hub, ann, {})).some((c) => c.id === draft.id), 'drafts are for managers');
      assert.ok((await listCalls(hub, manager, {})).some((c) => c.id === draft.id));
      await refusedWith(getCall(hub, ann, draft.id), 'not_found');
      assert.deepEqual((await listCalls(hub, VISITOR, { q: 'upcoming' })).map((c) => c.id), [later.id]);
      assert.equal((await listCalls(hub, VISITOR, { theme: 'no-theme' })).length, 0);
      // an edit needs the version the editor saw
      await refusedWith(updateCall(hub, manager, call.id, { version: 9, title: 'X' }), 'conflict', /changed by someone else/);
      assert.equal((await updateCall(hub, manager, call.id, { version: call.version, summary: 'Revised.' })).summary, 'Revised.');
      // the feed and the calendar carry the published calls, with their deadlines in UTC
      const atom = await callsFeed(hub, VISITOR);
      assert.match(atom, /Knowledge exchange in advanced manufacturing \(closes 2027-03-31 12:00 BST\)/);
      assert.doesNotMatch(atom, /Draft call/);
      const ics = await deadlinesCalendar(hub, VISITOR);
      assert.match(ics, /BEGIN:VCALENDAR/);
      assert.match(ics, /DTSTART:20270331T110000Z/);
      assert.match(ics, /SUMMARY:Knowledge exchange in advanced manufacturing: closes/);
      assert.doesNotMatch(ics, /Draft call/);
    });

    test('applying: a draft, autosave with optimistic concurrency, the team confirms by email, a file, the check, one submission, a receipt', async () => {
      const { hub } = ctx;
      const call = (await listCalls(hub, VISITOR, { status: 'open' }))[0];
      await refusedWith(startApplication(hub, VISITOR, call.id, {}), 'unauthenticated');
      const app = await startApplication(hub, ann, call.slug, { title: 'Learning across the supply chain' });
      assert.equal(app.status, 'draft');
      assert.deepEqual(app.team.map((m) => [m.role, m.name, m.confirmation]), [['lead', 'Ann Applicant', 'confirmed']]);
      await refusedWith(startApplication(hub, ann, call.id, {}), 'conflict', /already have an application/);
      // the check lists what is missing, by question
      const check = await checkApplication(hub, ann, app.id);
      assert.equal(check.ready, false);
      assert.ok(check.issues.some((i) => i.field === 'answers.summary' && i.message === '“Summary” is required'));
      assert.ok(check.issues.some((i) => i.field === 'answers.declaration'));
      // two tabs: the second save from the same version is refused, and says so
      const lead = { ...(app.answers.team as object[])[0], organisationName: 'Aston University (example)' };
      const saved = await saveApplication(hub, ann, app.id, { version: app.version, answers: { summary: 'Firms learn from suppliers.' } });
      await refusedWith(saveApplication(hub, ann, app.id, { version: app.version, answers: { impact: 'Lost?' } }), 'conflict', /saved from another window/);
      assert.equal((await getApplication(hub, ann, app.id)).answers.summary, 'Firms learn from suppliers.');
      await refusedWith(saveApplication(hub, ann, app.id, { version: saved.version, answers: { nonsense: 1 } }), 'validation', 'answers.nonsense');
      const full = await saveApplication(hub, ann, app.id, {
        version: saved.version,
        answers: {
          case_for_support: 'We will study how knowledge moves along supply chains.',
          impact: 'Workshops with manufacturers.',
          team: [lead, { role: 'co_applicant', profileId: cole.profileId, name: 'Cole Coapplicant', organisationName: 'Aston University (example)' }],
          budget: [{ category: 'Staff', amount: 40_000 }, { category: 'Travel and subsistence', amount: 5_000 }],
          duration_months: 9,
          declaration: true,
        },
      });
      assert.deepEqual(full.team.map((m) => [m.name, m.confirmation]), [['Ann Applicant', 'confirmed'], ['Cole Coapplicant', 'pending']]);
      const waiting = await checkApplication(hub, ann, app.id);
      assert.deepEqual(waiting.issues.map((i) => i.message), ['Cole Coapplicant has not yet confirmed they take part (send the invitations from the team section)']);
      await refusedWith(submitApplication(hub, ann, app.id), 'validation', 'answers.team');
      // the co-applicant is invited by email and confirms; the lead's profile is untouched
      await inviteTeam(hub, ann, app.id);
      const token = await linkToken(hub, 'cole@example.org', '/applications/join');
      await refusedWith(getApplication(hub, cole, app.id), 'not_found', /application not found/);
      assert.deepEqual(await respondToTeamInvitation(hub, VISITOR, { token, accept: true }), { application: 'Learning across the supply chain', call: call.title, confirmation: 'confirmed' });
      assert.equal((await getApplication(hub, cole, app.id)).can.edit, false, 'a confirmed co-applicant reads it, the lead edits it');
      assert.ok((await myApplications(hub, cole)).some((a) => a.id === app.id));
      // a file: to a file question, by the lead, within its limit; read by the team, not by others
      await refusedWith(uploadApplicationFile(hub, ann, app.id, 'summary', 'cv.pdf', PDF), 'validation', 'question');
      const file = await uploadApplicationFile(hub, ann, app.id, 'attachments', 'letter.pdf', PDF);
      assert.equal(file.mediaType, 'application/pdf');
      assert.equal((await readApplicationFile(hub, cole, file.id)).bytes.length, PDF.length);
      await refusedWith(readApplicationFile(hub, other === manager ? VISITOR : (await newMember(hub, 'nosy@example.org')).viewer, file.id), 'not_found');
      await refusedWith(deleteApplicationFile(hub, cole, file.id), 'forbidden');
      assert.equal((await checkApplication(hub, ann, app.id)).ready, true);
      // a double click: two submits at once give one submission, one reference, one receipt
      const [a, b] = await Promise.all([submitApplication(hub, ann, app.id), submitApplication(hub, ann, app.id)]);
      assert.equal(a.status, 'submitted');
      assert.equal(a.reference, b.reference);
      assert.match(a.reference!, /^SP27-\d{4}$/);
      const receipts = await hub.db.selectFrom('outbox').select('subject').where('to_address', '=', 'ann@example.org').where('subject', 'like', 'Received:%').execute();
      assert.equal(receipts.length, 1);
      await refusedWith(saveApplication(hub, ann, app.id, { version: a.version, title: 'Late edit' }), 'conflict', /submitted application cannot be edited/);
      // managers see it (not its drafts' contents), screen it; another member never sees it
      const overview = await callApplications(hub, manager, call.id);
      assert.deepEqual(overview.applications.map((x) => x.id), [app.id]);
      assert.equal(overview.counts.submitted, 1);
      await refusedWith(screenApplication(hub, manager, app.id, { decision: 'ineligible' }), 'validation', 'reason');
      assert.equal((await screenApplication(hub, manager, app.id, { decision: 'eligible' })).screening, 'eligible');
      // a manager with a conflict on it never sees it, by any of these routes
      await hub.db.insertInto('conflicts').values({ application_id: app.id, reviewer_id: other.userId, source: 'manager', reason: 'Same department', evidence: null, created_by: manager.userId }).execute();
      await refusedWith(getApplication(hub, other, app.id), 'not_found');
      await refusedWith(readApplicationFile(hub, other, file.id), 'not_found');
      assert.deepEqual((await callApplications(hub, other, call.id)).applications, []);
    });

    test('the deadline is the server clock at the write; an extension is recorded; withdrawal', async () => {
      const { hub } = ctx;
      const call = await createCall(hub, manager, smallProject({ title: 'Closing soon', closesAt: '2027-03-01T10:00' }));
      const app = await startApplication(hub, ann, call.id, { title: 'Just in time' });
      const ready = await saveApplication(hub, ann, app.id, {
        version: app.version,
        answers: { summary: 'S.', case_for_support: 'C.', impact: 'I.', team: [{ role: 'lead', profileId: ann.profileId, name: 'Ann Applicant', organisationName: 'Aston University (example)' }], budget: [{ category: 'Staff', amount: 1000 }], duration_months: 6, declaration: true },
      });
      assert.equal(ready.can.submit, true);
      ctx.clock.advance(2 * 3600_000); // 11:00 UTC: the call closed at 10:00 GMT
      try {
        await refusedWith(submitApplication(hub, ann, app.id), 'conflict', /the call closed at 2027-03-01 10:00 GMT: submissions after the close are refused/);
        await refusedWith(grantExtension(hub, ann, app.id, { until: '2027-03-02T12:00', reason: 'Power cut' }), 'forbidden');
        await refusedWith(grantExtension(hub, manager, app.id, { until: '2027-03-02T12:00', reason: '' }), 'validation', 'reason');
        const extended = await grantExtension(hub, manager, app.id, { until: '2027-03-02T12:00', reason: 'A power cut at the host university' });
        assert.equal(extended.extendedUntil?.london, '2027-03-02T12:00');
        assert.equal((await submitApplication(hub, ann, app.id)).status, 'submitted');
        const audit = await hub.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', app.id).orderBy('id').execute();
        assert.deepEqual(audit.map((a) => a.action), ['programme.application_start', 'programme.extension', 'programme.application_submit']);
        const w = await withdrawApplication(hub, ann, app.id, { reason: 'Changed plans' });
        assert.equal(w.status, 'withdrawn');
        assert.equal(w.can.withdraw, false);
        await refusedWith(submitApplication(hub, ann, app.id), 'conflict', /withdrawn/);
      } finally {
        ctx.clock.advance(-2 * 3600_000);
      }
    });

    test('forms are versioned once answered; a two-stage call invites full applications from expressions of interest', async () => {
      const { hub } = ctx;
      const call = await createCall(hub, manager, smallProject({ title: 'Two stages', stages: 'eoi_full', eoiClosesAt: '2027-03-10T12:00', closesAt: '2027-04-30T12:00' }));
      const eoiForm = await getForm(hub, VISITOR, call.id, 'eoi');
      assert.equal(eoiForm.version, 1);
      // no answers yet: changed in place
      const edited = await saveForm(hub, manager, call.id, 'eoi', { questions: [...eoiForm.questions, { id: 'extra', type: 'number', label: 'People', required: false, integer: true }] });
      assert.equal(edited.version, 1);
      const eoi = await startApplication(hub, ann, call.id, { title: 'An idea' });
      assert.equal(eoi.stage, 'eoi');
      await refusedWith(startApplication(hub, cole, call.id, { stage: 'full' }), 'forbidden', /by invitation/);
      // answered: a new version, and the draft keeps its own
      const v2 = await saveForm(hub, manager, call.id, 'eoi', { questions: eoiForm.questions });
      assert.equal(v2.version, 2);
      assert.equal((await getApplication(hub, ann, eoi.id)).formVersion, 1);
      await refusedWith(saveForm(hub, manager, call.id, 'eoi', { questions: [{ id: 'a', type: 'text', label: 'A' }, { id: 'a', type: 'text', label: 'B' }] }), 'validation', 'questions[1].id');
      const e = await saveApplication(hub, ann, eoi.id, { version: eoi.version, answers: { summary: 'Supply chains.', fit: 'Fits.', team: [{ role: 'lead', profileId: ann.profileId, name: 'Ann Applicant', organisationName: 'Aston University (example)' }], declaration: true } });
      await submitApplication(hub, ann, e.id);
      const invited = await decideExpression(hub, manager, eoi.id, { outcome: 'invite', reason: 'A strong idea.' });
      assert.equal(invited.eoiOutcome, 'invite');
      const letter = await hub.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', 'ann@example.org').where('subject', 'like', 'Invitation%').executeTakeFirstOrThrow();
      assert.match(letter.body_text!, /Dear Ann Applicant,[\s\S]*"An idea"[\s\S]*A strong idea\./);
      ctx.clock.advance(10 * 24 * 3600_000); // past the expression of interest's close
      try {
        assert.equal((await getCall(hub, ann, call.id)).can.apply, true, 'invited: may start the full application');
        assert.equal((await getCall(hub, cole, call.id)).can.apply, false, 'not invited');
        const full = await startApplication(hub, ann, call.id, {});
        assert.equal((await getCall(hub, ann, call.id)).can.apply, false, 'once');
        assert.equal(full.stage, 'full');
        assert.equal(full.title, 'An idea');
        assert.equal(full.answers.summary, 'Supply chains.', 'carried from the expression of interest');
      } finally {
        ctx.clock.advance(-10 * 24 * 3600_000);
      }
    });
  });
}
