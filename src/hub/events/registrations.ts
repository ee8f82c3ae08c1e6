import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { toCsv } from '../../formats/output.js';
import { Questionnaire, answerText, checkSurvey } from '../platform/questionnaire.js';
import { digest, newSecret, signedToken, verifySignedToken } from '../platform/secrets.js';
import { isId, parse } from '../platform/validate.js';
import { giveConsent } from '../stakeholders/consent.js';
import { memberContact, touchContact } from '../stakeholders/contacts.js';
import { labelOf, requireTerm, taxonomies } from '../taxonomy/taxonomy.js';
import { CheckInInput, FeedbackInput, InvitationResponse, InvitationsInput, ModerationInput, RegistrationInput, TokenBody, type AttendeeView, type MyRegistration, type RegistrationStatus } from './contract.js';
import { eventRecord, invitationMessage, statusMessage, type EventRecord } from './event-mail.js';
import { eventCard, eventQuery, eventStatus, feedbackQuestions, managedEvent, organises, visibleEvent } from './events.js';
import { lockEvent, promote } from './promotion.js';
import { registrationView, waitlistPosition, type RegistrationRow } from './registration-view.js';
import { placesLeft } from './waitlist.js';

/** How long a guest's emailed confirmation link works. */
export const CONFIRMATION_HOURS = 48;

/** A code short enough to read out at the door: 10 characters of Crockford's base 32. */
function checkinCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return [...randomBytes(10)].map((b) => alphabet[b & 31]).join('');
}

interface Person {
  userId: string | null;
  name: string;
  email: string;
  organisation: string;
  sector: string | null;
  region: string | null;
}

/** Why an event takes no registration now, or null. */
function closedBecause(e: EventRecord, now: Date): string | null {
  if (e.state !== 'published') return e.state === 'cancelled' ? 'the event is cancelled' : 'the event is not published';
  if (e.registration === 'none') return 'the event takes no registration';
  if (now >= e.starts_at) return 'the event has started';
  if (e.registration_closes_at && now >= e.registration_closes_at) return 'registration has closed';
  return null;
}

async function checkInput(hub: Hub, e: EventRecord, input: ReturnType<typeof RegistrationInput.parse>): Promise<void> {
  const issues = checkSurvey(Questionnaire.parse(e.questions), input.answers);
  if (issues.length) throw new HubError('validation', `${issues[0].field}: ${issues[0].message}`, { issues });
  const all = await taxonomies(hub);
  if (input.sector) requireTerm(all, 'sector', input.sector.toUpperCase(), 'sector');
  if (input.region) requireTerm(all, 'region', input.region, 'region');
}

/**
 * Places a person on an event, holding the event's lock: confirmed while places are free and no one waits, else on
 * the waitlist; awaiting approval when the event is moderated; an invited person's invitation is taken up. The
 * database's unique index refuses a second registration of one person; a cancelled one is taken up again.
 */
