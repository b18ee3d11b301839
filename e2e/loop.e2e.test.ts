import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '../server/submissions/tables';
import { renderDocx, shot, startE2E, type E2E } from './harness';

/**
 * The whole loop of issue 9 in real Chromium, on the demo data of 乌审旗公安局 and the city bureau
 * above it (鄂尔多斯市公安局): editors accept two items through the review pages; an editor composes a
 * comprehensive issue of both and a standalone restricted issue of one, publishes them and downloads
 * the .docx (rendered by LibreOffice to docs/screenshots/loop-briefing-docx.png); the item is forwarded
 * to the city bureau, accepted there, and the adoption (上级采用) appears on the original's records
 * timeline; the restricted issue is invisible to a non-recipient on every page: the briefings list
 * (also searched), the archive, its page and its .docx by direct URL, and the notifications.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 600_000); // the shared test machine may take minutes to build the web app and load the demo
afterAll(() => e?.close());

const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
const PATROL = '乌审召派出所开展“平安牧区”巡逻防控'; // in the demo: passed 初审 (wsq.editor1), waiting for 复审
const TRAFFIC = '交管大队全力护航春运平安'; // in the demo: submitted, waiting for 初审
const NOTE_WORDS = '联防'; // only in the restricted issue's editor's note
const ids: Record<string, string> = {};
let restrictedId = '';

async function itemId(title: string): Promise<string> {
  const [row] = await e.server.database.db.select({ id: submissions.id }).from(submissions).where(eq(submissions.title, title));
  if (!row) throw new Error(`demo item ${title} missing`);
  return row.id;
}

/** Passes the item's current step on its page, as the signed-in editor, and waits until the decision is on its history. */
async function pass(page: Page, id: string) {
  await page.goto(`${e.url}/submission/${id}`);
  await page.getByTestId('history-event').first().waitFor();
  const before = await page.getByTestId('history-event').count();
  await page.getByTestId('action-pass').click();
  await page.getByTestId('pass-confirm').click();
  await page.locator('.ant-message-success').first().waitFor();
  // The page may have moved on to the next item of the queue: look at this one again.
  await page.goto(`${e.url}/submission/${id}`);
  const added = page.getByTestId('history-event').nth(before);
  await added.waitFor();
  expect(await added.getAttribute('data-type')).toBe('passed');
}

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
  // The option that is exactly the text (a unit, indented by its depth), not a person of that unit.
  const exact = new RegExp(`^[\\s\u3000]*${text}$`);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: exact }).last().click();
  await page.keyboard.press('Escape');
}

async function newIssue(page: Page) {
  await page.getByTestId('nav-briefings').click();
  await page.getByTestId('briefing-new').click();
  // The first series of the organisation is chosen: 简报 · 公安宣传简报.
  await page.getByTestId('briefing-new-series').getByText('公安宣传简报').waitFor();
  await page.getByTestId('briefing-new-ok').click();
  await page.getByTestId('briefing-composer').waitFor();
}

