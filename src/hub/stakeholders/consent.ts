import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connection.js';
import type { Hub } from '../platform/context.js';
import type { MailMessage } from '../platform/mail.js';
import { CONSENT_PURPOSES, type ConsentPurpose } from './contract.js';

/**
 * Consent, per purpose: each record holds the wording shown, its version, when and where it was given, and its
 * withdrawal. At most one record per contact and purpose is current (not withdrawn); giving consent again while it is
 * current changes nothing. Nothing is sent for a purpose without current consent: `mailForPurpose` is the one way
 * a message for a purpose goes out, and it checks consent in the statement that writes the message.
 */

export async function giveConsent(tx: Executor, contactId: string, purpose: ConsentPurpose, source: string, at: Date): Promise<boolean> {
  const p = CONSENT_PURPOSES[purpose];
  const r = await sql<{ id: string }>`
    insert into consents (contact_id, purpose, wording, wording_version, source, given_at)
    values (${contactId}, ${purpose}, ${p.wording}, ${p.version}, ${source}, ${at})
    on conflict (contact_id, purpose) where withdrawn_at is null do nothing
    returning id`.execute(tx);
  return r.rows.length > 0;
}

export async function withdrawConsent(tx: Executor, contactId: string, purpose: ConsentPurpose, source: string, at: Date): Promise<boolean> {
  // the contact's row is locked, as `mailForPurpose` locks it: a withdrawal and a send are ordered, never interleaved
  await tx.selectFrom('contacts').select('id').where('id', '=', contactId).forUpdate().execute();
  const r = await tx.updateTable('consents').set({ withdrawn_at: at, withdrawn_source: source }).where('contact_id', '=', contactId).where('purpose', '=', purpose).where('withdrawn_at', 'is', null).returning('id').execute();
  return r.length > 0;
}

/** A condition on a contacts row `ref` (its id column): it holds current consent to the purpose. */
export function consented(ref: string, purpose: ConsentPurpose): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from consents k where k.contact_id = ${sql.ref(ref)} and k.purpose = ${purpose} and k.withdrawn_at is null)`;
}

export async function currentPurposes(db: Executor, contactId: string): Promise<ConsentPurpose[]> {
  const rows = await db.selectFrom('consents').select('purpose').where('contact_id', '=', contactId).where('withdrawn_at', 'is', null).execute();
  return rows.map((r) => r.purpose);
}

/**
 * Writes messages for a purpose to the outbox, each only if its contact holds current consent to that purpose at the
 * moment of writing (one statement per batch, so a withdrawal that commits first wins). Returns the contacts written
 * to; the others are left out, silently.
 */
export async function mailForPurpose(hub: Hub, tx: Executor, purpose: ConsentPurpose, messages: { contactId: string; message: MailMessage }[]): Promise<Set<string>> {
  if (messages.length === 0) return new Set();
  const ids = [...new Set(messages.map((m) => m.contactId))];
  const rows = await tx.selectFrom('contacts as c').select('c.id').where('c.id', 'in', ids).where(consented('c.id', purpose)).forUpdate().execute();
  const allowed = new Set(rows.map((r) => r.id));
  await hub.mailer.enqueue(
    tx,
    messages.filter((m) => allowed.has(m.contactId)).map((m) => m.message),
  );
  return allowed;
}
