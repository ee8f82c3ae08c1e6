import type { Executor } from '../../db/connection.js';
import type { Hub } from '../platform/context.js';
import { changeMessage, eventRecord, statusMessage } from './event-mail.js';
import { placesLeft } from './waitlist.js';

/** Locks an event's row: registrations, cancellations and promotions of one event happen one at a time. */
export async function lockEvent(tx: Executor, eventId: string): Promise<void> {
  await tx.selectFrom('events').select('id').where('id', '=', eventId).forUpdate().execute();
}

/**
 * Fills an event's free places from its waitlist, first come first served, and emails each person promoted (with
 * their invitation). Call it holding the event's lock. Returns the registrations promoted.
 */
export async function promote(hub: Hub, tx: Executor, eventId: string): Promise<string[]> {
  const e = await eventRecord(tx, eventId);
  if (e.state !== 'published' || e.ends_at <= hub.now()) return [];
  const confirmed = await tx.selectFrom('registrations').select('id').where('event_id', '=', eventId).where('status', '=', 'confirmed').execute();
  const free = placesLeft({ capacity: e.capacity, confirmed: confirmed.map((r) => r.id) });
  if (free === 0) return [];
  let q = tx.selectFrom('registrations').selectAll().where('event_id', '=', eventId).where('status', '=', 'waitlisted').orderBy('waitlisted_at').orderBy('id');
  if (free !== Infinity) q = q.limit(free);
  const up = await q.execute();
  if (up.length === 0) return [];
  const now = hub.now();
  await tx.updateTable('registrations').set({ status: 'confirmed', confirmed_at: now, updated_at: now }).where('id', 'in', up.map((r) => r.id)).execute();
  await hub.mailer.enqueue(tx, up.map((r) => statusMessage(hub, e, { ...r, status: 'confirmed' }, true)));
  return up.map((r) => r.id);
}

/** After an event is edited: a raised capacity promotes; a change of time, place or link (or a cancellation) is sent to everyone registered. */
export async function eventChanged(hub: Hub, tx: Executor, eventId: string, o: { notify: boolean; cancelled: boolean; capacityRaised: boolean }): Promise<void> {
  if (o.capacityRaised && !o.cancelled) await promote(hub, tx, eventId);
  if (!o.notify) return;
  const e = await eventRecord(tx, eventId);
  const people = await tx.selectFrom('registrations').selectAll().where('event_id', '=', eventId).where('status', 'in', ['confirmed', 'waitlisted', 'pending']).execute();
  await hub.mailer.enqueue(tx, people.map((r) => changeMessage(hub, e, r)));
}
