import type { Executor } from '../../db/connection.js';
import type { Hub } from '../platform/context.js';
import { fillLetter, type LetterOutcome, type LetterPlaceholder } from './letters.js';

/** A call's letter for an outcome, filled in for an application's lead applicant: to whom, its subject and its text. */
export async function composeLetter(tx: Executor, hub: Hub, applicationId: string, outcome: LetterOutcome, values: Partial<Record<LetterPlaceholder, string>>): Promise<{ to: string; subject: string; text: string }> {
  const a = await tx
    .selectFrom('applications as a')
    .innerJoin('users as u', 'u.id', 'a.applicant_id')
    .innerJoin('calls as c', 'c.id', 'a.call_id')
    .leftJoin('profiles as p', 'p.user_id', 'u.id')
    .select(['a.id', 'a.title', 'a.reference', 'u.email', 'p.name', 'c.id as call_id', 'c.title as call_title'])
    .where('a.id', '=', applicationId)
    .executeTakeFirstOrThrow();
  const letter = await tx.selectFrom('call_letters').select(['subject', 'body']).where('call_id', '=', a.call_id).where('outcome', '=', outcome).executeTakeFirstOrThrow();
  const all: Partial<Record<LetterPlaceholder, string>> = {
    name: a.name ?? a.email,
    call: a.call_title,
    title: a.title || '(untitled)',
    reference: a.reference ?? '',
    link: `${hub.baseUrl}/applications/${a.id}`,
    ...values,
  };
  return { to: a.email, subject: fillLetter(letter.subject, all), text: fillLetter(letter.body, all) };
}

/**
 * Writes a call's letter for an outcome to the lead applicant, through the outbox (inside the transaction that records
 * the outcome, so a failed decision sends nothing).
 */
export async function mailLetter(tx: Executor, hub: Hub, applicationId: string, outcome: LetterOutcome, values: Partial<Record<LetterPlaceholder, string>>): Promise<void> {
  await hub.mailer.enqueue(tx, await composeLetter(tx, hub, applicationId, outcome, values));
}
