import { execFileSync, spawnSync } from 'node:child_process';
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
  /** A new page (its own cookies) signed in as this demo account, on the home page. */
  as(login: string): Promise<Page>;
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
  const newPage = async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };
  return {
    server,
    url: server.url,
    browser,
    accounts,
    newPage,
    as: async (login: string) => {
      const password = accounts[login];
      if (!password) throw new Error(`no demo account ${login}`);
      const page = await newPage();
      page.setDefaultTimeout(30_000); // a flow of several people on a loaded machine: more room than a single page
      await signIn(page, server.url, login, password);
      await page.getByTestId('home-page').waitFor();
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

/**
 * A downloaded .docx as a reader sees it: LibreOffice converts it to PDF (the GB font names mapped to
 * Debian's free CJK fonts, as in server/documents/briefing-docx.test.ts), the first page is rendered to
 * docs/screenshots/<name>.png, and the text of every page is returned (pdftotext, one string a page).
 * Needs soffice, pdftotext and pdftoppm (`npm test` installs them: scripts/system-deps.ts "office").
 */
export function renderDocx(docx: string, name: string): { pages: string[]; png: string } {
  for (const [cmd, args] of [['soffice', ['--version']], ['pdftotext', ['-v']], ['pdftoppm', ['-v']]] as const) {
    const r = spawnSync(cmd, [...args], { encoding: 'utf8' });
    if (r.error !== undefined) throw new Error(`${cmd} is missing (${String(r.error)}): install libreoffice-writer and poppler-utils (npx tsx scripts/system-deps.ts office)`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-e2e-docx-'));
  try {
    const r = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${path.join(work, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, docx],
      { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: path.resolve(import.meta.dirname, '..', 'server', 'documents', 'fonts.conf') }, timeout: 300_000 },
    );
    const pdf = path.join(work, `${path.basename(docx, '.docx')}.pdf`);
    if (r.status !== 0 || !fs.existsSync(pdf)) throw new Error(`soffice failed (${r.status ?? r.signal}): ${r.stderr}`);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const png = path.join(SCREENSHOTS, `${name}.png`);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(SCREENSHOTS, name)]);
    return { pages: text.split('\f').filter((p) => p.trim() !== ''), png };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
