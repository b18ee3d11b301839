/**
 * People through the HTTP API: accounts and roles, separation of duties, scope, sessions, password
 * resets, lists, and personal data (masked by default; unmasking needs a permission and is audited).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/app';
import { people, roleAssignments } from './tables';
import type { Unit } from './units';
import { systemCtx } from '../http/context';
import { createPerson, updatePerson } from './people';

type Client = Awaited<ReturnType<TestApp['as']>>;
type PersonView = {
  id: string;
  login: string;
  name: string;
  unitId: string;
  phone: string | null;
  email: string | null;
  active: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  roles: { role: string; unitId: string; unitName: string }[];
};

let t: TestApp;
let root: Unit;
let a: Unit;
let a1: Unit;
let a2: Unit;
let b: Unit;
let admin: Client;
let adminId: string;

beforeAll(async () => {
  t = await createTestApp();
  root = await t.makeRoot('某市公安局');
  a = await t.makeUnit(root.id, '甲分局', 'bureau');
  a1 = await t.makeUnit(a.id, '甲分局城关派出所');
  a2 = await t.makeUnit(a.id, '甲分局城西派出所');
  b = await t.makeUnit(root.id, '乙分局', 'bureau');
  adminId = (await t.makePerson({ unitId: a.id, login: 'admin.a', name: '甲管理员', roles: [{ role: 'admin', unitId: a.id }] })).id;
  admin = await t.as('admin.a');
});
afterAll(async () => {
  await t?.close();
});

const sorted = <T extends { role: string; unitId: string }>(rs: T[]) =>
  rs.map((r) => ({ role: r.role, unitId: r.unitId })).sort((x, y) => `${x.role}${x.unitId}`.localeCompare(`${y.role}${y.unitId}`));

async function auditOf(event: string, targetId: string) {
  return t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.event, event), eq(auditLog.targetId, targetId)));
}

async function create(body: Record<string, unknown>): Promise<{ person: PersonView; initialPassword: string }> {
  const res = await admin.post('/api/people', { name: '测试人员', unitId: a1.id, roles: [], ...body });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.data;
}

describe('creating people', () => {
  it('creates a person with roles; the initial password signs in and must be changed first', async () => {
    const { person, initialPassword } = await create({
      login: 'Zhang.San',
      name: '张三',
      phone: '13812345678',
      email: 'zhangsan@example.cn',
      roles: [
        { role: 'correspondent', unitId: a1.id },
        { role: 'editor', unitId: a.id },
      ],
    });
    expect(person).toMatchObject({ login: 'zhang.san', name: '张三', unitId: a1.id, active: true, mustChangePassword: true, locked: false });
    expect(sorted(person.roles)).toEqual(sorted([{ role: 'correspondent', unitId: a1.id }, { role: 'editor', unitId: a.id }]));
    expect(initialPassword).toMatch(/^.{16}$/);

    const signIn = await t.signIn('zhang.san', initialPassword);
    expect([signIn.res.status, signIn.res.data]).toEqual([200, { mustChangePassword: true }]);
    const blocked = await t.request('GET', '/api/units', { cookie: signIn.cookie });
    expect([blocked.status, blocked.json?.errorCode]).toEqual([403, 'auth/password_change_required']);
    const change = await t.request('POST', '/api/auth/password', { cookie: signIn.cookie, body: { currentPassword: initialPassword, newPassword: 'Xinmima-2026!' } });
    expect(change.status).toBe(200);
    expect((await t.request('GET', '/api/units', { cookie: signIn.cookie })).status).toBe(200);

    const [row] = await auditOf('person.create', person.id);
    expect(row).toMatchObject({ actorId: adminId, outcome: 'success', targetType: 'person' });
    expect(row!.details).toMatchObject({ login: 'zhang.san', unitId: a1.id });
    expect(JSON.stringify(row)).not.toContain(initialPassword);
    expect(JSON.stringify(row)).not.toContain('13812345678');
  });

  it('treats logins case-insensitively (409 person/login_taken)', async () => {
    await create({ login: 'li.si', name: '李四' });
    for (const login of ['LI.SI', 'Li.Si', '  li.si ']) {
      const res = await admin.post('/api/people', { login, name: '李四二', unitId: a1.id, roles: [] });
      expect([res.status, res.json?.errorCode]).toEqual([409, 'person/login_taken']);
    }
    expect((await admin.get('/api/people?q=李四')).data.total).toBe(1);
  });

  it('refuses administrator and auditor on one person (三权分立), on create and on update', async () => {
    // Through the API an auditor role is refused before anything else: only the operator grants it.
    const both = await admin.post('/api/people', {
      login: 'wang.wu',
      name: '王五',
      unitId: a1.id,
      roles: [
        { role: 'admin', unitId: a1.id },
        { role: 'auditor', unitId: a.id },
      ],
    });
    expect([both.status, both.json?.errorCode]).toEqual([403, 'person/auditor_by_operator']);
    expect(await t.db.select().from(people).where(eq(people.login, 'wang.wu'))).toEqual([]);
    // The operator's command is refused the pair too.
    const cli = systemCtx({ database: t.database, config: t.config, actor: { via: 'cli', command: 'user add', operator: 'root' } });
    await expect(
      createPerson(cli, { login: 'wang.wu', name: '王五', unitId: a1.id, roles: [{ role: 'admin', unitId: a1.id }, { role: 'auditor', unitId: a.id }] }),
    ).rejects.toMatchObject({ code: 'person/separation_of_duties' });
    expect(await t.db.select().from(people).where(eq(people.login, 'wang.wu'))).toEqual([]);

    const { person } = await createPerson(cli, { login: 'wang.wu', name: '王五', unitId: a1.id, roles: [{ role: 'auditor', unitId: a.id }] });
    await expect(
      updatePerson(cli, person.id, { roles: [{ role: 'auditor', unitId: a.id }, { role: 'admin', unitId: a2.id }] }),
    ).rejects.toMatchObject({ code: 'person/separation_of_duties' });
    expect(sorted(await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, person.id)))).toEqual([{ role: 'auditor', unitId: a.id }]);
  });

  it("refuses a person in, or a role on, a unit outside the administrator's scope (404, as if it did not exist)", async () => {
    const inB = await admin.post('/api/people', { login: 'zhao.liu', name: '赵六', unitId: b.id, roles: [] });
    expect([inB.status, inB.json?.errorCode]).toEqual([404, 'common/not_found']);
    const roleOnB = await admin.post('/api/people', { login: 'zhao.liu', name: '赵六', unitId: a1.id, roles: [{ role: 'editor', unitId: b.id }] });
    expect([roleOnB.status, roleOnB.json?.errorCode]).toEqual([404, 'common/not_found']);
    const roleOnRoot = await admin.post('/api/people', { login: 'zhao.liu', name: '赵六', unitId: a1.id, roles: [{ role: 'editor', unitId: root.id }] });
    expect([roleOnRoot.status, roleOnRoot.json?.errorCode]).toEqual([404, 'common/not_found']);
    expect(await t.db.select().from(people).where(eq(people.login, 'zhao.liu'))).toEqual([]);

    const { person } = await create({ login: 'zhao.liu', name: '赵六' });
    const grant = await admin.patch(`/api/people/${person.id}`, { roles: [{ role: 'leader', unitId: b.id }] });
    expect([grant.status, grant.json?.errorCode]).toEqual([404, 'common/not_found']);
    const move = await admin.patch(`/api/people/${person.id}`, { unitId: b.id });
    expect([move.status, move.json?.errorCode]).toEqual([404, 'common/not_found']);
    expect(await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, person.id))).toEqual([]);
    expect((await t.db.select().from(people).where(eq(people.id, person.id)))[0]?.unitId).toBe(a1.id);
  });
});

describe('changing people', () => {
  it('updates roles: adds and removes exactly the differences, and audits them', async () => {
    const { person } = await create({
      login: 'sun.qi',
      name: '孙七',
      roles: [
        { role: 'correspondent', unitId: a1.id },
        { role: 'unit_approver', unitId: a1.id },
      ],
    });
    const res = await admin.patch(`/api/people/${person.id}`, {
      roles: [
        { role: 'unit_approver', unitId: a1.id },
        { role: 'editor', unitId: a.id },
      ],
    });
    expect(res.status).toBe(200);
    expect(sorted(res.data.roles)).toEqual(sorted([{ role: 'unit_approver', unitId: a1.id }, { role: 'editor', unitId: a.id }]));
    expect(sorted(await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, person.id)))).toEqual(
      sorted([{ role: 'unit_approver', unitId: a1.id }, { role: 'editor', unitId: a.id }]),
    );
    const [row] = await auditOf('person.update', person.id);
    expect(row!.details).toEqual({
      changes: { roles: { added: [{ role: 'editor', unitId: a.id }], removed: [{ role: 'correspondent', unitId: a1.id }] } },
    });
  });

  it('does not let an administrator change their own roles (up or down) or deactivate themselves', async () => {
    const drop = await admin.patch(`/api/people/${adminId}`, { roles: [{ role: 'correspondent', unitId: a.id }] });
    expect([drop.status, drop.json?.errorCode]).toEqual([403, 'person/own_roles']);
    const add = await admin.patch(`/api/people/${adminId}`, { roles: [{ role: 'admin', unitId: a.id }, { role: 'correspondent', unitId: a1.id }] });
    expect([add.status, add.json?.errorCode]).toEqual([403, 'person/own_roles']);
    expect(add.json?.errorMessage).toBe('不能修改自己的角色，请由其他管理员办理');
    expect(sorted(await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, adminId)))).toEqual([{ role: 'admin', unitId: a.id }]);
    const off = await admin.post(`/api/people/${adminId}/deactivate`);
    expect([off.status, off.json?.errorCode]).toEqual([400, 'person/self_change']);
    expect((await admin.get('/api/auth/me')).data?.login).toBe('admin.a');
  });

  it('ends the sessions of a deactivated person and lets them back in once activated', async () => {
    const p = await t.makePerson({ unitId: a1.id, roles: [{ role: 'correspondent', unitId: a1.id }] });
    const c = await t.as(p.login);
    // A second session, not used until the person is active again: it must not come back to life.
    const idle = await t.as(p.login);
    expect((await c.get('/api/units')).status).toBe(200);

    const off = await admin.post(`/api/people/${p.id}/deactivate`);
    expect([off.status, off.data.active]).toEqual([200, false]);
    const after = await c.get('/api/units');
    expect([after.status, after.json?.errorCode]).toEqual([401, 'auth/session_expired']);
    expect((await t.signIn(p.login)).res.json?.errorCode).toBe('auth/invalid_credentials');
    expect(await auditOf('person.deactivate', p.id)).toHaveLength(1);

    expect((await admin.post(`/api/people/${p.id}/activate`)).status).toBe(200);
    expect((await t.signIn(p.login)).res.status).toBe(200);
    expect((await c.get('/api/units')).status).toBe(401);
    const revived = await idle.get('/api/units');
    expect([revived.status, revived.json?.errorCode]).toEqual([401, 'auth/session_expired']);
  });

  it('resets a password: a new generated one, to be changed; the lockout is lifted; old password and sessions end', async () => {
    const p = await t.makePerson({ unitId: a1.id, roles: [{ role: 'correspondent', unitId: a1.id }] });
    const c = await t.as(p.login);
    for (let i = 0; i < t.config.lockoutThreshold; i++) await t.signIn(p.login, 'wrong-Passw0rd!');
    expect((await t.signIn(p.login)).res.json?.errorCode).toBe('auth/invalid_credentials');
    expect((await admin.get(`/api/people/${p.id}`)).data.locked).toBe(true);

    const res = await admin.post(`/api/people/${p.id}/reset-password`);
    expect(res.status).toBe(200);
    const pw = res.data.initialPassword as string;
    expect(pw).toMatch(/^.{16}$/);
    expect(pw).not.toBe(TEST_PASSWORD);
    expect((await admin.get(`/api/people/${p.id}`)).data).toMatchObject({ locked: false, mustChangePassword: true });
    expect((await c.get('/api/units')).status).toBe(401);
    expect((await t.signIn(p.login)).res.json?.errorCode).toBe('auth/invalid_credentials');
    const fresh = await t.signIn(p.login, pw);
    expect([fresh.res.status, fresh.res.data]).toEqual([200, { mustChangePassword: true }]);
    const [row] = await auditOf('person.reset_password', p.id);
    expect(JSON.stringify(row)).not.toContain(pw);
  });

  it("refuses to manage a person whose roles reach beyond the administrator's scope (no account takeover)", async () => {
    // Lives in A, but administers the whole city: A's administrator must not take the account over.
    const boss = await t.makePerson({ unitId: a.id, login: 'city.admin', roles: [{ role: 'admin', unitId: root.id }] });
    const bossClient = await t.as('city.admin');
    for (const res of [
      await admin.post(`/api/people/${boss.id}/reset-password`),
      await admin.post(`/api/people/${boss.id}/deactivate`),
      await admin.patch(`/api/people/${boss.id}`, { name: '改名' }),
      await admin.patch(`/api/people/${boss.id}`, { roles: [{ role: 'admin', unitId: root.id }, { role: 'leader', unitId: a.id }] }),
    ]) {
      expect([res.status, res.json?.errorCode]).toEqual([403, 'auth/forbidden']);
    }
    expect((await t.db.select().from(people).where(eq(people.id, boss.id)))[0]).toMatchObject({ active: true, name: '测试dmin' });
    expect((await bossClient.get('/api/units')).status).toBe(200);
    expect((await t.signIn('city.admin')).res.status).toBe(200);
    // Reading stays possible: the person lives in A.
    expect((await admin.get(`/api/people/${boss.id}`)).status).toBe(200);
  });
});

describe('lists, scope and personal data', () => {
  let zhou: PersonView;
  let wuB: string;
  let corr: Client;

  beforeAll(async () => {
    zhou = (await create({ login: 'zhou.ba', name: '周八', unitId: a2.id, phone: '13987654321', email: 'zhouba@example.cn' })).person;
    await create({ login: 'zheng.jiu', name: '郑九', unitId: a1.id, phone: '010-6512 3456' });
    wuB = (await t.makePerson({ unitId: b.id, login: 'wu.shi', name: '吴十' })).id;
    await t.makePerson({ unitId: a1.id, login: 'corr.a1', name: '城关通讯员', roles: [{ role: 'correspondent', unitId: a1.id }] });
    corr = await t.as('corr.a1');
  });

  it('filters the list by unit subtree and by search, within the caller\'s scope', async () => {
    const inA2 = (await admin.get(`/api/people?unitId=${a2.id}`)).data;
    expect(inA2.items.map((p: PersonView) => p.login)).toEqual(['zhou.ba']);
    expect(inA2.total).toBe(1);

    const inA = (await admin.get(`/api/people?unitId=${a.id}&pageSize=200`)).data.items.map((p: PersonView) => p.login);
    expect(inA).toEqual(expect.arrayContaining(['admin.a', 'zhou.ba', 'zheng.jiu', 'corr.a1']));

    const all = (await admin.get('/api/people?pageSize=200&includeInactive=1')).data.items.map((p: PersonView) => p.login);
    expect(all).not.toContain('wu.shi');
    const inB = await admin.get(`/api/people?unitId=${b.id}`);
    expect([inB.status, inB.json?.errorCode]).toEqual([404, 'common/not_found']);

    expect((await admin.get('/api/people?q=周')).data.items.map((p: PersonView) => p.login)).toEqual(['zhou.ba']);
    expect((await admin.get('/api/people?q=ZHENG')).data.items.map((p: PersonView) => p.login)).toEqual(['zheng.jiu']);
    expect((await admin.get('/api/people?q=吴十')).data.total).toBe(0);
    expect((await admin.get(`/api/people?q=zh&unitId=${a2.id}`)).data.items.map((p: PersonView) => p.login)).toEqual(['zhou.ba']);
  });

  it('masks phone and e-mail in lists and in the detail view', async () => {
    const [listed] = (await admin.get('/api/people?q=zhou.ba')).data.items as PersonView[];
    expect(listed).toMatchObject({ phone: '139****4321', email: 'z***@example.cn' });
    const detail = (await admin.get(`/api/people/${zhou.id}`)).data;
    expect(detail).toMatchObject({ phone: '139****4321', email: 'z***@example.cn' });
    const [landline] = (await admin.get('/api/people?q=zheng.jiu')).data.items as PersonView[];
    expect(landline?.phone).not.toContain('6512');
    expect(await auditOf('person.unmask', zhou.id)).toEqual([]);
  });

  it('shows phone and e-mail in full with ?unmask=1 to holders of person.unmask, and audits it', async () => {
    const res = await admin.get(`/api/people/${zhou.id}?unmask=1`);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ phone: '13987654321', email: 'zhouba@example.cn' });
    const rows = await auditOf('person.unmask', zhou.id);
    expect(rows.map((r) => ({ actorId: r.actorId, outcome: r.outcome, details: r.details }))).toEqual([
      { actorId: adminId, outcome: 'success', details: { fields: ['phone', 'email'] } },
    ]);
    expect(JSON.stringify(rows)).not.toContain('13987654321');

    // A correspondent may read people of their unit, but not unmask them.
    const zheng = (await admin.get('/api/people?q=zheng.jiu')).data.items[0] as PersonView;
    const refused = await corr.get(`/api/people/${zheng.id}?unmask=1`);
    expect([refused.status, refused.json?.errorCode]).toEqual([403, 'auth/forbidden']);
    expect(JSON.stringify(refused.json)).not.toContain('6512');
    expect(await auditOf('person.unmask', zheng.id)).toEqual([]);
  });

  it("lets a correspondent read people of their own unit subtree, and not another unit's", async () => {
    const list = (await corr.get('/api/people?pageSize=200')).data.items as PersonView[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((p) => p.unitId === a1.id)).toBe(true);
    expect(list.map((p) => p.login)).toEqual(expect.arrayContaining(['corr.a1', 'zheng.jiu']));

    const zheng = list.find((p) => p.login === 'zheng.jiu')!;
    expect((await corr.get(`/api/people/${zheng.id}`)).data).toMatchObject({ login: 'zheng.jiu', unitId: a1.id });
    for (const id of [zhou.id, wuB, adminId]) {
      const res = await corr.get(`/api/people/${id}`);
      expect([res.status, res.json?.errorCode]).toEqual([404, 'common/not_found']);
      expect(JSON.stringify(res.json)).not.toMatch(/zhou|吴十|admin\.a/);
    }
    // and cannot change anyone, not even in their own unit
    const write = await corr.patch(`/api/people/${zheng.id}`, { name: '改名' });
    expect([write.status, write.json?.errorCode]).toEqual([403, 'auth/forbidden']);
  });

  it('writes no phone number or e-mail address into the audit row of a person update', async () => {
    const res = await admin.patch(`/api/people/${zhou.id}`, { phone: '+86 139-0000-1111', email: 'new.mail@example.cn', name: '周八八' });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ name: '周八八', phone: '139****1111' });
    const rows = await auditOf('person.update', zhou.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toEqual({ changes: { name: '周八八', phone: '(changed)', email: '(changed)' } });
    // Everything in the row but its hashes and ids (random hex digits could contain '139' by chance).
    const text = JSON.stringify(rows.map(({ hash: _h, prevHash: _p, id: _i, actorId: _a, targetId: _t, ...rest }) => rest));
    for (const s of ['139', '0000', '1111', 'new.mail', '13987654321']) expect(text).not.toContain(s);
    expect((await admin.get(`/api/people/${zhou.id}?unmask=1`)).data).toMatchObject({ phone: '+86 139-0000-1111', email: 'new.mail@example.cn' });
  });
});

describe('the people list sorts on the server', () => {
  it('by a chosen column both ways, the id breaking ties, and refuses a column not on the list', async () => {
    for (const [i, name] of ['排序丙', '排序甲', '排序乙', '排序甲'].entries()) await t.makePerson({ unitId: a2.id, login: `sort.${i}`, name });
    const get = async (q: string) => ((await admin.get(`/api/people?q=${encodeURIComponent('排序')}&pageSize=2&${q}&page=1`)).data.items as PersonView[]).concat((await admin.get(`/api/people?q=${encodeURIComponent('排序')}&pageSize=2&${q}&page=2`)).data.items as PersonView[]);
    const asc = await get('sort=login&order=asc');
    expect(asc.map((p) => p.login)).toEqual(['sort.0', 'sort.1', 'sort.2', 'sort.3']);
    expect((await get('sort=login&order=desc')).map((p) => p.login)).toEqual(['sort.3', 'sort.2', 'sort.1', 'sort.0']);
    // Names tie (two 排序甲): every person once across the two pages, in one order both times.
    const byName = await get('sort=name&order=asc');
    expect(byName.map((p) => p.login).sort()).toEqual(['sort.0', 'sort.1', 'sort.2', 'sort.3']);
    expect(byName.map((p) => p.id)).toEqual((await get('sort=name&order=asc')).map((p) => p.id));
    const bad = await admin.get('/api/people?sort=password_hash');
    expect(bad.status).toBe(400);
    expect(bad.json?.fields?.map((f) => f.path)).toContain('sort');
  });
});
