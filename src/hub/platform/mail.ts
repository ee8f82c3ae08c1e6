import nodemailer from 'nodemailer';
import type { Db, Executor } from '../../db/connection.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Mail is written to the outbox table inside the transaction that causes it (so a failed request
 * sends nothing). Without SMTP the outbox is the end of the road: administrators read it in the app.
 * With SMTP the row is queued and `flush` sends it after the commit, then drops the body (it holds
 * one-time links) and keeps the record.
 */
export interface Mailer {
  readonly transport: 'outbox' | 'smtp';
  enqueue(tx: Executor, message: MailMessage): Promise<void>;
  flush(db: Db): Promise<void>;
}

export function outboxMailer(): Mailer {
  return {
    transport: 'outbox',
    async enqueue(tx, m) {
      await tx
        .insertInto('outbox')
        .values({ to_address: m.to, subject: m.subject, body_text: m.text, transport: 'outbox', status: 'stored', error: null })
        .execute();
    },
    async flush() {},
  };
}

export interface SmtpConfig {
  url: string;
  from: string;
}

export function smtpMailer(config: SmtpConfig): Mailer {
  const transporter = nodemailer.createTransport(config.url);
  return {
    transport: 'smtp',
    async enqueue(tx, m) {
      await tx
        .insertInto('outbox')
        .values({ to_address: m.to, subject: m.subject, body_text: m.text, transport: 'smtp', status: 'queued', error: null })
        .execute();
    },
    async flush(db) {
      const queued = await db.selectFrom('outbox').selectAll().where('status', '=', 'queued').orderBy('created_at').execute();
      for (const row of queued) {
        try {
          await transporter.sendMail({ from: config.from, to: row.to_address, subject: row.subject, text: row.body_text ?? '' });
          await db.updateTable('outbox').set({ status: 'sent', body_text: null }).where('id', '=', row.id).execute();
        } catch (err) {
          await db
            .updateTable('outbox')
            .set({ status: 'failed', error: (err as Error).message.slice(0, 500) })
            .where('id', '=', row.id)
            .execute();
        }
      }
    },
  };
}
