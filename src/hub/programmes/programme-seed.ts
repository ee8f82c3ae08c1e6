import { randomBytes } from 'node:crypto';
import { hashPassword } from '../accounts/accounts.js';
import type { Viewer } from '../platform/access.js';
import type { Hub } from '../platform/context.js';
import { xorshift32 } from '../../linalg/random.js';
import { londonLocal } from '../platform/london-time.js';
import { saveApplication, screenApplication, startApplication, submitApplication } from './applications.js';
import { respondToAssignment, runAssignment } from './assignment.js';
import { createCall } from './calls.js';
import { decide } from './decisions.js';
import { addOutcome } from './outcomes.js';
import { addPanelNote } from './panel.js';
import { getReview, saveReview } from './reviews.js';
import { createSandpitTeam, selectSandpit } from './sandpit.js';

/**
 * The demo programme: one closed example call per mechanism (marked "(example)"), each with applications by example
 * members, reviews, a panel's decisions and the awards it made (18 in all, as the network funded 18 projects), with
 * reports and outcomes; the sandpit with its participants and teams; and one open example call a new user can apply to.
 * Example members get accounts that cannot be signed in to (no password is known), so they apply and review.
 */
const CALLS = [
  { mechanism: 'systematic_review', title: 'Systematic reviews of knowledge exchange in manufacturing (example)', themes: ['skills', 'productivity'], funded: 3, applications: 5, max: 25_000, budget: 75_000 },
  { mechanism: 'small_project', title: 'Small projects on innovation diffusion in places (example)', themes: ['digital-adoption', 'productivity'], funded: 5, applications: 8, max: 60_000, budget: 300_000 },
  { mechanism: 'sandpit', title: 'Sandpit: making smarter places (example)', themes: ['digital-adoption'], funded: 3, applications: 0, max: 90_000, budget: 270_000 },
  { mechanism: 'early_career_fellowship', title: 'Early-career fellowships in innovation research (example)', themes: ['skills'], funded: 3, applications: 5, max: 90_000, budget: 270_000 },
  { mechanism: 'impact_acceleration', title: 'Impact acceleration: taking research to manufacturers (example)', themes: ['productivity'], funded: 2, applications: 4, max: 20_000, budget: 40_000 },
  { mechanism: 'storytelling_fellowship', title: 'Storytelling fellowships: stories of making (example)', themes: ['skills'], funded: 2, applications: 3, max: 10_000, budget: 20_000 },
] as const;

const TOPICS = [
  ['supply chain learning', 'How small suppliers learn from the manufacturers they serve, and what travels along the chain.'],
  ['digital twins in foundries', 'Whether digital twins pay off for small foundries, measured on their scrap rates and energy use.'],
  ['skills for automation', 'Which skills workers need as robots arrive on the shop floor, and who provides the training.'],
  ['regional innovation clusters', 'How clusters of firms and universities form around a technology in a region, and why some fade.'],
  ['university–industry collaboration', 'What makes collaborations between universities and manufacturers last beyond their first project.'],
  ['knowledge brokers', 'The intermediaries that connect firms to research: what they do and how to measure it.'],
  ['industrial policy evaluation', 'How to evaluate place-based industrial policy when outcomes take a decade to show.'],
  ['productivity and diffusion', 'Why productivity-raising technologies spread slowly among small manufacturers.'],
  ['green manufacturing', 'How manufacturers adopt low-carbon processes and what knowledge they need to do it.'],
  ['data sharing in supply chains', 'When and why firms share production data with suppliers and customers.'],
] as const;
const OUTCOMES = [
  { type: 'publication', title: (t: string) => `${t[0].toUpperCase()}${t.slice(1)}: evidence from the West Midlands (example)` },
  { type: 'collaboration', title: () => 'Partnership with a regional manufacturing cluster (example)', partner: 'Black Country Makers Cluster (example)' },
  { type: 'engagement', title: () => 'Workshop for manufacturers and policymakers (example)' },
  { type: 'policy_influence', title: () => 'Evidence to a regional skills plan (example)' },
  { type: 'further_funding', title: () => 'Follow-on grant (example)', partner: 'Example Research Council' },
  { type: 'research_tool', title: () => 'Open survey instrument on supplier learning (example)' },
] as const;