async function place(hub: Hub, tx: Executor, e: EventRecord, p: Person, input: ReturnType<typeof RegistrationInput.parse>, source: string): Promise<RegistrationRow> {
  await lockEvent(tx, e.id);
  const now = hub.now();
  const held = await tx
    .selectFrom('registrations')
    .selectAll()
    .where('event_id', '=', e.id)
    .where((eb) => eb.or([eb(sql`lower(email)`, '=', p.email.toLowerCase()), ...(p.userId ? [eb('user_id', '=', p.userId)] : [])]))
    .executeTakeFirst();
  if (held && held.status !== 'cancelled' && held.status !== 'invited') throw new HubError('conflict', `you are already registered for this event (${held.status === 'waitlisted' ? 'on the waitlist' : held.status})`);
  if (e.registration === 'invitation' && held?.status !== 'invited') throw new HubError('forbidden', 'registration for this event is by invitation');
  const counts = await tx
    .selectFrom('registrations')
    .select([sql<number>`count(*) filter (where status = 'confirmed')::int`.as('confirmed'), sql<number>`count(*) filter (where status = 'waitlisted')::int`.as('waiting')])
    .where('event_id', '=', e.id)
    .executeTakeFirstOrThrow();
  const free = placesLeft({ capacity: e.capacity, confirmed: Array.from({ length: counts.confirmed }, String) });
  const status: RegistrationStatus = e.registration === 'moderated' ? 'pending' : free > 0 && counts.waiting === 0 ? 'confirmed' : 'waitlisted';
  const contactId = p.userId ? await memberContact(tx, { kind: 'user', userId: p.userId, email: p.email, profileId: null, roles: new Set() }, now) : await touchContact(tx, p, 'event_registration', now);
  const values = {
    user_id: p.userId,
    contact_id: contactId,
    name: p.name,
    email: p.email.toLowerCase(),
    organisation: p.organisation,
    sector: p.sector,
    region: p.region,
    status,
    answers: JSON.stringify(input.answers),
    waitlisted_at: status === 'waitlisted' ? now : null,
    confirmed_at: status === 'confirmed' ? now : null,
    cancelled_at: null,
    updated_at: now,
  };
  const row = held
    ? await tx.updateTable('registrations').set(values).where('id', '=', held.id).returningAll().executeTakeFirstOrThrow()
    : await tx.insertInto('registrations').values({ ...values, event_id: e.id, checkin_code: checkinCode() }).returningAll().executeTakeFirstOrThrow();
  if (input.keepInformed) {
    await giveConsent(tx, contactId, 'digests', `event registration: ${e.title}`, now);
    await tx.updateTable('contacts').set({ digest_frequency: 'monthly' }).where('id', '=', contactId).where('digest_frequency', '=', 'none').execute();
  }
  await hub.mailer.enqueue(tx, statusMessage(hub, e, row));
  await recordAudit(tx, p.userId, { action: 'events.register', entityType: 'registration', entityId: row.id, after: { event: e.id, status, source } });
  return row;
}

export interface RegistrationOutcome {
  status: string;
  registration: MyRegistration | null;
  message: string;
}

const MESSAGES: Record<string, string> = {
  confirmed: 'Your place is confirmed. A confirmation with the calendar invitation is on its way.',
  waitlisted: 'The event is full: you are on the waitlist. If a place comes free, it goes to the first person waiting, and we email you.',
  pending: 'Thank you: the organisers approve each registration, and we will email you.',
};

/** Registers the viewer: a member at once; a visitor (a guest) once they follow the link emailed to the address they gave. */
export async function register(hub: Hub, viewer: Viewer, idOrSlug: string, raw: unknown): Promise<RegistrationOutcome> {
  authorise(viewer, 'events.register');
  const input = parse(RegistrationInput, raw);
  const found = await visibleEvent(hub.db, viewer, idOrSlug);
  const e = await eventRecord(hub.db, found.id);
  const closed = closedBecause(e, hub.now());
  if (closed) throw new HubError('conflict', `you cannot register: ${closed}`);
  await checkInput(hub, e, input);
  if (viewer.kind === 'visitor') {
    if (!input.name) throw invalid('name', 'is required');
    if (!input.email) throw invalid('email', 'is required: we send a link to it, to check it is yours');
    const secret = newSecret();
    await hub.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('email_confirmations')
        .values({ token_hash: secret.id, purpose: 'registration', email: input.email!, payload: JSON.stringify({ eventId: e.id, input }), expires_at: new Date(hub.now().getTime() + CONFIRMATION_HOURS * 3600_000) })
        .execute();
      await hub.mailer.enqueue(tx, {
        to: input.email!,
        subject: `Confirm your registration for ${e.title}`,
        text: `Hello ${input.name},\n\nTo complete your registration for ${e.title}, confirm your email address (the link works for ${CONFIRMATION_HOURS} hours):\n${hub.baseUrl}/events/confirm?token=${secret.token}\n\nIf you did not register, ignore this email: nothing is kept.\n`,
      });
    });
    return { status: 'check_your_email', registration: null, message: `We have emailed a link to ${input.email}: follow it to complete your registration.` };
  }
  const profile = await hub.db.selectFrom('profiles').select(['name', 'region_code']).where('user_id', '=', viewer.userId).executeTakeFirst();
  const person: Person = { userId: viewer.userId, name: input.name ?? profile?.name ?? viewer.email, email: viewer.email, organisation: input.organisation, sector: input.sector?.toUpperCase() ?? null, region: input.region ?? profile?.region_code ?? null };
  const row = await hub.db.transaction().execute((tx) => place(hub, tx, e, person, input, 'member'));
  return { status: row.status, registration: await registrationView(hub.db, hub, row), message: MESSAGES[row.status] ?? 'Registered.' };
}

