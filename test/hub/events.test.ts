/**
 * Events on every database backend: times in their zone across clock changes, clear errors, registration (members and
 * guests with a verified email), the waitlist and its promotion (a property test against the pure model), moderation,
 * invitations, the join link, check-in, feedback, reminders as scheduled work (none for a cancelled event, none late),
 * the iCalendar output parsed back with ical.js (one UID, a new SEQUENCE when the time changes), and the numbers.
 * On the PostgreSQL server: 200 concurrent registrations for 50 places.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { VISITOR, type Viewer } from '../../src/hub/platform/access.js';
import { digest } from '../../src/hub/platform/secrets.js';
import { eventCalendar, personalCalendar, publicCalendar, renewCalendarFeed, revokeCalendarFeed } from '../../src/hub/events/calendar.js';
import { eventReport } from '../../src/hub/events/event-report.js';
import { sendEventReminders } from '../../src/hub/events/event-reminders.js';
import { listEventTypes, saveEventType } from '../../src/hub/events/event-types.js';
import { eventsFeed, getEvent, linkOutput, listEvents, updateEvent } from '../../src/hub/events/events.js';
import { attendees, cancelByToken, cancelRegistration, checkIn, confirmGuestRegistration, giveFeedback, inviteToEvent, moderateRegistration, register, registrationByToken, respondToInvitation } from '../../src/hub/events/registrations.js';
import * as model from '../../src/hub/events/waitlist.js';
import { BACKENDS, freshHub, linkToken, newMember, withRoles, type Backend } from '../helpers/db.js';
import { anEvent, inDays } from '../helpers/events.js';
import { refusedWith } from '../helpers/hub.js';
import type { Hub } from '../../src/hub/platform/context.js';

type User = Viewer & { kind: 'user' };
const outbox = (hub: Hub, to: string) => hub.db.selectFrom('outbox').selectAll().where('to_address', '=', to).orderBy('created_at').execute();

/** Parses an iCalendar text with ical.js and lists its events. */
function icsEvents(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  return comp.getAllSubcomponents('vevent').map((v) => ({ uid: String(v.getFirstPropertyValue('uid')), sequence: Number(v.getFirstPropertyValue('sequence') ?? 0), start: (v.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate(), end: (v.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate(), status: String(v.getFirstPropertyValue('status') ?? ''), summary: String(v.getFirstPropertyValue('summary')), description: String(v.getFirstPropertyValue('description') ?? '') }));
}

test('the waitlist model: confirmed never exceed capacity; while someone waits, every place is taken; first come, first promoted', () => {
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
  for (let run = 0; run < 300; run++) {
    let s: model.WaitlistState = { capacity: rand(6), confirmed: [], waiting: [] };
    const joined: string[] = [];
    for (let step = 0; step < 40; step++) {
      const op = rand(10);
      if (op < 6) {
        const who = `p${rand(15)}`;
        s = model.register(s, who);
        if (!joined.includes(who)) joined.push(who);
      } else if (op < 9) s = model.cancel(s, `p${rand(15)}`);
      else {
        const c = s.confirmed.length + rand(4);
        s = model.resize(s, c);
      }
      assert.ok(s.capacity === null || s.confirmed.length <= s.capacity);
      if (s.waiting.length) assert.equal(s.confirmed.length, s.capacity);
      assert.equal(new Set([...s.confirmed, ...s.waiting]).size, s.confirmed.length + s.waiting.length, 'no one twice');
    }
    assert.throws(() => model.resize({ capacity: 3, confirmed: ['a', 'b'], waiting: [] }, 1), RangeError);
  }
});

for (const backend of BACKENDS) {
  describe(`events (${backend})`, () => {
    let hub: Hub;
    let close: () => Promise<void>;
    let clock: { advance(ms: number): void };
    let manager: User;
    let members: User[];
    before(async () => {
      const f = await freshHub(backend);
      hub = f.hub;
      clock = f.clock;
      close = () => f.database.close();
      manager = await withRoles(hub, 'manager@example.org', ['programme_manager']);
      members = [];
      for (const n of ['ada', 'ben', 'cat', 'dan']) members.push((await newMember(hub, `${n}@example.org`, n[0].toUpperCase() + n.slice(1))).viewer);
    });
    after(() => close());

    test('times are read in the event’s zone; the errors name their field', async () => {
      // BST in London on 28 March 2027 from 01:00 UTC; New York is on EDT from 14 March
      const e = await anEvent(hub, manager, { title: 'Spring symposium', startsAt: '2027-03-29T10:00', endsAt: '2027-03-29T17:00' });
      assert.equal(e.startsAt.utc, '2027-03-29T09:00:00.000Z');
      assert.equal(e.startsAt.abbreviation, 'BST');
      const ny = await anEvent(hub, manager, { title: 'Special track at a US conference', timezone: 'America/New_York', startsAt: '2027-03-15T09:00', endsAt: '2027-03-15T12:00' });
      assert.equal(ny.startsAt.utc, '2027-03-15T13:00:00.000Z');
      await refusedWith(anEvent(hub, manager, { startsAt: '2027-03-28T01:30', endsAt: '2027-03-28T05:00' }), 'validation', 'startsAt');
      await refusedWith(anEvent(hub, manager, { timezone: 'Europe/Atlantis' }), 'validation', 'timezone');
      await refusedWith(anEvent(hub, manager, { endsAt: inDays(hub, 20, 9) }), 'validation', 'endsAt');
      await refusedWith(anEvent(hub, manager, { venue: null }), 'validation', 'venue');
      await refusedWith(anEvent(hub, manager, { format: 'online', venue: null }), 'validation', 'onlineUrl');
      await refusedWith(anEvent(hub, manager, { type: 'party' }), 'validation', 'type');
      await refusedWith(anEvent(hub, members[0]), 'forbidden');
    });

    test('organisers: named in an edit they replace the list; an edit that does not name them leaves it, even an organiser without a profile', async () => {
      const profileOf = async (u: User) => (await hub.db.selectFrom('profiles').select('id').where('user_id', '=', u.userId).executeTakeFirstOrThrow()).id;
      const e = await anEvent(hub, manager, { title: 'Organisers workshop', organisers: [await profileOf(members[0])] });
      assert.deepEqual(e.organisers.map((o) => o.name).sort(), ['Ada', 'manager']);
      const bare = await hub.db.insertInto('users').values({ email: 'no-profile@example.org', password_hash: 'x', email_verified_at: null, locked_until: null }).returning('id').executeTakeFirstOrThrow();
      await hub.db.insertInto('event_organisers').values({ event_id: e.id, user_id: bare.id }).execute();
      const v1 = (await getEvent(hub, manager, e.slug)).version;
      const renamed = await updateEvent(hub, members[0], e.slug, { version: v1, title: 'Organisers workshop (renamed)' });
      assert.equal(renamed.organisers.length, 3, 'no organiser is dropped by an edit that does not name them');
      const replaced = await updateEvent(hub, members[0], e.slug, { version: renamed.version, organisers: [await profileOf(members[0]), await profileOf(members[1])] });
      assert.deepEqual(replaced.organisers.map((o) => o.name).sort(), ['Ada', 'Ben']);
      assert.equal((await getEvent(hub, members[1], e.slug)).can.manage, true);
      assert.equal((await getEvent(hub, manager, e.slug)).can.manage, true, 'a programme manager still manages any event');
      await refusedWith(updateEvent(hub, members[0], e.slug, { version: replaced.version, organisers: ['00000000-0000-4000-8000-000000000000'] }), 'validation', 'organisers[0]');
    });

    test('registration fills the places, then the waitlist; a cancellation promotes the first waiting and emails them', async () => {
      const e = await anEvent(hub, manager, { title: 'Waitlist workshop' });
      const [ada, ben, cat, dan] = members;
      await refusedWith(register(hub, ada, e.slug, { answers: {} }), 'validation', 'answers.dietary');
      await refusedWith(register(hub, ada, e.slug, { answers: { dietary: 'Fish' } }), 'validation', 'answers.dietary');
      assert.equal((await register(hub, ada, e.slug, { answers: { dietary: 'None' } })).status, 'confirmed');
      assert.equal((await register(hub, ben, e.slug, { answers: { dietary: 'Vegan' } })).status, 'confirmed');
      const c = await register(hub, cat, e.slug, { answers: { dietary: 'None' } });
      assert.equal(c.status, 'waitlisted');
      assert.equal(c.registration?.position, 1);
      assert.equal((await register(hub, dan, e.slug, { answers: { dietary: 'None' } })).registration?.position, 2);
      await refusedWith(register(hub, dan, e.slug, { answers: { dietary: 'None' } }), 'conflict', /already registered/);
      const full = await getEvent(hub, VISITOR, e.slug);
      assert.deepEqual(full.places, { capacity: 2, confirmed: 2, waitlisted: 2, pending: 0, left: 0 });
      assert.match(full.registrationNote ?? '', /full/);
      // the capacity cannot go below the confirmed
      await refusedWith(updateEvent(hub, manager, e.slug, { version: full.version, capacity: 1 }), 'validation', 'capacity');
      // Ada cancels: Cat (first waiting) is promoted and told, Dan moves up
      const adaReg = (await getEvent(hub, ada, e.slug)).myRegistration!;
      await cancelRegistration(hub, ada, adaReg.id);
      const catView = await getEvent(hub, cat, e.slug);
      assert.equal(catView.myRegistration?.status, 'confirmed');
      assert.ok(catView.myRegistration?.qrSvg?.startsWith('<svg'), 'the check-in QR code');
      assert.ok((await outbox(hub, 'cat@example.org')).some((m) => /A place has come up/.test(m.subject) && m.attachments?.[0]?.filename === 'invite.ics'));
      assert.equal((await getEvent(hub, dan, e.slug)).myRegistration?.position, 1);
      // raising the capacity promotes Dan
      const now = await getEvent(hub, manager, e.slug);
      await updateEvent(hub, manager, e.slug, { version: now.version, capacity: 3 });
      assert.equal((await getEvent(hub, dan, e.slug)).myRegistration?.status, 'confirmed');
      // Ada may register again: the event is full again (3 of 3), so she waits
      assert.equal((await register(hub, ada, e.slug, { answers: { dietary: 'None' } })).status, 'waitlisted');
    });

    test('the waitlist, through the service, behaves as the model over random registrations and cancellations', async () => {
      const people: User[] = [];
      for (let i = 0; i < 8; i++) people.push((await newMember(hub, `wl${i}@example.org`, `Person ${i}`)).viewer);
      const e = await anEvent(hub, manager, { title: 'Property workshop', capacity: 3, questions: [] });
      let s: model.WaitlistState = { capacity: 3, confirmed: [], waiting: [] };
      let seed = 7;
      const rand = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
      for (let step = 0; step < 40; step++) {
        const who = rand(8);
        const p = people[who];
        const mine = (await getEvent(hub, p, e.slug)).myRegistration;
        const active = mine && (mine.status === 'confirmed' || mine.status === 'waitlisted');
        if (rand(3) > 0 && !active) {
          await register(hub, p, e.slug, { answers: {} });
          s = model.register(s, p.userId);
        } else if (active) {
          await cancelRegistration(hub, p, mine.id);
          s = model.cancel(s, p.userId);
        }
        const rows = await hub.db.selectFrom('registrations').select(['user_id', 'status']).where('event_id', '=', e.id).orderBy('waitlisted_at').orderBy('id').execute();
        assert.deepEqual(new Set(rows.filter((r) => r.status === 'confirmed').map((r) => r.user_id)), new Set(s.confirmed), `step ${step}: confirmed`);
        assert.deepEqual(rows.filter((r) => r.status === 'waitlisted').map((r) => r.user_id), s.waiting, `step ${step}: the waitlist in order`);
      }
    });

    test('a guest registers with a verified email; a second click changes nothing; the link manages the registration', async () => {
      const e = await anEvent(hub, manager, { title: 'Discovery day for guests', type: 'discovery_day', capacity: 10, questions: [] });
      await refusedWith(register(hub, VISITOR, e.slug, { name: 'Gail Guest', answers: {} }), 'validation', 'email');
      await refusedWith(register(hub, VISITOR, e.slug, { name: 'Gail Guest', email: 'not-an-address', answers: {} }), 'validation', 'email');
      const r = await register(hub, VISITOR, e.slug, { name: 'Gail Guest', email: 'gail@firm.example', organisation: 'Firm Ltd', sector: 'C', region: 'TLG', answers: {}, keepInformed: true });
      assert.equal(r.status, 'check_your_email');
      assert.equal((await hub.db.selectFrom('registrations').select('id').where('email', '=', 'gail@firm.example').execute()).length, 0, 'nothing until the address is confirmed');
      const token = await linkToken(hub, 'gail@firm.example', '/events/confirm');
      const first = await confirmGuestRegistration(hub, { token });
      const second = await confirmGuestRegistration(hub, { token });
      assert.equal(first.status, 'confirmed');
      assert.equal(second.status, 'confirmed');
      assert.equal((await hub.db.selectFrom('registrations').select('id').where('email', '=', 'gail@firm.example').execute()).length, 1);
      // the guest is now a contact, with consent to digests recorded with its wording
      const contact = await hub.db.selectFrom('contacts').selectAll().where('email', '=', 'gail@firm.example').executeTakeFirstOrThrow();
      assert.equal(contact.source, 'event_registration');
      const consent = await hub.db.selectFrom('consents').selectAll().where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
      assert.equal(consent.purpose, 'digests');
      assert.match(consent.wording, /digest/);
      assert.match(consent.source, /Discovery day for guests/);
      const seen = await registrationByToken(hub, { token: first.manageToken! });
      assert.equal(seen.registration.status, 'confirmed');
      await cancelByToken(hub, { token: first.manageToken! });
      assert.equal((await registrationByToken(hub, { token: first.manageToken! })).registration.status, 'cancelled');
      await refusedWith(registrationByToken(hub, { token: first.manageToken!.slice(0, -2) + 'xx' }), 'validation', 'token');
    });

    test('the online link is shown to confirmed registrants and organisers only; moderated and invitation-only events', async () => {
      const online = await anEvent(hub, manager, { title: 'Webinar: AI in SMEs', type: 'webinar', format: 'online', venue: null, onlineUrl: 'https://meet.example.org/ai-smes', capacity: null, registration: 'moderated', questions: [] });
      assert.equal((await getEvent(hub, VISITOR, online.slug)).onlineUrl, null);
      assert.equal((await getEvent(hub, manager, online.slug)).onlineUrl, 'https://meet.example.org/ai-smes');
      const [ada, ben] = members;
      assert.equal((await register(hub, ada, online.slug, { answers: {} })).status, 'pending');
      assert.equal((await getEvent(hub, ada, online.slug)).onlineUrl, null);
      const list = await attendees(hub, manager, online.slug, {});
      await moderateRegistration(hub, manager, list[0].id, { approve: true });
      assert.equal((await getEvent(hub, ada, online.slug)).onlineUrl, 'https://meet.example.org/ai-smes');
      await refusedWith(attendees(hub, ada, online.slug, {}), 'forbidden');
      // by invitation
      const closed = await anEvent(hub, manager, { title: 'Insight day at a plant', type: 'insight_day', registration: 'invitation', questions: [] });
      await refusedWith(register(hub, ben, closed.slug, { answers: {} }), 'forbidden', /invitation/);
      const inv = await inviteToEvent(hub, manager, closed.slug, { invitees: [{ email: 'ben@example.org', name: 'Ben' }, { email: 'ivy@partner.example', name: 'Ivy' }] });
      assert.equal(inv.invited, 2);
      assert.equal((await inviteToEvent(hub, manager, closed.slug, { invitees: [{ email: 'ivy@partner.example', name: 'Ivy' }] })).alreadyThere, 1);
      assert.equal((await register(hub, ben, closed.slug, { answers: {} })).status, 'confirmed', 'an invited member registers from the page');
      const ivyLink = (await outbox(hub, 'ivy@partner.example')).at(-1)!.body_text!;
      const token = /manage\?token=([A-Za-z0-9_.-]+)/.exec(ivyLink)![1];
      assert.equal((await respondToInvitation(hub, { token, accept: true })).status, 'confirmed');
    });

    test('check-in, attendance, feedback after the event, and the numbers', async () => {
      const e = await anEvent(hub, manager, { title: 'Check-in workshop', capacity: 5, questions: [], startsAt: inDays(hub, 2, 10), endsAt: inDays(hub, 2, 12) });
      const [ada, ben] = members;
      await register(hub, ada, e.slug, { answers: {}, sector: 'C', region: 'TLG3' });
      await register(hub, ben, e.slug, { answers: {}, sector: 'M', region: 'TLD' });
      const code = (await getEvent(hub, ada, e.slug)).myRegistration!.checkinCode!;
      await refusedWith(checkIn(hub, manager, e.slug, { code: 'NOPE-NOPE' }), 'validation', 'code');
      const checked = await checkIn(hub, manager, e.slug, { code: code.toLowerCase() });
      assert.ok(checked.checkedInAt);
      assert.equal((await attendees(hub, manager, e.slug, { q: 'ada' })).length, 1);
      await refusedWith(giveFeedback(hub, ada, e.slug, { answers: { overall: 5 } }), 'conflict', /when the event is over/);
      clock.advance(3 * 86_400_000);
      await refusedWith(giveFeedback(hub, ben, e.slug, { answers: { overall: 4 } }), 'forbidden');
      await refusedWith(giveFeedback(hub, ada, e.slug, { answers: { overall: 9 } }), 'validation', 'answers.overall');
      await giveFeedback(hub, ada, e.slug, { answers: { overall: 5, new_contacts: true, comments: 'More case studies, please.' } });
      const report = await eventReport(hub, manager, { event: e.slug });
      assert.equal(report.attended, 1);
      assert.equal(report.attendanceRate, 0.5);
      assert.deepEqual(report.bySector.map((s) => s.code).sort(), ['C', 'M']);
      assert.deepEqual(report.byRegion.map((s) => s.code).sort(), ['TLD', 'TLG'], 'ITL2 rolled up to ITL1');
      assert.equal(report.feedback.find((f) => f.question === 'overall')?.mean, 5);
      clock.advance(-3 * 86_400_000);
    });

    test('reminders 7 days and 1 day before, once each; none for a cancelled event; a moved event re-sends its invitation with the same UID and the next SEQUENCE', async () => {
      const e = await anEvent(hub, manager, { title: 'Reminder conference', type: 'conference', capacity: 10, questions: [], startsAt: inDays(hub, 10, 9), endsAt: inDays(hub, 10, 17) });
      const gone = await anEvent(hub, manager, { title: 'Cancelled symposium', type: 'symposium', capacity: 10, questions: [], startsAt: inDays(hub, 10, 9), endsAt: inDays(hub, 10, 17) });
      const [ada] = members;
      await register(hub, ada, e.slug, { answers: {} });
      await register(hub, ada, gone.slug, { answers: {} });
      const g = await getEvent(hub, manager, gone.slug);
      await updateEvent(hub, manager, gone.slug, { version: g.version, cancelled: true });
      const mails = await outbox(hub, 'ada@example.org');
      const cancelMail = mails.find((m) => m.subject === 'Cancelled: Cancelled symposium')!;
      assert.equal(icsEvents(cancelMail.attachments![0].content)[0].status, 'CANCELLED');
      assert.deepEqual(await sendEventReminders(hub), { week: 0, day: 0, feedback: 0 }, 'nothing is due 10 days before');
      const to = (at: number) => {
        clock.advance(at - hub.now().getTime());
      };
      const start0 = new Date(e.startsAt.utc).getTime();
      const origin = hub.now().getTime();
      to(start0 - 6.5 * 86_400_000);
      const week = await sendEventReminders(hub);
      assert.equal(week.week, 1, 'one reminder: the cancelled event sends none');
      assert.equal((await sendEventReminders(hub)).week, 0, 'once');
      // the organisers move it a day later: the reminders count from the new time; the invitation is re-sent
      const before = await getEvent(hub, manager, e.slug);
      const [ics0] = icsEvents(await eventCalendar(hub, VISITOR, e.slug));
      await updateEvent(hub, manager, e.slug, { version: before.version, startsAt: before.startsAt.utc.replace(/\.000Z$/, 'Z'), endsAt: before.endsAt.utc.replace(/\.000Z$/, 'Z') });
      const moved = await updateEvent(hub, manager, e.slug, { version: before.version + 1, startsAt: `${inDays(hub, 7.5).slice(0, 10)}T09:00`, endsAt: `${inDays(hub, 7.5).slice(0, 10)}T17:00` });
      assert.equal(moved.sequence, before.sequence + 1, 'an unchanged save leaves the sequence; a move raises it');
      const change = (await outbox(hub, 'ada@example.org')).find((m) => m.subject === 'Changed: Reminder conference')!;
      const [ics1] = icsEvents(change.attachments![0].content);
      assert.equal(ics1.uid, ics0.uid);
      assert.equal(ics1.sequence, ics0.sequence + 1);
      assert.equal(ics1.start.toISOString(), moved.startsAt.utc);
      to(new Date(moved.startsAt.utc).getTime() - 0.4 * 86_400_000);
      const day = await sendEventReminders(hub);
      assert.equal(day.day, 1);
      assert.equal(day.week, 0, 'the week reminder of the new time is not sent late');
      to(origin);
    });

    test('iCalendar: the public feed, one event, and a personal feed behind a secret that can be revoked', async () => {
      const e = await anEvent(hub, manager, { title: 'Summer school 2027', type: 'summer_school', capacity: 30, questions: [], format: 'hybrid', onlineUrl: 'https://meet.example.org/summer' });
      const all = icsEvents(await publicCalendar(hub, VISITOR));
      const mine = all.find((x) => x.summary === 'Summer school 2027')!;
      assert.equal(mine.start.toISOString(), e.startsAt.utc);
      assert.ok(!mine.description.includes('meet.example.org'), 'no join link in public');
      const [ada] = members;
      await register(hub, ada, e.slug, { answers: {} });
      const feed = await renewCalendarFeed(hub, ada);
      const token = feed.url!.split('/api/calendar.ics?token=')[1];
      const personal = icsEvents(await personalCalendar(hub, token));
      assert.ok(personal.some((x) => x.summary === 'Summer school 2027' && x.description.includes('https://meet.example.org/summer')), 'the join link in my own feed');
      const renewed = await renewCalendarFeed(hub, ada);
      await refusedWith(personalCalendar(hub, token), 'validation', 'token');
      await revokeCalendarFeed(hub, ada);
      await refusedWith(personalCalendar(hub, renewed.url!.split('/api/calendar.ics?token=')[1]), 'validation', 'token');
      assert.match(await eventsFeed(hub, VISITOR), /<entry>[\s\S]*Summer school 2027/);
    });

    test('listing filters: type, theme, region, online, dates, words; past events with their outputs; event types', async () => {
      const types = await listEventTypes(hub, VISITOR);
      assert.equal(types.length, 10);
      await saveEventType(hub, (await withRoles(hub, 'curator@example.org', ['curator'])), { code: 'policy_lab', name: 'Policy lab' });
      await refusedWith(saveEventType(hub, manager, { code: 'x_lab', name: 'X lab' }), 'forbidden');
      const webinars = await listEvents(hub, VISITOR, { type: 'webinar' });
      assert.ok(webinars.length >= 1 && webinars.every((w) => w.type.code === 'webinar'));
      assert.ok((await listEvents(hub, VISITOR, { region: 'TLG' })).every((w) => w.region?.code.startsWith('TLG')));
      assert.ok((await listEvents(hub, VISITOR, { format: 'online' })).every((w) => w.format !== 'in_person'));
      assert.ok((await listEvents(hub, VISITOR, { q: 'summer school' })).some((w) => w.title === 'Summer school 2027'));
      const d = inDays(hub, 20).slice(0, 10);
      assert.ok((await listEvents(hub, VISITOR, { from: d, to: d })).every((w) => w.startsAt.local.startsWith(d)));
      await refusedWith(listEvents(hub, VISITOR, { from: '2027-02-30' }), 'validation', 'from');
      // a past event with an output from the library
      const past = await anEvent(hub, manager, { title: 'Past webinar', type: 'webinar', format: 'online', venue: null, onlineUrl: 'https://meet.example.org/p', questions: [], startsAt: inDays(hub, 1, 10), endsAt: inDays(hub, 1, 11) });
      const item = await hub.db.insertInto('library_items').values({ type: 'report', state: 'published', title: 'Webinar recording', summary: 'The recording.', authors: '[]', published_at: hub.now() }).returning('id').executeTakeFirstOrThrow();
      await linkOutput(hub, manager, past.slug, { libraryItemId: item.id, kind: 'recording' });
      clock.advance(2 * 86_400_000);
      const pastList = await listEvents(hub, VISITOR, { when: 'past' });
      assert.equal(pastList.find((p) => p.slug === past.slug)?.outputs, 1);
      assert.deepEqual((await getEvent(hub, VISITOR, past.slug)).outputItems.map((o) => o.kind), ['recording']);
      clock.advance(-2 * 86_400_000);
    });
  });
}

const serverOnly: Backend[] = BACKENDS.filter((b) => b === 'postgres');
for (const backend of serverOnly) {
  test(`200 concurrent registrations for 50 places give 50 confirmed and 150 waitlisted, no one twice (${backend})`, async () => {
    const f = await freshHub(backend);
    try {
      const hub = f.hub;
      const manager = await withRoles(hub, 'm@example.org', ['programme_manager']);
      const e = await anEvent(hub, manager, { title: 'Annual conference', type: 'conference', capacity: 50, questions: [] });
      const tokens = Array.from({ length: 200 }, () => randomBytes(24).toString('base64url'));
      await hub.db
        .insertInto('email_confirmations')
        .values(tokens.map((t, i) => ({ token_hash: digest(t), purpose: 'registration' as const, email: `guest${i}@example.org`, payload: JSON.stringify({ eventId: e.id, input: { name: `Guest ${i}`, organisation: '', answers: {}, keepInformed: false } }), expires_at: new Date(hub.now().getTime() + 3600_000) })))
        .execute();
      // every token clicked twice, all at once
      const results = await Promise.allSettled([...tokens, ...tokens].map((token) => confirmGuestRegistration(hub, { token })));
      const rows = await hub.db.selectFrom('registrations').select(['status', 'email']).where('event_id', '=', e.id).execute();
      assert.equal(rows.length, 200, 'one registration per person');
      assert.equal(rows.filter((r) => r.status === 'confirmed').length, 50);
      assert.equal(rows.filter((r) => r.status === 'waitlisted').length, 150);
      assert.ok(results.filter((r) => r.status === 'fulfilled').length >= 200);
    } finally {
      await f.database.close();
    }
  });
}
