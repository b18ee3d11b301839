/**
 * 台账登记 as a list (issue 8 item 7): paged and sorted on the server by an allow-listed column (the id
 * breaking ties: several entries share a day, a unit, a kind), filtered by a unit with the units below
 * it, by kind and by days (both included); another organisation's entries never appear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { allPages, expectGroupedTiesById, expectSortRefused, signedInOnce } from '../test/list-order';

let t: TestApp;
const ids: Record<string, string> = {};
const logins: Record<string, string> = {};
type Entry = { id: string; unitId: string; unitName: string; kind: string; status: string; occurredOn: string; createdAt: string };
const as = signedInOnce(() => t);

beforeAll(async () => {
  t = await createTestApp();
  for (const org of ['x', 'y']) {
    const root = await t.makeRoot(`${org}-台账列表局`);
    const a = await t.makeUnit(root.id, `${org}-甲所`);
    const a1 = await t.makeUnit(a.id, `${org}-甲所一组`);
    const b = await t.makeUnit(root.id, `${org}-乙所`);
    Object.assign(ids, { [`${org}Root`]: root.id, [`${org}A`]: a.id, [`${org}A1`]: a1.id, [`${org}B`]: b.id });
    logins[`${org}Editor`] = (await t.makePerson({ unitId: root.id, roles: [{ role: 'editor', unitId: root.id }], login: `${org}.ledger.ed` })).login;
    const ed = await as(logins[`${org}Editor`]!);
    const add = async (unitId: string, kind: 'emergency_task' | 'violation', occurredOn: string) => {
      const body =
        kind === 'emergency_task'
          ? { kind, unitId, title: `${org}应急宣传任务`, occurredOn, evidenceUrl: 'https://example.gov.cn/e' }
          : { kind, unitId, violation: 'criticism', negativeCoverage: false, occurredOn, evidenceUrl: 'https://example.gov.cn/v' };
      const r = await ed.post('/api/scoring/ledger', body);
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      return r.data.id as string;
    };
    // Ties on purpose: the same day, unit and kind several times.
    for (const [unitId, kind, day] of [
      [a.id, 'emergency_task', '2026-02-10'],
      [a.id, 'emergency_task', '2026-02-10'],
      [a1.id, 'violation', '2026-02-10'],
      [a1.id, 'emergency_task', '2026-02-11'],
      [b.id, 'violation', '2026-02-11'],
      [b.id, 'emergency_task', '2026-02-12'],
      [root.id, 'violation', '2026-02-12'],
    ] as const)
      ids[`${org}Entry${Object.keys(ids).length}`] = await add(unitId, kind, day);
  }
  // One withdrawn entry, so the status sorts too.
  const ed = await as(logins.xEditor!);
  const first = (await ed.get('/api/scoring/ledger?pageSize=1&sort=createdAt&order=asc')).data.items[0] as Entry;
  expect((await ed.post(`/api/scoring/ledger/${first.id}/withdraw`, { reason: '重复登记' })).status).toBe(200);
}, 180_000);
afterAll(() => t?.close());

const pages = async (login: string, query: string, pageSize: number) => allPages<Entry>(await as(login), '/api/scoring/ledger', query, pageSize);

describe('the ledger list sorts on the server', () => {
  for (const [sort, key] of [
    ['occurredOn', (e: Entry) => e.occurredOn],
    ['unit', (e: Entry) => e.unitName],
    ['kind', (e: Entry) => e.kind],
    ['status', (e: Entry) => e.status],
    ['createdAt', (e: Entry) => e.createdAt],
  ] as const) {
    it(`by ${sort}, both ways, each entry once across pages in one order, ties by id`, async () => {
      const one = await pages(logins.xEditor!, `sort=${sort}&order=asc`, 100);
      expect(one.total).toBe(7);
      const paged = await pages(logins.xEditor!, `sort=${sort}&order=asc`, 2);
      expect(paged.rows.map((e) => e.id)).toEqual(one.rows.map((e) => e.id));
      expectGroupedTiesById(one.rows, key);
      if (sort === 'occurredOn') expect(one.rows.map(key)).toEqual(one.rows.map(key).sort());
      const desc = await pages(logins.xEditor!, `sort=${sort}&order=desc`, 3);
      expect(desc.rows.map((e) => e.id)).toEqual([...one.rows].reverse().map((e) => e.id));
    });
  }

  it('newest first by default', async () => {
    const { rows } = await pages(logins.xEditor!, '', 100);
    expect(rows.map((e) => e.occurredOn)).toEqual([...rows.map((e) => e.occurredOn)].sort().reverse());
  });

  it('refuses a column not on the list, in the caller’s language', async () => {
    const c = await as(logins.xEditor!);
    await expectSortRefused({ t, c, path: '/api/scoring/ledger', zh: { sort: 'attrs', names: 'occurredOn' }, en: { sort: 'note', names: 'unit' } });
  });
});

describe('the ledger list filters', () => {
  it('by a unit with the units below it, not its siblings', async () => {
    const a = await pages(logins.xEditor!, `unitId=${ids.xA}`, 100);
    expect(new Set(a.rows.map((e) => e.unitId))).toEqual(new Set([ids.xA, ids.xA1]));
    expect(a.total).toBe(4);
    const a1 = await pages(logins.xEditor!, `unitId=${ids.xA1}`, 100);
    expect(new Set(a1.rows.map((e) => e.unitId))).toEqual(new Set([ids.xA1]));
  });

  it('by kind and by days, both ends included; a backwards range is a clear error', async () => {
    const days = await pages(logins.xEditor!, 'from=2026-02-11&to=2026-02-11', 100);
    expect(days.rows.map((e) => e.occurredOn)).toEqual(['2026-02-11', '2026-02-11']);
    const kind = await pages(logins.xEditor!, `kind=violation&unitId=${ids.xA}`, 100);
    expect(kind.rows.map((e) => [e.unitId, e.kind])).toEqual([[ids.xA1, 'violation']]);
    const c = await as(logins.xEditor!);
    const back = await c.get('/api/scoring/ledger?from=2026-02-12&to=2026-02-10');
    expect(back.status).toBe(400);
    expect(back.json?.fields?.map((f) => f.path)).toContain('to');
    expect((await c.get('/api/scoring/ledger?from=2026-02-30')).status).toBe(400);
  });

  it("never shows another organisation's entries; its unit is answered as unknown", async () => {
    for (const sort of ['unit', 'occurredOn', 'kind']) {
      const { rows } = await pages(logins.xEditor!, `sort=${sort}&order=desc`, 100);
      expect(rows.some((e) => e.unitName.startsWith('y-'))).toBe(false);
      expect(rows.length).toBe(7);
    }
    const c = await as(logins.xEditor!);
    expect((await c.get(`/api/scoring/ledger?unitId=${ids.yA}`)).status).toBe(404);
    const y = await pages(logins.yEditor!, '', 100);
    expect(y.rows.every((e) => e.unitName.startsWith('y-'))).toBe(true);
  });
});
