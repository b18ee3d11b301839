import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { systemCtx } from '../http/context';
import { linkOrganisations } from '../org/links';
import { submissionForwards } from '../submissions/tables';
import { createTestApp, type TestApp } from '../test/app';
import { recordsOfUse } from './tables';

/**
 * "When that office accepts or publishes it": an item forwarded from the county bureau to the city
 * bureau is accepted there (the adoption record appears on the original), then published in the city
 * bureau's briefings. Each publication is noted on that same adoption record — masthead, number,
 * issuer and date, with an audit row — and never becomes a second record.
 */
let t: TestApp;
const login: Record<string, string> = {};
let seriesId = '';

beforeAll(async () => {
  t = await createTestApp();
  const lower = await t.makeRoot('乌审旗公安局-刊发测试');
  const upper = await t.makeRoot('鄂尔多斯市公安局-刊发测试');
  const station = await t.makeUnit(lower.id, '乌审召派出所');
  login.corr = (await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }], name: '那日苏' })).login;
  for (const n of [1, 2, 3]) login[`ed${n}`] = (await t.makePerson({ unitId: lower.id, roles: [{ role: 'editor', unitId: lower.id }] })).login;
  for (const n of [1, 2, 3]) login[`up${n}`] = (await t.makePerson({ unitId: upper.id, roles: [{ role: 'editor', unitId: upper.id }] })).login;
  login.upCorr = (await t.makePerson({ unitId: upper.id, roles: [{ role: 'correspondent', unitId: upper.id }] })).login;
  login.upAdmin = (await t.makePerson({ unitId: upper.id, roles: [{ role: 'admin', unitId: upper.id }] })).login;
  const operator = systemCtx({ database: t.database, config: t.config, clock: t.clock, actor: { via: 'cli', command: 'org link', operator: 'ops' } });
  await linkOrganisations(operator, { orgId: lower.id, upperOrgId: upper.id, level: '市局' });
  const series = await (await t.as(login.upAdmin!)).post('/api/briefing-series', { type: 'jianbao', mastheadName: '公安宣传简报', issuerName: '鄂尔多斯市公安局政治部' });
  expect(series.status, JSON.stringify(series.json)).toBe(200);
  seriesId = series.data.id as string;
}, 120_000);
afterAll(() => t?.close());

let serial = 0;
/** An item of the county bureau, accepted there, forwarded to the city bureau and accepted by its three editors: [original, copy]. */
async function forwardedAndAccepted(): Promise<[string, string]> {
  const c = await t.as(login.corr!);
  const created = await c.post('/api/submissions', { kind: 'briefing_item', title: `乌审召派出所开展平安牧区巡逻第${++serial}次`, body: `乌审召派出所组织民警和护牧队员开展巡逻防控，走访牧户${serial}0余户。` });
  const id = created.data.id as string;
  expect((await c.post(`/api/submissions/${id}/submit`)).status).toBe(200);
  for (const n of [1, 2, 3]) expect((await (await t.as(login[`ed${n}`]!)).post(`/api/submissions/${id}/decision`, { type: 'pass' })).status).toBe(200);
  expect((await (await t.as(login.ed1!)).post(`/api/submissions/${id}/forward`)).status).toBe(200);
  const [f] = await t.db.select().from(submissionForwards).where(eq(submissionForwards.originalId, id));
  for (const n of [1, 2, 3]) {
    const d = await (await t.as(login[`up${n}`]!)).post(`/api/submissions/${f!.forwardedId}/decision`, { type: 'pass' });
    expect(d.status, JSON.stringify(d.json)).toBe(200);
  }
  return [id, f!.forwardedId];
}

/** The city bureau publishes an issue of these items: its label and date. */
async function publish(kind: 'comprehensive' | 'standalone', submissionIds: string[]) {
  const ed = await t.as(login.up1!);
  const issue = await ed.post('/api/briefings', { seriesId, kind, supplement: false, restricted: false, copies: 20 });
  expect(issue.status, JSON.stringify(issue.json)).toBe(200);
  expect((await ed.put(`/api/briefings/${issue.data.id}/items`, { submissionIds })).status).toBe(200);
  const done = await ed.post(`/api/briefings/${issue.data.id}/publish`);
  expect(done.status, JSON.stringify(done.json)).toBe(200);
  return { id: issue.data.id as string, label: done.data.label as string, date: done.data.issueDate as string };
}

