/**
 * Units through the HTTP API, as an administrator scoped to one organisation (root unit): create,
 * rename, retype, move with a subtree, deactivate/activate, delete, validation, and the fence
 * between two organisations. Every change must leave an audit row.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { closeRefusals } from '../audit/audit';
import { createTestApp, type TestApp } from '../test/app';
import { roleAssignments, units } from './tables';
import type { Unit } from './units';

let t: TestApp;
let orgA: Unit;
let orgB: Unit;
let b1: Unit;
let adminA: Awaited<ReturnType<TestApp['as']>>;
let adminAId: string;

type UnitRow = { id: string; parentId: string | null; name: string; type: string; path: string; depth: number; active: boolean };

beforeAll(async () => {
  t = await createTestApp();
  orgA = await t.makeRoot('甲市公安局');
  orgB = await t.makeRoot('乙市公安局');
  b1 = await t.makeUnit(orgB.id, '乙市城东派出所');
  const a = await t.makePerson({ unitId: orgA.id, roles: [{ role: 'admin', unitId: orgA.id }], login: 'admin.a' });
  adminAId = a.id;
  await t.makePerson({ unitId: orgB.id, roles: [{ role: 'admin', unitId: orgB.id }], login: 'admin.b' });
  adminA = await t.as('admin.a');
});
afterAll(async () => {
  await t?.close();
});

async function create(name: string, parentId: string, type = 'police_station'): Promise<UnitRow> {
  const res = await adminA.post('/api/units', { name, type, parentId });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.data as UnitRow;
}

async function listed(includeInactive = false): Promise<UnitRow[]> {
  const res = await adminA.get(`/api/units${includeInactive ? '?includeInactive=1' : ''}`);
  expect(res.status).toBe(200);
  return res.data as UnitRow[];
}

async function row(id: string) {
  const [u] = await t.db.select().from(units).where(eq(units.id, id));
  return u;
}

async function auditOf(event: string, targetId: string) {
  return t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.event, event), eq(auditLog.targetId, targetId)));
}

/** Exactly one successful audit row of `event` on the unit, written by admin A. */
async function expectAudited(event: string, unitId: string) {
  const rows = await auditOf(event, unitId);
  expect(rows.map((r) => ({ event: r.event, outcome: r.outcome, actorId: r.actorId, targetType: r.targetType }))).toEqual([
    { event, outcome: 'success', actorId: adminAId, targetType: 'unit' },
  ]);
  return rows[0]!;
}

