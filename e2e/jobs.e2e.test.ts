import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextSlot } from '../server/jobs/schedule';
import { shot, signIn, startE2E, type E2E } from './harness';

/**
 * The background jobs page: the server started its worker, which ran the audit purge once at start
 * and keeps the next nightly run queued; an administrator sees both, nobody else sees the page.
 * The demo folder was made by an earlier start (e2e/global-setup.ts), which ran the purge too: a
 * restart runs it again, so two runs are done, one per start.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 240_000);
afterAll(() => e?.close());

describe('background jobs in the browser', () => {
  it('shows the administrator the purge run at start and the next nightly run', async () => {
    const page = await e.newPage();
    await signIn(page, e.url, 'wsq.admin', e.accounts['wsq.admin']!);
    await page.getByTestId('nav-jobs').click();
    await page.getByTestId('jobs-table').waitFor();
    // This start's run may still be finishing when the page first loads: refresh until it is done.
    const rows = page.locator('[data-testid="jobs-table"] tbody tr.ant-table-row');
    const doneRuns = (texts: string[]) => texts.filter((r) => r.includes('清理过期审计日志') && r.includes('已完成') && r.includes('1 / 5'));
    for (let i = 0; i < 40 && doneRuns(await rows.allInnerTexts()).length < 2; i++) {
      await page.waitForTimeout(250);
      await page.getByTestId('jobs-refresh').click();
    }
    const texts = await rows.allInnerTexts();
    expect(doneRuns(texts)).toHaveLength(2);
    const queued = texts.filter((r) => r.includes('清理过期审计日志') && r.includes('等待中'));
    expect(queued).toHaveLength(1);
    // The nightly slot, 03:00 in the deployment's time zone, shown in the browser's (this machine's) time zone.
    const slot = nextSlot({ daily: '03:00' }, new Date(), 'Asia/Shanghai'); // the harness's config keeps the default zone
    const p2 = (n: number) => String(n).padStart(2, '0');
    const local = `${slot.getFullYear()}-${p2(slot.getMonth() + 1)}-${p2(slot.getDate())} ${p2(slot.getHours())}:${p2(slot.getMinutes())}:00`;
    expect(queued[0]).toContain(local);
    await shot(page, 'jobs');
    await page.context().close();
  });

  it('has no jobs menu for the auditor, and the page refuses them', async () => {
    const page = await e.newPage();
    await signIn(page, e.url, 'wsq.auditor', e.accounts['wsq.auditor']!);
    await page.getByTestId('nav-audit').waitFor();
    expect(await page.getByTestId('nav-jobs').count()).toBe(0);
    await page.goto(`${e.url}/jobs`);
    await page.getByText('无权访问').waitFor();
    expect(await page.getByTestId('jobs-table').count()).toBe(0);
    await page.context().close();
  });
});
