import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '../../src/hub/access.js';
import { digest } from '../../src/hub/accounts.js';
import type { Hub } from '../../src/hub/context.js';
import { seedExamples } from '../../src/hub/seed.js';
import { buildApp, LOG_SERIALIZERS, SESSION_COOKIE } from '../../src/server/app.js';
import { freshHub, linkToken, newMember, PASSWORD } from '../helpers/db.js';

const SECRET = 'test-session-secret-test-session-secret';

async function appFor(hub: Hub, authRateLimit = 100_000, log?: Writable): Promise<FastifyInstance> {
  return buildApp({
    hub,
    sessionSecret: SECRET,
    authRateLimit,
    logger: log ? { level: 'info', serializers: LOG_SERIALIZERS, stream: log, redact: { paths: ['req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' } } : false,
  });
}

/** A signed session cookie and its CSRF token, written straight into the sessions table. */
async function sessionFor(hub: Hub, app: FastifyInstance, userId: string) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(16).toString('hex');
  await hub.db.insertInto('sessions').values({ id: digest(token), user_id: userId, csrf_token: csrf, expires_at: new Date(Date.now() + 3600_000), revoked_at: null, ip: null, user_agent: null }).execute();
  return { cookie: `${SESSION_COOKIE}=${app.signCookie(token)}`, csrf };
}

type Ctx = { users: Record<Role, { userId: string; profileId: string; email: string }>; otherProfile: string; otherUser: string; org: string };
interface Entry {
  allowed: readonly Role[];
  url?: (c: Ctx) => string;
  body?: (c: Ctx, role: Role) => unknown;
  /** Allowed requests that carry a bogus one-time token answer 400 on the token, past the permission check. */
  expect?: number;
}

const EVERYONE = ROLES;
const MEMBERS = ROLES.filter((r) => r !== 'visitor');

/**
 * Every API route × every role. Allowed: a 2xx (or `expect`); refused: 401 for a visitor, 403 for
 * a signed-in user. The list must name every registered route.
 */
const MATRIX: Record<string, Entry> = {
  'GET /api/health': { allowed: EVERYONE },
  'GET /api/ready': { allowed: EVERYONE },
  'GET /api/openapi.json': { allowed: EVERYONE },
  'GET /api/auth/session': { allowed: EVERYONE },
  'POST /api/auth/sign-up': { allowed: EVERYONE, body: () => ({ email: `new-${randomBytes(4).toString('hex')}@example.org`, password: PASSWORD, name: 'New' }) },
  'POST /api/auth/verify-email': { allowed: EVERYONE, body: () => ({ token: 'bogus' }), expect: 400 },
  'POST /api/auth/sign-in': { allowed: EVERYONE, body: (c, r) => ({ email: c.users[r].email, password: PASSWORD }) },
  'POST /api/auth/sign-out': { allowed: EVERYONE },
  'POST /api/auth/sign-out-everywhere': { allowed: MEMBERS },
  'POST /api/auth/password-reset/request': { allowed: EVERYONE, body: () => ({ email: 'someone@example.org' }) },
  'POST /api/auth/password-reset/confirm': { allowed: EVERYONE, body: () => ({ token: 'bogus', password: PASSWORD }), expect: 400 },
  'POST /api/auth/email-change/request': { allowed: MEMBERS, body: (_c, r) => ({ newEmail: `${r}-${randomBytes(3).toString('hex')}@example.net`, password: PASSWORD }) },
  'POST /api/auth/email-change/confirm': { allowed: EVERYONE, body: () => ({ token: 'bogus' }), expect: 400 },
  'POST /api/auth/password': { allowed: MEMBERS, body: () => ({ currentPassword: PASSWORD, newPassword: PASSWORD }) },
  'GET /api/taxonomies': { allowed: EVERYONE },
  'GET /api/summary': { allowed: EVERYONE },
  'GET /api/directory': { allowed: EVERYONE, url: () => '/api/directory?q=robot&region=TLG' },
  'GET /api/me/profile': { allowed: MEMBERS },
  'GET /api/profiles/:id': { allowed: EVERYONE, url: (c) => `/api/profiles/${c.otherProfile}` },
  'PATCH /api/profiles/:id': { allowed: ['administrator'], url: (c) => `/api/profiles/${c.otherProfile}`, body: () => ({ jobTitle: 'Edited' }) },
  'GET /api/organisations': { allowed: EVERYONE },
  'POST /api/organisations': { allowed: MEMBERS, body: (_c, r) => ({ name: `Org of ${r}`, type: 'business', country: 'GB' }) },
  'GET /api/organisations/:id': { allowed: EVERYONE, url: (c) => `/api/organisations/${c.org}` },
  'PATCH /api/organisations/:id': { allowed: ['programme_manager', 'administrator'], url: (c) => `/api/organisations/${c.org}`, body: () => ({ website: 'https://example.org' }) },
  'GET /api/admin/users': { allowed: ['administrator'] },
  'POST /api/admin/users/:id/roles': { allowed: ['administrator'], url: (c) => `/api/admin/users/${c.otherUser}/roles`, body: () => ({ role: 'reviewer' }) },
  'DELETE /api/admin/users/:id/roles/:role': { allowed: ['administrator'], url: (c) => `/api/admin/users/${c.otherUser}/roles/reviewer` },
  'GET /api/admin/audit': { allowed: ['administrator'] },
  'GET /api/admin/outbox': { allowed: ['administrator'] },
};
/** Routes the matrix leaves out on purpose: the static files of the API docs page (public, read-only). */
const NOT_API = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

