import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/connection.js';
import { createHub, type Hub } from '../../src/hub/platform/context.js';
import { outboxMailer } from '../../src/hub/platform/mail.js';
import { loadReferenceData } from '../../src/hub/taxonomy/taxonomy.js';
import { ensureMechanisms } from '../../src/hub/programmes/mechanisms.js';
import { ensureEventTypes } from '../../src/hub/events/event-types.js';

/**
 * The database tests run on every backend: PGlite always, and the PostgreSQL server named by
 * TEST_DATABASE_URL (`.ci/run` starts one). In CI a missing server is an error, not a skip.
 */
export type Backend = 'pglite' | 'postgres';
export const SERVER_URL = process.env.TEST_DATABASE_URL;
if (process.env.CI === 'true' && !SERVER_URL) throw new Error('CI: TEST_DATABASE_URL is not set; .ci/run starts a PostgreSQL cluster for the database tests');
export const BACKENDS: Backend[] = SERVER_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A new, empty, migrated database on the backend (unmigrated with `migrate: false`); `close` drops it. */
export async function freshDatabase(backend: Backend, { migrate = true }: { migrate?: boolean } = {}): Promise<Database> {
  if (backend === 'pglite') return openDatabase({ dataDir: 'memory', migrate });
  const name = `proximity_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), migrate });
  return {
    ...database,
    async close() {
      await database.close();
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      // the pool's clients may still be closing: a forced drop would kill them mid-goodbye, and their
      // error would surface in whichever test runs next, so wait (briefly) for their backends to go
      for (let i = 0; i < 100; i++) {
        const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (r.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A hub on a fresh database with the reference lists loaded, and a clock the test can move. */
export async function freshHub(backend: Backend): Promise<{ hub: Hub; database: Database; clock: { advance(ms: number): void } }> {
  const database = await freshDatabase(backend);
  await loadReferenceData(database.db);
  await ensureMechanisms(database.db);
  await ensureEventTypes(database.db);
  let offset = 0;
  const hub = createHub({ db: database.db, mailer: outboxMailer(), baseUrl: 'http://proximity.test', now: () => new Date(Date.now() + offset) });
  return { hub, database, clock: { advance: (ms) => (offset += ms) } };
}

/** The token in the newest outbox message to `to` whose body links to `path`. */
export async function linkToken(hub: Hub, to: string, path: string): Promise<string> {
  const rows = await hub.db.selectFrom('outbox').select('body_text').where('to_address', '=', to).orderBy('created_at', 'desc').execute();
  for (const r of rows) {
    const m = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(r.body_text ?? '');
    if (m) return m[1];
  }
  throw new Error(`no ${path} link in the outbox for ${to}`);
}

import * as accounts from '../../src/hub/accounts/accounts.js';
import type { GrantedRole, Viewer } from '../../src/hub/platform/access.js';

export const PASSWORD = 'correct horse battery';

/** Signs up, verifies through the outbox link and signs in: a member with a session. */
export async function newMember(hub: Hub, email: string, name = email.split('@')[0]): Promise<{ viewer: Viewer & { kind: 'user' }; token: string }> {
  await accounts.signUp(hub, { email, password: PASSWORD, name });
  await accounts.verifyEmail(hub, { token: await linkToken(hub, email, '/verify-email') });
  const grant = await accounts.signIn(hub, { email, password: PASSWORD });
  const found = await accounts.viewerFromSession(hub, grant.token);
  return { viewer: found!.viewer as Viewer & { kind: 'user' }, token: grant.token };
}

/** A signed-in viewer holding the roles (written straight into user_roles). */
export async function withRoles(hub: Hub, email: string, roles: GrantedRole[]): Promise<Viewer & { kind: 'user' }> {
  const { viewer } = await newMember(hub, email);
  for (const role of roles) await hub.db.insertInto('user_roles').values({ user_id: viewer.userId, role, granted_by: null }).execute();
  return { ...viewer, roles: new Set(roles) };
}
