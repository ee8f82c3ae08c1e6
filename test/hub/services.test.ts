/**
 * Hub code that no other test reaches directly: granting and revoking roles, deleting library items, editing
 * organisations, the disk file store and the SMTP mailer (against a real SMTP server on loopback).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { GrantedRole } from '../../src/hub/platform/access.js';
import { uploadAttachment } from '../../src/hub/library/attachments.js';
import { diskStore } from '../../src/hub/platform/files.js';
import { createItem, deleteItem, getItem, reviewItem, submitItem } from '../../src/hub/library/library.js';
import { smtpMailer } from '../../src/hub/platform/mail.js';
import { createOrganisation, updateOrganisation } from '../../src/hub/directory/organisations.js';
import { grantRole, revokeRole } from '../../src/hub/accounts/users.js';
import { BACKENDS, freshHub, newMember, withRoles } from '../helpers/db.js';
import { refusedWith } from '../helpers/hub.js';


for (const backend of BACKENDS) {
  describe(`hub services (${backend})`, () => {
    let ctx: Awaited<ReturnType<typeof freshHub>>;
    before(async () => {
      ctx = await freshHub(backend);
    });
    after(async () => {
      await ctx.database.close();
    });

    test('roles: an administrator grants and revokes, audited; the last administrator stays; others may not', async () => {
      const { hub } = ctx;
      const admin = await withRoles(hub, 'admin@example.org', ['administrator']);
      const curator = await withRoles(hub, 'curator@example.org', ['curator']);
      const { viewer: member } = await newMember(hub, 'member@example.org');
      assert.deepEqual(await grantRole(hub, admin, member.userId, { role: 'reviewer' }), ['reviewer']);
      assert.deepEqual(await grantRole(hub, admin, member.userId, { role: 'reviewer' }), ['reviewer']); // twice: once
      assert.deepEqual(await grantRole(hub, admin, member.userId, { role: 'curator' }), ['curator', 'reviewer']);
      assert.deepEqual(await revokeRole(hub, admin, member.userId, { role: 'reviewer' }), ['curator']);
      assert.deepEqual(await revokeRole(hub, admin, member.userId, { role: 'reviewer' }), ['curator']); // not held: no change
      const audit = await hub.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', member.userId).where('action', 'like', 'role.%').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['role.grant', 'role.grant', 'role.revoke']);
      // the only administrator cannot lose the role; with a second one, either can go
      await refusedWith(revokeRole(hub, admin, admin.userId, { role: 'administrator' }), 'conflict');
      await grantRole(hub, admin, curator.userId, { role: 'administrator' });
      assert.deepEqual(await revokeRole(hub, admin, admin.userId, { role: 'administrator' }), []);
      // a curator may not manage roles; bad input and unknown users are refused
      await refusedWith(grantRole(hub, { ...member, roles: new Set(['curator']) }, curator.userId, { role: 'reviewer' }), 'forbidden');
      const newAdmin = { ...curator, roles: new Set<GrantedRole>(['curator', 'administrator']) };
      await refusedWith(grantRole(hub, newAdmin, member.userId, { role: 'owner' }), 'validation');
      await refusedWith(grantRole(hub, newAdmin, randomUUID(), { role: 'reviewer' }), 'not_found');
      await refusedWith(revokeRole(hub, newAdmin, 'not-a-uuid', { role: 'reviewer' }), 'not_found');
    });

    test('deleting items: an author their own draft, an administrator any item; its files go from the store', async () => {
      const { hub } = ctx;
      const author = (await newMember(hub, 'author@example.org')).viewer;
      const other = (await newMember(hub, 'other@example.org')).viewer;
      const curator = await withRoles(hub, 'curator2@example.org', ['curator']);
      const admin = await withRoles(hub, 'admin2@example.org', ['administrator']);
      const draft = await createItem(hub, author, { type: 'story', title: 'A draft', summary: 'D.' });
      const file = await uploadAttachment(hub, author, draft.id, 'notes.txt', Buffer.from('notes\n'));
      const key = (await hub.db.selectFrom('library_attachments').select('storage_key').where('id', '=', file.id).executeTakeFirstOrThrow()).storage_key;
      assert.equal((await hub.files.get(key)).toString(), 'notes\n');
      // another member does not see the draft; a curator sees it but may not delete it
      await refusedWith(deleteItem(hub, other, draft.id), 'not_found');
      await refusedWith(deleteItem(hub, curator, draft.id), 'forbidden');
      await deleteItem(hub, author, draft.id);
      await refusedWith(getItem(hub, author, draft.id), 'not_found');
      await assert.rejects(hub.files.get(key));
      // a published item: not by its author, by an administrator
      const item = await createItem(hub, author, { type: 'report', title: 'Published', summary: 'P.', themes: ['skills'] });
      await submitItem(hub, author, item.id);
      await reviewItem(hub, curator, item.id, { decision: 'accept' });
      await refusedWith(deleteItem(hub, author, item.id), 'forbidden');
      await deleteItem(hub, admin, item.id);
      await refusedWith(getItem(hub, admin, item.id), 'not_found');
      const audit = await hub.db.selectFrom('audit_log').select('action').where('entity_id', '=', item.id).where('action', '=', 'library.delete').execute();
      assert.equal(audit.length, 1);
    });

    test('organisations: programme managers and administrators edit; members and curators may not; bad fields named', async () => {
      const { hub } = ctx;
      const { viewer: member } = await newMember(hub, 'founder@example.org');
      const org = await createOrganisation(hub, member, { name: 'Widget Works', type: 'business', country: 'GB' });
      const pm = await withRoles(hub, 'pm@example.org', ['programme_manager']);
      const curator = await withRoles(hub, 'curator3@example.org', ['curator']);
      const edited = await updateOrganisation(hub, pm, org.id, { website: 'https://widgets.example.org' });
      assert.equal(edited.website, 'https://widgets.example.org');
      assert.equal(edited.name, 'Widget Works');
      await refusedWith(updateOrganisation(hub, member, org.id, { name: 'Mine now' }), 'forbidden');
      await refusedWith(updateOrganisation(hub, curator, org.id, { name: 'Mine now' }), 'forbidden');
      await refusedWith(updateOrganisation(hub, pm, org.id, { website: 'javascript:alert(1)' }), 'validation', 'website');
      await refusedWith(updateOrganisation(hub, pm, randomUUID(), { name: 'Nobody' }), 'not_found');
    });
  });
}

describe('disk file store (the production upload store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proximity-store-'));
  const store = diskStore(dir);
  test('put, get and remove by key, under two hex digits of fan-out, readable by the owner only', async () => {
    const key = randomUUID();
    await store.put(key, Buffer.from('bytes'));
    const path = join(dir, key.slice(0, 2), key);
    assert.ok(existsSync(path));
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal((await store.get(key)).toString(), 'bytes');
    // a key is written once
    await assert.rejects(store.put(key, Buffer.from('again')), /EEXIST/);
    await store.remove(key);
    assert.ok(!existsSync(path));
    await store.remove(key); // removing twice is harmless
  });
  test('a key that is not a storage key (a path) is refused before any file is touched', async () => {
    await assert.rejects(store.put('../../etc/passwd', Buffer.from('x')), /not a storage key/);
    await assert.rejects(store.get('../outside'), /not a storage key/);
  });
});

describe('SMTP mailer (against an SMTP server on loopback)', () => {
  const received: { to: string[]; data: string }[] = [];
  let refuse = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(_address, _session, callback) {
      if (refuse) return callback(new Error('mailbox unavailable'));
      callback();
    },
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (d: Buffer) => (data += d.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  let port = 0;
  let ctx: Awaited<ReturnType<typeof freshHub>>;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
    ctx = await freshHub('pglite');
  });
  after(async () => {
    await ctx.database.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  test('queued messages are sent on flush and their bodies dropped; a refused one is marked failed with the reason', async () => {
    const mailer = smtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'hub@proximity.test' });
    const db = ctx.hub.db;
    await mailer.enqueue(db, { to: 'ann@example.org', subject: 'Welcome', text: 'Hello Ann.' });
    let rows = await db.selectFrom('outbox').selectAll().where('to_address', '=', 'ann@example.org').execute();
    assert.deepEqual(rows.map((r) => [r.status, r.transport]), [['queued', 'smtp']]);
    await mailer.flush(db);
    assert.equal(received.length, 1);
    assert.deepEqual(received[0].to, ['ann@example.org']);
    assert.match(received[0].data, /Subject: Welcome/);
    assert.match(received[0].data, /Hello Ann\./);
    rows = await db.selectFrom('outbox').selectAll().where('to_address', '=', 'ann@example.org').execute();
    assert.deepEqual(rows.map((r) => [r.status, r.body_text]), [['sent', null]]);
    refuse = true;
    await mailer.enqueue(db, { to: 'bob@example.org', subject: 'Hi', text: 'Hello Bob.' });
    await mailer.flush(db);
    const failed = await db.selectFrom('outbox').selectAll().where('to_address', '=', 'bob@example.org').executeTakeFirstOrThrow();
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /mailbox unavailable/);
    assert.equal(received.length, 1);
  });
});
