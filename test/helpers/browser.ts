import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.js';
import { startServer, WEB_DIR, type Running } from '../../src/server/start.js';

/**
 * The web app in Debian's Chromium (installed by .ci/run; never a downloaded browser), against a real
 * server on PGlite seeded like `npm start`.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const BROWSER_AVAILABLE = existsSync(CHROMIUM) && existsSync(`${WEB_DIR}/index.html`);
if (!BROWSER_AVAILABLE && process.env.CI === 'true') throw new Error(`CI: ${CHROMIUM} or the built web app (${WEB_DIR}) is missing; .ci/run installs chromium and npm test builds the app`);
/** For describe(): skip with the reason when there is no browser (outside CI). */
export const SKIP_WITHOUT_BROWSER = BROWSER_AVAILABLE ? false : `needs ${CHROMIUM} and a built web app`;

/** A server on an in-memory PGlite seeded as `npm start` seeds, and a headless Chromium. */
export async function startBrowserAndServer(): Promise<{ running: Running; browser: Browser; base: string; close(): Promise<void> }> {
  const running = await startServer(loadConfig({}, { port: 0, dataDir: 'memory', logLevel: 'warn', sessionSecret: 'browser-test-secret-browser-test' }));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    running,
    browser,
    base: running.url,
    async close() {
      await browser.close();
      await running.close();
    },
  };
}

/** Signs in through the sign-in page; the app then opens "My profile". */
export async function signIn(page: Page, base: string, address: string, pass: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(address);
  await page.getByLabel('Password').fill(pass);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
}
