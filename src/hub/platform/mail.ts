import nodemailer from 'nodemailer';
import type { Db, Executor } from '../../db/connection.js';
import type { MailAttachmentRow } from '../../db/schema.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to the text (digests). */
  html?: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers?: Record<string, string>;
  /** Text attachments (an iCalendar invitation). */
  attachments?: MailAttachmentRow[];
}

/** The outbox row of a message. */
function outboxRow(m: MailMessage, transport: 'outbox' | 'smtp') {
  return {
    to_address: m.to,
    subject: m.subject,
    body_text: m.text,
    body_html: m.html ?? null,
    headers: m.headers ? JSON.stringify(m.headers) : null,
    attachments: m.attachments?.length ? JSON.stringify(m.attachments) : null,
    transport,
    status: transport === 'outbox' ? ('stored' as const) : ('queued' as const),
    error: null,
  };
}

/**
 * Mail is written to the outbox table inside the transaction that causes it (so a failed request
 * sends nothing). Without SMTP the outbox is the end of the road: administrators read it in the app.
 * With SMTP the row is queued and `flush` sends it after the commit, then drops the body (it holds
 * one-time links) and keeps the record.
 */
export interface Mailer {
  readonly transport: 'outbox' | 'smtp';
  enqueue(tx: Executor, message: MailMessage | MailMessage[]): Promise<void>;
  flush(db: Db): Promise<void>;
}

export function outboxMailer(): Mailer {
  return {
    transport: 'outbox',
    async enqueue(tx, m) {
      const rows = [m].flat().map((x) => outboxRow(x, 'outbox'));
      if (rows.length) await tx.insertInto('outbox').values(rows).execute();
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
      const rows = [m].flat().map((x) => outboxRow(x, 'smtp'));
      if (rows.length) await tx.insertInto('outbox').values(rows).execute();
    },
    async flush(db) {
      const queued = await db.selectFrom('outbox').selectAll().where('status', '=', 'queued').orderBy('created_at').execute();
      for (const row of queued) {
        try {
          await transporter.sendMail({
            from: config.from,
            to: row.to_address,
            subject: row.subject,
            text: row.body_text ?? '',
            ...(row.body_html && { html: row.body_html }),
            ...(row.headers && { headers: row.headers }),
            ...(row.attachments && { attachments: row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) }),
          });
          await db.updateTable('outbox').set({ status: 'sent', body_text: null, body_html: null }).where('id', '=', row.id).execute();
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
