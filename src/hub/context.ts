import type { Db } from '../db/connection.js';
import type { Mailer } from './mail.js';

/** What every hub operation needs: the database, the mail transport and the public address of the app. */
export interface Hub {
  db: Db;
  mailer: Mailer;
  /** e.g. http://localhost:3000: links in emails point here. */
  baseUrl: string;
  /** The clock (tests move it). */
  now(): Date;
}

export interface HubOptions {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  now?: () => Date;
}

export function createHub(options: HubOptions): Hub {
  return { db: options.db, mailer: options.mailer, baseUrl: options.baseUrl.replace(/\/$/, ''), now: options.now ?? (() => new Date()) };
}
