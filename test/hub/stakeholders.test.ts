/**
 * The stakeholder database, digests and consultations on every database backend: the CSV import (preview, duplicates
 * by email then name and organisation, errors by file, line and column, nothing written unless all is valid or bad
 * rows are left out), consent records, segments, the subject-access export, erasure and retention, the double
 * opt-in sign-up, preferences and one-click unsubscribe; digests sent once per person and period (run twice, run by
 * two servers at once, a crash mid-send); consent checked on every path that sends for a purpose; consultations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VISITOR, type Viewer } from '../../src/hub/platform/access.js';
import type { Hub } from '../../src/hub/platform/context.js';
import type { Mailer } from '../../src/hub/platform/mail.js';
import { consultationResults, confirmResponse, createConsultation, getConsultation, inviteContacts, publishSummary, respond, responsesCsv, updateConsultation } from '../../src/hub/consultations/consultations.js';
import { lastPeriod, previewDigest, sendDigests, isoWeek } from '../../src/hub/digests/digests.js';
import { importContacts } from '../../src/hub/stakeholders/contact-import.js';
import { applyRetention, changeConsent, createContact, eraseContact, exportContact, getContact, listContacts } from '../../src/hub/stakeholders/contacts.js';
import { confirmStakeholderSignUp, getPreferences, savePreferences, stakeholderSignUp, unsubscribe } from '../../src/hub/stakeholders/preferences.js';
import { listSegments, saveSegment } from '../../src/hub/stakeholders/segments.js';
import { getProfile, updateProfile } from '../../src/hub/directory/profiles.js';
import { BACKENDS, freshHub, linkToken, newMember, withRoles } from '../helpers/db.js';
import { refusedWith } from '../helpers/hub.js';

type User = Viewer & { kind: 'user' };

const CSV = `Full name,Email,Company,Sector,Size,Region,Type,Interests,Technologies,Newsletter
Asha Patel,asha@gears.example,Gears Ltd,C,45,TLG3,industry,Digital adoption,artificial-intelligence,yes
Bob Evans,bob@council.example,Birmingham City Council,O,large,West Midlands (England),policy,,,no
Chen Li,chen@uni.example,University of Leeds,P,,TLE4,academia,skills,,yes
`;

/** Library items published last week, events and calls, for digests: a theme each. */
async function digestContent(hub: Hub, period: { start: Date }) {
  const at = new Date(period.start.getTime() + 86_400_000);
  for (const [title, theme] of [
    ['AI adoption in West Midlands SMEs', 'digital-adoption'],
    ['Skills for the factory of the future', 'skills'],
    ['Hydrogen supply chains', 'future-of-the-economy'],
  ] as const) {
    const item = await hub.db.insertInto('library_items').values({ type: 'report', state: 'published', title, summary: `${title}.`, authors: '[]', published_at: at }).returning('id').executeTakeFirstOrThrow();
    await hub.db.insertInto('library_item_terms').values({ item_id: item.id, taxonomy: 'theme', code: theme }).execute();
  }
}

