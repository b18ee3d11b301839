/**
 * 简报 issues as a list (issue 8 item 7): sorted on the server by an allow-listed column with the id
 * breaking ties (drafts share their status, kind and empty date), filtered by series and by days of
 * issue (both included); another organisation's issues never appear.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { briefingIssues } from './tables';
import { allPages, expectGroupedTiesById, expectSortRefused, signedInOnce } from '../test/list-order';

let t: TestApp;
const ids: Record<string, string> = {};
const logins: Record<string, string> = {};
type Issue = { id: string; seriesId: string; mastheadName: string; kind: string; status: string; issueDate: string | null; updatedAt: string };
const as = signedInOnce(() => t);

beforeAll(async () => {
  t = await createTestApp();
  for (const org of ['x', 'y']) {
    const root = await t.makeRoot(`${org}-简报列表局`);
    const admin = await as((await t.makePerson({ unitId: root.id, roles: [{ role: 'admin', unitId: root.id }], login: `${org}.brf.admin` })).login);
    logins[`${org}Editor`] = (await t.makePerson({ unitId: root.id, roles: [{ role: 'editor', unitId: root.id }], login: `${org}.brf.ed` })).login;
    const ed = await as(logins[`${org}Editor`]!);
    for (const [key, masthead] of [
      ['S1', `${org}扫黑除恶简报`],
      ['S2', `${org}平安建设简报`],
    ] as const) {
      const s = await admin.post('/api/briefing-series', { type: 'jianbao', mastheadName: masthead, issuerName: `${org}办公室` });
      expect(s.status, JSON.stringify(s.json)).toBe(200);
      ids[`${org}${key}`] = s.data.id;
      for (let i = 0; i < 3; i++) {
        const c = await ed.post('/api/briefings', { seriesId: s.data.id, kind: i === 0 ? 'standalone' : 'comprehensive' });
        expect(c.status, JSON.stringify(c.json)).toBe(200);
        ids[`${org}${key}I${i}`] = c.data.id;
      }
    }
  }
  // Issued on given days (publishing proper is tested in briefings.int.test.ts; here only the list's columns matter).
  for (const [key, day, n] of [
    ['xS1I0', '2026-02-10', 1],
    ['xS1I1', '2026-02-11', 2],
    ['xS2I0', '2026-02-11', 1],
  ] as const)
    await t.db.update(briefingIssues).set({ status: 'published', issueDate: day, year: 2026, number: n, publishedAt: new Date(`${day}T02:00:00Z`) }).where(eq(briefingIssues.id, ids[key]!));
}, 180_000);
afterAll(() => t?.close());

const pages = async (login: string, query: string, pageSize: number) => allPages<Issue>(await as(login), '/api/briefings', query, pageSize);

describe('the briefings list sorts on the server', () => {
  for (const [sort, key] of [
    ['issueDate', (i: Issue) => i.issueDate ?? '~'],
    ['series', (i: Issue) => i.mastheadName],
    ['kind', (i: Issue) => i.kind],
    ['status', (i: Issue) => i.status],
    ['updatedAt', (i: Issue) => i.updatedAt],
  ] as const) {
    it(`by ${sort}, both ways, each issue once across pages in one order, ties by id`, async () => {
      const one = await pages(logins.xEditor!, `sort=${sort}&order=asc`, 100);
      expect(one.total).toBe(6);
      const paged = await pages(logins.xEditor!, `sort=${sort}&order=asc`, 2);
      expect(paged.rows.map((i) => i.id)).toEqual(one.rows.map((i) => i.id));
      expectGroupedTiesById(one.rows, key);
      const desc = await pages(logins.xEditor!, `sort=${sort}&order=desc`, 4);
      expect(desc.rows.map((i) => i.id)).toEqual([...one.rows].reverse().map((i) => i.id));
    });
  }

  it('refuses a column not on the list, in the caller’s language', async () => {
    const c = await as(logins.xEditor!);
    await expectSortRefused({ t, c, path: '/api/briefings', zh: { sort: 'snapshot', names: 'issueDate' }, en: { sort: 'title', names: 'series' } });
  });
});

describe('the briefings list filters', () => {
  it('by series and by days of issue, both ends included', async () => {
    const s1 = await pages(logins.xEditor!, `seriesId=${ids.xS1}`, 100);
    expect(s1.rows.every((i) => i.seriesId === ids.xS1)).toBe(true);
    expect(s1.total).toBe(3);
    const day = await pages(logins.xEditor!, 'from=2026-02-11&to=2026-02-11&sort=series&order=asc', 100);
    expect(day.rows.map((i) => i.id).sort()).toEqual([ids.xS1I1, ids.xS2I0].sort());
    const from = await pages(logins.xEditor!, 'from=2026-02-10', 100);
    expect(from.total).toBe(3);
    const c = await as(logins.xEditor!);
    const back = await c.get('/api/briefings?from=2026-02-12&to=2026-02-10');
    expect(back.status).toBe(400);
    expect(back.json?.fields?.map((f) => f.path)).toContain('to');
  });

  it("never shows another organisation's issues, whatever the sort or series asked for", async () => {
    for (const sort of ['series', 'issueDate', 'status']) {
      const { rows } = await pages(logins.xEditor!, `sort=${sort}&order=desc`, 100);
      expect(rows.some((i) => i.mastheadName.startsWith('y'))).toBe(false);
    }
    expect((await pages(logins.xEditor!, `seriesId=${ids.yS1}`, 100)).total).toBe(0);
    const y = await pages(logins.yEditor!, '', 100);
    expect(y.total).toBe(6);
    expect(y.rows.every((i) => i.mastheadName.startsWith('y'))).toBe(true);
  });
});