describe('creating, renaming and retyping a unit', () => {
  it('creates a child unit under the organisation: path, depth, listed, audited', async () => {
    const u = await create('城关派出所', orgA.id);
    expect(u).toMatchObject({ parentId: orgA.id, name: '城关派出所', type: 'police_station', path: `${orgA.path}${u.id}/`, depth: 1, active: true });
    expect((await listed()).map((x) => x.name)).toContain('城关派出所');
    const a = await expectAudited('unit.create', u.id);
    expect(a.details).toMatchObject({ name: '城关派出所', type: 'police_station', parentId: orgA.id });
  });

  it('renames a unit and changes its type; the audit row keeps the old values', async () => {
    const u = await create('交警大队', orgA.id, 'brigade');
    const renamed = await adminA.patch(`/api/units/${u.id}`, { name: '交通警察大队', shortName: '交警' });
    expect(renamed.status).toBe(200);
    expect(renamed.data).toMatchObject({ name: '交通警察大队', shortName: '交警', type: 'brigade' });
    const retyped = await adminA.patch(`/api/units/${u.id}`, { type: 'department' });
    expect(retyped.status).toBe(200);
    expect(await row(u.id)).toMatchObject({ name: '交通警察大队', type: 'department', path: u.path, depth: 1 });
    const rows = await auditOf('unit.update', u.id);
    expect(rows.map((r) => r.details)).toEqual([
      { before: { name: '交警大队', type: 'brigade', shortName: null }, changes: { name: '交通警察大队', shortName: '交警' } },
      { before: { name: '交通警察大队', type: 'brigade', shortName: '交警' }, changes: { type: 'department' } },
    ]);
  });

  it('refuses a second sibling of the same name (409 unit/name_taken), by create, rename or move; cousins may share it', async () => {
    const p1 = await create('治安大队', orgA.id, 'brigade');
    const p2 = await create('刑侦大队', orgA.id, 'brigade');
    await create('一中队', p1.id, 'department');
    const dup = await adminA.post('/api/units', { name: '一中队', type: 'department', parentId: p1.id });
    expect([dup.status, dup.json?.errorCode]).toEqual([409, 'unit/name_taken']);
    expect(dup.json?.errorMessage).toBe('同级单位中已有同名单位');

    const cousin = await create('一中队', p2.id, 'department');
    const second = await create('二中队', p1.id, 'department');
    const rename = await adminA.patch(`/api/units/${second.id}`, { name: '一中队' });
    expect([rename.status, rename.json?.errorCode]).toEqual([409, 'unit/name_taken']);
    expect((await row(second.id))?.name).toBe('二中队');

    const move = await adminA.post(`/api/units/${cousin.id}/move`, { parentId: p1.id });
    expect([move.status, move.json?.errorCode]).toEqual([409, 'unit/name_taken']);
    expect(await row(cousin.id)).toMatchObject({ parentId: p2.id, path: cousin.path });
    expect((await listed()).filter((u) => u.parentId === p1.id).map((u) => u.name).sort()).toEqual(['一中队', '二中队'].sort());
  });

  it('refuses an unknown unit type on create and on update', async () => {
    const c = await adminA.post('/api/units', { name: '太空站', type: 'spaceship', parentId: orgA.id });
    expect([c.status, c.json?.errorCode]).toEqual([400, 'unit/unknown_type']);
    expect((await listed(true)).map((u) => u.name)).not.toContain('太空站');
    const u = await create('网安大队', orgA.id, 'brigade');
    const p = await adminA.patch(`/api/units/${u.id}`, { type: 'spaceship' });
    expect([p.status, p.json?.errorCode]).toEqual([400, 'unit/unknown_type']);
    expect((await row(u.id))?.type).toBe('brigade');
  });

  it('rejects unknown fields with common/validation naming each field, in Chinese by default and English on request', async () => {
    const body = { name: '特警支队', type: 'brigade', parentId: orgA.id, colour: 'red', secretLevel: 1 };
    const zh = await adminA.post('/api/units', body);
    expect([zh.status, zh.json?.errorCode, zh.json?.errorMessage]).toEqual([400, 'common/validation', '输入有误，请检查标出的字段']);
    expect(zh.json?.fields?.map((f) => f.path)).toEqual(['colour', 'secretLevel']);
    expect(zh.json?.fields?.[0]?.message).toMatch(/[\u4e00-\u9fff]/);

    const en = await t.request('POST', '/api/units', { cookie: adminA.cookie, body, headers: { 'x-locale': 'en' } });
    expect([en.status, en.json?.errorCode, en.json?.errorMessage]).toEqual([400, 'common/validation', 'Some fields are invalid']);
    expect(en.json?.fields?.map((f) => f.path)).toEqual(['colour', 'secretLevel']);
    expect(en.json?.fields?.[0]?.message).toMatch(/^Unrecognized keys?: "colour"/);
    expect(en.json?.fields?.[0]?.message).not.toMatch(/[\u4e00-\u9fff]/);

    const patch = await adminA.patch(`/api/units/${orgA.id}`, { parentId: orgB.id });
    expect([patch.status, patch.json?.errorCode, patch.json?.fields?.map((f) => f.path)]).toEqual([400, 'common/validation', ['parentId']]);
    expect((await listed(true)).map((u) => u.name)).not.toContain('特警支队');
  });
});

