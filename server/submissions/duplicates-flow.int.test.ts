/**
 * Suspected duplicates, the same everywhere (issue 8, item 3): the submit answer and the item page
 * list the same earlier items (one line per earlier item, even when flagged for its text and a file),
 * the form checks while the author types (nothing stored), the queue row carries the flag, and a bulk
 * pass refuses a flagged item unless the request confirms it by id.
 */
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { multipartFile } from '../test/multipart';
import { duplicateFlags, submissions } from './tables';

let t: TestApp;
const login: Record<string, string> = {};
let jpeg: Buffer;
const BODY = '近日，甲派出所民警在辖区开展夜间巡逻时，发现一名老人迷路，民警耐心询问并将老人安全送回家中，家属专程送来锦旗表示感谢。';

async function upload(cookie: string, id: string, filename: string, bytes: Buffer) {
  const m = multipartFile(filename, bytes);
  const res = await t.app.inject({ method: 'POST', url: `/api/submissions/${id}/attachments`, headers: { cookie, 'content-type': m.contentType, 'x-requested-with': 'xuanbao' }, payload: m.payload });
  expect(res.statusCode).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot();
  const a = await t.makeUnit(root.id, '甲派出所');
  login.corr = (await t.makePerson({ unitId: a.id, roles: [{ role: 'correspondent', unitId: a.id }] })).login;
  login.ed = (await t.makePerson({ unitId: root.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#993366' } }).jpeg().toBuffer();
}, 120_000);
afterAll(() => t?.close());

describe('suspected duplicates', () => {
  let first: string;
  let copy: string;
  let plain: string;

  it('counts one earlier item once: the submit answer and the item page list the same lines', async () => {
    const c = await t.as(login.corr!);
    first = (await c.post('/api/submissions', { kind: 'article', title: '夜巡送迷路老人回家', body: BODY })).data.id;
    await upload(c.cookie, first, '现场.jpg', jpeg);
    expect((await c.post(`/api/submissions/${first}/submit`)).status).toBe(200);
    copy = (await c.post('/api/submissions', { kind: 'article', title: '夜巡送迷路老人回家', body: BODY.replace('锦旗', '一面锦旗') })).data.id;
    await upload(c.cookie, copy, '现场2.jpg', jpeg);
    const submitted = await c.post(`/api/submissions/${copy}/submit`);
    // The cause of "2 in the message, 1 on the page": one hit for the text and one for the file.
    expect(await t.db.select().from(duplicateFlags).where(eq(duplicateFlags.submissionId, copy))).toHaveLength(2);
    expect(submitted.data.duplicates).toHaveLength(1);
    expect(submitted.data.duplicates[0]).toMatchObject({ earlierId: first, visible: true, title: '夜巡送迷路老人回家' });
    expect(submitted.data.duplicates[0]!.reasons.map((r) => r.reason).sort()).toEqual(['file', 'text']);
    const page = (await c.get(`/api/submissions/${copy}`)).data;
    expect(page.duplicates).toEqual(submitted.data.duplicates);
  });

  it('checks a draft while its author types, without storing a flag', async () => {
    const c = await t.as(login.corr!);
    const draft = (await c.post('/api/submissions', { kind: 'article', title: '草稿' })).data.id;
    const near = await c.post(`/api/submissions/${draft}/duplicates-check`, { title: '夜巡送迷路老人回家', body: BODY });
    expect(near.status).toBe(200);
    expect(near.data.duplicates.map((d) => d.earlierId).sort()).toEqual([first, copy].sort());
    expect(near.data.duplicates.every((d) => d.reasons.length === 1 && d.reasons[0]!.reason === 'text')).toBe(true);
    const far = await c.post(`/api/submissions/${draft}/duplicates-check`, { title: '反诈宣传', body: '民警走进社区开展反诈宣传，向群众讲解常见电信网络诈骗手法，发放宣传资料三百余份，提醒群众守好钱袋子。' });
    expect(far.data.duplicates).toEqual([]);
    expect(await t.db.select().from(duplicateFlags).where(eq(duplicateFlags.submissionId, draft))).toEqual([]);
    // Only the author checks their draft.
    const ed = await t.as(login.ed!);
    expect((await ed.post(`/api/submissions/${draft}/duplicates-check`, { title: '', body: '' })).status).toBe(403);
  });

  it('shows the flag in the queue and refuses a bulk pass of a flagged item unless it is confirmed', async () => {
    const c = await t.as(login.corr!);
    plain = (await c.post('/api/submissions', { kind: 'article', title: '社区反诈', body: '民警走进社区开展反诈宣传，向群众讲解常见电信网络诈骗手法，发放宣传资料三百余份，提醒群众守好钱袋子。' })).data.id;
    expect((await c.post(`/api/submissions/${plain}/submit`)).status).toBe(200);
    const ed = await t.as(login.ed!);
    const queue = (await ed.get('/api/review/queue')).data.items;
    expect(queue.find((i) => i.id === copy)?.duplicates).toBe(1);
    expect(queue.find((i) => i.id === plain)?.duplicates).toBe(0);

    const statusOf = async (id: string) => (await t.db.select({ stage: submissions.stageIndex, rev: submissions.rev }).from(submissions).where(eq(submissions.id, id)))[0]!;
    const before = await statusOf(copy);
    const bulk = await ed.post('/api/review/bulk', { ids: [plain, copy], decision: { type: 'pass' } });
    expect(bulk.data.results).toEqual([
      { id: plain, ok: true, status: 'in_review' },
      { id: copy, ok: false, errorCode: 'review/duplicate_unconfirmed' },
    ]);
    expect(await statusOf(copy)).toEqual(before);
    // Returning in bulk needs no confirmation; passing does, by id.
    const confirmedOther = await ed.post('/api/review/bulk', { ids: [copy], decision: { type: 'pass' }, confirmDuplicates: [plain] });
    expect(confirmedOther.data.results[0]).toMatchObject({ ok: false, errorCode: 'review/duplicate_unconfirmed' });
    const confirmed = await ed.post('/api/review/bulk', { ids: [copy], decision: { type: 'pass' }, confirmDuplicates: [copy] });
    expect(confirmed.data.results[0]).toMatchObject({ id: copy, ok: true });
    expect((await statusOf(copy)).stage).toBe((before.stage ?? -1) + 1);
  });
});
