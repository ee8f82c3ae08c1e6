import icalGenerator, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/connection.js';
import type { EventsTable } from '../../db/schema.js';
import type { Hub } from '../platform/context.js';
import type { MailMessage } from '../platform/mail.js';
import { signedToken } from '../platform/secrets.js';
import { zonedTime } from './event-time.js';
import { checkInUrl, type RegistrationRow } from './registration-view.js';

export type EventRecord = Selectable<EventsTable>;

/** An event's iCalendar UID: the same for every copy and update of it, so calendars replace it. */
export const eventUid = (eventId: string) => `${eventId}@proximity`;

export interface CalendarOptions {
  name: string;
  /** PUBLISH for feeds and invitations; CANCEL to take a cancelled event out of calendars. */
  method?: 'publish' | 'cancel';
  /** Whether an event's join link goes in (a confirmed registrant's own copy or feed). */
  withJoinLinks?: boolean | ((e: EventRecord) => boolean);
}

/** Events as an iCalendar file: times in UTC (right across daylight-saving changes), each with its UID and SEQUENCE. */
export function eventsCalendar(hub: Hub, events: EventRecord[], o: CalendarOptions): string {
  const cal = icalGenerator({ name: o.name, prodId: { company: 'Proximity', product: 'events', language: 'EN' }, method: o.method === 'cancel' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH });
  for (const e of events) {
    const url = `${hub.baseUrl}/events/${e.slug}`;
    const place = [e.venue_name, e.venue_address].filter(Boolean).join(', ');
    const links = typeof o.withJoinLinks === 'function' ? o.withJoinLinks(e) : o.withJoinLinks === true;
    const join = links && e.online_url ? e.online_url : null;
    cal.createEvent({
      id: eventUid(e.id),
      sequence: e.sequence,
      start: e.starts_at,
      end: e.ends_at,
      stamp: e.updated_at,
      summary: e.title,
      description: [e.summary, join ? `Join: ${join}` : e.online_url ? 'The join link is sent to confirmed registrants.' : '', url].filter(Boolean).join('\n\n'),
      location: place || (join ?? (e.format === 'online' ? 'Online' : null)),
      url,
      status: e.state === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}

const when = (e: EventRecord) => {
  const s = zonedTime(e.starts_at, e.timezone);
  const end = zonedTime(e.ends_at, e.timezone);
  const sameDay = s.local.slice(0, 10) === end.local.slice(0, 10);
  return `${s.local.replace('T', ' ')} to ${sameDay ? end.local.slice(11) : end.local.replace('T', ' ')} ${s.abbreviation === end.abbreviation ? s.abbreviation : `${s.abbreviation}/${end.abbreviation}`} (${e.timezone})`;
};

const where = (e: EventRecord, confirmed: boolean) =>
  [e.venue_name ? `Venue: ${[e.venue_name, e.venue_address].filter(Boolean).join(', ')}` : '', e.online_url ? (confirmed ? `Join online: ${e.online_url}` : 'Online: the join link comes when your place is confirmed.') : ''].filter(Boolean).join('\n');

/** The link a guest manages their registration by (see it, cancel it, give feedback). */
export const manageLink = (hub: Hub, registrationId: string) => `${hub.baseUrl}/registrations/manage?token=${signedToken(hub.linkKey, 'registration', registrationId)}`;

const ics = (hub: Hub, e: EventRecord, withJoinLinks: boolean) => ({ filename: 'invite.ics', contentType: 'text/calendar; charset=utf-8; method=' + (e.state === 'cancelled' ? 'CANCEL' : 'PUBLISH'), content: eventsCalendar(hub, [e], { name: e.title, method: e.state === 'cancelled' ? 'cancel' : 'publish', withJoinLinks }) });

/** What a registrant is told when their registration reaches a status (with the calendar invitation once confirmed). */
export function statusMessage(hub: Hub, e: EventRecord, r: Pick<RegistrationRow, 'id' | 'name' | 'email' | 'status' | 'checkin_code'>, promoted = false): MailMessage {
  const manage = manageLink(hub, r.id);
  const head = `Hello ${r.name},\n\n`;
  const foot = `\n\nThe event: ${hub.baseUrl}/events/${e.slug}\nYour registration (to see it or cancel it): ${manage}\n`;
  switch (r.status) {
    case 'confirmed':
      return {
        to: r.email,
        subject: `${promoted ? 'A place has come up: you are' : 'You are'} registered for ${e.title}`,
        text: `${head}${promoted ? 'A place has come free and it is yours: ' : ''}your place at ${e.title} is confirmed.\n\nWhen: ${when(e)}\n${where(e, true)}\n\nAt the door, show your check-in code ${r.checkin_code} (or its QR code on your registration page: ${checkInUrl(hub, e.slug, r.checkin_code)}).\nThe calendar invitation is attached.${promoted ? '\n\nIf you can no longer come, please cancel, so that the next person waiting gets the place.' : ''}${foot}`,
        attachments: [ics(hub, e, true)],
      };
    case 'waitlisted':
      return { to: r.email, subject: `You are on the waitlist for ${e.title}`, text: `${head}${e.title} is full, so you are on its waitlist. If a place comes free, it goes to the first person waiting, and we will email you at once.\n\nWhen: ${when(e)}${foot}` };
    case 'pending':
      return { to: r.email, subject: `Your registration for ${e.title} is awaiting approval`, text: `${head}Thank you for registering for ${e.title}. Its organisers approve each registration; we will email you when they have.\n\nWhen: ${when(e)}${foot}` };
    case 'declined':
      return { to: r.email, subject: `Your registration for ${e.title}`, text: `${head}We are sorry: the organisers of ${e.title} could not offer you a place this time.${foot}` };
    case 'cancelled':
      return { to: r.email, subject: `Your registration for ${e.title} is cancelled`, text: `${head}Your registration for ${e.title} (${when(e)}) is cancelled.${foot}` };
    default:
      return { to: r.email, subject: `You are invited to ${e.title}`, text: `${head}You are invited to ${e.title}.\n\nWhen: ${when(e)}\n${where(e, false)}${foot}` };
  }
}

/** An invitation to an event by invitation only, with the link to accept it. */
export function invitationMessage(hub: Hub, e: EventRecord, r: Pick<RegistrationRow, 'id' | 'name' | 'email'>): MailMessage {
  return {
    to: r.email,
    subject: `Invitation: ${e.title}`,
    text: `Hello ${r.name},\n\nYou are invited to ${e.title}.\n\n${e.summary}\n\nWhen: ${when(e)}\n${where(e, false)}\n\nTo accept or decline: ${manageLink(hub, r.id)}\n`,
  };
}

/** The updated invitation when an event's time, place or link changes, or it is cancelled (the same UID, the next sequence). */
export function changeMessage(hub: Hub, e: EventRecord, r: Pick<RegistrationRow, 'id' | 'name' | 'email' | 'status'>): MailMessage {
  const confirmed = r.status === 'confirmed';
  return e.state === 'cancelled'
    ? { to: r.email, subject: `Cancelled: ${e.title}`, text: `Hello ${r.name},\n\nWe are sorry: ${e.title} (${when(e)}) is cancelled. The attached file takes it out of your calendar.\n`, attachments: [ics(hub, e, false)] }
    : {
        to: r.email,
        subject: `Changed: ${e.title}`,
        text: `Hello ${r.name},\n\n${e.title} has changed. It is now:\n\nWhen: ${when(e)}\n${where(e, confirmed)}\n\n${confirmed ? 'The attached invitation updates your calendar.' : 'You are still ' + (r.status === 'waitlisted' ? 'on the waitlist.' : 'registered.')}\nYour registration: ${manageLink(hub, r.id)}\n`,
        ...(confirmed && { attachments: [ics(hub, e, true)] }),
      };
}

/** The reminder 7 days or 1 day before. */
export function reminderMessage(hub: Hub, e: EventRecord, r: Pick<RegistrationRow, 'id' | 'name' | 'email' | 'checkin_code'>, kind: '7d' | '1d'): MailMessage {
  return {
    to: r.email,
    subject: `${kind === '7d' ? 'Next week' : 'Tomorrow'}: ${e.title}`,
    text: `Hello ${r.name},\n\nA reminder: ${e.title} is ${kind === '7d' ? 'in a week' : 'tomorrow'}.\n\nWhen: ${when(e)}\n${where(e, true)}\n\nYour check-in code: ${r.checkin_code}\nCannot come? Please cancel, so that someone waiting gets your place: ${manageLink(hub, r.id)}\n`,
    attachments: [ics(hub, e, true)],
  };
}

export function feedbackMessage(hub: Hub, e: EventRecord, r: Pick<RegistrationRow, 'id' | 'name' | 'email'>): MailMessage {
  return { to: r.email, subject: `How was ${e.title}?`, text: `Hello ${r.name},\n\nThank you for coming to ${e.title}. Four short questions tell us what to keep and what to change:\n${manageLink(hub, r.id)}\n\nThe recordings, slides and outputs are linked from the event's page as they are published: ${hub.baseUrl}/events/${e.slug}\n` };
}

/** An event's record, for messages. */
export async function eventRecord(db: Executor, id: string): Promise<EventRecord> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
