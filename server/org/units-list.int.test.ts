/**
 * The units list (issue 8 item 7): each level of the tree sorted on the server by an allow-listed column
 * with the id breaking ties (two units of one name under different parents, one type for many), filtered
 * by type and by name with the ancestors of each match kept; another organisation's units never appear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { expectSortRefused } from '../test/list-order';

let t: TestApp;
const ids: Record<string, string> = {};
let admin: Awaited<ReturnType<TestApp['as']>>;
type UnitRow = { id: string; parentId: string | null; name: string; type: string; depth: number };

beforeAll(async () => {
  t = await createTestApp();
  const a = await t.makeRoot('甲市局（列表）');
  const b = await t.makeRoot('乙市局（列表）');
  ids.a = a.id;
  ids.b = b.id;
  const east = await t.makeUnit(a.id, '城东分局', 'office');
  const west = await t.makeUnit(a.id, '城西分局', 'office');
  ids.east = east.id;
  ids.west = west.id;
  // The same name under two parents, and one type for many.
  for (const [key, parent, name] of [
    ['e1', east.id, '治安大队'],
    ['e2', east.id, '东关派出所'],
    ['w1', west.id, '治安大队'],
    ['w2', west.id, '西关派出所'],
  ] as const)
    ids[key] = (await t.makeUnit(parent, name)).id;
  ids.bStation = (await t.makeUnit(b.id, '乙东关派出所')).id;
  await t.makePerson({ unitId: a.id, roles: [{ role: 'admin', unitId: a.id }], login: 'units.list.admin' });
  admin = await t.as('units.list.admin');
});
afterAll(() => t?.close());

async function list(query: string) {
  const res = await admin.get(`/api/units?${query}`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.data as UnitRow[];
}

describe('the units list sorts each level on the server', () => {
  it('by name both ways, parents first, ties by id', async () => {
    const asc = await list('sort=name&order=asc');
    const desc = await list('sort=name&order=desc');
    for (const rows of [asc, desc]) expect(rows.map((u) => u.depth)).toEqual([...rows.map((u) => u.depth)].sort((x, y) => x - y));
    const level2 = (rows: UnitRow[]) => rows.filter((u) => u.depth === 2);
    // The two 治安大队 tie on the name: the id decides, the same way each time, reversed when descending.
    const ties = level2(asc).filter((u) => u.name === '治安大队');
    expect(ties.map((u) => u.id)).toEqual([ids.e1, ids.w1].sort());
    expect(level2(desc).map((u) => u.id)).toEqual([...level2(asc)].reverse().map((u) => u.id));
    expect((await list('sort=name&order=asc')).map((u) => u.id)).toEqual(asc.map((u) => u.id));
    // Another organisation's units never appear.
    expect(asc.some((u) => u.id === ids.b || u.id === ids.bStation)).toBe(false);
  });

  it('by type, the id breaking ties within a level', async () => {
    const rows = (await list('sort=type&order=asc')).filter((u) => u.depth === 2);
    expect(rows.map((u) => u.id)).toEqual([ids.e1, ids.e2, ids.w1, ids.w2].sort());
  });

  it('refuses a column not on the list, in the caller’s language', async () => {
    const c = admin;
    await expectSortRefused({ t, c, path: '/api/units', zh: { sort: 'path', names: 'name' }, en: { sort: 'depth', names: 'type' } });
  });
});

describe('the units list filters', () => {
  it('by name: the matches and their ancestors, nothing else', async () => {
    const rows = await list(`q=${encodeURIComponent('东关')}`);
    expect(rows.map((u) => u.id)).toEqual([ids.a, ids.east, ids.e2]);
  });

  it('by type: the units of that type and their ancestors', async () => {
    const rows = await list('type=office&sort=name&order=desc');
    expect(rows.map((u) => u.id)).toEqual([ids.a, ids.west, ids.east]);
    expect(await list('type=no_such_type')).toEqual([]);
  });
});
