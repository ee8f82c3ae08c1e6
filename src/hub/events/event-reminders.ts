import { sql } from 'kysely';
import type { Hub } from '../platform/context.js';
import { feedbackMessage, reminderMessage, type EventRecord } from './event-mail.js';

const DAY = 86_400_000;

/**
 * The reminders due now, 7 days and 1 day before an event, to each confirmed registrant, and the feedback request
 * after it. Each is claimed by the update that records it, in the transaction that writes the message, so a reminder
 * goes once however many servers run this, and a crash sends none twice. A reminder is due only in its day (a server
 * that was down through it sends none late); a cancelled event or a cancelled place gets none; a moved event is
 * reminded from its new time (the marks are cleared when it moves). Returns the messages written.
 */
export async function sendEventReminders(hub: Hub): Promise<{ week: number; day: number; feedback: number }> {
  const now = hub.now();
  const out = { week: 0, day: 0, feedback: 0 };
  for (const kind of ['7d', '1d'] as const) {
    const lead = kind === '7d' ? 7 * DAY : DAY;
    const column = kind === '7d' ? 'reminded_7d_at' : 'reminded_1d_at';
    await hub.db.transaction().execute(async (tx) => {
      const claimed = await sql<{ id: string; event_id: string; name: string; email: string; checkin_code: string }>`
        update registrations r set ${sql.ref(column)} = ${now}
        from events e
        where e.id = r.event_id and e.state = 'published' and r.status = 'confirmed' and r.${sql.ref(column)} is null
          and e.starts_at - ${lead}::bigint * interval '1 millisecond' <= ${now}
          and ${now} < e.starts_at - ${lead - DAY}::bigint * interval '1 millisecond'
          and ${now} < e.starts_at
          and (${kind}::text = '1d' or r.confirmed_at < e.starts_at - ${lead}::bigint * interval '1 millisecond')
        returning r.id, r.event_id, r.name, r.email, r.checkin_code`.execute(tx);
      if (claimed.rows.length === 0) return;
      const events = new Map<string, EventRecord>();
      for (const e of await tx.selectFrom('events').selectAll().where('id', 'in', [...new Set(claimed.rows.map((r) => r.event_id))]).execute()) events.set(e.id, e);
      await hub.mailer.enqueue(tx, claimed.rows.map((r) => reminderMessage(hub, events.get(r.event_id)!, r, kind)));
      out[kind === '7d' ? 'week' : 'day'] += claimed.rows.length;
    });
  }
  await hub.db.transaction().execute(async (tx) => {
    const claimed = await sql<{ id: string; event_id: string; name: string; email: string }>`
      update registrations r set feedback_requested_at = ${now}
      from events e
      where e.id = r.event_id and e.state = 'published' and r.checked_in_at is not null and r.feedback_requested_at is null and r.feedback_at is null
        and e.ends_at <= ${now} and e.ends_at > ${now}::timestamptz - interval '3 days'
      returning r.id, r.event_id, r.name, r.email`.execute(tx);
    if (claimed.rows.length === 0) return;
    const events = new Map<string, EventRecord>();
    for (const e of await tx.selectFrom('events').selectAll().where('id', 'in', [...new Set(claimed.rows.map((r) => r.event_id))]).execute()) events.set(e.id, e);
    await hub.mailer.enqueue(tx, claimed.rows.map((r) => feedbackMessage(hub, events.get(r.event_id)!, r)));
    out.feedback = claimed.rows.length;
  });
  return out;
}
