/**
 * A database built at each earlier migration, with representative rows (test/fixtures/migrations/*.sql, each
 * applied from its own migration on), upgrades to the latest schema with its data intact, and the latest
 * migration's data fixes applied. On PGlite and on the PostgreSQL server when there is one.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/db/connection.js';
import { migrate, migrateTo, migrationNames } from '../../src/db/migrations.js';
import { fixture } from '../helpers/fixtures.js';
import { BACKENDS, freshDatabase } from '../helpers/db.js';

const SNAPSHOTS = readdirSync(fixture('migrations'))
  .filter((f) => f.endsWith('.sql'))
  .sort()
  .map((f) => ({ from: f.replace(/\.sql$/, ''), sql: readFileSync(fixture('migrations', f), 'utf8') }));

/** The rows the test compares before and after, table by table, as JSON text (ids, names, values). */
async function contents(database: Database): Promise<Record<string, string[]>> {
  const tables = ['users', 'user_roles', 'sessions', 'tokens', 'outbox', 'audit_log', 'organisations', 'profiles', 'profile_terms', 'affiliations', 'library_items', 'library_item_terms', 'library_versions', 'library_reviews', 'library_attachments', 'collections', 'collection_items', 'collection_curators', 'library_features', 'saved_searches'];
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const exists = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = ${t}`.execute(database.db);
    if (exists.rows[0].n === 0) continue;
    const rows = await sql<{ row: string }>`select row_to_json(x)::text as row from ${sql.table(t)} x`.execute(database.db);
    out[t] = rows.rows.map((r) => r.row).sort();
  }
  return out;
}

/** A row's JSON without the columns an upgrade is meant to add or change (checked on their own below). */
function stable(rows: string[] | undefined, drop: string[]): string[] {
  return (rows ?? []).map((r) => {
    const o = JSON.parse(r);
    for (const k of drop) delete o[k];
    return JSON.stringify(o);
  }).sort();
}

/** 0007_hardening's data fixes, seen on the representative rows. */
async function assertHardeningFixes(database: Database): Promise<void> {
  const org = await database.db.selectFrom('organisations').select('region_code').where('id', '=', '33333333-3333-4333-8333-333333333333').executeTakeFirstOrThrow();
  assert.equal(org.region_code, 'TLL2');
  const example = await database.db.selectFrom('profiles').select(['region_code', 'facets_public']).where('id', '=', '66666666-6666-4666-8666-666666666666').executeTakeFirstOrThrow();
  assert.equal(example.region_code, 'TLL2');
  assert.ok(example.facets_public.includes('region:TLL2'));
  const ada = await database.db.selectFrom('profiles').select(['name', 'bio', 'orcid']).where('id', '=', '55555555-5555-4555-8555-555555555555').executeTakeFirstOrThrow();
  assert.deepEqual(ada, { name: 'Ada Lovelace', bio: 'Notes on the engine.', orcid: '0000-0002-1825-0097' });
  const demo = await database.db.selectFrom('profiles').select('listed').where('id', '=', '77777777-7777-4777-8777-777777777777').executeTakeFirstOrThrow();
  assert.equal(demo.listed, false);
  const user = await database.db.selectFrom('users').select(['email', 'failed_logins', 'last_failed_at']).where('id', '=', '22222222-2222-4222-8222-222222222222').executeTakeFirstOrThrow();
  assert.deepEqual(user, { email: 'admin@example.org', failed_logins: 2, last_failed_at: null });
}

const CHANGED_BY_UPGRADES = ['last_failed_at', 'described', 'region_code', 'facets_public', 'facets_members', 'listed', 'name', 'filename', 'updated_at'];
/** Columns later migrations add to existing tables, empty on the rows written before them (0010: a message's HTML part, headers and attachments). */
const ADDED_BY_UPGRADES: Record<string, string[]> = { outbox: ['body_html', 'headers', 'attachments'] };

for (const backend of BACKENDS) {
  describe(`migrations: an earlier database upgrades with its data (${backend})`, () => {
    for (const start of migrationNames.slice(0, -1)) {
      test(`from ${start}`, async () => {
        const database = await freshDatabase(backend, { migrate: false });
        try {
          await migrateTo(database.db, start);
          const applied = SNAPSHOTS.filter((s) => s.from <= start);
          assert.ok(applied.length > 0);
          for (const s of applied) await sql.raw(s.sql).execute(database.db);
          const before = await contents(database);
          await migrate(database.db);
          const after = await contents(database);
          // every row of every table is still there, unchanged but for what the upgrades set out to change
          for (const [table, rows] of Object.entries(before)) {
            assert.equal(after[table]?.length, rows.length, `${table}: ${rows.length} rows before, ${after[table]?.length} after`);
            const added = ADDED_BY_UPGRADES[table] ?? [];
            assert.deepEqual(stable(after[table], [...CHANGED_BY_UPGRADES, ...added]), stable(rows, CHANGED_BY_UPGRADES), table);
            for (const r of after[table] ?? []) {
              const o = JSON.parse(r);
              for (const k of added) assert.equal(o[k], null, `${table}.${k} is empty on an upgraded row`);
            }
          }
          // 0007's fixes: the example organisation and profile moved from TLL5 to TLL2 (with the profile's facets);
          // control characters gone from names and file names; the demo administrator unlisted; grant records marked. A database already at 0007 or later
          // had them applied before these rows were written, so from there the rows only have to come through whole.
          if (start < '0007_hardening') await assertHardeningFixes(database);
          if (start >= '0005_library' && start < '0007_hardening') {
            const items = await database.db.selectFrom('library_items').select(['id', 'described']).orderBy('id').execute();
            assert.deepEqual(items.map((i) => i.described), [true, false]); // the Gateway to Research record is not described
            const file = await database.db.selectFrom('library_attachments').select('filename').executeTakeFirstOrThrow();
            assert.equal(file.filename, 'datatxt.csv');
          }
          // the upgraded database answers the latest code's queries
          const cards = await sql<{ name: string }>`select name from profile_cards(${['55555555-5555-4555-8555-555555555555']}::uuid[])`.execute(database.db);
          // (a database written after 0007 keeps the name as it was given; the service strips such characters on input)
          assert.deepEqual(cards.rows.map((r) => r.name.replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')), ['Ada Lovelace']);
        } finally {
          await database.close();
        }
      });
    }
  });
}
