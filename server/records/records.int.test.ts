import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { systemCtx } from '../http/context';
import { createTestApp, type TestApp } from '../test/app';
import { multipartFile } from '../test/multipart';
import { writeBriefingUseRecords, writeUpperAdoptionRecord, type listRecordsOfItem } from './records';

/** The answer of GET /api/submissions/:id/records (its url also matches GET /api/submissions/:id in the typed client). */
type Records = Awaited<ReturnType<typeof listRecordsOfItem>>;
import { recordRevisions, recordsOfUse } from './tables';

/**
 * Records of use through the HTTP API, as an editor would keep them: add with evidence, the same use
 * refused (also when sent in parallel), corrections and withdrawals with reasons and audit rows, who
 * may see and record, the functions the briefings and forwarding features call, and old ledgers.
 */
let t: TestApp;
let rootId: string;
let station: { id: string; name: string };
let peoplesDaily: { id: string; channels: { id: string; name: string; qualifies: boolean }[] };
const login: Record<string, string> = {};
let authorId: string;

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('记录测试公安局');
  rootId = root.id;
  const office = await t.makeUnit(root.id, '政治工作办公室', 'office');
  station = await t.makeUnit(root.id, '城关派出所', 'police_station');
  const corr = await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }], name: '王磊' });
  login.corr = corr.login;
  authorId = corr.id;
  for (const n of [1, 2, 3]) login[`ed${n}`] = (await t.makePerson({ unitId: office.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  login.admin = (await t.makePerson({ unitId: root.id, roles: [{ role: 'admin', unitId: root.id }] })).login;
  const other = await t.makeRoot('另一公安局');
  login.otherEd = (await t.makePerson({ unitId: other.id, roles: [{ role: 'editor', unitId: other.id }] })).login;
  const outlets = (await (await t.as(login.ed1!)).get(`/api/outlets?unitId=${station.id}`)).data.outlets;
  peoplesDaily = outlets.find((o: { name: string }) => o.name === '人民日报')!;
}, 120_000);
afterAll(() => t?.close());

let serialNo = 0;
/** An item accepted through the real review: submitted by the correspondent, passed by three editors. */
async function acceptedItem(title = `城关派出所开展反诈宣传-${++serialNo}`) {
  const c = await t.as(login.corr!);
  const created = await c.post('/api/submissions', { kind: 'briefing_item', title, body: `城关派出所民警走进社区开展反诈宣传第${serialNo}场，发放宣传资料三百余份。`, authorIds: [authorId] });
  expect(created.status, JSON.stringify(created.json)).toBe(200);
  const id = created.data.id as string;
  expect((await c.post(`/api/submissions/${id}/submit`)).status).toBe(200);
  for (const n of [1, 2, 3]) expect((await (await t.as(login[`ed${n}`]!)).post(`/api/submissions/${id}/decision`, { type: 'pass' })).status).toBe(200);
  return id;
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function upload(cookie: string, itemId: string) {
  const mp = multipartFile('截图.png', PNG, 'image/png');
  return t.request('POST', `/api/submissions/${itemId}/record-evidence`, { cookie, body: mp.payload, headers: { 'content-type': mp.contentType } });
}

const media = (url: string, extra: Record<string, unknown> = {}) => ({ kind: 'media', outletId: peoplesDaily.id, channelId: peoplesDaily.channels.find((c) => c.name === '客户端要文')!.id, url, usedOn: '2024-03-15', ...extra });

describe('recording a use', () => {
  it('the seven central main media are built in, each with its qualifying channels', async () => {
    const list = (await (await t.as(login.ed1!)).get(`/api/outlets?unitId=${station.id}`)).data.outlets as { name: string; builtin: boolean; centralMain: boolean; channels: { name: string; qualifies: boolean }[] }[];
    const central = list.filter((o) => o.builtin && o.centralMain).map((o) => o.name);
    expect(central.sort()).toEqual(['人民日报', '光明日报', '央视总台', '学习强国', '新华社', '求是', '经济日报'].sort());
    for (const o of list.filter((x) => x.centralMain)) {
      expect(o.channels.filter((c) => c.qualifies).map((c) => c.name)).toEqual(['主网首页', '客户端推荐', '客户端热点', '客户端要文']);
    }
  });

  it('an editor records a media publication with an evidence file; the author sees it and its file', async () => {
    const id = await acceptedItem();
    const ed = await t.as(login.ed1!);
    const up = await upload(ed.cookie, id);
    expect(up.status, JSON.stringify(up.json)).toBe(200);
    const add = await ed.post(`/api/submissions/${id}/records`, media('https://www.people.com.cn/n1/2024/0315/c1001-1.html', { evidenceIds: [up.data.id] }));
    expect(add.status, JSON.stringify(add.json)).toBe(200);
    const corr = await t.as(login.corr!);
    const list = (await corr.get(`/api/submissions/${id}/records`)).data as unknown as Records;
    expect(list.canRecord).toBe(false);
    expect(list.records).toHaveLength(1);
    expect(list.records[0]).toMatchObject({ kind: 'media', outletName: '人民日报', channelName: '客户端要文', centralQualifying: true, usedOn: '2024-03-15', status: 'active', source: 'manual' });
    expect(list.records[0]!.evidence).toHaveLength(1);
    const file = await corr.get(`/api/record-evidence/${list.records[0]!.evidence[0]!.id}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    // Another organisation's editor sees neither the records nor the file.
    const other = await t.as(login.otherEd!);
    expect((await other.get(`/api/submissions/${id}/records`)).status).toBe(404);
    expect((await other.get(`/api/record-evidence/${list.records[0]!.evidence[0]!.id}`)).status).toBe(404);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'record.add'), eq(auditLog.targetId, id)));
    expect(audit).toHaveLength(1);
  });

  it('refuses a record without evidence, on an item not accepted, from a correspondent and from another organisation', async () => {
    const id = await acceptedItem();
    const ed = await t.as(login.ed1!);
    const noEvidence = await ed.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'city', usedOn: '2024-03-01' });
    expect(noEvidence.json?.errorCode).toBe('records/evidence_required');
    const c = await t.as(login.corr!);
    const draft = await c.post('/api/submissions', { kind: 'briefing_item', title: '未录用', body: '正文内容' });
    await c.post(`/api/submissions/${draft.data.id}/submit`);
    const notAccepted = await ed.post(`/api/submissions/${draft.data.id}/records`, { kind: 'upper_adoption', level: 'city', usedOn: '2024-03-01', evidenceUrl: 'https://example.gov.cn/a' });
    expect([notAccepted.status, notAccepted.json?.errorCode]).toEqual([409, 'records/not_accepted']);
    const byCorr = await c.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'city', usedOn: '2024-03-01', evidenceUrl: 'https://example.gov.cn/a' });
    expect(byCorr.status).toBe(403);
    const other = await t.as(login.otherEd!);
    const byOther = await other.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'city', usedOn: '2024-03-01', evidenceUrl: 'https://example.gov.cn/a' });
    expect([byOther.status, byOther.json?.errorCode]).toEqual([404, 'common/not_found']);
    const future = await ed.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'city', usedOn: '2999-01-01', evidenceUrl: 'https://example.gov.cn/a' });
    expect(future.json?.errorCode).toBe('records/future_date');
    const badDate = await ed.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'city', usedOn: '2024-02-30', evidenceUrl: 'https://example.gov.cn/a' });
    expect(badDate.json?.errorCode).toBe('common/validation');
    const unknownLevel = await ed.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'galaxy', usedOn: '2024-03-01', evidenceUrl: 'https://example.gov.cn/a' });
    expect(unknownLevel.json?.errorCode).toBe('records/unknown_level');
    expect(await t.db.select().from(recordsOfUse).where(eq(recordsOfUse.submissionId, id))).toHaveLength(0);
  });
});

describe('the same use is recorded once', () => {
  it('refuses the same outlet and page (spelled differently) with the existing record’s id', async () => {
    const id = await acceptedItem();
    const ed = await t.as(login.ed1!);
    const first = await ed.post(`/api/submissions/${id}/records`, media('https://www.people.com.cn/n1/2024/0315/c1001-2.html?utm_source=wx#top'));
    expect(first.status).toBe(200);
    const again = await (await t.as(login.ed2!)).post(`/api/submissions/${id}/records`, media('http://people.com.cn/n1/2024/0315/c1001-2.html/', { usedOn: '2024-03-16' }));
    expect([again.status, again.json?.errorCode]).toEqual([409, 'records/duplicate']);
    expect((again.json as { details?: { existingId: string } }).details?.existingId).toBe(first.data.id);
    // The same level twice is the same adoption; another level is another.
    expect((await ed.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'city', usedOn: '2024-03-01', evidenceUrl: 'https://a.gov.cn/1' })).status).toBe(200);
    expect((await ed.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'city', usedOn: '2024-03-05', evidenceUrl: 'https://a.gov.cn/2' })).json?.errorCode).toBe('records/duplicate');
    expect((await ed.post(`/api/submissions/${id}/records`, { kind: 'upper_adoption', level: 'province', usedOn: '2024-03-05', evidenceUrl: 'https://a.gov.cn/2' })).status).toBe(200);
  });

  it('ten parallel requests for the same use write one record', async () => {
    const id = await acceptedItem();
    const eds = await Promise.all([1, 2, 3].map((n) => t.as(login[`ed${n}`]!)));
    const body = media('https://www.people.com.cn/n1/2024/0401/c1001-3.html');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => eds[i % 3]!.post(`/api/submissions/${id}/records`, body)));
    const ok = answers.filter((a) => a.status === 200);
    expect(ok).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect([a.status, a.json?.errorCode]).toEqual([409, 'records/duplicate']);
      expect((a.json as { details?: { existingId: string } }).details?.existingId).toBe(ok[0]!.data.id);
    }
    expect(await t.db.select().from(recordsOfUse).where(eq(recordsOfUse.submissionId, id))).toHaveLength(1);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'record.add'), eq(auditLog.targetId, id)))).toHaveLength(1);
  });
});

describe('corrections and withdrawals', () => {
  it('need a reason, keep the values before, write audit rows, and cannot make a duplicate', async () => {
    const id = await acceptedItem();
    const ed = await t.as(login.ed1!);
    const a = (await ed.post(`/api/submissions/${id}/records`, media('https://www.people.com.cn/n1/2024/0501/c1-4.html'))).data.id as string;
    const b = (await ed.post(`/api/submissions/${id}/records`, media('https://www.people.com.cn/n1/2024/0502/c1-5.html'))).data.id as string;
    const noReason = await ed.patch(`/api/records/${a}`, { rev: 0, record: media('https://www.people.com.cn/n1/2024/0501/c1-4.html', { usedOn: '2024-05-01' }) });
    expect(noReason.json?.errorCode).toBe('common/validation');
    const fixed = await ed.patch(`/api/records/${a}`, { reason: '日期登记有误', rev: 0, record: media('https://www.people.com.cn/n1/2024/0501/c1-4.html', { usedOn: '2024-05-01' }) });
    expect(fixed.status, JSON.stringify(fixed.json)).toBe(200);
    const stale = await ed.patch(`/api/records/${a}`, { reason: '再改', rev: 0, record: media('https://www.people.com.cn/n1/2024/0501/c1-4.html') });
    expect(stale.json?.errorCode).toBe('common/conflict');
    // Correcting A into B's page would record B's use twice.
    const clash = await ed.patch(`/api/records/${a}`, { reason: '链接有误', rev: 1, record: media('https://people.com.cn/n1/2024/0502/c1-5.html') });
    expect([clash.status, clash.json?.errorCode]).toEqual([409, 'records/duplicate']);
    expect((clash.json as { details?: { existingId: string } }).details?.existingId).toBe(b);
    const [rev] = await t.db.select().from(recordRevisions).where(eq(recordRevisions.recordId, a));
    expect(rev).toMatchObject({ action: 'correct', reason: '日期登记有误' });
    expect(rev!.previous).toMatchObject({ usedOn: '2024-03-15', url: 'https://www.people.com.cn/n1/2024/0501/c1-4.html' });

    expect((await ed.post(`/api/records/${b}/withdraw`, {})).json?.errorCode).toBe('common/validation');
    expect((await (await t.as(login.corr!)).post(`/api/records/${b}/withdraw`, { reason: '重复' })).status).toBe(403);
    expect((await (await t.as(login.otherEd!)).post(`/api/records/${b}/withdraw`, { reason: '重复' })).status).toBe(404);
    expect((await ed.post(`/api/records/${b}/withdraw`, { reason: '媒体已撤稿' })).status).toBe(200);
    expect((await ed.post(`/api/records/${b}/withdraw`, { reason: '再撤' })).json?.errorCode).toBe('records/withdrawn');
    // Withdrawn, the use may be recorded again.
    expect((await ed.post(`/api/submissions/${id}/records`, media('https://www.people.com.cn/n1/2024/0502/c1-5.html'))).status).toBe(200);

    const list = ((await ed.get(`/api/submissions/${id}/records`)).data as unknown as Records).records as unknown as { id: string; status: string; usedOn: string; revisions: { action: string; reason: string }[] }[];
    expect(list.find((r) => r.id === a)).toMatchObject({ usedOn: '2024-05-01', revisions: [{ action: 'correct', reason: '日期登记有误' }] });
    expect(list.find((r) => r.id === b)).toMatchObject({ status: 'withdrawn', revisions: [{ action: 'withdraw', reason: '媒体已撤稿' }] });
    const events = (await t.db.select().from(auditLog).where(eq(auditLog.targetId, id))).map((r) => r.event);
    expect(events.filter((e) => e === 'record.correct')).toHaveLength(1);
    expect(events.filter((e) => e === 'record.withdraw')).toHaveLength(1);
  });
});

describe('written by other features', () => {
  it('briefing use: one record per item, idempotent per briefing; upper adoption from forwarding credited to the original item', async () => {
    const [x, y] = [await acceptedItem(), await acceptedItem()];
    const ctx = systemCtx({ database: t.database, config: t.config, actor: { via: 'server', task: 'test' }, clock: t.clock });
    const briefingId = crypto.randomUUID();
    const input = { briefingId, label: '2024年第12期', mode: 'comprehensive' as const, date: '2024-06-01', submissionIds: [x, y] };
    const first = await t.db.transaction((tx) => writeBriefingUseRecords(tx, ctx, input));
    expect(first.created).toHaveLength(2);
    const again = await t.db.transaction((tx) => writeBriefingUseRecords(tx, ctx, input));
    expect(again).toEqual({ created: [], existing: first.created });
    const forwarded = await t.db.transaction((tx) => writeUpperAdoptionRecord(tx, ctx, { submissionId: x, level: 'city', date: '2024-06-03', forwardedSubmissionId: crypto.randomUUID() }));
    expect(forwarded.created).toBe(true);
    const list = ((await (await t.as(login.corr!)).get(`/api/submissions/${x}/records`)).data as unknown as Records).records as unknown as { kind: string; source: string; briefingLabel: string | null; mode: string | null; levelName: { zh: string } | null; unitName: string }[];
    expect(list.map((r) => r.kind).sort()).toEqual(['briefing_use', 'upper_adoption']);
    expect(list.find((r) => r.kind === 'briefing_use')).toMatchObject({ source: 'briefing', briefingLabel: '2024年第12期', mode: 'comprehensive', unitName: '城关派出所' });
    expect(list.find((r) => r.kind === 'upper_adoption')).toMatchObject({ source: 'forwarding', levelName: { zh: '市局' } });
    // By hand, briefing use cannot be recorded at all.
    const byHand = await (await t.as(login.ed1!)).post(`/api/submissions/${y}/records`, { kind: 'briefing_use', usedOn: '2024-06-01', evidenceUrl: 'https://a.gov.cn' });
    expect(byHand.json?.errorCode).toBe('common/validation');
  });
});

describe('outlets and levels', () => {
  it('an administrator adds an outlet with aliases and renames a level; editors then use them', async () => {
    const admin = await t.as(login.admin!);
    const o = await admin.post('/api/outlets', { unitId: rootId, name: '鄂尔多斯日报', aliases: ['鄂尔多斯新闻网'], tier: 'city', channels: [{ name: '要闻' }] });
    expect(o.status, JSON.stringify(o.json)).toBe(200);
    expect((await admin.post('/api/outlets', { unitId: rootId, name: '鄂尔多斯日报', tier: 'city' })).json?.errorCode).toBe('records/outlet_name_taken');
    const builtin = (await admin.get(`/api/outlets?unitId=${rootId}`)).data.outlets.find((x: { name: string }) => x.name === '新华社')!;
    expect((await admin.patch(`/api/outlets/${builtin.id}`, { name: '改名' })).json?.errorCode).toBe('records/builtin_outlet');
    expect((await admin.patch(`/api/record-levels/${rootId}/city`, { nameZh: '市公安局' })).status).toBe(200);
    const levels = (await (await t.as(login.ed1!)).get(`/api/record-levels?unitId=${station.id}`)).data.levels as { code: string; nameZh: string }[];
    expect(levels.map((l) => l.nameZh)).toEqual(['旗县局', '市公安局', '厅', '部']);
    const other = await t.as(login.otherEd!);
    expect((await other.get(`/api/outlets?unitId=${station.id}`)).status).toBe(404);
    const id = await acceptedItem();
    const ed = await t.as(login.ed1!);
    expect((await ed.post(`/api/submissions/${id}/records`, { kind: 'media', outletId: o.data.id, usedOn: '2024-02-01', columnName: '要闻', evidenceUrl: 'https://a.cn/x' })).status).toBe(200);
    // Used: it can be deactivated, not deleted.
    expect((await admin.del(`/api/outlets/${o.data.id}`)).json?.errorCode).toBe('records/outlet_in_use');
    expect((await admin.patch(`/api/outlets/${o.data.id}`, { active: false })).status).toBe(200);
    expect((await ed.post(`/api/submissions/${id}/records`, { kind: 'media', outletId: o.data.id, usedOn: '2024-02-02', evidenceUrl: 'https://a.cn/y' })).json?.errorCode).toBe('records/unknown_outlet');
  });
});

describe('old ledgers', () => {
  const HEAD = '编号,单位,标题,作者,类型,日期,刊发方式,期号,层级,媒体,栏目,链接,平台,奖项,获奖人,证明链接,备注';
  const csv = (lines: string[]) => multipartFile('台账.csv', Buffer.from([HEAD, ...lines].join('\r\n'), 'utf8'), 'text/csv');
  const send = async (cookie: string, body: ReturnType<typeof csv>, dryRun: '0' | '1', locale = 'zh-CN') =>
    t.request('POST', `/api/ledgers/import?dryRun=${dryRun}&unitId=${rootId}`, { cookie, body: body.payload, headers: { 'content-type': body.contentType, 'x-locale': locale } });

  it('names each bad cell, writes nothing while any is bad, and imports once', async () => {
    const ed = await t.as(login.ed1!);
    const bad = csv([
      ',城关派出所,旧稿一,张三,媒体刊发,2023-02-30,,,,人民日报,客户端要文,https://www.people.com.cn/old/1.html,,,,,',
      ',不存在的所,旧稿二,,上级采用,2023-03-01,,,市局,,,,,,,,',
      ',城关派出所,旧稿三,,获奖,2023-03-01,,,银河级,,,,,二等奖,,,',
    ]);
    const preview = await send(ed.cookie, bad, '1');
    expect(preview.status, JSON.stringify(preview.json)).toBe(200);
    expect(preview.data.errors).toEqual([
      { row: 2, column: '日期', message: '日期“2023-02-30”无效，请填写如 2024-03-15 的日期' },
      { row: 3, column: '单位', message: '单位“不存在的所”不在本单位及下级单位中' },
      { row: 4, column: '层级', message: '层级“银河级”无效，可填：国家级、省级（自治区级）、市级' },
    ]);
    const en = await send(ed.cookie, bad, '1', 'en');
    expect(en.data.errors[0]).toEqual({ row: 2, column: 'Date', message: 'Invalid date “2023-02-30”; write a date such as 2024-03-15' });
    const refused = await send(ed.cookie, bad, '0');
    expect([refused.status, refused.json?.errorCode]).toEqual([400, 'ledger/invalid']);
    expect(await t.db.select().from(recordsOfUse).where(eq(recordsOfUse.source, 'ledger'))).toHaveLength(0);

    const good = csv([
      ',城关派出所,旧稿一,张三,媒体刊发,2023-02-28,,,,人民网,客户端要文,https://www.people.com.cn/old/1.html,,,,,',
      ',城关派出所,旧稿二,,上级采用,2023/3/1,,,市公安局,,,,,,,,',
      ',城关派出所,旧稿三,,作品获奖,2023年3月1日,,,自治区级,,,,,二等奖,,,',
      ',城关派出所,旧稿四,,简报采用,2023-03-02,单独刊发,2023年第5期,,,,,,,,,',
    ]);
    const ok = await send(ed.cookie, good, '1');
    expect(ok.data).toMatchObject({ errors: [], new: 4, existing: 0 });
    const done = await send(ed.cookie, good, '0');
    expect(done.data, JSON.stringify(done.json)).toMatchObject({ imported: 4 });
    const again = await send(ed.cookie, good, '0');
    expect(again.data).toMatchObject({ imported: 0, existing: 4 });

    // Export for the period and import it back: nothing new.
    const xlsx = await t.request('GET', `/api/ledgers/export?from=2023-01-01&to=2023-12-31&unitId=${rootId}`, { cookie: ed.cookie });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(5);
    const back = multipartFile('导出.xlsx', xlsx.raw.rawPayload, 'application/octet-stream');
    const re = await send(ed.cookie, back, '0');
    expect(re.data, JSON.stringify(re.json)).toMatchObject({ errors: [], imported: 0, existing: 4 });
    const tpl = await t.request('GET', '/api/ledgers/template', { cookie: ed.cookie });
    expect([tpl.status, tpl.headers['content-type']]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });
});
