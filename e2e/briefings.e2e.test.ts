import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shot, signIn, startE2E, type E2E } from './harness';

/**
 * 简报编发 in the browser (demo organisation 二道江区扫黑办): an editor composes a comprehensive issue
 * from two accepted items (reorders them, rewrites one item's wording and sees the difference from the
 * submitted text, adds an editor's note and a distribution) and a standalone restricted issue about a
 * case, publishes both; a reader who is not a recipient sees neither the restricted issue in the list
 * nor its page by direct URL; a recipient opens it and the editor sees the read receipt.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 300_000);
afterAll(() => e?.close());

const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());

async function addItem(page: Page, words: string) {
  await page.getByTestId('picker-search').locator('input').fill(words);
  await page.getByTestId('picker-search').locator('input').press('Enter');
  const row = page.locator('[data-testid="picker"] tr.ant-table-row', { hasText: words });
  await row.getByTestId('picker-add').click();
  await row.getByText('已在本期').waitFor();
}

async function pickRecipient(page: Page, part: 'report' | 'send' | 'issue', text: string) {
  const input = page.getByTestId(`dist-${part}`).locator('input');
  await input.click();
  await input.fill(text);
  // The option that is exactly the text: a unit (indented by its depth) or a typed name — not a person
  // of that unit, whose option reads "name（unit）".
  const exact = new RegExp(`^[\\s\u3000]*${text}$`);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: exact }).last().click();
  await page.keyboard.press('Escape');
}

async function newIssue(page: Page) {
  await page.getByTestId('nav-briefings').click();
  await page.getByTestId('briefing-new').click();
  await page.getByTestId('briefing-new-ok').click();
  await page.getByTestId('briefing-composer').waitFor();
}

async function publish(page: Page) {
  await page.getByTestId('briefing-publish').click();
  await page.getByTestId('briefing-publish-ok').click();
  // Published: the page turns into the printed view (a refusal would show its message instead).
  await Promise.race([
    page.getByTestId('briefing-view').waitFor(),
    page
      .locator('.ant-message-error')
      .waitFor()
      .then(async () => {
        throw new Error(`publish refused: ${await page.locator('.ant-message-error').innerText()}`);
      }),
  ]);
  return page.url().split('/briefings/')[1]!;
}

let restrictedId = '';
let restrictedLabel = '';

describe('briefings in the browser', () => {
  it('composes and publishes a comprehensive issue from accepted items, with rewritten wording and its difference', async () => {
    const page = await e.newPage();
    await signIn(page, e.url, 'edj.editor1', e.accounts['edj.editor1']!);
    await page.getByTestId('nav-briefings').click();
    await page.getByTestId('briefing-link').first().waitFor();
    // The demo's two published issues are listed.
    expect(await page.getByTestId('briefing-link').allInnerTexts()).toEqual(expect.arrayContaining([`${year}年第1期`, `${year}年第2期`]));
    await shot(page, 'briefings-list');

    await newIssue(page);
    await page.getByTestId('items-add').click();
    await addItem(page, '五道江镇多措并举');
    await addItem(page, '区法院公开宣判');
    await page.keyboard.press('Escape');
    const titles = () => page.getByTestId('item-title').allInnerTexts();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="item-row"]').length === 2);
    expect(await titles()).toEqual(['五道江镇多措并举营造扫黑除恶浓厚氛围', '区法院公开宣判一起涉恶案件']);
    // Reorder: the court's item first.
    await page.getByTestId('item-up').nth(1).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="item-title"]')?.textContent?.startsWith('区法院'));
    expect(await titles()).toEqual(['区法院公开宣判一起涉恶案件', '五道江镇多措并举营造扫黑除恶浓厚氛围']);

    // Rewrite the second item's wording: the difference to the submitted text is shown.
    await page.getByTestId('item-edit').nth(1).click();
    await page.getByTestId('wording-title').fill('五道江镇多措并举宣传扫黑除恶');
    const body = page.getByTestId('wording-body');
    await body.fill(((await body.inputValue()) as string).replace('悬挂横幅40余条', '悬挂横幅40余条，开展入户走访500余户'));
    await page.getByTestId('wording-diff').locator('ins', { hasText: '开展入户走访500余户' }).waitFor();
    await shot(page, 'briefing-wording');
    await page.getByTestId('wording-save').click();
    await page.locator('[data-testid="item-row"]', { hasText: '已改写' }).waitFor();

    await page.getByTestId('issue-note').fill('现将近期各单位扫黑除恶宣传工作的好做法印发，供参考。');
    await page.getByTestId('issue-copies').fill('35');
    await page.getByTestId('issue-save').click();
    await page.getByText('已保存').first().waitFor();
    await pickRecipient(page, 'issue', '五道江镇');
    await pickRecipient(page, 'issue', '区人民法院');
    await page.getByTestId('dist-save').click();
    await page.getByText('已保存').first().waitFor();
    await shot(page, 'briefing-composer');

    await publish(page);
    expect(await page.getByTestId('paper-number').innerText()).toBe(`${year}年第3期`);
    expect(await page.getByTestId('paper-masthead').innerText()).toBe('扫黑除恶专项斗争简报');
    const paper = await page.getByTestId('briefing-paper').innerText();
    expect(paper).toContain('开展入户走访500余户');
    expect(paper).toContain('共印 35 份');
    expect(paper.indexOf('区法院公开宣判')).toBeLessThan(paper.indexOf('五道江镇多措并举宣传扫黑除恶'));
    await shot(page, 'briefing-published');
    await page.context().close();
  });

  it('publishes a standalone restricted issue about a case', async () => {
    const page = await e.newPage();
    await signIn(page, e.url, 'edj.editor1', e.accounts['edj.editor1']!);
    await newIssue(page);
    await page.getByTestId('kind-standalone').click();
    await page.getByTestId('issue-restricted').click();
    await page.getByTestId('issue-save').click();
    await page.getByText('已保存').first().waitFor();
    await page.getByTestId('items-add').click();
    await addItem(page, '公安分局打掉');
    await page.keyboard.press('Escape');
    await pickRecipient(page, 'report', '区委、区政府分管领导同志');
    await pickRecipient(page, 'issue', '通化市公安局二道江分局');
    await page.getByTestId('dist-save').click();
    await page.getByText('已保存').first().waitFor();
    restrictedId = await publish(page);
    restrictedLabel = await page.getByTestId('paper-number').innerText();
    expect(restrictedLabel).toBe(`${year}年第4期`);
    expect(await page.getByTestId('briefing-paper').innerText()).toContain('内部资料 注意保存');
    await page.context().close();
  });

  it('hides the restricted issue from a reader who is not a recipient, on the list and by direct URL', async () => {
    const page = await e.newPage();
    await signIn(page, e.url, 'wdj.lianluo', e.accounts['wdj.lianluo']!);
    await page.getByTestId('nav-briefings').click();
    await page.getByTestId('briefing-link').first().waitFor();
    const labels = await page.getByTestId('briefing-link').allInnerTexts();
    expect(labels).toEqual(expect.arrayContaining([`${year}年第1期`, `${year}年第3期`]));
    expect(labels).not.toContain(restrictedLabel);
    expect(labels).not.toContain(`${year}年第2期`); // the demo's restricted issue, not sent to 五道江镇
    expect(await page.getByTestId('restricted-mark').count()).toBe(0);
    // Searching for its words finds nothing either.
    await page.getByTestId('filter-q').locator('input').fill('恶势力犯罪集团');
    await page.getByTestId('filter-q').locator('input').press('Enter');
    await page.getByText('暂无简报').waitFor();
    await page.goto(`${e.url}/briefings/${restrictedId}`);
    await page.getByTestId('briefing-missing').waitFor();
    expect(await page.getByTestId('briefing-paper').count()).toBe(0);
    await shot(page, 'briefing-restricted-hidden');
    await page.context().close();
  });

  it('lets a recipient open it, and shows the editor the read receipt', async () => {
    const reader = await e.newPage();
    await signIn(reader, e.url, 'gafj.lianluo', e.accounts['gafj.lianluo']!);
    await reader.getByTestId('nav-briefings').click();
    expect(restrictedLabel).not.toBe('');
    await reader.locator('[data-testid="briefing-link"]', { hasText: restrictedLabel }).click();
    await reader.getByTestId('briefing-paper').waitFor();
    expect(await reader.getByTestId('briefing-paper').innerText()).toContain('公安分局打掉一个恶势力犯罪集团');
    expect(await reader.getByTestId('receipts').count()).toBe(0);
    await reader.context().close();

    const editor = await e.newPage();
    await signIn(editor, e.url, 'edj.editor1', e.accounts['edj.editor1']!);
    await editor.getByTestId('nav-briefings').waitFor();
    await editor.goto(`${e.url}/briefings/${restrictedId}`);
    await editor.getByTestId('receipts').getByText('何鹏').waitFor();
    expect(await editor.getByTestId('receipts').innerText()).toContain('分发对象');
    await shot(editor, 'briefing-receipts');
    await editor.context().close();
  });
});
