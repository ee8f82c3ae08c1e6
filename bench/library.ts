/**
 * `npm run bench:library`: the knowledge library's search on a PostgreSQL server holding 100,000 published
 * items (BENCH_ITEMS), each classified like the demo content (types, themes, technologies, sectors, ITL regions,
 * audiences, GtR disciplines, GtR topics as keywords, years, evidence). Prints figures and the budget
 * (search with two facets, facet counts included: p95 < 30 ms); asserts nothing.
 *
 * Titles, summaries and bodies are drawn from a 20,000-word vocabulary with Zipf's law (the field's words most
 * frequent), so query words range from ones in most items to rare ones; searches are grouped by how common.
 * 1. In process: `searchLibrary` called one at a time (the domain function the route calls, on the server's
 *    database), after the first call has built the in-memory index; each search timed the first time it is asked
 *    and again.
 * 2. Over HTTP: `proximity serve` in its own process, open-loop load at BENCH_RATE req/s (default 100) for
 *    BENCH_SECONDS (default 10) after 5 s of warm-up; then autocannon, 10 connections, for throughput.
 * BENCH_ONLY=text picks HTTP scenarios by name. PostgreSQL: as bench:server (bench/load.ts); BENCH_KEEP_DATABASE=1 keeps
 * the seeded database and BENCH_LIBRARY_DATABASE_URL=… searches a kept one again without seeding.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connection.js';
import { VISITOR } from '../src/hub/platform/access.js';
import { createHub } from '../src/hub/platform/context.js';
import { initialContent } from '../src/hub/library/library.js';
import { ItemInput } from '../src/hub/library/contract.js';
import { RATED_TYPES, ITEM_TYPES, type ItemType } from '../src/hub/library/library-model.js';
import { insertPublished, readGtrGrants, type PublishedDraft } from '../src/hub/library/library-seed.js';
import { searchLibrary } from '../src/hub/library/library-search.js';
import { outboxMailer } from '../src/hub/platform/mail.js';
import { loadReferenceData, taxonomies } from '../src/hub/taxonomy/taxonomy.js';
import { xorshift32 } from '../src/linalg/random.js';
import { benchDatabase, cpuSeconds, openLoop, percentile, serveOn } from './load.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP = 5;
const CONNECTIONS = 10;
const BUDGET_MS = 30;

/** Real words of the field first (the most frequent ranks), then made-up ones, to a vocabulary of 20,000. */
const FIELD_WORDS = (
  'digital adoption manufacturing productivity skills workforce robotics automation twins simulation sensors data analytics supply chains resilience ' +
  'sustainability net zero circular economy innovation networks knowledge exchange regional development clusters specialisation policy evaluation ' +
  'small firms investment finance training apprenticeships universities collaboration partnerships technology transfer diffusion complexity ' +
  'capabilities relatedness diversification exports services infrastructure connectivity cyber security artificial intelligence machine learning ' +
  'additive printing materials composites aerospace automotive food chemicals pharmaceuticals energy hydrogen batteries electrification logistics ' +
  'procurement standards regulation measurement management leadership organisational change culture wellbeing inclusion gender youth places towns ' +
  'cities coastal rural levelling growth wages employment entrepreneurship startups scaleups venture public sector health care education research'
).split(' ');
const VOCABULARY = 20_000;
/** Word frequencies follow Zipf's law (exponent 1), as in natural text. */
const ZIPF = 1;
/** Query words by how common they are: rank 10–29 (in most items), 200–239 (in about one in twenty), 3,000–3,039 (rare). */
const BANDS = [
  { name: 'common word', from: 10 },
  { name: 'mid-frequency word', from: 200 },
  { name: 'rare word', from: 3000 },
] as const;