describe('HTTP API', () => {
  let ctx: Awaited<ReturnType<typeof freshHub>>;
  let app: FastifyInstance;
  let c: Ctx;

  before(async () => {
    ctx = await freshHub('pglite');
    const { hub } = ctx;
    await hub.db.transaction().execute((tx) => seedExamples(tx, 7, 20));
    app = await appFor(hub);
    const users = {} as Ctx['users'];
    for (const role of ROLES) {
      const email = `${role}@example.org`;
      const { viewer } = await newMember(hub, email, `The ${role}`);
      if (role !== 'visitor' && role !== 'member') await hub.db.insertInto('user_roles').values({ user_id: viewer.userId, role, granted_by: null }).execute();
      users[role] = { userId: viewer.userId, profileId: viewer.profileId!, email };
    }
    const other = await newMember(hub, 'other@example.org', 'Other Person');
    const org = await hub.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
    c = { users, otherProfile: other.viewer.profileId!, otherUser: other.viewer.userId, org: org.id };
  });
  after(async () => {
    await app.close();
    await ctx.database.close();
  });

  test('the permission matrix names every API route', () => {
    const registered = app.routeList.filter((r) => r.url.startsWith('/api/') && !NOT_API(r.url)).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual([...new Set(registered)].sort(), Object.keys(MATRIX).sort());
  });

  for (const [route, entry] of Object.entries(MATRIX)) {
    test(`permissions: ${route}`, async () => {
      const [method, pattern] = route.split(' ');
      for (const role of ROLES) {
        const headers: Record<string, string> = {};
        if (role !== 'visitor') {
          const s = await sessionFor(ctx.hub, app, c.users[role].userId);
          headers.cookie = s.cookie;
          headers['x-csrf-token'] = s.csrf;
        }
        const res = await app.inject({ method: method as 'GET', url: entry.url?.(c) ?? pattern, headers, ...(entry.body && { payload: entry.body(c, role) as object }) });
        const allowed = entry.allowed.includes(role);
        const want = allowed ? (entry.expect ?? '2xx') : role === 'visitor' ? 401 : 403;
        const ok = want === '2xx' ? res.statusCode >= 200 && res.statusCode < 300 : res.statusCode === want;
        assert.ok(ok, `${route} as ${role}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (res.statusCode >= 400) assert.ok(JSON.parse(res.body).error.code, 'error shape');
      }
    });
  }

  test('bad input: 400 naming the field, never a 500', async () => {
    const s = await sessionFor(ctx.hub, app, c.users.member.userId);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const patch = (payload: string | object) => app.inject({ method: 'PATCH', url: `/api/profiles/${c.users.member.profileId}`, headers: { ...headers, 'content-type': 'application/json' }, payload });
    let res = await patch({ orcid: '0000-0002-1825-0098' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details.issues[0].field, 'orcid');
    res = await patch({ links: [{ label: 'x', url: 'ftp://x' }] });
    assert.equal(res.json().error.details.issues[0].field, 'links.0.url'.replace('.0', '[0]'));
    res = await patch({ favouriteColour: 'blue' });
    assert.equal(res.statusCode, 400);
    res = await patch('{"name": ');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'bad_request');
    res = await app.inject({ method: 'GET', url: '/api/directory?pageSize=100000' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details.issues[0].field, 'pageSize');
    res = await app.inject({ method: 'GET', url: '/api/profiles/not-a-uuid' });
    assert.equal(res.statusCode, 404);
    res = await app.inject({ method: 'GET', url: '/api/nowhere' });
    assert.deepEqual(Object.keys(res.json().error).sort(), ['code', 'message']);
  });

  test('CSRF: a cookie-authenticated write needs the session token header and our origin', async () => {
    const s = await sessionFor(ctx.hub, app, c.users.member.userId);
    const url = `/api/profiles/${c.users.member.profileId}`;
    let res = await app.inject({ method: 'PATCH', url, headers: { cookie: s.cookie }, payload: { jobTitle: 'x' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'csrf');
    res = await app.inject({ method: 'PATCH', url, headers: { cookie: s.cookie, 'x-csrf-token': 'guess' }, payload: { jobTitle: 'x' } });
    assert.equal(res.statusCode, 403);
    res = await app.inject({ method: 'PATCH', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'https://evil.example' }, payload: { jobTitle: 'x' } });
    assert.equal(res.statusCode, 403);
    res = await app.inject({ method: 'PATCH', url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'http://localhost:80' }, payload: { jobTitle: 'x' } });
    assert.equal(res.statusCode, 200);
    // a cookie with a forged signature is ignored: the request is a visitor's
    res = await app.inject({ method: 'GET', url: '/api/me/profile', headers: { cookie: `${SESSION_COOKIE}=${s.cookie.split('=')[1].slice(0, -3)}abc` } });
    assert.equal(res.statusCode, 401);
  });

  test('sign-in over HTTP: httpOnly SameSite cookie, a new session each time (no fixation)', async () => {
    const first = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'member@example.org', password: PASSWORD } });
    const cookie = first.headers['set-cookie'] as string;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const jar = cookie.split(';')[0];
    const second = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { cookie: jar, 'x-csrf-token': first.json().csrfToken }, payload: { email: 'member@example.org', password: PASSWORD } });
    assert.notEqual((second.headers['set-cookie'] as string).split(';')[0], jar);
    const old = await app.inject({ method: 'GET', url: '/api/me/profile', headers: { cookie: jar } });
    assert.equal(old.statusCode, 401);
  });

  test('security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  test('the OpenAPI document describes the routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/directory'].get.parameters.some((p: { name: string }) => p.name === 'discipline'));
    assert.ok(doc.paths['/api/profiles/{id}'].patch);
  });
});

test('sign-in is rate limited per address', async () => {
  const ctx = await freshHub('pglite');
  const app = await appFor(ctx.hub, 3);
  try {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'x@example.org', password: 'whatever1234' } })).statusCode);
    assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'x@example.org', password: 'whatever1234' } });
    assert.equal(res.json().error.code, 'rate_limited');
  } finally {
    await app.close();
    await ctx.database.close();
  }
});

test('no password or token reaches the logs', async () => {
  const ctx = await freshHub('pglite');
  let logs = '';
  const sink = new Writable({ write: (chunk, _e, done) => ((logs += chunk.toString()), done()) });
  const app = await appFor(ctx.hub, 1000, sink);
  try {
    const secret = 'a very secret passphrase';
    await app.inject({ method: 'POST', url: '/api/auth/sign-up', payload: { email: 'log@example.org', password: secret, name: 'Log' } });
    const verify = await linkToken(ctx.hub, 'log@example.org', '/verify-email');
    await app.inject({ method: 'GET', url: `/verify-email?token=${verify}` });
    await app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token: verify } });
    const signIn = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'log@example.org', password: secret } });
    const cookie = (signIn.headers['set-cookie'] as string).split(';')[0];
    await app.inject({ method: 'GET', url: '/api/me/profile', headers: { cookie } });
    await app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'log@example.org' } });
    const reset = await linkToken(ctx.hub, 'log@example.org', '/reset-password');
    await app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token: reset, password: 'another long secret' } });
    assert.ok(logs.includes('/api/auth/sign-in'), 'requests are logged');
    for (const s of [secret, 'another long secret', verify, reset, cookie.split('=')[1], signIn.json().csrfToken]) {
      assert.ok(!logs.includes(s), `a secret reached the logs: ${s.slice(0, 6)}…`);
    }
  } finally {
    await app.close();
    await ctx.database.close();
  }
});
