import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { VISITOR } from '../../src/hub/platform/access.js';
import { featuredItems, getCollection, listCollections } from '../../src/hub/library/collections.js';
import { compareVersions, getItem, itemVersions, updateItem } from '../../src/hub/library/library.js';
import { DEMO_LIBRARY_DIR, gtrItem, readGtrGrants } from '../../src/hub/library/library-seed.js';
import { moreLikeThis, searchLibrary } from '../../src/hub/library/library-search.js';
import { itemCitation } from '../../src/hub/library/library-outputs.js';
import { listOrganisations } from '../../src/hub/directory/organisations.js';
import { searchDirectory } from '../../src/hub/directory/directory.js';
import { networkSummary } from '../../src/hub/directory/activity.js';
import { seed } from '../../src/hub/seed.js';
import { UserError } from '../../src/errors.js';
import { BACKENDS, freshHub, newMember } from '../helpers/db.js';
import { counts } from '../helpers/hub.js';

/** The committed Gateway to Research extract, read independently of the seeding code. */
const GRANTS: Record<string, string>[] = parse(readFileSync(join(DEMO_LIBRARY_DIR, 'gtr-esrc-grants.csv')), { columns: true });
const withSubject = (s: string) => GRANTS.filter((g) => g.subjects.split('; ').includes(s)).length;
const withTopic = (t: string) => GRANTS.filter((g) => g.topics.split('; ').includes(t)).length;

describe('demo library data', () => {
  test('the Gateway to Research grants, each with subjects and topics', () => {
    const grants = readGtrGrants();
    assert.equal(grants.length, GRANTS.length);
    assert.equal(grants.length, 7240);
    const g = grants.find((x) => x.reference === 'ES/K000357/1')!;
    assert.deepEqual(g.subjects, ['Economics', 'Info. & commun. Technol.', 'Medical & health interface', 'Social Policy', 'Sociology', 'Tools, technologies & methods']);
    const item = gtrItem(g, (label) => ({ Economics: 'economics', Sociology: 'sociology' })[label]);
    assert.equal(item.type, 'research_project');
    assert.equal(item.title, 'ESRC research grant ES/K000357/1: Economics, Info. & commun. Technol. and Medical & health interface and more');
    assert.deepEqual(item.disciplines, ['economics', 'sociology']);
    assert.equal(item.url, 'https://gtr.ukri.org/projects?ref=ES%2FK000357%2F1');
    assert.deepEqual(item.keywords, g.topics);
  });

  test('a malformed file is named with its line and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gtr-'));
    const file = join(dir, 'grants.csv');
    writeFileSync(file, 'grant_reference,category,status,subjects,topics\nES/1,Research Grant,Closed,Economics,Innovation\nES/2,Research Grant,Closed,,Innovation\n');
    assert.throws(() => readGtrGrants(file), (e: unknown) => e instanceof UserError && e.where?.file === file && e.where?.line === 3 && e.where?.field === 'subjects');
  });
});