type Listed = { id: string; kind: string; level: string | null; source: string; status: string; note: string | null; usedOn: string };
const recordsOf = async (id: string) => ((await (await t.as(login.ed2!)).get(`/api/submissions/${id}/records`)).data as unknown as { records: Listed[] }).records;
const year = () => new Intl.DateTimeFormat('en', { timeZone: t.config.timeZone, year: 'numeric' }).format(t.clock());

describe('the upper office publishes a forwarded item', () => {
  it('notes each publication on the original’s one adoption record, with an audit row', async () => {
    const [original, copy] = await forwardedAndAccepted();
    const accepted = await recordsOf(original);
    expect(accepted.map((r) => [r.kind, r.level, r.source, r.note])).toEqual([['upper_adoption', 'city', 'forwarding', null]]);
    const adoption = accepted[0]!;

    const first = await publish('comprehensive', [copy]);
    expect(first.label).toBe(`${year()}年第1期`);
    const line1 = `鄂尔多斯市公安局政治部《公安宣传简报》${first.label}刊发（${first.date}）`;
    let now = await recordsOf(original);
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ id: adoption.id, kind: 'upper_adoption', status: 'active', note: line1, usedOn: adoption.usedOn });

    // A standalone issue of the same item later: the same record, a second line.
    const second = await publish('standalone', [copy]);
    now = await recordsOf(original);
    expect(now).toHaveLength(1);
    expect(now[0]!.note).toBe(`${line1}\n鄂尔多斯市公安局政治部《公安宣传简报》${second.label}刊发（${second.date}）`);
    const rows = await t.db.select().from(recordsOfUse).where(eq(recordsOfUse.submissionId, original));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rev).toBe(2);

    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'record.upper_publication'), eq(auditLog.targetId, original)));
    expect(audit.map((a) => (a.details as { briefingId: string }).briefingId).sort()).toEqual([first.id, second.id].sort());
    const ofFirst = audit.find((a) => (a.details as { briefingId: string }).briefingId === first.id);
    expect(ofFirst!.details).toMatchObject({ recordId: adoption.id, forwardedSubmissionId: copy, line: line1, previousNote: null });

    // The city bureau's own copy has its "used in briefing" records, as any item it publishes.
    expect((await t.db.select().from(recordsOfUse).where(eq(recordsOfUse.submissionId, copy))).map((r) => r.kind)).toEqual(['briefing_use', 'briefing_use']);
  });

  it('writes the adoption record when none is active (withdrawn by the county meanwhile), dated the issue', async () => {
    const [original, copy] = await forwardedAndAccepted();
    const [adoption] = await recordsOf(original);
    expect((await (await t.as(login.ed1!)).post(`/api/records/${adoption!.id}/withdraw`, { reason: '市局未采用，登记有误' })).status).toBe(200);
    const issue = await publish('comprehensive', [copy]);
    const now = await recordsOf(original);
    const active = now.filter((r) => r.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ kind: 'upper_adoption', level: 'city', source: 'forwarding', usedOn: issue.date, note: `鄂尔多斯市公安局政治部《公安宣传简报》${issue.label}刊发（${issue.date}）` });
    expect(now.find((r) => r.id === adoption!.id)).toMatchObject({ status: 'withdrawn', note: null });
  });

  it('leaves items the office did not receive by forwarding alone', async () => {
    const [original] = await forwardedAndAccepted();
    const before = await t.db.select().from(auditLog).where(eq(auditLog.event, 'record.upper_publication'));
    // An issue of the city bureau of its own item only: nothing is noted anywhere.
    const c = await t.as(login.upCorr!);
    const item = await c.post('/api/submissions', { kind: 'briefing_item', title: '市局宣传处工作动态', body: '市局宣传处编写的工作动态。' });
    expect((await c.post(`/api/submissions/${item.data.id}/submit`)).status).toBe(200);
    for (const n of [1, 2, 3]) expect((await (await t.as(login[`up${n}`]!)).post(`/api/submissions/${item.data.id}/decision`, { type: 'pass' })).status).toBe(200);
    await publish('standalone', [item.data.id as string]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.event, 'record.upper_publication'))).toHaveLength(before.length);
    expect((await recordsOf(original))[0]!.note).toBeNull();
  });
});
