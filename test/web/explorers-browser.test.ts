import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { uploadDataset } from '../../src/hub/datasets/datasets.js';
import type { Running } from '../../src/server/start.js';
import { SKIP_WITHOUT_BROWSER, signIn, startBrowserAndServer } from '../helpers/browser.js';
import { newMember, PASSWORD, withRoles } from '../helpers/db.js';
import { syntheticWos } from '../helpers/synthetic-wos.js';

/** The region and network explorers, as a visitor, an analyst and a member use them, in Debian's Chromium. */
describe('the explorers in Chromium', { skip: SKIP_WITHOUT_BROWSER }, () => {
  let running: Running;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;
  let privateSlug: string;
  let largeSlug: string;

  before(async () => {
    ({ running, browser, base, close } = await startBrowserAndServer());
    const analyst = await withRoles(running.hub, 'analyst@example.org', ['analyst']);
    const table = 'region,activity,value\nNorth,steel,50\nNorth,software,5\nSouth,steel,5\nSouth,software,50\n';
    privateSlug = (await uploadDataset(running.hub, analyst, { title: 'Confidential survey', kind: 'regions', visibility: 'private', files: [{ role: 'data', filename: 'survey.csv', content: Buffer.from(table).toString('base64') }] })).slug;
    await newMember(running.hub, 'member@example.org', 'Mo Member');
    // a co-authorship graph past the explorer's "large" threshold (5,000 nodes)
    const records = syntheticWos(5200).text;
    largeSlug = (await uploadDataset(running.hub, analyst, { title: 'Synthetic co-authorship', kind: 'records', visibility: 'public', files: [{ role: 'data', filename: 'records.txt', content: Buffer.from(records).toString('base64') }] })).slug;
  });
  after(async () => {
    await close?.();
  });

  /** The West Midlands page on UK BRES, chosen as a visitor chooses it. */
  async function westMidlands(page: Page) {
    await page.goto(`${base}/regions`);
    await page.getByLabel('Data set').selectOption({ label: 'UK employment by ITL2 region and SIC division, 2022–2023 (BRES)' });
    await page.getByLabel('Region', { exact: true }).selectOption({ label: 'West Midlands (TLG3)' });
    await page.getByRole('heading', { name: 'Specialisation', level: 2 }).waitFor();
  }

  test('a visitor sees motor vehicles among the West Midlands\' top specialisations, and the page keeps its choices in the URL', async () => {
    const page = await browser.newPage();
    await westMidlands(page);
    const top = page.locator('section[aria-labelledby="specialisation"] table tbody tr');
    await top.first().waitFor();
    const firstThree = (await top.allInnerTexts()).slice(0, 3).join('\n');
    assert.match(firstThree, /29\s+Manufacture of motor vehicles, trailers and semi-trailers/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('r'), 'West Midlands');
    assert.equal(url.searchParams.get('d'), 'uk-bres-itl2-sic2');
    // the permanent URL opens the same page
    const again = await browser.newPage();
    await again.goto(page.url());
    await again.locator('section[aria-labelledby="specialisation"] table tbody tr').first().waitFor();
    assert.match(await again.locator('section[aria-labelledby="specialisation"] table tbody tr').first().innerText(), /29/);
    await again.close();
    await page.close();
  });

  test('switching the strategy re-ranks the opportunities', async () => {
    const page = await browser.newPage();
    await westMidlands(page);
    const rows = page.locator('section[aria-labelledby="opportunities"] table tbody tr');
    await rows.first().waitFor();
    const balanced = (await rows.allInnerTexts()).slice(0, 10).map((r) => r.split('\t')[1]);
    await page.getByLabel('Strategy').selectOption({ label: 'Long jumps' });
    await page.waitForURL(/s=long-jumps/);
    // the table changes once the new ranking arrives
    let jumps = balanced;
    for (let tries = 0; tries < 100 && jumps.join() === balanced.join(); tries++) {
      await page.waitForTimeout(100);
      jumps = (await rows.allInnerTexts()).slice(0, 10).map((r) => r.split('\t')[1]);
    }
    assert.notDeepEqual(jumps, balanced);
    // each opportunity says which present strengths it builds on
    assert.match(await rows.first().innerText(), /\(0\.\d\d\)/);
    await page.close();
  });

  test('a target assessment for SIC 30: density, strengths, gaps, the best placed and partner regions', async () => {
    const page = await browser.newPage();
    await westMidlands(page);
    await page.getByLabel('Target activities').fill('30');
    await page.getByRole('button', { name: 'Assess' }).click();
    const table = page.locator('section[aria-labelledby="target"] table').first();
    await table.getByRole('cell', { name: /^rank \d+ of 40 regions by density to 30$/ }).waitFor();
    const text = await table.innerText();
    for (const section of ['strength', 'gap', 'best placed']) assert.match(text, new RegExp(`\\b${section}\\b`));
    await page.getByRole('heading', { name: 'Partner regions' }).waitFor();
    await page.close();
  });

  test("a chart's data downloads as CSV, the same rows the table shows", async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await westMidlands(page);
    const link = page.locator('section[aria-labelledby="specialisation"]').getByRole('link', { name: 'CSV' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, first] = csv.split('\n');
    assert.match(header, /^region,year,rank,activity,label,value,share,rca,m,pci$/);
    assert.match(first, /^West Midlands,2023,1,29,"Manufacture of motor vehicles, trailers and semi-trailers",25115,/);
    await page.close();
  });

  test("the network explorer on the network's own data: find an organisation and open its panel", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/networks`);
    await page.getByLabel('Data set').selectOption({ label: "The network's own knowledge network" });
    await page.getByLabel('Level').selectOption('organisation');
    await page.getByTestId('graph-canvas').locator('canvas').first().waitFor();
    // the layout ran in its worker (a script of the app's own, as the CSP allows) and finished
    await page.getByText('Scroll to zoom, drag to move').waitFor({ timeout: 30_000 });
    await page.getByLabel('Find a node').fill('Midlands Advanced Manufacturing');
    await page.getByRole('button', { name: 'Find' }).click();
    const panel = page.getByRole('region', { name: /^Node: Midlands Advanced Manufacturing Centre \(example\)$/ });
    await panel.waitFor();
    assert.match(await panel.innerText(), /degree\s+\d+/);
    assert.match(page.url(), /node=Midlands/);
    // the communities beside the graph
    await page.getByRole('heading', { name: 'Communities', level: 2 }).waitFor();
    await page.close();
  });

  test('a large graph draws its nodes, then its ties, lays out, and moves by a transform until the view is still', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/networks?d=${largeSlug}&level=person`);
    assert.match(await page.getByText(/^[\d,]+ nodes, [\d,]+ ties/).innerText({ timeout: 60_000 }), /^5,\d{3} nodes/);
    await page.waitForFunction(() => performance.getEntriesByName('graph:ties').length > 0, undefined, { timeout: 60_000 });
    const [drawn, ties] = await page.evaluate(() => ['graph:drawn', 'graph:ties'].map((m) => performance.getEntriesByName(m)[0].startTime));
    assert.ok(drawn < ties, 'the nodes are drawn before the ties');
    await page.getByText('Scroll to zoom, drag to move').waitFor({ timeout: 30_000 });
    // the panels below wait for the layout, then come
    await page.getByRole('heading', { name: 'Interdisciplinarity', level: 2 }).waitFor();
    await page.getByText('Computed once the graph above is laid out.').first().waitFor({ state: 'detached', timeout: 30_000 });
    // zoom: while the view moves, the last frame is moved by a CSS transform; once it is still, drawn again
    const nodes = page.locator('canvas.sigma-nodes');
    await nodes.scrollIntoViewIfNeeded();
    const box = (await nodes.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -240);
    /** The nodes layer's CSS transform, once it satisfies `ok` (polled for up to 5 s). */
    const transformWhen = async (ok: (transform: string) => boolean) => {
      for (const end = Date.now() + 5000; ; await page.waitForTimeout(10)) {
        const transform = await nodes.evaluate((c) => (c as unknown as { style: { transform: string } }).style.transform);
        if (ok(transform) || Date.now() > end) return transform;
      }
    };
    const moving = await transformWhen((t) => t.startsWith('matrix('));
    const scale = Number(/^matrix\(([^,]+),/.exec(moving)?.[1]);
    assert.ok(scale > 1, `zooming in scales the frame up (${scale})`);
    assert.equal(await transformWhen((t) => t === ''), '', 'drawn again once the view is still');
    await page.close();
  });

  test('a member cannot see a private data set, through the page or the API', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, base, 'member@example.org', PASSWORD);
    await page.goto(`${base}/regions`);
    await page.getByLabel('Data set').locator('option').first().waitFor({ state: 'attached' });
    const options = await page.getByLabel('Data set').locator('option').allInnerTexts();
    assert.ok(options.length >= 3, options.join());
    assert.ok(!options.some((o) => o.includes('Confidential survey')));
    await page.goto(`${base}/regions?d=${privateSlug}`);
    await page.getByRole('alert').waitFor();
    const api = await page.request.get(`${base}/api/analyses/${privateSlug}/catalogue`);
    assert.equal(api.status(), 404);
    await page.close();
  });
});
