import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints, parsePoints } from '../server/scoring/engine/points';
import { shot, signIn, startE2E, type E2E } from './harness';

/**
 * Scoring in real Chromium, on the demo data: an editor of 乌审旗公安局 creates the rubric from
 * template A and adopts it, opens the ranking of this month (every unit listed, zero totals too),
 * enters a ledger entry (an emergency task done well, +0.2 under 创佳绩) for 嘎鲁图派出所, sees the
 * unit's total rise by exactly 0.2, and opens the explanation to find the entry with its clause.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 240_000);
afterAll(() => e?.close());

const option = (page: Page, text: string) => page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();

async function unitRow(page: Page, name: string) {
  const row = page.getByTestId('ranking-row').filter({ has: page.getByTestId('ranking-name').getByText(name, { exact: true }) });
  await row.waitFor();
  return { row, total: async () => (await row.getByTestId('ranking-total').innerText()).trim(), rank: async () => Number(await row.getByTestId('ranking-rank').innerText()) };
}

describe('scoring in the browser', () => {
  it('an editor adopts template A, enters a ledger entry, sees the ranking change and the entry in the explanation', async () => {
    const page = await e.newPage();
    // Pages load their chunks and the ranking computes on the server: generous on a loaded machine.
    page.setDefaultTimeout(60_000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Warning:') && errors.push(m.text()));
    try {
      await flow(page);
    } catch (err) {
      await page.screenshot({ path: '/tmp/scoring-e2e-failure.png' }).catch(() => undefined);
      throw new Error(`${(err as Error).message}\nbrowser errors: ${errors.join(' | ')}`);
    }
    await page.context().close();
  });
});

async function flow(page: Page) {
  await signIn(page, e.url, 'wsq.editor1', e.accounts['wsq.editor1']!);
  await page.getByTestId('home-page').waitFor({ timeout: 60_000 });

  // 考核细则: a new rubric from template A; its first draft is the template, valid as it comes.
  await page.getByTestId('nav-rubrics').click();
  await page.getByTestId('rubrics-page').waitFor({ timeout: 60_000 });
  await page.getByTestId('rubric-new').click();
  await page.getByTestId('rubric-new-name').fill('2026年新闻宣传工作绩效考核（试行）');
  await page.getByTestId('rubric-from-a').click();
  await page.getByTestId('rubric-new-ok').click();
  await page.getByTestId('rubric-edit-page').waitFor({ timeout: 60_000 });
  await page.getByTestId('rubric-valid').waitFor();
  expect(await page.getByTestId('rubric-section').count()).toBe(5);

  // The YAML tab: a value with four decimals is refused with its path, line and column, in both views.
  await page.getByTestId('rubric-tab-text').click();
  const yaml = page.getByTestId('rubric-yaml');
  const text = await yaml.inputValue();
  expect(text).toContain('市局矩阵策划');
  expect(text).toContain('points: "0.2"');
  await yaml.fill(text.replace('points: "0.2"', 'points: "0.2345"'));
  await page.getByTestId('rubric-problem').first().waitFor();
  const problem = await page.getByTestId('rubric-problem').first().innerText();
  expect(problem).toMatch(/第 \d+ 行第 \d+ 列/);
  expect(problem).toContain('sections[0].items[0].rules[0].points');
  await page.getByTestId('rubric-save').click(); // kept even when invalid
  await page.getByTestId('rubric-unsaved').waitFor({ state: 'detached' });
  expect(await page.getByTestId('rubric-adopt').isDisabled()).toBe(true);
  await yaml.fill(text);
  await page.getByTestId('rubric-valid').waitFor();
  await page.getByTestId('rubric-save').click();
  await page.getByTestId('rubric-unsaved').waitFor({ state: 'detached' });
  await page.getByTestId('rubric-adopt').click();
  await page.getByTestId('rubric-adopt-ok').click();
  await page.locator('.ant-tag', { hasText: '已启用第 1 版' }).waitFor();

  const rubricId = new URL(page.url()).pathname.split('/').pop()!;

  // 排名: this month, the rubric just adopted (the demo has one of its own), every unit listed.
  await page.goto(`${e.url}/rankings?rubricId=${rubricId}`);
  await page.getByTestId('rankings-page').waitFor();
  await page.getByText('2026年新闻宣传工作绩效考核（试行）（第 1 版）', { exact: false }).first().waitFor();
  await page.getByTestId('ranking-row').first().waitFor();
  const rowsBefore = await page.getByTestId('ranking-row').count();
  expect(rowsBefore).toBeGreaterThan(3);
  const glt = await unitRow(page, '嘎鲁图派出所');
  const before = await glt.total();
  expect(before).toMatch(/^\d+(\.\d{1,3})?$/);

  // 台账登记: an emergency task done well for 嘎鲁图派出所, with a link as evidence.
  await page.getByTestId('nav-ledger-entries').click();
  await page.getByTestId('ledger-entries-page').waitFor({ timeout: 60_000 });
  await page.getByTestId('ledger-new').click();
  await page.getByTestId('ledger-form').waitFor();
  await page.getByTestId('ledger-unit').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: '嘎鲁图派出所' }).first().click();
  await page.getByTestId('ledger-kind').click();
  await option(page, '应急任务完成出色').click();
  await page.getByTestId('ledger-title').fill('“那达慕”大会安保宣传应急任务');
  await page.getByTestId('ledger-url').fill('https://www.wsq.gov.cn/xwzx/2026/emergency.html');
  await page.getByTestId('ledger-save').click();
  await page.getByTestId('ledger-form').waitFor({ state: 'detached' });
  const entry = page.getByTestId('ledger-row').filter({ hasText: '那达慕' });
  await entry.waitFor();
  expect(await entry.innerText()).toContain('嘎鲁图派出所');

  // The ranking again: the unit's total is exactly 0.2 higher.
  await page.goto(`${e.url}/rankings?rubricId=${rubricId}`);
  await page.getByTestId('rankings-page').waitFor();
  const after = await unitRow(page, '嘎鲁图派出所');
  await page.waitForFunction(
    ([name, want]) => [...document.querySelectorAll('[data-testid="ranking-row"]')].some((r) => r.querySelector('[data-testid="ranking-name"]')?.textContent === name && r.querySelector('[data-testid="ranking-total"]')?.textContent === want),
    ['嘎鲁图派出所', formatPoints(parsePoints(before) + 200)] as const,
  );
  expect(await after.total()).toBe(formatPoints(parsePoints(before) + 200));
  expect(await page.getByTestId('ranking-row').count()).toBe(rowsBefore);
  expect(await after.row.getByTestId('ranking-item-achievements').innerText()).not.toBe('0');

  // The explanation, one click away: the ledger entry with its clause and points.
  await after.row.getByTestId('ranking-explain').click();
  await page.getByTestId('explain-drawer').waitFor();
  const line = page.getByTestId('explain-entry').filter({ hasText: '台账登记' }).filter({ hasText: '应急任务' });
  await line.first().waitFor();
  expect(await line.first().innerText()).toContain('创佳绩');
  expect(await line.first().getByTestId('explain-points').innerText()).toBe('0.2');
  expect(await page.getByTestId('explain-total').innerText()).toBe(formatPoints(parsePoints(before) + 200));
  await shot(page, 'rankings-explanation');
  await page.keyboard.press('Escape');
  await page.getByTestId('explain-drawer').waitFor({ state: 'hidden' });

  // The charts are drawn (ECharts, loaded with the page).
  await page.locator('[data-testid="chart-by-item"][data-ready="1"]').waitFor();
  await page.locator('[data-testid="chart-over-time"][data-ready="1"]').waitFor();
  await shot(page, 'rankings');
  await page.getByTestId('chart-by-item-card').scrollIntoViewIfNeeded();
  await shot(page, 'rankings-charts');
}
