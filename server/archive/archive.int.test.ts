import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexText, indexWords } from '../search/text';
import { backfillSubmissionSearch } from '../submissions/search';
import { submissions } from '../submissions/tables';
import { createTestApp, type TestApp } from '../test/app';

/**
 * The archive through the HTTP API on real items (written, submitted and accepted by the people of
 * two organisations): Chinese words found after segmentation, ranking, every filter, the visibility
 * rule (a caller finds exactly the accepted items they may open), and the index following a new version.
 */
let t: TestApp;
const login: Record<string, string> = {};
const unit: Record<string, string> = {};
const item: Record<string, string> = {};

type Hit = { id: string; title: string; titleParts: { text: string; hit: boolean }[]; snippet: { text: string; hit: boolean }[]; number: string | null; unitName: string };

async function search(who: string, query: Record<string, string | number>) {
  const c = await t.as(login[who]!);
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const res = await c.get(`/api/archive?${qs}`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.data as { items: Hit[]; total: number };
}
const ids = async (who: string, query: Record<string, string | number>) => (await search(who, query)).items.map((h) => h.id);

/** Writes and submits an item as `corr`; `adopt` passes it through the one-step chain of its organisation. */
async function write(corr: string, editor: string, content: { title: string; body: string; tags?: string[] }, adopt = true) {
  t.clock.advance(60_000);
  const c = await t.as(login[corr]!);
  const created = await c.post('/api/submissions', { kind: 'briefing_item', ...content });
  expect(created.status, JSON.stringify(created.json)).toBe(200);
  const id = created.data.id as string;
  expect((await c.post(`/api/submissions/${id}/submit`)).status).toBe(200);
  if (adopt) expect((await (await t.as(login[editor]!)).post(`/api/submissions/${id}/decision`, { type: 'pass' })).data.status).toBe('adopted');
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  for (const org of ['A', 'B']) {
    const root = await t.makeRoot(`${org}市公安局`);
    unit[org] = root.id;
    const office = await t.makeUnit(root.id, '政治工作办公室', 'office');
    const s1 = await t.makeUnit(root.id, '城关派出所');
    const s2 = await t.makeUnit(root.id, '交警大队');
    const s1a = await t.makeUnit(s1.id, '城关派出所警务室');
    Object.assign(unit, { [`${org}1`]: s1.id, [`${org}2`]: s2.id, [`${org}1a`]: s1a.id });
    for (const [k, u] of [['1', s1], ['2', s2], ['1a', s1a]] as const) {
      login[`corr${org}${k}`] = (await t.makePerson({ unitId: u.id, roles: [{ role: 'correspondent', unitId: u.id }] })).login;
    }
    login[`editor${org}`] = (await t.makePerson({ unitId: office.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
    const admin = await t.makePerson({ unitId: root.id, roles: [{ role: 'admin', unitId: root.id }] });
    const chain = { unitApproval: false, stages: [{ key: 'final', name: '终审', holder: { roles: ['editor'] } }], sensitiveApproval: { roles: ['leader'] } };
    expect((await (await t.as(admin.login)).put('/api/review/chains', { rootUnitId: root.id, kind: 'briefing_item', chain })).status).toBe(200);
  }
  item.titleHit = await write('corrA1', 'editorA', { title: '城关派出所破获一起电信网络诈骗案', body: '近日，城关派出所民警经过连续奋战，成功破获一起案件，为群众挽回经济损失十余万元。', tags: ['打击犯罪'] });
  item.bodyHit = await write('corrA2', 'editorA', { title: '交警大队夏季治安专项行动成效显著', body: '交警大队开展夏季治安专项行动，查处酒驾醉驾，同时向群众宣传防范电信诈骗知识。' });
  item.sub = await write('corrA1a', 'editorA', { title: '警务室走访辖区群众', body: '警务室民警走访辖区，提醒老人警惕诈骗电话。' });
  item.inReview = await write('corrA1', 'editorA', { title: '诈骗案件线索', body: '群众举报一起诈骗线索，民警正在核实。' }, false);
  item.otherOrg = await write('corrB1', 'editorB', { title: 'B市民警破获诈骗案', body: '民警破获一起诈骗案。' });
  // A draft never submitted: its author's alone, never in the archive.
  const c = await t.as(login.corrA1!);
  item.draft = (await c.post('/api/submissions', { kind: 'briefing_item', title: '诈骗草稿', body: '诈骗草稿正文' })).data.id as string;
  // Submitted at 01:00 on 1 January 2025 in the deployment's time zone (still 2024 in UTC).
  t.clock.set('2024-12-31T17:00:00Z');
  item.newYear = await write('corrA2', 'editorA', { title: '元旦安保工作部署', body: '元旦期间，交警大队全员在岗，保障群众平安出行。' });
  t.clock.set('2026-03-02T02:00:00Z');
}, 180_000);
afterAll(() => t?.close());

describe('segmentation round trip in the database', () => {
  it('stores exactly the words jieba made, one lexeme each, on this database as on the other', async () => {
    const text = '城关派出所开展“防范电信诈骗”进社区宣传活动，GB/T 9704-2012，ＡＢＣ１２３，O’Brien＆110警情';
    const rows = await t.database.query<{ v: string }>(sql`select to_tsvector('simple', ${indexText(text)})::text as v`);
    const lexemes = [...rows[0]!.v.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(lexemes.sort()).toEqual([...new Set(indexWords(text))].sort());
  });

  it('indexes the submitted title, tags and body of an item (title weighted highest)', async () => {
    const [row] = await t.database.query<{ v: string }>(sql`select search_vector::text as v from submissions where id = ${item.titleHit}`);
    expect(row!.v).toContain("'诈骗':");
    expect(row!.v).toMatch(/'诈骗':\d+A/);
    expect(row!.v).toMatch(/'打击犯罪':\d+B/);
    expect(row!.v).toMatch(/'挽回':\d+C?/);
    const [draft] = await t.database.query<{ v: string | null }>(sql`select search_vector::text as v from submissions where id = ${item.draft}`);
    expect(draft!.v).toBeNull();
  });
});

describe('searching accepted items', () => {
  it('finds a Chinese word inside longer words and sentences, the title hit first, with marked hits', async () => {
    const r = await search('editorA', { q: '诈骗' });
    expect(r.items[0]!.id).toBe(item.titleHit);
    expect(new Set(r.items.map((h) => h.id))).toEqual(new Set([item.titleHit, item.bodyHit, item.sub]));
    expect(r.total).toBe(3);
    const first = r.items[0]!;
    expect(first.titleParts.filter((p) => p.hit).map((p) => p.text)).toEqual(['诈骗']);
    const body = r.items.find((h) => h.id === item.bodyHit)!;
    expect(body.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['诈骗']);
    expect(body.snippet.map((p) => p.text).join('')).toContain('宣传防范电信诈骗知识');
  });

  it('ANDs the words of a query, and sorts by date on request', async () => {
    expect(await ids('editorA', { q: '电信 诈骗 宣传' })).toEqual([item.bodyHit]);
    expect(await ids('editorA', { q: '诈骗 元旦' })).toEqual([]);
    const byDate = await ids('editorA', { q: '群众', sort: 'date' });
    expect(byDate).toEqual([item.sub, item.bodyHit, item.titleHit, item.newYear]);
  });

  it('treats query syntax and punctuation as text, and a query of nothing searchable as no word filter', async () => {
    expect(await ids('editorA', { q: "诈骗 & !( 'x' <-> :*" })).toEqual([]);
    expect(new Set(await ids('editorA', { q: '诈骗 & ! |' }))).toEqual(new Set([item.titleHit, item.bodyHit, item.sub]));
    expect((await search('editorA', { q: '！？。、' })).total).toBe(4);
    expect((await search('editorA', { q: "'" })).total).toBe(4);
  });

  it('filters by unit subtree, kind, number, year (in the deployment’s time zone) and status', async () => {
    expect(new Set(await ids('editorA', { q: '诈骗', unitId: unit.A1! }))).toEqual(new Set([item.titleHit, item.sub]));
    expect(await ids('editorA', { q: '诈骗', unitId: unit.A1a! })).toEqual([item.sub]);
    expect(await ids('editorA', { q: '诈骗', kind: 'lead' })).toEqual([]);
    const serial = (await search('editorA', { q: '元旦' })).items[0]!.number!;
    expect(serial).toMatch(/^2025-/);
    expect(await ids('editorA', { number: serial })).toEqual([item.newYear]);
    expect(await ids('editorA', { year: 2025 })).toEqual([item.newYear]);
    expect(await ids('editorA', { year: 2024 })).toEqual([]);
    expect((await search('editorA', { year: 2026 })).total).toBe(3);
    // Not yet accepted: only when asked for its status.
    expect(await ids('editorA', { q: '线索' })).toEqual([]);
    expect(await ids('editorA', { q: '线索', status: 'in_review' })).toEqual([item.inReview]);
    // Briefings are not searchable until their domain registers its source.
    expect(await search('editorA', { type: 'briefings', q: '诈骗' })).toEqual({ items: [], total: 0 });
  });

  it('counts hits only up to the archive’s cap and then says "N+" (a lower bound); a page that is not full is exact', async () => {
    const before = process.env.XUANBAO_ARCHIVE_COUNT_CAP;
    process.env.XUANBAO_ARCHIVE_COUNT_CAP = '2';
    try {
      const c = await t.as(login.editorA!);
      const page = async (qs: string) => (await c.get(`/api/archive?q=${encodeURIComponent('诈骗')}&${qs}`)).data as { items: Hit[]; total: number; totalIsLowerBound?: boolean };
      // Three hits: more than the cap of 2, so the first page of one says "2+".
      expect(await page('pageSize=1&page=1')).toMatchObject({ total: 2, totalIsLowerBound: true });
      expect((await page('pageSize=1&page=1')).items).toHaveLength(1);
      // At the cap the page's end is the bound, and the next page stays reachable.
      expect(await page('pageSize=1&page=2')).toMatchObject({ total: 2, totalIsLowerBound: true });
      // A page that is not full knows the exact total, cap or not.
      const all = await page('pageSize=5&page=1');
      expect(all.total).toBe(3);
      expect(all.totalIsLowerBound).toBeUndefined();
      const last = await page('pageSize=2&page=2');
      expect([last.total, last.totalIsLowerBound, last.items.length]).toEqual([3, undefined, 1]);
    } finally {
      if (before === undefined) delete process.env.XUANBAO_ARCHIVE_COUNT_CAP;
      else process.env.XUANBAO_ARCHIVE_COUNT_CAP = before;
    }
  });

  it('refuses a bad filter with a clear error', async () => {
    const c = await t.as(login.editorA!);
    const res = await c.get('/api/archive?year=abc&sort=best');
    expect(res.status).toBe(400);
    expect(res.json?.errorCode).toBe('common/validation');
  });
});

describe('what each caller finds is exactly what they may open', () => {
  it('finds, for every caller, precisely the accepted items with the word they can open', async () => {
    const all = Object.values(item);
    for (const who of Object.keys(login)) {
      const c = await t.as(login[who]!);
      const found = new Set(await ids(who, { q: '诈骗', status: 'adopted' }));
      for (const id of all) {
        const res = await c.get(`/api/submissions/${id}`);
        const expected = res.status === 200 && res.data.status === 'adopted' && /诈骗/.test(res.data.title + res.data.versions.at(-1)!.body);
        expect(found.has(id), `${who} ${id}`).toBe(expected);
      }
    }
  });

  it('another unit’s correspondent and another organisation find nothing of A’s station', async () => {
    expect(await ids('corrA2', { q: '诈骗' })).toEqual([item.bodyHit]);
    expect(await ids('corrA1a', { q: '诈骗' })).toEqual([item.sub]);
    expect(await ids('corrB1', { q: '诈骗' })).toEqual([item.otherOrg]);
    expect(await ids('editorB', { q: '诈骗', unitId: unit.A1! })).toEqual([]);
    expect(await ids('corrA1', { q: '草稿' })).toEqual([]);
  });
});

describe('the index follows the content', () => {
  it('takes in a new version when it is resubmitted, not while it is being reworked', async () => {
    const corr = await t.as(login.corrA1!);
    const editor = await t.as(login.editorA!);
    expect((await editor.post(`/api/submissions/${item.inReview}/decision`, { type: 'return', comment: '请改写' })).data.status).toBe('returned');
    expect((await corr.put(`/api/submissions/${item.inReview}/draft`, { title: '反诈宣传进校园', body: '民警走进校园开展反诈宣传。' })).status).toBe(200);
    expect(await ids('editorA', { q: '校园', status: 'returned' })).toEqual([]);
    expect(await ids('editorA', { q: '线索', status: 'returned' })).toEqual([item.inReview]);
    expect((await corr.post(`/api/submissions/${item.inReview}/submit`)).status).toBe(200);
    expect((await editor.post(`/api/submissions/${item.inReview}/decision`, { type: 'pass' })).data.status).toBe('adopted');
    expect(await ids('editorA', { q: '反诈 校园' })).toEqual([item.inReview]);
    expect(await ids('editorA', { q: '线索' })).toEqual([]);
  });

  it('backfills rows without a vector, once (idempotent)', async () => {
    await t.db.update(submissions).set({ searchVector: null }).where(eq(submissions.id, item.titleHit!));
    expect(await ids('editorA', { q: '网络诈骗' })).toEqual([]);
    expect(await backfillSubmissionSearch(t.db)).toBe(1);
    expect(await backfillSubmissionSearch(t.db)).toBe(0);
    expect(await ids('editorA', { q: '网络诈骗' })).toEqual([item.titleHit]);
  });
});