for (const backend of BACKENDS) {
  describe(`stakeholders, digests and consultations (${backend})`, () => {
    let hub: Hub;
    let close: () => Promise<void>;
    let manager: User;
    let member: User;
    before(async () => {
      const f = await freshHub(backend);
      hub = f.hub;
      close = () => f.database.close();
      manager = await withRoles(hub, 'manager@example.org', ['programme_manager']);
      member = (await newMember(hub, 'member@example.org', 'Mina Member')).viewer;
    });
    after(() => close());

    test('the import: a preview writes nothing; bad rows are named by file, line and column; nothing is written unless all is valid or bad rows are left out', async () => {
      const bare = await importContacts(hub, manager, { filename: 'crm.csv', csv: CSV });
      assert.match(bare.notices.join(' '), /records consent \(Newsletter\): say where/);
      const preview = await importContacts(hub, manager, { filename: 'crm.csv', csv: CSV, consentSource: 'sign-up sheet, Discovery day, 12 March 2026' });
      assert.equal(preview.committed, false);
      assert.equal(preview.valid, 3);
      assert.equal(preview.mapping.name, 'Full name');
      assert.equal(preview.mapping.consentDigests, 'Newsletter');
      assert.equal((await listContacts(hub, manager, {})).total, 0);
      await refusedWith(importContacts(hub, manager, { filename: 'crm.csv', csv: CSV, mode: 'commit' }), 'validation', 'consentSource');
      const bad = CSV + 'Dee,not-an-email,Dee Co,Z,,TLG,industry,,,yes\n';
      const report = await importContacts(hub, manager, { filename: 'crm.csv', csv: bad, consentSource: 'sheet' });
      assert.deepEqual(report.errors.map((e) => [e.line, e.column]).sort(), [[5, 'Email'], [5, 'Sector']]);
      await assert.rejects(importContacts(hub, manager, { filename: 'crm.csv', csv: bad, mode: 'commit', consentSource: 'sheet' }), (e: Error & { details?: { issues?: { line?: number; column?: unknown }[] } }) => {
        assert.match(e.message, /^crm\.csv:5: column “(Email|Sector)”/);
        assert.equal(e.details?.issues?.[0]?.line, 5);
        return true;
      });
      assert.equal((await listContacts(hub, manager, {})).total, 0, 'nothing half-written');
      const done = await importContacts(hub, manager, { filename: 'crm.csv', csv: bad, mode: 'commit', skipInvalid: true, consentSource: 'sheet' });
      assert.equal(done.committed, true);
      assert.equal(done.created, 3);
      const asha = (await listContacts(hub, manager, { q: 'asha' })).items[0];
      assert.equal(asha.sizeBand, 'small', '45 employees');
      assert.equal(asha.region?.code, 'TLG3');
      assert.deepEqual(asha.consents, ['digests']);
      const bob = (await listContacts(hub, manager, { q: 'bob' })).items[0];
      assert.equal(bob.region?.code, 'TLG', 'a region given by its name');
      assert.deepEqual(bob.consents, [], '"no" records no consent');
      // duplicates: by email, then by name and organisation; an email twice in the file
      const again = `Name,Email,Organisation\nAsha Patel,ASHA@gears.example,Gears\nChen Li,chen.li@leeds.example,University of Leeds\nNew Person,new@x.example,X\nNew Person,new@x.example,X\n`;
      const dup = await importContacts(hub, manager, { filename: 'again.csv', csv: again });
      assert.deepEqual(dup.duplicates.map((d) => [d.line, d.match]), [[2, 'email'], [3, 'name_organisation'], [5, 'earlier_row']]);
      assert.equal(dup.created, 1);
      await refusedWith(importContacts(hub, manager, { filename: 'x.csv', csv: 'Foo,Bar\n1,2\n' }), 'validation', 'mapping.name');
      await refusedWith(importContacts(hub, manager, { filename: 'q.csv', csv: 'Name,Email\n"unclosed,a@b.example\n' }), 'validation', 'csv');
      await refusedWith(importContacts(hub, member, { csv: CSV }), 'forbidden');
    });

    test('consent per purpose, with its wording, version, source and withdrawal; segments with counts', async () => {
      const c = await createContact(hub, manager, { name: 'Dara Doyle', email: 'dara@robots.example', organisation: 'Robots plc', sector: 'C', sizeBand: 'medium', region: 'TLG1', stakeholderType: 'industry', technologies: ['artificial-intelligence'], consents: [{ purpose: 'consultations', source: 'said so at the insight day' }] });
      assert.equal(c.consentHistory[0].wordingVersion, 1);
      assert.match(c.consentHistory[0].source, /insight day/);
      await refusedWith(createContact(hub, manager, { name: 'Dup', email: 'DARA@robots.example' }), 'validation', 'email');
      await refusedWith(createContact(hub, manager, { name: 'X', email: 'x@y.example', region: 'ZZ9' }), 'validation', 'region');
      const withdrawn = await changeConsent(hub, manager, c.id, { purpose: 'consultations', give: false, source: 'phoned to say no' });
      assert.equal(withdrawn.consentHistory[0].current, false);
      assert.ok(withdrawn.consentHistory[0].withdrawnAt);
      await refusedWith(changeConsent(hub, manager, c.id, { purpose: 'consultations', give: false, source: 'again' }), 'conflict');
      await changeConsent(hub, manager, c.id, { purpose: 'digests', give: true, source: 'email of 3 May' });
      const seg = await saveSegment(hub, manager, null, { name: 'West Midlands manufacturers interested in AI', filter: { sector: ['C'], region: ['TLG'], technology: ['artificial-intelligence'] } });
      assert.equal(seg.count, 2, 'Asha (TLG3) and Dara (TLG1): the ITL1 region takes in its ITL2 regions');
      assert.equal(seg.consenting.digests, 2);
      assert.match(seg.description, /Manufacturing.*West Midlands.*Artificial intelligence/);
      assert.equal((await listContacts(hub, manager, { segment: seg.id })).total, 2);
      assert.equal((await listSegments(hub, manager)).length, 1);
      await refusedWith(listContacts(hub, member, {}), 'forbidden');
      await refusedWith(getContact(hub, VISITOR, c.id), 'unauthenticated');
    });

    test('subject access, erasure with an anonymous audit line, and retention', async () => {
      const c = await createContact(hub, manager, { name: 'Erin Erase', email: 'erin@gone.example', consents: [{ purpose: 'digests', source: 'form' }] });
      const sar = await exportContact(hub, manager, c.id);
      assert.equal((sar.contact as { email: string }).email, 'erin@gone.example');
      assert.equal((sar.consents as unknown[]).length, 1);
      assert.ok(!JSON.stringify(sar).includes('link_nonce'));
      await eraseContact(hub, manager, c.id);
      await refusedWith(getContact(hub, manager, c.id), 'not_found');
      const audit = await hub.db.selectFrom('audit_log').selectAll().where('action', '=', 'contacts.erase').execute();
      assert.equal(audit.length, 1);
      assert.ok(!JSON.stringify(audit).includes('erin'), 'the audit keeps no personal data');
      // retention: a contact inactive for longer than the rule is erased by the job; members are kept
      const old = await createContact(hub, manager, { name: 'Olly Old', email: 'olly@old.example' });
      await hub.db.updateTable('contacts').set({ last_active_at: new Date(hub.now().getTime() - 40 * 30 * 86_400_000) }).where('id', '=', old.id).execute();
      assert.equal(await applyRetention(hub, 36), 1);
      await refusedWith(getContact(hub, manager, old.id), 'not_found');
    });

    test('the public sign-up is double opt-in; preferences by the link; one-click unsubscribe', async () => {
      await refusedWith(stakeholderSignUp(hub, { name: 'Pat', email: 'pat@sme.example', purposes: [] }), 'validation', 'purposes');
      await stakeholderSignUp(hub, { name: 'Pat Price', email: 'pat@sme.example', organisation: 'SME Ltd', stakeholderType: 'industry', sector: 'C', region: 'TLG', themes: ['digital-adoption'], purposes: ['digests', 'consultations'], frequency: 'weekly' });
      assert.equal((await hub.db.selectFrom('contacts').select('id').where('email', '=', 'pat@sme.example').execute()).length, 0, 'nothing kept before the confirmation');
      const token = await linkToken(hub, 'pat@sme.example', '/stakeholders/confirm');
      const done = await confirmStakeholderSignUp(hub, { token });
      const prefToken = decodeURIComponent(done.preferencesUrl.split('token=')[1]);
      const prefs = await getPreferences(hub, VISITOR, prefToken);
      assert.equal(prefs.frequency, 'weekly');
      assert.deepEqual(prefs.consents.filter((c) => c.given).map((c) => c.purpose), ['digests', 'consultations']);
      const saved = await savePreferences(hub, VISITOR, { token: prefToken, frequency: 'monthly', technologies: ['robotics-automation'] });
      assert.equal(saved.frequency, 'monthly');
      await unsubscribe(hub, prefToken);
      const after = await getPreferences(hub, VISITOR, prefToken);
      assert.equal(after.frequency, 'none');
      assert.equal(after.consents.find((c) => c.purpose === 'digests')?.given, false);
      const contact = await hub.db.selectFrom('contacts').selectAll().where('email', '=', 'pat@sme.example').executeTakeFirstOrThrow();
      const history = await hub.db.selectFrom('consents').selectAll().where('contact_id', '=', contact.id).where('purpose', '=', 'digests').execute();
      assert.equal(history[0].withdrawn_source, 'one-click unsubscribe');
      // a new nonce revokes the links
      await hub.db.updateTable('contacts').set({ link_nonce: 'rotated' }).where('id', '=', contact.id).execute();
      await refusedWith(getPreferences(hub, VISITOR, prefToken), 'validation', 'token');
      // a member keeps their own preferences signed in
      const mine = await savePreferences(hub, member, { frequency: 'weekly', themes: ['skills'] });
      assert.equal(mine.email, 'member@example.org');
      assert.equal(mine.consents.find((c) => c.purpose === 'digests')?.given, true, 'choosing a digest is consenting to it');
      // the profile's "send me the network digest" is the same consent, both ways
      const { viewer: pia } = await newMember(hub, 'pia@example.org', 'Pia Profile');
      await updateProfile(hub, pia, pia.profileId!, { consentDigest: true });
      const piaPrefs = await getPreferences(hub, pia);
      assert.equal(piaPrefs.frequency, 'monthly');
      assert.equal(piaPrefs.consents.find((c) => c.purpose === 'digests')?.given, true);
      await savePreferences(hub, pia, { frequency: 'none' });
      assert.equal((await getProfile(hub, pia, pia.profileId!)).settings?.consentDigest, false);
    });

    test('digests: matching interests, HTML and text, one-click unsubscribe headers; sent once per person and period, run twice or by two servers at once; a crash mid-send loses nothing and doubles nothing', async () => {
      const period = lastPeriod('weekly', hub.now());
      await digestContent(hub, period);
      // weekly readers: Asha (digital adoption, by import, consent), Chen (skills, consent), the member (skills), 30 more
      await hub.db.updateTable('contacts').set({ digest_frequency: 'weekly' }).where('email', 'in', ['asha@gears.example', 'chen@uni.example']).execute();
      for (let i = 0; i < 30; i++) await createContact(hub, manager, { name: `Reader ${i}`, email: `reader${i}@example.org`, themes: ['skills'], consents: [{ purpose: 'digests', source: 'test' }] });
      await hub.db.updateTable('contacts').set({ digest_frequency: 'weekly' }).where('email', 'like', 'reader%').execute();
      const expected = 33;
      // a server dies while sending: its third batch of 10 fails; the two batches before it are kept, the third rolled back whole
      let calls = 0;
      const dying: Mailer = {
        transport: 'outbox',
        flush: async () => {},
        enqueue: async (tx, m) => {
          if (++calls === 3) throw new Error('the process dies mid-send');
          return hub.mailer.enqueue(tx, m);
        },
      };
      await assert.rejects(sendDigests({ ...hub, mailer: dying }, 'weekly', period, { batchSize: 10 }), /dies mid-send/);
      const count = async () => (await hub.db.selectFrom('outbox').select('to_address').where('subject', 'like', '%digest (%').execute()).length;
      assert.equal(await count(), 20, 'two batches sent, the third wrote nothing');
      assert.equal(Number((await hub.db.selectFrom('digest_sends').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 20, 'and claimed no one');
      // two servers at once, then a third run: each reader has one digest
      await Promise.all([sendDigests(hub, 'weekly', period), sendDigests({ ...hub }, 'weekly', period)]);
      const third = await sendDigests(hub, 'weekly', period);
      assert.equal(third.sent, 0);
      const mails = await hub.db.selectFrom('outbox').selectAll().where('subject', 'like', '%digest (%').execute();
      assert.equal(mails.length, expected);
      assert.equal(new Set(mails.map((m) => m.to_address)).size, expected, 'no one twice');
      const asha = mails.find((m) => m.to_address === 'asha@gears.example')!;
      assert.match(asha.body_text!, /AI adoption in West Midlands SMEs/);
      assert.doesNotMatch(asha.body_text!, /Hydrogen/, 'only what matches her interests');
      assert.match(asha.body_html!, /<a href="http:\/\/proximity\.test\/library\/[^"]+">AI adoption/);
      assert.match(asha.headers!['List-Unsubscribe'], /^<http:\/\/proximity\.test\/api\/engagement\/unsubscribe\?token=/);
      assert.equal(asha.headers!['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
      assert.match(asha.body_text!, /Unsubscribe: http:\/\/proximity\.test\/unsubscribe\?token=/);
      const memberMail = mails.find((m) => m.to_address === 'member@example.org');
      assert.ok(memberMail && /Skills for the factory/.test(memberMail.body_text!));
      assert.equal(isoWeek('2021-01-03').week, 53, 'ISO weeks: 3 January 2021 is in week 53 of 2020');
      assert.equal(isoWeek('2027-01-04').week, 1);
    });

    test('nothing is sent for a purpose without current consent, on every path that sends for one', async () => {
      const period = lastPeriod('monthly', hub.now());
      // digests: a reader chose the monthly digest but holds no consent, another withdrew it
      const none = await createContact(hub, manager, { name: 'No Consent', email: 'noconsent@example.org', themes: ['skills'] });
      const gone = await createContact(hub, manager, { name: 'Withdrew', email: 'withdrew@example.org', themes: ['skills'], consents: [{ purpose: 'digests', source: 'form' }, { purpose: 'consultations', source: 'form' }] });
      await changeConsent(hub, manager, gone.id, { purpose: 'digests', give: false, source: 'asked' });
      await changeConsent(hub, manager, gone.id, { purpose: 'consultations', give: false, source: 'asked' });
      await hub.db.updateTable('contacts').set({ digest_frequency: 'monthly' }).where('id', 'in', [none.id, gone.id]).execute();
      const item = await hub.db.insertInto('library_items').values({ type: 'report', state: 'published', title: 'Monthly skills note', summary: '.', authors: '[]', published_at: new Date(period.start.getTime() + 3_600_000) }).returning('id').executeTakeFirstOrThrow();
      await hub.db.insertInto('library_item_terms').values({ item_id: item.id, taxonomy: 'theme', code: 'skills' }).execute();
      await sendDigests(hub, 'monthly', period);
      // consultations: invitations go to those who consent to consultations only
      const k = await createConsultation(hub, manager, { kind: 'research_agenda', title: 'Consent check agenda', questions: [{ id: 'q', type: 'text', label: 'Views' }], closesAt: new Date(hub.now().getTime() + 30 * 86_400_000).toISOString(), published: true });
      const inv = await inviteContacts(hub, manager, k.slug, {});
      assert.ok(inv.invited >= 1);
      assert.ok(inv.withoutConsent >= 2);
      // the rule, over everything written: no message for a purpose reached anyone without consent to it then
      const sent = await hub.db.selectFrom('outbox').select(['to_address', 'subject']).where('to_address', 'in', ['noconsent@example.org', 'withdrew@example.org']).execute();
      assert.deepEqual(sent, []);
      // and, over every contact, a digest or an invitation went only to someone holding that consent
      const rows = await hub.db.selectFrom('outbox').select(['to_address', 'subject']).execute();
      for (const r of rows) {
        const purpose = /digest \(/.test(r.subject) ? 'digests' : /^Your views:/.test(r.subject) ? 'consultations' : null;
        if (!purpose) continue;
        const c = await hub.db.selectFrom('contacts').select('id').where('email', '=', r.to_address).executeTakeFirstOrThrow();
        const k2 = await hub.db.selectFrom('consents').select('id').where('contact_id', '=', c.id).where('purpose', '=', purpose).where('withdrawn_at', 'is', null).executeTakeFirst();
        assert.ok(k2, `${r.to_address} got “${r.subject}” without consent to ${purpose}`);
      }
    });

    test('digest preview for a segment', async () => {
      const seg = await saveSegment(hub, manager, null, { name: 'Skills readers', filter: { theme: ['skills'] } });
      const p = await previewDigest(hub, manager, { segment: seg.id, frequency: 'weekly' });
      assert.ok(p.contacts >= 30);
      assert.ok(p.entries >= 1);
      assert.match(p.html, /Skills for the factory/);
      await refusedWith(previewDigest(hub, member, {}), 'forbidden');
    });

    test('consultations: invited contacts by their link, members once, the public with a verified email; results with key phrases; the summary', async () => {
      const closes = new Date(hub.now().getTime() + 14 * 86_400_000).toISOString();
      await refusedWith(createConsultation(hub, manager, { kind: 'draft_call', title: 'X', questions: [], closesAt: closes }), 'validation', 'questions');
      const k = await createConsultation(hub, manager, {
        kind: 'draft_call',
        title: 'Draft call: digital adoption in SMEs',
        summary: 'What should the next call fund?',
        questions: [
          { id: 'priority', type: 'scale', label: 'How much of a priority is this?', min: 1, max: 5, required: true },
          { id: 'scope', type: 'choice', label: 'Which scope?', options: ['Regional', 'National'] },
          { id: 'views', type: 'text', label: 'Anything else?' },
        ],
        closesAt: closes,
        publicResponses: true,
        published: true,
      });
      const inv = await inviteContacts(hub, manager, k.slug, { filter: { consent: 'consultations' } });
      assert.ok(inv.invited >= 1);
      const invitation = (await hub.db.selectFrom('outbox').selectAll().where('subject', '=', `Your views: ${k.title}`).execute())[0];
      const token = /token=([A-Za-z0-9_.:-]+)/.exec(invitation.body_text!)![1];
      assert.equal((await getConsultation(hub, VISITOR, k.slug, token)).respondAs, 'contact');
      await refusedWith(respond(hub, VISITOR, k.slug, { token, answers: { priority: 7 } }), 'validation', 'answers.priority');
      await respond(hub, VISITOR, k.slug, { token, answers: { priority: 5, scope: 'Regional', views: 'Funding for digital skills training and shared testbeds.' } });
      await refusedWith(respond(hub, VISITOR, k.slug, { token, answers: { priority: 4 } }), 'conflict', /already responded/);
      await respond(hub, member, k.slug, { answers: { priority: 4, scope: 'National', views: 'Shared testbeds for small manufacturers.' } });
      await refusedWith(respond(hub, member, k.slug, { answers: { priority: 4 } }), 'conflict');
      assert.equal((await respond(hub, VISITOR, k.slug, { name: 'Quinn Public', email: 'quinn@public.example', answers: { priority: 3, views: 'More digital skills training.' } })).status, 'check_your_email');
      const ptoken = await linkToken(hub, 'quinn@public.example', '/consultations/confirm');
      await confirmResponse(hub, { token: ptoken });
      await confirmResponse(hub, { token: ptoken });
      const r = await consultationResults(hub, manager, k.slug);
      assert.equal(r.responses, 3);
      const pr = r.questions.find((q) => q.id === 'priority')!;
      assert.equal(pr.mean, 4);
      assert.deepEqual(pr.distribution.map((d) => d.count), [0, 0, 1, 1, 1]);
      const words = r.questions.find((q) => q.id === 'views')!.keywords;
      assert.deepEqual(words.slice(0, 2).map((w) => [w.term, w.count]).sort(), [['digital skills training', 2], ['testbeds', 2]].sort());
      assert.match(await responsesCsv(hub, manager, k.slug), /^submitted_at,respondent,stakeholder_type,sector,region,priority,scope,views\n/);
      await refusedWith(consultationResults(hub, member, k.slug), 'forbidden');
      const published = await publishSummary(hub, manager, k.slug, { whatWeHeard: 'We heard that **testbeds** matter.' });
      assert.match(published.whatWeHeardHtml!, /<strong>testbeds<\/strong>/);
      // once answered, the questions may be sent back as they are (as the edit page does) but not changed
      const seen = await getConsultation(hub, manager, k.slug);
      const edited = await updateConsultation(hub, manager, k.slug, { version: seen.version, questions: seen.questions, closesAt: '2027-01-31T17:00' });
      assert.equal(edited.closesAt.london, '2027-01-31T17:00');
      await refusedWith(updateConsultation(hub, manager, k.slug, { version: edited.version, questions: [...seen.questions, { id: 'more', type: 'yes_no', label: 'Anything else?' }] }), 'validation', 'questions');
      await refusedWith(updateConsultation(hub, manager, k.slug, { version: seen.version, title: 'Stale' }), 'conflict');
    });
  });
}