describe('moving a unit with its subtree', () => {
  it('updates the path and depth of every descendant and lists the unit under its new parent', async () => {
    const x = await create('移动-甲', orgA.id, 'brigade');
    const x1 = await create('移动-甲-一', x.id, 'department');
    const x2 = await create('移动-甲-一-一', x1.id, 'department');
    const x3 = await create('移动-甲-二', x.id, 'department');
    const y = await create('移动-乙', orgA.id, 'brigade');
    const y1 = await create('移动-乙-一', y.id, 'department');

    const res = await adminA.post(`/api/units/${x.id}/move`, { parentId: y1.id });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ id: x.id, parentId: y1.id, path: `${y1.path}${x.id}/`, depth: 3 });

    const byId = new Map((await listed()).map((u) => [u.id, u]));
    expect(byId.get(x.id)).toMatchObject({ parentId: y1.id, path: `${y1.path}${x.id}/`, depth: 3 });
    expect(byId.get(x1.id)).toMatchObject({ parentId: x.id, path: `${y1.path}${x.id}/${x1.id}/`, depth: 4 });
    expect(byId.get(x2.id)).toMatchObject({ parentId: x1.id, path: `${y1.path}${x.id}/${x1.id}/${x2.id}/`, depth: 5 });
    expect(byId.get(x3.id)).toMatchObject({ parentId: x.id, path: `${y1.path}${x.id}/${x3.id}/`, depth: 4 });
    // Nothing outside the moved subtree changed.
    expect(byId.get(y.id)).toMatchObject({ path: y.path, depth: 1 });
    expect(byId.get(y1.id)).toMatchObject({ path: y1.path, depth: 2 });
    // No unit keeps a path under the old place.
    expect([...byId.values()].filter((u) => u.path.startsWith(x.path))).toEqual([]);

    const a = await expectAudited('unit.move', x.id);
    expect(a.details).toEqual({ fromParentId: orgA.id, toParentId: y1.id });

    // And back up a level: depths shrink again.
    const back = await adminA.post(`/api/units/${x.id}/move`, { parentId: orgA.id });
    expect(back.status).toBe(200);
    expect(await row(x2.id)).toMatchObject({ path: `${orgA.path}${x.id}/${x1.id}/${x2.id}/`, depth: 3 });
  });

  it('refuses to move a unit under itself or one of its descendants (unit/cycle) and changes nothing', async () => {
    const x = await create('环-甲', orgA.id, 'brigade');
    const x1 = await create('环-甲-一', x.id, 'department');
    const x2 = await create('环-甲-一-一', x1.id, 'department');
    for (const parentId of [x.id, x1.id, x2.id]) {
      const res = await adminA.post(`/api/units/${x.id}/move`, { parentId });
      expect([res.status, res.json?.errorCode]).toEqual([400, 'unit/cycle']);
    }
    expect(await row(x.id)).toMatchObject({ parentId: orgA.id, path: x.path, depth: 1 });
    expect(await row(x2.id)).toMatchObject({ path: x2.path, depth: 3 });
    expect(await auditOf('unit.move', x.id)).toEqual([]);
  });
});

describe('deactivating and activating', () => {
  it('deactivates the whole subtree: hidden from the default list, shown with includeInactive=1', async () => {
    const x = await create('停用-甲', orgA.id, 'brigade');
    const x1 = await create('停用-甲-一', x.id, 'department');
    const x2 = await create('停用-甲-一-一', x1.id, 'department');
    const sibling = await create('停用-乙', orgA.id, 'brigade');

    const res = await adminA.post(`/api/units/${x.id}/deactivate`);
    expect([res.status, res.data]).toEqual([200, { deactivated: 3 }]);
    const ids = [x.id, x1.id, x2.id];
    const active = (await listed()).map((u) => u.id);
    expect(ids.filter((id) => active.includes(id))).toEqual([]);
    expect(active).toContain(sibling.id);
    const all = await listed(true);
    expect(all.filter((u) => ids.includes(u.id)).map((u) => u.active)).toEqual([false, false, false]);
    const a = await expectAudited('unit.deactivate', x.id);
    expect(a.details).toEqual({ units: 3 });

    // No new unit under an inactive one.
    const under = await adminA.post('/api/units', { name: '新设', type: 'department', parentId: x1.id });
    expect([under.status, under.json?.errorCode]).toEqual([400, 'unit/inactive_parent']);
  });

  it('refuses to activate a unit while its parent is inactive; activating top-down works', async () => {
    const x = await create('启用-甲', orgA.id, 'brigade');
    const x1 = await create('启用-甲-一', x.id, 'department');
    await adminA.post(`/api/units/${x.id}/deactivate`);

    const early = await adminA.post(`/api/units/${x1.id}/activate`);
    expect([early.status, early.json?.errorCode]).toEqual([400, 'unit/inactive_parent']);
    expect((await row(x1.id))?.active).toBe(false);
    expect(await auditOf('unit.activate', x1.id)).toEqual([]);

    expect((await adminA.post(`/api/units/${x.id}/activate`)).status).toBe(200);
    expect((await row(x.id))?.active).toBe(true);
    expect((await row(x1.id))?.active).toBe(false);
    expect((await adminA.post(`/api/units/${x1.id}/activate`)).status).toBe(200);
    expect((await listed()).map((u) => u.id)).toEqual(expect.arrayContaining([x.id, x1.id]));
    await expectAudited('unit.activate', x.id);
    await expectAudited('unit.activate', x1.id);
  });
});

