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
import type { GrantedRole, Viewer } from '../../src/hub/access.js';
import { deleteAttachment, uploadAttachment } from '../../src/hub/attachments.js';
import { signIn } from '../../src/hub/accounts.js';
import { createCollection, updateCollection } from '../../src/hub/collections.js';
import type { Hub } from '../../src/hub/context.js';
import { HubError } from '../../src/hub/errors.js';
import { diskStore } from '../../src/hub/files.js';
import { archiveItem, createItem, deleteItem, getItem, reviewItem, reviewQueue, submitItem, updateItem } from '../../src/hub/library.js';
import { smtpMailer } from '../../src/hub/mail.js';
import { createOrganisation, updateOrganisation } from '../../src/hub/organisations.js';
import { grantRole, revokeRole } from '../../src/hub/users.js';
import { BACKENDS, freshHub, newMember, PASSWORD } from '../helpers/db.js';

const rejects = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof HubError, String(e));
    assert.equal(e.code, code, e.message);
    return true;
  });

/** A signed-in viewer holding the roles (written straight into user_roles). */
async function withRoles(hub: Hub, email: string, roles: GrantedRole[]): Promise<Viewer & { kind: 'user' }> {
  const { viewer } = await newMember(hub, email);
  for (const role of roles) await hub.db.insertInto('user_roles').values({ user_id: viewer.userId, role, granted_by: null }).execute();
  return { ...viewer, roles: new Set(roles) };
}

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
      await rejects(revokeRole(hub, admin, admin.userId, { role: 'administrator' }), 'conflict');
      await grantRole(hub, admin, curator.userId, { role: 'administrator' });
      assert.deepEqual(await revokeRole(hub, admin, admin.userId, { role: 'administrator' }), []);
      // a curator may not manage roles; bad input and unknown users are refused
      await rejects(grantRole(hub, { ...member, roles: new Set(['curator']) }, curator.userId, { role: 'reviewer' }), 'forbidden');
      const newAdmin = { ...curator, roles: new Set<GrantedRole>(['curator', 'administrator']) };
      await rejects(grantRole(hub, newAdmin, member.userId, { role: 'owner' }), 'validation');
      await rejects(grantRole(hub, newAdmin, randomUUID(), { role: 'reviewer' }), 'not_found');
      await rejects(revokeRole(hub, newAdmin, 'not-a-uuid', { role: 'reviewer' }), 'not_found');
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
      await rejects(deleteItem(hub, other, draft.id), 'not_found');
      await rejects(deleteItem(hub, curator, draft.id), 'forbidden');
      await deleteItem(hub, author, draft.id);
      await rejects(getItem(hub, author, draft.id), 'not_found');
      await assert.rejects(hub.files.get(key));
      // a published item: not by its author, by an administrator
      const item = await createItem(hub, author, { type: 'report', title: 'Published', summary: 'P.', themes: ['skills'] });
      await submitItem(hub, author, item.id);
      await reviewItem(hub, curator, item.id, { decision: 'accept' });
      await rejects(deleteItem(hub, author, item.id), 'forbidden');
      await deleteItem(hub, admin, item.id);
      await rejects(getItem(hub, admin, item.id), 'not_found');
      const audit = await hub.db.selectFrom('audit_log').select('action').where('entity_id', '=', item.id).where('action', '=', 'library.delete').execute();
      assert.equal(audit.length, 1);
    });

    test("the services' own checks: a collection's curators act on its items only; files follow who may edit; a disabled account", async () => {
      const { hub } = ctx;
      const libraryCurator = await withRoles(hub, 'lib-curator@example.org', ['curator']);
      const keeper = (await newMember(hub, 'keeper@example.org')).viewer; // curates one collection, holds no role
      const author = (await newMember(hub, 'writer@example.org')).viewer;
      const reader = (await newMember(hub, 'reader@example.org')).viewer;
      const mine = await createCollection(hub, libraryCurator, { slug: 'kept', title: 'Kept', curatorIds: [keeper.userId] });
      const theirs = await createCollection(hub, libraryCurator, { slug: 'elsewhere', title: 'Elsewhere' });
      const inMine = await createItem(hub, author, { type: 'report', title: 'In mine', summary: 'M.', themes: ['skills'], collectionId: mine.id });
      const inTheirs = await createItem(hub, author, { type: 'report', title: 'In theirs', summary: 'T.', themes: ['skills'], collectionId: theirs.id });
      await submitItem(hub, author, inMine.id);
      await submitItem(hub, author, inTheirs.id);
      // the keeper sees and decides on submissions to their collection, and on nothing else
      assert.deepEqual((await reviewQueue(hub, keeper)).map((i) => i.id), [inMine.id]);
      assert.deepEqual((await reviewQueue(hub, libraryCurator)).map((i) => i.id).sort(), [inMine.id, inTheirs.id].sort());
      await rejects(reviewQueue(hub, reader), 'forbidden');
      await rejects(getItem(hub, keeper, inTheirs.id), 'not_found');
      await rejects(reviewItem(hub, keeper, inTheirs.id, { decision: 'accept' }), 'not_found');
      await reviewItem(hub, keeper, inMine.id, { decision: 'accept' });
      await reviewItem(hub, libraryCurator, inTheirs.id, { decision: 'accept' });
      // published: everyone sees both; only curators of the item archive it or edit it
      await rejects(archiveItem(hub, keeper, inTheirs.id, true), 'forbidden');
      await rejects(archiveItem(hub, author, inMine.id, true), 'forbidden');
      assert.equal((await archiveItem(hub, keeper, inMine.id, true)).state, 'archived');
      await archiveItem(hub, keeper, inMine.id, false);
      await rejects(updateItem(hub, keeper, inTheirs.id, { title: 'Not mine' }), 'forbidden');
      await rejects(updateItem(hub, reader, inMine.id, { title: 'Not mine' }), 'forbidden');
      assert.equal((await updateItem(hub, keeper, inMine.id, { title: 'Kept well' })).title, 'Kept well');
      // a published item's author no longer adds or removes files; its curators do; a reader never
      await rejects(uploadAttachment(hub, author, inMine.id, 'late.txt', Buffer.from('late\n')), 'forbidden');
      await rejects(uploadAttachment(hub, reader, inMine.id, 'mine.txt', Buffer.from('mine\n')), 'forbidden');
      const file = await uploadAttachment(hub, keeper, inMine.id, 'data.txt', Buffer.from('data\n'));
      await rejects(deleteAttachment(hub, reader, file.id), 'forbidden');
      await rejects(deleteAttachment(hub, author, file.id), 'forbidden');
      await rejects(deleteAttachment(hub, keeper, (await uploadAttachment(hub, libraryCurator, inTheirs.id, 'x.txt', Buffer.from('x\n'))).id), 'forbidden');
      await deleteAttachment(hub, keeper, file.id);
      // a draft's author adds and removes its files
      const draft = await createItem(hub, author, { type: 'story', title: 'Draft', summary: 'D.' });
      await deleteAttachment(hub, author, (await uploadAttachment(hub, author, draft.id, 'own.txt', Buffer.from('own\n'))).id);
      // the collection's curators are changed by the library's curators only
      await rejects(updateCollection(hub, keeper, 'kept', { curatorIds: [keeper.userId, reader.userId] }), 'forbidden');
      await rejects(updateCollection(hub, keeper, 'elsewhere', { title: 'Taken' }), 'forbidden');
      assert.equal((await updateCollection(hub, keeper, 'kept', { title: 'Kept well' })).title, 'Kept well');
      // a disabled account does not sign in, even with the right password
      await hub.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', reader.userId).execute();
      await rejects(signIn(hub, { email: 'reader@example.org', password: PASSWORD }), 'forbidden');
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
      await rejects(updateOrganisation(hub, member, org.id, { name: 'Mine now' }), 'forbidden');
      await rejects(updateOrganisation(hub, curator, org.id, { name: 'Mine now' }), 'forbidden');
      await assert.rejects(updateOrganisation(hub, pm, org.id, { website: 'javascript:alert(1)' }), (e: unknown) => e instanceof HubError && e.code === 'validation' && e.details?.issues?.[0]?.field === 'website');
      await rejects(updateOrganisation(hub, pm, randomUUID(), { name: 'Nobody' }), 'not_found');
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
