import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Running } from '../../src/server/start.js';
import { SKIP_WITHOUT_BROWSER, signIn as signInAt, startBrowserAndServer } from '../helpers/browser.js';

describe('web app in Chromium', { skip: SKIP_WITHOUT_BROWSER }, () => {
  let running: Running;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;
  const email = `newcomer-${Date.now()}@example.org`;
  const password = 'a long enough password';

  before(async () => {
    ({ running, browser, base, close } = await startBrowserAndServer());
  });
  after(async () => {
    await close?.();
  });

  const signIn = (page: Page, address: string, pass: string) => signInAt(page, base, address, pass);

  test('a visitor is refused the admin pages', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/admin/users`);
    await page.getByRole('alert').filter({ hasText: 'Sign in as an administrator' }).waitFor();
    assert.equal(await page.getByRole('table').count(), 0);
    await page.close();
  });

  test('sign up, confirm through the outbox link, sign in, edit the profile, be found, get a role', async () => {
    const newcomer = await (await browser.newContext()).newPage();
    const admin = await (await browser.newContext()).newPage();

    // sign up
    await newcomer.goto(`${base}/sign-up`);
    await newcomer.getByLabel('Your name').fill('Nadia Newcomer');
    await newcomer.getByLabel('Email address').fill(email);
    await newcomer.getByLabel('Password').fill(password);
    await newcomer.getByRole('button', { name: 'Create account' }).click();
    await newcomer.getByRole('heading', { name: 'Check your email', level: 1 }).waitFor();
    // the form is gone: nothing to send twice
    assert.equal(await newcomer.getByRole('button', { name: 'Create account' }).count(), 0);

    // the administrator finds the verification email in the outbox
    await signIn(admin, running.admin!.email, running.admin!.password);
    await admin.goto(`${base}/admin/outbox`);
    const mail = admin.locator('li.card', { hasText: `To ${email}` }).filter({ hasText: 'confirm your email' });
    const link = await mail.getByRole('link').first().getAttribute('href');
    assert.match(link!, /\/verify-email\?token=/);

    // the newcomer follows it and signs in
    await newcomer.goto(link!.replace(/^https?:\/\/[^/]+/, base));
    await newcomer.getByRole('status').filter({ hasText: 'confirmed' }).waitFor();
    await signIn(newcomer, email, password);

    // edits the profile
    await newcomer.getByLabel('Job title', { exact: true }).fill('Head of Digital Transformation');
    await newcomer.getByLabel('Expertise keywords', { exact: true }).fill('quantum widgets, supply chains');
    await newcomer.getByRole('group', { name: /^Disciplines/ }).getByLabel('Economics').check();
    await newcomer.getByLabel('Region (UK ITL)', { exact: true }).selectOption('TLG3');
    await newcomer.getByRole('button', { name: 'Save profile' }).click();
    await newcomer.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();
    // a bad ORCID is refused, named at its field
    await newcomer.getByLabel('ORCID iD', { exact: true }).fill('0000-0002-1825-0098');
    await newcomer.getByRole('button', { name: 'Save profile' }).click();
    await newcomer.locator('#orcid-error').filter({ hasText: 'check digit' }).waitFor();
    assert.equal(await newcomer.getByLabel('ORCID iD', { exact: true }).getAttribute('aria-invalid'), 'true');

    // a visitor finds them by full text and a filter
    const visitor = await browser.newPage();
    await visitor.goto(`${base}/directory`);
    await visitor.getByLabel('Search by name, expertise, organisation or bio').fill('quantum widgets');
    await visitor.getByRole('button', { name: 'Search' }).click();
    await visitor.getByRole('link', { name: 'Nadia Newcomer' }).waitFor();
    await visitor.getByRole('group', { name: 'Discipline' }).getByLabel(/Economics/).click();
    await visitor.waitForURL(/discipline=economics/);
    await visitor.getByRole('heading', { name: '1 member' }).waitFor();
    await visitor.getByRole('link', { name: 'Nadia Newcomer' }).click();
    await visitor.getByRole('heading', { name: 'Nadia Newcomer', level: 1 }).waitFor();
    assert.ok(await visitor.getByText('Head of Digital Transformation').isVisible());

    // the administrator makes them a curator; the audit log records it
    await admin.goto(`${base}/admin/users`);
    await admin.getByLabel('Find by email or name').fill(email);
    await admin.getByRole('button', { name: 'Find' }).click();
    await admin.getByRole('caption').filter({ hasText: '1 accounts' }).waitFor();
    await admin.getByLabel(`Curator: ${email}`).click();
    await admin.getByRole('status').filter({ hasText: `Granted Curator to ${email}` }).waitFor();
    await admin.goto(`${base}/admin/audit`);
    await admin.getByRole('cell', { name: 'role.grant' }).first().waitFor();
    // and edits the newcomer's profile from the member page; the edit is audited
    await admin.goto(`${base}/directory`);
    await admin.getByLabel('Search by name, expertise, organisation or bio').fill('Nadia Newcomer');
    await admin.getByRole('button', { name: 'Search' }).click();
    await admin.getByRole('link', { name: 'Nadia Newcomer' }).click();
    await admin.getByRole('link', { name: 'Edit this profile' }).click();
    await admin.getByLabel('Job title', { exact: true }).fill('Chief Digital Officer');
    await admin.getByRole('button', { name: 'Save profile' }).click();
    await admin.getByRole('status').filter({ hasText: 'Profile saved' }).waitFor();
    await admin.goto(`${base}/admin/audit`);
    await admin.getByRole('cell', { name: 'profile.update' }).first().waitFor();

    const rows = await running.hub.db.selectFrom('user_roles as r').innerJoin('users as u', 'u.id', 'r.user_id').select('r.role').where('u.email', '=', email).execute();
    assert.deepEqual(rows.map((r) => r.role), ['curator']);

    // and a member who is not an administrator is refused the admin pages
    await newcomer.goto(`${base}/admin/users`);
    await newcomer.getByRole('alert').filter({ hasText: 'Only administrators' }).waitFor();
  });
});
