import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints, parsePoints } from '../server/scoring/engine/points';
import { renderDocx, shot, startE2E, type E2E } from './harness';

/**
 * Appeals and notices on the rankings page, on the demo data (server/demo/demo-scoring.ts, template A of
 * 乌审旗公安局): the office's editor records an official criticism of 交通管理大队 that caused negative
 * coverage (政务新媒体: 0.2 doubled, −0.4) and sees the brigade's total fall by exactly 0.4; the brigade's
 * approver finds the entry in its explanation (named by what it is, not "—") and appeals it (no negative
 * coverage); the office accepts the appeal by correcting the entry (negative coverage off): the total is
 * exactly 0.2 above the criticised one, and the explanation shows the accepted appeal. The office then
 * exports the quarterly ranking notice as .docx; LibreOffice renders it (docs/screenshots/) with the
 * ranked units and the brigade's corrected total in it.
 */
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 600_000); // the shared test machine may take minutes to build the web app and load the demo
afterAll(() => e?.close());

const UNIT = '交通管理大队';
const APPEAL = '该批评未引发负面舆情，不应翻倍扣分';
const DECISION = '经核实未引发负面舆情，按单倍扣分更正';
const day = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
const QUARTER = `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

function unitRow(page: Page) {
  const row = page.getByTestId('ranking-row').filter({ has: page.getByTestId('ranking-name').getByText(UNIT, { exact: true }) });
  return { row, total: async () => (await row.getByTestId('ranking-total').innerText()).trim() };
}

/** Waits until the brigade's row shows exactly this total. */
async function totalIs(page: Page, want: string) {
  await page.waitForFunction(
    ([name, total]) =>
      [...document.querySelectorAll('[data-testid="ranking-row"]')].some((r) => r.querySelector('[data-testid="ranking-name"]')?.textContent === name && r.querySelector('[data-testid="ranking-total"]')?.textContent === total),
    [UNIT, want] as const,
    { timeout: 90_000 },
  );
}

async function openRanking(page: Page) {
  await page.goto(`${e.url}/rankings?period=${QUARTER}`);
  await page.getByTestId('rankings-page').waitFor();
  const r = unitRow(page);
  await r.row.waitFor();
  return r;
}

describe('appeals and notices on the rankings page', () => {
  it('a unit appeals an entry, the office accepts it by correcting it, the total changes exactly; the quarterly notice shows the corrected ranking', async () => {
    const pages: Page[] = [];
    const errors: string[] = [];
    const watch = (p: Page) => {
      pages.push(p);
      p.setDefaultTimeout(90_000);
      p.on('pageerror', (err) => errors.push(err.message));
    };
    try {
      await flow(watch);
    } catch (err) {
      for (const [i, p] of pages.entries()) await p.screenshot({ path: `/tmp/scoring-appeals-e2e-failure-${i}.png` }).catch(() => undefined);
      throw new Error(`${(err as Error).message}\nbrowser errors: ${errors.join(' | ')}`);
    }
    expect(errors).toEqual([]);
  }, 900_000);
});

async function flow(watch: (p: Page) => void) {
  // The office sees the ranking, then records a criticism with negative coverage for the brigade.
  const office = await e.as('wsq.editor1');
  watch(office);
  let officeRow = await openRanking(office);
  const before = await officeRow.total();
  expect(before).toMatch(/^\d+(\.\d{1,3})?$/);
  const unitId = await officeRow.row.getAttribute('data-id');
  expect(unitId).toBeTruthy();
  const recorded = await office.evaluate(
    async ([unit, date]) => {
      const res = await fetch('/api/scoring/ledger', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'xuanbao', Accept: 'application/json' },
        body: JSON.stringify({ kind: 'violation', unitId: unit, violation: 'criticism', negativeCoverage: true, occurredOn: date, evidenceUrl: 'https://gaj.ordos.gov.cn/jwzx/tzgg/', note: '市局通报批评' }),
      });
      return { status: res.status, body: (await res.json()) as unknown };
    },
    [unitId!, day] as const,
  );
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
  await office.reload();
  officeRow = unitRow(office);
  const criticised = formatPoints(parsePoints(before) - 400);
  await totalIs(office, criticised);

  // The brigade's approver: its explanation names the entry and takes an appeal against it.
  const unit = await e.as('jg.daduizhang');
  watch(unit);
  const unitView = await openRanking(unit);
  expect(await unitView.total()).toBe(criticised);
  await unitView.row.getByTestId('ranking-explain').click();
  const drawer = unit.getByTestId('explain-drawer');
  await drawer.getByTestId('explain-total').waitFor();
  expect(await drawer.getByTestId('explain-total').innerText()).toBe(criticised);
  const entry = drawer.getByTestId('explain-entry').filter({ has: unit.getByTestId('explain-what').getByText('被上级通报批评（引发负面舆情）') });
  await entry.waitFor();
  expect(await entry.getByTestId('explain-what').innerText()).toBe('新媒体违规或被通报批评 · 被上级通报批评（引发负面舆情）');
  expect(await entry.getByTestId('explain-points').innerText()).toBe('-0.4');
  await entry.getByTestId('appeal-file').click();
  await unit.getByTestId('appeal-reason').fill(APPEAL);
  await unit.getByTestId('appeal-evidence').fill('https://gaj.ordos.gov.cn/jwzx/tzgg/ 舆情监测报告：无相关负面报道');
  await unit.getByTestId('appeal-submit').click();
  await entry.locator('[data-testid="entry-appeal"][data-status="pending"]').filter({ hasText: APPEAL }).waitFor();
  expect(await entry.getByTestId('appeal-file').count()).toBe(0); // one open appeal per entry
  await drawer.getByTestId('explain-appeals').locator('[data-testid="entry-appeal"][data-status="pending"]').filter({ hasText: APPEAL }).waitFor();
  await shot(unit, 'scoring-appeal-filed');

  // The office: the pending appeal, accepted by correcting the entry (no negative coverage).
  await office.reload();
  officeRow = unitRow(office);
  await totalIs(office, criticised);
  await office.getByTestId('appeals-open').click();
  const appeal = office.getByTestId('appeal-row').filter({ hasText: APPEAL });
  await appeal.waitFor();
  expect(await appeal.innerText()).toContain(UNIT);
  await shot(office, 'scoring-appeals-pending');
  await appeal.getByTestId('appeal-accept').click();
  const decide = office.getByTestId('appeal-decide');
  await decide.waitFor();
  // "Correct" is offered once the ledger entry's facts have loaded into the form.
  await office.locator('.ant-radio-wrapper:not(.ant-radio-wrapper-disabled)', { has: office.getByTestId('appeal-action-correct') }).click();
  const negative = office.getByTestId('appeal-correct-negative');
  await negative.waitFor();
  expect(await negative.getAttribute('aria-checked')).toBe('true');
  await negative.click();
  expect(await negative.getAttribute('aria-checked')).toBe('false');
  await office.getByTestId('appeal-decision-reason').fill(DECISION);
  await office.getByTestId('appeal-decide-ok').click();
  await appeal.waitFor({ state: 'detached' });
  await office.getByTestId('appeals-drawer').getByText('没有待处理的申诉').waitFor();
  await office.getByTestId('appeals-drawer').locator('.ant-drawer-close').click();
  await office.getByTestId('appeals-drawer').waitFor({ state: 'hidden' });

  // The ranking recomputed: a single 0.2 deduction instead of the doubled 0.4, to the last decimal.
  const corrected = formatPoints(parsePoints(criticised) + 200);
  expect(corrected).toBe(formatPoints(parsePoints(before) - 200));
  await totalIs(office, corrected);

  // The explanation: the corrected entry, and the accepted appeal with the office's reason.
  await officeRow.row.getByTestId('ranking-explain').click();
  const officeDrawer = office.getByTestId('explain-drawer');
  await officeDrawer.getByTestId('explain-total').waitFor();
  expect(await officeDrawer.getByTestId('explain-total').innerText()).toBe(corrected);
  const fixed = officeDrawer.getByTestId('explain-entry').filter({ has: office.getByTestId('explain-what').getByText('新媒体违规或被通报批评 · 被上级通报批评', { exact: true }) });
  await fixed.waitFor();
  expect(await fixed.getByTestId('explain-points').innerText()).toBe('-0.2');
  const accepted = officeDrawer.getByTestId('explain-appeals').locator('[data-testid="entry-appeal"][data-status="accepted"]');
  await accepted.waitFor();
  expect(await accepted.innerText()).toContain(DECISION);
  expect(await accepted.innerText()).toContain('已更正该条');
  await shot(office, 'scoring-appeal-accepted');
  await officeDrawer.locator('.ant-drawer-close').click();
  await officeDrawer.waitFor({ state: 'hidden' });

  // The quarterly ranking notice, downloaded and rendered: the ranked units and the corrected total.
  const names = (await office.getByTestId('ranking-name').allInnerTexts()).map((n) => n.trim());
  expect(names).toContain(UNIT);
  await office.getByTestId('notice-export').click();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xb-notice-'));
  try {
    const [download] = await Promise.all([office.waitForEvent('download', { timeout: 120_000 }), office.getByTestId('notice-quarterly_ranking-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const file = path.join(dir, 'notice.docx');
    await download.saveAs(file);
    const doc = renderDocx(file, 'notice-quarterly-after-appeal');
    const all = doc.pages.join('').replace(/\s+/g, '');
    // The first page's table (names that wrap in a narrow cell on later pages split in the extracted text).
    for (const n of names.slice(0, 5)) expect(all).toContain(n);
    // The brigade's row: its name, then its total (printed with the notice's fixed decimals), the corrected one.
    const printed = new RegExp(`\\d\\s+${UNIT}\\s+(\\d+(?:\\.\\d+)?)\\s`).exec(doc.pages.join('\n'));
    expect(printed, all).not.toBeNull();
    expect(formatPoints(parsePoints(printed![1]!))).toBe(corrected);
    expect(fs.statSync(doc.png).size).toBeGreaterThan(10_000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
