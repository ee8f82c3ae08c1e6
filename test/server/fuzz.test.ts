import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { digest } from '../../src/hub/accounts/accounts.js';
import { createItem, reviewItem, submitItem } from '../../src/hub/library/library.js';
import { seedExamples } from '../../src/hub/seed.js';
import { buildApp, SESSION_COOKIE } from '../../src/server/app.js';
import { freshHub, newMember } from '../helpers/db.js';

/**
 * Generated requests across the whole API: any route, path parameters from real ids to garbage, query strings of any
 * bytes, bodies of any JSON (and some that are not JSON), as a visitor, a member and an administrator. Whatever
 * comes, the answer is never a 5xx. FUZZ_RUNS (default 10,000) sets how many.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const FIELDS = [
  'email', 'password', 'name', 'title', 'summary', 'body', 'type', 'q', 'page', 'pageSize', 'theme', 'region', 'type', 'token', 'newEmail', 'currentPassword',
  'newPassword', 'role', 'decision', 'reason', 'slug', 'itemIds', 'authors', 'keywords', 'themes', 'regions', 'regionCode', 'country', 'affiliations', 'visibility',
  'query', 'code', 'label', 'retired', 'filename', 'format', 'from', 'to', 'facetLimit', 'sort', 'orcid', 'doi', 'url', 'publishedOn', 'evidence', 'links',
  'collectionId', 'relatedIds', 'curatorProfileIds', 'isCommunity', 'listed', 'jobTitle', 'bio', 'expertise', 'disciplines', 'website', 'topic', 'year',
];

let ctx: Awaited<ReturnType<typeof freshHub>>;
let app: FastifyInstance;
let ids: string[];
const userIds = {} as Record<'member' | 'administrator', string>;
const sessions: Record<'member' | 'administrator', { cookie: string; csrf: string }> = {} as never;

async function session(userId: string) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(16).toString('hex');
  await ctx.hub.db.insertInto('sessions').values({ id: digest(token), user_id: userId, csrf_token: csrf, expires_at: new Date(Date.now() + 3600_000), revoked_at: null, ip: null, user_agent: null }).execute();
  return { cookie: `${SESSION_COOKIE}=${app.signCookie(token)}`, csrf };
}

before(async () => {
  ctx = await freshHub('pglite');
  const { hub } = ctx;
  await hub.db.transaction().execute((tx) => seedExamples(tx, 11, 20));
  app = await buildApp({ hub, sessionSecret: 'fuzz-session-secret-fuzz-session-secret', authRateLimit: 1_000_000 });
  const member = await newMember(hub, 'fuzz-member@example.org', 'Fuzz Member');
  const admin = await newMember(hub, 'fuzz-admin@example.org', 'Fuzz Admin');
  await hub.db.insertInto('user_roles').values({ user_id: admin.viewer.userId, role: 'administrator', granted_by: null }).execute();
  const curator = { ...admin.viewer, roles: new Set(['administrator'] as const) };
  const item = await createItem(hub, member.viewer, { type: 'report', title: 'A fuzzed report', summary: 'Something to act on.', themes: ['skills'] });
  await submitItem(hub, member.viewer, item.id);
  await reviewItem(hub, curator, item.id, { decision: 'accept' });
  const profiles = await hub.db.selectFrom('profiles').select('id').limit(3).execute();
  const orgs = await hub.db.selectFrom('organisations').select('id').limit(2).execute();
  ids = [item.id, member.viewer.userId, ...profiles.map((p) => p.id), ...orgs.map((o) => o.id)];
  userIds.member = member.viewer.userId;
  userIds.administrator = admin.viewer.userId;
  sessions.member = await session(member.viewer.userId);
  sessions.administrator = await session(admin.viewer.userId);
});
after(async () => {
  await app?.close();
  await ctx?.database.close();
});

/** Any bytes, percent-encoded: valid UTF-8 or not, NUL included. */
const bytes = fc.uint8Array({ maxLength: 40 }).map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join(''));
const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('', ' ', '\u0000', '\ud800', 'a'.repeat(5000), '../../etc/passwd', '<script>', "' or 1=1 --", '1e309', '-1', '0', 'null', 'true'));
const pathValue = fc.oneof(
  fc.constantFrom(...['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '', '..', '%00', 'x'.repeat(300), 'story-bank', 'theme', 'technology', 'administrator']),
  fc.integer({ min: 0, max: 1_000 }).map(String),
  bytes,
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }).map((o) => ({ json: JSON.stringify(o) })),
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ json: JSON.stringify(v) })),
  fc.string({ maxLength: 60 }).map((s) => ({ json: s })), // mostly not JSON
  fc.constant({ json: undefined as string | undefined }),
);
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 }).map(encodeURIComponent)), fc.oneof(bytes, text.map((t) => { try { return encodeURIComponent(t); } catch { return '%ff'; } }))), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

test(`${RUNS.toLocaleString('en-GB')} generated requests across the API: no 5xx`, { timeout: 30 * 60_000 }, async () => {
  const routes = app.routeList.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
  assert.ok(routes.length > 60);
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: routes.length - 1 }),
      fc.array(fc.oneof(pathValue, fc.constantFrom(...ids)), { minLength: 3, maxLength: 3 }),
      query,
      body,
      fc.constantFrom('visitor', 'member', 'administrator', 'administrator'),
      fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/octet-stream', undefined),
      async (r, params, q, b, who, contentType) => {
        const route = routes[r];
        let k = 0;
        const url = route.url.replace(/:(\w+)/g, () => params[k++ % params.length]) + (q ? `?${q}` : '');
        const headers: Record<string, string> = {};
        if (who !== 'visitor') Object.assign(headers, { cookie: sessions[who].cookie, 'x-csrf-token': sessions[who].csrf });
        if (contentType && b.json !== undefined) headers['content-type'] = contentType;
        const res = await app.inject({ method: route.method as 'GET', url, headers, ...(b.json !== undefined && route.method !== 'GET' && { payload: b.json }) });
        sent++;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500) failures.push(`${route.method} ${url} (${who}, ${contentType}) ${b.json?.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        // a request may have closed the session (sign-out, a password change): open another
        if (res.statusCode === 401 && who !== 'visitor') sessions[who] = await session(userIds[who]);
        return true; // every 5xx is collected and listed below (fast-check would stop at the first and shrink it)
      },
    ),
    { numRuns: RUNS },
  );
  const summary = [...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  process.stdout.write(`# fuzz: ${sent.toLocaleString('en-GB')} requests over ${routes.length} routes; statuses ${summary}\n`);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} responses of 5xx`);
  assert.ok(sent >= RUNS, `${sent} requests sent`);
});
