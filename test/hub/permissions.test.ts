/**
 * The services' own permission checks, beyond access.ts's roles: who sees, edits, submits, reviews, archives and
 * deletes library items and their files, who manages a collection, and a disabled account. One PGlite hub, so that a
 * mutation run (npm run test:mutation permissions) can afford it once per mutant; test/server/api.test.ts holds the
 * same rules over HTTP on both backends.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signIn } from '../../src/hub/accounts/accounts.js';
import { deleteAttachment, uploadAttachment } from '../../src/hub/library/attachments.js';
import { createCollection, updateCollection } from '../../src/hub/library/collections.js';
import { archiveItem, createItem, deleteItem, getItem, reviewItem, reviewQueue, submitItem, updateItem } from '../../src/hub/library/library.js';
import { BACKENDS, freshHub, newMember, PASSWORD, withRoles } from '../helpers/db.js';
import { refusedWith } from '../helpers/hub.js';


for (const backend of BACKENDS) {
  describe(`permission checks in the services (${backend})`, () => {
    let ctx: Awaited<ReturnType<typeof freshHub>>;
    before(async () => {
      ctx = await freshHub(backend);
    });
    after(async () => {
      await ctx.database.close();
    });

    test('an item: its author edits and submits a draft; curators see, edit and decide; authors never decide; drafts are deleted by their author or an administrator', async () => {
      const { hub } = ctx;
      const author = (await newMember(hub, 'p-author@example.org')).viewer;
      const other = (await newMember(hub, 'p-other@example.org')).viewer;
      const curator = await withRoles(hub, 'p-curator@example.org', ['curator']);
      const admin = await withRoles(hub, 'p-admin@example.org', ['administrator']);
      const draft = await createItem(hub, author, { type: 'report', title: 'Draft', summary: 'D.', themes: ['skills'] });
      // a draft is its author's and the curators' only
      await refusedWith(getItem(hub, other, draft.id), 'not_found');
      assert.equal((await getItem(hub, curator, draft.id)).id, draft.id);
      await refusedWith(updateItem(hub, other, draft.id, { title: 'Mine' }), 'not_found');
      assert.equal((await updateItem(hub, author, draft.id, { title: 'Draft, revised' })).title, 'Draft, revised');
      assert.equal((await updateItem(hub, curator, draft.id, { title: 'Draft, edited' })).title, 'Draft, edited');
      await refusedWith(submitItem(hub, curator, draft.id), 'forbidden', /only its author submits/);
      await refusedWith(deleteItem(hub, curator, draft.id), 'forbidden');
      await submitItem(hub, author, draft.id);
      await refusedWith(submitItem(hub, author, draft.id), 'conflict', /submitted item cannot be submitted/);
      // submitted: the author may no longer edit it, a curator may
      await refusedWith(updateItem(hub, author, draft.id, { title: 'Late' }), 'forbidden', /submitted item can be edited only by curators/);
      await refusedWith(reviewItem(hub, author, draft.id, { decision: 'accept' }), 'forbidden', /only curators review/);
      await refusedWith(reviewQueue(hub, author), 'forbidden');
      await refusedWith(archiveItem(hub, author, draft.id, true), 'forbidden', /only curators archive/);
      await reviewItem(hub, curator, draft.id, { decision: 'request_changes', reason: 'More.' });
      // sent back: the author edits it again
      assert.equal((await updateItem(hub, author, draft.id, { title: 'Draft, answered' })).title, 'Draft, answered');
      await submitItem(hub, author, draft.id);
      await reviewItem(hub, curator, draft.id, { decision: 'accept' });
      // published: everyone sees it, only curators edit it; its author may not delete it, an administrator may
      assert.equal((await getItem(hub, other, draft.id)).state, 'published');
      await refusedWith(updateItem(hub, other, draft.id, { title: 'Mine' }), 'forbidden', /only its author and curators/);
      await refusedWith(updateItem(hub, author, draft.id, { title: 'Mine' }), 'forbidden', /published item can be edited only by curators/);
      await refusedWith(deleteItem(hub, author, draft.id), 'forbidden');
      // a curator listed among an item's authors does not decide on it; nor does a curator who owns it
      const written = await createItem(hub, author, { type: 'report', title: 'With the curator', summary: 'W.', authors: [{ name: 'Cur', profileId: curator.profileId }] });
      await submitItem(hub, author, written.id);
      await refusedWith(reviewItem(hub, curator, written.id, { decision: 'accept' }), 'forbidden', /another curator must decide/);
      const owned = await createItem(hub, curator, { type: 'report', title: 'The curator’s', summary: 'C.' });
      await submitItem(hub, curator, owned.id);
      await refusedWith(reviewItem(hub, curator, owned.id, { decision: 'accept' }), 'forbidden', /another curator must decide/);
      assert.equal((await reviewItem(hub, admin, owned.id, { decision: 'accept' })).state, 'published');
      // an own draft is deleted by its author; any item by an administrator
      const scrap = await createItem(hub, author, { type: 'story', title: 'Scrap', summary: 'S.' });
      await deleteItem(hub, author, scrap.id);
      await deleteItem(hub, admin, draft.id);
      await refusedWith(getItem(hub, admin, draft.id), 'not_found');
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
      const all = (await reviewQueue(hub, libraryCurator)).map((i) => i.id);
      assert.ok(all.includes(inMine.id) && all.includes(inTheirs.id));
      await refusedWith(reviewQueue(hub, reader), 'forbidden');
      await refusedWith(getItem(hub, keeper, inTheirs.id), 'not_found');
      await refusedWith(reviewItem(hub, keeper, inTheirs.id, { decision: 'accept' }), 'not_found');
      await reviewItem(hub, keeper, inMine.id, { decision: 'accept' });
      await reviewItem(hub, libraryCurator, inTheirs.id, { decision: 'accept' });
      // published: everyone sees both; only curators of the item archive it or edit it
      await refusedWith(archiveItem(hub, keeper, inTheirs.id, true), 'forbidden');
      await refusedWith(archiveItem(hub, author, inMine.id, true), 'forbidden');
      assert.equal((await archiveItem(hub, keeper, inMine.id, true)).state, 'archived');
      await archiveItem(hub, keeper, inMine.id, false);
      await refusedWith(updateItem(hub, keeper, inTheirs.id, { title: 'Not mine' }), 'forbidden');
      await refusedWith(updateItem(hub, reader, inMine.id, { title: 'Not mine' }), 'forbidden');
      assert.equal((await updateItem(hub, keeper, inMine.id, { title: 'Kept well' })).title, 'Kept well');
      // a published item's author no longer adds or removes files; its curators do; a reader never
      await refusedWith(uploadAttachment(hub, author, inMine.id, 'late.txt', Buffer.from('late\n')), 'forbidden');
      await refusedWith(uploadAttachment(hub, reader, inMine.id, 'mine.txt', Buffer.from('mine\n')), 'forbidden');
      const file = await uploadAttachment(hub, keeper, inMine.id, 'data.txt', Buffer.from('data\n'));
      await refusedWith(deleteAttachment(hub, reader, file.id), 'forbidden');
      await refusedWith(deleteAttachment(hub, author, file.id), 'forbidden');
      await refusedWith(deleteAttachment(hub, keeper, (await uploadAttachment(hub, libraryCurator, inTheirs.id, 'x.txt', Buffer.from('x\n'))).id), 'forbidden');
      await deleteAttachment(hub, keeper, file.id);
      // a draft's author adds and removes its files
      const draft = await createItem(hub, author, { type: 'story', title: 'Draft', summary: 'D.' });
      await deleteAttachment(hub, author, (await uploadAttachment(hub, author, draft.id, 'own.txt', Buffer.from('own\n'))).id);
      // the collection's curators are changed by the library's curators only
      await refusedWith(updateCollection(hub, keeper, 'kept', { curatorIds: [keeper.userId, reader.userId] }), 'forbidden');
      await refusedWith(updateCollection(hub, keeper, 'elsewhere', { title: 'Taken' }), 'forbidden');
      assert.equal((await updateCollection(hub, keeper, 'kept', { title: 'Kept well' })).title, 'Kept well');
      // a disabled account does not sign in, even with the right password
      await hub.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', reader.userId).execute();
      await refusedWith(signIn(hub, { email: 'reader@example.org', password: PASSWORD }), 'forbidden');
    });

  });
}
