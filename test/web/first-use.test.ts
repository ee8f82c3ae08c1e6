import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createItem, reviewItem, submitItem } from '../../src/hub/library/library.js';
import type { Running } from '../../src/server/start.js';
import { SKIP_WITHOUT_BROWSER, signIn, startBrowserAndServer } from '../helpers/browser.js';
import { newMember, PASSWORD } from '../helpers/db.js';

const PHONE = { width: 390, height: 844 };
const LONG_TITLE = 'Supercalifragilistic'.repeat(14); // 280 characters without a space
/** "14 March 2025": the app's one date format. */
const DATE = /^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}(, \d{2}:\d{2})?$/;

/** What a new user meets on a fresh start: phones, long text, accounts, messages, organisations, the audit log, dates. */
describe('first use in Chromium', { skip: SKIP_WITHOUT_BROWSER }, () => {
  let running: Running;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;
  let longItem: string;
  let draft: string;

  before(async () => {
    ({ running, browser, base, close } = await startBrowserAndServer());
    const { hub } = running;
    const author = await newMember(hub, 'writer@example.org', 'Wren Writer');
    const curator = await newMember(hub, 'keeper@example.org', 'Kit Keeper');
    await hub.db.insertInto('user_roles').values({ user_id: curator.viewer.userId, role: 'curator', granted_by: null }).execute();
    const cur = { ...curator.viewer, roles: new Set(['curator'] as const) };
    longItem = (await createItem(hub, author.viewer, { type: 'report', title: LONG_TITLE, summary: `${'Unbroken'.repeat(40)} and a summary.`, themes: ['skills'], publishedOn: '2025-03-14' })).id;
    await submitItem(hub, author.viewer, longItem);
    await reviewItem(hub, cur, longItem, { decision: 'accept' });
    draft = (await createItem(hub, author.viewer, { type: 'report', title: 'A dated draft', summary: 'Not out yet.', publishedOn: '2024-06-01' })).id;
  });
  after(async () => {
    await close?.();
  });

  /** How wide the page is drawn, and how wide the screen (run in the page). */
  const widthOf = (page: Page) =>
    page.evaluate(() => {
      const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
      return { scroll: g.document.documentElement.scrollWidth, view: g.innerWidth };
    });

  test('on a phone the results come first: the filters fold behind a button, and a ticked box ticks at once', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    for (const [path, heading] of [['/library', /items$/], ['/directory', /members$/], ['/organisations', /organisations$/]] as const) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
      const first = await page.locator('.results .card').first().boundingBox();
      assert.ok(first && first.y < PHONE.height, `${path}: the first result starts at ${first?.y} px, below the first screen`);
      assert.equal(await page.getByRole('group').first().isVisible(), false, `${path}: the filters are folded`);
      const { scroll, view } = await widthOf(page);
      assert.ok(scroll <= view, `${path}: ${scroll} px wide on a ${view} px screen`);
    }
    await page.goto(`${base}/library`);
    await page.getByRole('button', { name: 'Filters' }).click();
    const theme = page.getByRole('group', { name: 'Theme' });
    await theme.waitFor();
    // hold the search's answer: the box must tick before it comes
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const isSearch = (url: URL) => url.pathname === '/api/library';
    await page.route(isSearch, async (route) => {
      await held;
      await route.continue();
    });
    await theme.getByRole('checkbox', { name: /^Skills/ }).click();
    // ticked while the search's answer is still held back
    await theme.getByRole('checkbox', { name: /^Skills/, checked: true }).waitFor({ timeout: 5_000 });
    release();
    await page.getByRole('button', { name: /Hide filters \(1 chosen\)/ }).waitFor();
    await page.unroute(isSearch);
    // the region facet says each region's level
    await page.goto(`${base}/directory`);
    await page.getByRole('button', { name: 'Filters' }).click();
    const region = page.getByRole('group', { name: 'Region' });
    await region.getByRole('checkbox', { name: /^West Midlands \(England\) ITL1/ }).waitFor();
    await region.getByRole('checkbox', { name: /^West Midlands ITL2/ }).waitFor();
    await page.close();
  });

  test('a 280-character word wraps: the item page, its card and the search stay as wide as the screen; inputs have limits', async () => {
    for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${base}/library/${longItem}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      let { scroll, view } = await widthOf(page);
      assert.ok(scroll <= view, `item page: ${scroll} px wide on a ${view} px screen`);
      await page.goto(`${base}/library?q=supercalifragilistic`);
      await page.locator('.results .card').first().waitFor();
      ({ scroll, view } = await widthOf(page));
      assert.ok(scroll <= view, `search: ${scroll} px wide on a ${view} px screen`);
      await page.close();
    }
    const page = await browser.newPage();
    await signIn(page, base, 'writer@example.org', PASSWORD);
    await page.goto(`${base}/library/new`);
    assert.equal(await page.getByLabel('Title', { exact: true }).getAttribute('maxlength'), '300');
    assert.equal(await page.getByLabel('Plain-language summary').getAttribute('maxlength'), '3000');
    // every text box of the forms a member uses has a limit
    for (const path of ['/library/new', '/me']) {
      await page.goto(`${base}${path}`);
      await page.locator('form').first().waitFor();
      const unbounded = await page.$$eval('input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=date]):not([type=hidden]), textarea', (els) =>
        els.filter((e) => !e.hasAttribute('maxlength')).map((e) => e.id || e.getAttribute('aria-label') || e.outerHTML.slice(0, 60)),
      );
      assert.deepEqual(unbounded, [], `${path}: inputs without maxlength`);
    }
    await page.close();
  });

  test('accounts: a new link for an unconfirmed address from the sign-in page; the password changes on My profile; no refused links', async () => {
    const { hub } = running;
    const page = await browser.newPage();
    await page.goto(`${base}/sign-up`);
    await page.getByLabel('Your name').fill('Una Confirmed');
    await page.getByLabel('Email address').fill('una@example.org');
    await page.getByLabel('Password').fill('orchards under winter rain');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your email', level: 1 }).waitFor();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email address').fill('una@example.org');
    await page.getByLabel('Password').fill('orchards under winter rain');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Confirm your email address first' }).waitFor();
    await page.getByRole('button', { name: 'Send a new confirmation link' }).click();
    await page.getByRole('status').filter({ hasText: 'we have sent it a new link' }).waitFor();
    const mails = await hub.db.selectFrom('outbox').select('subject').where('to_address', '=', 'una@example.org').execute();
    assert.equal(mails.filter((m) => m.subject === 'Proximity: confirm your email address').length, 2);

    // a plain member sees no curation queue link; changes the password on My profile
    const member = await browser.newPage();
    await signIn(member, base, 'writer@example.org', PASSWORD);
    await member.goto(`${base}/library`);
    await member.getByRole('link', { name: 'My items' }).waitFor();
    assert.equal(await member.getByRole('link', { name: 'Curation queue' }).count(), 0);
    await member.goto(`${base}/me`);
    await member.getByLabel('Current password').fill(PASSWORD);
    await member.getByLabel('New password').fill('password1234');
    await member.getByRole('button', { name: 'Change password' }).click();
    // the message is said once, beside the field, as a sentence
    const error = member.locator('#newPassword-error');
    await error.waitFor();
    assert.match((await error.textContent())!, /^Is too easy to guess: .+\.$/);
    const alert = member.getByRole('alert').filter({ hasText: 'Please correct the field marked below.' });
    await alert.waitFor();
    assert.doesNotMatch((await alert.textContent())!, /too easy/);
    await member.getByLabel('New password').fill('lanterns across the estuary');
    await member.getByRole('button', { name: 'Change password' }).click();
    await member.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
    const other = await browser.newPage();
    await signIn(other, base, 'writer@example.org', 'lanterns across the estuary');
    await other.close();
    // a curator does see the queue
    const keeper = await browser.newPage();
    await signIn(keeper, base, 'keeper@example.org', PASSWORD);
    await keeper.goto(`${base}/library`);
    await keeper.getByRole('link', { name: 'Curation queue' }).waitFor();
    await Promise.all([page.close(), member.close(), keeper.close()]);
  });

  test('organisations: an index with search and facets; members are found by their organisation', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/organisations`);
    await page.getByRole('link', { name: 'Office for National Statistics' }).waitFor();
    await page.getByLabel('Search by name').fill('university');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: /^\d+ organisations?$/, level: 2 }).waitFor();
    const names = await page.locator('.results .card h3').allTextContents();
    assert.ok(names.length >= 2 && names.every((n) => /universit/i.test(n)), names.join(' | '));
    await page.getByRole('group', { name: 'Country' }).getByRole('checkbox', { name: /United Kingdom/ }).click();
    await page.waitForURL(/country=GB/);
    await page.getByRole('link', { name: 'Clyde Valley University (example)' }).click();
    await page.getByRole('heading', { name: 'Clyde Valley University (example)', level: 1 }).waitFor();
    await page.goto(`${base}/directory?q=${encodeURIComponent('Clyde Valley')}`);
    await page.locator('.results .card').first().waitFor();
    const orgs = await page.locator('.results .card .meta').allTextContents();
    assert.ok(orgs.length > 0 && orgs.every((m) => m.includes('Clyde Valley University')), orgs.join(' | '));
    await page.close();
  });

  test('the audit log shows long changes whole on demand; dates read one way; drafts are not "published"; empty searches say what to do; the API docs keep their CSP', async () => {
    const admin = await browser.newPage();
    await signIn(admin, base, running.admin!.email, running.admin!.password);
    await admin.getByLabel('Job title', { exact: true }).fill('Keeper of keys');
    await admin.getByRole('button', { name: 'Save profile' }).click();
    await admin.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();
    await admin.goto(`${base}/admin/audit`);
    const row = admin.getByRole('row').filter({ has: admin.getByRole('cell', { name: 'profile.update' }) }).first();
    const after = row.locator('details').last();
    await after.locator('summary').click();
    assert.match((await after.locator('pre').textContent())!, /"job_title": "Keeper of keys"/);
    for (const time of await admin.locator('time').allTextContents()) assert.match(time, DATE);
    // a draft's date is its publication date, not a "Published" date
    const writer = await browser.newPage();
    await signIn(writer, base, 'writer@example.org', 'lanterns across the estuary');
    await writer.goto(`${base}/library/${draft}`);
    await writer.getByRole('heading', { name: 'A dated draft', level: 1 }).waitFor();
    assert.equal(await writer.getByRole('term').filter({ hasText: /^Published$/ }).count(), 0);
    await writer.getByRole('term').filter({ hasText: 'Publication date' }).waitFor();
    assert.match((await writer.getByRole('definition').filter({ hasText: '2024' }).first().textContent())!, /^1 June 2024$/);
    // an empty result offers no downloads, and a way out
    const visitor = await browser.newPage();
    await visitor.goto(`${base}/library?q=zzyzxqq&theme=skills`);
    await visitor.getByRole('heading', { name: '0 items', level: 2 }).waitFor();
    assert.equal(await visitor.getByRole('link', { name: 'CSV' }).count(), 0);
    await visitor.locator('.empty').getByRole('button', { name: 'clear the filters' }).click();
    await visitor.waitForURL((u) => !u.search.includes('theme='));
    // the API docs page raises no Content-Security-Policy violation
    const errors: string[] = [];
    visitor.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await visitor.goto(`${base}/api/docs`);
    await visitor.locator('.swagger-ui').first().waitFor();
    await visitor.getByText('accounts', { exact: true }).first().waitFor();
    // swagger-ui draws only the operations in view (and drops those scrolled past): scroll to the end, noting each tag drawn
    const seen = new Set<string>();
    for (let i = 0; i < 400 && !seen.has('operations-tag-admin'); i++) {
      for (const id of await visitor.locator('[id^="operations-tag-"]').evaluateAll((els) => els.map((e) => (e as unknown as { id: string }).id))) seen.add(id);
      await visitor.mouse.wheel(0, 600);
      await visitor.waitForTimeout(40);
    }
    for (const tag of ['accounts', 'directory', 'library', 'datasets', 'analyses', 'admin']) {
      assert.ok(seen.has(`operations-tag-${tag}`), `the ${tag} tag is drawn`);
    }
    assert.deepEqual(errors, []);
    await Promise.all([admin.close(), writer.close(), visitor.close()]);
  });
});