describe('deleting a unit', () => {
  it('deletes an empty unit', async () => {
    const u = await create('误建单位', orgA.id, 'department');
    const res = await adminA.del(`/api/units/${u.id}`);
    expect(res.status).toBe(200);
    expect(await row(u.id)).toBeUndefined();
    expect((await listed(true)).map((x) => x.id)).not.toContain(u.id);
    const a = await expectAudited('unit.delete', u.id);
    expect(a.details).toEqual({ name: '误建单位' });
  });

  it('refuses a unit with people, sub-units or role grants (409 unit/has_history); it stays', async () => {
    const withChild = await create('有下级', orgA.id, 'brigade');
    await create('下级', withChild.id, 'department');
    const withPerson = await create('有人员', orgA.id, 'brigade');
    await t.makePerson({ unitId: withPerson.id });
    const withGrant = await create('有授权', orgA.id, 'brigade');
    await t.makePerson({ unitId: orgA.id, roles: [{ role: 'editor', unitId: withGrant.id }] });

    for (const u of [withChild, withPerson, withGrant, { id: orgA.id }]) {
      const res = await adminA.del(`/api/units/${u.id}`);
      expect([res.status, res.json?.errorCode]).toEqual([409, 'unit/has_history']);
      expect(await row(u.id)).toBeDefined();
      expect(await auditOf('unit.delete', u.id)).toEqual([]);
    }
    expect(await t.db.select().from(roleAssignments).where(eq(roleAssignments.unitId, withGrant.id))).toHaveLength(1);
  });
});

describe('two organisations', () => {
  it("never shows organisation B's units to A's administrator", async () => {
    const ids = (await listed(true)).map((u) => u.id);
    expect(ids).toContain(orgA.id);
    expect(ids).not.toContain(orgB.id);
    expect(ids).not.toContain(b1.id);
    expect((await listed(true)).every((u) => u.path.startsWith(orgA.path))).toBe(true);
  });

  it("refuses A's administrator every change to B's units (404, as if they did not exist; audited), and B's units stay as they were", async () => {
    const mine = await create('本单位', orgA.id, 'brigade');
    const attempts = [
      adminA.post('/api/units', { name: '渗透', type: 'department', parentId: b1.id }),
      adminA.patch(`/api/units/${b1.id}`, { name: '被改名' }),
      adminA.post(`/api/units/${b1.id}/move`, { parentId: orgA.id }),
      adminA.post(`/api/units/${mine.id}/move`, { parentId: b1.id }),
      adminA.post(`/api/units/${b1.id}/deactivate`),
      adminA.post(`/api/units/${b1.id}/activate`),
      adminA.del(`/api/units/${b1.id}`),
    ];
    for (const res of await Promise.all(attempts)) expect([res.status, res.json?.errorCode]).toEqual([404, 'common/not_found']);
    expect(await row(b1.id)).toMatchObject({ name: '乙市城东派出所', parentId: orgB.id, path: b1.path, active: true });
    expect(await row(mine.id)).toMatchObject({ parentId: orgA.id, path: mine.path });
    const b = await t.as('admin.b');
    expect((await b.get('/api/units')).data.map((u: UnitRow) => u.name)).not.toContain('渗透');
    // Each refusal is on the record: the first of the minute in full, the others in the minute's count.
    t.clock.advance(60_000);
    await closeRefusals(t.db, t.clock());
    const denied = await t.db.select().from(auditLog).where(and(inArray(auditLog.event, ['access.denied', 'access.denied_repeated']), eq(auditLog.actorId, adminAId)));
    const counted = denied.reduce((n, r) => n + (r.event === 'access.denied_repeated' ? Number(r.details.count) - 1 : 1), 0);
    expect(counted).toBeGreaterThanOrEqual(attempts.length);
  });
});
