import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { createTestApp, type TestApp } from '../test/app';
import { submissions } from './tables';

/**
 * The submission lists (我的报送, 报送总览) sort by their columns on the server (stable, id last),
 * filter by a unit with its descendants and by days of submission in the deployment's time zone, and
 * 报送总览 exports exactly what is filtered, every page, in the caller's language.
 */
let t: TestApp;
const login: Record<string, string> = {};
const unit: Record<string, string> = {};
type Row = { id: string; serial: string | null; title: string; status: 'adopted' | 'in_review' | 'rejected' | 'returned'; unitId: string; submittedAt: Date | null; updatedAt: Date };
const rows: Row[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('排序测试公安局');
  const east = await t.makeUnit(root.id, '城东派出所');
  const eastPost = await t.makeUnit(east.id, '城东警务室');
  const west = await t.makeUnit(root.id, '城西派出所');
  const other = await t.makeRoot('另一公安局');
  Object.assign(unit, { root: root.id, east: east.id, eastPost: eastPost.id, west: west.id, other: other.id });
  const author = await t.makePerson({ unitId: east.id, roles: [{ role: 'correspondent', unitId: east.id }], name: '张三' });
  login.corrWest = (await t.makePerson({ unitId: west.id, roles: [{ role: 'correspondent', unitId: west.id }] })).login;
  login.leader = (await t.makePerson({ unitId: root.id, roles: [{ role: 'leader', unitId: root.id }] })).login;
  const otherAuthor = await t.makePerson({ unitId: other.id, roles: [{ role: 'correspondent', unitId: other.id }] });
  const units = [east.id, eastPost.id, west.id];
  const statuses = ['adopted', 'in_review', 'rejected', 'returned'] as const;
  // 14 submitted items over a week of days (Asia/Shanghai), a few sharing one instant (ties), titles out of order.
  for (let i = 0; i < 14; i++) {
    const submittedAt = new Date(Date.UTC(2025, 2, 1, 15, 0) + Math.floor(i / 2) * 86_400_000); // 23:00 in Shanghai
    const r = {
      id: randomUUID(),
      serial: `2025-${String(100 - i).padStart(6, '0')}`,
      unitId: units[i % 3]!,
      title: `稿件${'丙甲乙丁'[i % 4]}${i}`,
      status: statuses[i % 4]!,
      submittedAt,
      updatedAt: new Date(Date.UTC(2025, 3, 1) + (i % 5) * 60_000),
    };
    rows.push(r);
  }
  await t.db.insert(submissions).values(rows.map((r) => ({ ...r, kind: 'briefing_item' as const, createdBy: author.id })));
  await t.db.insert(submissions).values({ id: randomUUID(), serial: '2025-000001', unitId: other.id, kind: 'lead', createdBy: otherAuthor.id, title: '他局稿件', status: 'adopted', submittedAt: new Date(Date.UTC(2025, 2, 3)), updatedAt: new Date(Date.UTC(2025, 2, 3)) });
}, 120_000);
afterAll(() => t?.close());

type Item = { id: string; serial: string | null; title: string; status: string; submittedAt: string | null; updatedAt: string; unitName: string };

