import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signIn, startE2E, type E2E } from './harness';

/**
 * 档案检索 in the browser, on the demo data: an editor searches a Chinese word, sees the accepted
 * item with the word marked in its title and text, and opens it; a correspondent of another
 * organisation searching the same word finds nothing of this one.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 600_000); // the shared test machine may take minutes to build the web app and load the demo
afterAll(() => e?.close());

const TITLE = '嘎鲁图派出所破获一起电信网络诈骗案';

describe('the archive in the browser', () => {
  it('finds an accepted item by a Chinese word, marks the hit, and opens it', async () => {
    const page = await e.newPage();
    page.setDefaultTimeout(60_000); // the shared test machine can be slow to draw the first page
    await signIn(page, e.url, 'wsq.editor1', e.accounts['wsq.editor1']!);
    await page.getByTestId('nav-archive').click();
    await page.getByTestId('archive-page').waitFor();
    await page.getByTestId('archive-q').locator('input').fill('诈骗');
    await page.getByTestId('archive-q').locator('input').press('Enter');
    // Before the answer comes the page lists every accepted item (no words): wait for the marked hit.
    const open = page.getByTestId('archive-open').filter({ hasText: TITLE });
    await open.locator('mark').first().waitFor();
    // The word is marked in the title and in the passage of the text under it.
    expect(await open.locator('mark').allInnerTexts()).toEqual(['诈骗']);
    const item = page.locator('.ant-list-item').filter({ has: open });
    const marks = await item.getByTestId('archive-snippet').locator('mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks)).toEqual(new Set(['诈骗']));
    // The query is in the address: a reload shows the same hits.
    expect(new URL(page.url()).searchParams.get('q')).toBe('诈骗');
    await shot(page, 'archive');
    await open.click();
    await page.getByTestId('submission-page').waitFor();
    expect(await page.getByTestId('submission-page').innerText()).toContain(TITLE);
    await page.context().close();
  });

  it('finds nothing of another organisation', async () => {
    const page = await e.newPage();
    page.setDefaultTimeout(60_000); // the shared test machine can be slow to draw the first page
    await signIn(page, e.url, 'edj.editor1', e.accounts['edj.editor1']!);
    await page.getByTestId('nav-archive').click();
    await page.goto(`${e.url}/archive?q=${encodeURIComponent('诈骗')}`);
    await page.getByTestId('archive-results').waitFor();
    await page.getByText('没有找到包含“诈骗”的稿件').waitFor();
    expect(await page.getByTestId('archive-open').count()).toBe(0);
    await page.context().close();
  });
});
