import type { Viewer } from '../../src/hub/platform/access.js';
import type { Hub } from '../../src/hub/platform/context.js';
import { londonLocal } from '../../src/hub/platform/london-time.js';
import { createEvent } from '../../src/hub/events/events.js';

/** London wall-clock time `days` from the hub's now (at `hour`:00, or the same time of day). */
export function inDays(hub: Hub, days: number, hour?: number): string {
  const local = londonLocal(new Date(hub.now().getTime() + days * 86_400_000));
  return hour === undefined ? local : `${local.slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

/** A published in-person workshop 20 days ahead, 10:00–16:00 London time. */
export function anEvent(hub: Hub, manager: Viewer, over: Record<string, unknown> = {}) {
  return createEvent(hub, manager, {
    type: 'impact_workshop',
    title: 'Impact workshop: digital adoption',
    summary: 'From findings to practice.',
    themes: ['digital-adoption'],
    startsAt: inDays(hub, 20, 10),
    endsAt: inDays(hub, 20, 16),
    format: 'in_person',
    venue: { name: 'The Exchange', address: '3 Centenary Square, Birmingham B1 2DR', region: 'TLG3' },
    capacity: 2,
    questions: [{ id: 'dietary', type: 'choice', label: 'Dietary requirements', options: ['None', 'Vegetarian', 'Vegan'], required: true }],
    published: true,
    ...over,
  });
}

/** The knowledge exchange programme's routes (test/server/engagement-api.test.ts holds their permission matrix). */
export const ENGAGEMENT_ROUTE = (url: string) =>
  ['/api/events', '/api/event-types', '/api/event-report', '/api/registrations', '/api/calendar.ics', '/api/contacts', '/api/segments', '/api/digests/', '/api/engagement/', '/api/consultations', '/api/consultation-files/'].some((p) => url === p || url.startsWith(p.endsWith('/') ? p : `${p}/`) || url.startsWith(`${p}.`)) || url === '/api/me/calendar';
