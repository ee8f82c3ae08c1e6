/**
 * `npm run bench:programmes`: the commissioned research programme at the size of a large call, on PGlite (the
 * embedded database `npm start` uses). Prints figures and the issue's budgets; asserts nothing.
 *
 * 1. Assignment: 500 submitted, screened applications and 300 reviewers (k = 3, load ≤ 6, one reviewer from outside
 *    the team's disciplines), the whole `runAssignment` (conflicts refreshed, TF–IDF and cognitive affinity, the
 *    exact minimum-cost flow, the answer with its reasons), and the solver alone. Budget < 5 s.
 * 2. The panel page for those 500 applications with 1,500 submitted reviews: GET /api/programmes/calls/:call/panel
 *    through the app (routing, the query, ranking, serialisation), 50 times after one warm-up. Budget p95 < 150 ms.
 * 3. Conflict detection for the 300 reviewers × 500 applications on a knowledge network of 100,000 ties
 *    (`detectConflicts`: the person projection, matching people by profile, ORCID and name, the rules). Budget < 3 s.
 * Applications, teams, reviewers and reviews are written with plain inserts (the services' own paths are tested
 * elsewhere): the bench times what a manager waits for.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { openDatabase } from '../src/db/connection.js';
import { digest } from '../src/hub/accounts/accounts.js';
import { createHub } from '../src/hub/platform/context.js';
import { outboxMailer } from '../src/hub/platform/mail.js';
import { ensureMechanisms } from '../src/hub/programmes/mechanisms.js';
import { createCall } from '../src/hub/programmes/calls.js';
import { runAssignment } from '../src/hub/programmes/assignment.js';
import { assignReviewers } from '../src/hub/programmes/assign-reviewers.js';
import { affinity } from '../src/hub/programmes/affinity.js';
import { detectConflicts, type ConflictApplication, type ConflictReviewer } from '../src/hub/programmes/detect-conflicts.js';
import { loadReferenceData } from '../src/hub/taxonomy/taxonomy.js';
import { project, type Records } from '../src/networks/records.js';
import { xorshift32 } from '../src/linalg/random.js';
import { buildApp, SESSION_COOKIE } from '../src/server/app.js';
import { percentile } from './load.js';

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 500);
const REVIEWERS = Number(process.env.BENCH_REVIEWERS ?? 300);
const rand = xorshift32(2027);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const WORDS = 'supply chain learning digital twins foundries skills automation robots clusters regions universities collaboration brokers intermediaries policy evaluation productivity diffusion green manufacturing data sharing suppliers workforce training apprenticeships innovation networks knowledge exchange additive materials composites aerospace automotive energy hydrogen logistics standards management leadership finance investment exports services'.split(' ');
const DISCIPLINES = ['economics', 'human-geography', 'sociology', 'management-business-studies', 'mechanical-engineering', 'political-science', 'science-technology-studies', 'computer-science'];
const text = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
const ms = (t: number) => `${Math.round(t).toLocaleString('en-GB')} ms`;

async function main() {
  const database = await openDatabase({ dataDir: 'memory', migrate: true });
  const db = database.db;
  await loadReferenceData(db);
  await ensureMechanisms(db);
  const now = new Date('2027-04-15T10:00:00Z');
  const hub = createHub({ db, mailer: outboxMailer(), baseUrl: 'http://bench', now: () => now });
  const known = new Set((await db.selectFrom('taxonomy_terms').select('code').where('taxonomy', '=', 'discipline').execute()).map((t) => t.code));
  const disciplines = DISCIPLINES.filter((d) => known.has(d));
  const hash = 'x';
  const user = async (email: string, name: string, discipline: string) => {
    const u = await db.insertInto('users').values({ email, password_hash: hash, email_verified_at: now, locked_until: null }).returning('id').executeTakeFirstOrThrow();
    const p = await db.insertInto('profiles').values({ user_id: u.id, name, visibility: '{}', links: '[]', listed: false }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('profile_terms').values({ profile_id: p.id, taxonomy: 'discipline', code: discipline }).execute();
    return { userId: u.id, profileId: p.id, name };
  };
  const manager = await user('manager@bench.test', 'Manager', disciplines[0]);
  await db.insertInto('user_roles').values({ user_id: manager.userId, role: 'programme_manager', granted_by: null }).execute();
  const viewer = { kind: 'user' as const, userId: manager.userId, profileId: manager.profileId, email: 'manager@bench.test', roles: new Set(['programme_manager'] as const) };
  const call = await createCall({ ...hub, now: () => new Date('2027-02-01T10:00:00Z') }, viewer, {
    mechanism: 'small_project', title: 'Bench call', opensAt: '2027-02-01T09:00', closesAt: '2027-03-31T12:00', maxAmount: 60_000, totalBudget: 10_000_000, published: true,
    review: { reviewersPerApplication: 3, maxLoad: 6, requireOutsideDiscipline: true },
  });
  process.stdout.write(`# writing ${APPLICATIONS} applications and ${REVIEWERS} reviewers…\n`);
  const t0 = performance.now();
  const reviewers = [];
  for (let i = 0; i < REVIEWERS; i++) {
    const r = await user(`reviewer${i}@bench.test`, `Reviewer ${i}`, pick(disciplines));
    await db.insertInto('user_roles').values({ user_id: r.userId, role: 'reviewer', granted_by: null }).execute();
    await db.insertInto('reviewers').values({ user_id: r.userId, expertise: text(30), capacity: 6 }).execute();
    reviewers.push(r);
  }
  const apps: string[] = [];
  for (let i = 0; i < APPLICATIONS; i++) {
    const a = await user(`applicant${i}@bench.test`, `Applicant ${i}`, pick(disciplines));
    const id = randomUUID();
    await db.insertInto('applications').values({ id, call_id: call.id, stage: 'full', form_version: 1, applicant_id: a.userId, reference: `SP27-${String(i + 1).padStart(4, '0')}`, title: text(6), answers: JSON.stringify({ summary: text(120), case_for_support: text(400), budget: [{ category: 'Staff', amount: 20_000 + Math.floor(rand() * 40_000) }] }), status: 'submitted', screening: 'eligible', submitted_at: now }).execute();
    await db.insertInto('application_team').values({ application_id: id, position: 0, role: 'lead', profile_id: a.profileId, user_id: a.userId, name: a.name, organisation_name: `Organisation ${i % 120}`, confirmation: 'confirmed' }).execute();
    apps.push(id);
  }
  process.stdout.write(`# written in ${ms(performance.now() - t0)}\n\n`);

  // 1. assignment
  const runs: number[] = [];
  let last;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    last = await runAssignment(hub, viewer, call.id, {});
    runs.push(performance.now() - t);
  }
  process.stdout.write(`assignment, ${APPLICATIONS} applications × ${REVIEWERS} reviewers (k = 3, load ≤ 6, one from outside the disciplines), runAssignment: ${runs.map(ms).join(', ')} (budget < 5 s); ${last!.pairs.length} pairs, ${last!.notices.length} notices\n`);
  {
    const A = APPLICATIONS;
    const docs = apps.map((id, i) => ({ id, text: text(500), disciplines: [disciplines[i % disciplines.length]] }));
    const revs = reviewers.map((r, i) => ({ id: r.userId, text: text(30), disciplines: [disciplines[(i * 3) % disciplines.length]] }));
    let t = performance.now();
    const aff = affinity(docs, revs);
    const ta = performance.now() - t;
    t = performance.now();
    const solved = assignReviewers({ applications: docs, reviewers: revs.map((r) => ({ ...r, capacity: 6 })), affinity: aff.scores, k: 3, maxLoad: 6, conflicted: () => false, requireOutside: true });
    process.stdout.write(`  of which: affinity (TF–IDF and cognitive proximity) ${ms(ta)}, the minimum-cost flow ${ms(performance.now() - t)} (${solved.pairs.length} pairs for ${A} applications)\n`);
  }

  // 2. the panel page: reviews for every application, then the route
  for (const a of await db.selectFrom('assignments').select('id').execute()) {
    await db.updateTable('assignments').set({ status: 'submitted' }).where('id', '=', a.id).execute();
  }
  await runAssignment(hub, viewer, call.id, { apply: true });
  const assignments = await db.selectFrom('assignments').select('id').execute();
  for (const a of assignments) {
    const s = 1 + Math.floor(rand() * 6);
    await db.insertInto('reviews').values({ assignment_id: a.id, scores: JSON.stringify({ vision: s, approach: Math.max(1, s - 1), capability: s, resources: Math.min(6, s + 1) }), comments_applicant: text(60), comments_panel: text(20), confidence: 3, status: 'submitted', submitted_at: now }).execute();
  }
  await db.updateTable('assignments').set({ status: 'submitted' }).execute();
  const app = await buildApp({ hub, sessionSecret: 'bench-session-secret-bench-session-secret', logger: false });
  const token = randomBytes(32).toString('base64url');
  await db.insertInto('sessions').values({ id: digest(token), user_id: manager.userId, csrf_token: 'c', expires_at: new Date(now.getTime() + 3600_000), revoked_at: null, ip: null, user_agent: null }).execute();
  const cookie = `${SESSION_COOKIE}=${app.signCookie(token)}`;
  const url = `/api/programmes/calls/${call.id}/panel`;
  const first = await app.inject({ method: 'GET', url, headers: { cookie } });
  if (first.statusCode !== 200) throw new Error(`panel: ${first.statusCode} ${first.body.slice(0, 200)}`);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await app.inject({ method: 'GET', url, headers: { cookie } });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`panel page, ${APPLICATIONS} applications, ${assignments.length} reviews (${(first.body.length / 1024).toFixed(0)} KB): p50 ${ms(percentile(times, 0.5))}, p95 ${ms(percentile(times, 0.95))}, max ${ms(times.at(-1)!)} (budget p95 < 150 ms)\n`);
  await app.close();
  await database.close();

  // 3. conflict detection on a 100,000-tie network
  const people = 30_000;
  const records: Records = { actors: [], activities: [], participations: [] };
  const names = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Wright', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Khan', 'Green', 'Hall', 'Wood', 'Clarke', 'Hughes'];
  for (let i = 0; i < people; i++) records.actors.push({ id: `p${i}`, kind: 'person', name: `${names[i % names.length]}${Math.floor(i / names.length)}, ${String.fromCharCode(65 + (i % 26))}`, disciplines: [], ...(i % 3 === 0 && { orcid: `0000-0000-${String(1000 + Math.floor(i / 10000)).padStart(4, '0')}-${String(i % 10000).padStart(4, '0')}` }) });
  let a = 0;
  while (true) {
    const size = 2 + Math.floor(rand() * 4);
    const id = `w${a++}`;
    records.activities.push({ id, type: 'publication', date: String(2018 + Math.floor(rand() * 10)), title: text(8), keywords: [], fields: [] });
    const base = Math.floor(rand() * people);
    for (let j = 0; j < size; j++) records.participations.push({ activity: id, actor: `p${(base + Math.floor(rand() * 200)) % people}`, role: 'author' });
    if (a % 5000 === 0 && project(records, { level: 'person' }).m >= 100_000) break;
  }
  const g = project(records, { level: 'person' });
  const conflictReviewers: ConflictReviewer[] = Array.from({ length: REVIEWERS }, (_, i) => {
    const actor = records.actors[(i * 97) % people];
    return { userId: `r${i}`, name: actor.name, orcid: actor.orcid ?? null, organisations: [{ name: `Organisation ${i % 150}` }], relations: i % 10 === 0 ? [{ kind: 'supervisory', name: records.actors[(i * 31) % people].name }] : [] };
  });
  const conflictApps: ConflictApplication[] = Array.from({ length: APPLICATIONS }, (_, i) => ({
    id: `a${i}`,
    team: Array.from({ length: 1 + (i % 4) }, (_, j) => {
      const actor = records.actors[(i * 53 + j * 7) % people];
      return { name: actor.name, orcid: actor.orcid ?? null, organisations: [{ name: `Organisation ${(i + j) % 150}` }] };
    }),
  }));
  const t3 = performance.now();
  const found = detectConflicts(records, conflictReviewers, conflictApps, { fromYear: 2025, toYear: 2027 });
  const t3end = performance.now() - t3;
  const by = (s: string) => found.filter((f) => f.source === s).length;
  process.stdout.write(`conflict detection, ${REVIEWERS} reviewers × ${APPLICATIONS} applications on a network of ${g.n.toLocaleString('en-GB')} people and ${g.m.toLocaleString('en-GB')} ties (${records.activities.length.toLocaleString('en-GB')} activities): ${ms(t3end)} (budget < 3 s); ${found.length} conflicts (organisation ${by('organisation')}, co-authorship in 2025–2027 ${by('coauthorship')}, relation ${by('relation')})\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
