import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VISITOR, type Viewer } from '../../src/hub/platform/access.js';
import { readAttachment, uploadAttachment } from '../../src/hub/library/attachments.js';
import { sniffType } from '../../src/hub/platform/uploads.js';
import { safeFilename } from '../../src/hub/platform/files.js';
import { listAudit } from '../../src/hub/platform/audit.js';
import { createCollection, getCollection, setFeatured, featuredItems, updateCollection } from '../../src/hub/library/collections.js';
import { archiveItem, compareVersions, createItem, getItem, itemVersions, reviewItem, reviewQueue, submitItem, updateItem } from '../../src/hub/library/library.js';
import { exportSearch, itemCitation, libraryFeed } from '../../src/hub/library/library-outputs.js';
import { moreLikeThis, saveSearch, savedSearches, searchLibrary } from '../../src/hub/library/library-search.js';
import { listTerms, saveTerm, taxonomies } from '../../src/hub/taxonomy/taxonomy.js';
import { renderMarkdown } from '../../src/hub/platform/markdown.js';
import { BACKENDS, freshHub, newMember } from '../helpers/db.js';
import { counts, refusedWith as code } from '../helpers/hub.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5c2c2d50000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

for (const backend of BACKENDS) {
  describe(`library (${backend})`, () => {
    let ctx: Awaited<ReturnType<typeof freshHub>>;
    let ann: Viewer & { kind: 'user' }, ben: Viewer & { kind: 'user' }, cur: Viewer;
    let paper: string, review: string, story: string;

    before(async () => {
      ctx = await freshHub(backend);
      const { hub } = ctx;
      ({ viewer: ann } = await newMember(hub, 'ann@example.org', 'Ann Author'));
      ({ viewer: ben } = await newMember(hub, 'ben@example.org', 'Ben Reader'));
      const c = await newMember(hub, 'cur@example.org', 'Cara Curator');
      await hub.db.insertInto('user_roles').values({ user_id: c.viewer.userId, role: 'curator', granted_by: null }).execute();
      cur = { ...c.viewer, roles: new Set(['curator'] as const) };
      paper = (await createItem(hub, ann, {
        type: 'briefing_paper', title: 'Digital twins for small manufacturers', summary: 'How small firms adopt digital twins and what it costs.',
        body: 'Manufacturers in the **West Midlands** piloted twins.\n\n<script>alert(1)</script>[x](javascript:alert(1))', themes: ['digital-adoption', 'productivity'],
        technologies: ['digital-twins'], regions: ['TLG3'], audiences: ['manufacturers'], keywords: ['twins', 'SMEs'], publishedOn: '2024-05-01',
        authors: [{ name: 'Ann Author', profileId: ann.profileId }, { name: 'Josiah Carberry', orcid: '0000-0002-1825-0097' }], doi: 'https://doi.org/10.1234/abc.5',
      })).id;
      review = (await createItem(hub, ann, { type: 'systematic_review', title: 'Skills for Industry 4.0: a systematic review', summary: 'What the evidence says about skills.', themes: ['skills'], evidence: 4, publishedOn: '2023-02-01' })).id;
      story = (await createItem(hub, ben, { type: 'story', title: 'A day at a robot cell', summary: 'A fellow tells how robots changed a small plant.', themes: ['future-of-work'], technologies: ['robotics-automation'] })).id;
    });
    after(() => ctx.database.close());

    test('validation names the field; evidence only on summaries and reviews; DOI syntax', async () => {
      const { hub } = ctx;
      await code(createItem(hub, ann, { type: 'story', title: 'x' }), 'validation', 'summary');
      // every text field has a limit, said in words (TEXT_LIMITS, the web app's maxlength too)
      const long = await createItem(hub, ann, { type: 'story', title: 'T'.repeat(1200), summary: 'y' }).catch((e) => e);
      assert.deepEqual(long.details.issues, [{ field: 'title', message: 'must be at most 300 characters' }]);
      await code(createItem(hub, ann, { type: 'story', title: 'x', summary: 'y', authors: [{ name: 'N'.repeat(201) }] }), 'validation', 'authors[0].name');
      await code(createItem(hub, ann, { type: 'story', title: 'x', summary: 'y', keywords: ['k'.repeat(101)] }), 'validation', 'keywords[0]');
      await code(createItem(hub, ann, { type: 'story', title: 'x', summary: 'y', evidence: 3 }), 'validation', 'evidence');
      await code(createItem(hub, ann, { type: 'report', title: 'x', summary: 'y', doi: '10.12/short' }), 'validation', 'doi');
      await code(createItem(hub, ann, { type: 'report', title: 'x', summary: 'y', themes: ['no-such-theme'] }), 'validation', 'themes[0]');
      await code(createItem(hub, ann, { type: 'report', title: 'x', summary: 'y', authors: [{ name: 'Z', orcid: '0000-0002-1825-0098' }] }), 'validation', 'authors[0].orcid');
      await code(createItem(hub, VISITOR, { type: 'report', title: 'x', summary: 'y' }), 'unauthenticated');
      await code(createItem(hub, ann, { type: 'report', title: 'x', summary: 'y', authors: [{ name: 'A' }, { name: 'B', profileId: '00000000-0000-4000-8000-000000000000' }] }), 'validation', 'authors[1].profileId');
      await code(createItem(hub, ann, { type: 'report', title: 'x', summary: 'y', collectionId: '00000000-0000-4000-8000-000000000000' }), 'validation', 'collectionId');
      const item = await getItem(hub, ann, paper);
      assert.equal(item.doi, '10.1234/abc.5');
      assert.equal(item.authors[1].orcid, '0000-0002-1825-0097');
    });

    test('unsafe Markdown is neutralised', async () => {
      const item = await getItem(ctx.hub, ann, paper);
      assert.match(item.bodyHtml, /<strong>West Midlands<\/strong>/);
      assert.doesNotMatch(item.bodyHtml, /<script|href="javascript:|onerror/i);
      // headings start below the page's own; tables pass; attributes other than a link's do not
      const html = renderMarkdown('## Key points\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<img src=x onerror="alert(1)"><a href="https://x.org" onclick="alert(1)">x</a><iframe src="https://x.org"></iframe>');
      assert.match(html, /<h3>Key points<\/h3>/);
      assert.match(html, /<table>[\s\S]*<td>1<\/td>/);
      assert.doesNotMatch(html, /<img|onerror|onclick|<iframe/);
      assert.match(html, /<a href="https:\/\/x.org" rel="nofollow noopener" target="_blank">x<\/a>/);
    });

    test('workflow: drafts are private; submit, request changes, revise, publish; every step audited', async () => {
      const { hub } = ctx;
      await code(getItem(hub, VISITOR, paper), 'not_found');
      await code(getItem(hub, ben, paper), 'not_found');
      assert.equal((await searchLibrary(hub, VISITOR, { q: 'twins' })).total, 0);
      await code(reviewItem(hub, cur, paper, { decision: 'accept' }), 'conflict'); // not submitted yet
      await code(submitItem(hub, ben, paper), 'not_found');
      assert.equal((await submitItem(hub, ann, paper)).state, 'submitted');
      await code(updateItem(hub, ann, paper, { title: 'Changed while submitted' }), 'forbidden');
      assert.deepEqual((await reviewQueue(hub, cur)).map((i) => i.id), [paper]);
      await code(reviewQueue(hub, ben), 'forbidden');
      await code(reviewItem(hub, ann, paper, { decision: 'accept' }), 'forbidden'); // authors do not publish their own
      await code(reviewItem(hub, cur, paper, { decision: 'request_changes' }), 'validation', 'reason');
      assert.equal((await reviewItem(hub, cur, paper, { decision: 'request_changes', reason: 'Add the costs.' })).state, 'changes_requested');
      const mail = await hub.db.selectFrom('outbox').select(['to_address', 'body_text']).where('to_address', '=', 'ann@example.org').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      assert.match(mail.body_text!, /Add the costs/);
      await updateItem(hub, ann, paper, { summary: 'How small firms adopt digital twins, and what it costs them per year.' });
      await submitItem(hub, ann, paper);
      const published = await reviewItem(hub, cur, paper, { decision: 'accept' });
      assert.equal(published.state, 'published');
      assert.equal(published.reviews.length, 2);
      assert.equal((await getItem(hub, VISITOR, paper)).reviews.length, 0); // the reasons are for the author and curators
      const actions = (await listAudit(hub, { kind: 'user', userId: 'x', profileId: null, email: 'x', roles: new Set(['administrator']) }, { pageSize: 100 })).items
        .filter((a) => a.entityId === paper)
        .map((a) => a.action)
        .reverse();
      assert.deepEqual(actions, ['library.create', 'library.submitted', 'library.changes_requested', 'library.edit', 'library.submitted', 'library.published']);
      // separation of duties: no curator decides on an item they wrote (as its owner or as a listed author)
      const own = await createItem(hub, cur, { type: 'report', title: 'A curator’s own report', summary: 'Mine.' });
      await submitItem(hub, cur, own.id);
      assert.equal((await getItem(hub, cur, own.id)).can.review, false);
      await code(reviewItem(hub, cur, own.id, { decision: 'accept' }), 'forbidden');
      const coauthored = await createItem(hub, ben, { type: 'report', title: 'Written with the curator', summary: 'Ours.', authors: [{ name: 'Cara Curator', profileId: cur.kind === 'user' ? cur.profileId : null }] });
      await submitItem(hub, ben, coauthored.id);
      await code(reviewItem(hub, cur, coauthored.id, { decision: 'accept' }), 'forbidden');
      // a community's curator, submitting to that community
      const community = await createCollection(hub, cur, { slug: 'ben-community', title: 'Ben’s community', isCommunity: true, curatorIds: [ben.userId] });
      const bens = await createItem(hub, ben, { type: 'report', title: 'Ben’s submission', summary: 'To my own community.', collectionId: community.id });
      await submitItem(hub, ben, bens.id);
      await code(reviewItem(hub, ben, bens.id, { decision: 'accept' }), 'forbidden');
      assert.equal((await reviewItem(hub, cur, bens.id, { decision: 'request_changes', reason: 'Another curator decides.' })).state, 'changes_requested');
      // decline
      await submitItem(hub, ben, story);
      assert.equal((await reviewItem(hub, cur, story, { decision: 'decline', reason: 'Out of scope.' })).state, 'declined');
      await code(submitItem(hub, ben, story), 'conflict');
    });

    test('versions: every edit is kept and can be compared', async () => {
      const { hub } = ctx;
      await updateItem(hub, cur, paper, { body: 'Manufacturers in the **West Midlands** piloted twins.\n\nA second paragraph.' });
      const versions = await itemVersions(hub, VISITOR, paper);
      assert.deepEqual(versions.map((v) => v.version), [3, 2, 1]);
      assert.equal(versions[0].editedBy, 'Cara Curator');
      const diff = await compareVersions(hub, VISITOR, paper, 1, 3);
      assert.deepEqual(diff.changes.map((c) => c.field).sort(), ['body', 'summary']);
      const body = diff.changes.find((c) => c.field === 'body')!;
      assert.ok(body.lines!.some((l) => l.added && l.value.includes('A second paragraph')));
      assert.ok(body.lines!.some((l) => l.removed && l.value.includes('<script>')));
      await code(compareVersions(hub, VISITOR, paper, 1, 9), 'validation', 'to');
    });

    test('search: weighted full text, facets with disjunctive counts, snippets, sorting', async () => {
      const { hub } = ctx;
      await submitItem(hub, ann, review);
      await reviewItem(hub, cur, review, { decision: 'accept' });
      const extra = await createItem(hub, ben, { type: 'report', title: 'Regional productivity report', summary: 'Productivity and twins in the regions.', body: 'Skills matter.', themes: ['productivity'], publishedOn: '2025-01-10' });
      await reviewItem(hub, cur, (await submitItem(hub, ben, extra.id)).id, { decision: 'accept' });
      const all = await searchLibrary(hub, VISITOR, {});
      assert.deepEqual(all.items.map((i) => i.title), ['Regional productivity report', 'Digital twins for small manufacturers', 'Skills for Industry 4.0: a systematic review']);
      assert.deepEqual(counts(all.facets.type), { briefing_paper: 1, systematic_review: 1, report: 1 });
      assert.deepEqual(counts(all.facets.region), { TLG3: 1, TLG: 1 }); // an ITL2 region counts in its ITL1 region
      // a facet lists its first `facetLimit` values, selected ones always, and says how many there are
      const limited = await searchLibrary(hub, VISITOR, { facetLimit: 1, type: 'systematic_review' });
      assert.equal(limited.facetSizes.type, 3);
      assert.deepEqual(limited.facets.type.map((t) => [t.value, t.selected]).sort(), [['briefing_paper', false], ['systematic_review', true]].sort());
      assert.equal(all.facetSizes.type, 3);
      // title outranks summary and body: "twins" is in one title, one summary
      const twins = await searchLibrary(hub, VISITOR, { q: 'twins' });
      assert.deepEqual(twins.items.map((i) => i.title), ['Digital twins for small manufacturers', 'Regional productivity report']);
      assert.match(twins.items[0].snippet!.title, /<mark>twins<\/mark>/);
      // a theme filter, with counts that ignore the theme's own filter
      const productivity = await searchLibrary(hub, VISITOR, { q: 'twins', theme: 'productivity', type: 'report' });
      assert.deepEqual(productivity.items.map((i) => i.title), ['Regional productivity report']);
      assert.deepEqual(counts(productivity.facets.type), { briefing_paper: 1, report: 1 });
      assert.equal(productivity.facets.theme.find((t) => t.value === 'productivity')!.selected, true);
      assert.deepEqual((await searchLibrary(hub, VISITOR, { sort: 'oldest' })).items.map((i) => i.publishedOn), ['2023-02-01', '2024-05-01', '2025-01-10']);
      assert.deepEqual(counts((await searchLibrary(hub, VISITOR, { evidence: '4' })).facets.evidence), { 4: 1 });
      // snippets escape the text: the only markup is <mark>
      assert.doesNotMatch(JSON.stringify(twins.items.map((i) => i.snippet)), /<(?!\/?mark>)/);
      // words found only in a Markdown body: the snippet is its plain text
      const md = await createItem(hub, ben, { type: 'report', title: 'Plain words', summary: 'Nothing here.', body: '## Key points\n\n- Start with **one** costly problem.\n- Read the [zeppelin manual](https://x.org).\n\n```\ncode\n```' });
      await reviewItem(hub, cur, (await submitItem(hub, ben, md.id)).id, { decision: 'accept' });
      const snippet = (await searchLibrary(hub, VISITOR, { q: 'zeppelin' })).items[0].snippet!.text;
      assert.equal(snippet, 'Key points: Start with one costly problem. Read the <mark>zeppelin</mark> manual. code');
      // more like this: shares "twins"
      assert.deepEqual((await moreLikeThis(hub, VISITOR, paper)).map((i) => i.title), ['Regional productivity report']);
      // archived items leave the search
      await archiveItem(hub, cur, extra.id, true);
      assert.equal((await searchLibrary(hub, VISITOR, { q: 'twins' })).total, 1);
      await code(getItem(hub, VISITOR, extra.id), 'not_found');
      await archiveItem(hub, cur, extra.id, false);
      assert.equal((await searchLibrary(hub, VISITOR, { q: 'twins' })).total, 2);
    });

    test('collections, features, feeds, exports and citations', async () => {
      const { hub } = ctx;
      await code(createCollection(hub, ann, { slug: 'practice', title: 'Leading practice' }), 'forbidden');
      const col = await createCollection(hub, cur, { slug: 'leading-practice', title: 'Leading practice in digital adoption', itemIds: [review, paper, story], curatorIds: [ben.userId] });
      assert.deepEqual((await getCollection(hub, VISITOR, 'leading-practice')).items.map((i) => i.id), [review, paper]); // the declined story is not shown
      assert.equal(col.items.length, 3);
      // a collection curator orders items but does not change curators
      await updateCollection(hub, ben, 'leading-practice', { itemIds: [paper, review] });
      await code(updateCollection(hub, ben, 'leading-practice', { curatorIds: [] }), 'forbidden');
      await code(updateCollection(hub, ann, 'leading-practice', { title: 'Mine' }), 'forbidden');
      assert.deepEqual((await getCollection(hub, VISITOR, 'leading-practice')).items.map((i) => i.id), [paper, review]);
      await setFeatured(hub, cur, paper, true);
      assert.deepEqual((await featuredItems(hub, VISITOR)).map((i) => i.id), [paper]);
      assert.deepEqual([(await getItem(hub, cur, paper)).featured, (await getItem(hub, cur, paper)).can.feature, (await getItem(hub, ann, paper)).can.feature], [true, true, false]);
      await code(setFeatured(hub, cur, story, true), 'conflict');
      const atom = await libraryFeed(hub, VISITOR, { kind: 'collection', slug: 'leading-practice' }, 'atom');
      assert.match(atom, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
      assert.equal(atom.match(/<entry>/g)?.length, 2);
      const rss = await libraryFeed(hub, VISITOR, { kind: 'theme', code: 'skills' }, 'rss');
      assert.match(rss, /<title>Skills for Industry 4.0: a systematic review<\/title>/);
      await code(libraryFeed(hub, VISITOR, { kind: 'theme', code: 'nope' }, 'rss'), 'not_found');
      const csv = await exportSearch(hub, VISITOR, { q: 'twins' }, 'csv');
      assert.equal(csv.split('\n')[0], 'id,type,title,summary,authors,published_on,themes,evidence,url');
      assert.equal(csv.trim().split('\n').length, 3);
      assert.equal(JSON.parse(await exportSearch(hub, VISITOR, { theme: 'skills' }, 'json')).length, 1);
      // a title that a spreadsheet would run as a formula is written as text
      const formula = await createItem(hub, ann, { type: 'report', title: '=HYPERLINK("http://evil.example","Open")', summary: '+cmd|calc', authors: [{ name: '@attacker' }], themes: ['resilience'] });
      await submitItem(hub, ann, formula.id);
      await reviewItem(hub, cur, formula.id, { decision: 'accept' });
      const risky = (await exportSearch(hub, VISITOR, { theme: 'resilience' }, 'csv')).split('\n')[1];
      assert.ok(risky.includes(`,Report,"'=HYPERLINK(""http://evil.example"",""Open"")","'+cmd|calc","'@attacker",`), risky);
      const bib = await itemCitation(hub, VISITOR, paper, 'bibtex');
      assert.match(bib, /^@techreport\{Author2024/);
      assert.match(bib, /author = \{Author, Ann and Carberry, Josiah\}/);
      assert.match(bib, /doi = \{10\.1234\/abc\.5\}/);
      const ris = await itemCitation(hub, VISITOR, paper, 'ris');
      assert.match(ris, /^TY {2}- RPRT\r\n/);
      assert.match(ris, /\r\nAU {2}- Carberry, Josiah\r\n/);
      assert.match(ris, /\r\nER {2}-\r\n$/);
      // curators named by their member profiles, as the web app picks them from the directory
      const named = await updateCollection(hub, cur, 'leading-practice', { curatorProfileIds: [ann.profileId!, ben.profileId!] });
      assert.deepEqual(named.curators.map((c) => [c.name, c.profileId]), [['Ann Author', ann.profileId], ['Ben Reader', ben.profileId]]);
      await code(updateCollection(hub, cur, 'leading-practice', { curatorProfileIds: ['00000000-0000-4000-8000-000000000000'] }), 'validation', 'curatorProfileIds[0]');
    });

    test('attachments: sniffed type, size limit, safe names; visible as the item is', async () => {
      const { hub } = ctx;
      const draft = await createItem(hub, ann, { type: 'report', title: 'With files', summary: 'Files.' });
      const a = await uploadAttachment(hub, ann, draft.id, '../../etc/report.pdf', PDF);
      assert.deepEqual({ filename: a.filename, mediaType: a.mediaType, size: a.size }, { filename: 'report.pdf', mediaType: 'application/pdf', size: PDF.length });
      await code(uploadAttachment(hub, ann, draft.id, 'picture.pdf', PNG), 'validation', 'filename'); // content is PNG
      await code(uploadAttachment(hub, ann, draft.id, 'page.txt', Buffer.from('<html><script>alert(1)</script></html>')), 'unsupported_type');
      await code(uploadAttachment(hub, ann, draft.id, 'x.exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00])), 'unsupported_type');
      await code(uploadAttachment({ ...hub, uploadLimit: 10 }, ann, draft.id, 'big.pdf', PDF), 'too_large');
      await code(uploadAttachment(hub, ben, draft.id, 'r.pdf', PDF), 'not_found'); // ben cannot see the draft
      const cover = await uploadAttachment(hub, ann, draft.id, 'cover.png', PNG);
      assert.equal((await updateItem(hub, ann, draft.id, { coverId: cover.id })).coverUrl, `/api/library/attachments/${cover.id}`);
      await code(updateItem(hub, ann, draft.id, { coverId: a.id }), 'validation', 'coverId');
      assert.deepEqual((await readAttachment(hub, ann, a.id)).bytes, PDF);
      await code(readAttachment(hub, VISITOR, a.id), 'not_found');
      assert.equal(safeFilename('..'), 'file');
      assert.equal((await uploadAttachment(hub, ann, draft.id, '\u202Egnp.txt', Buffer.from('text\n'))).filename, 'gnp.txt', 'a bidi override cannot disguise the type');
      assert.equal(safeFilename('C:\\Users\\x\\notes.md'), 'notes.md');
      assert.equal(await sniffType(Buffer.from('a,b\n1,2\n'), 'data.csv'), 'text/csv');
    });

    test('upload limits hold under parallel uploads: 20 files an item, a storage quota and an hourly rate per member', async () => {
      const { hub } = ctx;
      const { viewer: uma } = await newMember(hub, 'uma@example.org', 'Uma Uploader');
      const many = await createItem(hub, uma, { type: 'report', title: 'Many files', summary: 'Files.' });
      const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => uploadAttachment(hub, uma, many.id, `n${i}.txt`, Buffer.from(`note ${i}\n`))));
      const stored = await hub.db.selectFrom('library_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('item_id', '=', many.id).executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), 20, '30 parallel uploads against a limit of 20');
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 20);
      assert.ok(results.filter((r) => r.status === 'rejected').every((r) => ((r as PromiseRejectedResult).reason as { code: string }).code === 'conflict'));
      // the quota: what the member's files take in all
      const used = await hub.db.selectFrom('library_attachments').select((eb) => eb.fn.sum<number>('size').as('n')).where('uploaded_by', '=', uma.userId).executeTakeFirstOrThrow();
      const other = await createItem(hub, uma, { type: 'report', title: 'Quota', summary: 'Files.' });
      const small = { ...hub, uploadQuota: Number(used.n) + PDF.length };
      await uploadAttachment(small, uma, other.id, 'fits.pdf', PDF);
      await code(uploadAttachment(small, uma, other.id, 'over.txt', Buffer.from('x\n')), 'conflict');
      // the rate: files uploaded in the last hour, removed ones included
      await code(uploadAttachment({ ...hub, uploadsPerHour: 21 }, uma, other.id, 'late.txt', Buffer.from('late\n')), 'rate_limited');
      await uploadAttachment({ ...hub, uploadsPerHour: 22 }, uma, other.id, 'late.txt', Buffer.from('late\n'));
    });

    test('saved searches and taxonomy edits', async () => {
      const { hub } = ctx;
      await saveSearch(hub, ben, { name: 'Twins', query: { q: 'twins', theme: ['productivity'] } });
      await code(saveSearch(hub, ben, { name: 'Bad', query: { colour: 'red' } }), 'validation');
      assert.deepEqual((await savedSearches(hub, ben)).map((s) => s.name), ['Twins']);
      assert.deepEqual(await savedSearches(hub, ann), []);
      await code(saveTerm(hub, ann, 'technology', { code: 'quantum', label: 'Quantum computing' }), 'forbidden');
      await code(saveTerm(hub, cur, 'region', { code: 'xx', label: 'X' }), 'validation', 'taxonomy');
      await saveTerm(hub, cur, 'technology', { code: 'quantum', label: 'Quantum computing' });
      assert.ok((await taxonomies(hub)).technology.some((t) => t.code === 'quantum'));
      await saveTerm(hub, cur, 'technology', { code: 'quantum', label: 'Quantum computing', retired: true });
      assert.ok(!(await taxonomies(hub)).technology.some((t) => t.code === 'quantum'));
      // the curators' list keeps retired terms, and says who edited each and how often it is used
      const listed = await listTerms(hub, cur, 'technology');
      assert.deepEqual(listed.find((t) => t.code === 'quantum'), { code: 'quantum', label: 'Quantum computing', parentCode: null, retired: true, editedBy: 'Cara Curator', used: 0 });
      assert.equal(listed.find((t) => t.code === 'digital-twins')!.used, 1); // the briefing paper
      assert.equal(listed.find((t) => t.code === 'digital-twins')!.editedBy, null);
      await code(listTerms(hub, ben, 'technology'), 'forbidden');
      await code(listTerms(hub, cur, 'sector'), 'validation', 'taxonomy');
    });
  });
}

