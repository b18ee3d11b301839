import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signIn, startE2E, type E2E } from './harness';

/**
 * Issue 8, items 1, 2, 3 and 6 in real Chromium: a person made by an administrator gets their role on
 * their own unit (and a refusal says which role on which unit), personal data of a superseded version
 * is masked and can be redacted after adoption, suspected duplicates are shown while typing, in the
 * queue and stop a bulk pass, and after a decision the reviewer lands on the next item.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 240_000);
afterAll(() => e?.close());

async function as(login: string): Promise<Page> {
  const page = await e.newPage();
  // A shared, loaded machine: wait longer than the harness's default before calling a step failed.
  page.setDefaultTimeout(45_000);
  await signIn(page, e.url, login, e.accounts[login]!);
  await page.getByTestId('home-page').waitFor();
  return page;
}

/** Calls the API from the signed-in page, as the web app does. */
async function api<T = unknown>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; json: { data: T; errorMessage?: string } }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const r = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-requested-with': 'xuanbao' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: r.status, json: await r.json() };
    },
    { method, url, body },
  );
}

const BODY = '近日，嘎鲁图派出所民警在辖区开展夜间巡逻时，发现一名老人迷路，民警耐心询问并将老人安全送回家中，家属专程送来锦旗表示感谢。';

describe('人员管理: roles on the person’s unit', () => {
  it('defaults the role to the chosen 所属单位, lists role @ unit, and a refusal names role and unit', async () => {
    const page = await as('wsq.admin');
    await page.getByTestId('nav-people').click();
    await page.getByTestId('people-table').waitFor();
    await page.getByTestId('people-create').click();
    await page.getByTestId('person-form-login').fill('e2e.newcorr');
    await page.getByTestId('person-form-name').fill('新来的通讯员');
    await page.getByTestId('person-form-unit').click();
    await page.locator('.ant-select-dropdown:visible [title="嘎鲁图派出所"]').first().click();
    await expect.poll(() => page.getByTestId('person-grant-unit-0').innerText()).toContain('嘎鲁图派出所');
    await page.getByTestId('person-form-submit').click();
    await page.getByTestId('initial-password-done').click();
    await page.getByTestId('person-row-e2e.newcorr').waitFor();
    expect(await page.getByTestId('person-grant-tag-e2e.newcorr').innerText()).toBe('通讯员 @ 嘎鲁图派出所');
    expect(await page.getByTestId('person-grant-tag-wsq.admin').innerText()).toBe('管理员 @ 乌审旗公安局');
    await page.getByTestId('person-row-e2e.newcorr').scrollIntoViewIfNeeded();
    await shot(page, 'people-role-at-unit');
    const units = (await api<{ id: string; name: string }[]>(page, 'GET', '/api/units')).json.data;
    const bureau = units.find((u) => u.name === '乌审旗公安局')!;
    await page.context().close();

    // A refusal says what is needed, where: a correspondent of the station asking for a draft on the bureau above it.
    const c = await as('glt.tongxun');
    const refused = await api(c, 'POST', '/api/submissions', { kind: 'article', title: '越权', unitId: bureau.id });
    expect(refused.status).toBe(403);
    expect(refused.json.errorMessage).toBe('无权执行此操作：需要『通讯员』角色（乌审旗公安局）');
    await c.context().close();
  });
});

describe('personal data in a superseded version', () => {
  it('is masked in the comparison view and its findings can be redacted', async () => {
    const c = await as('glt.tongxun');
    const id = (await api<{ id: string }>(c, 'POST', '/api/submissions', { kind: 'article', title: '夜巡送老人回家（含个人信息）', body: `${BODY}当事人身份证号11010519491231002X，联系电话13912345678。` })).json.data.id;
    expect((await api(c, 'POST', `/api/submissions/${id}/submit`, {})).status).toBe(200);
    const ed = await as('wsq.editor1');
    expect((await api(ed, 'POST', `/api/submissions/${id}/decision`, { type: 'return', comment: '请删除身份证号和电话' })).status).toBe(200);
    expect((await api(c, 'PUT', `/api/submissions/${id}/draft`, { body: BODY })).status).toBe(200);
    expect((await api(c, 'POST', `/api/submissions/${id}/submit`, {})).status).toBe(200);
    await c.context().close();

    await ed.goto(`${e.url}/submission/${id}`);
    await ed.getByTestId('version-select').click();
    await ed.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await ed.getByTestId('version-masked').waitFor();
    const v1 = await ed.getByTestId('version-content').innerText();
    expect(v1).not.toContain('11010519491231002X');
    expect(v1).toContain('110105********002X');
    // The old version's findings wait for an editor, with their actions.
    await expect.poll(() => ed.getByTestId('finding-older-only').count()).toBe(2);
    await shot(ed, 'submission-old-version-masked');
    const idFinding = ed.locator('[data-testid="finding"][data-status="open"]', { hasText: '身份证' }).first();
    await idFinding.getByTestId('finding-redact').click();
    await ed.getByTestId('finding-redact-confirm').click();
    await expect.poll(() => ed.locator('[data-testid="finding"][data-status="redacted"]').count()).toBe(1);
    // The editor's reveal shows the raw text of version 1: the ID number is gone from it for good.
    await ed.getByTestId('version-reveal').click();
    await ed.getByTestId('version-hide').waitFor();
    const raw = await ed.getByTestId('version-content').innerText();
    expect(raw).toContain('13912345678');
    expect(raw).not.toContain('11010519491231002X');
    await ed.context().close();
  });
});

