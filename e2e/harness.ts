import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWebIfNeeded } from '../cli/commands';
import { loadConfig } from '../server/config';
import { startServer, type Started } from '../server/main';

/**
 * End-to-end harness: the real server (built web app, embedded PGlite with demo data, or PostgreSQL
 * when TEST_PG_URL is set for the e2e run) on a free loopback port, and Debian's Chromium driven by
 * playwright-core. Screenshots of the main pages go to docs/screenshots/.
 */
export const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The demo folder made once per run by e2e/global-setup.ts, and the file of its accounts in it. */
export const TEMPLATE_ENV = 'XUANBAO_E2E_TEMPLATE';
export const TEMPLATE_ACCOUNTS = 'e2e-accounts.json';

export type E2E = {
  server: Started;
  url: string;
  browser: Browser;
  accounts: Record<string, string>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
};

export async function startE2E(): Promise<E2E> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; npm test installs it (apt-get install chromium)`);
  buildWebIfNeeded();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-e2e-'));
  // A copy of the run's demo template when there is one (global-setup.ts), else the demo loaded here.
  const template = process.env[TEMPLATE_ENV];
  if (template) fs.cpSync(template, dataDir, { recursive: true });
  const config = { ...loadConfig({ XUANBAO_DATA_DIR: dataDir, XUANBAO_PORT: '0', XUANBAO_LOG_LEVEL: 'warn', NODE_ENV: 'test' }), demo: true };
  const server = await startServer(config, { print: () => undefined });
  const accounts: Record<string, string> = template
    ? (JSON.parse(fs.readFileSync(path.join(dataDir, TEMPLATE_ACCOUNTS), 'utf8')) as Record<string, string>)
    : Object.fromEntries((server.demoAccounts ?? []).map((a) => [a.login, a.password]));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // playwright gives every launch a fresh, empty profile folder of its own (it refuses --user-data-dir).
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    url: server.url,
    browser,
    accounts,
    newPage: async () => {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    close: async () => {
      await browser.close();
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  // A list that is still loading is drawn faded under a spinner: wait until every one has its rows.
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false, animations: 'disabled' });
}

export async function signIn(page: Page, url: string, login: string, password: string) {
  await page.goto(`${url}/sign-in`);
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
}
