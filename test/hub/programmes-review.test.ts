/**
 * The reviewer pool, conflicts of interest and assignment, on every backend: external reviewers are not members;
 * conflicts are detected from the same organisation, a co-authorship in the network's own knowledge network, a stated
 * relation, or a place on the team, each with its reason; a conflicted reviewer never sees the application; the
 * assignment is optimal under its constraints, shows each pair's reasons, and refills a declined place.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { viewerFromSession } from '../../src/hub/accounts/accounts.js';
import { resetPassword, signIn } from '../../src/hub/accounts/accounts.js';
import { updateProfile } from '../../src/hub/directory/profiles.js';
import { createItem, reviewItem, submitItem } from '../../src/hub/library/library.js';
import { can, type Viewer } from '../../src/hub/platform/access.js';
import { createCall } from '../../src/hub/programmes/calls.js';
import { getApplication, readApplicationFile, saveApplication, screenApplication, startApplication, submitApplication, uploadApplicationFile } from '../../src/hub/programmes/applications.js';
import { assignManually, callAssignments, declareConflict, myAssignments, recordConflict, removeAssignment, respondToAssignment, runAssignment } from '../../src/hub/programmes/assignment.js';
import { callConflicts } from '../../src/hub/programmes/conflicts.js';
import { addRelation, addReviewer, inviteExternalReviewer, listReviewers, updateMyReviewerProfile } from '../../src/hub/programmes/reviewers.js';
import { affinity } from '../../src/hub/programmes/affinity.js';
import { cosineSimilarity, terms, tfidf } from '../../src/networks/tfidf.js';
import { BACKENDS, freshHub, linkToken, newMember, withRoles } from '../helpers/db.js';
import { refusedWith } from '../helpers/hub.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

test('TF–IDF cosine (smoothed idf): shared rare words count most, stop words and endings do not', () => {
  assert.deepEqual(terms('The Manufacturers are learning from suppliers'), ['manufacturer', 'learn', 'supplier']);
  const { vectors } = tfidf([terms('supply chain learning in manufacturing'), terms('learning in supply chains of manufacturers'), terms('monetary policy and inflation')]);
  // three shared terms in 2 of 3 documents (smoothed idf ln(4/3) + 1), one term of each only in its own (ln 2 + 1)
  const shared = 3 * (Math.log(4 / 3) + 1) ** 2;
  assert.ok(Math.abs(cosineSimilarity(vectors[0], vectors[1]) - shared / (shared + (Math.log(2) + 1) ** 2)) < 1e-12);
  assert.equal(cosineSimilarity(vectors[0], vectors[2]), 0);
  assert.ok(Math.abs(cosineSimilarity(vectors[0], vectors[0]) - 1) < 1e-12);
});

test('affinity: 0.6 text + 0.4 discipline cosine (the networks engine), text alone when a side has no discipline', () => {
  const a = affinity(
    [{ id: 'x', text: 'regional innovation clusters', disciplines: ['economics'] }, { id: 'y', text: 'regional innovation clusters', disciplines: [] }],
    [{ id: 'r', text: 'regional innovation clusters', disciplines: ['economics', 'human-geography'] }, { id: 's', text: 'protein folding', disciplines: ['economics'] }],
  );
  // x–r: identical text (cosine 1 over this collection's weights), discipline cosine 1/√2
  assert.ok(Math.abs(a.text[0] - 1) < 1e-12);
  assert.ok(Math.abs(a.cognitive[0] - Math.SQRT1_2) < 1e-12);
  assert.ok(Math.abs(a.scores[0] - (0.6 + 0.4 * Math.SQRT1_2)) < 1e-12);
  assert.ok(Math.abs(a.scores[1] - 0.4) < 1e-12, 'x–s: no shared words, same discipline');
  assert.ok(Math.abs(a.scores[2] - a.text[2]) < 1e-12, 'y has no disciplines: text alone');
  assert.deepEqual(a.sharedDisciplines(0, 0), ['economics']);
});

for (const backend of BACKENDS) {
  describe(`programme review: pool, conflicts, assignment (${backend})`, () => {
    let ctx: Awaited<ReturnType<typeof freshHub>>;
    let manager: Viewer & { kind: 'user' };
    let ann: Viewer & { kind: 'user' };
    const reviewers: (Viewer & { kind: 'user' })[] = [];
    let callId: string;
    let appIds: string[];
    let orgA: string;
    before(async () => {
      ctx = await freshHub(backend);
      ctx.clock.advance(new Date('2027-03-01T09:00:00Z').getTime() - Date.now());
      const { hub } = ctx;
      manager = await withRoles(hub, 'pm@example.org', ['programme_manager']);
      ann = (await newMember(hub, 'ann@example.org', 'Ann Applicant')).viewer;
      orgA = (await hub.db.insertInto('organisations').values({ name: 'Midlands University', type: 'university', country: 'GB', region_code: 'TLG3', website: null, created_by: null }).returning('id').executeTakeFirstOrThrow()).id;
      await updateProfile(hub, ann, ann.profileId!, { disciplines: ['economics'], affiliations: [{ organisationId: orgA }], consentAnalytics: true });
      for (const [i, d] of ['economics', 'human-geography', 'mechanical-engineering', 'economics'].entries()) {
        const r = (await newMember(hub, `rev${i}@example.org`, ['Rita Reviewer', 'Sam Reviewer', 'Tom Reviewer', 'Una Reviewer'][i])).viewer;
        await updateProfile(hub, r, r.profileId!, { disciplines: [d], consentAnalytics: true });
        await addReviewer(hub, manager, { profileId: r.profileId, capacity: 3 });
        reviewers.push({ ...r, roles: new Set(['reviewer']) });
      }
      const call = await createCall(hub, manager, {
        mechanism: 'small_project', title: 'Clusters call', opensAt: '2027-02-01T09:00', closesAt: '2027-03-31T12:00', maxAmount: 60_000, totalBudget: 240_000, published: true,
        review: { reviewersPerApplication: 2, maxLoad: 3, requireOutsideDiscipline: true, conflictYears: 3 },
      });
      callId = call.id;
      // two applications, by Ann and by a second applicant
      const bea = (await newMember(hub, 'bea@example.org', 'Bea Builder')).viewer;
      appIds = [];
      for (const [who, title, text] of [[ann, 'Regional innovation clusters and supply chains', 'How clusters of manufacturers learn from their supply chains in regions.'], [bea, 'Robots on the shop floor', 'Adoption of robotics and automation in machine shops.']] as const) {
        const app = await startApplication(hub, who, callId, { title });
        const team = [{ role: 'lead', profileId: who.profileId, name: who === ann ? 'Ann Applicant' : 'Bea Builder', organisationName: who === ann ? 'Midlands University' : 'Northern Works', organisationId: who === ann ? orgA : null }];
        const saved = await saveApplication(hub, who, app.id, { version: app.version, answers: { summary: text, case_for_support: text, impact: 'Workshops.', team, budget: [{ category: 'Staff', amount: 30_000 }], duration_months: 9, declaration: true } });
        await uploadApplicationFile(hub, who, app.id, 'attachments', 'plan.pdf', PDF);
        await submitApplication(hub, who, saved.id);
        appIds.push(app.id);
      }
    });
    after(async () => {
      await ctx.database.close();
    });

    test('an external reviewer is invited by email, sets a password, reviews, and is not a member', async () => {
      const { hub } = ctx;
      await refusedWith(inviteExternalReviewer(hub, ann, { email: 'ext@example.net', name: 'Eve External' }), 'forbidden');
      const v = await inviteExternalReviewer(hub, manager, { email: 'ext@example.net', name: 'Eve External', organisation: 'Elsewhere Institute', expertise: 'Industrial policy; robotics adoption' });
      assert.equal(v.external, true);
      const token = await linkToken(hub, 'ext@example.net', '/reset-password');
      await resetPassword(hub, { token, password: 'a long new reviewer passphrase' });
      const grant = await signIn(hub, { email: 'ext@example.net', password: 'a long new reviewer passphrase' });
      const eve = (await viewerFromSession(hub, grant.token))!.viewer;
      assert.equal(eve.kind === 'user' && eve.external, true);
      assert.equal(can(eve, 'reviews.write'), true);
      assert.equal(can(eve, 'applications.submit'), false, 'not a member: cannot apply');
      assert.equal(can(eve, 'library.submit'), false);
      // the pool lists members with the role and the external reviewer
      const pool = await listReviewers(hub, manager);
      assert.deepEqual(pool.map((r) => r.name).sort(), ['Eve External', 'Rita Reviewer', 'Sam Reviewer', 'Tom Reviewer', 'Una Reviewer']);
      assert.equal(pool.find((r) => r.name === 'Eve External')!.organisation, 'Elsewhere Institute');
      await refusedWith(listReviewers(hub, ann), 'forbidden');
      // an existing member invited is added as they are (a member, not external)
      const again = await inviteExternalReviewer(hub, manager, { email: 'bea@example.org', name: 'Bea Builder' });
      assert.equal(again.external, false);
    });

    test('conflicts: same organisation, a co-authorship in the last 3 years, a stated relation, each with its reason; a conflicted reviewer never sees the application', async () => {
      const { hub } = ctx;
      const [rita, sam, tom, una] = reviewers;
      // Rita works at Ann's university
      await updateProfile(hub, rita, rita.profileId!, { affiliations: [{ organisationId: orgA }] });
      // Sam co-wrote a published report with Ann in 2026 (the network's own knowledge network); Tom in 2019 (too old)
      const curator = await withRoles(hub, 'cur@example.org', ['curator']);
      for (const [who, year] of [[sam, '2026-05-01'], [tom, '2019-05-01']] as const) {
        const item = await createItem(hub, ann, { type: 'report', title: `Clusters report ${year.slice(0, 4)}`, summary: 'On clusters.', themes: ['skills'], publishedOn: year, authors: [{ name: 'Ann Applicant', profileId: ann.profileId }, { name: who === sam ? 'Sam Reviewer' : 'Tom Reviewer', profileId: who.profileId }] });
        await submitItem(hub, ann, item.id);
        await reviewItem(hub, curator, item.id, { decision: 'accept' });
      }
      // Una supervised Bea, and says so
      await addRelation(hub, una, { kind: 'supervisory', name: 'Bea Builder', note: 'PhD supervisor, 2018–2022' });
      await refusedWith(callConflicts(hub, rita, callId), 'forbidden');
      const found = await callConflicts(hub, manager, callId, true);
      const seen = found.map((c) => `${c.reviewer}|${c.source}`).sort();
      // (Bea, added to the pool above, is the lead applicant of the other application)
      assert.deepEqual(seen, ['Bea Builder|applicant', 'Rita Reviewer|organisation', 'Sam Reviewer|coauthorship', 'Una Reviewer|relation']);
      assert.match(found.find((c) => c.source === 'coauthorship')!.reason, /Sam Reviewer and Ann Applicant worked together in 2025–2027: “Clusters report 2026” \(2026\)/);
      assert.match(found.find((c) => c.source === 'organisation')!.reason, /both at Midlands University/);
      assert.match(found.find((c) => c.source === 'relation')!.reason, /Una Reviewer stated a supervisory relation with Bea Builder/);
      // screening, then the assignment: k = 2, load ≤ 3, one reviewer from outside the team's disciplines
      for (const id of appIds) await screenApplication(hub, manager, id, { decision: 'eligible' });
      const proposal = await runAssignment(hub, manager, callId, {});
      assert.equal(proposal.applied, false);
      const pairs = proposal.pairs.map((p) => `${p.application.replace(/^SP27-\d+ /, '')}|${p.reviewer}`);
      for (const bad of ['Regional innovation clusters and supply chains|Rita Reviewer', 'Regional innovation clusters and supply chains|Sam Reviewer', 'Robots on the shop floor|Una Reviewer', 'Robots on the shop floor|Bea Builder']) assert.ok(!pairs.includes(bad), `${bad} is conflicted`);
      assert.equal(proposal.pairs.length, 4);
      assert.equal(proposal.conflictsExcluded, 4);
      const annPairs = proposal.pairs.filter((p) => p.applicationId === appIds[0]);
      assert.ok(annPairs.some((p) => p.outside), 'one reviewer from outside economics');
      assert.ok(annPairs.every((p) => p.reasons.length > 0 && p.score >= 0));
      assert.equal((await callAssignments(hub, manager, callId)).length, 0, 'a proposal writes nothing');
      const applied = await runAssignment(hub, manager, callId, { apply: true });
      assert.equal(applied.applied, true);
      const invitations = await hub.db.selectFrom('outbox').select('to_address').where('subject', '=', 'Review invitation: Clusters call').execute();
      assert.ok(invitations.length >= 2);
      // enforcement: Rita, conflicted on Ann's application, never sees it, its file, or it in her lists
      const file = (await getApplication(hub, ann, appIds[0])).files[0];
      await refusedWith(getApplication(hub, rita, appIds[0]), 'not_found');
      await refusedWith(readApplicationFile(hub, rita, file.id), 'not_found');
      assert.ok(!(await myAssignments(hub, rita)).some((a) => a.applicationId === appIds[0]));
      // a manual choice of a conflicted reviewer is refused, with the reason
      await refusedWith(assignManually(hub, manager, { applicationId: appIds[0], reviewerId: sam.userId }), 'conflict', /Sam Reviewer has a conflict of interest with this application: Sam Reviewer and Ann Applicant worked together/);
    });

    test('invitations: a reviewer accepts or declines, a declined place is refilled, a declared conflict revokes and refills', async () => {
      const { hub } = ctx;
      const all = await callAssignments(hub, manager, callId);
      const onAnn = all.filter((a) => a.applicationId === appIds[0] && a.status === 'invited');
      assert.equal(onAnn.length, 2);
      const first = reviewers.find((r) => r.userId === onAnn[0].reviewerId)!;
      const accepted = await respondToAssignment(hub, first, onAnn[0].id, { accept: true });
      assert.equal(accepted.status, 'accepted');
      assert.equal((await getApplication(hub, first, appIds[0])).id, appIds[0], 'an assigned reviewer reads the application');
      const second = reviewers.find((r) => r.userId === onAnn[1].reviewerId)!;
      await refusedWith(respondToAssignment(hub, first, onAnn[1].id, { accept: true }), 'not_found');
      await respondToAssignment(hub, second, onAnn[1].id, { accept: false, reason: 'On leave' });
      const after1 = (await callAssignments(hub, manager, callId)).filter((a) => a.applicationId === appIds[0]);
      const open = after1.filter((a) => a.status === 'invited' || a.status === 'accepted');
      assert.equal(open.length, 2, 'the declined place went to another reviewer');
      assert.ok(!open.some((a) => a.reviewerId === second.userId));
      await refusedWith(getApplication(hub, second, appIds[0]), 'not_found', /application not found/);
      // the first reviewer declares a conflict: revoked, never shown again, refilled if anyone has room
      await declareConflict(hub, first, appIds[0], { reason: 'I examined the lead applicant’s thesis' });
      await refusedWith(getApplication(hub, first, appIds[0]), 'not_found');
      const conflicts = await callConflicts(hub, manager, callId);
      assert.ok(conflicts.some((c) => c.source === 'declared' && c.reviewerId === first.userId));
      // a manager records a conflict; the pool's own capacity stays respected
      const current = (await callAssignments(hub, manager, callId)).filter((a) => a.applicationId === appIds[1] && (a.status === 'invited' || a.status === 'accepted'));
      await recordConflict(hub, manager, appIds[1], { reviewerId: current[0].reviewerId, reason: 'Same research group' });
      const now = (await callAssignments(hub, manager, callId)).filter((a) => a.status === 'invited' || a.status === 'accepted');
      assert.ok(!now.some((a) => a.applicationId === appIds[1] && a.reviewerId === current[0].reviewerId));
      const load = new Map<string, number>();
      for (const a of now) load.set(a.reviewerId, (load.get(a.reviewerId) ?? 0) + 1);
      assert.ok([...load.values()].every((n) => n <= 3));
      // a manager removes an assignment
      await removeAssignment(hub, manager, now[0].id);
      assert.equal((await callAssignments(hub, manager, callId)).find((a) => a.id === now[0].id)!.status, 'revoked');
      // reviewers edit their own pool record
      const mine = await updateMyReviewerProfile(hub, reviewers[2], { expertise: 'Machining, robotics', capacity: 2, themes: ['skills'] });
      assert.equal(mine.capacity, 2);
      await refusedWith(updateMyReviewerProfile(hub, ann, { capacity: 1 }), 'forbidden');
    });
  });
}
