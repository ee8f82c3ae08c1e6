import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { tempStore, type FileStore } from './files.js';
import type { Mailer } from './mail.js';

/** What every hub operation needs: the database, the mail transport and the public address of the app. */
export interface Hub {
  db: Db;
  mailer: Mailer;
  /** e.g. http://localhost:3000: links in emails point here. */
  baseUrl: string;
  /** The clock (tests move it). */
  now(): Date;
  /** Uploaded files. */
  files: FileStore;
  /** The largest upload accepted, in bytes. */
  uploadLimit: number;
  /** What one member's uploads may take in all, in bytes. */
  uploadQuota: number;
  /** Files one member may upload in an hour. */
  uploadsPerHour: number;
  /** The key that signs the links in emails (platform/secrets `signedToken`); never stored in the database. */
  linkKey: Buffer;
}

export interface HubOptions {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  now?: () => Date;
  files?: FileStore;
  uploadLimit?: number;
  uploadQuota?: number;
  uploadsPerHour?: number;
  /** A secret the link key is derived from (the session secret); without one, a random key for this process. */
  secret?: string;
}

export const DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024;
export const DEFAULT_UPLOAD_QUOTA = 500 * 1024 * 1024;
export const DEFAULT_UPLOADS_PER_HOUR = 60;

export function createHub(options: HubOptions): Hub {
  return {
    db: options.db,
    mailer: options.mailer,
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    now: options.now ?? (() => new Date()),
    files: options.files ?? tempStore(),
    uploadLimit: options.uploadLimit ?? DEFAULT_UPLOAD_LIMIT,
    uploadQuota: options.uploadQuota ?? DEFAULT_UPLOAD_QUOTA,
    uploadsPerHour: options.uploadsPerHour ?? DEFAULT_UPLOADS_PER_HOUR,
    linkKey: options.secret ? createHmac('sha256', options.secret).update('proximity link key v1').digest() : randomBytes(32),
  };
}
