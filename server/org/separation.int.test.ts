/**
 * Separation of duties (三权分立, GB/T 22239 level 3; issue 7 item 4) through the HTTP API and the
 * operator's command: auditor accounts are the operator's alone; nobody changes their own roles;
 * administrator plus a deciding role (editor, unit approver, leader) is refused unless the deployment
 * runs as a small office, and then every decision such a person takes is marked in the audit log.
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { systemCtx } from '../http/context';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/app';
import { createPerson, insertPerson, resetPassword } from './people';
import { people, roleAssignments } from './tables';
import type { Unit } from './units';

let t: TestApp;
let root: Unit;
let a: Unit;
let adminLogin: string;

beforeAll(async () => {
  t = await createTestApp();
  root = await t.makeRoot('三权分立测试局');
  a = await t.makeUnit(root.id, '甲所');
  adminLogin = (await t.makePerson({ unitId: root.id, roles: [{ role: 'admin', unitId: root.id }] })).login;
}, 120_000);
afterAll(() => t?.close());

const cli = () => systemCtx({ database: t.database, config: t.config, clock: t.clock, actor: { via: 'cli', command: 'user add', operator: 'ops' } });
const grants = async (id: string) =>
  (await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, id))).map((r) => `${r.role}@${r.unitId === root.id ? 'root' : r.unitId === a.id ? 'a' : r.unitId}`).sort();

describe('auditor accounts belong to the operator', () => {
  it('refuses an administrator creating an auditor or a deployment auditor; nothing is written, the refusal is logged', async () => {
    const admin = await t.as(adminLogin);
    for (const role of ['auditor', 'deployment_auditor']) {
      const login = `aud-${role.length}`;
      const res = await admin.post('/api/people', { login, name: '审计', unitId: a.id, roles: [{ role, unitId: root.id }] });
      expect([res.status, res.json?.errorCode]).toEqual([403, 'person/auditor_by_operator']);
      expect(res.json?.errorMessage).toBe('审计员账号只能由运维人员在服务器上用命令行创建、授权或重置密码，网页中不能办理');
      expect(JSON.stringify(res.json)).not.toMatch(/initialPassword/);
      expect(await t.db.select().from(people).where(eq(people.login, login))).toEqual([]);
    }
    const [denied] = await t.db.select().from(auditLog).where(eq(auditLog.event, 'access.denied')).orderBy(desc(auditLog.seq)).limit(1);
    expect(denied?.details).toMatchObject({ route: '/api/people', reason: 'person/auditor_by_operator' });
  });

  it('refuses every change to an auditor account through the API, while the operator creates and resets it', async () => {
    const created = await createPerson(cli(), { login: 'org.auditor', name: '审计员', unitId: a.id, roles: [{ role: 'auditor', unitId: root.id }] });
    expect(created.initialPassword).toMatch(/^.{16}$/);
    const id = created.person.id;
    const before = (await t.db.select().from(people).where(eq(people.id, id)))[0]!;
    const admin = await t.as(adminLogin);
    const attempts = {
      reset: await admin.post(`/api/people/${id}/reset-password`),
      deactivate: await admin.post(`/api/people/${id}/deactivate`),
      activate: await admin.post(`/api/people/${id}/activate`),
      unlock: await admin.post(`/api/people/${id}/unlock`),
      rename: await admin.patch(`/api/people/${id}`, { name: '改名' }),
      dropRole: await admin.patch(`/api/people/${id}`, { roles: [] }),
    };
    for (const [what, res] of Object.entries(attempts)) {
      expect({ what, status: res.status, code: res.json?.errorCode }).toEqual({ what, status: 403, code: 'person/auditor_by_operator' });
      expect(JSON.stringify(res.json)).not.toMatch(/initialPassword/);
    }
    expect((await t.db.select().from(people).where(eq(people.id, id)))[0]).toMatchObject({ name: before.name, passwordHash: before.passwordHash, active: true });
    expect(await grants(id)).toEqual(['auditor@root']);

    // Granting an auditor role to someone else is refused as well.
    const other = await t.makePerson({ unitId: a.id, roles: [{ role: 'correspondent', unitId: a.id }] });
    const grant = await admin.patch(`/api/people/${other.id}`, { roles: [{ role: 'correspondent', unitId: a.id }, { role: 'deployment_auditor', unitId: root.id }] });
    expect([grant.status, grant.json?.errorCode]).toEqual([403, 'person/auditor_by_operator']);
    expect(await grants(other.id)).toEqual(['correspondent@a']);

    // The operator resets the auditor's password on the server.
    const reset = await resetPassword(cli(), id);
    expect(reset.initialPassword).toMatch(/^.{16}$/);
    expect((await t.signIn('org.auditor', reset.initialPassword)).res.status).toBe(200);
  });

  it('does not offer the auditor roles as grantable in the role list', async () => {
    const admin = await t.as(adminLogin);
    const roles = (await admin.get('/api/roles')).data as { key: string; operatorOnly: boolean }[];
    expect(roles.filter((r) => r.operatorOnly).map((r) => r.key)).toEqual(['auditor', 'deployment_auditor']);
  });
});

describe('administrator and deciding roles', () => {
  it('refuses administrator plus editor, unit approver or leader on one person, on create and on update', async () => {
    const admin = await t.as(adminLogin);
    for (const role of ['editor', 'unit_approver', 'leader']) {
      const login = `both-${role}`.replace('_', '-');
      const res = await admin.post('/api/people', { login, name: '兼任', unitId: a.id, roles: [{ role: 'admin', unitId: a.id }, { role, unitId: a.id }] });
      expect([res.status, res.json?.errorCode]).toEqual([400, 'person/admin_reviewer']);
      expect(res.json?.errorMessage).toContain('XUANBAO_SMALL_OFFICE');
      expect(await t.db.select().from(people).where(eq(people.login, login))).toEqual([]);
    }
    const ed = await t.makePerson({ unitId: a.id, roles: [{ role: 'editor', unitId: a.id }] });
    const up = await admin.patch(`/api/people/${ed.id}`, { roles: [{ role: 'editor', unitId: a.id }, { role: 'admin', unitId: a.id }] });
    expect([up.status, up.json?.errorCode]).toEqual([400, 'person/admin_reviewer']);
    expect(await grants(ed.id)).toEqual(['editor@a']);
    // The operator is held to it too.
    await expect(createPerson(cli(), { login: 'cli.both', name: '兼任', unitId: a.id, roles: [{ role: 'admin', unitId: a.id }, { role: 'leader', unitId: a.id }] })).rejects.toMatchObject({
      code: 'person/admin_reviewer',
    });
  });

  it('refuses an administrator granting themself the editor role', async () => {
    const self = await t.makePerson({ unitId: a.id, roles: [{ role: 'admin', unitId: a.id }] });
    const c = await t.as(self.login);
    const res = await c.patch(`/api/people/${self.id}`, { roles: [{ role: 'admin', unitId: a.id }, { role: 'correspondent', unitId: a.id }] });
    expect([res.status, res.json?.errorCode]).toEqual([403, 'person/own_roles']);
    expect(await grants(self.id)).toEqual(['admin@a']);
  });

  it('with XUANBAO_SMALL_OFFICE=1 allows it, and marks every decision such a person takes in the audit log', async () => {
    const small = await createTestApp({ database: t.database, config: { smallOffice: true } });
    try {
      const station = await small.makeUnit(root.id, '小所');
      const corr = await small.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }] });
      const both = await insertPerson(small.db, {
        login: 'small.both',
        name: '兼任管理员',
        unitId: station.id,
        roles: [{ role: 'admin', unitId: station.id }, { role: 'unit_approver', unitId: station.id }],
        password: TEST_PASSWORD,
        now: small.clock(),
        mustChangePassword: false,
        smallOffice: small.config.smallOffice,
      });
      const plain = await small.makePerson({ unitId: station.id, roles: [{ role: 'unit_approver', unitId: station.id }] });
      // The API of a small office accepts the pair too.
      const admin = await small.as(adminLogin);
      const viaApi = await admin.post('/api/people', { login: 'small.api', name: '兼任', unitId: station.id, roles: [{ role: 'admin', unitId: station.id }, { role: 'leader', unitId: station.id }] });
      expect(viaApi.status, JSON.stringify(viaApi.json)).toBe(200);

      const c = await small.as(corr.login);
      const submit = async () => {
        const created = await c.post('/api/submissions', {
          kind: 'lead',
          title: '小所破获一起盗窃案',
          body: '近日，小所民警经过连续奋战，成功破获一起盗窃案件，为群众挽回经济损失一万余元。该案线索来源于群众报警，民警迅速开展研判。',
          situationNote: '可公开报道。',
        });
        expect((await c.post(`/api/submissions/${created.data.id}/submit`)).status).toBe(200);
        return created.data.id as string;
      };
      const decisionRow = async (id: string) =>
        (await small.db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.event, 'review.passed'))))[0];

      const first = await submit();
      const byBoth = await (await small.as('small.both')).post(`/api/submissions/${first}/decision`, { type: 'pass' });
      expect(byBoth.status, JSON.stringify(byBoth.json)).toBe(200);
      expect((await decisionRow(first))?.details).toMatchObject({ adminReviewer: true });
      expect((await decisionRow(first))?.actorId).toBe(both.id);

      const second = await submit();
      expect((await (await small.as(plain.login)).post(`/api/submissions/${second}/decision`, { type: 'pass' })).status).toBe(200);
      expect((await decisionRow(second))?.details).not.toHaveProperty('adminReviewer');
    } finally {
      await small.app.close();
    }
  });
});
