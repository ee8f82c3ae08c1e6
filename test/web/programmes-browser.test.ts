import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { reviewItem } from '../../src/hub/library/library.js';
import { londonLocal } from '../../src/hub/platform/london-time.js';
import { addReviewer } from '../../src/hub/programmes/reviewers.js';
import type { Running } from '../../src/server/start.js';
import { SKIP_WITHOUT_BROWSER, signIn, startBrowserAndServer } from '../helpers/browser.js';
import { linkToken, newMember, PASSWORD, withRoles } from '../helpers/db.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const CALL = 'Knowledge across the supply chain';
const TITLE = 'How suppliers learn from manufacturers';
const BIBTEX = '@article{Ada2027,\n  author = {Applicant, Ada and Coapplicant, Cole},\n  title = {{Supplier learning in the West Midlands}},\n  journal = {Regional Studies},\n  year = {2027},\n  doi = {10.5555/supplier.2027}\n}';
const PARTNER = 'Tees Valley Makers (example)';

/**
 * The programme's journey in Chromium: a manager opens a call; a member applies with a co-applicant (who confirms by
 * email) and a file; the manager screens and runs the assignment; two reviewers score; the panel funds it and the
 * letters go; the award holder records outcomes; the publication reaches the library and the collaboration the
 * network explorer.
 */
