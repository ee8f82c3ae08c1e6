import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { consultationResults, createConsultation, inviteContacts } from '../../src/hub/consultations/consultations.js';
import { lastPeriod } from '../../src/hub/digests/digests.js';
import { getEvent } from '../../src/hub/events/events.js';
import { cancelRegistration, register } from '../../src/hub/events/registrations.js';
import type { Viewer } from '../../src/hub/platform/access.js';
import { createContact } from '../../src/hub/stakeholders/contacts.js';
import type { Running } from '../../src/server/start.js';
import { SKIP_WITHOUT_BROWSER, signIn, startBrowserAndServer } from '../helpers/browser.js';
import { linkToken, newMember, PASSWORD, withRoles } from '../helpers/db.js';
import { anEvent } from '../helpers/events.js';

const CSV = `Full name,Email,Company,Sector,Region,Type,Technologies,Newsletter
Asha Patel,asha@gears.example,Gears Ltd,C,TLG3,industry,artificial-intelligence,yes
Dara Doyle,dara@robots.example,Robots plc,C,TLG1,industry,artificial-intelligence,yes
Chen Li,chen@uni.example,University of Leeds,P,TLE4,academia,,yes
`;

/**
 * The knowledge exchange programme in Chromium: a visitor registers for a full event, is waitlisted, and is promoted
 * when someone cancels; a manager imports contacts, saves a segment and previews its digest; a contact answers a
 * consultation through the link in their invitation.
 */
