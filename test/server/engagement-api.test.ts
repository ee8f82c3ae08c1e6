/**
 * The knowledge exchange programme's routes over HTTP, on every backend: every route × every role (the permission
 * matrix, which must name every events, registrations, calendar, contacts, segments, digests, preferences and
 * consultations route), and the rule that contacts' personal data never reaches members or visitors: no answer to
 * them, from any route that reads, holds a contact's email address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ROLES, type GrantedRole, type Role, type Viewer } from '../../src/hub/platform/access.js';
import type { Hub } from '../../src/hub/platform/context.js';
import { createConsultation, uploadConsultationFile } from '../../src/hub/consultations/consultations.js';
import { getEvent } from '../../src/hub/events/events.js';
import { register } from '../../src/hub/events/registrations.js';
import { createContact } from '../../src/hub/stakeholders/contacts.js';
import { saveSegment } from '../../src/hub/stakeholders/segments.js';
import { buildApp } from '../../src/server/app.js';
import { BACKENDS, freshHub, newMember, type Backend } from '../helpers/db.js';
import { ENGAGEMENT_ROUTE, anEvent, inDays } from '../helpers/events.js';
import { assertRouteAsEveryRole, sessionFor, type MatrixEntry } from '../helpers/matrix.js';

const SECRET = 'test-session-secret-test-session-secret';
const EVERYONE = ROLES;
const MEMBERS = ROLES.filter((r) => r !== 'visitor');
const MANAGERS: readonly Role[] = ['programme_manager', 'administrator'];
const CURATORS: readonly Role[] = ['curator', 'administrator'];
type PerRole = Partial<Record<Role, string>>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const BOGUS = 'bogus-token-0123456789';

interface Ctx {
  users: Record<Role, Viewer & { kind: 'user' }>;
  event: string;
  /** An event no one in the roles has registered for. */
  open: string;
  past: string;
  moderated: string;
  editEvents: PerRole;
  registrations: PerRole;
  pending: PerRole;
  checkinCode: string;
  item: string;
  contacts: PerRole;
  contact: string;
  segments: PerRole;
  segment: string;
  consultation: string;
  editConsultations: PerRole;
  file: string;
  files: PerRole;
}
type Entry = MatrixEntry<Ctx>;
const A = '/api';

