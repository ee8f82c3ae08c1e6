/**
 * From review to outcomes, on every backend: reviews on the 1–6 scale with comments kept apart, the panel's ranking,
 * spread, disagreement flag and funding line (and a what-if order), decisions with editable letters and the
 * reviewers' feedback, awards with their budget lines, milestones and reports, outcomes read from BibTeX and RIS,
 * published to the library through its curators and entering the network's own knowledge network, the portfolio with
 * its boundary measures and GtR CSV, the sandpit's diverse group and teams, and reminders sent once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hubNetworkRecords } from '../../src/hub/datasets/hub-network.js';
import { getItem, reviewItem } from '../../src/hub/library/library.js';
import { VISITOR, type Viewer } from '../../src/hub/platform/access.js';
import { getApplication, saveApplication, startApplication, submitApplication } from '../../src/hub/programmes/applications.js';
import { callAssignments, respondToAssignment, runAssignment } from '../../src/hub/programmes/assignment.js';
import { getAward, listAwards, remindReports, reviewReport, saveReport, updateAward } from '../../src/hub/programmes/awards.js';
import { decide, listLetters, previewLetter, releaseDecisions, updateLetter } from '../../src/hub/programmes/decisions.js';
import { addOutcome, publishOutcome, readCitation } from '../../src/hub/programmes/outcomes.js';
import { addPanelNote, panelView } from '../../src/hub/programmes/panel.js';
import { gtrCsv, portfolio, portfolioCsv } from '../../src/hub/programmes/portfolio.js';
import { getReview, remindReviewers, saveReview } from '../../src/hub/programmes/reviews.js';
import { createSandpitTeam, sandpitSuggestion, selectSandpit, suggestGroup } from '../../src/hub/programmes/sandpit.js';
import { BACKENDS, freshHub, withRoles } from '../helpers/db.js';
import { refusedWith } from '../helpers/hub.js';
import { applicant, openCall, pool, screenAll, submitted } from '../helpers/programme.js';

const BIBTEX = `@article{Boschma2005,
  author = {Boschma, Ron A. and Frenken, Koen},
  title = {{Proximity and innovation: a critical assessment}},
  journal = {Regional Studies},
  volume = {39},
  pages = {61--74},
  year = {2005},
  doi = {10.1080/0034340052000320887}
}`;
const RIS = 'TY  - JOUR\nAU  - Hidalgo, César A.\nAU  - Hausmann, Ricardo\nTI  - The building blocks of economic\n  complexity\nJO  - PNAS\nVL  - 106\nSP  - 10570\nEP  - 10575\nPY  - 2009\nDO  - 10.1073/pnas.0900943106\nER  - \n';

test('citations: BibTeX and RIS give the same fields, and a broken one names its line', () => {
  const b = readCitation(BIBTEX);
  assert.deepEqual([b.title, b.authors, b.year, b.journal, b.volume, b.pages, b.doi], ['Proximity and innovation: a critical assessment', ['Boschma, Ron A.', 'Frenken, Koen'], 2005, 'Regional Studies', '39', '61–74', '10.1080/0034340052000320887']);
  assert.equal(b.text, 'Boschma, R. A., Frenken, K. (2005). Proximity and innovation: a critical assessment. Regional Studies, 39, 61–74. https://doi.org/10.1080/0034340052000320887');
  const r = readCitation(RIS);
  assert.deepEqual([r.title, r.authors, r.year, r.journal, r.pages, r.doi], ['The building blocks of economic complexity', ['Hidalgo, César A.', 'Hausmann, Ricardo'], 2009, 'PNAS', '10570–10575', '10.1073/pnas.0900943106']);
  assert.throws(() => readCitation('TY  - JOUR\nTI  - Unfinished\n'), (e: Error & { details?: { issues?: { field: string; line?: number }[] } }) => e.details?.issues?.[0]?.field === 'citation' && e.details.issues[0].line === 1);
  assert.throws(() => readCitation('Boschma 2005'), /neither BibTeX/);
});

test('sandpit: the suggested group spreads over disciplines and regions (a hand-checked pool)', () => {
  // six economists from one region and three others from three regions: a group of four takes the three and one economist
  const pool = [
    ...Array.from({ length: 6 }, (_, i) => ({ applicationId: `e${i}`, name: `Econ ${i}`, disciplines: ['economics'], region: 'TLG' })),
    { applicationId: 'g', name: 'Geo', disciplines: ['human-geography'], region: 'TLD' },
    { applicationId: 'm', name: 'Mech', disciplines: ['mechanical-engineering'], region: 'TLK' },
    { applicationId: 's', name: 'Soc', disciplines: ['sociology'], region: 'TLM' },
  ];
  const { chosen } = suggestGroup(pool, 4);
  const names = chosen.map((i) => pool[i].applicationId);
  assert.equal(names.filter((n) => n.startsWith('e')).length, 1);
  assert.ok(['g', 'm', 's'].every((n) => names.includes(n)));
});

for (const backend of BACKENDS) {
  describe(`programme: review to outcomes (${backend})`, () => {
    let ctx: Awaited<ReturnType<typeof freshHub>>;
    let manager: Viewer & { kind: 'user' };
    let curator: Viewer & { kind: 'user' };
    let reviewers: (Viewer & { kind: 'user' })[];
    let applicants: (Viewer & { kind: 'user' })[];
    let callId: string;
    let apps: string[];
    before(async () => {
      ctx = await freshHub(backend);
      ctx.clock.advance(new Date('2027-03-01T09:00:00Z').getTime() - Date.now());
      const { hub } = ctx;
      manager = await withRoles(hub, 'pm@example.org', ['programme_manager']);
      curator = await withRoles(hub, 'cur@example.org', ['curator']);
      const org = (await hub.db.insertInto('organisations').values({ name: 'Coventry University (example)', type: 'university', country: 'GB', region_code: 'TLG3', website: null, created_by: null }).returning('id').executeTakeFirstOrThrow()).id;
      const org2 = (await hub.db.insertInto('organisations').values({ name: 'Leeds Works (example)', type: 'manufacturer', country: 'GB', region_code: 'TLE4', website: null, created_by: null }).returning('id').executeTakeFirstOrThrow()).id;
      const call = await openCall(hub, manager, { review: { reviewersPerApplication: 2, maxLoad: 3, disagreement: 3 } });
      callId = call.id;
      applicants = [await applicant(hub, 'a1@example.org', 'Ada One', 'economics', org), await applicant(hub, 'a2@example.org', 'Bo Two', 'human-geography', org2), await applicant(hub, 'a3@example.org', 'Cy Three', 'sociology')];
      apps = [
        await submitted(hub, applicants[0], callId, 'Supply chain learning', 'How suppliers learn from manufacturers in the West Midlands.', 50_000, 'Coventry University (example)'),
        await submitted(hub, applicants[1], callId, 'Clusters in Yorkshire', 'Cluster formation in Yorkshire manufacturing.', 40_000, 'Leeds Works (example)'),
        await submitted(hub, applicants[2], callId, 'Skills and automation', 'Skills for automation in small firms.', 30_000),
      ];
      reviewers = await pool(hub, manager, [['Rae Economist', 'economics'], ['Sol Geographer', 'human-geography'], ['Tam Sociologist', 'sociology']]);
      await screenAll(hub, manager, apps);
      await runAssignment(hub, manager, callId, { apply: true });
    });
    after(async () => {
      await ctx.database.close();
    });

    /** Accepts and submits a review with these scores (vision, approach, capability, resources). */
    const review = async (reviewer: Viewer & { kind: 'user' }, app: string, scores: number[], comment: string) => {
      const a = (await callAssignments(ctx.hub, manager, callId)).find((x) => x.applicationId === app && x.reviewerId === reviewer.userId && x.status === 'invited');
      if (!a) return false;
      await respondToAssignment(ctx.hub, reviewer, a.id, { accept: true });
      const form = await getReview(ctx.hub, reviewer, a.id);
      await saveReview(ctx.hub, reviewer, a.id, { version: form.version, scores: Object.fromEntries(form.criteria.map((c, i) => [c.code, scores[i]])), commentsApplicant: comment, commentsPanel: `Panel only: ${comment}`, confidence: 3, submit: true });
      return true;
    };

    test('reviews: the 1–6 scale with descriptors, comments kept apart, incomplete ones refused by criterion', async () => {
      const { hub } = ctx;
      const mine = (await callAssignments(hub, manager, callId)).filter((a) => a.reviewerId === reviewers[0].userId);
      assert.ok(mine.length >= 1);
      await refusedWith(getReview(hub, reviewers[1], mine[0].id), 'not_found');
      const form = await getReview(hub, reviewers[0], mine[0].id);
      assert.deepEqual(form.scale.map((s) => `${s.score} ${s.label}`), ['6 Exceptional', '5 Excellent', '4 Very good', '3 Good', '2 Weak', '1 Poor']);
      await refusedWith(saveReview(hub, reviewers[0], mine[0].id, { version: form.version, scores: { vision: 5 } }), 'conflict', /accept the invitation/);
      await respondToAssignment(hub, reviewers[0], mine[0].id, { accept: true });
      await refusedWith(saveReview(hub, reviewers[0], mine[0].id, { version: form.version, scores: { vision: 7 } }), 'validation', 'scores.vision');
      const draft = await saveReview(hub, reviewers[0], mine[0].id, { version: form.version, scores: { vision: 5 } });
      await refusedWith(saveReview(hub, reviewers[0], mine[0].id, { version: draft.version, submit: true }), 'validation', 'scores.approach');
      await refusedWith(saveReview(hub, reviewers[0], mine[0].id, { version: form.version, scores: { approach: 4 } }), 'conflict', /another window/);
    });

    test('the panel: ranked by mean, spread and disagreement, the funding line at the budget, a what-if order; decisions and letters with the reviewers’ feedback', async () => {
      const { hub } = ctx;
      // every invited reviewer reviews: app 0 strong, app 1 split, app 2 middling
      const plan: Record<number, number[][]> = { 0: [[6, 6, 5, 5], [5, 6, 5, 6]], 1: [[6, 6, 6, 6], [2, 2, 2, 2]], 2: [[4, 4, 4, 4], [4, 3, 4, 4]] };
      const mine = (await callAssignments(hub, manager, callId)).filter((a) => a.reviewerId === reviewers[0].userId && a.status === 'accepted');
      for (const a of mine) {
        const f = await getReview(hub, reviewers[0], a.id);
        const i = apps.indexOf(a.applicationId);
        await saveReview(hub, reviewers[0], a.id, { version: f.version, scores: Object.fromEntries(f.criteria.map((c, k) => [c.code, plan[i][0][k]])), commentsApplicant: `Strong points of ${i}.`, commentsPanel: 'For the panel.', confidence: 4, submit: true });
        plan[i].shift();
      }
      for (const [i, app] of apps.entries()) for (const r of reviewers) if (plan[i].length && (await review(r, app, plan[i][0], `Comments on ${i} by ${r.email}.`))) plan[i].shift();
      const panel = await panelView(hub, manager, callId);
      assert.deepEqual(panel.rows.map((r) => r.title), ['Supply chain learning', 'Clusters in Yorkshire', 'Skills and automation']);
      const [first, split, third] = panel.rows;
      assert.equal(first.mean, 5.5);
      assert.equal(split.mean, 4);
      assert.equal(split.spread, 4);
      assert.deepEqual(split.disagreement, ['Reviewers differ by 4 points on Vision', 'Reviewers differ by 4 points on Approach', 'Reviewers differ by 4 points on Applicant and team capability', 'Reviewers differ by 4 points on Resources and cost justification']);
      assert.equal(third.mean, 3.88);
      // budget £100,000: 50k + 40k fit, the third (30k) falls below the line
      assert.deepEqual(panel.rows.map((r) => [r.requested, r.cumulative, r.aboveLine]), [[50_000, 50_000, true], [40_000, 90_000, true], [30_000, 120_000, false]]);
      assert.equal(panel.remaining, 10_000);
      assert.ok(panel.notices.some((n) => /flagged for disagreement/.test(n)));
      const whatIf = await panelView(hub, manager, callId, { order: [apps[0], apps[2]].join(',') });
      assert.deepEqual(whatIf.rows.map((r) => [r.title, r.aboveLine]), [['Supply chain learning', true], ['Skills and automation', true], ['Clusters in Yorkshire', false]]);
      assert.equal(whatIf.whatIf, true);
      await refusedWith(panelView(hub, manager, callId, { order: 'nonsense' }), 'validation', 'order');
      await refusedWith(panelView(hub, reviewers[0], callId), 'forbidden');
      await addPanelNote(hub, manager, apps[1], { note: 'Discussed: the low score misread the method.' });
      assert.equal((await panelView(hub, manager, callId)).rows[1].notes[0].note, 'Discussed: the low score misread the method.');
      // the letters: edited, checked for placeholders; decisions; feedback from the applicant-facing comments only
      await refusedWith(updateLetter(hub, manager, callId, 'reject', { subject: 'Your application', body: 'Dear {{nmae}}' }), 'validation', 'body');
      await updateLetter(hub, manager, callId, 'reject', { subject: 'Your application to {{call}}', body: 'Dear {{name}},\n\nNot this time.\n\n{{feedback}}' });
      assert.equal((await listLetters(hub, manager, callId)).find((l) => l.outcome === 'reject')!.body, 'Dear {{name}},\n\nNot this time.\n\n{{feedback}}');
      await refusedWith(decide(hub, manager, apps[0], { decision: 'fund', amount: 70_000 }), 'validation', 'amount');
      const funded = await decide(hub, manager, apps[0], { decision: 'fund', reason: 'Ranked first.' });
      assert.ok(funded.awardId);
      await decide(hub, manager, apps[1], { decision: 'fund', amount: 38_000, reason: 'After discussion.' });
      await decide(hub, manager, apps[2], { decision: 'reject', reason: 'Below the funding line.' });
      const letter = await previewLetter(hub, manager, apps[2]);
      assert.equal(letter.to, 'a3@example.org');
      assert.match(letter.text, /^Dear Cy Three,\n\nNot this time\.\n\nReviewer 1:\nComments on 2|^Dear Cy Three,\n\nNot this time\.\n\nReviewer 1:\nStrong points of 2/);
      assert.doesNotMatch(letter.text, /Panel only|For the panel/);
      // the applicant sees no feedback until the letters go
      assert.deepEqual((await getApplication(hub, applicants[2], apps[2])).feedback, []);
      assert.equal((await releaseDecisions(hub, manager, callId)).sent, 3);
      const fb = (await getApplication(hub, applicants[2], apps[2])).feedback;
      assert.equal(fb.length, 2);
      assert.ok(fb.every((f) => /^Reviewer \d$/.test(f.reviewer) && !/Panel only/.test(f.comments)));
      await refusedWith(decide(hub, manager, apps[2], { decision: 'fund' }), 'conflict', /letter has been sent/);
      const audit = await hub.db.selectFrom('audit_log').select('action').where('entity_id', '=', apps[0]).execute();
      for (const a of ['programme.application_submit', 'programme.screen', 'programme.review_submit', 'programme.decide']) assert.ok(audit.some((x) => x.action === a), a);
    });

    test('awards: budget lines scaled to the amount, reports submitted and returned, outcomes from BibTeX, to the library and the network', async () => {
      const { hub } = ctx;
      const awards = await listAwards(hub, VISITOR);
      assert.equal(awards.length, 2);
      const second = awards.find((a) => a.title === 'Clusters in Yorkshire')!;
      const w = await getAward(hub, applicants[1], second.id);
      assert.equal(w.amount, 38_000);
      assert.deepEqual(w.budgetLines, [{ category: 'Staff', amount: 38_000 }]);
      assert.deepEqual([w.startDate, w.endDate], ['2027-04-01', '2028-03-31']);
      assert.deepEqual(w.reports.map((r) => [r.kind, r.dueOn, r.status]), [['interim', '2027-10-01', 'due'], ['final', '2028-04-30', 'due']]);
      assert.equal(w.can.report, true);
      assert.deepEqual((await getAward(hub, VISITOR, second.id)).reports, [], 'reports are the holder’s and the programme’s');
      await refusedWith(updateAward(hub, manager, second.id, { budgetLines: [{ category: 'Staff', amount: 1 }] }), 'validation', 'budgetLines');
      const edited = await updateAward(hub, manager, second.id, { budgetLines: [{ category: 'Staff', amount: 30_000 }, { category: 'Travel and subsistence', amount: 8_000 }], milestones: [{ title: 'Survey fielded', dueOn: '2027-07-01' }] });
      assert.equal(edited.milestones[0].title, 'Survey fielded');
      // the interim report: refused while incomplete, returned with a note, then accepted
      const interim = w.reports[0];
      await refusedWith(saveReport(hub, applicants[0], interim.id, { version: interim.version, submit: true }), 'not_found');
      await refusedWith(saveReport(hub, manager, interim.id, { version: interim.version, submit: true }), 'forbidden', /holder writes/);
      await refusedWith(saveReport(hub, applicants[1], interim.id, { version: interim.version, submit: true }), 'validation', 'answers.progress');
      const filled = await saveReport(hub, applicants[1], interim.id, { version: interim.version, answers: { progress: 'Survey done.', milestones: 'On time.', changes: 'None.' }, submit: true });
      assert.equal(filled.status, 'submitted');
      await refusedWith(reviewReport(hub, manager, interim.id, { accept: false }), 'validation', 'note');
      assert.equal((await reviewReport(hub, manager, interim.id, { accept: false, note: 'Say more about the sample.' })).status, 'returned');
      const again = await saveReport(hub, applicants[1], interim.id, { version: filled.version, answers: { progress: 'Survey of 212 firms done.' }, submit: true });
      assert.equal((await reviewReport(hub, manager, again.id, { accept: true })).status, 'accepted');
      // outcomes: a publication from BibTeX, a collaboration with a partner
      await refusedWith(addOutcome(hub, applicants[0], second.id, { type: 'engagement', title: 'Not mine' }), 'forbidden');
      const pub = await addOutcome(hub, applicants[1], second.id, { type: 'publication', citation: BIBTEX, authors: [{ name: 'Bo Two', profileId: applicants[1].profileId }, { name: 'Ada One', profileId: applicants[0].profileId }] });
      assert.equal(pub.title, 'Proximity and innovation: a critical assessment');
      assert.equal(pub.year, 2005);
      assert.equal(pub.gtrType, 'Publication');
      assert.equal(pub.details.doi, '10.1080/0034340052000320887');
      await addOutcome(hub, applicants[1], second.id, { type: 'collaboration', title: 'Partnership with Yorkshire Manufacturing Hub', year: 2027, partner: 'Yorkshire Manufacturing Hub (example)', partnerType: 'intermediary' });
      await refusedWith(addOutcome(hub, applicants[1], second.id, { type: 'publication', citation: 'TY  - JOUR\nTI  - x\n' }), 'validation', 'citation');
      // both enter the network's own knowledge network: the award as a project, the outcomes dated by their year
      let records = await hubNetworkRecords(hub.db);
      assert.ok(records.activities.some((a) => a.id === `award:${second.id}` && a.type === 'project' && a.date === '2027-04-01'));
      assert.ok(records.activities.some((a) => a.type === 'publication' && a.title === 'Proximity and innovation: a critical assessment' && a.date === '2005'));
      const collab = records.activities.find((a) => a.title === 'Partnership with Yorkshire Manufacturing Hub')!;
      assert.deepEqual(records.participations.filter((p) => p.activity === collab.id).map((p) => p.organisation), ['Leeds Works (example)', 'Yorkshire Manufacturing Hub (example)']);
      // publishing the publication goes through the curators; once published it is the library's item in the network
      const { itemId, state } = await publishOutcome(hub, applicants[1], pub.id);
      assert.equal(state, 'submitted');
      await refusedWith(publishOutcome(hub, applicants[1], pub.id), 'conflict', /already in the library/);
      await reviewItem(hub, curator, itemId, { decision: 'accept' });
      const item = await getItem(hub, VISITOR, itemId);
      assert.equal(item.doi, '10.1080/0034340052000320887');
      assert.deepEqual(item.authors.map((a) => a.name), ['Bo Two', 'Ada One']);
      records = await hubNetworkRecords(hub.db);
      assert.ok(!records.activities.some((a) => a.id === `outcome:${pub.id}`), 'counted once, as the library item');
      assert.ok(records.activities.some((a) => a.id === `item:${itemId}`));
    });

    test('the portfolio: by mechanism, region and type, spend against budget, outcomes by type, boundaries; CSV and GtR CSV', async () => {
      const { hub } = ctx;
      await refusedWith(portfolio(hub, applicants[0]), 'forbidden');
      const p = await portfolio(hub, manager);
      const small = p.byMechanism.find((m) => m.key === 'small_project')!;
      assert.deepEqual([small.awards, small.amount], [2, 88_000]);
      assert.deepEqual(p.byRegion.map((r) => [r.label, r.awards]).sort(), [['West Midlands (England)', 1], ['Yorkshire and The Humber', 1]]);
      assert.deepEqual(p.byOrganisationType.map((t) => t.label).sort(), ['Manufacturer', 'University']);
      assert.equal(p.spend.awarded, 88_000);
      assert.equal(p.spend.callBudgets, 100_000);
      assert.equal(p.outcomesByType.find((o) => o.type === 'publication')!.count, 1);
      assert.equal(p.outcomesByType.find((o) => o.type === 'collaboration')!.count, 1);
      // two single-member teams: neither crosses a boundary, and a team of one has no internal tie
      assert.equal(p.boundaries.teams, 2);
      assert.equal(p.boundaries.crossDisciplinaryShare, 0);
      assert.equal(p.boundaries.eiDiscipline, null);
      const csv = await portfolioCsv(hub, manager);
      assert.match(csv.split('\n')[0], /^reference,title,mechanism,call,holder,lead_organisation,amount/);
      const gtr = await gtrCsv(hub, manager, 'projects');
      const [header, ...rows] = gtr.trim().split('\n');
      assert.equal(header.split(',').slice(0, 3).join(','), 'FundingOrgName,ProjectReference,LeadROName');
      assert.ok(rows.some((r) => /Clusters in Yorkshire,01\/04\/2027,31\/03\/2028,38000,,Yorkshire and The Humber,Active/.test(r)));
      const outcomes = (await gtrCsv(hub, manager, 'outcomes')).trim().split('\n');
      assert.deepEqual(outcomes.slice(1).map((l) => l.split(',')[2]).sort(), ['Collaboration', 'Publication']);
    });

    test('reminders: reviews due within three days and reports due within 14, each sent once even when two instances run', async () => {
      const { hub } = ctx;
      const late = await openCall(hub, manager, { title: 'Reminder call', review: { reviewersPerApplication: 1, maxLoad: 6, reviewDeadline: '2027-04-10T17:00' } });
      const who = await applicant(hub, 'late@example.org', 'Lee Late', 'economics');
      const id = await submitted(hub, who, late.id, 'Late reviews', 'Some text about learning.', 10_000);
      await screenAll(hub, manager, [id]);
      await runAssignment(hub, manager, late.id, { apply: true });
      ctx.clock.advance(39 * 86_400_000); // 9 April: due tomorrow
      try {
        const [a, b] = await Promise.all([remindReviewers(hub), remindReviewers(hub)]);
        assert.equal(a + b, 1);
        assert.equal(await remindReviewers(hub), 0, 'not again within three days');
        // the interim report of the first award (1 October) is not due within 14 days yet; move to late September
        assert.equal(await remindReports(hub), 0);
        ctx.clock.advance(170 * 86_400_000);
        const [x, y] = await Promise.all([remindReports(hub), remindReports(hub)]);
        assert.equal(x + y, 1, 'one interim report due (the other award’s was accepted)');
      } finally {
        ctx.clock.advance(-209 * 86_400_000);
      }
    });

    test('sandpit: expressions of interest, a suggested diverse group, the selection told by letter, a team’s proposal', async () => {
      const { hub } = ctx;
      const call = await openCall(hub, manager, { mechanism: 'sandpit', title: 'Sandpit on place-based innovation', stages: 'eoi_full', eoiClosesAt: '2027-03-20T12:00', closesAt: '2027-06-30T12:00', maxAmount: 90_000, totalBudget: 300_000 });
      const people = [['Eco A', 'economics'], ['Eco B', 'economics'], ['Geo C', 'human-geography'], ['Mec D', 'mechanical-engineering']] as const;
      const ids: string[] = [];
      const members: (Viewer & { kind: 'user' })[] = [];
      for (const [i, [name, d]] of people.entries()) {
        const who = await applicant(hub, `sp${i}@example.org`, name, d);
        members.push(who);
        const app = await startApplication(hub, who, call.id, { title: `${name}'s interest` });
        assert.equal(app.stage, 'eoi');
        const saved = await saveApplication(hub, who, app.id, { version: app.version, answers: { contribution: 'Methods.', discipline_mix: ['Economics'], sector: 'University or research institute', available: true } });
        await submitApplication(hub, who, saved.id);
        ids.push(app.id);
      }
      const s = await sandpitSuggestion(hub, manager, call.id, { size: 3 });
      assert.equal(s.participants.filter((p) => p.suggested).length, 3);
      assert.equal(s.participants.filter((p) => p.suggested && p.disciplines[0] === 'economics').length, 1, 'one economist of the two');
      assert.deepEqual(s.balance.disciplines.map((d) => [d.label, d.group, d.pool]), [['Economics', 1, 2], ['Human Geography', 1, 1], ['Mechanical Engineering', 1, 1]]);
      assert.ok(s.diversity.disciplines > 0);
      const chosen = s.participants.filter((p) => p.suggested).map((p) => p.applicationId);
      assert.deepEqual(await selectSandpit(hub, manager, call.id, { applicationIds: chosen }), { invited: 3, notInvited: 1 });
      await refusedWith(createSandpitTeam(hub, manager, call.id, { name: 'Team 1', applicationIds: ids }), 'validation', 'applicationIds');
      const team = await createSandpitTeam(hub, manager, call.id, { name: 'Team 1', applicationIds: chosen });
      assert.equal(team.members, 3);
      ctx.clock.advance(25 * 86_400_000); // the sandpit, after the expressions of interest closed
      try {
        const leadIndex = ids.indexOf(chosen[0]);
        const proposal = await startApplication(hub, members[leadIndex], call.id, {});
        assert.equal(proposal.stage, 'full');
        assert.equal(proposal.team.length, 3);
        assert.deepEqual(proposal.team.map((m) => m.role), ['lead', 'co_applicant', 'co_applicant']);
        const other = members[ids.indexOf(chosen[1])];
        await refusedWith(startApplication(hub, other, call.id, {}), 'conflict', /team already has a proposal/);
      } finally {
        ctx.clock.advance(-25 * 86_400_000);
      }
    });
  });
}
