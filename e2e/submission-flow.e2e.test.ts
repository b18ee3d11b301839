import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signIn, startE2E, type E2E } from './harness';

/**
 * The review flow as the people in it use it, in real Chromium: a correspondent submits a news lead
 * with a photo, the unit approver approves it, three editors pass it (初审, 复审, 终审) and the
 * correspondent sees it adopted. A second lead is returned with a comment, revised and resubmitted.
 */
let e: E2E;
let photo: string;
beforeAll(async () => {
  e = await startE2E();
  photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xb-e2e-photo-')), '巡逻现场.jpg');
  fs.writeFileSync(
    photo,
    await sharp({ create: { width: 800, height: 500, channels: 3, background: '#2b4c7e' } })
      .composite([{ input: Buffer.from('<svg width="800" height="500"><rect x="80" y="80" width="640" height="340" fill="#c0392b"/></svg>'), top: 0, left: 0 }])
      .jpeg()
      .toBuffer(),
  );
}, 240_000);
afterAll(() => e?.close());

async function as(login: string): Promise<Page> {
  const page = await e.newPage();
  await signIn(page, e.url, login, e.accounts[login]!);
  await page.getByTestId('home-page').waitFor();
  return page;
}

async function submitLead(title: string, withShots = false): Promise<string> {
  const page = await as('glt.tongxun');
  await page.goto(`${e.url}/submissions/new`);
  await page.getByTestId('kind-option-lead').click();
  await page.getByTestId('title-input').waitFor();
  await page.getByTestId('title-input').fill(title);
  await page.getByTestId('body-input').fill(
    '近日，嘎鲁图派出所民警在辖区开展夜间巡逻时，发现一名老人迷路，民警耐心询问并将老人安全送回家中，家属专程送来锦旗表示感谢。',
  );
  await page.getByTestId('situation-input').fill('事件真实，当事人同意报道，无涉密内容。');
  await page.locator('input[type=file]').first().setInputFiles(photo);
  await page.getByTestId('attachment').first().waitFor();
  await page.getByTestId('save-state').filter({ hasText: /已保存/ }).waitFor();
  if (withShots) await shot(page, 'submission-form');
  await page.getByTestId('submit-button').click();
  await page.getByTestId('submission-page').waitFor();
  const id = page.url().split('/submission/')[1]!.split(/[?#]/)[0]!;
  expect(await page.getByTestId('item-holder').innerText()).toContain('单位审批');
  await page.context().close();
  return id;
}

async function decide(login: string, id: string, action: 'pass' | 'return', comment?: string, shotName?: string) {
  const page = await as(login);
  await page.goto(`${e.url}/submission/${id}`);
  await page.getByTestId('action-bar').waitFor();
  await page.getByTestId('history-event').first().waitFor();
  const before = await page.getByTestId('history-event').count();
  if (shotName) await shot(page, shotName);
  if (action === 'pass') {
    await page.getByTestId('action-pass').click();
    await page.getByTestId('pass-confirm').click();
  } else {
    await page.getByTestId('action-return').click();
    await page.locator('[data-testid="return-modal"] textarea, .ant-modal textarea').first().fill(comment!);
    await page.getByTestId('return-confirm').click();
  }
  // The decision is on record: one more event in the history, of the kind just taken (the page may
  // have moved on to the next item of the queue: look at this item again).
  await page.locator('.ant-message-notice').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.goto(`${e.url}/submission/${id}`);
  await page.getByTestId('history-event').first().waitFor();
  const added = page.getByTestId('history-event').nth(before);
  await added.waitFor();
  expect(await added.getAttribute('data-type')).toBe(action === 'pass' ? 'passed' : 'returned');
  await page.waitForLoadState('networkidle');
  await page.context().close();
}

describe('a news lead through unit approval and 三审', () => {
  it('is submitted with a photo, approved, passed by three editors and shown adopted', async () => {
    const id = await submitLead('嘎鲁图派出所民警夜巡送迷路老人回家', true);

    const approver = await as('glt.suozhang');
    await approver.getByTestId('nav-review').click();
    await approver.getByTestId('queue-table').waitFor();
    await approver.locator('[data-testid^="queue-row-"]').first().waitFor();
    // One page of what the server counts, and the new lead on it (the queue is oldest first).
    const total = Number(/\d+/.exec(await approver.getByTestId('list-total').innerText())?.[0]);
    expect(total).toBeGreaterThan(0);
    expect(await approver.locator('[data-testid^="queue-row-"]').count()).toBe(Math.min(total, 50));
    await shot(approver, 'review-queue');
    // A filter is in the address: after a reload the queue is still filtered to news leads.
    await approver.getByTestId('queue-kind').click();
    await approver.locator('.ant-select-dropdown:visible [title="宣传报道线索"]').first().click();
    await approver.waitForURL(/[?&]kind=lead/);
    await approver.reload();
    await approver.locator('[data-testid^="queue-row-"]').first().waitFor();
    expect(await approver.getByTestId('queue-kind').innerText()).toContain('宣传报道线索');
    await approver.context().close();

    await decide('glt.suozhang', id, 'pass');
    await decide('wsq.editor1', id, 'pass', undefined, 'submission-item-review');
    await decide('wsq.editor2', id, 'pass');
    await decide('wsq.editor3', id, 'pass');

    const page = await as('glt.tongxun');
    await page.goto(`${e.url}/submission/${id}`);
    await page.getByTestId('history').waitFor();
    expect(await page.getByTestId('history-event').count()).toBe(5);
    expect(await page.getByTestId('submission-page').innerText()).toContain('已采用');
    expect(await page.getByTestId('item-files').innerText()).toContain('巡逻现场.jpg');
    await shot(page, 'submission-item');
    await page.context().close();
  });

  it('is returned with a comment, revised as version 2 and resubmitted', async () => {
    const id = await submitLead('嘎鲁图派出所开展反诈宣传进社区活动');
    await decide('glt.suozhang', id, 'pass');
    await decide('wsq.editor1', id, 'return', '请补充活动时间和参与群众人数');

    const page = await as('glt.tongxun');
    await page.goto(`${e.url}/submission/${id}`);
    expect(await page.getByTestId('submission-page').innerText()).toContain('请补充活动时间和参与群众人数');
    await page.getByTestId('action-revise').click();
    await page.getByTestId('body-input').waitFor();
    await page.getByTestId('body-input').fill('3月5日，嘎鲁图派出所民警走进社区开展反诈宣传，向120余名群众讲解常见电信网络诈骗手法，发放宣传资料300余份。');
    await page.getByTestId('save-state').filter({ hasText: /已保存/ }).waitFor();
    await page.getByTestId('submit-button').click();
    await page.getByTestId('submission-page').waitFor();
    expect(await page.getByTestId('item-holder').innerText()).toContain('单位审批');
    await page.getByTestId('version-mode').waitFor();
    expect(await page.getByTestId('submission-page').innerText()).toMatch(/第\s*2\s*版|v2|版本\s*2/);
    await page.context().close();
  });
});
