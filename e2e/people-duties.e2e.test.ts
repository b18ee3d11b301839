import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startE2E, type E2E } from './harness';

/**
 * 人员管理 and separation of duties (issue 7 item 4), in real Chromium: the page never offers an
 * auditor role nor an auditor's password reset, an administrator cannot touch their own roles, and the
 * server's refusals (administrator plus editor) are shown in the form, in Chinese.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 240_000);
afterAll(() => e?.close());

async function openPeople(page: Page) {
  await signIn(page, e.url, 'wsq.admin', e.accounts['wsq.admin']!);
  await page.getByTestId('home-page').waitFor();
  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-table').waitFor();
}

/** The options of an antd select, as the dropdown shows them. */
async function options(page: Page, testId: string): Promise<string[]> {
  await page.getByTestId(testId).click();
  const dropdown = page.locator('.ant-select-dropdown:visible').first();
  await dropdown.waitFor();
  const titles = await dropdown.locator('.ant-select-item-option').evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? el.textContent ?? ''));
  await page.keyboard.press('Escape');
  return titles;
}

describe('人员管理 keeps the three powers apart', () => {
  it('shows the auditor as managed by the operator: no edit, no password reset, no deactivation', async () => {
    const page = await e.newPage();
    await openPeople(page);
    await page.getByTestId('person-row-wsq.auditor').waitFor();
    expect(await page.getByTestId('person-actions-operator-wsq.auditor').innerText()).toBe('由运维人员在服务器上管理');
    expect(await page.getByTestId('person-operator-only-wsq.auditor').innerText()).toBe('运维管理');
    for (const id of ['person-reset-wsq.auditor', 'person-edit-wsq.auditor', 'person-toggle-wsq.auditor']) expect(await page.getByTestId(id).count()).toBe(0);
    // Other people keep their actions.
    expect(await page.getByTestId('person-reset-wsq.editor1').count()).toBe(1);
    await page.context().close();
  });

  it('offers no auditor role when creating a person, and shows the refusal of administrator plus editor', async () => {
    const page = await e.newPage();
    await openPeople(page);
    await page.getByTestId('people-create').click();
    await page.getByTestId('person-form-login').fill('e2e.both');
    await page.getByTestId('person-form-name').fill('兼任测试');
    if ((await page.getByTestId('person-grant-0').count()) === 0) await page.getByTestId('person-grant-add').click();
    const roles = await options(page, 'person-grant-role-0');
    expect(roles).toContain('管理员');
    expect(roles).toContain('编辑/审核员');
    expect(roles.filter((r) => r.includes('审计员'))).toEqual([]);

    await page.getByTestId('person-grant-role-0').click();
    await page.locator('.ant-select-dropdown:visible [title="管理员"]').first().click();
    await page.getByTestId('person-grant-add').click();
    await page.getByTestId('person-grant-role-1').click();
    await page.locator('.ant-select-dropdown:visible [title="编辑/审核员"]').first().click();
    await page.getByTestId('person-form-submit').click();
    const refusal = page.getByText('三权分立：管理员不能同时担任编辑/审核员、单位主管领导或领导', { exact: false });
    await refusal.first().waitFor();
    expect(await refusal.count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('does not let an administrator change their own roles', async () => {
    const page = await e.newPage();
    await openPeople(page);
    await page.getByTestId('person-edit-wsq.admin').click();
    await page.getByTestId('person-own-roles').waitFor();
    expect(await page.getByTestId('person-own-roles').innerText()).toContain('不能修改自己的角色');
    expect(await page.getByTestId('person-grant-add').isDisabled()).toBe(true);
    await page.context().close();
  });
});
