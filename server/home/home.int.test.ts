import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people } from '../org/tables';
import type { Api } from '../routes';
import { createTestApp, type TestApp } from '../test/app';

type Home = Api['GET /api/home']['response'];

/**
 * The home summary counts what the lists it leads to would show the caller, and nothing of another
 * unit's or organisation's: each role sees its own scope.
 */
let t: TestApp;
const login: Record<string, string> = {};
const ids: Record<string, string> = {};

const LEAD = { kind: 'lead', body: '近日，派出所民警经过连续奋战，成功破获一起电信网络诈骗案件，为群众挽回经济损失十余万元。', situationNote: '可公开报道。' };
const ARTICLE = { kind: 'article', body: '派出所民警走进社区，开展反诈宣传，现场发放宣传资料五百余份。' };

async function make(key: string, body: Record<string, unknown>, submit = true) {
  const c = await t.as(login[key]!);
  const r = await c.post('/api/submissions', body);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  if (submit) expect((await c.post(`/api/submissions/${r.data.id}/submit`)).status).toBe(200);
  return r.data.id as string;
}
const decide = async (key: string, id: string, body: Record<string, unknown>) => expect((await (await t.as(login[key]!)).post(`/api/submissions/${id}/decision`, body)).status).toBe(200);
const home = async (key: string, q = '') => {
  const r = await (await t.as(login[key]!)).get(`/api/home${q}`);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.data as Home;
};

beforeAll(async () => {
  t = await createTestApp();
  for (const org of ['A', 'B'] as const) {
    const root = await t.makeRoot(`首页测试${org}公安局`);
    const office = await t.makeUnit(root.id, '政治工作办公室', 'office');
    const station = await t.makeUnit(root.id, '城关派出所', 'police_station');
    const station2 = await t.makeUnit(root.id, '城郊派出所', 'police_station');
    const add = async (key: string, unitId: string, role: string, roleUnitId = unitId) => {
      const p = await t.makePerson({ unitId, roles: [{ role: role as 'editor', unitId: roleUnitId }] });
      login[key + org] = p.login;
      ids[key + org] = p.id;
    };
    await add('corr', station.id, 'correspondent');
    await add('corr2', station2.id, 'correspondent');
    await add('approver', station.id, 'unit_approver');
    await add('approver2', station2.id, 'unit_approver');
    await add('ed1', office.id, 'editor', root.id);
    await add('ed2', office.id, 'editor', root.id);
    await add('leader', office.id, 'leader', root.id);
    await add('admin', office.id, 'admin', root.id);
    await add('auditor', office.id, 'auditor', root.id);
    await add('locked', station.id, 'correspondent');
  }
  for (const org of ['A', 'B']) {
    // corr: a draft, two leads at unit approval, one article in 初审, one sensitive lead, one returned.
    await make(`corr${org}`, { ...ARTICLE, title: `${org} 草稿` }, false);
    await make(`corr${org}`, { ...LEAD, title: `${org} 线索一` });
    await make(`corr${org}`, { ...LEAD, title: `${org} 线索二` });
    await make(`corr${org}`, { ...ARTICLE, title: `${org} 稿件` });
    const s = await make(`corr${org}`, { ...LEAD, title: `${org} 敏感线索`, sensitive: true, sensitivity: 'misconduct' });
    await decide(`approver${org}`, s, { type: 'pass' });
    const r = await make(`corr${org}`, { ...ARTICLE, title: `${org} 退回稿` });
    await decide(`ed1${org}`, r, { type: 'return', comment: '请补充时间地点' });
    // corr2 (another station): one lead at unit approval.
    await make(`corr2${org}`, { ...LEAD, title: `${org} 城郊线索` });
  }
  // Org B has more of everything, so a leak across organisations would show in every count.
  await make('corrB', { ...ARTICLE, title: 'B 稿件二' });
  await make('corrB', { ...ARTICLE, title: 'B 草稿二' }, false);
  await t.db.update(people).set({ lockedUntil: new Date(t.clock().getTime() + 3_600_000) }).where(eq(people.id, ids.lockedA!));
  await t.db.update(people).set({ lockedUntil: new Date(t.clock().getTime() + 3_600_000) }).where(eq(people.id, ids.lockedB!));
  // Refusals: one in A (a correspondent asks for the jobs page), two sources in B.
  expect((await (await t.as(login.corrA!)).get('/api/jobs')).status).toBe(403);
  expect((await (await t.as(login.corrB!)).get('/api/jobs')).status).toBe(403);
  expect((await (await t.as(login.ed1B!)).get('/api/jobs')).status).toBe(403);
}, 240_000);
afterAll(() => t?.close());