describe('knowledge exchange in Chromium', { skip: SKIP_WITHOUT_BROWSER }, () => {
  let running: Running;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;
  let manager: Viewer & { kind: 'user' };
  let page: Page;

  before(async () => {
    ({ running, browser, base, close } = await startBrowserAndServer());
    manager = await withRoles(running.hub, 'pam@example.org', ['programme_manager']);
  });
  after(async () => {
    await close?.();
  });

  test('1. a visitor registers for a full event, is waitlisted, and is promoted after a cancellation', async () => {
    const { hub } = running;
    const e = await anEvent(hub, manager, { title: 'Insight day at a robotics plant', type: 'insight_day', capacity: 1 });
    const { viewer: first } = await newMember(hub, 'first@example.org', 'First Comer');
    await register(hub, first, e.slug, { answers: { dietary: 'None' } });
    page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/events/${e.slug}`);
    await page.getByRole('heading', { name: 'Insight day at a robotics plant', level: 1 }).waitFor();
    assert.match(await page.locator('dl.facts').innerText(), /1 of 1 taken/);
    await page.getByText('The event is full').waitFor();
    await page.getByLabel('Your name').fill('Vera Visitor');
    await page.getByLabel('Email address').fill('vera@firm.example');
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    // the question is required: said beside it
    await page.locator('#reg-dietary-error').waitFor();
    await page.getByLabel('Vegetarian').check();
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    await page.getByText('We have emailed a link to vera@firm.example').waitFor();
    const token = await linkToken(hub, 'vera@firm.example', '/events/confirm');
    await page.goto(`${base}/events/confirm?token=${token}`);
    await page.getByRole('heading', { name: 'Your registration: On the waitlist' }).waitFor();
    await page.getByText('You are number 1 on the waitlist').waitFor();
    // the confirmed member cancels: Vera is promoted, and emailed with her invitation
    await cancelRegistration(hub, first, (await getEvent(hub, first, e.slug)).myRegistration!.id);
    const mail = await hub.db.selectFrom('outbox').selectAll().where('to_address', '=', 'vera@firm.example').where('subject', 'like', 'A place has come up%').executeTakeFirstOrThrow();
    assert.equal(mail.attachments?.[0]?.filename, 'invite.ics');
    const manage = /\/registrations\/manage\?token=[A-Za-z0-9_.-]+/.exec(mail.body_text!)![0];
    await page.goto(`${base}${manage}`);
    await page.getByRole('heading', { name: 'Your registration: Confirmed' }).waitFor();
    const code = (await page.locator('strong.code').innerText()).trim();
    assert.match(code, /^[0-9A-Z]{10}$/);
    assert.ok(await page.getByRole('img', { name: /Check-in QR code/ }).isVisible());
  });

  test('2. a manager imports contacts, saves a segment and previews its digest', async () => {
    const { hub } = running;
    const period = lastPeriod('weekly', hub.now());
    const item = await hub.db.insertInto('library_items').values({ type: 'report', state: 'published', title: 'AI on the shop floor: West Midlands evidence', summary: 'What small manufacturers learnt.', authors: '[]', published_at: new Date(period.start.getTime() + 2 * 86_400_000) }).returning('id').executeTakeFirstOrThrow();
    await hub.db.insertInto('library_item_terms').values({ item_id: item.id, taxonomy: 'technology', code: 'artificial-intelligence' }).execute();
    page = await (await browser.newContext()).newPage();
    await signIn(page, base, 'pam@example.org', PASSWORD);
    await page.goto(`${base}/stakeholders/import`);
    await page.getByLabel('Or paste the CSV').fill(CSV);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Preview' }).waitFor();
    assert.equal(await page.getByLabel('Consent: digests').inputValue(), 'Newsletter', 'the columns are matched by their names');
    await page.getByRole('button', { name: 'Import' }).click();
    // the file records consent: where it was given must be said, and nothing is written until it is
    await page.locator('#imp-source-error').waitFor();
    await page.getByLabel("Where the file's consents were given").fill('Sign-up sheet, Discovery day, 12 March 2026');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported: 3 new, 0 updated, 0 left out.').waitFor();
    await page.goto(`${base}/stakeholders?sector=C&region=TLG&technology=artificial-intelligence`);
    await page.getByRole('heading', { name: /contacts?$/ }).waitFor();
    const listed = await page.locator('table tbody tr').allInnerTexts();
    assert.ok(listed.some((r) => r.includes('Asha Patel')) && listed.some((r) => r.includes('Dara Doyle')));
    assert.ok(!listed.some((r) => r.includes('Chen Li')));
    await page.getByLabel('Save these filters as a segment').fill('West Midlands manufacturers into AI');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByText(/Segment saved: West Midlands manufacturers into AI \(\d+ contacts\)/).waitFor();
    await page.getByRole('link', { name: 'Preview its digest' }).last().click();
    await page.getByRole('heading', { name: /West Midlands manufacturers into AI: the week of/ }).waitFor();
    const html = await page.locator('iframe.digest-frame').getAttribute('srcdoc');
    assert.match(html ?? '', /AI on the shop floor: West Midlands evidence/);
    assert.match(await page.locator('main').innerText(), /would be sent the weekly digest/);
  });

  test('3. a contact answers a consultation through the link in their invitation', async () => {
    const { hub } = running;
    await createContact(hub, manager, { name: 'Tara Token', email: 'tara@council.example', stakeholderType: 'policy', region: 'TLG3', consents: [{ purpose: 'consultations', source: 'asked at the impact workshop' }] });
    const k = await createConsultation(hub, manager, {
      kind: 'research_agenda',
      title: 'Research agenda for smarter places',
      summary: 'What should the network study next?',
      questions: [
        { id: 'priority', type: 'scale', label: 'How much does this matter to your place?', min: 1, max: 5, required: true },
        { id: 'views', type: 'text', label: 'What is missing?' },
      ],
      closesAt: new Date(hub.now().getTime() + 21 * 86_400_000).toISOString(),
      published: true,
    });
    await inviteContacts(hub, manager, k.slug, { filter: { q: 'tara' } });
    const mail = await hub.db.selectFrom('outbox').selectAll().where('to_address', '=', 'tara@council.example').where('subject', '=', `Your views: ${k.title}`).executeTakeFirstOrThrow();
    const link = /http:\/\/[^/]+(\/consultations\/[^\s]+)/.exec(mail.body_text!)![1];
    page = await (await browser.newContext()).newPage();
    await page.goto(`${base}${link}`);
    await page.getByRole('heading', { name: 'Your response (Tara Token)' }).waitFor();
    await page.getByRole('button', { name: 'Send my response' }).click();
    await page.locator('#resp-priority-error').waitFor();
    await page.getByLabel('4', { exact: true }).check();
    await page.getByLabel('What is missing? (optional)').fill('Evidence on how councils broker links between firms and universities.');
    await page.getByRole('button', { name: 'Send my response' }).click();
    await page.getByText('Thank you: your response is recorded.').waitFor();
    await page.getByText('You have responded: thank you.').waitFor();
    const r = await consultationResults(hub, manager, k.slug);
    assert.equal(r.responses, 1);
    assert.deepEqual(r.byStakeholderType.map((t) => [t.code, t.count]), [['policy', 1]]);
  });

  test('4. a manager builds an event in the editor: a typed question, a session with a member and an external speaker, a co-organiser', async () => {
    const { hub } = running;
    const { viewer: olu } = await newMember(hub, 'olu@example.org', 'Olu Organiser');
    const { viewer: sam } = await newMember(hub, 'sam@example.org', 'Sam Speaker');
    page = await (await browser.newContext()).newPage();
    await signIn(page, base, 'pam@example.org', PASSWORD);
    await page.goto(`${base}/events/new`);
    await page.getByLabel('Title').fill('Summer school on regional innovation');
    await page.locator('#ev-ed-start').fill('2027-07-05T09:00');
    await page.locator('#ev-ed-end').fill('2027-07-06T17:00');
    await page.getByLabel('Join link (shown to confirmed registrants only)').fill('https://meet.example.org/summer');
    const questions = page.getByRole('group', { name: 'Registration questions' });
    await questions.getByLabel('Registration questions: type of the new question').selectOption('choice');
    await questions.getByRole('button', { name: 'Add a question' }).click();
    await questions.getByLabel('Registration questions: question 1', { exact: true }).fill('Dietary requirements');
    await questions.getByLabel('Required').check();
    await questions.getByText('Settings').click();
    await questions.getByLabel('Options, one per line').fill('None\nVegetarian\n\nVegan');
    await page.getByRole('button', { name: 'Add a session' }).click();
    await page.getByLabel('Session 1: title').fill('Smart specialisation in practice');
    assert.equal(await page.locator('#ev-ses-0-start').inputValue(), '2027-07-05T09:00', 'a new session starts when the event does');
    await page.locator('#ev-ses-0-end').fill('2027-07-05T08:00');
    await page.getByRole('button', { name: 'Add an external speaker' }).click();
    await page.locator('#ev-ses-0-sp-0-name').fill('Dominique Foray');
    await page.locator('#ev-ses-0-sp-0-aff').fill('EPFL');
    await page.getByLabel('Add a speaker from the directory').fill('Sam Spea');
    await page.getByRole('button', { name: 'Add Sam Speaker' }).click();
    await page.getByLabel('Add an organiser').fill('Olu Org');
    await page.getByRole('button', { name: 'Add Olu Organiser' }).click();
    await page.getByLabel('Published').check();
    await page.getByRole('button', { name: 'Save' }).click();
    // the session ends before it starts: said beside it, and nothing is written
    await page.locator('#ev-ses-0-end-error').waitFor();
    assert.match(await page.locator('#ev-ses-0-end-error').innerText(), /must be after the session starts/i);
    await page.locator('#ev-ses-0-end').fill('2027-07-05T10:30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Summer school on regional innovation', level: 1 }).waitFor();
    const timetable = page.getByRole('region', { name: 'Timetable' });
    assert.match(await timetable.innerText(), /Smart specialisation in practice/);
    assert.match(await timetable.innerText(), /Dominique Foray \(EPFL\)/);
    assert.equal(await timetable.getByRole('link', { name: 'Sam Speaker' }).getAttribute('href'), `/members/${(await hub.db.selectFrom('profiles').select('id').where('user_id', '=', sam.userId).executeTakeFirstOrThrow()).id}`);
    const slug = new URL(page.url()).pathname.split('/').pop()!;
    const saved = await getEvent(hub, olu, slug);
    assert.deepEqual(saved.questions, [{ id: 'question_1', type: 'choice', label: 'Dietary requirements', required: true, options: ['None', 'Vegetarian', 'Vegan'] }]);
    assert.deepEqual(saved.sessions[0].speakers.map((x) => x.name), ['Dominique Foray', 'Sam Speaker']);
    assert.deepEqual(saved.organisers.map((o) => o.name).sort(), ['Olu Organiser', 'pam']);
    assert.equal(saved.can.manage, true, 'the co-organiser manages the event');
    // the co-organiser edits it, and both stay organisers
    const oluPage = await (await browser.newContext()).newPage();
    await signIn(oluPage, base, 'olu@example.org', PASSWORD);
    await oluPage.goto(`${base}/events/${slug}/edit`);
    await oluPage.getByLabel('Session 1: title').waitFor();
    assert.equal(await oluPage.getByLabel('Session 1: title').inputValue(), 'Smart specialisation in practice');
    await oluPage.getByLabel('Room or stream').fill('Main hall');
    await oluPage.getByRole('button', { name: 'Save' }).click();
    await oluPage.getByRole('heading', { name: 'Summer school on regional innovation', level: 1 }).waitFor();
    assert.match(await oluPage.getByRole('region', { name: 'Timetable' }).innerText(), /Main hall/);
    assert.equal((await getEvent(hub, olu, slug)).organisers.length, 2);
  });

  test('5. a visitor signs up for the digest with a theme, confirms by the emailed link, and changes their interests on their preferences page', async () => {
    const { hub } = running;
    page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/stay-informed`);
    await page.getByLabel('Your name').fill('Iris Interested');
    await page.getByLabel('Email address').fill('iris@maker.example');
    const themes = page.getByRole('group', { name: 'Themes that interest you' });
    const first = themes.getByRole('checkbox').first();
    await first.waitFor();
    const theme = (await themes.locator('label').first().innerText()).trim();
    await first.check();
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('We have sent a link to iris@maker.example').waitFor();
    const token = await linkToken(hub, 'iris@maker.example', '/stakeholders/confirm');
    await page.goto(`${base}/stakeholders/confirm?token=${token}`);
    const href = (await page.getByRole('link', { name: 'Your preferences (keep this link)' }).getAttribute('href'))!;
    const link = new URL(href, base);
    await page.goto(`${base}${link.pathname}${link.search}`);
    await page.getByRole('heading', { name: 'Your digests and interests' }).waitFor();
    assert.equal(await page.getByLabel('The digest of new research, events and calls').inputValue(), 'monthly');
    const mine = page.getByRole('group', { name: 'Themes', exact: true });
    assert.equal(await mine.getByLabel(theme, { exact: true }).isChecked(), true, 'the theme chosen at sign-up is ticked');
    await page.getByRole('group', { name: 'Technologies' }).getByRole('checkbox').first().check();
    await page.getByLabel('The digest of new research, events and calls').selectOption('weekly');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your preferences are saved.').waitFor();
    const contact = await hub.db.selectFrom('contacts').select(['id', 'digest_frequency']).where('email', '=', 'iris@maker.example').executeTakeFirstOrThrow();
    assert.equal(contact.digest_frequency, 'weekly');
    const interests = await hub.db.selectFrom('contact_interests').select('taxonomy').where('contact_id', '=', contact.id).execute();
    assert.deepEqual(interests.map((i) => i.taxonomy).sort(), ['technology', 'theme']);
  });
});
