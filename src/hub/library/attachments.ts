import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { sql } from 'kysely';
import { z } from 'zod';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { attachmentUrl, mayEdit, visibleItem } from './library.js';
import type { AttachmentView } from './contract.js';
import { safeFilename } from '../platform/files.js';

/**
 * The kinds of file an item may carry, by the type read from the file's own bytes (never the type the
 * browser claims), with the name endings each may have.
 */
export const ATTACHMENT_TYPES: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  'audio/mpeg': ['mp3'],
  'video/mp4': ['mp4', 'm4v'],
  'text/csv': ['csv'],
  'text/markdown': ['md'],
  'text/plain': ['txt'],
};

const TEXT_TYPES: Record<string, string> = { csv: 'text/csv', md: 'text/markdown', txt: 'text/plain' };


/**
 * The type of a file from its bytes: a binary format by its signature (file-type), else UTF-8 text without
 * NUL bytes and without HTML, typed by its name ending (csv, md, txt). Refused: anything else, and a
 * name whose ending does not fit the content.
 */
export async function sniffType(bytes: Uint8Array, filename: string): Promise<string> {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  const detected = await fileTypeFromBuffer(bytes);
  let type: string;
  if (detected) type = detected.mime;
  else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new HubError('unsupported_type', 'the file is neither a supported format nor UTF-8 text', { issues: [{ field: 'file', message: 'unsupported type' }] });
    }
    if (text.includes('\u0000')) throw new HubError('unsupported_type', 'the file is binary of an unsupported kind', { issues: [{ field: 'file', message: 'unsupported type' }] });
    if (/<\s*(html|script|svg|iframe|body)\b/i.test(text.slice(0, 4096))) throw new HubError('unsupported_type', 'HTML and SVG files are not accepted', { issues: [{ field: 'file', message: 'unsupported type' }] });
    type = TEXT_TYPES[ext] ?? 'text/plain';
  }
  const endings = ATTACHMENT_TYPES[type];
  if (!endings) throw new HubError('unsupported_type', `files of type ${type} are not accepted (accepted: PDF, images, office documents, MP3, MP4, CSV, Markdown, text)`, { issues: [{ field: 'file', message: 'unsupported type' }] });
  if (!endings.includes(ext)) throw invalid('filename', `the file's content is ${type} but its name ends in ${ext ? `.${ext}` : 'no extension'} (use .${endings[0]})`);
  return type;
}

/** Files an item may carry. */
export const MAX_FILES_PER_ITEM = 20;

/** A size for people: bytes, KB or MB. */
const sizeOf = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`);

/**
 * Adds a file to an item; its author (while editable) or its curators. The limits are checked inside the
 * transaction that records the file, under locks, so parallel uploads cannot slip past them: at most
 * MAX_FILES_PER_ITEM files an item (the item's row is locked), and per uploader a storage quota (`hub.uploadQuota`
 * bytes in all) and a rate (`hub.uploadsPerHour`, counted from the audit log, so removing files does not reset it;
 * a lock per user serialises them).
 */
export async function uploadAttachment(hub: Hub, viewer: Viewer, itemId: string, filename: string, bytes: Uint8Array): Promise<AttachmentView> {
  authorise(viewer, 'library.submit');
  if (bytes.length === 0) throw invalid('file', 'is empty');
  if (bytes.length > hub.uploadLimit) throw new HubError('too_large', `the file is larger than ${sizeOf(hub.uploadLimit)}`, { issues: [{ field: 'file', message: 'too large' }] });
  const name = safeFilename(filename);
  const mediaType = await sniffType(bytes, name);
  const userId = viewer.kind === 'user' ? viewer.userId : null;
  const key = randomUUID();
  let stored = false;
  try {
    const row = await hub.db.transaction().execute(async (tx) => {
      const item = await visibleItem(tx, viewer, itemId, true); // locks the item's row until the file is recorded
      if (!(await mayEdit(tx, viewer, item))) throw new HubError('forbidden', 'only its author (while it is a draft or sent back) and curators add files');
      const count = await tx.selectFrom('library_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('item_id', '=', itemId).executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_FILES_PER_ITEM) throw new HubError('conflict', `an item has at most ${MAX_FILES_PER_ITEM} files`);
      if (userId) {
        await sql`select pg_advisory_xact_lock(hashtextextended(${`upload:${userId}`}, 0))`.execute(tx);
        const used = await tx.selectFrom('library_attachments').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), sql<number>`0`).as('bytes')).where('uploaded_by', '=', userId).executeTakeFirstOrThrow();
        if (Number(used.bytes) + bytes.length > hub.uploadQuota) {
          throw new HubError('conflict', `this file would take your uploads past your storage quota of ${sizeOf(hub.uploadQuota)} (you use ${sizeOf(Number(used.bytes))}): remove files you no longer need`, { issues: [{ field: 'file', message: 'over your storage quota' }] });
        }
        const hourAgo = new Date(hub.now().getTime() - 3600_000);
        const recent = await tx.selectFrom('audit_log').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<Date>('at').as('first')]).where('actor_id', '=', userId).where('action', '=', 'library.attach').where('at', '>', hourAgo).executeTakeFirstOrThrow();
        if (Number(recent.n) >= hub.uploadsPerHour) {
          const retryAfterSeconds = Math.max(1, Math.ceil((new Date(recent.first).getTime() + 3600_000 - hub.now().getTime()) / 1000));
          throw new HubError('rate_limited', `you have uploaded ${hub.uploadsPerHour} files in the last hour, the most allowed: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`, { retryAfterSeconds });
        }
      }
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
