import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { counters } from '../db/tables';
import { createTestApp, type TestApp } from '../test/app';
import { submissions } from './tables';

/**
 * Serial numbers (编号): a draft has none; the first submission numbers the item per organisation
 * (top-level unit) and year of submission in the deployment's time zone; a resubmission keeps it.
 */
let t: TestApp;
const login: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const org of ['a', 'b']) {
    const root = await t.makeRoot(`测试局${org}`);
    const station = await t.makeUnit(root.id, `派出所${org}`, 'police_station');
    login[`corr_${org}`] = (await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }] })).login;
    login[`ed_${org}`] = (await t.makePerson({ unitId: root.id, roles: [{ role: 'editor', unitId: root.id }, { role: 'unit_approver', unitId: station.id }] })).login;
  }
}, 120_000);
afterAll(() => t?.close());

let n = 0;
const lead = () => ({
  kind: 'lead',
  title: `线索${++n}`,
  body: `第${n}条：${'民警走访社区开展反诈宣传'.repeat(3)}，${String(n).repeat(8)}，群众反响良好。`.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!),
  situationNote: '可公开报道。',
});

async function draft(org: 'a' | 'b') {
  const c = await t.as(login[`corr_${org}`]!);
  const created = await c.post('/api/submissions', lead());
  expect(created.status).toBe(200);
  return { c, id: created.data.id as string, created };
}

describe('serial numbers', () => {
  it('a draft has none; the list and the item show it as null, and drafts are still found by title', async () => {
    const { c, id, created } = await draft('a');
    expect(created.data).toEqual({ id, serial: null });
    expect((await c.get(`/api/submissions/${id}`)).data.serial).toBeNull();
    const list = await c.get(`/api/submissions?scope=mine&q=${encodeURIComponent(`线索${n}`)}`);
    expect(list.data.items.map((i: { id: string; serial: string | null }) => [i.id, i.serial])).toEqual([[id, null]]);
  });

  it('numbers at first submission, per organisation and year, in the order of submission', async () => {
    const a1 = await draft('a');
    const a2 = await draft('a');
    const b1 = await draft('b');
    // Submitted in another order than created: the number follows submission.
    expect((await a2.c.post(`/api/submissions/${a2.id}/submit`)).data.serial).toBe('2026-000001');
    expect((await b1.c.post(`/api/submissions/${b1.id}/submit`)).data.serial).toBe('2026-000001');
    expect((await a1.c.post(`/api/submissions/${a1.id}/submit`)).data.serial).toBe('2026-000002');
    expect((await a1.c.get(`/api/submissions/${a1.id}`)).data.serial).toBe('2026-000002');
    // Found by its number.
    expect((await a1.c.get('/api/submissions?q=2026-000002')).data.items.map((i: { id: string }) => i.id)).toEqual([a1.id]);
  });

  it('a resubmission keeps its number; the year is the submission year in the deployment time zone', async () => {
    const a = await draft('a');
    const first = (await a.c.post(`/api/submissions/${a.id}/submit`)).data.serial as string;
    const ed = await t.as(login.ed_a!);
    expect((await ed.post(`/api/submissions/${a.id}/decision`, { type: 'return', comment: '请补充' })).data.status).toBe('returned');
    expect((await a.c.put(`/api/submissions/${a.id}/draft`, { situationNote: '已补充。' })).status).toBe(200);
    expect((await a.c.post(`/api/submissions/${a.id}/submit`)).data).toMatchObject({ serial: first, version: 2 });

    // 2026-12-31 16:30 UTC is already 2027 in Asia/Shanghai: a new year, numbered from 1.
    // Created in 2026, submitted in 2027: the submission year counts.
    const b = await draft('b');
    t.clock.set('2026-12-31T16:30:00Z');
    const again = await t.as(login.corr_b!); // the earlier session has timed out
    expect((await again.post(`/api/submissions/${b.id}/submit`)).data.serial).toBe('2027-000001');
  });
});

describe('numbers per organisation under load', () => {
  it('two offices submitting 20 items each at once: each office numbers 1..20, gap-free and unique', async () => {
    const offices = await Promise.all(
      ['丙', '丁'].map(async (name) => {
        const root = await t.makeRoot(`并发测试局${name}`);
        const station = await t.makeUnit(root.id, `并发派出所${name}`, 'police_station');
        const who = (await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }] })).login;
        const c = await t.as(who);
        const ids: string[] = [];
        for (let i = 0; i < 20; i++) ids.push((await c.post('/api/submissions', lead())).data.id as string);
        return { c, ids };
      }),
    );
    // All 40 submits in flight together, the two offices interleaved.
    const results = await Promise.all(offices.flatMap(({ c, ids }) => ids.map((id) => c.post(`/api/submissions/${id}/submit`))));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    const year = (results[0]!.data.serial as string).slice(0, 4);
    const expected = Array.from({ length: 20 }, (_, i) => `${year}-${String(i + 1).padStart(6, '0')}`);
    for (const [k, office] of offices.entries()) {
      const serials = results.slice(k * 20, k * 20 + 20).map((r) => r.data.serial as string);
      expect(serials.sort()).toEqual(expected);
      // What the office's list shows agrees with what submit answered.
      const listed = (await office.c.get('/api/submissions?scope=mine&pageSize=50')).data.items.map((i) => i.serial);
      expect(listed.sort()).toEqual(expected);
    }
  });
});

describe('choosing a kind makes no draft and uses no number', () => {
  it('an empty draft is refused; the first typed text makes one, without a number or a counter step', async () => {
    const root = await t.makeRoot('空稿测试局');
    const station = await t.makeUnit(root.id, '空稿派出所', 'police_station');
    const who = await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }] });
    const c = await t.as(who.login);
    const mine = () => t.db.select().from(submissions).where(eq(submissions.createdBy, who.id));
    const counterRows = () => t.db.select().from(counters).where(like(counters.key, `submission:${root.id}:%`));
    for (const body of [{ kind: 'lead' }, { kind: 'briefing_item', title: '   ', body: '\n' }, { kind: 'material', authorIds: [who.id] }]) {
      const r = await c.post('/api/submissions', body);
      expect(r.status).toBe(400);
      expect(r.json?.errorCode).toBe('submission/empty_draft');
      expect(r.json?.errorMessage).toBe('请先填写内容（标题、正文等）再保存草稿');
    }
    expect(await mine()).toEqual([]);
    expect((await t.db.select().from(auditLog).where(and(eq(auditLog.actorId, who.id), eq(auditLog.event, 'submission.create'))))).toEqual([]);
    const typed = await c.post('/api/submissions', { kind: 'lead', title: '辖区' });
    expect(typed.status).toBe(200);
    expect(typed.data.serial).toBeNull();
    expect((await mine()).map((s) => [s.title, s.serial])).toEqual([['辖区', null]]);
    expect(await counterRows()).toEqual([]);
  });
});
