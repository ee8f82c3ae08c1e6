import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { VISITOR } from '../../src/hub/access.js';
import { featuredItems, getCollection, listCollections } from '../../src/hub/collections.js';
import { compareVersions, getItem, itemVersions, updateItem } from '../../src/hub/library.js';
import { DEMO_LIBRARY_DIR, gtrItem, readGtrGrants } from '../../src/hub/library-seed.js';
import { searchLibrary } from '../../src/hub/library-search.js';
import { searchDirectory } from '../../src/hub/directory.js';
import { networkSummary } from '../../src/hub/activity.js';
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
      const all = await (await import('../../src/hub/taxonomy.js')).taxonomies(hub);
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

    test('example items are marked, classified, written by example members, collected and featured', async () => {
      const { hub } = ctx;
      const examples = await searchLibrary(hub, VISITOR, { q: 'example', pageSize: 100 });
      const marked = examples.items.filter((i) => i.isExample);
      assert.equal(marked.length, 13);
      assert.ok(marked.every((i) => i.title.endsWith('(example)') && i.summary.startsWith('Example item')));
      assert.ok(marked.every((i) => i.authors.length === 2 && i.authors.every((a) => a.endsWith('(example)'))));
      const rated = await searchLibrary(hub, VISITOR, { evidence: ['3', '4'] });
      assert.deepEqual(rated.items.map((i) => i.typeLabel).sort(), ['Research summary', 'Systematic review']);
      assert.equal(counts((await searchLibrary(hub, VISITOR, {})).facets.region).TLG, 4); // two in TLG3 (counted in TLG), two in TLG itself
      assert.deepEqual((await listCollections(hub, VISITOR)).map((c) => [c.slug, c.items]), [['evidence-and-policy', 3], ['leading-practice-digital-adoption', 5], ['story-bank', 2]]);
      const stories = await getCollection(hub, VISITOR, 'story-bank');
      assert.deepEqual(stories.items.map((i) => i.typeLabel), ['Story', 'Story']);
      assert.equal((await featuredItems(hub, VISITOR)).length, 3);
      const community = await getCollection(hub, VISITOR, 'evidence-and-policy');
      assert.equal(community.isCommunity, true);
      const robots = await getItem(hub, VISITOR, community.items[0].id);
      assert.equal(robots.collection?.slug, 'evidence-and-policy');
      assert.equal(robots.related.length, 1);
    });

    test('a seeded item keeps its first version exactly: an edit changes only what was edited', async () => {
      const { hub } = ctx;
      const c = await newMember(hub, 'curator@example.org', 'Cara Curator');
      await hub.db.insertInto('user_roles').values({ user_id: c.viewer.userId, role: 'curator', granted_by: null }).execute();
      const curator = { ...c.viewer, roles: new Set(['curator'] as const) };
      const [first] = (await searchLibrary(hub, VISITOR, { q: 'digital twins adoption' })).items;
      await updateItem(hub, curator, first.id, { keywords: ['digital twins', 'SMEs'] });
      assert.deepEqual((await itemVersions(hub, VISITOR, first.id)).map((v) => v.version), [2, 1]);
      assert.deepEqual((await compareVersions(hub, VISITOR, first.id, 1, 2)).changes.map((x) => x.field), ['keywords']);
    });
  });
}