describe('programme in Chromium', { skip: SKIP_WITHOUT_BROWSER }, () => {
  let running: Running;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;
  let manager: Page;
  let ada: Page;
  let callUrl: string;
  let applicationUrl: string;

  before(async () => {
    ({ running, browser, base, close } = await startBrowserAndServer());
    const { hub } = running;
    const pm = await withRoles(hub, 'pam@example.org', ['programme_manager']);
    await newMember(hub, 'ada@example.org', 'Ada Applicant');
    await newMember(hub, 'cole@example.org', 'Cole Coapplicant');
    // two reviewers of our own; the demo's example reviewers step aside for this call
    await hub.db.updateTable('reviewers').set({ active: false }).execute();
    for (const [email, name] of [['rita@example.org', 'Rita Reviewer'], ['sam@example.org', 'Sam Reviewer']]) {
      const r = await newMember(hub, email, name);
      await addReviewer(hub, pm, { profileId: r.viewer.profileId, capacity: 4, expertise: 'supplier learning in manufacturing supply chains' });
    }
    manager = await (await browser.newContext()).newPage();
    ada = await (await browser.newContext()).newPage();
    await signIn(manager, base, 'pam@example.org', PASSWORD);
    await signIn(ada, base, 'ada@example.org', PASSWORD);
  });
  after(async () => {
    await close?.();
  });

  test('1. a manager opens a call, in London time', async () => {
    await manager.goto(`${base}/calls/new`);
    await manager.getByLabel('Mechanism').selectOption('small_project');
    await manager.getByLabel('Title', { exact: true }).fill(CALL);
    await manager.getByLabel('Summary').fill('Small projects on how knowledge moves along supply chains.');
    const now = Date.now();
    await manager.getByLabel('Opens (London time)').fill(londonLocal(new Date(now - 86_400_000)));
    await manager.getByLabel('Closes (London time)').fill(londonLocal(new Date(now + 30 * 86_400_000)));
    await manager.getByLabel('Largest award (£)').fill('80000');
    await manager.getByLabel('Open the call').click().catch(() => undefined);
    await manager.getByRole('button', { name: 'Open the call' }).click();
    // above the mechanism's largest award: refused, named at the field
    await manager.locator('#maxAmount-error').filter({ hasText: 'largest award' }).waitFor();
    await manager.getByLabel('Largest award (£)').fill('60000');
    await manager.getByLabel('Reviewers per application').fill('2');
    await manager.getByLabel('Published (visible to everyone)').check();
    await manager.getByRole('button', { name: 'Open the call' }).click();
    await manager.getByRole('heading', { name: CALL, level: 1 }).waitFor();
    callUrl = manager.url();
    assert.match(callUrl, /\/calls\/knowledge-across-the-supply-chain$/);
    assert.match(await manager.locator('dl.facts').innerText(), /Closes\s+\d+ \w+ 20\d\d, \d\d:\d\d (GMT|BST)/);
    // the form builder: a number question, added before anyone has answered (saved in place)
    await manager.goto(callUrl.replace('/calls/', '/programme/calls/') + '/forms/full');
    await manager.getByLabel('Add a question of type').selectOption('number');
    await manager.getByRole('button', { name: 'Add', exact: true }).click();
    const last = manager.locator('ol.form-builder > li').last();
    await last.getByLabel('Question').fill('Firms surveyed');
    await last.getByLabel('Short name (letters, digits, underscores)').fill('firms');
    await manager.getByRole('button', { name: 'Save the form' }).click();
    await manager.getByRole('status').filter({ hasText: 'Saved (version 1).' }).waitFor();
  });

  test('2. a member applies with a co-applicant, who confirms by email, and a file; the check, then one submission', async () => {
    await ada.goto(callUrl);
    await ada.getByRole('button', { name: 'Start an application' }).click();
    await ada.getByRole('heading', { name: 'Application', level: 1 }).waitFor();
    applicationUrl = ada.url();
    await ada.getByLabel('Title of the application').fill(TITLE);
    await ada.getByLabel('Summary (required)').fill('Suppliers learn from the manufacturers they serve.');
    await ada.getByLabel('Case for support (required)').fill('A survey of 200 suppliers and interviews.');
    await ada.getByLabel('Impact and engagement (required)').fill('Workshops with manufacturers.');
    await ada.getByLabel('Organisation of member 1').fill('Aston University (example)');
    await ada.getByRole('button', { name: 'Add a team member' }).click();
    await ada.getByLabel('Name of member 2').fill('Cole Coapplicant');
    await ada.getByLabel('Email of member 2').fill('cole@example.org');
    await ada.getByLabel('Organisation of member 2').fill('Coventry University (example)');
    await ada.getByRole('button', { name: 'Add a budget line' }).click();
    await ada.getByLabel('Amount of line 1').fill('45000');
    await ada.getByLabel('Duration (months) (required) (months)').fill('9');
    await ada.getByLabel('Firms surveyed', { exact: true }).fill('200');
    await ada.getByRole('group', { name: 'Declaration (required)' }).getByRole('checkbox').check();
    await ada.getByRole('status').filter({ hasText: /^Saved at/ }).waitFor();
    await ada.getByLabel('Add a file').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: PDF });
    await ada.getByRole('link', { name: 'letter.pdf' }).waitFor();
    // the check says who has not confirmed
    await ada.getByRole('button', { name: 'Check the application' }).click();
    await ada.getByText('Cole Coapplicant has not yet confirmed they take part').waitFor();
    await ada.getByRole('button', { name: 'Ask the team to confirm' }).click();
    await ada.getByRole('status').filter({ hasText: 'Invitations sent' }).waitFor();
    const cole = await (await browser.newContext()).newPage();
    await cole.goto(`${base}/applications/join?token=${await linkToken(running.hub, 'cole@example.org', '/applications/join')}`);
    await cole.getByRole('button', { name: 'I take part' }).click();
    await cole.getByRole('status').filter({ hasText: `You have confirmed your place on “${TITLE}”` }).waitFor();
    await cole.close();
    await ada.getByRole('button', { name: 'Check the application' }).click();
    await ada.getByText('Ready to submit.').waitFor();
    await ada.getByRole('button', { name: 'Submit', exact: true }).dblclick();
    await ada.getByRole('status').filter({ hasText: 'Submitted. A receipt is on its way.' }).waitFor();
    assert.match(await ada.locator('main').innerText(), /reference SP\d\d-\d{4}/);
    const receipts = await running.hub.db.selectFrom('outbox').select('subject').where('to_address', '=', 'ada@example.org').where('subject', 'like', 'Received:%').execute();
    assert.equal(receipts.length, 1, 'a double click submits once');
  });

  test('3. the manager screens the application and runs the assignment', async () => {
    await manager.goto(callUrl.replace('/calls/', '/programme/calls/'));
    await manager.getByRole('button', { name: /^Eligible/ }).click();
    await manager.getByRole('status').filter({ hasText: 'screened eligible' }).waitFor();
    await manager.getByRole('button', { name: 'Propose an assignment' }).click();
    const proposal = manager.locator('table').filter({ hasText: 'Why' });
    await proposal.waitFor();
    const text = await proposal.innerText();
    assert.match(text, /Rita Reviewer/);
    assert.match(text, /Sam Reviewer/);
    assert.match(text, /Shares/);
    await manager.getByRole('button', { name: 'Invite these reviewers' }).click();
    await manager.getByRole('status').filter({ hasText: 'Reviewers invited.' }).waitFor();
  });

  test('4. the reviewers accept and score on the 1–6 scale', async () => {
    for (const [email, scores] of [['rita@example.org', ['6 Exceptional', '5 Excellent', '5 Excellent', '6 Exceptional']], ['sam@example.org', ['5 Excellent', '5 Excellent', '4 Very good', '5 Excellent']]] as const) {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, base, email, PASSWORD);
      await page.goto(`${base}/reviews`);
      await page.getByRole('button', { name: `Accept ${TITLE}` }).click();
      await page.getByRole('link', { name: `Review ${TITLE}` }).click();
      await page.getByRole('heading', { name: `Review: ${TITLE}`, level: 1 }).waitFor();
      const groups = page.locator('fieldset');
      for (let i = 0; i < 4; i++) await groups.nth(i).getByLabel(new RegExp(`^${scores[i]}:`)).check();
      await page.getByLabel(/^Comments for the applicant/).fill(`A strong application, says ${email}.`);
      await page.getByLabel('Comments for the panel only').fill('Fund it.');
      await page.getByLabel('Your confidence in this assessment').selectOption('3');
      await page.getByRole('button', { name: 'Submit the review' }).click();
      await page.getByRole('status').filter({ hasText: 'Review submitted' }).waitFor();
      await page.close();
    }
  });

  test('5. the panel funds it, and the letters go with the reviewers’ comments for the applicant', async () => {
    await manager.goto(callUrl.replace('/calls/', '/programme/calls/'));
    const row = manager.locator('table.panel tbody tr').filter({ hasText: TITLE });
    await row.waitFor();
    assert.match(await row.innerText(), /5\.\d+/);
    manager.once('dialog', (d) => d.accept('Ranked first by the panel.'));
    await row.getByRole('button', { name: /^Fund/ }).click();
    await manager.getByRole('status').filter({ hasText: 'Decision recorded: fund.' }).waitFor();
    await manager.getByRole('button', { name: 'Send the decision letters' }).click();
    await manager.getByRole('status').filter({ hasText: 'Decision letters sent.' }).waitFor();
    const letter = await running.hub.db.selectFrom('outbox').select(['subject', 'body_text']).where('to_address', '=', 'ada@example.org').where('subject', 'like', '%will be funded%').executeTakeFirstOrThrow();
    assert.match(letter.body_text!, /A strong application, says rita@example\.org/);
    assert.doesNotMatch(letter.body_text!, /Fund it\./);
    // the portfolio counts it, with the demo's 18 awards
    await manager.goto(`${base}/programme/portfolio`);
    await manager.getByRole('heading', { name: 'By discipline and partner type', level: 2 }).waitFor();
    assert.match(await manager.getByRole('heading', { name: 'Awards', level: 2 }).locator('xpath=following-sibling::p[1]').innerText(), /^19 awards/);
    assert.ok((await manager.locator('table').nth(2).locator('tbody tr').count()) > 1, 'awards by discipline');
    await ada.goto(applicationUrl);
    await ada.getByRole('heading', { name: 'Decision: funded' }).waitFor();
    assert.equal(await ada.getByText('Fund it.').count(), 0);
  });

  test('6–7. the award holder records outcomes; the publication reaches the library, the collaboration the network explorer', async () => {
    await ada.goto(`${base}/awards`);
    await ada.getByRole('link', { name: TITLE }).click();
    await ada.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await ada.getByLabel('Citation as BibTeX or RIS').fill(BIBTEX);
    await ada.getByRole('button', { name: 'Record the outcome' }).click();
    await ada.getByText('Supplier learning in the West Midlands (2027)').waitFor();
    await ada.getByLabel('Type').selectOption('collaboration');
    await ada.getByLabel('Title', { exact: true }).fill('Partnership with a Teesside cluster');
    await ada.getByLabel('Year').fill('2027');
    await ada.getByLabel('Partner organisation').fill(PARTNER);
    await ada.getByRole('button', { name: 'Record the outcome' }).click();
    await ada.getByText('Partnership with a Teesside cluster (2027)').waitFor();
    await ada.getByRole('button', { name: 'Publish to the library Supplier learning in the West Midlands' }).click();
    await ada.getByRole('status').filter({ hasText: "Sent to the library's curators (submitted)" }).waitFor();
    // the library's curators accept it; a visitor finds it
    const { hub } = running;
    const item = await hub.db.selectFrom('library_items').select('id').where('title', '=', 'Supplier learning in the West Midlands').executeTakeFirstOrThrow();
    const curator = await withRoles(hub, 'cara@example.org', ['curator']);
    await reviewItem(hub, curator, item.id, { decision: 'accept' });
    const visitor = await browser.newPage();
    await visitor.goto(`${base}/library?q=${encodeURIComponent('supplier learning')}`);
    await visitor.getByRole('link', { name: 'Supplier learning in the West Midlands' }).waitFor();
    // the network explorer: the partner organisation is tied to the award's lead organisation
    await visitor.goto(`${base}/networks`);
    await visitor.getByLabel('Data set').selectOption({ label: "The network's own knowledge network" });
    await visitor.getByLabel('Level').selectOption('organisation');
    await visitor.getByText('Scroll to zoom, drag to move').waitFor({ timeout: 60_000 });
    await visitor.getByLabel('Find a node').fill('Tees Valley Makers');
    await visitor.getByRole('button', { name: 'Find' }).click();
    const panel = visitor.getByRole('region', { name: `Node: ${PARTNER}` });
    await panel.waitFor();
    assert.match(await panel.innerText(), /degree\s+1/);
    await visitor.close();
  });
});