describe('suspected duplicates', () => {
  it('are shown while typing, counted alike after submitting, flagged in the queue and stop a bulk pass', async () => {
    const c = await as('glt.tongxun');
    const first = (await api<{ id: string }>(c, 'POST', '/api/submissions', { kind: 'article', title: '民警夜巡护送迷路老人', body: BODY.replace('锦旗', '感谢信') })).json.data.id;
    expect((await api(c, 'POST', `/api/submissions/${first}/submit`, {})).status).toBe(200);
    // Choosing a kind makes no draft: the first typed text does, and the address becomes its edit page.
    await c.goto(`${e.url}/submissions/new/article`);
    await c.getByTestId('title-input').fill('民警夜巡护送迷路老人');
    await c.waitForURL(/\/submissions\/[0-9a-f-]{36}\/edit$/);
    const draft = /\/submissions\/([0-9a-f-]{36})\/edit$/.exec(c.url())![1]!;
    await c.getByTestId('body-input').fill(BODY);
    await c.getByTestId('live-duplicates').waitFor();
    const live = await c.getByTestId('live-duplicates').locator('[data-testid="duplicate"]').count();
    expect(live).toBeGreaterThan(0);
    await c.getByTestId('save-state').filter({ hasText: /已保存/ }).waitFor();
    await shot(c, 'submission-form-duplicates');
    await c.getByTestId('submit-button').click();
    const note = c.locator('.ant-notification-notice').first();
    await note.waitFor();
    const said = Number(/(\d+)/.exec(await note.innerText())![1]);
    await c.getByTestId('duplicates').waitFor();
    expect(await c.getByTestId('duplicate').count()).toBe(said);
    expect(said).toBe(live);
    await c.context().close();

    const ed = await as('wsq.editor2');
    await ed.goto(`${e.url}/review?size=200`);
    await ed.locator('[data-testid^="queue-row-"]').first().waitFor();
    const queue = (await api<{ items: { id: string; serial: string; duplicates: number }[] }>(ed, 'GET', '/api/review/queue?pageSize=200')).json.data.items;
    const flagged = queue.find((i) => i.id === draft)!;
    const plain = queue.find((i) => i.duplicates === 0)!;
    expect(flagged.duplicates).toBe(said);
    await ed.getByTestId(`queue-dup-${flagged.serial}`).waitFor();
    for (const row of [flagged, plain]) await ed.getByTestId(`queue-row-${row.serial}`).locator('input[type=checkbox]').check();
    await ed.getByTestId('bulk-pass').click();
    await ed.getByTestId('dup-ask-item').first().waitFor();
    expect(await ed.getByTestId('dup-ask-item').count()).toBe(1);
    await shot(ed, 'review-queue-duplicates');
    await ed.getByTestId('dup-ask-skip').click();
    await ed.locator('.ant-message-notice').first().waitFor();
    // Only the other item moved on; the flagged one still waits.
    await expect.poll(async () => (await api<{ items: { id: string }[] }>(ed, 'GET', '/api/review/queue?pageSize=200')).json.data.items.some((i) => i.id === draft)).toBe(true);
    await ed.context().close();
  });
});

describe('after a decision', () => {
  it('opens the next item of the queue, and says so when the queue is empty', async () => {
    const p = await as('glt.suozhang');
    // Leave two items in the unit approver's queue.
    const c = await as('glt.tongxun');
    for (const title of ['夜巡线索一', '夜巡线索二']) {
      const id = (await api<{ id: string }>(c, 'POST', '/api/submissions', { kind: 'lead', title, body: `${title}：${BODY}`, situationNote: '事件真实，当事人同意报道。' })).json.data.id;
      await api(c, 'POST', `/api/submissions/${id}/submit`, {});
    }
    await c.context().close();
    const items = (await api<{ items: { id: string; title: string }[] }>(p, 'GET', '/api/review/queue?pageSize=200')).json.data.items;
    const keep = items.filter((i) => i.title.startsWith('夜巡线索'));
    expect(keep).toHaveLength(2);
    const others = items.filter((i) => !keep.includes(i)).map((i) => i.id);
    if (others.length) await api(p, 'POST', '/api/review/bulk', { ids: others, decision: { type: 'pass' }, confirmDuplicates: others });

    await p.goto(`${e.url}/submission/${keep[0]!.id}`);
    expect(await p.getByTestId('auto-next').getAttribute('aria-checked')).toBe('true');
    await p.getByTestId('action-pass').click();
    await p.getByTestId('pass-confirm').click();
    await p.waitForURL(`**/submission/${keep[1]!.id}`);
    await p.getByTestId('action-pass').waitFor();
    await p.getByTestId('action-pass').click();
    await p.getByTestId('pass-confirm').click();
    await p.getByTestId('queue-empty').waitFor();
    expect(await p.getByTestId('queue-empty').innerText()).toContain('审核队列已处理完毕');
    await shot(p, 'review-next-empty');
    await p.context().close();
  });
});
