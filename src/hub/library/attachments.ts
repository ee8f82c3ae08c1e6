import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, notFound } from '../platform/errors.js';
import { attachmentUrl, mayEdit, visibleItem } from './library.js';
import type { AttachmentView } from './contract.js';
import { checkUpload, checkUploadAllowance } from '../platform/uploads.js';

/** Files an item may carry. */
export const MAX_FILES_PER_ITEM = 20;

/**
 * Adds a file to an item; its author (while editable) or its curators. The limits are checked inside the
 * transaction that records the file, under locks, so parallel uploads cannot slip past them: at most
 * MAX_FILES_PER_ITEM files an item (the item's row is locked), and the uploader's quota and rate (uploads.ts).
 */
export async function uploadAttachment(hub: Hub, viewer: Viewer, itemId: string, filename: string, bytes: Uint8Array): Promise<AttachmentView> {
  authorise(viewer, 'library.submit');
  const { name, mediaType } = await checkUpload(hub, filename, bytes);
  const userId = viewer.kind === 'user' ? viewer.userId : null;
  const key = randomUUID();
  let stored = false;
  try {
    const row = await hub.db.transaction().execute(async (tx) => {
      const item = await visibleItem(tx, viewer, itemId, true); // locks the item's row until the file is recorded
      if (!(await mayEdit(tx, viewer, item))) throw new HubError('forbidden', 'only its author (while it is a draft or sent back) and curators add files');
      const count = await tx.selectFrom('library_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('item_id', '=', itemId).executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_FILES_PER_ITEM) throw new HubError('conflict', `an item has at most ${MAX_FILES_PER_ITEM} files`);
      if (userId) await checkUploadAllowance(tx, hub, userId, bytes.length);
      await hub.files.put(key, bytes);
      stored = true;
      const r = await tx
        .insertInto('library_attachments')
        .values({ item_id: itemId, filename: name, media_type: mediaType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), storage_key: key, uploaded_by: userId })
        .returning(['id', 'filename', 'media_type', 'size'])
        .executeTakeFirstOrThrow();
      await recordAudit(tx, viewer, { action: 'library.attach', entityType: 'library_item', entityId: itemId, after: { attachment: r.id, filename: name, mediaType, size: bytes.length } });
      return r;
    });
    return { id: row.id, filename: row.filename, mediaType: row.media_type, size: row.size, url: attachmentUrl(row.id) };
  } catch (err) {
    if (stored) await hub.files.remove(key);
    throw err;
  }
}

async function attachmentRow(hub: Hub, id: string) {
  if (!z.uuid().safeParse(id).success) throw notFound('file');
  const row = await hub.db.selectFrom('library_attachments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('file');
  return row;
}

/** A file of an item the viewer may see. */
export async function readAttachment(hub: Hub, viewer: Viewer, id: string): Promise<{ bytes: Buffer; mediaType: string; filename: string }> {
  authorise(viewer, 'library.read');
  const row = await attachmentRow(hub, id);
  await visibleItem(hub.db, viewer, row.item_id); // not found unless the viewer may see the item
  return { bytes: await hub.files.get(row.storage_key), mediaType: row.media_type, filename: row.filename };
}

export async function deleteAttachment(hub: Hub, viewer: Viewer, id: string): Promise<void> {
  authorise(viewer, 'library.submit');
  const row = await attachmentRow(hub, id);
  const item = await visibleItem(hub.db, viewer, row.item_id);
  if (!(await mayEdit(hub.db, viewer, item))) throw new HubError('forbidden', 'only its author (while it is a draft or sent back) and curators remove files');
  await hub.db.transaction().execute(async (tx) => {
    await tx.updateTable('library_items').set({ cover_id: null }).where('cover_id', '=', id).execute();
    await tx.deleteFrom('library_attachments').where('id', '=', id).execute();
    await recordAudit(tx, viewer, { action: 'library.detach', entityType: 'library_item', entityId: row.item_id, before: { attachment: id, filename: row.filename } });
  });
  await hub.files.remove(row.storage_key);
}
