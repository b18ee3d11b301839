/**
 * The scoring notices through the HTTP API, on data made the real way: items accepted through the
 * review, briefing uses written as publishing writes them, a template-B rubric created and adopted by
 * an editor. The files are read back: the .docx's tables cell by cell, the .xlsx's cells as numbers.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipEntry } from '../documents/zip.testkit';
import { systemCtx } from '../http/context';
import { writeBriefingUseRecords } from '../records/records';
import { createTestApp, type TestApp } from '../test/app';

let t: TestApp;
const login: Record<string, string> = {};
const person: Record<string, string> = {};
let rubricId: string;

/** The tables of a .docx: rows of cells, each cell's text (w:t runs joined). */
function docxTables(buf: Buffer): string[][][] {
  const xml = zipEntry(buf, 'word/document.xml')!.toString('utf8');
  const text = (s: string) => [...s.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((tb) => [...tb[1]!.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) => [...tr[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) => text(tc[1]!))));
}
const docxText = (buf: Buffer) => [...zipEntry(buf, 'word/document.xml')!.toString('utf8').matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

async function get(who: string, url: string) {
  const c = await t.as(login[who]!);
  return t.request('GET', url, { cookie: c.cookie });
}

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('二道江区扫黑办');
  const office = await t.makeUnit(root.id, '区扫黑办秘书组', 'office');
  const police = await t.makeUnit(root.id, '区公安分局', 'member_unit');
  const court = await t.makeUnit(root.id, '区人民法院', 'member_unit');
  const taoyuan = await t.makeUnit(root.id, '桃源街道', 'township');
  await t.makeUnit(root.id, '鸭园镇', 'township');
  for (const n of [1, 2, 3]) login[`ed${n}`] = (await t.makePerson({ unitId: office.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  for (const [k, unit, name] of [['police', police, '王磊'], ['court', court, '李娜'], ['taoyuan', taoyuan, '张伟']] as const) {
    const p = await t.makePerson({ unitId: unit.id, roles: [{ role: 'correspondent', unitId: unit.id }], name });
    login[k] = p.login;
    person[k] = p.id;
  }
  const other = await t.makeRoot('另一扫黑办');
  login.otherEd = (await t.makePerson({ unitId: other.id, roles: [{ role: 'editor', unitId: other.id }] })).login;

  const accepted = async (who: string, title: string) => {
    const c = await t.as(login[who]!);
    const created = await c.post('/api/submissions', { kind: 'briefing_item', title, body: `${title}。详细情况如下。`, authorIds: [person[who]!] });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    const id = created.data.id as string;
    expect((await c.post(`/api/submissions/${id}/submit`)).status).toBe(200);
    for (const n of [1, 2, 3]) expect((await (await t.as(login[`ed${n}`]!)).post(`/api/submissions/${id}/decision`, { type: 'pass' })).status).toBe(200);
    return id;
  };
  const i1 = await accepted('police', '区公安分局打掉一个恶势力犯罪团伙');
  const i2 = await accepted('court', '区法院审结一起涉恶寻衅滋事案');
  const i3 = await accepted('police', '区公安分局开展线索大起底');
  const i4 = await accepted('taoyuan', '桃源街道织密网格排查线索');
  const i5 = await accepted('taoyuan', '桃源街道开展宣传进村入户');
  const ctx = systemCtx({ database: t.database, config: t.config, actor: { via: 'server', task: 'test' }, clock: t.clock });
  const use = (label: string, mode: 'standalone' | 'comprehensive', date: string, ids: string[]) =>
    t.db.transaction((tx) => writeBriefingUseRecords(tx, ctx, { briefingId: crypto.randomUUID(), label: `扫黑除恶专项斗争简报 ${label}`, mode, date, submissionIds: ids }));
  await use('2024年第9期', 'standalone', '2024-03-06', [i1]);
  await use('2024年第10期', 'comprehensive', '2024-03-12', [i2]);
  await use('2024年第11期', 'comprehensive', '2024-03-31', [i3]);
  await use('2024年第12期', 'comprehensive', '2024-04-01', [i4]); // April: not March, not Q1
  await use('2024年第20期', 'standalone', '2024-05-20', [i5]);

  const ed = await t.as(login.ed1!);
  const made = await ed.post('/api/scoring/rubrics', { name: '扫黑除恶专项斗争信息采用积分', from: 'template_b' });
  expect(made.status, JSON.stringify(made.json)).toBe(200);
  rubricId = (made.data as { id: string }).id;
  const adopted = await ed.post(`/api/scoring/rubrics/${rubricId}/adopt`);
  expect(adopted.status, JSON.stringify(adopted.json)).toBe(200);
}, 300_000);
afterAll(() => t?.close());

describe('the monthly adoption notice', () => {
  it('lists every unit with its standalone and comprehensive adoptions and points, then each adoption of the month (not April’s)', async () => {
    const res = await get('ed1', `/api/scoring/notices/monthly_adoption?rubricId=${rubricId}&period=2024-03&documentNumber=${encodeURIComponent('二扫黑办通〔2024〕4号')}&date=2024-04-03`);
    expect(res.status, res.raw.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('关于2024年3月信息采用情况的通报.docx');
    const buf = res.raw.rawPayload;
    const text = docxText(buf);
    expect(text).toContain('二道江区扫黑办文件');
    expect(text).toContain('二扫黑办通〔2024〕4号');
    expect(text).toContain('各成员单位，各乡镇街道：');
    expect(text).toContain('按照《扫黑除恶专项斗争信息采用积分》要求');
    expect(text).toContain('3月，共采用各单位信息3条，其中单独刊发1期，在综合性信息中采用2条，涉及2个单位。');
    expect(text).toContain('2024年4月3日');
    const [summary, detail] = docxTables(buf);
    expect(summary![0]).toEqual(['序号', '单位', '单独刊发（期）', '综合采用（条）', '积分']);
    expect(summary!.slice(1, 3)).toEqual([
      ['1', '区公安分局', '1', '1', '13'],
      ['2', '区人民法院', '0', '1', '3'],
    ]);
    // units with nothing adopted are listed too, with zero (the office itself is not scored)
    expect(summary!.slice(3).map((r) => [r[1], r[4]]).sort()).toEqual([
      ['桃源街道', '0'],
      ['鸭园镇', '0'],
    ]);
    expect(detail!.slice(1)).toEqual([
      ['1', '区公安分局', '区公安分局打掉一个恶势力犯罪团伙', '单独刊发', '2024年第9期', '10'],
      ['2', '区人民法院', '区法院审结一起涉恶寻衅滋事案', '综合采用', '2024年第10期', '3'],
      ['3', '区公安分局', '区公安分局开展线索大起底', '综合采用', '2024年第11期', '3'],
    ]);
    expect(text).not.toContain('桃源街道织密网格排查线索');
  });

  it('counts April’s first day in April', async () => {
    const res = await get('ed1', `/api/scoring/notices/monthly_adoption?rubricId=${rubricId}&period=2024-04&format=docx`);
    expect(res.status).toBe(200);
    const [summary, detail] = docxTables(res.raw.rawPayload);
    expect(summary![1]).toEqual(['1', '桃源街道', '0', '1', '3']);
    expect(detail!.slice(1)).toEqual([['1', '桃源街道', '桃源街道织密网格排查线索', '综合采用', '2024年第12期', '3']]);
  });

  it('as .xlsx: the same rows, numbers as numeric cells', async () => {
    const res = await get('ed2', `/api/scoring/notices/monthly_adoption?rubricId=${rubricId}&period=2024-03&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    // exceljs' own Buffer type predates Node's generic Buffer.
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['积分汇总', '采用明细', '通报正文']);
    expect(wb.getWorksheet('积分汇总')!.getRow(4).values).toEqual([undefined, 1, '区公安分局', 1, 1, 13]);
    expect(wb.getWorksheet('采用明细')!.getRow(6).values).toEqual([undefined, 3, '区公安分局', '区公安分局开展线索大起底', '综合采用', '2024年第11期', 3]);
  });
});

describe('the quarterly ranking notice', () => {
  it('ranks every unit by total, ties sharing a rank, zero totals included', async () => {
    const res = await get('ed1', `/api/scoring/notices/quarterly_ranking?rubricId=${rubricId}&period=2024-Q1`);
    expect(res.status).toBe(200);
    expect(docxText(res.raw.rawPayload)).toContain('关于2024年第一季度积分排名情况的通报');
    const [ranking] = docxTables(res.raw.rawPayload);
    expect(ranking![0]).toEqual(['名次', '单位', '总积分']);
    expect(ranking!.slice(1, 3)).toEqual([
      ['1', '区公安分局', '13'],
      ['2', '区人民法院', '3'],
    ]);
    expect(ranking!.slice(3).map((r) => [r[0], r[2]])).toEqual([
      ['3', '0'],
      ['3', '0'],
    ]);
  });

  it('ranks each unit type apart when asked (成员单位, 乡镇街道), one table each', async () => {
    const res = await get('ed1', `/api/scoring/notices/quarterly_ranking?rubricId=${rubricId}&period=2024-Q2&byType=1`);
    expect(res.status).toBe(200);
    const text = docxText(res.raw.rawPayload);
    expect(text).toContain('（一）成员单位');
    expect(text).toContain('（二）乡镇街道');
    const [members, townships] = docxTables(res.raw.rawPayload);
    expect(members!.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['1', '0'],
      ['1', '0'],
    ]);
    expect(townships!.slice(1)).toEqual([
      ['1', '桃源街道', '13'],
      ['2', '鸭园镇', '0'],
    ]);
  });
});

describe('the year-end list of top correspondents', () => {
  it('names the people with the most points, with their unit; a tie at the last place names both', async () => {
    const res = await get('ed3', `/api/scoring/notices/top_correspondents?rubricId=${rubricId}&period=2024&places=1&format=xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('优秀宣传员')!;
    const rows = [4, 5, 6].map((i) => ws.getRow(i).values as unknown[]).filter((v) => v.length > 0);
    expect(rows.map((r) => r.slice(1)).sort()).toEqual([
      [1, '张伟', '桃源街道', 13],
      [1, '王磊', '区公安分局', 13],
    ]);
    const all = await get('ed3', `/api/scoring/notices/top_correspondents?rubricId=${rubricId}&period=2024`);
    const [table] = docxTables(all.raw.rawPayload);
    expect(table!.slice(1).map((r) => r[0])).toEqual(['1', '1', '3']);
    expect(table![3]).toEqual(['3', '李娜', '区人民法院', '3']);
  });
});

describe('who may export, and bad requests', () => {
  it('a correspondent reads rankings but may not export the office’s notices; another organisation’s editor is told nothing', async () => {
    const corr = await get('police', `/api/scoring/notices/quarterly_ranking?rubricId=${rubricId}&period=2024-Q1`);
    expect(corr.status).toBe(403);
    const other = await get('otherEd', `/api/scoring/notices/quarterly_ranking?rubricId=${rubricId}&period=2024-Q1`);
    expect(other.status).toBe(404);
    expect(other.json?.errorCode).toBe('common/not_found');
  });

  it('refuses a bad period or kind with a clear message', async () => {
    const bad = await get('ed1', `/api/scoring/notices/quarterly_ranking?rubricId=${rubricId}&period=2024-Q5`);
    expect(bad.status).toBe(400);
    expect(bad.json?.errorCode).toBe('scoring/bad_period');
    expect(bad.json?.errorMessage).toContain('考核期间无效');
    const kind = await get('ed1', `/api/scoring/notices/weekly?rubricId=${rubricId}&period=2024-Q1`);
    expect(kind.status).toBe(400);
    expect(kind.json?.errorCode).toBe('common/validation');
  });
});
