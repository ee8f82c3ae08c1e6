import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { digest } from '../../src/hub/accounts/accounts.js';
import { ROLES, type Role } from '../../src/hub/platform/access.js';
import type { Hub } from '../../src/hub/platform/context.js';
import { SESSION_COOKIE } from '../../src/server/app.js';

/** A signed session cookie and its CSRF token, written straight into the sessions table (valid an hour by the hub's clock). */
export async function sessionFor(hub: Hub, app: FastifyInstance, userId: string) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(16).toString('hex');
  await hub.db.insertInto('sessions').values({ id: digest(token), user_id: userId, csrf_token: csrf, expires_at: new Date(hub.now().getTime() + 3600_000), revoked_at: null, ip: null, user_agent: null }).execute();
  return { cookie: `${SESSION_COOKIE}=${app.signCookie(token)}`, csrf };
}

/** One route of a permission matrix: who may call it, and how (its URL, body and headers for each role). */
export interface MatrixEntry<C> {
  allowed: readonly Role[];
  url?: (c: C, role: Role) => string;
  body?: (c: C, role: Role) => unknown;
  headers?: Record<string, string>;
  /** Allowed requests that carry a bogus one-time token answer 400 on the token, past the permission check. */
  expect?: number;
  /** What a signed-in user who may not do it gets, when not 403 (404: what they may not see does not exist for them). */
  denied?: number;
  /** The same, for some roles only. */
  deniedFor?: Partial<Record<Role, number>>;
}

/**
 * Calls a route as every role: allowed, a 2xx (or `expect`); refused, 401 for a visitor and 403 (or `denied`) for a
 * signed-in user; every refusal in the API's error shape.
 */
export async function assertRouteAsEveryRole<C>(hub: Hub, app: FastifyInstance, route: string, entry: MatrixEntry<C>, c: C, userOf: (role: Role) => string): Promise<void> {
  const [method, pattern] = route.split(' ');
  for (const role of ROLES) {
    const headers: Record<string, string> = {};
    if (role !== 'visitor') {
      const s = await sessionFor(hub, app, userOf(role));
      headers.cookie = s.cookie;
      headers['x-csrf-token'] = s.csrf;
    }
    Object.assign(headers, entry.headers);
    const body = entry.body?.(c, role);
    const res = await app.inject({ method: method as 'GET', url: entry.url?.(c, role) ?? pattern, headers, ...(body !== undefined && { payload: body as object }) });
    const allowed = entry.allowed.includes(role);
    const want = allowed ? (entry.expect ?? '2xx') : role === 'visitor' ? 401 : (entry.deniedFor?.[role] ?? entry.denied ?? 403);
    const ok = want === '2xx' ? res.statusCode >= 200 && res.statusCode < 300 : res.statusCode === want;
    assert.ok(ok, `${route} as ${role}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (res.statusCode >= 400) assert.ok(JSON.parse(res.body).error.code, 'error shape');
  }
}
