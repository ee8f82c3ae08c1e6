import { sql } from 'kysely';
import type { Executor } from '../../db/connection.js';
import { authorise, type Viewer } from '../platform/access.js';
import { recordAudit } from '../platform/audit.js';
import type { Hub } from '../platform/context.js';
import { invalid } from '../platform/errors.js';
import { parse } from '../platform/validate.js';
import { EventTypeInput } from './contract.js';

/** The knowledge exchange programme's kinds of event; curators add more. */
export const BUILTIN_EVENT_TYPES = [
  { code: 'webinar', name: 'Webinar', description: 'An online talk or panel with questions.' },
  { code: 'discovery_day', name: 'Discovery day', description: 'Researchers and companies meet to find shared problems and partners.' },
  { code: 'conference', name: 'Conference', description: 'The network’s annual conference.' },
  { code: 'impact_workshop', name: 'Impact workshop', description: 'Turning research findings into practice and policy.' },
  { code: 'insight_day', name: 'Insight day', description: 'A day with a manufacturer or a place: its challenges, seen at first hand.' },
  { code: 'summer_school', name: 'Summer school', description: 'Training for early-career researchers over several days.' },
  { code: 'special_track', name: 'Special track', description: 'A track of sessions at another organisation’s conference.' },
  { code: 'symposium', name: 'Symposium', description: 'An academic meeting on one question.' },
  { code: 'sandpit', name: 'Sandpit', description: 'An intensive workshop where teams form and shape proposals.' },
  { code: 'mentoring_session', name: 'Mentoring session', description: 'Mentors and mentees meet, one to one or in groups.' },
] as const;

/** Puts the built-in event types in place (every start; names and descriptions a curator changed are kept). */
export async function ensureEventTypes(db: Executor): Promise<void> {
  for (const [i, t] of BUILTIN_EVENT_TYPES.entries()) {
    await db.insertInto('event_types').values({ code: t.code, name: t.name, description: t.description, position: i, builtin: true }).onConflict((oc) => oc.column('code').doNothing()).execute();
  }
}

export async function listEventTypes(hub: Hub, viewer: Viewer) {
  authorise(viewer, 'events.read');
  const rows = await hub.db
    .selectFrom('event_types as t')
    .selectAll('t')
    .select(sql<number>`(select count(*) from events e where e.type = t.code and e.state <> 'draft')::int`.as('events'))
    .orderBy('t.position')
    .orderBy('t.name')
    .execute();
  return rows.map((t) => ({ code: t.code, name: t.name, description: t.description, builtin: t.builtin, events: t.events }));
}

/** Adds an event type, or renames one (curators). */
export async function saveEventType(hub: Hub, viewer: Viewer, input: unknown) {
  authorise(viewer, 'event_types.edit');
  const t = parse(EventTypeInput, input);
  await hub.db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('event_types').select('code').where(sql`lower(name)`, '=', t.name.toLowerCase()).where('code', '<>', t.code).executeTakeFirst();
    if (taken) throw invalid('name', `is the name of the event type ${taken.code}`);
    const last = await tx.selectFrom('event_types').select(sql<number>`coalesce(max(position), 0)::int`.as('p')).executeTakeFirstOrThrow();
    await tx
      .insertInto('event_types')
      .values({ code: t.code, name: t.name, description: t.description, position: last.p + 1, builtin: false })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: t.name, description: t.description }))
      .execute();
    await recordAudit(tx, viewer, { action: 'events.type_save', entityType: 'event_type', entityId: null, after: t });
  });
  return (await listEventTypes(hub, viewer)).find((x) => x.code === t.code)!;
}
