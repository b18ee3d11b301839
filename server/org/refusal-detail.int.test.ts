/**
 * A refused action says what it needs (issue 8, item 1): the role that carries the permission and the
 * unit it is needed on, in the caller's language; the unit only when the caller may see it, and a
 * record outside the caller's scope is still "not found" (its existence is not revealed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import type { Unit } from './units';

let t: TestApp;
let office: Unit;
let station: Unit;
let other: Unit;

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('某旗公安局');
  office = await t.makeUnit(root.id, '政治工作办公室', 'office');
  station = await t.makeUnit(root.id, '嘎鲁图派出所');
  const otherRoot = await t.makeRoot('另一市公安局');
  other = await t.makeUnit(otherRoot.id, '另一派出所');
  // The broken path of the issue: a person of the station whose role was granted on the office.
  await t.makePerson({ unitId: station.id, login: 'misgranted', roles: [{ role: 'correspondent', unitId: office.id }] });
  await t.makePerson({ unitId: station.id, login: 'granted', roles: [{ role: 'correspondent', unitId: station.id }] });
  await t.makePerson({ unitId: office.id, login: 'office.admin', roles: [{ role: 'admin', unitId: office.id }] });
  await t.makePerson({ unitId: other.id, login: 'other.writer', roles: [{ role: 'correspondent', unitId: other.id }] });
});
afterAll(async () => {
  await t?.close();
});

describe('a refusal names the role and the unit it needs', () => {
  it('tells a correspondent granted on the wrong unit which role on which unit a draft needs (zh-CN and English)', async () => {
    const c = await t.as('misgranted');
    const zh = await c.post('/api/submissions', { kind: 'article', title: '测试' });
    expect(zh.status).toBe(403);
    expect(zh.json).toMatchObject({ errorCode: 'auth/forbidden', errorMessage: '无权执行此操作：需要『通讯员』角色（嘎鲁图派出所）' });
    const en = await t.request('POST', '/api/submissions', { cookie: c.cookie, body: { kind: 'article', title: 'test' }, headers: { 'x-locale': 'en' } });
    expect(en.json?.errorMessage).toBe('You are not allowed to do this: it needs the role “Correspondent” on 嘎鲁图派出所');
    // Granted on the person's own unit, the same request goes through.
    const ok = await (await t.as('granted')).post('/api/submissions', { kind: 'article', title: '测试' });
    expect(ok.status).toBe(200);
  });

  it('names every role that would do, and no unit when the route needs the permission anywhere', async () => {
    const c = await t.as('granted');
    const r = await c.get('/api/review/chains');
    expect(r.status).toBe(403);
    expect(r.json?.errorMessage).toBe('无权执行此操作：需要『管理员』角色');
    const sens = await c.put(`/api/submissions/${crypto.randomUUID()}/sensitivity`, { sensitive: true, sensitivity: null });
    expect(sens.json?.errorMessage).toBe('无权执行此操作：需要『编辑/审核员』或『领导』角色');
  });

  it('does not name a unit the caller cannot see', async () => {
    const c = await t.as('granted');
    const r = await c.post('/api/submissions', { kind: 'article', title: '测试', unitId: other.id });
    expect(r.status).toBe(403);
    expect(r.json?.errorMessage).toBe('无权执行此操作：需要『通讯员』角色');
    expect(r.json?.errorMessage).not.toContain('另一派出所');
  });

  it('keeps "not found" for a record outside the caller’s scope', async () => {
    const w = await t.as('other.writer');
    const created = await w.post('/api/submissions', { kind: 'article', title: '别处的稿件' });
    const id = (created.data as { id: string }).id;
    const r = await (await t.as('granted')).get(`/api/submissions/${id}`);
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ errorCode: 'common/not_found', errorMessage: '未找到该记录或无权查看' });
  });
});
