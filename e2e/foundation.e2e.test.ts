import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signIn, startE2E, type E2E } from './harness';

/**
 * The foundation as a person uses it, in real Chromium: an administrator signs in, creates a unit
 * and a person; the new person signs in with the initial password and must change it first; the
 * auditor verifies and reads the audit log. Screenshots of each main page go to docs/screenshots/.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 240_000);
afterAll(() => e?.close());

async function pick(page: Page, testId: string, optionTitle: string) {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-dropdown:visible [title="${optionTitle}"]`).first().click();
  // Wait for the dropdown to close so it cannot cover the next field.
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => page.keyboard.press('Escape'));
}

/** The text field of an antd search box (the test id sits on the input or on its wrapper). */
const searchBox = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

describe('foundation in the browser', () => {
  let initialPassword = '';
  const unitName = `e2e测试派出所${Date.now() % 10000}`;

  it('shows the sign-in page in Chinese and refuses a wrong password', async () => {
    const page = await e.newPage();
    await page.goto(`${e.url}/sign-in`);
    // What the person sees: the heading and the button, in Chinese (a Locator object itself is always truthy).
    await page.getByTestId('signin-submit').waitFor({ state: 'visible' });
    expect(await page.getByTestId('signin-submit').innerText()).toMatch(/^登\s*录$/);
    expect(await page.getByRole('heading', { name: '账号登录' }).isVisible()).toBe(true);
    await shot(page, 'sign-in');
    await signIn(page, e.url, 'wsq.admin', 'wrong-Passw0rd!');
    await page.getByTestId('signin-alert').waitFor();
    expect(await page.getByTestId('signin-alert').innerText()).toContain('账号或密码错误');
    await page.context().close();
  });

  it('lets the administrator create a unit and a person', async () => {
    const page = await e.newPage();
    await signIn(page, e.url, 'wsq.admin', e.accounts['wsq.admin']!);
    await page.getByTestId('home-page').waitFor();
    expect(await page.getByTestId('home-greeting').innerText()).toContain('白永刚');
    await shot(page, 'home');

    await page.getByTestId('nav-units').click();
    await page.getByTestId('units-table').waitFor();
    await page.getByTestId('unit-row-嘎鲁图派出所').waitFor();
    await shot(page, 'units');
    await page.getByTestId('units-create').click();
    await page.getByTestId('unit-form-name').fill(unitName);
    await pick(page, 'unit-form-type', '派出所');
    await page.getByTestId('unit-form-submit').click();
    await page.getByTestId(`unit-row-${unitName}`).waitFor();

    await page.getByTestId('nav-people').click();
    await page.getByTestId('people-table').waitFor();
    await page.getByTestId('person-row-wsq.admin').waitFor();
    await page.getByTestId('people-unit-tree').getByText(unitName).waitFor();
    await shot(page, 'people');
    await page.getByTestId('people-create').click();
    await page.getByTestId('person-form-login').fill('e2e.tongxun');
    await page.getByTestId('person-form-name').fill('赵晓明');
    await pick(page, 'person-form-unit', unitName);
    if ((await page.getByTestId('person-grant-0').count()) === 0) await page.getByTestId('person-grant-add').click();
    await pick(page, 'person-grant-role-0', '通讯员');
    await pick(page, 'person-grant-unit-0', unitName);
    await shot(page, 'person-form');
    await page.getByTestId('person-form-submit').click();
    await page.getByTestId('initial-password').waitFor();
    initialPassword = (await page.getByTestId('initial-password').innerText()).trim();
    expect(initialPassword).toMatch(/^\S{16}$/);
    await shot(page, 'initial-password');
    await page.getByTestId('initial-password-done').click();
    await page.getByTestId('person-row-e2e.tongxun').waitFor();

    // The search is part of the page's address: after a reload the list is still filtered.
    await searchBox(page, 'people-search').fill('赵晓明');
    await searchBox(page, 'people-search').press('Enter');
    await page.waitForURL(/[?&]q=/);
    await page.getByTestId('person-row-wsq.admin').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('person-row-e2e.tongxun').waitFor();
    expect(await searchBox(page, 'people-search').inputValue()).toBe('赵晓明');
    expect(await page.locator('[data-testid^="person-row-"]').count()).toBe(1);
    expect(await page.getByTestId('list-total').innerText()).toBe('共 1 人');

    await page.getByTestId('nav-review-chains').click();
    await page.getByTestId('chains-tabs').waitFor();
    await shot(page, 'review-chains');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin-form').waitFor();
    await page.context().close();
  });

  it('makes the new person change the initial password, then lets them in', async () => {
    const page = await e.newPage();
    await signIn(page, e.url, 'e2e.tongxun', initialPassword);
    await page.getByTestId('password-current').waitFor();
    await page.getByTestId('password-current').fill(initialPassword);
    await page.getByTestId('password-new').fill('Xuanbao#2026');
    await page.getByTestId('password-confirm').fill('Xuanbao#2026');
    await shot(page, 'change-password');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('home-page').waitFor();
    expect(await page.getByTestId('home-greeting').innerText()).toContain('赵晓明');
    // A correspondent sees no administration menu (the menu is there: their own entries show).
    await page.getByTestId('nav-submissions').waitFor();
    expect(await page.getByTestId('nav-units').count()).toBe(0);
    await page.context().close();
  });

  it('shows the auditor the audit log with the chain intact, and nothing else', async () => {
    const page = await e.newPage();
    await signIn(page, e.url, 'wsq.auditor', e.accounts['wsq.auditor']!);
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor();
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-result').waitFor();
    expect(await page.getByTestId('audit-verify-result').innerText()).toMatch(/完整|intact/);
    expect(await page.getByTestId('audit-table').innerText()).toContain('e2e.tongxun');
    await shot(page, 'audit');
    expect(await page.getByTestId('nav-people').count()).toBe(0);

    // Filtered by a person: the filter is in the address, so a reload shows the same rows and the form says so.
    await page.getByTestId('audit-actor').fill('e2e.tongxun');
    await page.getByTestId('audit-search').click();
    await page.waitForURL(/[?&]actor=e2e\.tongxun/);
    await page.reload();
    await page.getByTestId('audit-table').locator('tbody tr[data-row-key]').first().waitFor();
    expect(await page.getByTestId('audit-actor').inputValue()).toBe('e2e.tongxun');
    expect(await page.getByTestId('audit-table').locator('thead th:nth-child(4)').innerText()).toBe('操作人');
    const actors = await page.getByTestId('audit-table').locator('tbody tr[data-row-key] td:nth-child(4)').allInnerTexts();
    expect(actors.length).toBeGreaterThan(0);
    // The login, with the actor's unit below it.
    expect(new Set(actors.map((a) => a.trim().split('\n')[0]))).toEqual(new Set(['e2e.tongxun']));

    // Sorted by the event column on the server: the sort joins the address, rows of one event come
    // together, and the second click reverses the order.
    const events = async () => (await page.getByTestId('audit-table').locator('tbody tr[data-row-key] td:nth-child(5) .xb-mono').allInnerTexts()).map((x) => x.trim());
    const before = await events();
    const sortBy = async (order: 'asc' | 'desc') => {
      const answered = page.waitForResponse((r) => r.url().includes('/api/audit?') && r.url().includes(`order=${order}`) && r.url().includes('sort=event'));
      await page.getByTestId('audit-table').locator('thead th:nth-child(5)').click();
      await answered;
      await page.waitForURL(new RegExp(`[?&]sort=event&order=${order}`));
      await page.waitForFunction(() => !document.querySelector('[data-testid="audit-table"] .ant-spin-spinning'));
    };
    await sortBy('asc');
    const asc = await events();
    expect([...asc].sort()).toEqual([...before].sort());
    expect(asc.filter((x, i) => i > 0 && x !== asc[i - 1]).length).toBe(new Set(asc).size - 1);
    await sortBy('desc');
    // The events in the order their groups come (a page may hold only part of the log).
    const groups = (xs: string[]) => xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
    const desc = await events();
    const common = (xs: string[], other: string[]) => groups(xs).filter((x) => other.includes(x));
    expect(common(desc, asc)).toEqual(common(asc, desc).reverse());
    expect(desc.length).toBeGreaterThan(0);
    await page.context().close();
  });
});