describe('the home summary', () => {
  it('shows a correspondent their drafts, returned items and items in review with where they wait', async () => {
    const h = await home('corrA');
    expect(h.mine).toMatchObject({ drafts: 1, returned: 1, inReview: 4 });
    expect(h.queue).toBeNull();
    expect(h.sensitive).toBeNull();
    expect(h.accounts).toBeNull();
    const waiting = h.mine!.items.inReview.map((i) => [i.title, i.stepName]).sort();
    expect(waiting).toEqual([
      ['A 敏感线索', '初审'],
      ['A 稿件', '初审'],
      ['A 线索一', '单位审批'],
      ['A 线索二', '单位审批'],
    ]);
    expect(h.mine!.items.returned.map((i) => i.title)).toEqual(['A 退回稿']);
    expect(h.mine!.items.drafts.map((i) => i.title)).toEqual(['A 草稿']);
    // The same numbers as the list "my submissions".
    const c = await t.as(login.corrA!);
    expect((await c.get('/api/submissions?scope=mine&status=returned')).data.total).toBe(h.mine!.returned);
    expect((await c.get('/api/submissions?scope=mine&status=draft')).data.total).toBe(h.mine!.drafts);
    // Another correspondent of the same organisation sees only their own.
    expect((await home('corr2A')).mine).toMatchObject({ drafts: 0, returned: 0, inReview: 1 });
    expect((await home('corrB')).mine).toMatchObject({ drafts: 2, returned: 1, inReview: 5 });
  });

  it('shows a unit approver the leads of their own unit waiting, with the oldest', async () => {
    const h = await home('approverA');
    expect(h.queue!.total).toBe(2);
    expect(h.queue!.stages).toEqual([expect.objectContaining({ step: 'unit', stepName: '单位审批', count: 2 })]);
    expect(h.queue!.oldest.map((i) => i.title).sort()).toEqual(['A 线索一', 'A 线索二']);
    expect((await (await t.as(login.approverA!)).get('/api/review/queue')).data.total).toBe(h.queue!.total);
    expect((await home('approver2A')).queue!.total).toBe(1);
    expect(h.mine).toBeNull();
  });

  it('shows an editor the queue by stage, the same count as the queue, nothing of another organisation', async () => {
    const h = await home('ed1A');
    // 初审: the article and the sensitive lead (the returned article is back with its author).
    expect(h.queue!.stages.map((s) => [s.step, s.count])).toEqual([['first', 2]]);
    expect(h.queue!.stages[0]!.oldestSince).not.toBeNull();
    expect((await (await t.as(login.ed1A!)).get('/api/review/queue')).data.total).toBe(h.queue!.total);
    expect((await home('ed1B')).queue!.total).toBe(3);
  });

  it('shows a leader the sensitive items in review of their organisation', async () => {
    const h = await home('leaderA');
    expect(h.sensitive!.total).toBe(1);
    expect(h.sensitive!.items.map((i) => [i.title, i.stepName])).toEqual([['A 敏感线索', '初审']]);
    expect((await home('ed1A')).sensitive).toBeNull();
  });

  it('shows an administrator the locked accounts of their organisation and the system’s health', async () => {
    const h = await home('adminA');
    expect(h.accounts!.total).toBe(1);
    expect(h.accounts!.items.map((p) => p.login)).toEqual([login.lockedA]);
    expect(h.system).toMatchObject({ database: 'ok', jobs: { failed: 0, dead: 0 } });
    expect(h.queue).toBeNull();
    expect(h.refusals).toBeNull();
  });

  it('shows an auditor the recent refusals in their scope, with route and reason', async () => {
    const h = await home('auditorA');
    expect(h.refusals!.total).toBe(1);
    expect(h.refusals!.items[0]).toMatchObject({ actorLogin: login.corrA, route: '/api/jobs', reason: 'auth/forbidden' });
    expect((await home('auditorB')).refusals!.total).toBe(2);
    expect(h.system).toBeNull();
    expect(h.accounts).toBeNull();
  });

  it('counts unread notifications; badges=1 answers only the menu’s counts', async () => {
    const full = await home('corrA');
    const notes = (await (await t.as(login.corrA!)).get('/api/notifications')).data;
    expect(full.unread).toBe(notes.unread);
    expect(full.unread).toBeGreaterThan(0);
    const b = await home('corrA', '?badges=1');
    expect(b.mine).toMatchObject({ drafts: 1, returned: 1, inReview: 4 });
    expect(b.mine!.items.inReview).toEqual([]);
    const e = await home('leaderA', '?badges=1');
    expect(e.sensitive).toBeNull();
    expect((await home('adminA', '?badges=1')).accounts).toBeNull();
  });
});