const MATRIX: Record<string, Entry> = {
  [`GET ${A}/event-types`]: { allowed: EVERYONE },
  [`PUT ${A}/event-types`]: { allowed: CURATORS, body: (_c, r) => ({ code: `type_${r}`, name: `Type of ${r}` }) },
  [`GET ${A}/events`]: { allowed: EVERYONE, url: () => `${A}/events?type=impact_workshop&region=TLG` },
  [`POST ${A}/events`]: { allowed: MANAGERS, body: (_c, r) => ({ type: 'webinar', title: `Webinar by ${r}`, startsAt: '2030-01-10T10:00', endsAt: '2030-01-10T11:00', format: 'online', onlineUrl: 'https://meet.example.org/x', sessions: [{ title: 'Welcome', startsAt: '2030-01-10T10:00', endsAt: '2030-01-10T10:20', speakers: [{ name: 'Ext Speaker', affiliation: 'A firm' }] }] }) },
  [`GET ${A}/events.atom`]: { allowed: EVERYONE },
  [`GET ${A}/events.ics`]: { allowed: EVERYONE },
  [`GET ${A}/events/:event`]: { allowed: EVERYONE, url: (c) => `${A}/events/${c.event}` },
  [`PATCH ${A}/events/:event`]: { allowed: MANAGERS, url: (c, r) => `${A}/events/${c.editEvents[r] ?? c.event}`, body: () => ({ version: 1, summary: 'Edited.' }) },
  [`GET ${A}/events/:event/event.ics`]: { allowed: EVERYONE, url: (c) => `${A}/events/${c.event}/event.ics` },
  [`POST ${A}/events/:event/registrations`]: { allowed: EVERYONE, url: (c) => `${A}/events/${c.open}/registrations`, body: (_c, r) => ({ name: `Guest ${r}`, email: `guest-${r}@example.org`, answers: {} }) },
  [`GET ${A}/events/:event/attendees`]: { allowed: MANAGERS, url: (c) => `${A}/events/${c.event}/attendees?q=example` },
  [`GET ${A}/events/:event/attendees.csv`]: { allowed: MANAGERS, url: (c) => `${A}/events/${c.event}/attendees.csv` },
  [`POST ${A}/events/:event/invitations`]: { allowed: MANAGERS, url: (c) => `${A}/events/${c.event}/invitations`, body: (_c, r) => ({ invitees: [{ email: `invitee-${r}@example.org`, name: 'Invitee' }] }) },
  [`POST ${A}/events/:event/check-in`]: { allowed: MANAGERS, url: (c) => `${A}/events/${c.event}/check-in`, body: (c) => ({ code: c.checkinCode }) },
  [`POST ${A}/events/:event/feedback`]: { allowed: MEMBERS, url: (c) => `${A}/events/${c.past}/feedback`, body: () => ({ answers: { overall: 4 } }) },
  [`POST ${A}/events/:event/outputs`]: { allowed: MANAGERS, url: (c) => `${A}/events/${c.past}/outputs`, body: (c) => ({ libraryItemId: c.item, kind: 'slides' }) },
  [`DELETE ${A}/events/:event/outputs/:item`]: { allowed: MANAGERS, url: (c) => `${A}/events/${c.past}/outputs/${c.item}` },
  [`GET ${A}/events/:event/report`]: { allowed: MANAGERS, url: (c) => `${A}/events/${c.past}/report` },
  [`GET ${A}/event-report`]: { allowed: MANAGERS, url: () => `${A}/event-report?from=2020-01-01&to=2035-01-01` },
  [`POST ${A}/registrations/confirm`]: { allowed: EVERYONE, body: () => ({ token: BOGUS }), expect: 400 },
  [`POST ${A}/registrations/by-token`]: { allowed: EVERYONE, body: () => ({ token: BOGUS }), expect: 400 },
  [`POST ${A}/registrations/cancel`]: { allowed: EVERYONE, body: () => ({ token: BOGUS }), expect: 400 },
  [`POST ${A}/registrations/respond`]: { allowed: EVERYONE, body: () => ({ token: BOGUS, accept: true }), expect: 400 },
  [`POST ${A}/registrations/feedback`]: { allowed: EVERYONE, body: () => ({ token: BOGUS, answers: {} }), expect: 400 },
  [`DELETE ${A}/registrations/:id`]: { allowed: MEMBERS, url: (c, r) => `${A}/registrations/${c.registrations[r] ?? c.registrations.member}`, denied: 404 },
  [`POST ${A}/registrations/:id/moderation`]: { allowed: MANAGERS, url: (c, r) => `${A}/registrations/${c.pending[r] ?? c.pending.programme_manager}/moderation`, body: () => ({ approve: true }), denied: 404 },
  [`GET ${A}/me/calendar`]: { allowed: MEMBERS },
  [`POST ${A}/me/calendar`]: { allowed: MEMBERS },
  [`DELETE ${A}/me/calendar`]: { allowed: MEMBERS },
  [`GET ${A}/calendar.ics`]: { allowed: EVERYONE, url: () => `${A}/calendar.ics?token=${BOGUS}`, expect: 400 },
  [`GET ${A}/contacts`]: { allowed: MANAGERS, url: () => `${A}/contacts?region=TLG&consent=digests` },
  [`POST ${A}/contacts`]: { allowed: MANAGERS, body: (_c, r) => ({ name: `Contact of ${r}`, email: `new-contact-${r}@example.org` }) },
  [`POST ${A}/contacts/import`]: { allowed: MANAGERS, body: () => ({ csv: 'Name,Email\nIzzy Import,izzy@import.example\n' }) },
  [`GET ${A}/contacts/:id`]: { allowed: MANAGERS, url: (c) => `${A}/contacts/${c.contact}` },
  [`PATCH ${A}/contacts/:id`]: { allowed: MANAGERS, url: (c) => `${A}/contacts/${c.contact}`, body: (_c, r) => ({ organisation: `Edited by ${r}` }) },
  [`DELETE ${A}/contacts/:id`]: { allowed: MANAGERS, url: (c, r) => `${A}/contacts/${c.contacts[r] ?? c.contact}` },
  [`POST ${A}/contacts/:id/consents`]: { allowed: MANAGERS, url: (c) => `${A}/contacts/${c.contact}/consents`, body: (_c, r) => ({ purpose: r === 'administrator' ? 'research' : 'partners', give: true, source: 'said so on the phone' }) },
  [`GET ${A}/contacts/:id/export`]: { allowed: MANAGERS, url: (c) => `${A}/contacts/${c.contact}/export` },
  [`GET ${A}/segments`]: { allowed: MANAGERS },
  [`POST ${A}/segments`]: { allowed: MANAGERS, body: (_c, r) => ({ name: `Segment of ${r}`, filter: { sector: ['C'] } }) },
  [`GET ${A}/segments/:id`]: { allowed: MANAGERS, url: (c) => `${A}/segments/${c.segment}` },
  [`PUT ${A}/segments/:id`]: { allowed: MANAGERS, url: (c) => `${A}/segments/${c.segment}`, body: () => ({ name: 'Manufacturers', filter: { sector: ['C'], region: ['TLG'] } }) },
  [`DELETE ${A}/segments/:id`]: { allowed: MANAGERS, url: (c, r) => `${A}/segments/${c.segments[r] ?? c.segment}` },
  [`GET ${A}/digests/preview`]: { allowed: MANAGERS, url: (c) => `${A}/digests/preview?segment=${c.segment}` },
  [`POST ${A}/engagement/sign-up`]: { allowed: EVERYONE, body: (_c, r) => ({ name: 'Sam Signup', email: `signup-${r}@example.org`, purposes: ['digests'] }) },
  [`POST ${A}/engagement/sign-up/confirm`]: { allowed: EVERYONE, body: () => ({ token: BOGUS }), expect: 400 },
  [`POST ${A}/engagement/preferences/view`]: { allowed: MEMBERS, body: () => ({}) },
  [`PUT ${A}/engagement/preferences`]: { allowed: MEMBERS, body: () => ({ frequency: 'monthly', themes: ['skills'] }) },
  [`GET ${A}/engagement/open.gif`]: { allowed: EVERYONE, url: () => `${A}/engagement/open.gif?token=${BOGUS}` },
  [`POST ${A}/engagement/unsubscribe`]: { allowed: EVERYONE, url: () => `${A}/engagement/unsubscribe?token=${BOGUS}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: () => 'List-Unsubscribe=One-Click', expect: 400 },
  [`GET ${A}/consultations`]: { allowed: EVERYONE },
  [`POST ${A}/consultations`]: { allowed: MANAGERS, body: (_c, r) => ({ kind: 'briefing', title: `Briefing by ${r}`, questions: [{ id: 'q', type: 'text', label: 'Views' }], closesAt: '2031-01-01T12:00' }) },
  [`POST ${A}/consultations/confirm`]: { allowed: EVERYONE, body: () => ({ token: BOGUS }), expect: 400 },
  [`GET ${A}/consultations/:consultation`]: { allowed: EVERYONE, url: (c) => `${A}/consultations/${c.consultation}` },
  [`PATCH ${A}/consultations/:consultation`]: { allowed: MANAGERS, url: (c, r) => `${A}/consultations/${c.editConsultations[r] ?? c.consultation}`, body: () => ({ version: 1, summary: 'Edited.' }) },
  [`POST ${A}/consultations/:consultation/responses`]: { allowed: EVERYONE, url: (c) => `${A}/consultations/${c.consultation}/responses`, body: (_c, r) => ({ answers: { priority: 4 }, name: 'Pat Public', email: `public-${r}@example.org` }) },
  [`POST ${A}/consultations/:consultation/invitations`]: { allowed: MANAGERS, url: (c) => `${A}/consultations/${c.consultation}/invitations`, body: (c) => ({ segment: c.segment }) },
  [`GET ${A}/consultations/:consultation/results`]: { allowed: MANAGERS, url: (c) => `${A}/consultations/${c.consultation}/results` },
  [`GET ${A}/consultations/:consultation/responses.csv`]: { allowed: MANAGERS, url: (c) => `${A}/consultations/${c.consultation}/responses.csv` },
  [`PUT ${A}/consultations/:consultation/summary`]: { allowed: MANAGERS, url: (c) => `${A}/consultations/${c.consultation}/summary`, body: () => ({ whatWeHeard: 'We heard you.' }) },
  [`POST ${A}/consultations/:consultation/files`]: { allowed: MANAGERS, url: (c) => `${A}/consultations/${c.consultation}/files?filename=brief.pdf`, headers: { 'content-type': 'application/pdf' }, body: () => PDF },
  [`GET ${A}/consultation-files/:id`]: { allowed: EVERYONE, url: (c) => `${A}/consultation-files/${c.file}` },
  [`DELETE ${A}/consultation-files/:id`]: { allowed: MANAGERS, url: (c, r) => `${A}/consultation-files/${c.files[r] ?? c.file}` },
};

async function fixtures(hub: Hub): Promise<Ctx> {
  const users = {} as Ctx['users'];
  for (const role of ROLES) {
    const { viewer } = await newMember(hub, `${role}@example.org`, `The ${role}`);
    if (role !== 'visitor' && role !== 'member') await hub.db.insertInto('user_roles').values({ user_id: viewer.userId, role, granted_by: null }).execute();
    users[role] = { ...viewer, roles: new Set(role === 'visitor' || role === 'member' ? [] : [role as GrantedRole]) };
  }
  const pm = users.programme_manager;
  const event = await anEvent(hub, pm, { title: 'Matrix workshop', capacity: 100, questions: [] });
  const open = await anEvent(hub, pm, { title: 'Open workshop', capacity: 100, questions: [] });
  const moderated = await anEvent(hub, pm, { title: 'Moderated workshop', capacity: 100, questions: [], registration: 'moderated' });
  const editEvents: PerRole = {};
  for (const r of MANAGERS) editEvents[r] = (await anEvent(hub, pm, { title: `Edit ${r}`, questions: [] })).id;
  const registrations: PerRole = {};
  const pending: PerRole = {};
  for (const r of MEMBERS) registrations[r] = (await register(hub, users[r], event.slug, { answers: {} })).registration!.id;
  for (const r of MANAGERS) {
    const { viewer } = await newMember(hub, `pending-${r}@example.org`, `Pending ${r}`);
    pending[r] = (await register(hub, viewer, moderated.slug, { answers: {} })).registration!.id;
  }
  const { viewer: attendee } = await newMember(hub, 'attendee@example.org', 'Attendee');
  await register(hub, attendee, event.slug, { answers: {} });
  const checkinCode = (await getEvent(hub, attendee, event.slug)).myRegistration!.checkinCode!;
  // a past event every role attended
  const past = await anEvent(hub, pm, { title: 'Past matrix event', questions: [], startsAt: inDays(hub, 1, 10), endsAt: inDays(hub, 1, 11), capacity: 100 });
  for (const r of MEMBERS) await register(hub, users[r], past.slug, { answers: {} });
  await hub.db.updateTable('registrations').set({ checked_in_at: new Date(past.startsAt.utc) }).where('event_id', '=', past.id).execute();
  await hub.db.updateTable('events').set({ starts_at: new Date(hub.now().getTime() - 2 * 86_400_000), ends_at: new Date(hub.now().getTime() - 2 * 86_400_000 + 3_600_000) }).where('id', '=', past.id).execute();
  const item = (await hub.db.insertInto('library_items').values({ type: 'report', state: 'published', title: 'Slides', summary: '.', authors: '[]', published_at: hub.now() }).returning('id').executeTakeFirstOrThrow()).id;
  const contact = (await createContact(hub, pm, { name: 'Connie Contact', email: 'connie@secret-contact.example', sector: 'C', region: 'TLG3', consents: [{ purpose: 'digests', source: 'a form' }, { purpose: 'consultations', source: 'a form' }] })).id;
  const contacts: PerRole = {};
  for (const r of MANAGERS) contacts[r] = (await createContact(hub, pm, { name: `Erase ${r}`, email: `erase-${r}@secret-contact.example` })).id;
  const segment = (await saveSegment(hub, pm, null, { name: 'Manufacturers', filter: { sector: ['C'] } })).id;
  const segments: PerRole = {};
  for (const r of MANAGERS) segments[r] = (await saveSegment(hub, pm, null, { name: `Delete ${r}`, filter: {} })).id;
  const consultation = (await createConsultation(hub, pm, { kind: 'draft_call', title: 'Matrix consultation', questions: [{ id: 'priority', type: 'scale', label: 'Priority' }], closesAt: '2031-01-01T12:00', publicResponses: true, published: true })).slug;
  const editConsultations: PerRole = {};
  for (const r of MANAGERS) editConsultations[r] = (await createConsultation(hub, pm, { kind: 'briefing', title: `Edit ${r}`, questions: [{ id: 'q', type: 'text', label: 'Q' }], closesAt: '2031-01-01T12:00', published: true })).id;
  const file = (await uploadConsultationFile(hub, pm, consultation, 'paper.pdf', PDF)).id;
  const files: PerRole = {};
  for (const r of MANAGERS) files[r] = (await uploadConsultationFile(hub, pm, consultation, `del-${r}.pdf`, PDF)).id;
  return { users, event: event.slug, open: open.slug, past: past.slug, moderated: moderated.slug, editEvents, registrations, pending, checkinCode, item, contacts, contact, segments, segment, consultation, editConsultations, file, files };
}

for (const backend of BACKENDS) describe(`engagement API (${backend})`, () => engagementApi(backend));

function engagementApi(backend: Backend): void {
  let ctx: Awaited<ReturnType<typeof freshHub>>;
  let app: FastifyInstance;
  let c: Ctx;
  before(async () => {
    ctx = await freshHub(backend);
    app = await buildApp({ hub: ctx.hub, sessionSecret: SECRET, authRateLimit: 100_000, logger: false });
    c = await fixtures(ctx.hub);
  });
  after(async () => {
    await app.close();
    await ctx.database.close();
  });

  test('the permission matrix names every engagement route', () => {
    const registered = app.routeList.filter((r) => ENGAGEMENT_ROUTE(r.url)).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual([...new Set(registered)].sort(), Object.keys(MATRIX).sort());
  });

  for (const [route, entry] of Object.entries(MATRIX)) {
    test(`permissions: ${route}`, () => assertRouteAsEveryRole(ctx.hub, app, route, entry, c, (role) => c.users[role].userId));
  }

  test('contacts’ personal data never reaches members or visitors, through any route that reads', async () => {
    let reads = 0;
    for (const role of ['visitor', 'member', 'curator', 'reviewer', 'analyst'] as const) {
      const headers: Record<string, string> = {};
      if (role !== 'visitor') {
        const s = await sessionFor(ctx.hub, app, c.users[role].userId);
        headers.cookie = s.cookie;
      }
      for (const [route, entry] of Object.entries(MATRIX)) {
        const [method, pattern] = route.split(' ');
        if (method !== 'GET') continue;
        const url = entry.url?.(c, role) ?? pattern;
        const res = await app.inject({ method: 'GET', url, headers });
        reads++;
        assert.ok(!res.body.includes('secret-contact.example') && !res.body.includes('Connie'), `${role} read a contact through ${url}`);
      }
    }
    assert.ok(reads > 100);
  });
}
