import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { toAtom, type Feed } from '../../formats/feeds.js';
import { authorise, can, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { HubError, invalid, notFound } from '../platform/errors.js';
import { fromLondon } from '../platform/london-time.js';
import { renderMarkdown } from '../platform/markdown.js';
import type { TermView } from '../platform/model.js';
import { Questionnaire, type SurveyQuestion } from '../platform/questionnaire.js';
import { isId, parse } from '../platform/validate.js';
import { labelOf, requireTerm, taxonomies, type Taxonomies } from '../taxonomy/taxonomy.js';
import { EventInput, EventPatch, EventQuery, Speaker, type EventCard, type EventView, type MyRegistration } from './contract.js';
import { checkZone, instantIn, zonedTime } from './event-time.js';
import { eventChanged } from './promotion.js';
import { registrationView } from './registration-view.js';

const EVENT_TERMS = { themes: 'theme', technologies: 'technology', sectors: 'sector' } as const;

/** The feedback survey an event gets unless its organisers write their own. */
export const DEFAULT_FEEDBACK: SurveyQuestion[] = Questionnaire.parse([
  { id: 'overall', type: 'scale', label: 'Overall, how useful was the event to you?', min: 1, max: 5, minLabel: 'Not useful', maxLabel: 'Very useful', required: true },
  { id: 'new_contacts', type: 'yes_no', label: 'Did you meet someone you plan to work with?' },
  { id: 'next_step', type: 'choice', label: 'What will you do next with what you heard?', options: ['Use it in my work', 'Share it in my organisation', 'Follow up with a speaker or participant', 'Nothing yet'] },
  { id: 'comments', type: 'text', label: 'What should we keep or change?', maxLength: 2000 },
]);

/** Events with their type's name, terms and places taken. */
export function eventQuery(db: Executor) {
  return db
    .selectFrom('events as e')
    .innerJoin('event_types as t', 't.code', 'e.type')
    .selectAll('e')
    .select('t.name as type_name')
    .select(sql<{ taxonomy: string; code: string }[]>`coalesce((select json_agg(json_build_object('taxonomy', x.taxonomy, 'code', x.code) order by x.taxonomy, x.code) from event_terms x where x.event_id = e.id), '[]'::json)`.as('terms'))
    .select(sql<number>`(select count(*) from registrations r where r.event_id = e.id and r.status = 'confirmed')::int`.as('confirmed'))
    .select(sql<number>`(select count(*) from registrations r where r.event_id = e.id and r.status = 'waitlisted')::int`.as('waitlisted'))
    .select(sql<number>`(select count(*) from registrations r where r.event_id = e.id and r.status = 'pending')::int`.as('pending'))
    .select(sql<number>`(select count(*) from event_outputs o where o.event_id = e.id)::int`.as('output_count'));
}
export type EventRow = Awaited<ReturnType<ReturnType<typeof eventQuery>['executeTakeFirstOrThrow']>>;

/** Whether the viewer organises the event (named on it) or manages every event. */
export async function organises(db: Executor, viewer: Viewer, eventId: string): Promise<boolean> {
  if (can(viewer, 'events.manage_any')) return true;
  if (viewer.kind !== 'user') return false;
  return (await db.selectFrom('event_organisers').select('user_id').where('event_id', '=', eventId).where('user_id', '=', viewer.userId).executeTakeFirst()) !== undefined;
}

async function eventRow(db: Executor, idOrSlug: string): Promise<EventRow> {
  const row = await eventQuery(db).where(isId(idOrSlug) ? 'e.id' : 'e.slug', '=', idOrSlug).executeTakeFirst();
  if (!row) throw notFound('event');
  return row;
}

/** An event the viewer may see: published and cancelled ones to everyone, drafts to their organisers. */
export async function visibleEvent(db: Executor, viewer: Viewer, idOrSlug: string): Promise<EventRow> {
  const row = await eventRow(db, idOrSlug);
  if (row.state === 'draft' && !(await organises(db, viewer, row.id))) throw notFound('event');
  return row;
}

/** An event the viewer organises (any other: not found if they may not see it, else forbidden). */
export async function managedEvent(db: Executor, viewer: Viewer, idOrSlug: string): Promise<EventRow> {
  const row = await visibleEvent(db, viewer, idOrSlug);
  if (!(await organises(db, viewer, row.id))) throw new HubError(viewer.kind === 'visitor' ? 'unauthenticated' : 'forbidden', 'only the event’s organisers may do this');
  return row;
}

export function eventStatus(row: Pick<EventRow, 'state' | 'starts_at' | 'ends_at'>, now: Date): EventCard['status'] {
  if (row.state === 'draft') return 'draft';
  if (row.state === 'cancelled') return 'cancelled';
  if (now < row.starts_at) return 'upcoming';
  return now < row.ends_at ? 'ongoing' : 'past';
}

const termsOf = (all: Taxonomies, row: Pick<EventRow, 'terms'>, taxonomy: 'theme' | 'technology' | 'sector'): TermView[] =>
  row.terms.filter((t) => t.taxonomy === taxonomy).map((t) => ({ code: t.code, label: labelOf(all, taxonomy, t.code) }));

export function eventCard(all: Taxonomies, row: EventRow, now: Date): EventCard {
  return {
    id: row.id,
    slug: row.slug,
    type: { code: row.type, label: row.type_name },
    title: row.title,
    summary: row.summary,
    startsAt: zonedTime(row.starts_at, row.timezone),
    endsAt: zonedTime(row.ends_at, row.timezone),
    format: row.format,
    venueName: row.venue_name,
    region: row.region ? { code: row.region, label: labelOf(all, 'region', row.region) } : null,
    themes: termsOf(all, row, 'theme'),
    registration: row.registration,
    status: eventStatus(row, now),
    places: { capacity: row.capacity, confirmed: row.confirmed, waitlisted: row.waitlisted, pending: row.pending, left: row.capacity === null ? null : Math.max(0, row.capacity - row.confirmed) },
    outputs: row.output_count,
    isExample: row.is_example,
  };
}

/** The published and cancelled events with their places, as every viewer sees them, held per hub until one changes. */
const publicRows = new WeakMap<Hub, { version: number; rows: Promise<EventRow[]> }>();

async function listedRows(hub: Hub): Promise<EventRow[]> {
  const { version } = await hub.db.selectFrom('events_state').select('version').executeTakeFirstOrThrow();
  const held = publicRows.get(hub);
  if (held && held.version === version) return held.rows;
  const rows = eventQuery(hub.db).where('e.state', '<>', 'draft').orderBy('e.starts_at').execute();
  publicRows.set(hub, { version, rows });
  rows.catch(() => publicRows.delete(hub));
  return rows;
}

/** Whether an event passes a listing's filters at an instant. */
function listed(e: EventRow, q: ReturnType<typeof EventQuery.parse>, now: Date, range: { from?: Date; to?: Date }, words: string[]): boolean {
  if (q.when === 'upcoming' && e.ends_at <= now) return false;
  if (q.when === 'past' && e.ends_at > now) return false;
  if (q.type?.length && !q.type.includes(e.type)) return false;
  if (q.theme?.length && !e.terms.some((t) => t.taxonomy === 'theme' && q.theme!.includes(t.code))) return false;
  if (q.region?.length && !(e.region && q.region.some((r) => e.region === r.toUpperCase() || e.region!.slice(0, 3) === r.toUpperCase()))) return false;
  if (q.format === 'online' && e.format === 'in_person') return false;
  if (q.format === 'in_person' && e.format === 'online') return false;
  if (range.from && e.ends_at <= range.from) return false;
  if (range.to && e.starts_at >= range.to) return false;
  const text = words.length ? `${e.title} ${e.summary} ${e.venue_name ?? ''} ${e.type_name}`.toLowerCase() : '';
  return words.every((w) => text.includes(w));
}

/**
 * Events, filtered: upcoming (soonest first) or past (latest first), by type, theme, region (an ITL1 region takes in
 * its ITL2 regions), format, dates (London days) and words. The public events come from a copy held until an event,
 * its terms, outputs or registrations change (so a listing costs one small query); drafts are added for those who
 * may see them.
 */
export async function listEvents(hub: Hub, viewer: Viewer, query: unknown): Promise<EventCard[]> {
  authorise(viewer, 'events.read');
  const q = parse(EventQuery, query);
  const day = (d: string, field: string) => {
    const r = fromLondon(`${d}T00:00`);
    if ('error' in r) throw invalid(field, r.error);
    return r.at;
  };
  const range = { from: q.from ? day(q.from, 'from') : undefined, to: q.to ? new Date(day(q.to, 'to').getTime() + 86_400_000) : undefined };
  const [all, rows] = await Promise.all([taxonomies(hub), listedRows(hub)]);
  let candidates = rows;
  if (viewer.kind === 'user') {
    const drafts = can(viewer, 'events.manage_any')
      ? await eventQuery(hub.db).where('e.state', '=', 'draft').execute()
      : await eventQuery(hub.db).where('e.state', '=', 'draft').where((eb) => eb.exists(eb.selectFrom('event_organisers as o').select('o.user_id').whereRef('o.event_id', '=', 'e.id').where('o.user_id', '=', viewer.userId))).execute();
    if (drafts.length) candidates = [...rows, ...drafts];
    if (q.mine === 'true') {
      const mine = await hub.db
        .selectFrom('registrations')
        .select('event_id')
        .where('user_id', '=', viewer.userId)
        .where('status', 'in', ['confirmed', 'waitlisted', 'pending', 'invited'])
        .union(hub.db.selectFrom('event_organisers').select('event_id').where('user_id', '=', viewer.userId))
        .execute();
      const ids = new Set(mine.map((m) => m.event_id));
      candidates = candidates.filter((e) => ids.has(e.id));
    }
  } else if (q.mine === 'true') return [];
  const now = hub.now();
  const words = (q.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const out = candidates.filter((e) => listed(e, q, now, range, words)).sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
  if (q.when === 'past') out.reverse();
  return out.slice(0, 500).map((r) => eventCard(all, r, now));
}

async function myRegistration(hub: Hub, viewer: Viewer, row: EventRow): Promise<MyRegistration | null> {
  if (viewer.kind !== 'user') return null;
  const r = await hub.db.selectFrom('registrations').selectAll().where('event_id', '=', row.id).where((eb) => eb.or([eb('user_id', '=', viewer.userId), eb(sql`lower(email)`, '=', viewer.email.toLowerCase())])).executeTakeFirst();
  if (!r) return null;
  return registrationView(hub.db, hub, r);
}

export async function getEvent(hub: Hub, viewer: Viewer, idOrSlug: string): Promise<EventView> {
  authorise(viewer, 'events.read');
  const [all, row] = await Promise.all([taxonomies(hub), visibleEvent(hub.db, viewer, idOrSlug)]);
  const now = hub.now();
  const [sessions, organisers, outputs, mine, manage] = await Promise.all([
    hub.db.selectFrom('event_sessions').selectAll().where('event_id', '=', row.id).orderBy('position').execute(),
    hub.db.selectFrom('event_organisers as o').innerJoin('users as u', 'u.id', 'o.user_id').leftJoin('profiles as p', 'p.user_id', 'u.id').select(['p.id as profile_id', 'p.name', 'u.email']).where('o.event_id', '=', row.id).execute(),
    hub.db.selectFrom('event_outputs as o').innerJoin('library_items as i', 'i.id', 'o.library_item_id').select(['i.id', 'i.title', 'o.kind', 'i.state']).where('o.event_id', '=', row.id).where('i.state', '=', 'published').orderBy('o.kind').execute(),
    myRegistration(hub, viewer, row),
    organises(hub.db, viewer, row.id),
  ]);
  const status = eventStatus(row, now);
  const open = row.state === 'published' && status === 'upcoming' && row.registration !== 'none' && (!row.registration_closes_at || now < row.registration_closes_at);
  const confirmed = mine?.status === 'confirmed';
  const registrationNote =
    row.state === 'cancelled'
      ? 'This event is cancelled.'
      : row.registration === 'none'
        ? 'No registration is needed.'
        : status !== 'upcoming'
          ? 'Registration has closed.'
          : row.registration_closes_at && now >= row.registration_closes_at
            ? 'Registration has closed.'
            : row.registration === 'invitation'
              ? 'Registration is by invitation.'
              : row.capacity !== null && row.confirmed >= row.capacity
                ? 'The event is full: new registrations join the waitlist.'
                : row.registration === 'moderated'
                  ? 'An organiser approves each registration.'
                  : null;
  return {
    ...eventCard(all, row, now),
    body: row.body,
    bodyHtml: renderMarkdown(row.body),
    timezone: row.timezone,
    technologies: termsOf(all, row, 'technology'),
    sectors: termsOf(all, row, 'sector'),
    venue: row.venue_name ? { name: row.venue_name, address: row.venue_address ?? '', region: row.region ? { code: row.region, label: labelOf(all, 'region', row.region) } : null } : null,
    onlineUrl: confirmed || manage ? row.online_url : null,
    hasOnlineLink: row.online_url !== null,
    registrationClosesAt: row.registration_closes_at ? zonedTime(row.registration_closes_at, row.timezone) : null,
    questions: Questionnaire.parse(row.questions),
    feedbackQuestions: feedbackQuestions(row),
    sessions: sessions.map((s) => ({ id: s.id, title: s.title, description: s.description, startsAt: zonedTime(s.starts_at, row.timezone), endsAt: zonedTime(s.ends_at, row.timezone), location: s.location, speakers: Speaker.array().parse(s.speakers) })),
    organisers: organisers.map((o) => ({ profileId: o.profile_id, name: o.name ?? 'Organiser' })),
    outputItems: outputs.map((o) => ({ itemId: o.id, title: o.title, kind: o.kind })),
    myRegistration: mine,
    can: {
      register: open && can(viewer, 'events.register') && (mine === null || mine.status === 'cancelled' || mine.status === 'invited'),
      manage,
      giveFeedback: mine !== null && mine.checkedIn && !mine.feedbackGiven && status === 'past',
    },
    registrationNote,
    version: row.version,
    sequence: row.sequence,
  };
}

export function feedbackQuestions(row: Pick<EventRow, 'feedback_questions'>): SurveyQuestion[] {
  const own = Questionnaire.parse(row.feedback_questions);
  return own.length ? own : DEFAULT_FEEDBACK;
}

function slugOf(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'event'
  );
}

interface Resolved {
  startsAt: Date;
  endsAt: Date;
  registrationClosesAt: Date | null;
  sessions: { title: string; description: string; startsAt: Date; endsAt: Date; location: string; speakers: unknown[] }[];
  organisers: string[];
}

/** Checks an event as a whole, naming the field at fault, and reads its times in its zone. */
async function checkEvent(tx: Executor, all: Taxonomies, e: EventInput): Promise<Resolved> {
  checkZone(e.timezone);
  if (!(await tx.selectFrom('event_types').select('code').where('code', '=', e.type).executeTakeFirst())) throw invalid('type', `unknown event type ${e.type}`);
  const startsAt = instantIn(e.startsAt, e.timezone, 'startsAt');
  const endsAt = instantIn(e.endsAt, e.timezone, 'endsAt');
  if (endsAt <= startsAt) throw invalid('endsAt', 'must be after the start');
  const registrationClosesAt = e.registrationClosesAt ? instantIn(e.registrationClosesAt, e.timezone, 'registrationClosesAt') : null;
  if (registrationClosesAt && registrationClosesAt > endsAt) throw invalid('registrationClosesAt', 'must not be after the event ends');
  if (e.format !== 'online' && !e.venue) throw invalid('venue', `is required for an event ${e.format === 'hybrid' ? 'held partly' : 'held'} in person`);
  if (e.format !== 'in_person' && !e.onlineUrl) throw invalid('onlineUrl', 'is required for an online event (it is shown to confirmed registrants only)');
  if (e.venue?.region) requireTerm(all, 'region', e.venue.region, 'venue.region');
  for (const [field, taxonomy] of Object.entries(EVENT_TERMS)) e[field as keyof typeof EVENT_TERMS].forEach((code, i) => requireTerm(all, taxonomy, code, `${field}[${i}]`));
  const sessions = e.sessions.map((s, i) => {
    const a = instantIn(s.startsAt, e.timezone, `sessions[${i}].startsAt`);
    const b = instantIn(s.endsAt, e.timezone, `sessions[${i}].endsAt`);
    if (b <= a) throw invalid(`sessions[${i}].endsAt`, 'must be after the session starts');
    if (a < startsAt || b > endsAt) throw invalid(`sessions[${i}].startsAt`, 'must fall within the event');
    return { title: s.title, description: s.description, startsAt: a, endsAt: b, location: s.location, speakers: s.speakers };
  });
  for (const [i, s] of e.sessions.entries()) {
    for (const [j, sp] of s.speakers.entries()) {
      if (sp.profileId && !(await tx.selectFrom('profiles').select('id').where('id', '=', sp.profileId).executeTakeFirst())) throw invalid(`sessions[${i}].speakers[${j}].profileId`, 'is not a member of the directory');
    }
  }
  const organisers: string[] = [];
  for (const [i, profileId] of e.organisers.entries()) {
    const p = await tx.selectFrom('profiles').select('user_id').where('id', '=', profileId).executeTakeFirst();
    if (!p?.user_id) throw invalid(`organisers[${i}]`, 'is not a member with an account');
    organisers.push(p.user_id);
  }
  return { startsAt, endsAt, registrationClosesAt, sessions, organisers };
}

/** Writes an event's terms and sessions, and its organisers (users) unless `organisers` is null: then they stay as they are. */
async function writeParts(tx: Executor, eventId: string, e: EventInput, r: Resolved, organisers: string[] | null): Promise<void> {
  await tx.deleteFrom('event_terms').where('event_id', '=', eventId).execute();
  const terms = Object.entries(EVENT_TERMS).flatMap(([field, taxonomy]) => [...new Set(e[field as keyof typeof EVENT_TERMS])].map((code) => ({ event_id: eventId, taxonomy, code })));
  if (terms.length) await tx.insertInto('event_terms').values(terms).execute();
  await tx.deleteFrom('event_sessions').where('event_id', '=', eventId).execute();
  if (r.sessions.length) await tx.insertInto('event_sessions').values(r.sessions.map((s, i) => ({ event_id: eventId, position: i, title: s.title, description: s.description, starts_at: s.startsAt, ends_at: s.endsAt, location: s.location, speakers: JSON.stringify(s.speakers) }))).execute();
  if (organisers === null) return;
  await tx.deleteFrom('event_organisers').where('event_id', '=', eventId).execute();
  const users = [...new Set(organisers)];
  if (users.length) await tx.insertInto('event_organisers').values(users.map((user_id) => ({ event_id: eventId, user_id }))).execute();
}

/** Creates an event (a draft until published); its creator organises it. */
export async function createEvent(hub: Hub, viewer: Viewer, input: unknown, options: { isExample?: boolean } = {}): Promise<EventView> {
  authorise(viewer, 'events.manage_any');
  const e = parse(EventInput, input);
  const all = await taxonomies(hub);
  const id = await hub.db.transaction().execute(async (tx) => {
    const r = await checkEvent(tx, all, e);
    let slug = e.slug ?? slugOf(e.title);
    if (e.slug && (await tx.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirst())) throw invalid('slug', 'is taken by another event');
    for (let n = 2; await tx.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirst(); n++) slug = `${slugOf(e.title)}-${n}`;
    const row = await tx
      .insertInto('events')
      .values({
        slug,
        type: e.type,
        title: e.title,
        summary: e.summary,
        body: e.body,
        starts_at: r.startsAt,
        ends_at: r.endsAt,
        timezone: e.timezone,
        format: e.format,
        venue_name: e.venue?.name ?? null,
        venue_address: e.venue?.address ?? null,
        region: e.venue?.region ?? null,
        online_url: e.onlineUrl ?? null,
        capacity: e.capacity,
        registration: e.registration,
        registration_closes_at: r.registrationClosesAt,
        questions: JSON.stringify(e.questions),
        feedback_questions: JSON.stringify(e.feedbackQuestions ?? []),
        state: e.published ? 'published' : 'draft',
        is_example: options.isExample ?? false,
        created_by: viewer.kind === 'user' ? viewer.userId : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeParts(tx, row.id, e, r, [...(viewer.kind === 'user' && !options.isExample ? [viewer.userId] : []), ...r.organisers]);
    await recordAudit(tx, viewer, { action: 'events.create', entityType: 'event', entityId: row.id, after: { slug, type: e.type, title: e.title, published: e.published } });
    return row.id;
  });
  return getEvent(hub, viewer, id);
}

/**
 * Edits an event (its organisers), giving the version they saw. A change of time, place or link, or a cancellation,
 * moves the event's iCalendar sequence and sends its registrants the updated invitation (same UID); a cancelled event
 * sends no more reminders. A capacity below the confirmed registrations is refused; a larger one promotes from the
 * waitlist.
 */
export async function updateEvent(hub: Hub, viewer: Viewer, idOrSlug: string, input: unknown): Promise<EventView> {
  const patch = parse(EventPatch, input);
  const named = new Set(Object.keys(input as object));
  const all = await taxonomies(hub);
  const id = await hub.db.transaction().execute(async (tx) => {
    const found = await managedEvent(tx, viewer, idOrSlug);
    await tx.selectFrom('events').select('id').where('id', '=', found.id).forUpdate().execute();
    const row = await eventRow(tx, found.id);
    if (row.version !== patch.version) throw new HubError('conflict', `the event was changed by someone else since you opened it (version ${row.version}, yours ${patch.version}): reload it and make your change again`);
    if (row.state === 'cancelled') throw new HubError('conflict', 'the event is cancelled; it can no longer be changed');
    const [sessions, organisers] = await Promise.all([
      tx.selectFrom('event_sessions').selectAll().where('event_id', '=', row.id).orderBy('position').execute(),
      tx.selectFrom('event_organisers as o').innerJoin('profiles as p', 'p.user_id', 'o.user_id').select('p.id').where('o.event_id', '=', row.id).execute(),
    ]);
    const local = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
    const before: EventInput = {
      type: row.type,
      title: row.title,
      summary: row.summary,
      body: row.body,
      themes: row.terms.filter((t) => t.taxonomy === 'theme').map((t) => t.code),
      technologies: row.terms.filter((t) => t.taxonomy === 'technology').map((t) => t.code),
      sectors: row.terms.filter((t) => t.taxonomy === 'sector').map((t) => t.code),
      organisers: organisers.map((o) => o.id),
      timezone: row.timezone,
      startsAt: local(row.starts_at),
      endsAt: local(row.ends_at),
      format: row.format,
      venue: row.venue_name ? { name: row.venue_name, address: row.venue_address ?? '', region: row.region } : null,
      onlineUrl: row.online_url,
      capacity: row.capacity,
      registration: row.registration,
      registrationClosesAt: row.registration_closes_at ? local(row.registration_closes_at) : null,
      questions: Questionnaire.parse(row.questions),
      feedbackQuestions: Questionnaire.parse(row.feedback_questions),
      sessions: sessions.map((s) => ({ title: s.title, description: s.description, startsAt: local(s.starts_at), endsAt: local(s.ends_at), location: s.location, speakers: Speaker.array().parse(s.speakers) })),
      published: row.state === 'published',
    };
    const { version: _v, cancelled, ...parsed } = patch;
    const changes = Object.fromEntries(Object.entries(parsed).filter(([k, v]) => named.has(k) && v !== undefined)) as Partial<EventInput>;
    // a new zone alone re-reads the wall-clock times in it only when they are given again
    const next: EventInput = { ...before, ...changes };
    const r = await checkEvent(tx, all, next);
    if (next.capacity !== null && next.capacity < row.confirmed) throw invalid('capacity', `is below the ${row.confirmed} confirmed registrations: cancel some first, or choose at least ${row.confirmed}`);
    if (changes.slug && changes.slug !== row.slug && (await tx.selectFrom('events').select('id').where('slug', '=', changes.slug).executeTakeFirst())) throw invalid('slug', 'is taken by another event');
    const moved = r.startsAt.getTime() !== row.starts_at.getTime() || r.endsAt.getTime() !== row.ends_at.getTime() || (next.venue?.name ?? null) !== row.venue_name || (next.venue?.address ?? null) !== row.venue_address || (next.onlineUrl ?? null) !== row.online_url || next.title !== row.title;
    const state = cancelled ? 'cancelled' : next.published ? 'published' : row.state === 'published' ? 'published' : 'draft';
    if (row.state === 'published' && !next.published && !cancelled && (row.confirmed > 0 || row.waitlisted > 0)) throw invalid('published', 'the event has registrations: cancel it instead of withdrawing it');
    const notify = row.state === 'published' && (moved || cancelled === true);
    await tx
      .updateTable('events')
      .set({
        slug: changes.slug ?? row.slug,
        type: next.type,
        title: next.title,
        summary: next.summary,
        body: next.body,
        starts_at: r.startsAt,
        ends_at: r.endsAt,
        timezone: next.timezone,
        format: next.format,
        venue_name: next.venue?.name ?? null,
        venue_address: next.venue?.address ?? null,
        region: next.venue?.region ?? null,
        online_url: next.onlineUrl ?? null,
        capacity: next.capacity,
        registration: next.registration,
        registration_closes_at: r.registrationClosesAt,
        questions: JSON.stringify(next.questions),
        feedback_questions: JSON.stringify(next.feedbackQuestions ?? []),
        state,
        sequence: notify ? row.sequence + 1 : row.sequence,
        version: row.version + 1,
        updated_at: hub.now(),
      })
      .where('id', '=', row.id)
      .execute();
    // organisers named in the edit replace the list; otherwise it stays (with any organiser who has no profile)
    await writeParts(tx, row.id, next, r, named.has('organisers') ? r.organisers : null);
    if (r.startsAt.getTime() !== row.starts_at.getTime()) {
      // the reminders count from the new time
      await tx.updateTable('registrations').set({ reminded_7d_at: null, reminded_1d_at: null }).where('event_id', '=', row.id).execute();
    }
    await eventChanged(hub, tx, row.id, { notify, cancelled: cancelled === true, capacityRaised: next.capacity !== row.capacity });
    await recordAudit(tx, viewer, { action: cancelled ? 'events.cancel' : 'events.update', entityType: 'event', entityId: row.id, before: { version: row.version }, after: changes });
    return row.id;
  });
  return getEvent(hub, viewer, id);
}

/** Links a library item (a recording, slides, an output) to an event (its organisers). */
export async function linkOutput(hub: Hub, viewer: Viewer, idOrSlug: string, input: { libraryItemId: string; kind: 'recording' | 'slides' | 'output' }): Promise<EventView> {
  await hub.db.transaction().execute(async (tx) => {
    const row = await managedEvent(tx, viewer, idOrSlug);
    const item = await tx.selectFrom('library_items').select(['id', 'state']).where('id', '=', input.libraryItemId).executeTakeFirst();
    if (!item) throw invalid('libraryItemId', 'is not an item of the library');
    if (item.state !== 'published') throw invalid('libraryItemId', 'is not published in the library yet (its curators publish it)');
    await tx.insertInto('event_outputs').values({ event_id: row.id, library_item_id: item.id, kind: input.kind }).onConflict((oc) => oc.columns(['event_id', 'library_item_id']).doUpdateSet({ kind: input.kind })).execute();
    await recordAudit(tx, viewer, { action: 'events.output_link', entityType: 'event', entityId: row.id, after: input });
  });
  return getEvent(hub, viewer, idOrSlug);
}

export async function unlinkOutput(hub: Hub, viewer: Viewer, idOrSlug: string, itemId: string): Promise<EventView> {
  await hub.db.transaction().execute(async (tx) => {
    const row = await managedEvent(tx, viewer, idOrSlug);
    await tx.deleteFrom('event_outputs').where('event_id', '=', row.id).where('library_item_id', '=', isId(itemId) ? itemId : '00000000-0000-0000-0000-000000000000').execute();
    await recordAudit(tx, viewer, { action: 'events.output_unlink', entityType: 'event', entityId: row.id, after: { itemId } });
  });
  return getEvent(hub, viewer, idOrSlug);
}

/** The upcoming events as an Atom feed. */
export async function eventsFeed(hub: Hub, viewer: Viewer): Promise<string> {
  const events = (await listEvents(hub, viewer, { when: 'upcoming' })).filter((e) => e.status !== 'draft').slice(0, 100);
  const feed: Feed = {
    title: 'Proximity: events',
    link: `${hub.baseUrl}/events`,
    self: `${hub.baseUrl}/api/events.atom`,
    updated: hub.now().toISOString(),
    entries: events.map((e) => ({
      id: e.id,
      title: `${e.title} (${e.type.label}, ${e.startsAt.local.replace('T', ' ')} ${e.startsAt.abbreviation}${e.status === 'cancelled' ? ', cancelled' : ''})`,
      summary: e.summary,
      url: `${hub.baseUrl}/events/${e.slug}`,
      authors: [],
      updated: e.startsAt.utc,
      published: null,
      categories: [e.type.label, ...e.themes.map((t) => t.label)],
    })),
  };
  return toAtom(feed);
}