/** A guest's registration, completed by the emailed link (a second click changes nothing). */
export async function confirmGuestRegistration(hub: Hub, raw: unknown): Promise<RegistrationOutcome & { event: string; manageToken: string | null }> {
  const { token } = parse(TokenBody, raw);
  const id = digest(token);
  return hub.db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom('email_confirmations').selectAll().where('token_hash', '=', id).where('purpose', '=', 'registration').forUpdate().executeTakeFirst();
    if (!c || c.expires_at <= hub.now()) throw invalid('token', 'this link is not valid or has expired: register again');
    const { eventId, input } = c.payload as { eventId: string; input: ReturnType<typeof RegistrationInput.parse> };
    const e = await eventRecord(tx, eventId);
    if (c.used_at) {
      const held = await tx.selectFrom('registrations').selectAll().where('event_id', '=', eventId).where(sql`lower(email)`, '=', c.email.toLowerCase()).executeTakeFirst();
      if (!held) throw invalid('token', 'this link has been used');
      return { status: held.status, registration: await registrationView(tx, hub, held), message: MESSAGES[held.status] ?? 'Registered.', event: e.slug, manageToken: null };
    }
    await tx.updateTable('email_confirmations').set({ used_at: hub.now() }).where('token_hash', '=', id).execute();
    const closed = closedBecause(e, hub.now());
    if (closed) throw new HubError('conflict', `you cannot register: ${closed}`);
    const row = await place(hub, tx, e, { userId: null, name: input.name!, email: c.email, organisation: input.organisation, sector: input.sector?.toUpperCase() ?? null, region: input.region ?? null }, input, 'guest');
    return { status: row.status, registration: await registrationView(tx, hub, row), message: MESSAGES[row.status] ?? 'Registered.', event: e.slug, manageToken: signedToken(hub.linkKey, 'registration', row.id) };
  });
}

/** The registration a guest's link names. */
async function registrationOfToken(hub: Hub, db: Executor, token: string): Promise<RegistrationRow> {
  const id = await verifySignedToken(hub.linkKey, 'registration', token);
  const row = id && isId(id) ? await db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw invalid('token', 'this link is not valid');
  return row;
}

/** A registration seen by its emailed link: the event, its status, the check-in code. */
export async function registrationByToken(hub: Hub, raw: unknown) {
  const { token } = parse(TokenBody, raw);
  const r = await registrationOfToken(hub, hub.db, token);
  const all = await taxonomies(hub);
  const e = await eventQuery(hub.db).where('e.id', '=', r.event_id).executeTakeFirstOrThrow();
  return { event: eventCard(all, e, hub.now()), registration: await registrationView(hub.db, hub, r), name: r.name, feedbackQuestions: feedbackQuestions(e), questions: Questionnaire.parse(e.questions), onlineUrl: r.status === 'confirmed' ? e.online_url : null };
}

