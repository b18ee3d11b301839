import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, startE2E, type E2E } from './harness';

/**
 * A phone, 390 × 844 (issue 8 item 9): no page scrolls sideways, the submit button stays on screen,
 * the photo button opens the camera (`capture`), 我的报送 shows title and status, and the app can be
 * added to the home screen (manifest with PNG icons). Screenshots: docs/screenshots/phone-*.png.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 300_000);
afterAll(() => e?.close());

async function phone(login: string): Promise<Page> {
  const context = await e.browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${e.url}/sign-in`);
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(e.accounts[login]!);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('home-page').waitFor();
  return page;
}

async function checkPage(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  await page.screenshot({ path: path.join(SCREENSHOTS, `phone-${name}.png`), animations: 'disabled' });
  expect({ page: name, width }).toEqual({ page: name, width: Math.min(width, 390) });
}

describe('on a phone (390 × 844)', () => {
  it('the sign-in page fits and the app can be added to the home screen', async () => {
    const context = await e.browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${e.url}/sign-in`);
    await page.getByTestId('signin-form').waitFor();
    await checkPage(page, 'sign-in');
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = (await (await page.request.get(`${e.url}${href}`)).json()) as { icons: { src: string; sizes: string; type: string }[]; display: string; name: string };
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes).sort()).toEqual(['192x192', '512x512']);
    for (const icon of manifest.icons) {
      const res = await page.request.get(`${e.url}${icon.src}`);
      expect([res.status(), res.headers()['content-type']]).toEqual([200, 'image/png']);
    }
    await context.close();
  });

  it("a correspondent's pages fit; 我的报送 shows title and status; the submit button stays on screen; photos come from the camera", async () => {
    const page = await phone('glt.tongxun');
    await checkPage(page, 'home');
    await page.goto(`${e.url}/submissions`);
    await page.getByTestId('row-title').first().waitFor();
    await checkPage(page, 'my-submissions');
    expect(await page.getByTestId('row-title').first().isVisible()).toBe(true);
    expect(await page.getByTestId('row-status').first().isVisible()).toBe(true);
    // The status is inside the screen, not cut off at its right edge (every row).
    for (const box of await Promise.all((await page.getByTestId('row-status').all()).map((s) => s.boundingBox()))) {
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    }

    // Choosing a kind makes no draft (and uses no number) until something is typed.
    const drafts = () => page.evaluate(async () => ((await (await fetch('/api/submissions?scope=mine&status=draft&pageSize=200')).json()) as { data: { total: number } }).data.total);
    const before = await drafts();
    await page.goto(`${e.url}/submissions/new`);
    await page.getByTestId('kind-option-material').click();
    await page.getByTestId('submit-button').waitFor();
    await checkPage(page, 'submission-form');
    expect(new URL(page.url()).pathname).toBe('/submissions/new/material');
    await page.waitForTimeout(1500); // longer than the autosave's pause
    expect(await drafts()).toBe(before);
    await page.getByTestId('title-input').fill('社区民警走访');
    await page.getByTestId('save-state').filter({ hasText: /已保存/ }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/submissions\/[0-9a-f-]{36}\/edit$/);
    expect(await drafts()).toBe(before + 1);
    // The submit button is inside the screen without scrolling, and still after scrolling down.
    for (const y of [0, 600]) {
      await page.evaluate((to) => window.scrollTo(0, to), y);
      const box = await page.getByTestId('submit-button').boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= 844).toBe(true);
    }
    const camera = page.locator('.xb-camera-upload input[type=file]');
    expect(await camera.getAttribute('capture')).toBe('environment');
    expect(await camera.getAttribute('accept')).toBe('image/*');
  });

  it("an editor's queue and an auditor's log fit", async () => {
    const editor = await phone('wsq.editor1');
    await editor.goto(`${e.url}/review`);
    await editor.getByTestId('review-page').waitFor().catch(() => undefined);
    await checkPage(editor, 'review-queue');
    await editor.goto(`${e.url}/all-submissions`);
    await checkPage(editor, 'all-submissions');
    const auditor = await phone('wsq.auditor');
    await auditor.goto(`${e.url}/audit`);
    await auditor.getByTestId('audit-table').waitFor();
    await checkPage(auditor, 'audit');
  });
});
