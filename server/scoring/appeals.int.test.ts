/**
 * Appeals through the HTTP API: a unit's approver contests an entry of its explanation (a record of
 * use under template B, a ledger entry under template A); the office rejects or accepts, the entry is
 * withdrawn or corrected through its own use case with the appeal as the reason, scores recompute;
 * both sides are notified, both steps audited, and the explanation shows the appeal.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { systemCtx } from '../http/context';
import { notifications } from '../notifications/tables';
import { writeBriefingUseRecords } from '../records/records';
import { recordRevisions, recordsOfUse } from '../records/tables';
import { createTestApp, type TestApp } from '../test/app';
import { scoringAppeals } from './appeals-tables';
import { scoringLedgerEntries } from './tables';

let t: TestApp;
const login: Record<string, string> = {};
const person: Record<string, string> = {};
let rubricB: string;
let rubricA: string;
let policeId: string;
const records: Record<string, string> = {};
let violationId: string;

type Explained = { total: string; entries: { sourceId: string; points: string; appeals: { id: string; status: string; reason: string; action: string | null; decisionReason: string | null }[] }[]; appeals: { id: string; status: string }[] };

async function client(who: string) {
  return t.as(login[who]!);
}
async function explain(rubricId: string, period: string): Promise<Explained> {
  const r = await (await client('ed1')).get(`/api/scoring/explain?rubricId=${rubricId}&period=${period}&unitId=${policeId}`);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.data as unknown as Explained;
}
const notified = async (personId: string, type: string) => (await t.db.select().from(notifications).where(and(eq(notifications.personId, personId), eq(notifications.type, type)))).length;
const audited = async (event: string, id: string) => (await t.db.select().from(auditLog).where(and(eq(auditLog.event, event), eq(auditLog.targetId, id)))).length;

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('申诉测试扫黑办');
  const office = await t.makeUnit(root.id, '办公室', 'office');
  const police = await t.makeUnit(root.id, '区公安分局', 'member_unit');
  policeId = police.id;
  for (const n of [1, 2, 3]) {
    const p = await t.makePerson({ unitId: office.id, roles: [{ role: 'editor', unitId: root.id }] });
    login[`ed${n}`] = p.login;
    person[`ed${n}`] = p.id;
  }
  const approver = await t.makePerson({ unitId: police.id, roles: [{ role: 'unit_approver', unitId: police.id }], name: '赵主任' });
  login.approver = approver.login;
  person.approver = approver.id;
  const corr = await t.makePerson({ unitId: police.id, roles: [{ role: 'correspondent', unitId: police.id }], name: '王磊' });
  login.corr = corr.login;
  person.corr = corr.id;
  const other = await t.makeRoot('另一办');
  login.otherEd = (await t.makePerson({ unitId: other.id, roles: [{ role: 'editor', unitId: other.id }] })).login;

  const accepted = async (title: string) => {
    const c = await client('corr');
    const created = await c.post('/api/submissions', { kind: 'briefing_item', title, body: `${title}。`, authorIds: [person.corr!] });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    const id = created.data.id as string;
    expect((await c.post(`/api/submissions/${id}/submit`)).status).toBe(200);
    for (const n of [1, 2, 3]) expect((await (await client(`ed${n}`)).post(`/api/submissions/${id}/decision`, { type: 'pass' })).status).toBe(200);
    return id;
  };
  const ctx = systemCtx({ database: t.database, config: t.config, actor: { via: 'server', task: 'test' }, clock: t.clock });
  for (const [k, mode, date] of [['standalone', 'standalone', '2024-03-06'], ['comprehensive', 'comprehensive', '2024-03-12'], ['april', 'comprehensive', '2024-04-02']] as const) {
    const item = await accepted(`区公安分局信息-${k}`);
    const w = await t.db.transaction((tx) => writeBriefingUseRecords(tx, ctx, { briefingId: crypto.randomUUID(), label: `简报 2024年第${k.length}期`, mode, date, submissionIds: [item] }));
    records[k] = w.created[0]!;
  }
  const ed = await client('ed1');
  for (const [from, set] of [['template_b', (id: string) => (rubricB = id)], ['template_a', (id: string) => (rubricA = id)]] as const) {
    const made = await ed.post('/api/scoring/rubrics', { name: `积分-${from}`, from });
    expect(made.status, JSON.stringify(made.json)).toBe(200);
    set((made.data as { id: string }).id);
    expect((await ed.post(`/api/scoring/rubrics/${(made.data as { id: string }).id}/adopt`)).status).toBe(200);
  }
  const v = await ed.post('/api/scoring/ledger', { kind: 'violation', unitId: police.id, violation: 'criticism', negativeCoverage: true, occurredOn: '2024-03-20', evidenceUrl: 'https://example.gov.cn/tongbao/1' });
  expect(v.status, JSON.stringify(v.json)).toBe(200);
  violationId = (v.data as { id: string }).id;
}, 300_000);
afterAll(() => t?.close());

describe('filing an appeal', () => {
  it('the unit’s approver contests a record; the office is notified, the step audited, the explanation shows it pending', async () => {
    const before = await explain(rubricB, '2024-03');
    expect(before.total).toBe('13');
    const r = await (await client('approver')).post('/api/scoring/appeals', { rubricId: rubricB, period: '2024-03', source: 'record', sourceId: records.standalone!, reason: '该期为综合性简报，不是单独刊发', evidence: '简报2024年第10期目录' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const id = (r.data as { id: string }).id;
    expect(await audited('scoring.appeal_file', id)).toBe(1);
    for (const n of [1, 2, 3]) expect(await notified(person[`ed${n}`]!, 'scoring.appeal_filed')).toBe(1);
    const after = await explain(rubricB, '2024-03');
    const entry = after.entries.find((e) => e.sourceId === records.standalone!)!;
    expect(entry.appeals).toEqual([expect.objectContaining({ id, status: 'pending', reason: '该期为综合性简报，不是单独刊发' })]);
    expect(after.entries.find((e) => e.sourceId === records.comprehensive!)!.appeals).toEqual([]);
    expect(after.total).toBe('13'); // nothing changes until the office decides
  });

  it('refuses a second open appeal on the same entry, an entry outside the period, a correspondent, and another organisation', async () => {
    const body = { rubricId: rubricB, period: '2024-03', source: 'record', sourceId: records.standalone!, reason: '再次申诉', evidence: '无' };
    const again = await (await client('approver')).post('/api/scoring/appeals', body);
    expect(again.status).toBe(409);
    expect(again.json?.errorCode).toBe('scoring/appeal_open');
    const april = await (await client('approver')).post('/api/scoring/appeals', { ...body, sourceId: records.april! });
    expect(april.status).toBe(400);
    expect(april.json?.errorCode).toBe('scoring/appeal_entry');
    expect(april.json?.errorMessage).toContain('不在所选考核期间内');
    const corr = await (await client('corr')).post('/api/scoring/appeals', { ...body, sourceId: records.comprehensive! });
    expect(corr.status).toBe(403);
    const other = await (await client('otherEd')).post('/api/scoring/appeals', { ...body, sourceId: records.comprehensive! });
    expect(other.status).toBe(404);
    expect(await t.db.select().from(scoringAppeals).where(eq(scoringAppeals.sourceId, records.comprehensive!))).toHaveLength(0);
  });
});

describe('deciding', () => {
  it('the office rejects with a reason: the filer is notified, the entry stays, the explanation shows the rejection', async () => {
    const [a] = await t.db.select().from(scoringAppeals).where(and(eq(scoringAppeals.sourceId, records.standalone!), eq(scoringAppeals.status, 'pending')));
    const unitSide = await (await client('approver')).post(`/api/scoring/appeals/${a!.id}/reject`, { reason: '自己处理' });
    expect(unitSide.status).toBe(403);
    const r = await (await client('ed2')).post(`/api/scoring/appeals/${a!.id}/reject`, { reason: '经核实，该期为单独刊发' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(await audited('scoring.appeal_decide', a!.id)).toBe(1);
    expect(await notified(person.approver!, 'scoring.appeal_rejected')).toBe(1);
    const twice = await (await client('ed1')).post(`/api/scoring/appeals/${a!.id}/reject`, { reason: '重复' });
    expect(twice.status).toBe(409);
    expect(twice.json?.errorCode).toBe('scoring/appeal_decided');
    const e = await explain(rubricB, '2024-03');
    expect(e.total).toBe('13');
    expect(e.entries.find((x) => x.sourceId === records.standalone!)!.appeals[0]).toMatchObject({ status: 'rejected', decisionReason: '经核实，该期为单独刊发' });
  });

  it('accepting withdraws the record with the appeal as its reason; the score recomputes; the appeal stays visible', async () => {
    const filed = await (await client('approver')).post('/api/scoring/appeals', { rubricId: rubricB, period: '2024-Q1', source: 'record', sourceId: records.comprehensive!, reason: '该信息已在上月采用过', evidence: '2024年2月简报' });
    expect(filed.status, JSON.stringify(filed.json)).toBe(200);
    const id = (filed.data as { id: string }).id;
    const ok = await (await client('ed1')).post(`/api/scoring/appeals/${id}/accept`, { action: 'withdraw', reason: '属实，撤销该条采用记录' });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.data).toMatchObject({ status: 'accepted', action: 'withdraw' });
    const [rec] = await t.db.select().from(recordsOfUse).where(eq(recordsOfUse.id, records.comprehensive!));
    expect(rec!.status).toBe('withdrawn');
    const revs = await t.db.select().from(recordRevisions).where(eq(recordRevisions.recordId, records.comprehensive!));
    expect(revs.map((r) => r.reason)).toEqual(['申诉成立：属实，撤销该条采用记录']);
    expect(await notified(person.approver!, 'scoring.appeal_accepted')).toBe(1);
    expect(await audited('scoring.appeal_decide', id)).toBe(1);
    expect(await audited('record.withdraw', rec!.submissionId!)).toBe(1);
    const e = await explain(rubricB, '2024-03');
    expect(e.total).toBe('10');
    expect(e.entries.some((x) => x.sourceId === records.comprehensive!)).toBe(false);
    expect(e.appeals.find((x) => x.id === id)).toMatchObject({ status: 'accepted' });
  });

  it('accepting a ledger appeal with a correction changes the entry (no negative coverage: −0.2 instead of −0.4); a bad correction changes nothing', async () => {
    const before = await explain(rubricA, '2024-03');
    const entryBefore = before.entries.find((x) => x.sourceId === violationId)!;
    expect(entryBefore.points).toBe('-0.4');
    const filed = await (await client('approver')).post('/api/scoring/appeals', { rubricId: rubricA, period: '2024-03', source: 'ledger', sourceId: violationId, reason: '未引发负面舆情', evidence: 'https://example.gov.cn/yuqing/none' });
    expect(filed.status, JSON.stringify(filed.json)).toBe(200);
    const id = (filed.data as { id: string }).id;
    const [l] = await t.db.select().from(scoringLedgerEntries).where(eq(scoringLedgerEntries.id, violationId));
    const bad = await (await client('ed1')).post(`/api/scoring/appeals/${id}/accept`, { action: 'correct', reason: '更正', correction: { rev: l!.rev, entry: { kind: 'violation', violation: 'criticism', occurredOn: '2024-03-20' } } });
    expect(bad.status).toBe(400);
    expect(bad.json?.fields?.some((f) => f.path.startsWith('correction.entry'))).toBe(true);
    expect((await t.db.select().from(scoringAppeals).where(eq(scoringAppeals.id, id)))[0]!.status).toBe('pending');
    const ok = await (await client('ed3')).post(`/api/scoring/appeals/${id}/accept`, {
      action: 'correct',
      reason: '经核实未引发负面舆情',
      correction: { rev: l!.rev, entry: { kind: 'violation', violation: 'criticism', negativeCoverage: false, occurredOn: '2024-03-20', evidenceUrl: 'https://example.gov.cn/tongbao/1' } },
    });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    const [after] = await t.db.select().from(scoringLedgerEntries).where(eq(scoringLedgerEntries.id, violationId));
    expect(after!.status).toBe('active');
    expect(after!.attrs).toMatchObject({ negative_coverage: false });
    const e = await explain(rubricA, '2024-03');
    const entry = e.entries.find((x) => x.sourceId === violationId)!;
    expect(entry.points).toBe('-0.2');
    expect(entry.appeals[0]).toMatchObject({ id, status: 'accepted', action: 'correct' });
  });

  it('lists appeals: all for the office, the unit’s own for its staff', async () => {
    const office = await (await client('ed1')).get(`/api/scoring/appeals?rubricId=${rubricB}`);
    expect(office.status).toBe(200);
    expect((office.data as { appeals: unknown[] }).appeals).toHaveLength(2);
    const unit = await (await client('corr')).get(`/api/scoring/appeals?rubricId=${rubricB}&status=accepted`);
    expect((unit.data as { appeals: { status: string }[] }).appeals.map((a) => a.status)).toEqual(['accepted']);
  });
});
