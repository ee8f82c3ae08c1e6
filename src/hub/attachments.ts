import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import { authorise, type Viewer } from './access.js';
import { recordAudit } from './audit.js';
import type { Hub } from './context.js';
import { HubError, invalid, notFound } from './errors.js';
import { attachmentUrl, mayEdit, visibleItem } from './library.js';
import type { AttachmentView } from './library-model.js';

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

/** The last part of a name as given (any directories dropped), without control characters, at most 200 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(-200);
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}

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

/** Adds a file to an item; its author (while editable) or its curators. */
export async function uploadAttachment(hub: Hub, viewer: Viewer, itemId: string, filename: string, bytes: Uint8Array): Promise<AttachmentView> {
  authorise(viewer, 'library.submit');
  const item = await visibleItem(hub.db, viewer, itemId);
  if (!(await mayEdit(hub.db, viewer, item))) throw new HubError('forbidden', 'only its author (while it is a draft or sent back) and curators add files');
  if (bytes.length === 0) throw invalid('file', 'is empty');
  if (bytes.length > hub.uploadLimit) throw new HubError('too_large', `the file is larger than ${Math.round(hub.uploadLimit / 1024 / 1024)} MB`, { issues: [{ field: 'file', message: 'too large' }] });
  const name = safeFilename(filename);
  const mediaType = await sniffType(bytes, name);
  const count = await hub.db.selectFrom('library_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('item_id', '=', itemId).executeTakeFirstOrThrow();
  if (Number(count.n) >= 20) throw new HubError('conflict', 'an item has at most 20 files');
  const key = randomUUID();
  await hub.files.put(key, bytes);
  try {
    const row = await hub.db.transaction().execute(async (tx) => {
      const r = await tx
        .insertInto('library_attachments')
        .values({ item_id: itemId, filename: name, media_type: mediaType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), storage_key: key, uploaded_by: viewer.kind === 'user' ? viewer.userId : null })
        .returning(['id', 'filename', 'media_type', 'size'])
        .executeTakeFirstOrThrow();
      await recordAudit(tx, viewer, { action: 'library.attach', entityType: 'library_item', entityId: itemId, after: { attachment: r.id, filename: name, mediaType, size: bytes.length } });
      return r;
    });
    return { id: row.id, filename: row.filename, mediaType: row.media_type, size: row.size, url: attachmentUrl(row.id) };
  } catch (err) {
    await hub.files.remove(key);
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
