import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/db/connection.js';
import { migrate, migrationNames } from '../../src/db/migrations.js';
import { exportDatabase, importDatabase } from '../../src/db/transfer.js';
import { UserError } from '../../src/errors.js';
import { signUp } from '../../src/hub/accounts/accounts.js';
import { createHub } from '../../src/hub/platform/context.js';
import { outboxMailer } from '../../src/hub/platform/mail.js';
import { seed } from '../../src/hub/seed.js';
import { BACKENDS, freshDatabase, SERVER_URL } from '../helpers/db.js';

const dir = mkdtempSync(join(tmpdir(), 'proximity-db-'));
/** An export without its header and trailer (which hold its time and its checksum), for comparing two exports. */
const body = (path: string) => readFileSync(path, 'utf8').split('\n').slice(1, -2).join('\n');

for (const backend of BACKENDS) {
  describe(`database (${backend})`, () => {
    let source: Awaited<ReturnType<typeof freshDatabase>>;
    before(async () => {
      source = await freshDatabase(backend);
      const hub = createHub({ db: source.db, mailer: outboxMailer(), baseUrl: 'http://proximity.test' });
      await seed(hub, { examples: true });
    });
    after(() => source.close());

    test('migrating again changes nothing', async () => {
      const again = await migrate(source.db);
      assert.deepEqual(again.results, []);
    });

    test('the audit log is append-only', async () => {
      await assert.rejects(sql`update audit_log set action = 'x'`.execute(source.db), /append-only/);
      await assert.rejects(sql`delete from audit_log`.execute(source.db), /append-only/);
    });

    test('export → import into an empty database → export gives the same file', async () => {
      const first = join(dir, `${backend}-1.jsonl`);
      const second = join(dir, `${backend}-2.jsonl`);
      const counts = await exportDatabase(source.db, first);
      assert.equal(counts.profiles, 121);
      assert.equal(counts.organisations, 12 + 9); // the example organisations and the library's publishers
      for (const target of BACKENDS) {
        const copy = await freshDatabase(target);
        try {
          await importDatabase(copy.db, first);
          await exportDatabase(copy.db, second);
          assert.equal(body(second), body(first), `${backend} → ${target}`);
          // the copy works: a new audit entry gets the next id
          await sql`insert into audit_log (action, entity_type) values ('test', 'test')`.execute(copy.db);
        } finally {
          await copy.close();
        }
      }
    });

    test('a bad export line is reported with its line, and nothing is written', async () => {
      const good = readFileSync(join(dir, `${backend}-1.jsonl`), 'utf8').split('\n');
      const bad = join(dir, `${backend}-bad.jsonl`);
      writeFileSync(bad, [...good.slice(0, 40), '{"table": "profiles", "row": {"nonsense": 1}}', ...good.slice(40)].join('\n'));
      const target = await freshDatabase(backend);
      try {
        await assert.rejects(importDatabase(target.db, bad), (e: unknown) => e instanceof UserError && e.where?.line === 41 && e.where?.field === 'nonsense');
        const users = await sql<{ n: number }>`select count(*)::int as n from users`.execute(target.db);
        assert.equal(users.rows[0].n, 0);
        writeFileSync(bad, '{"hello": 1}\n');
        await assert.rejects(importDatabase(target.db, bad), /not a Proximity export/);
      } finally {
        await target.close();
      }
    });

    test('an incomplete, empty, altered or old export is refused, and nothing is written', async () => {
      const good = readFileSync(join(dir, `${backend}-1.jsonl`), 'utf8');
      const lines = good.split('\n');
      const bad = join(dir, `${backend}-cut.jsonl`);
      const refused = async (text: string, pattern: RegExp) => {
        writeFileSync(bad, text);
        const target = await freshDatabase(backend);
        try {
          await assert.rejects(importDatabase(target.db, bad), (e: unknown) => e instanceof UserError && pattern.test(e.toString()));
          const n = await sql<{ n: number }>`select (select count(*) from users) + (select count(*) from profiles) + (select count(*) from library_items) as n`.execute(target.db);
          assert.equal(Number(n.rows[0].n), 0, 'nothing written');
        } finally {
          await target.close();
        }
      };
      // cut at half: the rows are valid, but the trailer is missing
      await refused(lines.slice(0, Math.floor(lines.length / 2)).join('\n') + '\n', /without the trailer an export ends with: it is incomplete/);
      // cut mid-line
      await refused(good.slice(0, Math.floor(good.length * 0.7)), /not a JSON line|incomplete/);
      await refused('', /the file is empty/);
      // one row fewer: the trailer's counts disagree
      const versionLine = lines.findIndex((l) => l.startsWith('{"table":"library_versions"'));
      const versions = JSON.parse(lines.at(-2)!).trailer.rows.library_versions;
      await refused([...lines.slice(0, versionLine), ...lines.slice(versionLine + 1)].join('\n'), new RegExp(`trailer says table library_versions has ${versions} rows but the file holds ${versions - 1}`));
      // one value changed: the checksum disagrees
      await refused(good.replace('"Ada', '"Eve').replace(/"name":"([^"]*)"/, '"name":"$1 changed"'), /checksum in the trailer does not match/);
      // a version-1 export (no trailer)
      await refused(lines[0].replace('"version":2', '"version":1') + '\n', /written by an earlier Proximity, without the trailer/);
    });

    test('the export is readable by its owner only, and carries no one-time links', async () => {
      assert.equal(statSync(join(dir, `${backend}-1.jsonl`)).mode & 0o777, 0o600);
      // a sign-up leaves a live verification link: its token row, and an outbox message holding it
      await signUp(createHub({ db: source.db, mailer: outboxMailer(), baseUrl: 'http://proximity.test' }), { email: `secret-${backend}@example.org`, password: 'a long enough passphrase', name: 'Secret' });
      const first = join(dir, `${backend}-secrets.jsonl`);
      await exportDatabase(source.db, first);
      const records = readFileSync(first, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.ok(records.some((r) => r.table === 'outbox'), 'the outbox rows travel');
      assert.ok(records.filter((r) => r.table === 'outbox').every((r) => r.row.body_text === null), 'without their bodies');
      assert.ok(!records.some((r) => r.table === 'tokens'));
      assert.deepEqual(records[0].leftOut, ['tokens', 'email_confirmations', 'outbox.body_text', 'outbox.body_html']);
      assert.equal(records.at(-1).trailer.rows.profiles, 122);
      // an existing world-readable file is replaced by an owner-only one
      const again = join(dir, `${backend}-again.jsonl`);
      writeFileSync(again, 'old', { mode: 0o644 });
      await exportDatabase(source.db, again);
      assert.equal(statSync(again).mode & 0o777, 0o600);
    });

    test('a value the database refuses is reported with its line and column', async () => {
      const lines = readFileSync(join(dir, `${backend}-1.jsonl`), 'utf8').split('\n');
      const i = lines.findIndex((l) => l.startsWith('{"table":"organisations"'));
      const row = JSON.parse(lines[i]);
      row.row.id = 'not-a-uuid';
      lines[i] = JSON.stringify(row);
      const bad = join(dir, `${backend}-uuid.jsonl`);
      writeFileSync(bad, lines.join('\n'));
      const target = await freshDatabase(backend);
      try {
        await assert.rejects(importDatabase(target.db, bad), (e: unknown) => e instanceof UserError && e.where?.line === i + 1 && e.where?.field === 'id' && /uuid/.test(e.message));
      } finally {
        await target.close();
      }
    });

    test('import refuses a database that has data', async () => {
      await assert.rejects(importDatabase(source.db, join(dir, `${backend}-1.jsonl`)), /not empty/);
    });
  });
}

test('two servers starting at once migrate once (the migrator holds a lock)', { skip: SERVER_URL ? false : 'needs TEST_DATABASE_URL' }, async () => {
  const name = `proximity_race_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const u = new URL(SERVER_URL!);
  u.pathname = `/${name}`;
  const a = await openDatabase({ databaseUrl: u.toString(), migrate: false });
  const b = await openDatabase({ databaseUrl: u.toString(), migrate: false });
  try {
    const [ra, rb] = await Promise.all([migrate(a.db), migrate(b.db)]);
    const applied = [...(ra.results ?? []), ...(rb.results ?? [])].filter((r) => r.status === 'Success');
    // each migration ran exactly once, by one of the two
    assert.deepEqual(applied.map((r) => r.migrationName).sort(), [...migrationNames].sort());
  } finally {
    await a.close();
    await b.close();
    await admin.query(`drop database ${name}`);
    await admin.end();
  }
});

test('PGlite keeps its data across restarts', async () => {
  const dataDir = join(dir, 'pglite-restart');
  const first = await openDatabase({ dataDir });
  await sql`insert into taxonomy_terms (taxonomy, code, label, source) values ('theme', 'kept', 'Kept', 'test')`.execute(first.db);
  await first.close();
  const second = await openDatabase({ dataDir });
  const r = await sql<{ label: string }>`select label from taxonomy_terms where code = 'kept'`.execute(second.db);
  assert.equal(r.rows[0]?.label, 'Kept');
  await second.close();
});
