import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { defaultChain } from './stages';
import { submissions } from './tables';

/**
 * The review queue pages in SQL: a large backlog held by others never hides the one item that
 * waits for me (the queue used to cut at 500 rows before it picked the caller's items).
 */
let t: TestApp;
const login: Record<string, string> = {};
let station: { id: string };
let corrId: string;
const BACKLOG = 520;

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('队列测试公安局');
  const office = await t.makeUnit(root.id, '政治工作办公室', 'office');
  station = await t.makeUnit(root.id, '城关派出所', 'police_station');
  const corr = await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }] });
  corrId = corr.id;
  login.corr = corr.login;
  login.editor = (await t.makePerson({ unitId: office.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  login.leader = (await t.makePerson({ unitId: office.id, roles: [{ role: 'leader', unitId: root.id }] })).login;

  // An old backlog waiting for the leader's sensitive approval, written straight into the table.
  const chain = defaultChain('briefing_item') as unknown as Record<string, unknown>;
  const rows = Array.from({ length: BACKLOG }, (_, i) => ({
    id: randomUUID(),
    serial: `Q-${String(i).padStart(6, '0')}`,
    unitId: station.id,
    kind: 'briefing_item' as const,
    createdBy: corrId,
    title: `积压稿件 ${i}`,
    status: 'sensitive_approval' as const,
    sensitive: true,
    chain,
    heldSince: new Date(Date.UTC(2020, 0, 1) + i * 60_000),
    heldStep: 'sensitive',
    heldStepName: '敏感内容审批',
    heldRoles: ['leader'],
    submittedAt: new Date(Date.UTC(2020, 0, 1)),
  }));
  for (let i = 0; i < rows.length; i += 200) await t.db.insert(submissions).values(rows.slice(i, i + 200));
}, 120_000);
afterAll(() => t?.close());

describe('the review queue', () => {
  it('shows the one item waiting for the editor behind a backlog of 520 held by the leader', async () => {
    const c = await t.as(login.corr!);
    const created = await c.post('/api/submissions', {
      kind: 'briefing_item',
      title: '城关派出所开展防范电信诈骗进社区活动',
      body: '为提高群众防骗意识，城关派出所组织民警深入辖区社区，开展防范电信网络诈骗宣传活动，现场发放宣传资料五百余份。',
    });
    expect((await c.post(`/api/submissions/${created.data.id}/submit`)).status).toBe(200);

    const editor = await t.as(login.editor!);
    const q = (await editor.get('/api/review/queue')).data;
    expect(q.total).toBe(1);
    expect(q.items.map((i: { id: string }) => i.id)).toEqual([created.data.id]);
    expect(q.items[0]).toMatchObject({ step: 'first', stepName: '初审', status: 'in_review' });
  });

  it('pages the leader’s backlog oldest first, every item exactly once', async () => {
    const leader = await t.as(login.leader!);
    const seen: string[] = [];
    let last = '';
    for (let page = 1; page <= 3; page++) {
      const q = (await leader.get(`/api/review/queue?page=${page}&pageSize=200`)).data;
      expect(q.total).toBe(BACKLOG);
      expect(q.items.length).toBe(page < 3 ? 200 : BACKLOG - 400);
      for (const i of q.items as { id: string; heldSince: string }[]) {
        expect(i.heldSince >= last).toBe(true);
        last = i.heldSince;
        seen.push(i.id);
      }
    }
    expect(new Set(seen).size).toBe(BACKLOG);
    expect((await leader.get('/api/review/queue?page=4&pageSize=200')).data.items).toEqual([]);
  });

  it('never lists the caller’s own items, whatever role they hold', async () => {
    const c = await t.as(login.corr!);
    const q = (await c.get('/api/review/queue')).data;
    expect(q).toEqual({ items: [], total: 0 });
  });

  it('refuses a page size over 200 with a message', async () => {
    const leader = await t.as(login.leader!);
    const r = await leader.get('/api/review/queue?pageSize=5000');
    expect(r.status).toBe(400);
    expect(r.json?.fields?.[0]?.path).toBe('pageSize');
  });
});