export async function seedProgramme(hub: Hub, manager: Viewer): Promise<{ calls: number; awards: number }> {
  const rand = xorshift32(18);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  // example members become applicants and reviewers: accounts no one can sign in to
  const people = await hub.db.selectFrom('profiles').select(['id', 'name']).where('is_example', '=', true).where('user_id', 'is', null).orderBy('name').limit(70).execute();
  const hash = await hashPassword(randomBytes(24).toString('base64url'));
  const users: (Viewer & { kind: 'user' })[] = [];
  for (const [i, p] of people.entries()) {
    const email = `example.member.${i + 1}@example.org`;
    const u = await hub.db.insertInto('users').values({ email, password_hash: hash, email_verified_at: new Date(), locked_until: null }).returning('id').executeTakeFirstOrThrow();
    await hub.db.updateTable('profiles').set({ user_id: u.id }).where('id', '=', p.id).execute();
    users.push({ kind: 'user', userId: u.id, profileId: p.id, email, roles: new Set() });
  }
  if (users.length < 50) return { calls: 0, awards: 0 };
  const reviewers = users.slice(0, 14);
  for (const r of reviewers) {
    await hub.db.insertInto('user_roles').values({ user_id: r.userId, role: 'reviewer', granted_by: null }).execute();
    await hub.db.insertInto('reviewers').values({ user_id: r.userId, capacity: 12, expertise: '' }).execute();
    (r.roles as Set<string>).add('reviewer');
  }
  const applicants = users.slice(14);
  let next = 0;
  const applicant = () => applicants[next++ % applicants.length];
  let awards = 0;
  let topic = 0;
  for (const [ci, spec] of CALLS.entries()) {
    // each call ran in 2025: its own clock, open from February, closing at noon on 31 March (BST)
    const at = (iso: string) => ({ ...hub, now: () => new Date(iso) });
    const during = at(`2025-03-0${1 + ci}T10:00:00Z`);
    const after = at('2025-05-15T10:00:00Z');
    const sandpit = spec.mechanism === 'sandpit';
    const call = await createCall(during, manager, {
      mechanism: spec.mechanism,
      title: spec.title,
      summary: `An example call of the ${spec.mechanism.replace(/_/g, ' ')} mechanism, closed, with its applications, reviews, decisions and awards: it shows how the programme runs.`,
      body: 'This is **example content**: the people, applications and awards are invented.\n\nApplicants set out the question, the approach, the team and the budget.',
      themes: [...spec.themes],
      opensAt: '2025-02-03T09:00',
      closesAt: '2025-03-31T12:00',
      ...(sandpit && { stages: 'eoi_full', eoiClosesAt: '2025-03-10T12:00', closesAt: '2025-04-30T12:00' }),
      maxAmount: spec.max,
      totalBudget: spec.budget,
      published: true,
      review: { reviewersPerApplication: 2, maxLoad: 12, requireOutsideDiscipline: !sandpit, reviewDeadline: '2025-04-30T17:00' },
    });
    await hub.db.updateTable('calls').set({ is_example: true }).where('id', '=', call.id).execute();
    const appIds: string[] = [];
    const write = async (who: Viewer & { kind: 'user' }, h: Hub, id: string, version: number, t: (typeof TOPICS)[number], amount: number, team: object[], questions: readonly { id: string }[]) => {
      const all: Record<string, unknown> = {
          summary: `${t[1]} (example)`,
          case_for_support: `${t[1]} We combine a survey of firms with interviews and the network's data. (example)`,
          review_question: `${t[1]}`,
          protocol: 'A protocol registered before the search; databases, terms and screening in two rounds. (example)',
          impact: 'Workshops with manufacturers and a briefing for policymakers. (example)',
          research_plan: `${t[1]} (example)`,
          career_plan: 'Mentoring, a secondment with an industrial partner and leadership training. (example)',
          host_support: 'The host provides a desk, a mentor and access to its industrial partners. (example)',
          research_base: 'A completed study of supplier learning. (example)',
          beneficiaries: 'Manufacturers in the region and the combined authority. (example)',
          story: `${t[1]} (example)`,
          format: 'A podcast series and an exhibition. (example)',
          team,
          budget: [{ category: 'Staff', amount: Math.round(amount * 0.7) }, { category: 'Travel and subsistence', amount: Math.round(amount * 0.1) }, { category: 'Other directly incurred', amount: amount - Math.round(amount * 0.7) - Math.round(amount * 0.1) }],
          duration_months: spec.mechanism === 'early_career_fellowship' ? 12 : spec.mechanism === 'small_project' || sandpit ? 9 : 6,
          declaration: true,
      };
      // each mechanism's form asks its own questions
      return saveApplication(h, who, id, { version, answers: Object.fromEntries(Object.entries(all).filter(([k]) => questions.some((q) => q.id === k))) });
    };
    if (sandpit) {
      // the sandpit: ten expressions of interest, eight chosen, two teams, each team's proposal funded or not
      const eois: string[] = [];
      const eoiHub = at('2025-03-05T10:00:00Z');
      const people = Array.from({ length: 10 }, applicant);
      for (const who of people) {
        const a = await startApplication(eoiHub, who, call.id, { title: 'Participation in the sandpit (example)' });
        await saveApplication(eoiHub, who, a.id, { version: a.version, answers: { contribution: 'Experience of working with manufacturers on digital adoption. (example)', discipline_mix: [pick(['Economics', 'Economic geography', 'Engineering', 'Sociology'])], sector: pick(['University or research institute', 'Manufacturer', 'Technology provider']), available: true } });
        await submitApplication(eoiHub, who, a.id);
        eois.push(a.id);
      }
      const selectHub = at('2025-03-12T10:00:00Z');
      await selectSandpit(selectHub, manager, call.id, { applicationIds: eois.slice(0, 9) });
      const teams = [eois.slice(0, 3), eois.slice(3, 6), eois.slice(6, 9)];
      for (const [k, members] of teams.entries()) {
        await createSandpitTeam(selectHub, manager, call.id, { name: `Team ${k + 1} (example)`, applicationIds: members });
        const lead = people[eois.indexOf(members[0])];
        const fullHub = at('2025-04-02T10:00:00Z');
        const a = await startApplication(fullHub, lead, call.id, { title: `${TOPICS[topic % TOPICS.length][0][0].toUpperCase()}${TOPICS[topic % TOPICS.length][0].slice(1)}: a sandpit team's proposal (example)` });
        const team = (a.answers.team as object[]).map((m) => ({ ...m, organisationName: (m as { organisationName?: string }).organisationName || 'Example University' }));
        const saved = await write(lead, fullHub, a.id, a.version, TOPICS[topic++ % TOPICS.length], Math.round(spec.max * (0.7 + rand() * 0.3)), team, a.questions);
        // the team confirmed at the sandpit itself
        await hub.db.updateTable('application_team').set({ confirmation: 'confirmed', responded_at: new Date('2025-04-02T12:00:00Z') }).where('application_id', '=', saved.id).execute();
        await submitApplication(fullHub, lead, saved.id);
        appIds.push(saved.id);
      }
    } else {
      for (let k = 0; k < spec.applications; k++) {
        const who = applicant();
        const t = TOPICS[topic++ % TOPICS.length];
        const a = await startApplication(during, who, call.id, { title: `${t[0][0].toUpperCase()}${t[0].slice(1)} (example)` });
        const team = (a.answers.team as object[]).map((m) => ({ ...m, organisationName: (m as { organisationName?: string }).organisationName || 'Example University' }));
        const saved = await write(who, during, a.id, a.version, t, Math.round(spec.max * (0.6 + rand() * 0.4)), team, a.questions);
        await submitApplication(during, who, saved.id);
        appIds.push(saved.id);
      }
    }
    // screening, the assignment, the reviews (deterministic scores), the panel
    const reviewHub = at('2025-04-08T10:00:00Z');
    for (const id of appIds) await screenApplication(reviewHub, manager, id, { decision: 'eligible' });
    await runAssignment(reviewHub, manager, call.id, { apply: true });
    const assignments = await hub.db.selectFrom('assignments').select(['id', 'reviewer_id', 'application_id']).where('application_id', 'in', appIds).where('status', '=', 'invited').execute();
    const quality = new Map(appIds.map((id, i) => [id, 6 - ((i * 7) % 4) - (rand() < 0.3 ? 1 : 0)]));
    for (const s of assignments) {
      const r = reviewers.find((x) => x.userId === s.reviewer_id)!;
      await respondToAssignment(reviewHub, r, s.id, { accept: true });
      const form = await getReview(reviewHub, r, s.id);
      const q = quality.get(s.application_id)!;
      const scores = Object.fromEntries(form.criteria.map((c) => [c.code, Math.max(1, Math.min(6, q + Math.round((rand() - 0.5) * 2)))]));
      await saveReview(reviewHub, r, s.id, {
        version: form.version,
        scores,
        commentsApplicant: q >= 5 ? 'A clear question, a sound design and a strong team. The impact plan could name its audiences more precisely. (example)' : 'An interesting question; the design does not yet show how it will answer it, and the budget needs justifying. (example)',
        commentsPanel: q >= 5 ? 'Fund. (example)' : 'Not a priority. (example)',
        confidence: 2 + Math.floor(rand() * 3),
        submit: true,
      });
    }
    const panelHub = at('2025-05-10T10:00:00Z');
    const ranked = [...appIds].sort((x, y) => quality.get(y)! - quality.get(x)! || appIds.indexOf(x) - appIds.indexOf(y));
    await addPanelNote(panelHub, manager, ranked[0], { note: 'The panel agreed with the reviewers: the strongest application. (example)' });
    for (const [k, id] of ranked.entries()) {
      const decision = k < spec.funded ? 'fund' : k === spec.funded ? 'reserve' : 'reject';
      await decide(panelHub, manager, id, { decision, reason: decision === 'fund' ? 'Ranked within the budget by the panel. (example)' : decision === 'reserve' ? 'Next in line should funds allow. (example)' : 'Below the funding line. (example)' });
    }
    // the letters were sent (the example applicants' addresses receive nothing)
    await hub.db.updateTable('applications').set({ letter_sent_at: new Date('2025-05-15T10:00:00Z'), is_example: true }).where('call_id', '=', call.id).execute();
    // the awards: reports and outcomes
    const made = await hub.db.selectFrom('awards').select(['id', 'holder_id', 'title']).where('call_id', '=', call.id).orderBy('reference').execute();
    for (const [k, w] of made.entries()) {
      awards++;
      await hub.db.updateTable('awards').set({ is_example: true, status: k % 3 === 0 ? 'completed' : 'active' }).where('id', '=', w.id).execute();
      const holder = users.find((u) => u.userId === w.holder_id)!;
      const reports = await hub.db.selectFrom('award_reports').select(['id', 'kind']).where('award_id', '=', w.id).orderBy('due_on').execute();
      await hub.db.updateTable('award_reports').set({ status: 'accepted', answers: JSON.stringify({ progress: 'On track. (example)', milestones: 'Met. (example)', changes: 'None. (example)' }), submitted_at: new Date('2025-12-01T10:00:00Z') }).where('id', '=', reports[0].id).execute();
      const n = 1 + ((k + ci) % 3);
      for (let o = 0; o < n; o++) {
        const kind = OUTCOMES[(k + ci + o) % OUTCOMES.length];
        const topicWords = w.title.replace(/ \(example\)$/, '').replace(/: a sandpit team's proposal$/, '').toLowerCase();
        await addOutcome(after, holder, w.id, {
          type: kind.type,
          title: kind.title(topicWords),
          description: 'Example outcome: invented to show how outcomes are recorded.',
          year: 2025 + (o % 2),
          ...(kind.type === 'publication' && { doi: `10.5555/example.${ci}${k}${o}`, journal: 'Regional Studies (example)', authors: [{ name: (await hub.db.selectFrom('profiles').select('name').where('user_id', '=', holder.userId).executeTakeFirstOrThrow()).name, profileId: holder.profileId }] }),
          ...('partner' in kind && { partner: kind.partner, partnerType: 'intermediary' }),
        }, { isExample: true });
      }
    }
  }
  // an open example call a new member can apply to: from a month ago to two months ahead, London noon
  const now = hub.now();
  const day = (offset: number) => `${londonLocal(new Date(now.getTime() + offset * 86_400_000)).slice(0, 10)}T12:00`;
  const open = await createCall(hub, manager, {
    mechanism: 'small_project',
    title: 'Small research projects: knowledge across boundaries (example)',
    summary: 'An open example call: apply to see the form, the checks and the submission. Projects of 6 to 12 months on how knowledge crosses geographical, organisational and disciplinary boundaries.',
    body: '## What we fund\nSmall projects that open a new question on knowledge dynamics, innovation and learning.\n\n## Who may apply\nMembers of the network, with partners from industry or policy.\n\nThis is **example content**.',
    themes: ['skills', 'productivity'],
    opensAt: day(-30),
    closesAt: day(60),
    maxAmount: 60_000,
    totalBudget: 240_000,
    published: true,
  });
  await hub.db.updateTable('calls').set({ is_example: true }).where('id', '=', open.id).execute();
  return { calls: CALLS.length + 1, awards };
}
