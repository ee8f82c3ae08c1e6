import { fileTypeFromBuffer } from 'file-type';
import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import type { Hub } from './context.js';
import { HubError, invalid } from './errors.js';
import { safeFilename } from './files.js';

/**
 * The rules every uploaded file obeys, wherever it is attached (a library item, an application): its size, its
 * type read from its own bytes, and per uploader a storage quota and an hourly rate over all their files.
 */
/**
 * The kinds of file the hub accepts, by the type read from the file's own bytes (never the type the
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

/** A size for people: bytes, KB or MB. */
export const sizeOf = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`);

/** A file's name made safe and its type, or the reason it is refused (empty, too large, of a type not accepted). */
export async function checkUpload(hub: Hub, filename: string, bytes: Uint8Array): Promise<{ name: string; mediaType: string }> {
  if (bytes.length === 0) throw invalid('file', 'is empty');
  if (bytes.length > hub.uploadLimit) throw new HubError('too_large', `the file is larger than ${sizeOf(hub.uploadLimit)}`, { issues: [{ field: 'file', message: 'too large' }] });
  const name = safeFilename(filename);
  return { name, mediaType: await sniffType(bytes, name) };
}

/** The audit actions that record an upload (the hourly rate counts them, so removing files does not reset it). */
export const UPLOAD_ACTIONS = ['library.attach', 'programme.file_upload', 'consultations.file_upload'] as const;

/**
 * Whether a user may store `size` more bytes now: their storage quota (`hub.uploadQuota` bytes over all their files)
 * and their rate (`hub.uploadsPerHour`). Call it inside the transaction that records the file: a lock per user
 * serialises their uploads, so parallel ones cannot slip past the limits.
 */
export async function checkUploadAllowance(tx: Executor, hub: Hub, userId: string, size: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`upload:${userId}`}, 0))`.execute(tx);
  const used = await sql<{ bytes: number }>`select (coalesce((select sum(size) from library_attachments where uploaded_by = ${userId}), 0)
    + coalesce((select sum(size) from application_files where uploaded_by = ${userId}), 0)
    + coalesce((select sum(size) from consultation_files where uploaded_by = ${userId}), 0))::bigint as bytes`.execute(tx);
  const bytes = Number(used.rows[0].bytes);
  if (bytes + size > hub.uploadQuota) {
    throw new HubError('conflict', `this file would take your uploads past your storage quota of ${sizeOf(hub.uploadQuota)} (you use ${sizeOf(bytes)}): remove files you no longer need`, { issues: [{ field: 'file', message: 'over your storage quota' }] });
  }
  const hourAgo = new Date(hub.now().getTime() - 3600_000);
  const recent = await tx.selectFrom('audit_log').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<Date>('at').as('first')]).where('actor_id', '=', userId).where('action', 'in', UPLOAD_ACTIONS).where('at', '>', hourAgo).executeTakeFirstOrThrow();
  if (Number(recent.n) >= hub.uploadsPerHour) {
    const retryAfterSeconds = Math.max(1, Math.ceil((new Date(recent.first).getTime() + 3600_000 - hub.now().getTime()) / 1000));
    throw new HubError('rate_limited', `you have uploaded ${hub.uploadsPerHour} files in the last hour, the most allowed: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`, { retryAfterSeconds });
  }
}