async function publish(page: Page): Promise<string> {
  await page.getByTestId('briefing-publish').click();
  await page.getByTestId('briefing-publish-ok').click();
  await Promise.race([
    page.getByTestId('briefing-view').waitFor(),
    page
      .locator('.ant-message-error')
      .waitFor()
      .then(async () => {
        throw new Error(`publish refused: ${await page.locator('.ant-message-error').innerText()}`);
      }),
  ]);
  return page.url().split('/briefings/')[1]!.split(/[?#]/)[0]!;
}

/** Waits for the answer of the list request whose URL contains `part`, then for the list to be drawn. */
async function settled(page: Page, part: string, go: () => Promise<unknown>) {
  const answer = page.waitForResponse((r) => r.url().includes(part) && r.request().method() === 'GET');
  await go();
  expect((await answer).status()).toBe(200);
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
}

describe('the loop: accept, brief, forward, adopt, restrict', () => {
  it('two items are accepted through the review pages', async () => {
    ids.patrol = await itemId(PATROL);
    ids.traffic = await itemId(TRAFFIC);
    // Three editors, each on their own step (four eyes: nobody passes two steps of one item).
    const first = await e.as('wsq.editor1');
    await pass(first, ids.traffic);
    await first.context().close();
    const second = await e.as('wsq.editor2');
    await pass(second, ids.patrol);
    await pass(second, ids.traffic);
    await second.context().close();
    const third = await e.as('wsq.editor3');
    for (const id of [ids.patrol, ids.traffic]) {
      await pass(third, id);
      await third.locator('[data-testid="item-status"][data-status="adopted"]').waitFor();
      expect(await third.getByTestId('submission-page').innerText()).toContain('已采用');
    }
    await third.context().close();
  }, 300_000);

  it('an editor composes a comprehensive issue of both and a standalone restricted one, publishes them and downloads the .docx', async () => {
    const page = await e.as('wsq.editor1');
    await newIssue(page);
    await page.getByTestId('items-add').click();
    await addItem(page, '平安牧区');
    await addItem(page, '护航春运');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="item-row"]').length === 2);
    expect(await page.getByTestId('item-title').allInnerTexts()).toEqual([PATROL, TRAFFIC]);
    await page.getByTestId('issue-note').fill('现将近期基层单位的好做法印发，供参考。');
    await page.getByTestId('issue-save').click();
    await page.getByText('已保存').first().waitFor();
    for (const unit of ['乌审召派出所', '交通管理大队', '嘎鲁图派出所']) await pickRecipient(page, 'issue', unit);
    await page.getByTestId('dist-save').click();
    await page.getByText('已保存').first().waitFor();
    await publish(page);
    expect(await page.getByTestId('paper-number').innerText()).toBe(`${year}年第3期`);
    const paper = await page.getByTestId('briefing-paper').innerText();
    expect(paper).toContain(PATROL);
    expect(paper).toContain(TRAFFIC);

    // The .docx, as downloaded, opened by LibreOffice: the masthead, the number, both items.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xb-loop-'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('briefing-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const file = path.join(dir, 'issue.docx');
    await download.saveAs(file);
    const doc = renderDocx(file, 'loop-briefing-docx');
    fs.rmSync(dir, { recursive: true, force: true });
    const first = doc.pages[0]!.replace(/\s+/g, '');
    expect(first).toContain('公安宣传简报');
    expect(first).toContain(`${year}年第3期`);
    expect(first).toContain('乌审旗公安局政治工作办公室');
    const all = doc.pages.join('').replace(/\s+/g, '');
    expect(all).toContain(PATROL.replace(/\s+/g, ''));
    expect(all).toContain(TRAFFIC);
    expect(fs.statSync(doc.png).size).toBeGreaterThan(10_000);

    // The standalone issue: one item, restricted to 乌审召派出所 (and a leader named in 报).
    await newIssue(page);
    await page.getByTestId('kind-standalone').click();
    await page.getByTestId('issue-restricted').click();
    await page.getByTestId('issue-note').fill('此件涉及牧区联防具体部署，请严格控制知悉范围。');
    await page.getByTestId('issue-save').click();
    await page.getByText('已保存').first().waitFor();
    await page.getByTestId('items-add').click();
    await addItem(page, '平安牧区');
    await page.keyboard.press('Escape');
    await pickRecipient(page, 'report', '旗委、旗政府分管领导同志');
    await pickRecipient(page, 'issue', '乌审召派出所');
    await page.getByTestId('dist-save').click();
    await page.getByText('已保存').first().waitFor();
    restrictedId = await publish(page);
    expect(await page.getByTestId('paper-number').innerText()).toBe(`${year}年第4期`);
    const restrictedPaper = await page.getByTestId('briefing-paper').innerText();
    expect(restrictedPaper).toContain('联防具体部署');
    expect(restrictedPaper).toContain('内部资料 注意保存');

    // An editor finds it in the archive by the words of its note (what the reader below must not).
    await settled(page, '/api/archive', () => page.goto(`${e.url}/archive?type=briefings&q=${encodeURIComponent(NOTE_WORDS)}`));
    await page.getByTestId('archive-open').filter({ hasText: `${year}年第4期` }).waitFor();

    // Publishing wrote the "used in briefing" records on the item: standalone and comprehensive.
    await page.goto(`${e.url}/submission/${ids.patrol}`);
    await page.locator('[data-testid="record-entry"][data-kind="briefing_use"]').nth(1).waitFor();
    const uses = await page.locator('[data-testid="record-entry"][data-kind="briefing_use"]').allInnerTexts();
    expect(uses.join('\n')).toContain(`${year}年第3期`);
    expect(uses.join('\n')).toContain(`${year}年第4期`);
    await page.context().close();
  }, 600_000); // LibreOffice converting the .docx takes a minute or two on a loaded machine

  it('the item is forwarded to the city bureau, accepted there, and the adoption appears on the original', async () => {
    const county = await e.as('wsq.editor1');
    await county.goto(`${e.url}/submission/${ids.patrol}`);
    await county.getByTestId('records-panel').waitFor();
    expect(await county.locator('[data-testid="record-entry"][data-kind="upper_adoption"]').count()).toBe(0);
    await county.getByTestId('action-forward').click();
    await county.getByTestId('forward-confirm').click();
    await county.getByTestId('forwards-panel').waitFor();
    expect(await county.getByTestId('forwards-panel').innerText()).toContain('鄂尔多斯市公安局');
    await county.context().close();

    const city = await e.as('eeds.editor1');
    await city.getByTestId('nav-review').click();
    const row = city.locator('[data-testid^="queue-row-"]').filter({ hasText: PATROL });
    await row.waitFor();
    await row.getByText(PATROL).click();
    await city.getByTestId('origin-panel').waitFor();
    expect(await city.getByTestId('origin-from').innerText()).toBe('乌审旗公安局 · 乌审召派出所');
    await city.getByTestId('action-pass').click();
    await city.getByTestId('pass-confirm').click();
    await city.locator('[data-testid="item-status"][data-status="adopted"]').waitFor();
    await city.context().close();

    const back = await e.as('wsq.editor1');
    await back.goto(`${e.url}/submission/${ids.patrol}`);
    await back.locator('[data-testid="forward-status"][data-status="adopted"]').waitFor();
    const adoption = back.locator('[data-testid="record-entry"][data-kind="upper_adoption"]');
    await adoption.waitFor();
    const text = await adoption.innerText();
    expect(text).toContain('上级采用');
    expect(text).toContain('市局');
    expect(text).toContain('上级办理后自动生成');
    await adoption.scrollIntoViewIfNeeded();
    await shot(back, 'loop-upper-adoption');
    await back.context().close();
  }, 300_000);

  it('a reader who is not a recipient sees the restricted issue on no page', async () => {
    expect(restrictedId).not.toBe('');
    // 王磊 of 嘎鲁图派出所: a recipient of the comprehensive issue (第3期), not of the restricted one (第4期).
    const page = await e.as('glt.tongxun');
    await page.getByTestId('nav-briefings').click();
    await page.getByTestId('briefing-link').filter({ hasText: `${year}年第3期` }).waitFor();
    const labels = await page.getByTestId('briefing-link').allInnerTexts();
    expect(labels).not.toContain(`${year}年第4期`);
    expect(await page.getByTestId('restricted-mark').count()).toBe(0);
    // The list searched for the words of its note: nothing.
    await settled(page, `q=${encodeURIComponent(NOTE_WORDS)}`, async () => {
      await page.getByTestId('filter-q').locator('input').fill(NOTE_WORDS);
      await page.getByTestId('filter-q').locator('input').press('Enter');
    });
    await page.getByText('暂无简报').waitFor();
    expect(await page.getByTestId('briefing-link').count()).toBe(0);

    // The archive: the same words find nothing; the comprehensive issue's words find that one only.
    await settled(page, '/api/archive', () => page.goto(`${e.url}/archive?type=briefings&q=${encodeURIComponent(NOTE_WORDS)}`));
    await page.getByText(`没有找到包含“${NOTE_WORDS}”`).waitFor();
    expect(await page.getByTestId('archive-open').count()).toBe(0);
    await settled(page, '/api/archive', () => page.goto(`${e.url}/archive?type=briefings&q=${encodeURIComponent('平安牧区')}`));
    await page.getByTestId('archive-open').first().waitFor();
    expect((await page.getByTestId('archive-open').allInnerTexts()).join('\n')).not.toContain(`${year}年第4期`);

    // Its page and its .docx by direct URL.
    await page.goto(`${e.url}/briefings/${restrictedId}`);
    await page.getByTestId('briefing-missing').waitFor();
    expect(await page.getByTestId('briefing-paper').count()).toBe(0);
    const docx = await page.goto(`${e.url}/api/briefings/${restrictedId}/docx`);
    expect(docx?.status()).toBe(404);
    expect(await page.locator('body').innerText()).toContain('未找到该记录或无权查看');

    // Notifications: told of the comprehensive issue, not of the restricted one.
    await page.goto(`${e.url}/notifications`);
    await page.getByTestId('notification').filter({ hasText: `${year}年第3期` }).waitFor();
    const told = await page.getByTestId('notification').allInnerTexts();
    expect(told.join('\n')).not.toContain(`${year}年第4期`);
    await shot(page, 'loop-restricted-notifications');
    await page.context().close();
  }, 300_000);
});