async function cancelRow(hub: Hub, tx: Executor, r: RegistrationRow, actor: Viewer | string | null): Promise<RegistrationRow> {
  await lockEvent(tx, r.event_id);
  const current = await tx.selectFrom('registrations').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
  if (current.status === 'cancelled' || current.status === 'declined') return current;
  const e = await eventRecord(tx, r.event_id);
  if (e.ends_at <= hub.now()) throw new HubError('conflict', 'the event is over');
  const now = hub.now();
  const row = await tx.updateTable('registrations').set({ status: 'cancelled', cancelled_at: now, waitlisted_at: null, updated_at: now }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
  await hub.mailer.enqueue(tx, statusMessage(hub, e, row));
  if (current.status === 'confirmed') await promote(hub, tx, e.id);
  await recordAudit(tx, actor, { action: 'events.cancel_registration', entityType: 'registration', entityId: r.id, after: { was: current.status } });
  return row;
}

/** Cancels a registration: its registrant (a member) or the event's organisers. A confirmed place goes to the first person waiting. */
export async function cancelRegistration(hub: Hub, viewer: Viewer, registrationId: string): Promise<MyRegistration> {
  if (viewer.kind === 'visitor') throw new HubError('unauthenticated', 'sign in to do this, or use the link in your confirmation email');
  return hub.db.transaction().execute(async (tx) => {
    const r = isId(registrationId) ? await tx.selectFrom('registrations').selectAll().where('id', '=', registrationId).executeTakeFirst() : undefined;
    if (!r) throw notFound('registration');
    const own = viewer.kind === 'user' && r.user_id === viewer.userId;
    if (!own && !(await organises(tx, viewer, r.event_id))) throw notFound('registration');
    return registrationView(tx, hub, await cancelRow(hub, tx, r, viewer));
  });
}

/** Cancels a registration by its emailed link (guests). */
export async function cancelByToken(hub: Hub, raw: unknown): Promise<MyRegistration> {
  const { token } = parse(TokenBody, raw);
  return hub.db.transaction().execute(async (tx) => {
    const r = await registrationOfToken(hub, tx, token);
    return registrationView(tx, hub, await cancelRow(hub, tx, r, null));
  });
}

/** Accepts or declines an invitation by its emailed link (the answers to the event's questions with it). */
export async function respondToInvitation(hub: Hub, raw: unknown): Promise<MyRegistration> {
  const input = parse(InvitationResponse, raw);
  return hub.db.transaction().execute(async (tx) => {
    const r = await registrationOfToken(hub, tx, input.token);
    if (r.status !== 'invited') throw new HubError('conflict', 'this invitation has already been answered');
    const e = await eventRecord(tx, r.event_id);
    if (!input.accept) {
      const row = await tx.updateTable('registrations').set({ status: 'cancelled', cancelled_at: hub.now(), updated_at: hub.now() }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
      return registrationView(tx, hub, row);
    }
    const closed = closedBecause(e, hub.now());
    if (closed) throw new HubError('conflict', `you cannot register: ${closed}`);
    const reg = parse(RegistrationInput, { answers: input.answers });
    await checkInput(hub, e, reg);
    const row = await place(hub, tx, e, { userId: r.user_id, name: r.name, email: r.email, organisation: r.organisation, sector: r.sector, region: r.region }, reg, 'invitation');
    return registrationView(tx, hub, row);
  });
}

/** Invites people by email to an event (its organisers); those already registered or invited are left as they are. */
export async function inviteToEvent(hub: Hub, viewer: Viewer, idOrSlug: string, raw: unknown): Promise<{ invited: number; alreadyThere: number }> {
  const { invitees } = parse(InvitationsInput, raw);
  return hub.db.transaction().execute(async (tx) => {
    const found = await managedEvent(tx, viewer, idOrSlug);
    const e = await eventRecord(tx, found.id);
    if (e.state !== 'published') throw new HubError('conflict', 'publish the event before inviting people to it');
    const users = await tx.selectFrom('users').select(['id', sql<string>`lower(email)`.as('email')]).where(sql`lower(email)`, 'in', invitees.map((i) => i.email)).execute();
    const userOf = new Map(users.map((u) => [u.email, u.id]));
    const rows = await tx
      .insertInto('registrations')
      .values(invitees.map((i) => ({ event_id: e.id, user_id: userOf.get(i.email) ?? null, name: i.name, email: i.email, status: 'invited' as const, answers: '{}', checkin_code: checkinCode() })))
      .onConflict((oc) => oc.expression(sql`event_id, lower(email)`).doNothing())
      .returningAll()
      .execute();
    await hub.mailer.enqueue(tx, rows.map((r) => invitationMessage(hub, e, r)));
    await recordAudit(tx, viewer, { action: 'events.invite', entityType: 'event', entityId: e.id, after: { invited: rows.length } });
    return { invited: rows.length, alreadyThere: invitees.length - rows.length };
  });
}

/** Approves or declines a registration awaiting approval (the event's organisers). Approved: confirmed if a place is free, else waitlisted. */
export async function moderateRegistration(hub: Hub, viewer: Viewer, registrationId: string, raw: unknown): Promise<AttendeeView> {
  if (viewer.kind === 'visitor') throw new HubError('unauthenticated', 'sign in to do this');
  const m = parse(ModerationInput, raw);
  const row = await hub.db.transaction().execute(async (tx) => {
    const r = isId(registrationId) ? await tx.selectFrom('registrations').selectAll().where('id', '=', registrationId).executeTakeFirst() : undefined;
    if (!r || !(await organises(tx, viewer, r.event_id))) throw notFound('registration');
    await lockEvent(tx, r.event_id);
    const current = await tx.selectFrom('registrations').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    if (current.status !== 'pending') throw new HubError('conflict', `the registration is ${current.status}, not awaiting approval`);
    const e = await eventRecord(tx, r.event_id);
    const confirmed = await tx.selectFrom('registrations').select(sql<number>`count(*)::int`.as('n')).where('event_id', '=', e.id).where('status', '=', 'confirmed').executeTakeFirstOrThrow();
    const waiting = await tx.selectFrom('registrations').select(sql<number>`count(*)::int`.as('n')).where('event_id', '=', e.id).where('status', '=', 'waitlisted').executeTakeFirstOrThrow();
    const free = placesLeft({ capacity: e.capacity, confirmed: Array.from({ length: confirmed.n }, String) });
    const now = hub.now();
    const status: RegistrationStatus = !m.approve ? 'declined' : free > 0 && waiting.n === 0 ? 'confirmed' : 'waitlisted';
    const next = await tx
      .updateTable('registrations')
      .set({ status, confirmed_at: status === 'confirmed' ? now : null, waitlisted_at: status === 'waitlisted' ? now : null, updated_at: now })
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await hub.mailer.enqueue(tx, statusMessage(hub, e, next));
    await recordAudit(tx, viewer, { action: 'events.moderate', entityType: 'registration', entityId: r.id, after: { status, note: m.note } });
    return next;
  });
  return attendeeOf(hub, row);
}

async function attendeeOf(hub: Hub, r: RegistrationRow): Promise<AttendeeView> {
  const all = await taxonomies(hub);
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    organisation: r.organisation,
    sector: r.sector ? { code: r.sector, label: labelOf(all, 'sector', r.sector) } : null,
    region: r.region ? { code: r.region, label: labelOf(all, 'region', r.region) } : null,
    member: r.user_id !== null,
    status: r.status === 'unverified' ? 'pending' : r.status,
    position: await waitlistPosition(hub.db, r),
    answers: r.answers,
    registeredAt: r.created_at.toISOString(),
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
    checkinCode: r.checkin_code,
  };
}

/** The event's registrations, searchable by name, email, organisation or code (its organisers). */
export async function attendees(hub: Hub, viewer: Viewer, idOrSlug: string, query: { q?: string; status?: string }): Promise<AttendeeView[]> {
  const e = await managedEvent(hub.db, viewer, idOrSlug);
  const all = await taxonomies(hub);
  let q = hub.db.selectFrom('registrations as r').selectAll('r').where('r.event_id', '=', e.id);
  if (query.status) q = q.where('r.status', '=', query.status as RegistrationStatus);
  if (query.q?.trim()) {
    const like = `%${query.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('r.name', 'ilike', like), eb('r.email', 'ilike', like), eb('r.organisation', 'ilike', like), eb('r.checkin_code', '=', query.q!.trim().toUpperCase())]));
  }
  const rows = await q.orderBy(sql`case r.status when 'confirmed' then 0 when 'pending' then 1 when 'waitlisted' then 2 when 'invited' then 3 else 4 end`).orderBy('r.waitlisted_at').orderBy('r.name').execute();
  // waitlist positions in one pass: they are the order of the waiting rows
  let n = 0;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    organisation: r.organisation,
    sector: r.sector ? { code: r.sector, label: labelOf(all, 'sector', r.sector) } : null,
    region: r.region ? { code: r.region, label: labelOf(all, 'region', r.region) } : null,
    member: r.user_id !== null,
    status: r.status === 'unverified' ? 'pending' : r.status,
    position: r.status === 'waitlisted' && !query.q && !query.status ? ++n : null,
    answers: r.answers,
    registeredAt: r.created_at.toISOString(),
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
    checkinCode: r.checkin_code,
  }));
}

/** Checks a confirmed registrant in (or undoes it) by their code or their registration (the event's organisers): their attendance. */
export async function checkIn(hub: Hub, viewer: Viewer, idOrSlug: string, raw: unknown): Promise<AttendeeView> {
  const c = parse(CheckInInput, raw);
  if (!c.code && !c.registrationId) throw invalid('code', 'give the check-in code or the registration');
  const row = await hub.db.transaction().execute(async (tx) => {
    const e = await managedEvent(tx, viewer, idOrSlug);
    let q = tx.selectFrom('registrations').selectAll().where('event_id', '=', e.id);
    q = c.code ? q.where('checkin_code', '=', c.code.toUpperCase()) : q.where('id', '=', c.registrationId!);
    const r = await q.executeTakeFirst();
    if (!r) throw invalid(c.code ? 'code' : 'registrationId', 'matches no registration for this event');
    if (r.status !== 'confirmed') throw invalid(c.code ? 'code' : 'registrationId', `${r.name}'s registration is ${r.status}, not confirmed`);
    const next = await tx.updateTable('registrations').set({ checked_in_at: c.undo ? null : (r.checked_in_at ?? hub.now()), updated_at: hub.now() }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
    if (!c.undo && r.contact_id) await tx.updateTable('contacts').set({ last_active_at: hub.now() }).where('id', '=', r.contact_id).execute();
    await recordAudit(tx, viewer, { action: c.undo ? 'events.check_in_undo' : 'events.check_in', entityType: 'registration', entityId: r.id });
    return next;
  });
  return attendeeOf(hub, row);
}

async function saveFeedback(hub: Hub, tx: Executor, r: RegistrationRow, answers: Record<string, unknown>): Promise<MyRegistration> {
  const e = await eventQuery(tx).where('e.id', '=', r.event_id).executeTakeFirstOrThrow();
  if (eventStatus(e, hub.now()) !== 'past') throw new HubError('conflict', 'feedback opens when the event is over');
  if (!r.checked_in_at) throw new HubError('forbidden', 'feedback is asked of those who attended');
  if (r.feedback_at) throw new HubError('conflict', 'you have given your feedback: thank you');
  const issues = checkSurvey(feedbackQuestions(e), answers);
  if (issues.length) throw new HubError('validation', `${issues[0].field}: ${issues[0].message}`, { issues });
  const row = await tx.updateTable('registrations').set({ feedback: JSON.stringify(answers), feedback_at: hub.now() }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
  return registrationView(tx, hub, row);
}

/** The feedback survey, answered once by someone who attended: a member signed in, or a guest by their link. */
export async function giveFeedback(hub: Hub, viewer: Viewer, idOrSlug: string, raw: unknown): Promise<MyRegistration> {
  const { answers } = parse(FeedbackInput, raw);
  if (viewer.kind !== 'user') throw new HubError('unauthenticated', 'sign in to do this');
  return hub.db.transaction().execute(async (tx) => {
    const e = await visibleEvent(tx, viewer, idOrSlug);
    const r = await tx.selectFrom('registrations').selectAll().where('event_id', '=', e.id).where('user_id', '=', viewer.userId).executeTakeFirst();
    if (!r) throw new HubError('forbidden', 'feedback is asked of those who attended');
    return saveFeedback(hub, tx, r, answers);
  });
}

export async function giveFeedbackByToken(hub: Hub, raw: unknown): Promise<MyRegistration> {
  const { token, answers } = parse(FeedbackInput.extend({ token: TokenBody.shape.token }), raw);
  return hub.db.transaction().execute(async (tx) => saveFeedback(hub, tx, await registrationOfToken(hub, tx, token), answers));
}

/** The attendee list as CSV (the event's organisers): for badges and the door. */
export async function attendeesCsv(hub: Hub, viewer: Viewer, idOrSlug: string): Promise<string> {
  const e = await managedEvent(hub.db, viewer, idOrSlug);
  const questions = Questionnaire.parse(e.questions);
  const rows = await attendees(hub, viewer, idOrSlug, {});
  const columns = ['name', 'email', 'organisation', 'sector', 'region', 'member', 'status', 'waitlist_position', 'registered_at', 'checked_in_at', 'checkin_code', ...questions.map((q) => q.id)];
  return toCsv(
    columns,
    rows.map((r) => ({
      name: r.name,
      email: r.email,
      organisation: r.organisation,
      sector: r.sector?.code ?? '',
      region: r.region?.code ?? '',
      member: r.member ? 'yes' : 'no',
      status: r.status,
      waitlist_position: r.position,
      registered_at: r.registeredAt,
      checked_in_at: r.checkedInAt ?? '',
      checkin_code: r.checkinCode,
      ...Object.fromEntries(questions.map((q) => [q.id, answerText(q, r.answers[q.id])])),
    })),
    { spreadsheetSafe: true },
  );
}

