import { sql } from 'kysely';
import QRCode from 'qrcode';
import type { Executor } from '../../db/connection.js';
import type { Selectable } from 'kysely';
import type { RegistrationsTable } from '../../db/schema.js';
import type { Hub } from '../platform/context.js';
import type { MyRegistration } from './contract.js';

export type RegistrationRow = Selectable<RegistrationsTable>;

/** The address a check-in QR code holds: the organisers' check-in page with the registration's code. */
export const checkInUrl = (hub: Hub, eventSlug: string, code: string) => `${hub.baseUrl}/events/${eventSlug}/check-in?code=${encodeURIComponent(code)}`;

/** The check-in QR code, as SVG. */
export function checkInQr(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** A place on the waitlist: 1 is next. */
export async function waitlistPosition(db: Executor, r: Pick<RegistrationRow, 'event_id' | 'status' | 'waitlisted_at' | 'id'>): Promise<number | null> {
  if (r.status !== 'waitlisted' || !r.waitlisted_at) return null;
  const ahead = await db
    .selectFrom('registrations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('event_id', '=', r.event_id)
    .where('status', '=', 'waitlisted')
    .where((eb) => eb.or([eb('waitlisted_at', '<', r.waitlisted_at!), eb.and([eb('waitlisted_at', '=', r.waitlisted_at!), eb('id', '<', r.id)])]))
    .executeTakeFirstOrThrow();
  return ahead.n + 1;
}

/** A registration as its registrant sees it (the code and QR once confirmed). */
export async function registrationView(db: Executor, hub: Hub, r: RegistrationRow): Promise<MyRegistration> {
  const confirmed = r.status === 'confirmed';
  const slug = confirmed ? (await db.selectFrom('events').select('slug').where('id', '=', r.event_id).executeTakeFirstOrThrow()).slug : '';
  return {
    id: r.id,
    status: r.status === 'unverified' ? 'pending' : r.status,
    position: await waitlistPosition(db, r),
    checkinCode: confirmed ? r.checkin_code : null,
    qrSvg: confirmed ? await checkInQr(checkInUrl(hub, slug, r.checkin_code)) : null,
    answers: r.answers,
    checkedIn: r.checked_in_at !== null,
    feedbackGiven: r.feedback_at !== null,
  };
}
