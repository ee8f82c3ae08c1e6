import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VISITOR, type Viewer } from '../../src/hub/platform/access.js';
import { listAudit } from '../../src/hub/platform/audit.js';
import { searchDirectory, prefixQuery } from '../../src/hub/directory/directory.js';
import { createOrganisation, getOrganisation, listOrganisations, updateOrganisation } from '../../src/hub/directory/organisations.js';
import { getProfile, updateProfile } from '../../src/hub/directory/profiles.js';
import { renderMarkdown } from '../../src/hub/platform/markdown.js';
import { grantRole } from '../../src/hub/accounts/users.js';
import { BACKENDS, freshHub, newMember } from '../helpers/db.js';
import { counts, refusedWith as code } from '../helpers/hub.js';
import { createHub } from '../../src/hub/platform/context.js';
import { outboxMailer } from '../../src/hub/platform/mail.js';


for (const backend of BACKENDS) {
  describe(`profiles and directory (${backend})`, () => {
    let ctx: Awaited<ReturnType<typeof freshHub>>;
    let alice: Viewer & { kind: 'user' }, bob: Viewer & { kind: 'user' }, carol: Viewer & { kind: 'user' }, dan: Viewer & { kind: 'user' }, admin: Viewer;
    let uni: string, maker: string;

    before(async () => {
      ctx = await freshHub(backend);
      const { hub } = ctx;
      ({ viewer: alice } = await newMember(hub, 'alice@example.org', 'Alice Turing'));
      ({ viewer: bob } = await newMember(hub, 'bob@example.org', 'Bob Smith'));
      ({ viewer: carol } = await newMember(hub, 'carol@example.org', 'Carol Jones'));
      ({ viewer: dan } = await newMember(hub, 'dan@example.org', 'Dan Brown'));
      const root = await newMember(hub, 'root@example.org', 'Root');
      await hub.db.insertInto('user_roles').values({ user_id: root.viewer.userId, role: 'administrator', granted_by: null }).execute();
      admin = { ...root.viewer, roles: new Set(['administrator'] as const) };
      uni = (await createOrganisation(hub, alice, { name: 'Uni of Testing', type: 'university', country: 'gb', regionCode: 'TLG3' })).id;
      maker = (await createOrganisation(hub, bob, { name: 'Widget Works', type: 'manufacturer', country: 'GB' })).id;
      await updateProfile(hub, alice, alice.profileId!, {
        disciplines: ['economics'], regionCode: 'TLG3', country: 'GB', careerStage: 'senior', expertise: ['digital twins'],
        bio: 'Works on robots in factories.', visibility: { bio: 'members' }, affiliations: [{ organisationId: uni, startDate: '2020-01-01' }],
      });
      await updateProfile(hub, bob, bob.profileId!, { disciplines: ['economics', 'sociology'], regionCode: 'TLD3', expertise: ['robotics'], affiliations: [{ organisationId: maker }] });
      await updateProfile(hub, carol, carol.profileId!, { disciplines: ['sociology'], regionCode: 'TLG1', visibility: { disciplines: 'private' }, affiliations: [{ organisationId: maker }] });
      await updateProfile(hub, dan, dan.profileId!, { disciplines: ['economics'], listed: false });
    });
    after(() => ctx.database.close());

    test('full-text search sees only what the searcher may see', async () => {
      const { hub } = ctx;
      const asVisitor = await searchDirectory(hub, VISITOR, { q: 'robot' });
      assert.deepEqual(asVisitor.items.map((p) => p.name), ['Bob Smith']); // Alice's bio is for members
      const asMember = await searchDirectory(hub, carol, { q: 'robot' });
      assert.deepEqual(asMember.items.map((p) => p.name).sort(), ['Alice Turing', 'Bob Smith']);
      const prefix = await searchDirectory(hub, VISITOR, { q: 'Tur' });
      assert.deepEqual(prefix.items.map((p) => p.name), ['Alice Turing']);
      const none = await searchDirectory(hub, VISITOR, { q: 'Dan' }); // unlisted
      assert.equal(none.total, 0);
    });

    test('facet filters: OR within a facet, AND across; each facet counted without its own filter', async () => {
      const { hub } = ctx;
      const r = await searchDirectory(hub, VISITOR, { discipline: 'economics' });
      assert.deepEqual(r.items.map((p) => p.name).sort(), ['Alice Turing', 'Bob Smith']);
      // hand count: Alice {economics}, Bob {economics, sociology}, Carol's disciplines private, Dan unlisted
      assert.deepEqual(counts(r.facets.discipline), { economics: 2, sociology: 1 });
      assert.deepEqual(counts(r.facets.region), { TLG: 1, TLG3: 1, TLD: 1, TLD3: 1 });
      assert.deepEqual(counts(r.facets.organisationType), { university: 1, manufacturer: 1 });
      const both = await searchDirectory(hub, VISITOR, { discipline: 'economics', region: ['TLG'] });
      assert.deepEqual(both.items.map((p) => p.name), ['Alice Turing']);
      // region TLG holds Alice (TLG3) and Carol (TLG1); only Alice shows a discipline
      assert.deepEqual(counts(both.facets.discipline), { economics: 1 });
      assert.deepEqual(counts(both.facets.region), { TLG: 1, TLG3: 1, TLD: 1, TLD3: 1 });
      const either = await searchDirectory(hub, VISITOR, { discipline: 'economics,sociology' });
      assert.equal(either.total, 2);
      const careers = await searchDirectory(hub, VISITOR, { careerStage: 'senior' }); // members-only field
      assert.equal(careers.total, 0);
      assert.equal((await searchDirectory(hub, bob, { careerStage: 'senior' })).total, 1);
    });

    test('a write through another server process shows at the next search (version-checked index)', async () => {
      const other = createHub({ db: ctx.hub.db, mailer: outboxMailer(), baseUrl: 'http://other.test' });
      assert.equal((await searchDirectory(ctx.hub, VISITOR, { q: 'zeppelins' })).total, 0);
      await updateProfile(other, bob, bob.profileId!, { expertise: ['robotics', 'zeppelins'] });
      assert.deepEqual((await searchDirectory(ctx.hub, VISITOR, { q: 'zeppelins' })).items.map((p) => p.name), ['Bob Smith']);
      await updateProfile(other, bob, bob.profileId!, { expertise: ['robotics'] });
      assert.equal((await searchDirectory(ctx.hub, VISITOR, { q: 'zeppelins' })).total, 0);
    });

    test('result cards read earlier are not served after a write (cards kept per directory version)', async () => {
      const other = createHub({ db: ctx.hub.db, mailer: outboxMailer(), baseUrl: 'http://other.test' });
      const card = async () => (await searchDirectory(ctx.hub, VISITOR, { q: 'Bob' })).items[0];
      assert.equal((await card()).jobTitle, null);
      assert.equal((await card()).organisations?.[0].organisationName, 'Widget Works'); // now from the kept cards
      await updateProfile(other, bob, bob.profileId!, { jobTitle: 'Works manager' });
      assert.equal((await card()).jobTitle, 'Works manager');
      await other.db.updateTable('organisations').set({ name: 'Widget Works Ltd' }).where('id', '=', maker).execute();
      assert.equal((await card()).organisations?.[0].organisationName, 'Widget Works Ltd');
      await updateProfile(other, bob, bob.profileId!, { jobTitle: null });
      assert.equal((await card()).jobTitle, null);
    });

    test('pagination keeps the total', async () => {
      const p1 = await searchDirectory(ctx.hub, carol, { pageSize: 2, page: 1 });
      const p2 = await searchDirectory(ctx.hub, carol, { pageSize: 2, page: 2 });
      const p9 = await searchDirectory(ctx.hub, carol, { pageSize: 2, page: 9 });
      assert.equal(p1.total, 4); // Alice, Bob, Carol, Root (Dan unlisted)
      assert.equal(p2.total, 4);
      assert.equal(p9.total, 4);
      assert.equal(p9.items.length, 0);
      assert.equal(new Set([...p1.items, ...p2.items].map((p) => p.id)).size, 4);
    });

    test('profile fields follow their visibility; settings only for the owner and administrators', async () => {
      const { hub } = ctx;
      const byVisitor = await getProfile(hub, VISITOR, alice.profileId!);
      assert.equal(byVisitor.bio, undefined);
      assert.equal(byVisitor.careerStage, undefined);
      assert.equal(byVisitor.settings, undefined);
      assert.deepEqual(byVisitor.disciplines?.map((d) => d.code), ['economics']);
      const byMember = await getProfile(hub, bob, alice.profileId!);
      assert.equal(byMember.bio, 'Works on robots in factories.');
      assert.equal(byMember.settings, undefined);
      assert.equal((await getProfile(hub, alice, alice.profileId!)).settings?.visibility.bio, 'members');
      assert.equal((await getProfile(hub, bob, carol.profileId!)).disciplines, undefined);
      assert.deepEqual((await getProfile(hub, carol, carol.profileId!)).disciplines?.map((d) => d.code), ['sociology']);
      await code(getProfile(hub, VISITOR, dan.profileId!), 'not_found');
      assert.ok((await getProfile(hub, admin, dan.profileId!)).settings);
    });

    test('only the owner or an administrator edits; administrators are audited', async () => {
      const { hub } = ctx;
      await code(updateProfile(hub, bob, alice.profileId!, { jobTitle: 'Hacked' }), 'forbidden');
      await code(updateProfile(hub, VISITOR, alice.profileId!, { jobTitle: 'Hacked' }), 'unauthenticated');
      await updateProfile(hub, admin, alice.profileId!, { jobTitle: 'Professor of Economics' });
      const audit = await listAudit(hub, admin, { action: 'profile.update' });
      assert.equal(audit.items[0].entityId, alice.profileId);
      assert.equal((audit.items[0].before as { job_title: string | null }).job_title, null);
      assert.equal((audit.items[0].after as { job_title: string }).job_title, 'Professor of Economics');
      await code(listAudit(hub, alice, {}), 'forbidden');
    });

    test('bad profile input names the field and writes nothing', async () => {
      const { hub } = ctx;
      await code(updateProfile(hub, bob, bob.profileId!, { orcid: '0000-0002-1825-0098' }), 'validation', 'orcid');
      await code(updateProfile(hub, bob, bob.profileId!, { disciplines: ['economics', 'alchemy'] }), 'validation', 'disciplines[1]');
      await code(updateProfile(hub, bob, bob.profileId!, { links: [{ label: 'x', url: 'javascript:alert(1)' }] }), 'validation', 'links[0].url');
      await code(updateProfile(hub, bob, bob.profileId!, { regionCode: 'TLZ9' }), 'validation', 'regionCode');
      await code(updateProfile(hub, bob, bob.profileId!, { affiliations: [{ organisationId: uni, startDate: '2020-02-30' }] }), 'validation', 'affiliations[0].startDate');
      // the name is valid, the organisation is not: the transaction leaves the name as it was
      await code(updateProfile(hub, bob, bob.profileId!, { name: 'Robert', affiliations: [{ organisationId: '00000000-0000-4000-8000-000000000000' }] }), 'validation', 'affiliations[0].organisationId');
      assert.equal((await getProfile(hub, bob, bob.profileId!)).name, 'Bob Smith');
      await updateProfile(hub, bob, bob.profileId!, { orcid: 'https://orcid.org/0000-0002-1825-0097' });
      assert.equal((await getProfile(hub, bob, bob.profileId!)).orcid, '0000-0002-1825-0097');
      // a NUTS 2016 code is taken as its ITL 2021 code (the same region, "UK" become "TL")
      await updateProfile(hub, bob, bob.profileId!, { regionCode: 'ukm8' });
      assert.deepEqual({ ...(await getProfile(hub, bob, bob.profileId!)).region }, { code: 'TLM8', label: 'West Central Scotland', country: null, countryName: null });
      await updateProfile(hub, bob, bob.profileId!, { regionCode: 'TLD3' });
    });

    test('an organisation page lists members whose affiliation the viewer may see', async () => {
      const page = await getOrganisation(ctx.hub, VISITOR, maker);
      assert.deepEqual(page.members.map((m) => m.name).sort(), ['Bob Smith', 'Carol Jones']);
      assert.equal(page.typeLabel, 'Manufacturer');
    });

    test('the organisations index: words in the name, type, region and country facets with disjunctive counts, member counts', async () => {
      const { hub } = ctx;
      await createOrganisation(hub, carol, { name: 'Glasgow Widget Lab', type: 'research_institute', country: 'GB', regionCode: 'TLM8' });
      await createOrganisation(hub, carol, { name: 'Lyon Widgets', type: 'manufacturer', country: 'FR' });
      const all = await listOrganisations(hub, VISITOR, {});
      assert.deepEqual(all.items.map((o) => [o.name, o.members]), [['Glasgow Widget Lab', 0], ['Lyon Widgets', 0], ['Uni of Testing', 1], ['Widget Works Ltd', 2]]);
      assert.deepEqual(counts(all.facets.type), { manufacturer: 2, research_institute: 1, university: 1 });
      assert.deepEqual(counts(all.facets.country), { GB: 3, FR: 1 });
      assert.deepEqual(counts(all.facets.region), { TLG: 1, TLG3: 1, TLM: 1, TLM8: 1 }); // an ITL2 region also counts in its ITL1
      assert.equal(all.facets.country.find((c) => c.value === 'FR')!.label, 'France');
      assert.equal(all.facets.region.find((c) => c.value === 'TLM')!.detail, 'ITL1');
      // words: each must be in the name
      assert.deepEqual((await listOrganisations(hub, VISITOR, { q: 'widget' })).items.map((o) => o.name), ['Glasgow Widget Lab', 'Lyon Widgets', 'Widget Works Ltd']);
      assert.deepEqual((await listOrganisations(hub, VISITOR, { q: 'works widget' })).items.map((o) => o.name), ['Widget Works Ltd']);
      // a filter narrows the others' counts but not its own facet's
      const makers = await listOrganisations(hub, VISITOR, { type: 'manufacturer', country: 'GB' });
      assert.deepEqual(makers.items.map((o) => o.name), ['Widget Works Ltd']);
      assert.deepEqual(counts(makers.facets.type), { manufacturer: 1, research_institute: 1, university: 1 });
      assert.deepEqual(counts(makers.facets.country), { GB: 1, FR: 1 });
      await code(listOrganisations(hub, VISITOR, { colour: 'red' }), 'validation', 'colour');
      // a country that is no code at all matches nothing, and is shown as given (Intl would throw on it)
      const odd = await listOrganisations(hub, VISITOR, { country: '\u00bb\u001b\u00dcc~' });
      assert.deepEqual([odd.total, odd.facets.country.find((c) => c.selected)?.label], [0, '\u00bb\u001b\u00dcC~']); // upper-cased, as codes are
    });

    test('the directory finds members by the name of their current organisation, renamed or not', async () => {
      const { hub } = ctx;
      assert.deepEqual((await searchDirectory(hub, VISITOR, { q: 'widget works' })).items.map((p) => p.name).sort(), ['Bob Smith', 'Carol Jones']);
      await updateOrganisation(hub, admin, maker, { name: 'Gadget Foundry' });
      assert.deepEqual((await searchDirectory(hub, VISITOR, { q: 'gadget' })).items.map((p) => p.name).sort(), ['Bob Smith', 'Carol Jones']);
      assert.equal((await searchDirectory(hub, VISITOR, { q: 'widget works' })).total, 0);
      await updateOrganisation(hub, admin, maker, { name: 'Widget Works Ltd' });
    });

    test('role changes are audited and need an administrator', async () => {
      const { hub } = ctx;
      await code(grantRole(hub, bob, bob.userId, { role: 'curator' }), 'forbidden');
      assert.deepEqual(await grantRole(hub, admin, bob.userId, { role: 'curator' }), ['curator']);
      await code(grantRole(hub, admin, bob.userId, { role: 'emperor' }), 'validation', 'role');
      const audit = await listAudit(hub, admin, { action: 'role.grant' });
      assert.deepEqual(audit.items[0].after, { roles: ['curator'] });
    });
  });
}

test('Markdown is rendered without scripts, handlers or javascript: links', () => {
  const html = renderMarkdown('Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3)) **bold** [ok](https://example.org)');
  assert.doesNotMatch(html, /<script|onerror|javascript:|<img/i);
  assert.match(html, /<strong>bold<\/strong>/);
  assert.match(html, /href="https:\/\/example.org"/);
});

test('prefix queries keep only letters and digits', () => {
  assert.equal(prefixQuery("O'Neill & co: robots!"), 'O:* & Neill:* & co:* & robots:*');
  assert.equal(prefixQuery('  ;: '), null);
});
