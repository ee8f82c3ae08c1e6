import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { migrationNames } from '../../src/db/migrations.js';
import { runCli, scratch } from '../helpers/cli.js';

const { dir: tmp } = scratch('proximity-platform-cli-');
const run = (args: string[], input?: string) => runCli(args, { input, env: { ...process.env, DATABASE_URL: '' } });

describe('proximity db / users (PGlite)', () => {
  const a = join(tmp, 'a');
  const b = join(tmp, 'b');

  it('migrate, create an administrator, export, import into a new data directory, export again: the same data', () => {
    let r = run(['db', 'migrate', '--data-dir', a]);
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.includes(`applied ${migrationNames.join(', ')}; reference lists: 69 discipline, 21 sector, 53 region, 10 theme`), r.out);
    assert.ok(migrationNames.length >= 4 && migrationNames[0] === '0001_foundation');
    r = run(['users', 'create-admin', '--data-dir', a, '--email', 'Chief@Example.org', '--name', 'Chief', '--password-stdin'], 'a sound password\n');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /created administrator/);
    r = run(['db', 'export', '--data-dir', a, join(tmp, 'one.jsonl')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /exported 1 hub_settings, 1 users, 1 user_roles/);
    r = run(['db', 'import', '--data-dir', b, join(tmp, 'one.jsonl')]);
    assert.equal(r.code, 0, r.err);
    r = run(['db', 'export', '--data-dir', b, join(tmp, 'two.jsonl')]);
    const body = (f: string) => readFileSync(join(tmp, f), 'utf8').split('\n').slice(1, -2).join('\n'); // without header and trailer
    assert.equal(body('two.jsonl'), body('one.jsonl'));
  });

  it('user mistakes exit 2 with the field or file named, no stack trace', () => {
    let r = run(['users', 'create-admin', '--data-dir', a, '--email', 'not-an-email', '--password-stdin'], 'a sound password');
    assert.equal(r.code, 2);
    assert.match(r.err, /email: is not an email address/);
    assert.doesNotMatch(r.err, /\n\s+at /);
    r = run(['db', 'import', '--data-dir', a, join(tmp, 'one.jsonl')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /one\.jsonl: the database is not empty/);
    // a truncated export, and a bad id: the file and line, exit 2, nothing written
    const lines = readFileSync(join(tmp, 'one.jsonl'), 'utf8').split('\n');
    writeFileSync(join(tmp, 'cut.jsonl'), lines.slice(0, 5).join('\n') + '\n');
    r = run(['db', 'import', '--data-dir', join(tmp, 'c'), join(tmp, 'cut.jsonl')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /cut\.jsonl:5: the file ends at line 5 without the trailer/);
    const i = lines.findIndex((l) => l.startsWith('{"table":"user_roles"'));
    writeFileSync(join(tmp, 'uuid.jsonl'), lines.map((l, k) => (k === i ? l.replace(/"user_id":"[^"]+"/, '"user_id":"12345"') : l)).join('\n'));
    r = run(['db', 'import', '--data-dir', join(tmp, 'd'), join(tmp, 'uuid.jsonl')]);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`uuid\\.jsonl:${i + 1}: user_roles: invalid input syntax for type uuid: "12345" \\(user_id\\)`));
    assert.doesNotMatch(r.err, /\n\s+at /);
    r = run(['serve', '--data-dir', a, '--database-url', 'mysql://nope']);
    assert.equal(r.code, 2);
    assert.match(r.err, /DATABASE_URL/);
  });
});
