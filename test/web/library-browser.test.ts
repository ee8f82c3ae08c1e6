import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Running } from '../../src/server/start.js';
import { SKIP_WITHOUT_BROWSER, signIn, startBrowserAndServer } from '../helpers/browser.js';
import { newMember, PASSWORD } from '../helpers/db.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const TITLE = 'Quantum supply chains for small foundries';

/** The library's workflow in Chromium: a member submits, a curator sends it back and then publishes, a visitor finds it. */
describe('library in Chromium', { skip: SKIP_WITHOUT_BROWSER }, () => {
  let running: Running;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;
  let author: Page;
  let curator: Page;
  let itemUrl: string;

  before(async () => {
    ({ running, browser, base, close } = await startBrowserAndServer());
    await newMember(running.hub, 'ada@example.org', 'Ada Author');
    const c = await newMember(running.hub, 'carl@example.org', 'Carl Curator');
    await running.hub.db.insertInto('user_roles').values({ user_id: c.viewer.userId, role: 'curator', granted_by: null }).execute();
    author = await (await browser.newContext()).newPage();
    curator = await (await browser.newContext()).newPage();
    await signIn(author, base, 'ada@example.org', PASSWORD);
    await signIn(curator, base, 'carl@example.org', PASSWORD);
  });
  after(async () => {
    await close?.();
  });

  test('a member submits a briefing paper with an attachment; bad input is named at its field', async () => {
    await author.goto(`${base}/library/new`);
    await author.getByLabel('Type', { exact: true }).selectOption({ label: 'Briefing paper' });
    await author.getByLabel('Title', { exact: true }).fill(TITLE);
    await author.getByLabel('Plain-language summary').fill('How foundries can plan for quantum-era supply chains.');
    await author.getByLabel('Body', { exact: true }).fill(
      '**Bold claim** here.\n\n<script>window.__pwned = 1</script>\n\n[a link](javascript:window.__pwned=2)\n\n<img src="x" onerror="window.__pwned = 3">',
    );
    await author.getByRole('group', { name: 'Themes' }).getByLabel('Resilience').check();
    await author.getByRole('button', { name: 'Add me as an author' }).click();
    await author.getByRole('link', { name: 'Ada Author' }).waitFor();
    // a bad DOI is refused, named at its field, and nothing is saved
    await author.getByLabel('DOI', { exact: true }).fill('10.12/short');
    await author.getByRole('button', { name: 'Save draft' }).click();
    await author.locator('#doi-error').filter({ hasText: 'is not a DOI' }).waitFor();
    assert.equal(await author.getByLabel('DOI', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await running.hub.db.selectFrom('library_items').select('id').where('title', '=', TITLE).executeTakeFirst(), undefined);
    await author.getByLabel('DOI', { exact: true }).fill('10.5555/quantum.2026');
    await author.getByRole('button', { name: 'Save draft' }).click();
    await author.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
    itemUrl = author.url().replace(/\/edit$/, '');
    assert.match(itemUrl, /\/library\/[0-9a-f-]{36}$/);

    // an HTML file is refused whatever its name says; a PDF is taken
    await author.getByLabel('Add a file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    await author.getByRole('button', { name: 'Upload' }).click();
    await author.getByRole('alert').filter({ hasText: 'HTML and SVG files are not accepted' }).waitFor();
    await author.getByLabel('Add a file').setInputFiles({ name: 'brief.pdf', mimeType: 'application/pdf', buffer: PDF });
    await author.getByRole('button', { name: 'Upload' }).click();
    await author.getByRole('status').filter({ hasText: 'Uploaded brief.pdf' }).waitFor();
    await author.getByRole('link', { name: 'brief.pdf' }).waitFor();

    await author.getByRole('button', { name: 'Save and submit for review' }).click();
    await author.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await author.locator('.kind').filter({ hasText: 'Submitted' }).waitFor();
    const row = await running.hub.db.selectFrom('library_items').select(['state', 'type', 'doi']).where('title', '=', TITLE).executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'submitted', type: 'briefing_paper', doi: '10.5555/quantum.2026' });
  });

  test('a visitor cannot see drafts or submitted items', async () => {
    const visitor = await browser.newPage();
    await visitor.goto(itemUrl);
    await visitor.getByRole('heading', { name: 'Item not found', level: 1 }).waitFor();
    assert.equal(await visitor.getByText('Quantum').count(), 0);
    await visitor.goto(`${base}/library?q=${encodeURIComponent('quantum supply chains')}`);
    await visitor.getByRole('heading', { name: '0 items' }).waitFor();
    await visitor.close();
  });

  test('a curator requests changes with a reason, the author revises, the curator publishes', async () => {
    await curator.goto(`${base}/library/queue`);
    await curator.getByRole('link', { name: `Review ${TITLE}` }).click();
    await curator.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await curator.getByLabel('Request changes').check();
    await curator.getByRole('button', { name: 'Record decision' }).click(); // without a reason
    await curator.locator('#reason-error').filter({ hasText: 'is required' }).waitFor();
    await curator.getByLabel('Reasons for the author').fill('Please add what it costs a foundry.');
    await curator.getByRole('button', { name: 'Record decision' }).click();
    await curator.getByRole('status').filter({ hasText: 'Sent back to the author' }).waitFor();

    await author.goto(itemUrl);
    await author.locator('.kind').filter({ hasText: 'Changes requested' }).waitFor();
    await author.getByText('Please add what it costs a foundry.').waitFor();
    await author.getByRole('link', { name: 'Edit', exact: true }).click();
    await author.getByLabel('Plain-language summary').fill('How foundries can plan for quantum-era supply chains, and what it costs them.');
    await author.getByRole('button', { name: 'Save and submit for review' }).click();
    await author.locator('.kind').filter({ hasText: 'Submitted' }).waitFor();

    await curator.goto(`${base}/library/queue`);
    await curator.getByRole('link', { name: `Review ${TITLE}` }).click();
    await curator.getByLabel('Accept and publish').check();
    await curator.getByRole('button', { name: 'Record decision' }).click();
    await curator.getByRole('status').filter({ hasText: 'Published' }).waitFor();
    // the edit is a new version, compared on the item page
    await curator.getByLabel('Compare version').selectOption('1');
    await curator.getByRole('button', { name: 'Compare' }).click();
    await curator.locator('.diff ins').filter({ hasText: 'what it costs them' }).waitFor();

    const mail = await running.hub.db.selectFrom('outbox').select('subject').where('to_address', '=', 'ada@example.org').orderBy('created_at').execute();
    assert.deepEqual(mail.map((m) => m.subject).slice(-2), [`Library: "${TITLE}" needs changes before it can be published`, `Library: "${TITLE}" has been published`]);
  });

  test('a visitor finds it by full-text search with a theme filter; unsafe Markdown does not run', async () => {
    const visitor = await browser.newPage();
    await visitor.goto(`${base}/library`);
    await visitor.getByLabel('Search the library').fill('quantum supply');
    await visitor.getByRole('button', { name: 'Search' }).click();
    await visitor.getByRole('link', { name: TITLE }).waitFor();
    await visitor.getByRole('group', { name: 'Theme' }).getByLabel(/Resilience/).click();
    await visitor.waitForURL(/theme=resilience/);
    await visitor.getByRole('heading', { name: '1 item' }).waitFor();
    await visitor.getByRole('link', { name: TITLE }).click();
    await visitor.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await visitor.getByRole('link', { name: 'brief.pdf' }).waitFor();
    assert.equal(await visitor.locator('.body strong').textContent(), 'Bold claim');
    assert.equal(await visitor.locator('.body script, .body img[onerror], .body a[href^="javascript"]').count(), 0);
    assert.equal(await visitor.evaluate(() => (globalThis as { __pwned?: number }).__pwned), undefined);
    // and the PDF comes back as it was uploaded, as a download
    const file = await visitor.request.get(new URL((await visitor.getByRole('link', { name: 'brief.pdf' }).getAttribute('href'))!, base).toString());
    assert.equal(file.headers()['content-disposition']?.startsWith('attachment'), true);
    assert.deepEqual(Buffer.from(await file.body()), PDF);
    // the home page shows the featured items
    await visitor.goto(base);
    await visitor.getByRole('heading', { name: 'Featured from the library' }).waitFor();
    assert.equal(await visitor.locator('.featured li.card').count(), 3);
    await visitor.close();
  });

  test('a curator builds and orders a collection, and adds and retires a technology', async () => {
    await curator.goto(`${base}/library/collections`);
    await curator.getByLabel('Title', { exact: true }).fill('Foundry futures');
    assert.equal(await curator.getByLabel('Address', { exact: true }).inputValue(), 'foundry-futures');
    await curator.getByRole('button', { name: 'Create collection' }).click();
    await curator.getByRole('heading', { name: 'Foundry futures', level: 1 }).waitFor();
    for (const [words, title] of [['quantum supply', TITLE], ['small business cyber', 'Small Business Guide: cyber security']]) {
      await curator.getByLabel('Find published items').fill(words);
      await curator.getByRole('button', { name: `Add ${title}` }).click();
      await curator.getByRole('status').filter({ hasText: `Added “${title}”` }).waitFor();
    }
    await curator.getByRole('button', { name: `Move down ${TITLE}` }).click();
    await curator.getByRole('status').filter({ hasText: 'down' }).waitFor();
    const order = await running.hub.db
      .selectFrom('collection_items as ci')
      .innerJoin('collections as c', 'c.id', 'ci.collection_id')
      .innerJoin('library_items as i', 'i.id', 'ci.item_id')
      .select('i.title')
      .where('c.slug', '=', 'foundry-futures')
      .orderBy('ci.position')
      .execute();
    assert.deepEqual(order.map((o) => o.title), ['Small Business Guide: cyber security', TITLE]);

    await curator.goto(`${base}/library/taxonomies/technology`);
    await curator.getByLabel('Label', { exact: true }).fill('Quantum computing');
    await curator.getByRole('button', { name: 'Add term' }).click();
    await curator.getByRole('status').filter({ hasText: 'Added “Quantum computing”' }).waitFor();
    await curator.getByRole('button', { name: 'Retire Quantum computing' }).click();
    await curator.getByRole('status').filter({ hasText: 'Retired “Quantum computing”' }).waitFor();
    const term = await running.hub.db.selectFrom('taxonomy_terms').select(['label', 'retired']).where('taxonomy', '=', 'technology').where('code', '=', 'quantum-computing').executeTakeFirstOrThrow();
    assert.deepEqual(term, { label: 'Quantum computing', retired: true });
    // a member who is not a curator is refused the page
    await author.goto(`${base}/library/taxonomies`);
    await author.getByRole('alert').filter({ hasText: 'Only curators edit the taxonomies' }).waitFor();
  });
});
