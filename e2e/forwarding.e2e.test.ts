import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '../server/submissions/tables';
import { shot, signIn, startE2E, type E2E } from './harness';

/**
 * Forwarding to the upper office (seed 001: 旗局 → 市局), in real Chromium on the demo data, where
 * 鄂尔多斯市公安局 is 乌审旗公安局's upper office: an editor of the county bureau forwards an
 * accepted item, an editor of the city bureau finds it in the queue with its origin and passes it
 * (the city's short chain: one step), and the county's item shows the status there.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 240_000);
afterAll(() => e?.close());

async function as(login: string): Promise<Page> {
  const page = await e.newPage();
  // Accepting at the upper office writes the adoption on the original in the same transaction: on a
  // loaded machine that took longer than the harness's default wait (a run failed at 15 s).
  page.setDefaultTimeout(45_000);
  await signIn(page, e.url, login, e.accounts[login]!);
  await page.getByTestId('home-page').waitFor();
  return page;
}

const TITLE = '嘎鲁图派出所破获一起电信网络诈骗案';

describe('an accepted item forwarded to the city bureau', () => {
  let item: { id: string } | undefined;
  it('is forwarded by a county editor', async () => {
    // The demo's accepted news lead of the county bureau.
    [item] = await e.server.database.db.select({ id: submissions.id }).from(submissions).where(and(eq(submissions.title, TITLE), eq(submissions.status, 'adopted')));
    expect(item).toBeTruthy();

    const county = await as('wsq.editor1');
    await county.goto(`${e.url}/submission/${item!.id}`);
    await county.getByTestId('action-forward').click();
    await county.getByTestId('forward-confirm').click();
    await county.getByTestId('forwards-panel').waitFor();
    expect(await county.getByTestId('forwards-panel').innerText()).toContain('鄂尔多斯市公安局');
    expect(await county.getByTestId('forward-status').getAttribute('data-status')).toBe('in_review');
    // Once there, it is not offered again.
    expect(await county.getByTestId('action-forward').count()).toBe(0);
    await county.context().close();
  }, 240_000);

  it('is found in the city bureau\'s queue with its origin, and passed there', async () => {
    const city = await as('eeds.editor1');
    await city.getByTestId('nav-review').click();
    await city.getByTestId('queue-table').waitFor();
    const row = city.locator('[data-testid^="queue-row-"]').filter({ hasText: TITLE });
    await row.waitFor();
    // An item of the city bureau now (numbered in its own sequence), passed or rejected but never returned.
    expect(await row.innerText()).toContain('鄂尔多斯市公安局');
    expect(await row.getByText('退回修改').count()).toBe(0);
    await row.getByText(TITLE).click();
    await city.getByTestId('origin-panel').waitFor();
    expect(await city.getByTestId('origin-from').innerText()).toBe('乌审旗公安局 · 嘎鲁图派出所');
    expect(await city.getByTestId('origin-authors').innerText()).toContain('王磊');
    await city.getByText('原单位审核记录').click();
    await city.getByTestId('origin-event').first().waitFor();
    expect(await city.getByTestId('origin-event').count()).toBe(5);
    expect(await city.getByTestId('action-return').count()).toBe(0);
    await shot(city, 'forwarding-upper-item');
    await city.getByTestId('action-pass').click();
    await city.getByTestId('pass-confirm').click();
    await city.locator('[data-testid="item-status"][data-status="adopted"]').waitFor();
    await city.context().close();
  }, 240_000);

  it('shows the county bureau the status there, and not the city bureau\'s copy', async () => {
    const back = await as('wsq.editor1');
    await back.goto(`${e.url}/submission/${item!.id}`);
    await back.locator('[data-testid="forward-status"][data-status="adopted"]').waitFor();
    expect(await back.getByTestId('forwards-panel').innerText()).toContain('已采用');
    await shot(back, 'forwarding-original');
    // The county editor cannot open the city's copy.
    const [copy] = await e.server.database.db.select({ id: submissions.id }).from(submissions).where(eq(submissions.forwardedFrom, item!.id));
    await back.goto(`${e.url}/submission/${copy!.id}`);
    await back.getByText('稿件不存在').first().waitFor();
    await back.context().close();
  }, 240_000);
});