// BENCH_LIBRARY_DATABASE_URL: a database a run kept (BENCH_KEEP_DATABASE), searched again without seeding
const reuse = process.env.BENCH_LIBRARY_DATABASE_URL;
const target = reuse ? { url: reuse, drop: async () => {} } : await benchDatabase('proximity_bench_library');
try {
  let t = performance.now();
  const database = await openDatabase({ databaseUrl: target.url });
  const hub = createHub({ db: database.db, mailer: outboxMailer(), baseUrl: 'http://localhost' });
  if (!reuse) await loadReferenceData(database.db);
  const all = await taxonomies(hub);
  const topics = [...new Set(readGtrGrants().flatMap((g) => g.topics))];
  const rand = xorshift32(20261201);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const some = <T>(xs: readonly T[], lo: number, hi: number) => [...new Set(Array.from({ length: lo + Math.floor(rand() * (hi - lo + 1)) }, () => pick(xs)))];
  const vocabulary = vocabularyOf(topics);
  const cumulative = new Float64Array(vocabulary.length);
  for (let r = 0, sum = 0; r < vocabulary.length; r++) cumulative[r] = sum += 1 / (r + 1) ** ZIPF;
  const word = () => {
    const u = rand() * cumulative[cumulative.length - 1];
    let lo = 0;
    for (let hi = cumulative.length - 1; lo < hi; ) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo];
  };
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const codes = (taxonomy: 'theme' | 'technology' | 'sector' | 'region' | 'audience' | 'discipline') => all[taxonomy].map((x) => x.code);
  const [themes, technologies, sectors, regions, audiences, disciplines] = (['theme', 'technology', 'sector', 'region', 'audience', 'discipline'] as const).map(codes);
  const types = Object.keys(ITEM_TYPES) as ItemType[];
  const at = new Date();
  for (let from = 0; from < (reuse ? 0 : ITEMS); from += 10_000) {
    const drafts: PublishedDraft[] = [];
    for (let i = from; i < Math.min(ITEMS, from + 10_000); i++) {
      const type = pick(types);
      const input = ItemInput.parse({
        type,
        title: `${words(3)} ${words(4)}`.replace(/^./, (c) => c.toUpperCase()),
        summary: `${words(40)}.`,
        body: `${words(60)}.\n\n${words(60)}.`,
        keywords: some(topics, 1, 4),
        themes: some(themes, 1, 3),
        technologies: some(technologies, 0, 2),
        sectors: some(sectors, 1, 2),
        regions: some(regions, 1, 2),
        audiences: some(audiences, 1, 3),
        disciplines: some(disciplines, 1, 3),
        publishedOn: `${2000 + Math.floor(rand() * 26)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-15`,
        evidence: RATED_TYPES.includes(type) ? 1 + Math.floor(rand() * 5) : null,
        authors: [{ name: `Author ${i % 5000}` }],
      });
      drafts.push({ id: randomUUID(), content: initialContent(input), isExample: true, source: 'benchmark', described: true });
    }
    await database.db.transaction().execute((tx) => insertPublished(tx, drafts, at));
  }
  if (!reuse) {
    // measure the steady state, not the aftermath of the bulk load (autovacuum, checkpoint)
    await sql`vacuum analyze`.execute(database.db);
    await sql`checkpoint`.execute(database.db);
    console.log(`seeded ${ITEMS.toLocaleString('en-GB')} published items on PostgreSQL in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  // searches with two facets: pairs of values from two facets, 1,000 and more different searches (more than a
  // process keeps counted: each is counted afresh); words from each frequency band with two facets
  const itl1 = all.region.filter((r) => !r.parentCode).map((r) => r.code);
  const years = Array.from({ length: 26 }, (_, i) => String(2000 + i));
  const twoFacets = [
    ...themes.flatMap((theme) => regions.map((region) => ({ theme, region }))),
    ...disciplines.flatMap((discipline) => audiences.map((audience) => ({ discipline, audience }))),
    ...technologies.flatMap((technology) => years.map((year) => ({ technology, year }))),
    ...types.flatMap((type) => itl1.map((region) => ({ type, region }))),
  ];
  const withWords = BANDS.map((band) => ({
    name: band.name,
    queries: Array.from({ length: 40 }, (_, i) => ({ q: vocabulary[band.from + i], theme: themes[i % themes.length], audience: audiences[i % audiences.length] })),
  }));

  // 1. in process
  t = performance.now();
  const first = await searchLibrary(hub, VISITOR, {});
  console.log(`\nfirst search (builds the in-memory index of ${first.total.toLocaleString('en-GB')} items): ${(performance.now() - t).toFixed(0)} ms`);
  console.log(`\nIn process: searchLibrary one call at a time, facet counts included. "First" = the first time a search is asked at this version of the library (nothing of it held: words matched in PostgreSQL, filters and counts computed); "again" = asked again (held)`);
  console.log('search | searches | first: p50 ms | p95 ms | max ms | again: p50 ms | p95 ms | mean results');
  const timeEach = async (queries: readonly Record<string, string | number>[]) => {
    const times: number[] = [];
    let results = 0;
    for (const q of queries) {
      const s0 = performance.now();
      results += (await searchLibrary(hub, VISITOR, q)).total;
      times.push(performance.now() - s0);
    }
    return { times: times.sort((a, b) => a - b), mean: results / queries.length };
  };
  for (const [name, queries] of [['two facets, no words', twoFacets], ...withWords.map((b) => [`${b.name} + two facets (theme, audience)`, b.queries] as const)] as const) {
    const cold = await timeEach(queries);
    const warm = await timeEach(queries);
    const f = (xs: number[], q: number) => percentile(xs, q).toFixed(1);
    console.log(`${name} | ${queries.length} | ${f(cold.times, 50)} | ${f(cold.times, 95)} | ${cold.times.at(-1)!.toFixed(1)} | ${f(warm.times, 50)} | ${f(warm.times, 95)} | ${Math.round(cold.mean).toLocaleString('en-GB')}`);
  }
  const someItem = first.items[0].id;
  await database.close();

  // 2. over HTTP
  const { base, server, stop } = await serveOn(target.url);
  const path = (q: Record<string, string | number>) => `/api/library?${new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]))}`;
  const scenarios = [
    { name: `two facets, no words: ${twoFacets.length.toLocaleString('en-GB')} different searches in turn (each counted afresh)`, paths: twoFacets.map(path), budget: true },
    ...withWords.map((b) => ({ name: `${b.name} + two facets: ${b.queries.length} different searches in turn, each asked once before`, paths: b.queries.map(path), budget: true, prime: true })),
    { name: 'item page', paths: [`/api/library/items/${someItem}`], budget: false },
    { name: 'the library page: no words, no filters', paths: ['/api/library'], budget: false },
  ];
  console.log(`\nOver HTTP: ${RATE} req/s offered on a fixed schedule for ${SECONDS} s after ${WARM_UP} s of warm-up, latency from each request's due time; then autocannon, ${CONNECTIONS} connections as fast as answered, ${SECONDS} s. Loopback; 2 cores shared by server, PostgreSQL and load generator.`);
  console.log(`scenario | p50 ms | p95 ms | p99 ms | max ms | failed | server CPU (100% = one core) | autocannon req/s | autocannon p99 ms | budget p95 < ${BUDGET_MS} ms`);
  for (const s of scenarios.filter((x) => !process.env.BENCH_ONLY || x.name.includes(process.env.BENCH_ONLY))) {
    // words are matched in PostgreSQL the first time a search is asked at a version (timed in process above);
    // the load then measures the searches as the server answers them from then on
    if ('prime' in s) for (const p of s.paths) await (await fetch(`${base}${p}`)).arrayBuffer();
    let before = cpuSeconds(server.pid!);
    const r = await openLoop(base, s.paths, RATE, WARM_UP, SECONDS, () => (before = cpuSeconds(server.pid!)));
    const cpu = `${(((cpuSeconds(server.pid!) - before) / SECONDS) * 100).toFixed(0)}%`;
    const c = await autocannon({ url: base, requests: s.paths.map((p) => ({ method: 'GET', path: p })), connections: CONNECTIONS, duration: SECONDS });
    const verdict = s.budget ? (r.p(95) < BUDGET_MS ? 'met' : 'MISSED') : '';
    console.log(`${s.name} | ${r.p(50)} | ${r.p(95)} | ${r.p(99)} | ${r.p(100)} | ${r.failed + c.non2xx + c.errors} | ${cpu} | ${c.requests.average.toFixed(0)} | ${c.latency.p99} | ${verdict}`);
  }
  await stop();
} finally {
  await target.drop();
}

/** FIELD_WORDS, then the words of GtR's topics, then pronounceable made-up words: distinct, to VOCABULARY words. */
function vocabularyOf(topics: readonly string[]): string[] {
  const out = new Set(FIELD_WORDS);
  for (const t of topics) for (const w of t.toLowerCase().match(/[a-z]{3,}/g) ?? []) out.add(w);
  const syllables = ['ka', 'lo', 'mer', 'tin', 'sa', 'vo', 'ren', 'di', 'pul', 'ex', 'gra', 'no', 'ber', 'shi', 'tor', 'ul'];
  for (let n = 0; out.size < VOCABULARY; n++) {
    let w = '';
    for (let k = n + syllables.length; k > 0; k = Math.floor(k / syllables.length)) w += syllables[k % syllables.length];
    out.add(`${w}ium`);
  }
  return [...out].slice(0, VOCABULARY);
}
