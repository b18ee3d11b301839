import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shot, signIn, startE2E, type E2E } from './harness';

/**
 * A day in the office: each role's home page shows what needs them now, the menu carries the counts,
 * the notifications page is in the menu, the sign-in page promises only what exists and says when a
 * session ended, and a focused field does not look like an error.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 240_000);
afterAll(() => e?.close());

async function as(login: string): Promise<Page> {
  const page = await e.newPage();
  await signIn(page, e.url, login, e.accounts[login]!);
  await page.getByTestId('home-page').waitFor();
  return page;
}

describe('the home page of each role', () => {
  it('shows the correspondent their items and where they wait', async () => {
    const page = await as('glt.tongxun');
    await page.getByTestId('home-mine').waitFor();
    expect(await page.getByTestId('home-queue').count()).toBe(0);
    await page.getByTestId('nav-notifications').waitFor();
    await shot(page, 'home-correspondent');
    await page.context().close();
  });

  it('shows the editor the queue by step with the oldest waiting, and the queue badge', async () => {
    const page = await as('wsq.editor1');
    await page.getByTestId('home-queue').waitFor();
    const total = await page.getByTestId('home-queue').innerText();
    expect(total).toMatch(/待我审核/);
    // The menu badge shows the same count as the card.
    const n = (await page.getByTestId('home-queue-total').count()) ? Number((await page.getByTestId('home-queue-total').innerText()).match(/\d+/)![0]) : 0;
    if (n) expect(await page.getByTestId('nav-badge-review').innerText()).toBe(String(Math.min(n, 99)).replace('100', '99+'));
    await shot(page, 'home-editor');
    await page.context().close();
  });

  it('shows the administrator locked accounts and the system’s health', async () => {
    const page = await as('wsq.admin');
    await page.getByTestId('home-accounts').waitFor();
    expect(await page.getByTestId('home-health').innerText()).toContain('数据库');
    await shot(page, 'home-admin');
    await page.context().close();
  });
});

describe('first impressions', () => {
  it('promises scoring and rankings on the sign-in page once they are built, and a focused field is not red', async () => {
    const page = await e.newPage();
    await page.goto(`${e.url}/sign-in`);
    const points = await page.getByTestId('signin-points').innerText();
    expect(points).toContain('记分');
    expect(points).toContain('排名');
    await page.getByTestId('signin-login').focus();
    const border = await page.getByTestId('signin-login').evaluate((el) => getComputedStyle(el.closest('.ant-input-affix-wrapper') ?? el).borderColor);
    expect(border).not.toBe('rgb(192, 57, 43)');
    expect(border).not.toBe('rgb(255, 77, 79)');
    await page.context().close();
  });

  it('says on the sign-in page that the session ended', async () => {
    const page = await as('glt.tongxun');
    await page.context().clearCookies();
    await page.reload();
    await page.getByTestId('signin-expired').waitFor();
    await page.context().close();
  });
});
