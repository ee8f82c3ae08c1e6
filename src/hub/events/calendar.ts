import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { invalid } from '../platform/errors.js';
import { signedToken, verifySignedToken } from '../platform/secrets.js';
import { isId } from '../platform/validate.js';
import { eventsCalendar } from './event-mail.js';
import { visibleEvent } from './events.js';

/** Past events a calendar keeps showing. */
const PAST_DAYS = 90;

/** One event as an iCalendar file (public: without its join link). */
export async function eventCalendar(hub: Hub, viewer: Viewer, idOrSlug: string): Promise<string> {
  authorise(viewer, 'events.read');
  const found = await visibleEvent(hub.db, viewer, idOrSlug);
  const e = await hub.db.selectFrom('events').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow();
  return eventsCalendar(hub, [e], { name: e.title });
}

/** Every published event (and those cancelled, marked so) from 90 days ago on, as an iCalendar feed. */
export async function publicCalendar(hub: Hub, viewer: Viewer): Promise<string> {
  authorise(viewer, 'events.read');
  const since = new Date(hub.now().getTime() - PAST_DAYS * 86_400_000);
  const events = await hub.db.selectFrom('events').selectAll().where('state', '<>', 'draft').where('ends_at', '>', since).orderBy('starts_at').execute();
  return eventsCalendar(hub, events, { name: 'Proximity: events' });
}

/** The feed's address: the secret is in the query (request logs leave queries out). */
const feedUrl = (hub: Hub, id: string) => `${hub.baseUrl}/api/calendar.ics?token=${signedToken(hub.linkKey, 'calendar', id)}`;

/** My personal calendar feed's address, if I have one. */
export async function myCalendarFeed(hub: Hub, viewer: Viewer): Promise<{ url: string | null; createdAt: string | null }> {
  authorise(viewer, 'engagement.own');
  if (viewer.kind !== 'user') return { url: null, createdAt: null };
  const f = await hub.db.selectFrom('calendar_feeds').select(['id', 'created_at']).where('user_id', '=', viewer.userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
  return f ? { url: feedUrl(hub, f.id), createdAt: f.created_at.toISOString() } : { url: null, createdAt: null };
}

/** A new secret address for my calendar feed (the old one stops working). */
export async function renewCalendarFeed(hub: Hub, viewer: Viewer): Promise<{ url: string | null; createdAt: string | null }> {
  authorise(viewer, 'engagement.own');
  if (viewer.kind !== 'user') return { url: null, createdAt: null };
  await hub.db.transaction().execute(async (tx) => {
    await tx.updateTable('calendar_feeds').set({ revoked_at: hub.now() }).where('user_id', '=', viewer.userId).where('revoked_at', 'is', null).execute();
    await tx.insertInto('calendar_feeds').values({ user_id: viewer.userId }).execute();
    await recordAudit(tx, viewer, { action: 'events.calendar_feed_renew', entityType: 'user', entityId: viewer.userId });
  });
  return myCalendarFeed(hub, viewer);
}

/** Turns my calendar feed off: its address stops working. */
export async function revokeCalendarFeed(hub: Hub, viewer: Viewer): Promise<{ url: null; createdAt: null }> {
  authorise(viewer, 'engagement.own');
  if (viewer.kind === 'user') await hub.db.updateTable('calendar_feeds').set({ revoked_at: hub.now() }).where('user_id', '=', viewer.userId).where('revoked_at', 'is', null).execute();
  return { url: null, createdAt: null };
}

/**
 * A member's events (those they are confirmed or waitlisted for, and those they organise), by the secret address of
 * their feed: calendar programs fetch it without signing in. Join links are in it for confirmed places.
 */
export async function personalCalendar(hub: Hub, token: string): Promise<string> {
  const id = await verifySignedToken(hub.linkKey, 'calendar', token, async (feedId) => {
    if (!isId(feedId)) return null;
    const f = await hub.db.selectFrom('calendar_feeds').select('id').where('id', '=', feedId).where('revoked_at', 'is', null).executeTakeFirst();
    return f ? '' : null;
  });
  if (!id) throw invalid('token', 'this calendar address is not valid (it may have been renewed or turned off)');
  const feed = await hub.db.selectFrom('calendar_feeds').select('user_id').where('id', '=', id).executeTakeFirstOrThrow();
  const since = new Date(hub.now().getTime() - PAST_DAYS * 86_400_000);
  const events = await hub.db
    .selectFrom('events as e')
    .selectAll('e')
    .where('e.state', '<>', 'draft')
    .where('e.ends_at', '>', since)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('registrations as r').select('r.id').whereRef('r.event_id', '=', 'e.id').where('r.user_id', '=', feed.user_id).where('r.status', 'in', ['confirmed', 'waitlisted'])),
        eb.exists(eb.selectFrom('event_organisers as o').select('o.user_id').whereRef('o.event_id', '=', 'e.id').where('o.user_id', '=', feed.user_id)),
      ]),
    )
    .orderBy('e.starts_at')
    .execute();
  const confirmed = new Set(
    (await hub.db.selectFrom('registrations').select('event_id').where('user_id', '=', feed.user_id).where('status', '=', 'confirmed').execute()).map((r) => r.event_id),
  );
  return eventsCalendar(hub, events, { name: 'Proximity: my events', withJoinLinks: (e) => confirmed.has(e.id) });
}
