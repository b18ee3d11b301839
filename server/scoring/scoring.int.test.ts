/**
 * Scoring through the HTTP API on a small organisation whose totals are computed by hand (below): rubric
 * storage (templates, a draft kept when invalid, adoption), rankings with a tie (1, 2, 2, 4) and zero
 * totals, the same work counted once across items, a withdrawn record no longer counting, ledger
 * entries (task missed, emergency task) with evidence, explanations with reasons, series and what-if.
 *
 * Template A, March 2024 (a unit with nothing keeps the deductive items whole: 2 + 1 + 3 = 6):
 *   城一所  w1 (tag 市局策划): city adoption 0.2 and province 0.3 (市局矩阵策划), 人民日报 客户端要文 1 (外宣刊稿)
 *           → the work counts once, at its highest: 1; w2 on 人民日报 too (+1) until withdrawn → 7 (8 before)
 *   城二所  w3 (tag 市局策划): city adoption 0.2 → 6.2
 *   城三所  ledger: emergency task done well +0.2 → 6.2     (tie with 城二所: both rank 2)
 *   城四所  ledger: a repost/vote task missed in March −0.2 → 5.8 (rank 5: 城五所 has 6, rank 4)
 *   城五所  nothing → 6
 * Template B, March 2024: w1 standalone issue 10 + w2 comprehensive 3 → 城一所 13; w3 comprehensive → 城二所 3; others 0.
 * People (template A): 王一 (author of w1, w2) 1; 王二 (w3) 0.2; 王三 (城三所, nothing) 0.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { systemCtx } from '../http/context';
import { writeBriefingUseRecords } from '../records/records';
import { createTestApp, type TestApp } from '../test/app';
import { multipartFile } from '../test/multipart';
import { scoringLedgerEntries, scoringRubricVersions } from './tables';

let t: TestApp;
const login: Record<string, string> = {};
const unit: Record<string, string> = {};
const person: Record<string, string> = {};
const work: Record<string, string> = {};
let rubricA = '';
let rubricB = '';
let peoplesDaily: { id: string; channels: { id: string; name: string }[] };

type Row = { id: string; name: string; total: string; rank: number; items: Record<string, string> };

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('积分测试公安局');
  const office = await t.makeUnit(root.id, '政治工作办公室', 'office');
  for (const n of ['一', '二', '三', '四', '五']) unit[n] = (await t.makeUnit(root.id, `城${n}所`, 'police_station')).id;
  for (const [i, n] of ['一', '二', '三'].entries()) {
    const p = await t.makePerson({ unitId: unit[n]!, roles: [{ role: 'correspondent', unitId: unit[n]! }], name: `王${n}` });
    login[`corr${i + 1}`] = p.login;
    person[n] = p.id;
  }
  for (const n of [1, 2, 3]) login[`ed${n}`] = (await t.makePerson({ unitId: office.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  login.admin = (await t.makePerson({ unitId: office.id, roles: [{ role: 'admin', unitId: root.id }] })).login;
  const other = await t.makeRoot('另一公安局');
  login.otherEd = (await t.makePerson({ unitId: other.id, roles: [{ role: 'editor', unitId: other.id }] })).login;
  peoplesDaily = (await (await t.as(login.ed1!)).get(`/api/outlets?unitId=${unit['一']}`)).data.outlets.find((o: { name: string }) => o.name === '人民日报')!;

  // Items accepted through the real review, records of use through the records use cases.
  const accepted = async (n: string, title: string) => {
    const c = await t.as(login[`corr${['一', '二', '三'].indexOf(n) + 1}`]!);
    const created = await c.post('/api/submissions', { kind: 'briefing_item', title, body: `${title}：民警走进社区开展宣传，发放资料三百余份。`, authorIds: [person[n]], tags: ['市局策划'] });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    const id = created.data.id as string;
    expect((await c.post(`/api/submissions/${id}/submit`)).status).toBe(200);
    for (const e of [1, 2, 3]) expect((await (await t.as(login[`ed${e}`]!)).post(`/api/submissions/${id}/decision`, { type: 'pass' })).status).toBe(200);
    return id;
  };
  work.w1 = await accepted('一', '城一所反诈宣传进社区');
  work.w2 = await accepted('一', '城一所护航开学季');
  work.w3 = await accepted('二', '城二所夜巡守平安');
  const ed = await t.as(login.ed1!);
  const record = async (item: string, body: Record<string, unknown>) => {
    const r = await ed.post(`/api/submissions/${item}/records`, { evidenceUrl: 'https://example.gov.cn/evidence', ...body });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return r.data.id as string;
  };
  const yaowen = () => peoplesDaily.channels.find((c) => c.name === '客户端要文')!.id;
  await record(work.w1, { kind: 'upper_adoption', level: 'city', usedOn: '2024-03-04' });
  await record(work.w1, { kind: 'upper_adoption', level: 'province', usedOn: '2024-03-08' });
  await record(work.w1, { kind: 'media', outletId: peoplesDaily.id, channelId: yaowen(), url: 'https://www.people.com.cn/n1/2024/0312/c1.html', usedOn: '2024-03-12' });
  work.w2media = await record(work.w2, { kind: 'media', outletId: peoplesDaily.id, channelId: yaowen(), url: 'https://www.people.com.cn/n1/2024/0320/c2.html', usedOn: '2024-03-20' });
  await record(work.w3, { kind: 'upper_adoption', level: 'city', usedOn: '2024-03-31' });
  // April's first minute in Shanghai: not March's.
  await record(work.w3, { kind: 'upper_adoption', level: 'province', usedOn: '2024-04-01' });
  const sys = systemCtx({ database: t.database, config: t.config, actor: { via: 'server', task: 'test' }, clock: t.clock });
  await t.db.transaction(async (tx) => {
    await writeBriefingUseRecords(tx, sys, { briefingId: crypto.randomUUID(), label: '2024年第3期', mode: 'standalone', date: '2024-03-15', submissionIds: [work.w1!] });
    await writeBriefingUseRecords(tx, sys, { briefingId: crypto.randomUUID(), label: '2024年第4期', mode: 'comprehensive', date: '2024-03-25', submissionIds: [work.w2!, work.w3!] });
  });
}, 300_000);
afterAll(() => t?.close());

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('rubrics', () => {
  it('an editor creates template A; its draft is kept even when invalid, cannot be adopted then, and is adopted once valid', async () => {
    const ed = await t.as(login.ed1!);
    const created = await ed.post('/api/scoring/rubrics', { name: '2024年新闻宣传工作绩效考核细则', from: 'template_a' });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    rubricA = created.data.id;
    const fresh = (await ed.get(`/api/scoring/rubrics/${rubricA}`)).data;
    expect(fresh.current).toBeNull();
    expect(fresh.draft!.valid).toBe(true);
    const goodYaml = fresh.draft!.yaml;
    expect(goodYaml).toContain('市局矩阵策划');

    const bad = goodYaml.replace('points: "0.2"', 'points: "0.2555"').replace("points: '0.2'", "points: '0.2555'");
    expect(bad).not.toBe(goodYaml);
    const saved = await ed.put(`/api/scoring/rubrics/${rubricA}/draft`, { yaml: bad });
    expect(saved.status).toBe(200);
    expect(saved.data.valid).toBe(false);
    expect(saved.data.problems[0]).toMatchObject({ message: expect.stringContaining('three decimals') });
    expect(saved.data.problems[0]!.line).toBeGreaterThan(1);
    expect((await ed.get(`/api/scoring/rubrics/${rubricA}`)).data.draft!.yaml).toBe(bad);
    const refused = await ed.post(`/api/scoring/rubrics/${rubricA}/adopt`);
    expect([refused.status, refused.json?.errorCode]).toEqual([409, 'scoring/rubric_invalid']);
    expect(refused.json?.errorMessage).toContain('不能采用');

    expect((await ed.put(`/api/scoring/rubrics/${rubricA}/draft`, { yaml: goodYaml })).data.valid).toBe(true);
    const adopted = await ed.post(`/api/scoring/rubrics/${rubricA}/adopt`);
    expect(adopted.data).toMatchObject({ number: 1 });
    expect((await ed.post(`/api/scoring/rubrics/${rubricA}/adopt`)).json?.errorCode).toBe('scoring/no_draft');
    const audit = await t.db.select({ event: auditLog.event }).from(auditLog).where(eq(auditLog.targetId, rubricA));
    expect(audit.map((a) => a.event).sort()).toEqual(['scoring.rubric_adopt', 'scoring.rubric_create', 'scoring.rubric_draft', 'scoring.rubric_draft']);
  });

  it('an administrator creates template B and adopts it; a correspondent reads rubrics but neither the draft nor the editing', async () => {
    const admin = await t.as(login.admin!);
    rubricB = (await admin.post('/api/scoring/rubrics', { name: '信息采用积分', from: 'template_b' })).data.id;
    expect((await admin.post(`/api/scoring/rubrics/${rubricB}/adopt`)).status).toBe(200);
    const c = await t.as(login.corr1!);
    const list = (await c.get('/api/scoring/rubrics')).data.rubrics;
    expect(list.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([rubricA, rubricB]));
    expect(list.find((r: { id: string }) => r.id === rubricA)).toMatchObject({ template: 'A', hasDraft: false, canEdit: false, currentVersion: { number: 1 } });
    const detail = (await c.get(`/api/scoring/rubrics/${rubricA}`)).data;
    expect(detail.draft).toBeNull();
    expect(detail.current!.rubric.sections).toHaveLength(5);
    const put = await c.put(`/api/scoring/rubrics/${rubricA}/draft`, { yaml: 'name: x' });
    expect(put.status).toBe(403);
    const other = await t.as(login.otherEd!);
    expect((await other.get(`/api/scoring/rubrics/${rubricA}`)).status).toBe(404);
    expect((await other.get('/api/scoring/rubrics')).data.rubrics).toEqual([]);
  });
});

describe('ledger entries', () => {
  it('an editor enters an emergency task with an uploaded file and a missed task of March (entered in April) with a link', async () => {
    const ed = await t.as(login.ed1!);
    const mp = multipartFile('截图.png', PNG, 'image/png');
    const up = await t.request('POST', '/api/scoring/ledger-evidence', { cookie: ed.cookie, body: mp.payload, headers: { 'content-type': mp.contentType } });
    expect(up.status, JSON.stringify(up.json)).toBe(200);
    const em = await ed.post('/api/scoring/ledger', { kind: 'emergency_task', unitId: unit['三'], title: '防汛应急宣传', occurredOn: '2024-03-18', evidenceIds: [up.data.id] });
    expect(em.status, JSON.stringify(em.json)).toBe(200);
    // A file is claimed once, and only by its uploader's entry (files/evidence.ts claimEvidence).
    const twice = await ed.post('/api/scoring/ledger', { kind: 'emergency_task', unitId: unit['三'], title: '再用一次', occurredOn: '2024-03-18', evidenceIds: [up.data.id] });
    expect([twice.status, twice.json?.errorCode]).toEqual([400, 'scoring/bad_evidence']);
    const up2 = await t.request('POST', '/api/scoring/ledger-evidence', { cookie: ed.cookie, body: mp.payload, headers: { 'content-type': mp.contentType } });
    const byOther = await (await t.as(login.ed2!)).post('/api/scoring/ledger', { kind: 'emergency_task', unitId: unit['三'], title: '他人上传', occurredOn: '2024-03-18', evidenceIds: [up2.data.id] });
    expect([byOther.status, byOther.json?.errorCode]).toEqual([400, 'scoring/bad_evidence']);
    const miss = await ed.post('/api/scoring/ledger', { kind: 'task_missed', unitId: unit['四'], month: '2024-03', occurredOn: '2024-04-02', evidenceUrl: 'https://example.gov.cn/task/3', externalCode: 'T-2024-03-4' });
    expect(miss.data).toMatchObject({ created: true });
    // The same external code and content again: the same entry; other content: refused.
    const again = await ed.post('/api/scoring/ledger', { kind: 'task_missed', unitId: unit['四'], month: '2024-03', occurredOn: '2024-04-02', evidenceUrl: 'https://example.gov.cn/task/3', externalCode: 'T-2024-03-4' });
    expect(again.data).toEqual({ id: miss.data.id, created: false });
    const clash = await ed.post('/api/scoring/ledger', { kind: 'task_missed', unitId: unit['五'], month: '2024-03', occurredOn: '2024-04-02', evidenceUrl: 'https://example.gov.cn/task/3', externalCode: 'T-2024-03-4' });
    expect([clash.status, clash.json?.errorCode]).toEqual([409, 'scoring/external_code_taken']);
    const noEvidence = await ed.post('/api/scoring/ledger', { kind: 'violation', unitId: unit['五'], violation: 'criticism', negativeCoverage: true, occurredOn: '2024-03-02' });
    expect(noEvidence.json?.errorCode).toBe('scoring/evidence_required');
    const corr = await t.as(login.corr1!);
    expect((await corr.post('/api/scoring/ledger', { kind: 'emergency_task', unitId: unit['一'], title: 'x', occurredOn: '2024-03-02', evidenceUrl: 'https://example.gov.cn/x' })).status).toBe(403);
    const list = (await ed.get('/api/scoring/ledger?from=2024-03-01&to=2024-04-30&pageSize=200')).data.items;
    expect(list.find((e: { id: string }) => e.id === em.data.id)).toMatchObject({ unitName: '城三所', evidence: [{ filename: '截图.png' }] });
    expect(list.find((e: { id: string }) => e.id === miss.data.id)).toMatchObject({ countsOn: '2024-03-31', month: '2024-03' });
    // A unit's correspondent sees only their unit's entries.
    expect((await corr.get('/api/scoring/ledger')).data).toEqual({ items: [], total: 0 });
  });

  it('a withdrawn or corrected entry keeps its reason; withdrawal needs a reason and is audited', async () => {
    const ed = await t.as(login.ed1!);
    const e = await ed.post('/api/scoring/ledger', { kind: 'violation', unitId: unit['五'], violation: 'unapproved_account', negativeCoverage: false, occurredOn: '2024-03-03', evidenceUrl: 'https://example.gov.cn/v' });
    const noReason = await ed.post(`/api/scoring/ledger/${e.data.id}/withdraw`, { reason: '' });
    expect(noReason.status).toBe(400);
    const fixed = await ed.post(`/api/scoring/ledger/${e.data.id}/correct`, { reason: '负面舆情核实', rev: 0, entry: { kind: 'violation', violation: 'unapproved_account', negativeCoverage: true, occurredOn: '2024-03-03', evidenceUrl: 'https://example.gov.cn/v' } });
    expect(fixed.status, JSON.stringify(fixed.json)).toBe(200);
    expect((await ed.post(`/api/scoring/ledger/${e.data.id}/withdraw`, { reason: '经复核，账号已于当月备案' })).status).toBe(200);
    expect((await ed.post(`/api/scoring/ledger/${e.data.id}/withdraw`, { reason: '再撤' })).json?.errorCode).toBe('scoring/ledger_withdrawn');
    const [row] = await t.db.select().from(scoringLedgerEntries).where(eq(scoringLedgerEntries.id, e.data.id));
    expect(row).toMatchObject({ status: 'withdrawn', withdrawReason: '经复核，账号已于当月备案', attrs: { negative_coverage: true } });
    const audit = await t.db.select({ event: auditLog.event }).from(auditLog).where(and(eq(auditLog.targetId, e.data.id)));
    expect(audit.map((a) => a.event).sort()).toEqual(['scoring.ledger_correct', 'scoring.ledger_create', 'scoring.ledger_withdraw']);
  });
});

describe('rankings (hand-computed, see the top of this file)', () => {
  const rankings = async (rubric: string, period: string, subject = 'units', who = login.ed1!) => {
    const r = await (await t.as(who)).get(`/api/scoring/rankings?rubricId=${rubric}&period=${period}&subject=${subject}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return r.data as unknown as { rows: Row[]; items: { key: string }[]; rubric: { versionNumber: number } };
  };
  const totals = (rows: Row[]) => rows.map((r) => [r.name, r.total, r.rank]);

  it('template A, March: the work counts once across items; w2 counts until withdrawn; ties share a rank', async () => {
    const before = await rankings(rubricA, '2024-03');
    expect(totals(before.rows)).toEqual([
      ['城一所', '8', 1],
      ['城三所', '6.2', 2],
      ['城二所', '6.2', 2],
      ['城五所', '6', 4],
      ['城四所', '5.8', 5],
    ]);
    const s1 = before.rows[0]!;
    expect(s1.items).toMatchObject({ city_matrix: '0', central_media: '2', matrix_response: '2', new_media: '1', nominations: '3' });
    expect(before.rows.find((r) => r.name === '城二所')!.items.city_matrix).toBe('0.2');

    const ed = await t.as(login.ed1!);
    expect((await ed.post(`/api/records/${work.w2media}/withdraw`, { reason: '链接为转载页，非客户端要文' })).status).toBe(200);
    const after = await rankings(rubricA, '2024-03', 'units', login.corr2!);
    expect(totals(after.rows)).toEqual([
      ['城一所', '7', 1],
      ['城三所', '6.2', 2],
      ['城二所', '6.2', 2],
      ['城五所', '6', 4],
      ['城四所', '5.8', 5],
    ]);
    const people = await rankings(rubricA, '2024-03', 'people');
    expect(totals(people.rows)).toEqual([
      ['王一', '1', 1],
      ['王二', '0.2', 2],
      ['王三', '0', 3],
    ]);
    // The province's adoption of w3 on 1 April belongs to April (and the second quarter), not March.
    const april = await rankings(rubricA, '2024-04');
    expect(april.rows.find((r) => r.name === '城二所')!.items.city_matrix).toBe('0.3');
    const q2 = await rankings(rubricA, '2024-Q2');
    expect(q2.rows.find((r) => r.name === '城二所')!.total).toBe('6.3');
  });

  it('template B, March: standalone 10, comprehensive 3, zero totals listed and ranked together', async () => {
    const b = await rankings(rubricB, '2024-03');
    expect(totals(b.rows)).toEqual([
      ['城一所', '13', 1],
      ['城二所', '3', 2],
      ['城三所', '0', 3],
      ['城五所', '0', 3],
      ['城四所', '0', 3],
    ]);
    const people = await rankings(rubricB, '2024-03', 'people');
    expect(totals(people.rows)).toEqual([
      ['王一', '13', 1],
      ['王二', '3', 2],
      ['王三', '0', 3],
    ]);
    const bad = await (await t.as(login.ed1!)).get(`/api/scoring/rankings?rubricId=${rubricB}&period=2024-13`);
    expect([bad.status, bad.json?.errorCode]).toEqual([400, 'scoring/bad_period']);
  });

  it('explains every entry of 城一所 with the clause and, for what did not count, the reason; its correspondent may read it, another unit’s may not', async () => {
    const c = await t.as(login.corr1!);
    const r = await c.get(`/api/scoring/explain?rubricId=${rubricA}&period=2024-03&unitId=${unit['一']}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const x = r.data;
    expect([x.total, x.rank]).toEqual(['7', 1]);
    const byItem = x.entries.map((e: { itemKey: string; points: string; counted: string; status: string }) => [e.itemKey, e.points, e.counted, e.status]);
    expect(byItem).toEqual([
      ['city_matrix', '0.2', '0', 'dedupe'],
      ['city_matrix', '0.3', '0', 'dedupe'],
      ['central_media', '1', '1', 'counted'],
    ]);
    const dropped = x.entries[0]!;
    expect(dropped.reason).toContain('同一作品、稿件、荣誉只计分1次');
    expect(dropped.keptInstead).toMatchObject({ itemKey: 'central_media', points: '1' });
    expect(dropped.work).toMatchObject({ id: work.w1, title: '城一所反诈宣传进社区' });
    expect(x.entries[2]!.reason).toBeNull();
    expect((await c.get(`/api/scoring/explain?rubricId=${rubricA}&period=2024-03&unitId=${unit['四']}`)).status).toBe(403);
    const ed = await t.as(login.ed1!);
    const s4 = (await ed.get(`/api/scoring/explain?rubricId=${rubricA}&period=2024-03&unitId=${unit['四']}`)).data;
    expect(s4.entries.map((e: { kind: string; points: string; status: string; source: string }) => [e.kind, e.points, e.status, e.source])).toEqual([['task_missed', '-0.2', 'counted', 'ledger']]);
    // A ledger entry has no work: `what` says what it is, in the caller's language; records of use have their work instead.
    expect([s4.entries[0]!.work, s4.entries[0]!.what]).toEqual([null, '转发/投票任务未完成 · 2024年3月']);
    expect(x.entries.map((e: { what: string | null }) => e.what)).toEqual([null, null, null]);
    const s4en = await t.request('GET', `/api/scoring/explain?rubricId=${rubricA}&period=2024-03&unitId=${unit['四']}`, { cookie: ed.cookie, headers: { 'accept-language': 'en' } });
    expect(s4en.data.entries[0]!.what).toBe('Repost/vote task not done · Mar 2024');
    const en = await t.request('GET', `/api/scoring/explain?rubricId=${rubricA}&period=2024-03&unitId=${unit['一']}`, { cookie: c.cookie, headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(200);
    const me = (await c.get(`/api/scoring/explain?rubricId=${rubricA}&period=2024-03&personId=${person['一']}`)).data;
    expect([me.total, me.entries.filter((e: { status: string }) => e.status === 'counted').length]).toEqual(['1', 1]);
    // A person's points by item: the split of their total (王一: 外宣刊稿 1, the rest 0).
    expect(Object.entries(me.items as Record<string, string>).filter(([, v]) => v !== '0')).toEqual([['central_media', '1']]);
    expect(Object.keys(me.items as Record<string, string>)).toEqual(x.items ? Object.keys(x.items as Record<string, string>) : []);
  });

  it('series by month and quarter; what-if ranks a draft beside the version in force', async () => {
    const ed = await t.as(login.ed1!);
    const s = (await ed.get(`/api/scoring/series?rubricId=${rubricB}&year=2024&by=quarter`)).data;
    expect(s.periods.map((p: { key: string }) => p.key)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(s.totals).toEqual(['16', '0', '0', '0']);
    const one = (await ed.get(`/api/scoring/series?rubricId=${rubricB}&year=2024&by=month&unitId=${unit['二']}`)).data;
    expect(one.totals.slice(0, 4)).toEqual(['0', '0', '3', '0']);

    const current = (await ed.get(`/api/scoring/rubrics/${rubricB}`)).data.current!.yaml;
    const draft = current.replace(/points: "?3"?\n/, 'points: "12"\n');
    expect(draft).not.toBe(current);
    const w = (await ed.post('/api/scoring/what-if', { rubricId: rubricB, yaml: draft, period: '2024-03' })).data;
    expect(w.problems).toEqual([]);
    expect(w.changes!.slice(0, 2).map((c: { name: string; current: { total: string; rank: number }; draft: { total: string; rank: number }; rankChange: number }) => [c.name, c.current.total, c.draft.total, c.rankChange])).toEqual([
      ['城一所', '13', '22', 0],
      ['城二所', '3', '12', 0],
    ]);
    const invalid = (await ed.post('/api/scoring/what-if', { rubricId: rubricB, yaml: 'name: [', period: '2024-03' })).data;
    expect(invalid.problems.length).toBeGreaterThan(0);
    // What-if changes nothing: the version in force is still 1 and its ranking unchanged.
    const versions = await t.db.select().from(scoringRubricVersions).where(eq(scoringRubricVersions.rubricId, rubricB));
    expect(versions).toHaveLength(1);
    const c = await t.as(login.corr1!);
    expect((await c.post('/api/scoring/what-if', { rubricId: rubricB, yaml: draft, period: '2024-03' })).status).toBe(403);
  });
});
