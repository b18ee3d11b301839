import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '../server/submissions/tables';
import { shot, signIn, startE2E, type E2E } from './harness';

/**
 * Records of use in real Chromium: an editor opens an accepted demo item, records its publication
 * by 人民日报 (found by typing the alias 人民网) with a screenshot as evidence and sees it on the
 * timeline beside the review history; recording the same page again is refused with a link to the
 * existing record.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 240_000);
afterAll(() => e?.close());

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function fillMedia(page: Page, url: string, withFile: boolean) {
  await page.getByTestId('record-add').click();
  await page.getByTestId('record-form').waitFor();
  // Pick the outlet by its alias. On a loaded machine the first keystrokes can land before the
  // select's search box has focus, so the pick is checked (the channel select appears) and retried.
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId('record-outlet').click();
    await page.keyboard.type('人民网');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '人民日报' }).first().click();
    const picked = await page.getByTestId('record-channel').waitFor({ timeout: 10_000 }).then(() => true, () => false);
    if (picked) break;
    if (attempt === 3) throw new Error('the outlet 人民日报 could not be picked by its alias 人民网');
    await page.keyboard.press('Escape');
  }
  await page.getByTestId('record-channel').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '客户端要文' }).first().click();
  await page.getByTestId('record-url').fill(url);
  if (withFile) {
    await page.locator('[data-testid="record-form"] input[type="file"]').setInputFiles({ name: '刊发截图.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
  }
  await page.getByTestId('record-save').click();
}

describe('records of use in the browser', () => {
  it('an editor records a media publication with evidence; a duplicate is refused with a link', async () => {
    const [item] = await e.server.database.db.select({ id: submissions.id, status: submissions.status }).from(submissions).where(eq(submissions.title, '嘎鲁图派出所破获一起电信网络诈骗案'));
    expect(item?.status).toBe('adopted');
    const page = await e.newPage();
    await signIn(page, e.url, 'wsq.editor3', e.accounts['wsq.editor3']!);
    await page.getByTestId('home-page').waitFor();
    await page.goto(`${e.url}/submission/${item!.id}`);
    await page.getByTestId('records-panel').waitFor();
    // The demo data's records: the city bureau's adoption and 学习强国.
    await page.getByTestId('record-entry').nth(1).waitFor();
    const before = await page.getByTestId('record-entry').count();

    await fillMedia(page, 'https://www.people.com.cn/n1/2026/0101/c1001-40000001.html', true);
    await page.getByTestId('record-form').waitFor({ state: 'detached' });
    await page.getByTestId('record-entry').nth(before).waitFor();
    const entry = page.getByTestId('record-entry').filter({ hasText: '人民日报' });
    expect(await entry.innerText()).toContain('客户端要文');
    expect(await entry.innerText()).toContain('中央主要媒体');
    expect(await entry.getByTestId('record-evidence-file').innerText()).toContain('刊发截图');
    await shot(page, 'records-timeline');

    // The same page again (another spelling of its address): refused, with a link to the record.
    await fillMedia(page, 'http://people.com.cn/n1/2026/0101/c1001-40000001.html?utm_source=wechat', false);
    await page.getByTestId('record-duplicate').waitFor();
    expect(await page.getByTestId('record-duplicate').innerText()).toContain('已登记过');
    await shot(page, 'records-duplicate');
    await page.getByTestId('record-duplicate-link').click();
    await page.getByTestId('record-form').waitFor({ state: 'detached' });
    expect(page.url()).toMatch(/#record-[0-9a-f-]{36}$/);
    expect(await page.getByTestId('record-entry').count()).toBe(before + 1);
    await page.context().close();
  });
});
