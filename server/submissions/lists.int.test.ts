import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { defaultChain } from './stages';
import { submissions } from './tables';

/**
 * Lists at volume count only up to a cap and say so (the web shows "1000+"); the cap is lowered to 5
 * here. Paging newest first returns every row exactly once, even when many rows share updated_at.
 */
process.env.XUANBAO_LIST_COUNT_CAP = '5';

let t: TestApp;
const login: Record<string, string> = {};
const mine: string[] = [];
const backlog: string[] = [];
const ROWS = 12;
const BACKLOG = 7;

/** The fields the paging checks read (the list's items have updatedAt, the queue's heldSince). */
type Item = { id: string; updatedAt?: string; heldSince?: string | null };

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('列表测试公安局');
  const office = await t.makeUnit(root.id, '政治工作办公室', 'office');
  const station = await t.makeUnit(root.id, '城关派出所', 'police_station');
  const corr = await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }] });
  login.corr = corr.login;
  login.leader = (await t.makePerson({ unitId: office.id, roles: [{ role: 'leader', unitId: root.id }] })).login;
  const chain = defaultChain('briefing_item') as unknown as Record<string, unknown>;
  // Groups of three share one updated_at: order alone would not fix their place between pages.
  const at = (i: number) => new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 3) * 60_000);
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const id = randomUUID();
    mine.push(id);
    return { id, serial: `L-${String(i).padStart(6, '0')}`, unitId: station.id, kind: 'briefing_item' as const, createdBy: corr.id, title: `列表稿件 ${i}`, status: i % 2 ? ('adopted' as const) : ('draft' as const), submittedAt: i % 2 ? at(i) : null, updatedAt: at(i) };
  });
  const held = Array.from({ length: BACKLOG }, (_, i) => {
    const id = randomUUID();
    backlog.push(id);
    return {
      id,
      serial: `LQ-${String(i).padStart(6, '0')}`,
      unitId: station.id,
      kind: 'briefing_item' as const,
      createdBy: corr.id,
      title: `待审批稿件 ${i}`,
      status: 'sensitive_approval' as const,
      sensitive: true,
      chain,
      heldSince: at(i), // ties too
      heldStep: 'sensitive',
      heldStepName: '敏感内容审批',
      heldRoles: ['leader'],
      submittedAt: at(i),
      updatedAt: new Date(Date.UTC(2024, 0, 1)),
    };
  });
  await t.db.insert(submissions).values([...rows, ...held]);
}, 120_000);
afterAll(() => t?.close());

async function pageThrough(get: (page: number) => Promise<{ items: readonly Item[]; total: number; totalIsLowerBound?: true }>, pageSize: number, expected: number) {
  const seen: Item[] = [];
  for (let page = 1; page <= Math.ceil(expected / pageSize) + 1; page++) seen.push(...(await get(page)).items);
  return seen;
}

/** The total and whether the answer carries totalIsLowerBound at all (absent when exact). */
const exact = (d: { total: number; totalIsLowerBound?: true }) => ({ total: d.total, totalIsLowerBound: 'totalIsLowerBound' in d ? d.totalIsLowerBound : 'absent' });

describe('the submissions list', () => {
  it('counts up to the cap and says the total is a lower bound', async () => {
    const c = await t.as(login.corr!);
    const first = (await c.get('/api/submissions?scope=mine&page=1&pageSize=2')).data;
    expect(first.items).toHaveLength(2);
    expect(first).toMatchObject({ total: 5, totalIsLowerBound: true });
    // Deeper pages count at least to their end, so the page after is always reachable.
    expect((await c.get('/api/submissions?scope=mine&page=4&pageSize=2')).data).toMatchObject({ total: 8, totalIsLowerBound: true });
    expect((await c.get('/api/submissions?scope=mine&page=6&pageSize=2')).data).toMatchObject({ total: 12, totalIsLowerBound: true });
    // Near the end the count reaches every row: exact again.
    expect(exact((await c.get('/api/submissions?scope=mine&page=10&pageSize=2')).data)).toEqual({ total: ROWS + BACKLOG, totalIsLowerBound: 'absent' });
    // Under the cap: exact.
    expect(exact((await c.get(`/api/submissions?scope=mine&q=${encodeURIComponent('列表稿件 1')}&page=1&pageSize=20`)).data)).toEqual({ total: 3, totalIsLowerBound: 'absent' });
  });

  it('pages newest first and returns every row exactly once, ties on updated_at included', async () => {
    const c = await t.as(login.corr!);
    const all = [...mine, ...backlog];
    for (const pageSize of [2, 5, 7]) {
      const seen = await pageThrough(async (page) => (await c.get(`/api/submissions?scope=mine&page=${page}&pageSize=${pageSize}`)).data, pageSize, all.length);
      expect(seen.map((i) => i.id).sort()).toEqual([...all].sort());
      // Newest first, ties in id order: the same order on every page, so no page repeats or skips a row.
      const keys = seen.map((i) => `${i.updatedAt} ${i.id}`);
      expect(keys).toEqual([...keys].sort().reverse());
    }
  });
});

describe('the review queue', () => {
  it('counts up to the cap, and pages every held item exactly once, oldest first', async () => {
    const leader = await t.as(login.leader!);
    expect((await leader.get('/api/review/queue?page=1&pageSize=2')).data).toMatchObject({ total: 5, totalIsLowerBound: true });
    expect(exact((await leader.get('/api/review/queue?page=1&pageSize=20')).data)).toEqual({ total: BACKLOG, totalIsLowerBound: 'absent' });
    const seen = await pageThrough(async (page) => (await leader.get(`/api/review/queue?page=${page}&pageSize=2`)).data, 2, BACKLOG);
    expect(seen.map((i) => i.id).sort()).toEqual([...backlog].sort());
    const keys = seen.map((i) => `${i.heldSince} ${i.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('sorts by a column on the server (id last) and filters by days of submission', async () => {
    const leader = await t.as(login.leader!);
    const bySerial = await pageThrough(async (page) => (await leader.get(`/api/review/queue?sort=serial&order=desc&page=${page}&pageSize=3`)).data, 3, BACKLOG);
    const serials = bySerial.map((i) => (i as Item & { serial: string }).serial);
    expect(serials).toEqual([...serials].sort().reverse());
    expect(serials).toHaveLength(BACKLOG);
    // All were submitted on 2025-01-01 (UTC, 08:00 in Shanghai).
    expect((await leader.get('/api/review/queue?from=2025-01-01&to=2025-01-01')).data.total).toBe(BACKLOG);
    expect((await leader.get('/api/review/queue?from=2025-01-02')).data.total).toBe(0);
    expect((await leader.get('/api/review/queue?sort=password')).status).toBe(400);
  });
});