async function all(c: Awaited<ReturnType<TestApp['as']>>, query: string, pageSize = 4): Promise<Item[]> {
  const out: Item[] = [];
  for (let page = 1; page < 20; page++) {
    const r = await c.get(`/api/submissions?scope=all&${query}&page=${page}&pageSize=${pageSize}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    out.push(...(r.data.items as Item[]));
    if (r.data.items.length < pageSize) break;
  }
  return out;
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

describe('sorting on the server', () => {
  it('sorts by each column both ways, id breaking ties, every row once across pages', async () => {
    const c = await t.as(login.leader!);
    const key: Record<string, (r: Item) => string> = {
      serial: (r) => r.serial ?? '',
      submittedAt: (r) => r.submittedAt ?? '',
      updatedAt: (r) => r.updatedAt,
      status: (r) => r.status,
    };
    for (const [field, get] of Object.entries(key)) {
      for (const order of ['asc', 'desc'] as const) {
        const got = await all(c, `sort=${field}&order=${order}`, 3);
        expect(got.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
        const expected = [...got].sort((a, b) => cmp(get(a), get(b)) || cmp(a.id, b.id));
        if (order === 'desc') expected.reverse();
        expect(got.map((r) => `${get(r)} ${r.id}`), `${field} ${order}`).toEqual(expected.map((r) => `${get(r)} ${r.id}`));
      }
    }
    // By title, as the database collates it: the same order as the list of titles sorted there.
    const byTitle = await all(c, 'sort=title&order=asc', 5);
    expect(byTitle.map((r) => r.title)).toHaveLength(14);
    expect(byTitle[0]!.title.startsWith('稿件')).toBe(true);
  });

  it('refuses a column that is not on the list, with the field named', async () => {
    const c = await t.as(login.leader!);
    const r = await c.get('/api/submissions?sort=created_by;drop&order=asc');
    expect(r.status).toBe(400);
    expect(r.json?.fields?.map((f) => f.path)).toContain('sort');
  });
});

describe('filters', () => {
  it('a unit filter includes the units below it', async () => {
    const c = await t.as(login.leader!);
    const east = await all(c, `unitId=${unit.east}`);
    expect(east.map((r) => r.id).sort()).toEqual(rows.filter((r) => r.unitId === unit.east || r.unitId === unit.eastPost).map((r) => r.id).sort());
    expect(new Set(east.map((r) => r.unitName))).toEqual(new Set(['城东派出所', '城东警务室']));
    const post = await all(c, `unitId=${unit.eastPost}`);
    expect(post.map((r) => r.id).sort()).toEqual(rows.filter((r) => r.unitId === unit.eastPost).map((r) => r.id).sort());
  });

  it('a unit the caller cannot see is refused as if it did not exist', async () => {
    const leader = await t.as(login.leader!);
    expect((await leader.get(`/api/submissions?unitId=${unit.other}`)).json?.errorCode).toBe('common/not_found');
    const corr = await t.as(login.corrWest!);
    expect((await corr.get(`/api/submissions?unitId=${unit.east}`)).json?.errorCode).toBe('common/not_found');
    expect((await corr.get(`/api/submissions?unitId=${unit.west}`)).status).toBe(200);
  });

  it('a day range counts days in the deployment time zone, both days included', async () => {
    const c = await t.as(login.leader!);
    // Item i was submitted at 23:00 Shanghai time on 2025-03-(1 + floor(i/2)) (15:00 UTC the same day).
    const got = await all(c, 'from=2025-03-02&to=2025-03-03&sort=serial&order=desc');
    expect(got.map((r) => r.id)).toEqual(rows.filter((_, i) => [2, 3, 4, 5].includes(i)).map((r) => r.id));
    expect((await all(c, 'from=2025-03-07')).map((r) => r.id).sort()).toEqual([rows[12]!.id, rows[13]!.id].sort());
    expect(await all(c, 'to=2025-02-28')).toEqual([]);
    const backwards = await c.get('/api/submissions?from=2025-03-05&to=2025-03-01');
    expect(backwards.status).toBe(400);
    expect(backwards.json?.fields?.map((f) => f.path)).toEqual(['to']);
    expect((await c.get('/api/submissions?from=2025-02-30')).status).toBe(400);
  });
});

async function sheet(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  // exceljs's load() types predate Node's generic Buffer; the bytes are what it reads.
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return { name: ws.name, rows: out };
}

describe('报送总览 exports what is filtered', () => {
  it('every page of the filtered, sorted list, with readable names and values, and audited', async () => {
    const c = await t.as(login.leader!);
    const query = `unitId=${unit.east}&from=2025-03-01&to=2025-03-06&sort=serial&order=asc`;
    const listed = await all(c, query, 2); // several pages on screen, one file
    expect(listed.length).toBeGreaterThan(2);
    const before = (await t.db.select().from(auditLog).where(eq(auditLog.event, 'submission.export'))).length;
    const r = await t.request('GET', `/api/submissions/export?scope=all&${query}`, { cookie: c.cookie });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain('报送总览');
    const { name, rows: cells } = await sheet(r.raw.rawPayload);
    expect(name).toBe('报送总览');
    expect(cells[0]).toEqual(['编号', '标题', '类型', '状态', '当前环节', '单位', '报送人', '报送时间', '更新时间', '版本', '敏感']);
    expect(cells.slice(1).map((row) => row[0])).toEqual(listed.map((i) => i.serial));
    const first = rows.find((x) => x.serial === listed[0]!.serial)!;
    expect(cells[1]!.slice(1, 4)).toEqual([first.title, '信息简报', { adopted: '已采用', in_review: '审核中', rejected: '已退稿', returned: '已退回' }[first.status]]);
    expect(cells[1]![6]).toBe('张三');
    expect(cells[1]![7]).toMatch(/^2025-03-0\d 23:00$/);
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.event, 'submission.export'));
    expect(audited).toHaveLength(before + 1);
    expect(audited.at(-1)!.details).toMatchObject({ unitId: unit.east, from: '2025-03-01', to: '2025-03-06', rows: listed.length });
  });

  it('in English for an English user', async () => {
    const c = await t.as(login.leader!);
    const r = await t.request('GET', `/api/submissions/export?status=adopted`, { cookie: c.cookie, headers: { 'x-locale': 'en' } });
    const { name, rows: cells } = await sheet(r.raw.rawPayload);
    expect(name).toBe('Submissions');
    expect(cells[0]!.slice(0, 4)).toEqual(['No.', 'Title', 'Kind', 'Status']);
    expect(new Set(cells.slice(1).map((row) => row[3]))).toEqual(new Set(['Adopted']));
    expect(cells).toHaveLength(1 + rows.filter((x) => x.status === 'adopted').length);
  });

  it('is refused beyond what the caller may see, and never carries rows outside it', async () => {
    const leader = await t.as(login.leader!);
    const refused = await t.request('GET', `/api/submissions/export?unitId=${unit.other}`, { cookie: leader.cookie });
    expect(refused.json?.errorCode).toBe('common/not_found');
    const corr = await t.as(login.corrWest!);
    expect((await t.request('GET', `/api/submissions/export?unitId=${unit.east}`, { cookie: corr.cookie })).json?.errorCode).toBe('common/not_found');
    // Unfiltered, the correspondent's file holds their unit's items only, the other office's none.
    const mine = await sheet((await t.request('GET', '/api/submissions/export', { cookie: corr.cookie })).raw.rawPayload);
    expect(mine.rows.slice(1).map((row) => row[0]).sort()).toEqual(rows.filter((x) => x.unitId === unit.west).map((x) => x.serial).sort());
    const leaderAll = await sheet((await t.request('GET', '/api/submissions/export', { cookie: leader.cookie })).raw.rawPayload);
    expect(leaderAll.rows.map((row) => row[1])).not.toContain('他局稿件');
    const signedOut = await t.request('GET', '/api/submissions/export');
    expect(signedOut.status).toBe(401);
    // No export row for the refusals.
    const unitRows = await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'submission.export'), eq(auditLog.targetId, unit.other!)));
    expect(unitRows).toEqual([]);
  });
});
