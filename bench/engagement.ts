/**
 * `npm run bench:engagement`: the knowledge exchange programme at scale, on PGlite (the embedded database `npm start`
 * uses). Prints figures and the issue's budgets; asserts nothing.
 *
 * 1. Digests: 20,000 contacts who chose the weekly digest, with consent and interests, and 100,000 library items
 *    published in the week (with their themes and technologies), plus 60 upcoming events and 10 open calls. The whole
 *    `sendDigests` run: the candidates read and indexed, recipients read in batches of 500, each batch's claims and
 *    messages (HTML and text) written in one transaction to the outbox. Budget < 60 s; the heap is sampled through
 *    the run (bounded memory: it holds the week's candidates and one batch, not the recipients).
 * 2. The event listing: GET /api/events (upcoming, with places taken) and a filtered one, over HTTP to the app
 *    listening in this process, offered at 200 requests a second on a fixed schedule for 10 s after 3 s of warm-up;
 *    latency from each request's due time. Budget p95 < 50 ms.
 * Data is written with plain inserts (the services' paths are tested elsewhere).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connection.js';
import { createHub } from '../src/hub/platform/context.js';
import { outboxMailer } from '../src/hub/platform/mail.js';
import { ensureEventTypes } from '../src/hub/events/event-types.js';
import { lastPeriod, sendDigests } from '../src/hub/digests/digests.js';
import { loadReferenceData } from '../src/hub/taxonomy/taxonomy.js';
import { CONSENT_PURPOSES } from '../src/hub/stakeholders/contract.js';
import { xorshift32 } from '../src/linalg/random.js';
import { buildApp } from '../src/server/app.js';
import { openLoop } from './load.js';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 20_000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const rand = xorshift32(2028);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
const THEMES = ['future-of-manufacturing-ecosystems', 'future-of-work', 'future-of-the-economy', 'digital-adoption', 'productivity', 'resilience', 'sustainability', 'skills', 'knowledge-exchange', 'regional-development'];
const TECHS = ['artificial-intelligence', 'industrial-iot', 'robotics-automation', 'additive-manufacturing', 'digital-twins', 'augmented-virtual-reality', 'cloud-computing', 'data-analytics', 'cyber-security', 'connectivity-5g', 'blockchain'];
const WORDS = 'supply chain learning digital twins foundries skills automation robots clusters regions universities collaboration brokers policy evaluation productivity diffusion manufacturing suppliers workforce training innovation networks knowledge exchange'.split(' ');
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;

async function main() {
  const database = await openDatabase({ dataDir: 'memory', migrate: true });
  const db = database.db;
  await loadReferenceData(db);
  await ensureEventTypes(db);
  const now = new Date('2027-03-10T09:00:00Z');
  const hub = createHub({ db, mailer: outboxMailer(), baseUrl: 'http://bench', now: () => now });
  const period = lastPeriod('weekly', now);
  let t = performance.now();
  for (let i = 0; i < ITEMS; i += 5000) {
    const rows = Array.from({ length: Math.min(5000, ITEMS - i) }, (_, j) => ({ type: pick(['report', 'working_paper', 'case_study', 'policy_brief']), state: 'published', title: `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${i + j}`, summary: Array.from({ length: 40 }, () => pick(WORDS)).join(' '), authors: '[]', published_at: new Date(period.start.getTime() + rand() * (period.end.getTime() - period.start.getTime())) }));
    const ids = await db.insertInto('library_items').values(rows).returning('id').execute();
    const terms = ids.flatMap((r) => [{ item_id: r.id, taxonomy: 'theme', code: pick(THEMES) }, { item_id: r.id, taxonomy: 'technology', code: pick(TECHS) }]);
    await db.insertInto('library_item_terms').values(terms).onConflict((oc) => oc.doNothing()).execute();
  }
  for (let i = 0; i < 60; i++) {
    const start = new Date(now.getTime() + (1 + i) * 86_400_000);
    const e = await db.insertInto('events').values({ slug: `bench-${i}`, type: pick(['webinar', 'discovery_day', 'impact_workshop']), title: `Bench event ${i}`, summary: 'An event.', starts_at: start, ends_at: new Date(start.getTime() + 3 * 3_600_000), format: 'in_person', venue_name: 'Venue', region: pick(['TLG3', 'TLE3', 'TLD3', 'TLM8']), capacity: 100, registration: 'open', state: 'published' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('event_terms').values([{ event_id: e.id, taxonomy: 'theme', code: pick(THEMES) }]).execute();
    await db.insertInto('registrations').values(Array.from({ length: 60 }, (_, k) => ({ event_id: e.id, name: `P ${k}`, email: `p${k}-${i}@bench.test`, status: k < 50 ? ('confirmed' as const) : ('waitlisted' as const), answers: '{}', checkin_code: randomBytes(6).toString('hex') }))).execute();
  }
  for (let i = 0; i < RECIPIENTS; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, RECIPIENTS - i) }, (_, j) => ({ name: `Reader ${i + j}`, email: `reader${i + j}@bench.test`, source: 'import' as const, digest_frequency: 'weekly' as const, link_nonce: randomBytes(9).toString('base64url'), last_active_at: now }));
    const ids = await db.insertInto('contacts').values(rows).returning('id').execute();
    await db.insertInto('contact_interests').values(ids.flatMap((c) => [{ contact_id: c.id, taxonomy: 'theme' as const, code: pick(THEMES) }, { contact_id: c.id, taxonomy: 'technology' as const, code: pick(TECHS) }])).onConflict((oc) => oc.doNothing()).execute();
    await db.insertInto('consents').values(ids.map((c) => ({ contact_id: c.id, purpose: 'digests' as const, wording: CONSENT_PURPOSES.digests.wording, wording_version: 1, source: 'bench', given_at: now }))).execute();
  }
  console.log(`written: ${ITEMS.toLocaleString('en-GB')} library items in the week of ${period.key}, 60 events, ${RECIPIENTS.toLocaleString('en-GB')} weekly readers (${((performance.now() - t) / 1000).toFixed(1)} s)`);

  // 1. digests
  global.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let batches = 0;
  // the heap sampled at every batch's write (the run's queries leave no turn for a timer to sample it)
  const sampling = { ...hub, mailer: { ...hub.mailer, enqueue: async (tx: Parameters<typeof hub.mailer.enqueue>[0], m: Parameters<typeof hub.mailer.enqueue>[1]) => {
    batches++;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return hub.mailer.enqueue(tx, m);
  } } };
  t = performance.now();
  const run = await sendDigests(sampling, 'weekly', period);
  const took = (performance.now() - t) / 1000;
  const written = await db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const sizes = await db.selectFrom('outbox').select(sql<number>`avg(length(body_html) + length(body_text))::int`.as('n')).executeTakeFirstOrThrow();
  console.log(`\n1. sendDigests, weekly, ${RECIPIENTS.toLocaleString('en-GB')} readers × ${ITEMS.toLocaleString('en-GB')} items: ${took.toFixed(1)} s (budget < 60 s: ${took < 60 ? 'met' : 'MISSED'})`);
  console.log(`   sent ${run.sent.toLocaleString('en-GB')} (outbox rows ${written.n.toLocaleString('en-GB')}, ${sizes.n.toLocaleString('en-GB')} characters each on average), ${run.empty} with nothing to send; heap ${mb(base)} before, at most ${mb(peak)} over its ${batches} batches (+${mb(peak - base)})`);
  const again = performance.now();
  const second = await sendDigests(hub, 'weekly', period);
  console.log(`   run again: ${second.sent} sent, ${((performance.now() - again) / 1000).toFixed(2)} s (every reader already has this week's digest)`);

  // 2. the event listing over HTTP
  const app = await buildApp({ hub, sessionSecret: 'bench-secret-bench-secret-bench-secret', authRateLimit: 1000, logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log('\n2. the event listing over HTTP, 200 req/s offered on a fixed schedule, 10 s after 3 s warm-up (the app and the load in one process, 2 cores)');
  console.log('listing | p50 ms | p95 ms | p99 ms | max ms | failed | budget p95 < 50 ms');
  for (const [name, paths] of [
    ['upcoming events', ['/api/events']],
    ['filtered: type, theme, region, dates', [`/api/events?type=webinar&theme=${THEMES[3]}&region=TLG`, '/api/events?format=in_person&from=2027-03-12&to=2027-04-30', '/api/events?q=bench']],
  ] as const) {
    const r = await openLoop(url, [...paths], 200, 3, 10, () => undefined);
    console.log(`${name} | ${r.p(50)} | ${r.p(95)} | ${r.p(99)} | ${r.p(100)} | ${r.failed} | ${Number(r.p(95)) < 50 ? 'met' : 'MISSED'}`);
  }
  await app.close();
  await database.close();
}

await main();