for (const backend of BACKENDS) {
  describe(`demo library (${backend})`, () => {
    let ctx: Awaited<ReturnType<typeof freshHub>>;
    before(async () => {
      ctx = await freshHub(backend);
      await seed(ctx.hub, { examples: true });
    });
    after(() => ctx.database.close());

    test('every code the seed writes is in the reference lists (one ITL vintage, 2021): no raw code reaches a card or a facet', async () => {
      const { hub } = ctx;
      const unknown = (
        await sql<{ source: string; code: string }>`
          select 'profiles' as source, region_code as code from profiles where region_code is not null
          union all select 'organisations', region_code from organisations where region_code is not null
          except select s, code from taxonomy_terms, (values ('profiles'), ('organisations')) v(s) where taxonomy = 'region'`.execute(hub.db)
      ).rows;
      assert.deepEqual(unknown, []);
      // every facet value of every profile and item has a label of its own (an unknown code would show raw)
      const facets = await hub.db.selectFrom('profiles').select('facets_public').execute();
      const all = await (await import('../../src/hub/taxonomy/taxonomy.js')).taxonomies(hub);
      for (const f of new Set(facets.flatMap((r) => r.facets_public))) {
        const [taxonomy, code] = [f.slice(0, f.indexOf(':')), f.slice(f.indexOf(':') + 1)];
        if (['discipline', 'sector', 'theme', 'region'].includes(taxonomy)) assert.ok(all.labels.has(`${taxonomy}:${code}`), f);
      }
      // Wales is in the Region facet, and each region says its level
      const directory = await searchDirectory(hub, VISITOR, { pageSize: 1 });
      const wales = directory.facets.region.find((r) => r.value === 'TLL');
      assert.ok(wales && wales.count > 0, 'Wales counts members');
      assert.deepEqual([wales.label, wales.detail], ['Wales', 'ITL1']);
      assert.deepEqual(directory.facets.region.filter((r) => /West Midlands/.test(r.label)).map((r) => [r.label, r.detail]).sort(), [['West Midlands (England)', 'ITL1'], ['West Midlands', 'ITL2']]);
    });

    test('the home page counts the 120 example members, as the README says; the demo administrator is not a member', async () => {
      const { hub } = ctx;
      await seed(hub, { examples: true }); // a restart: nothing more is seeded
      const summary = await networkSummary(hub, VISITOR);
      assert.equal(summary.members, 120);
      assert.ok(!summary.latest.some((a) => /Administrator/.test(a.title)));
      assert.equal((await searchDirectory(hub, VISITOR, { q: 'administrator' })).total, 0);
      // visitors see the members whose names are public (the rest show their names to members only)
      const hidden = await hub.db.selectFrom('profiles').select((eb) => eb.fn.countAll<number>().as('n')).where('listed', '=', true).where(sql`visibility->>'name'`, '<>', 'public').executeTakeFirstOrThrow();
      assert.equal((await searchDirectory(hub, VISITOR, { pageSize: 1 })).total, 120 - Number(hidden.n));
    });

    test('every grant is a published research project; subjects and topics are facets with the right counts', async () => {
      const { hub } = ctx;
      const projects = await searchLibrary(hub, VISITOR, { type: 'research_project', pageSize: 1, facetLimit: 1000 });
      assert.equal(projects.total, GRANTS.length);
      const economics = await searchLibrary(hub, VISITOR, { type: 'research_project', discipline: 'economics', pageSize: 1 });
      assert.equal(economics.total, withSubject('Economics'));
      assert.equal(counts(projects.facets.discipline)['human-geography'], withSubject('Human Geography'));
      const innovation = await searchLibrary(hub, VISITOR, { topic: 'Innovation', discipline: 'economics', pageSize: 1, facetLimit: 1000 });
      assert.equal(innovation.total, GRANTS.filter((g) => g.topics.split('; ').includes('Innovation') && g.subjects.split('; ').includes('Economics')).length);
      // disjunctive counts: each facet's counts ignore that facet's own filter
      const both = (t: string, s: string) => GRANTS.filter((g) => g.topics.split('; ').includes(t) && g.subjects.split('; ').includes(s)).length;
      assert.equal(counts(innovation.facets.discipline)['human-geography'], both('Innovation', 'Human Geography'));
      assert.equal(counts((await searchLibrary(hub, VISITOR, { topic: 'Innovation', pageSize: 1, facetLimit: 1000 })).facets.topic).Innovation, withTopic('Innovation'));
      assert.equal(counts((await searchLibrary(hub, VISITOR, { discipline: 'economics', pageSize: 1, facetLimit: 1000 })).facets.topic).Innovation, innovation.total);
      const one = await searchLibrary(hub, VISITOR, { q: 'ES/K000357/1' });
      assert.equal(one.items[0].title.startsWith('ESRC research grant ES/K000357/1'), true);
      const item = await getItem(hub, VISITOR, one.items[0].id);
      assert.equal(item.source, 'UKRI Gateway to Research, ESRC grants (Open Government Licence v3.0)');
      assert.equal(item.isExample, false);
      assert.deepEqual(item.terms.disciplines.map((d) => d.label), ['Economics', 'Info. & commun. Technol.', 'Medical & health interface', 'Social Policy', 'Sociology', 'Tools, technologies & methods']);
    });

    test('the demo documents: summaries of real public documents, with publisher, authors, link and licence; collected and featured', async () => {
      const { hub } = ctx;
      const documents = (await searchLibrary(hub, VISITOR, { pageSize: 100, type: ['report', 'tool', 'research_summary', 'dataset'] })).items;
      assert.equal(documents.length, 13);
      assert.ok(documents.every((i) => !i.isExample && !/\(example\)/.test(i.title + i.authors.join())), 'real documents, not invented examples');
      for (const card of documents) {
        const item = await getItem(hub, VISITOR, card.id);
        assert.match(item.source ?? '', /^A summary written for Proximity’s demo library of a public document: .+ \((Open Government Licence v3\.0|© European Union.*)\)$/, item.title);
        assert.ok(item.licence && item.authors.length > 0 && item.organisations.length === 1 && item.summary.length > 150, item.title);
        assert.ok(item.themes.length > 0, `${item.title}: classified by theme`);
        if (item.url) assert.match(item.url, /^https:\/\//);
      }
      const made = (await searchLibrary(hub, VISITOR, { q: 'Made Smarter Review' })).items[0];
      assert.equal(made.title, 'Made Smarter Review');
      const bib = await itemCitation(hub, VISITOR, made.id, 'bibtex');
      assert.match(bib, /author = \{Maier, Juergen\}/);
      assert.match(bib, /institution = \{Department for Business, Energy and Industrial Strategy\}/);
      assert.match(bib, /year = \{2017\}/);
      const ris3 = (await searchLibrary(hub, VISITOR, { q: 'smart specialisation guide' })).items[0];
      assert.match(await itemCitation(hub, VISITOR, ris3.id, 'ris'), /AU {2}- Goenaga Beldarrain, Xabier\r\n/);
      // the publishers are real organisations, with their regions
      const ons = (await listOrganisations(hub, VISITOR, { q: 'national statistics' })).items[0];
      assert.deepEqual([ons.name, ons.isExample, ons.regionCode], ['Office for National Statistics', false, 'TLL2']);
      const rated = await searchLibrary(hub, VISITOR, { evidence: '1' });
      assert.deepEqual(rated.items.map((i) => i.title), ['The probability of automation in England: 2011 and 2017']);
      assert.deepEqual((await listCollections(hub, VISITOR)).map((c) => [c.slug, c.items]), [['digital-adoption-in-manufacturing', 4], ['evidence-and-policy', 3], ['industrial-strategy-and-places', 6]]);
      assert.deepEqual((await featuredItems(hub, VISITOR)).map((i) => i.title), ['Made Smarter Review', 'The probability of automation in England: 2011 and 2017', 'Guide to Research and Innovation Strategies for Smart Specialisation (RIS 3)']);
      const community = await getCollection(hub, VISITOR, 'evidence-and-policy');
      assert.equal(community.isCommunity, true);
      const green = await getItem(hub, VISITOR, community.items[0].id);
      assert.equal(green.collection?.slug, 'evidence-and-policy');
      assert.deepEqual(green.related.map((r) => r.title), ['The Magenta Book: central government guidance on evaluation']);
    });

    test('text search ranks the described documents above bare grant records; snippets start and end at word boundaries', async () => {
      const { hub } = ctx;
      for (const q of ['manufacturing', 'productivity', 'innovation', 'regional', 'economics']) {
        const r = await searchLibrary(hub, VISITOR, { q, pageSize: 20 });
        const firstGrant = r.items.findIndex((i) => i.type === 'research_project');
        const lastDocument = r.items.map((i) => i.type !== 'research_project').lastIndexOf(true);
        assert.ok(firstGrant === -1 || lastDocument < firstGrant, `${q}: ${r.items.map((i) => i.type).join(', ')}`);
        assert.ok(r.items.length > 0 && r.items[0].type !== 'research_project', q);
        for (const item of r.items) {
          const text = item.snippet!.text.replace(/<\/?mark>/g, '');
          const source = item.summary.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
          // each fragment is whole words of the text: it starts at its start or after a space, and ends likewise
          for (const fragment of text.split(' … ')) {
            const plain = fragment.replace(/^… /, '').replace(/ …$/, '');
            const at = source.indexOf(plain);
            if (at < 0) continue; // a fragment of the body
            assert.ok(at === 0 || /\s/.test(source[at - 1]), `${q}: "${plain.slice(0, 30)}" starts inside a word`);
            assert.ok(at + plain.length === source.length || /\s/.test(source[at + plain.length]), `${q}: ends inside a word`);
          }
        }
      }
    });

    test('more like this: suggestions share a theme or a technology with the item, and leave out its related items', async () => {
      const { hub } = ctx;
      const documents = (await searchLibrary(hub, VISITOR, { pageSize: 100, type: ['report', 'tool', 'research_summary', 'dataset'] })).items;
      let suggested = 0;
      for (const card of documents) {
        const item = await getItem(hub, VISITOR, card.id);
        const mine = new Set([...item.terms.themes, ...item.terms.technologies].map((t) => t.code));
        const related = new Set(item.related.map((r) => r.id));
        const similar = await moreLikeThis(hub, VISITOR, card.id);
        if (similar.length > 0) suggested++;
        for (const s of similar) {
          const other = await getItem(hub, VISITOR, s.id);
          assert.ok([...other.terms.themes, ...other.terms.technologies].some((t) => mine.has(t.code)), `${item.title} → ${other.title}`);
          assert.ok(!related.has(s.id), `${item.title}: "${s.title}" is already under Related items`);
        }
      }
      assert.ok(suggested >= 11, `${suggested} of 13 documents have suggestions`); // the cyber guide shares its themes only with a related item
      // a grant record is compared by its disciplines, topics and title words
      const grant = (await searchLibrary(hub, VISITOR, { q: 'ES/K000357/1' })).items[0];
      const like = await moreLikeThis(hub, VISITOR, grant.id);
      assert.ok(like.length > 0 && like.every((i) => i.id !== grant.id));
    });

    test('a seeded item keeps its first version exactly: an edit changes only what was edited', async () => {
      const { hub } = ctx;
      const c = await newMember(hub, 'curator@example.org', 'Cara Curator');
      await hub.db.insertInto('user_roles').values({ user_id: c.viewer.userId, role: 'curator', granted_by: null }).execute();
      const curator = { ...c.viewer, roles: new Set(['curator'] as const) };
      const [first] = (await searchLibrary(hub, VISITOR, { q: 'Made Smarter Review' })).items;
      await updateItem(hub, curator, first.id, { keywords: ['Made Smarter', 'industrial digital technologies', 'SMEs'] });
      assert.deepEqual((await itemVersions(hub, VISITOR, first.id)).map((v) => v.version), [2, 1]);
      assert.deepEqual((await compareVersions(hub, VISITOR, first.id, 1, 2)).changes.map((x) => x.field), ['keywords']);
    });
  });
}
