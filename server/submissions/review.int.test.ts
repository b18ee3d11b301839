import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';

/**
 * The whole review flow through the HTTP API, as the people in it would drive it:
 * a correspondent's lead goes through unit approval and 三审 and is adopted; a returned item
 * comes back as version 2; sensitive items and personal data hold back release.
 */
let t: TestApp;
let station: { id: string };
let office: { id: string };
let rootId: string;
const login: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('测试公安局');
  rootId = root.id;
  login.admin = (await t.makePerson({ unitId: root.id, roles: [{ role: 'admin', unitId: root.id }] })).login;
  office = await t.makeUnit(root.id, '政治工作办公室', 'office');
  station = await t.makeUnit(root.id, '城关派出所', 'police_station');
  const other = await t.makeUnit(root.id, '城郊派出所', 'police_station');
  login.corr = (await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }], name: '王磊' })).login;
  login.corr2 = (await t.makePerson({ unitId: other.id, roles: [{ role: 'correspondent', unitId: other.id }] })).login;
  login.approver = (await t.makePerson({ unitId: station.id, roles: [{ role: 'unit_approver', unitId: station.id }] })).login;
  for (const n of [1, 2, 3]) login[`ed${n}`] = (await t.makePerson({ unitId: office.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  login.leader = (await t.makePerson({ unitId: office.id, roles: [{ role: 'leader', unitId: root.id }] })).login;
}, 120_000);
afterAll(() => t?.close());

const LEAD = {
  kind: 'lead',
  title: '城关派出所破获一起电信网络诈骗案',
  body: '近日，城关派出所民警经过连续奋战，成功破获一起电信网络诈骗案件，为群众挽回经济损失十余万元。该案线索来源于群众报警，民警迅速开展研判，锁定犯罪嫌疑人。',
  situationNote: '案件已移送起诉，可公开报道。',
};

async function submitLead(extra: Record<string, unknown> = {}) {
  const c = await t.as(login.corr!);
  const created = await c.post('/api/submissions', { ...LEAD, ...extra });
  expect(created.status).toBe(200);
  const res = await c.post(`/api/submissions/${created.data.id}/submit`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return created.data.id as string;
}

describe('a news lead from submission to adoption', () => {
  it('goes through unit approval and three review stages, each held by the right person', async () => {
    const id = await submitLead();
    const corr = await t.as(login.corr!);
    let item = (await corr.get(`/api/submissions/${id}`)).data;
    expect(item.status).toBe('unit_approval');
    expect(item.holder).toMatchObject({ kind: 'step', step: 'unit', roles: ['unit_approver'] });

    // An editor cannot decide the unit's approval step; the unit approver can.
    const ed1 = await t.as(login.ed1!);
    expect((await ed1.post(`/api/submissions/${id}/decision`, { type: 'pass' })).json?.errorCode).toBe('review/not_your_stage');
    const approver = await t.as(login.approver!);
    expect((await approver.get('/api/review/queue')).data.items.map((q: { id: string }) => q.id)).toContain(id);
    expect((await approver.post(`/api/submissions/${id}/decision`, { type: 'pass' })).data.status).toBe('in_review');

    expect((await ed1.post(`/api/submissions/${id}/decision`, { type: 'pass' })).data).toMatchObject({ status: 'in_review', stageIndex: 1 });
    // Four eyes: the editor who passed 初审 may not pass 复审 of the same version.
    expect((await ed1.post(`/api/submissions/${id}/decision`, { type: 'pass' })).json?.errorCode).toBe('review/four_eyes');
    expect((await ed1.get('/api/review/queue')).data.items.find((q: { id: string }) => q.id === id)?.passedByMe).toBe(true);
    const ed2 = await t.as(login.ed2!);
    expect((await ed2.post(`/api/submissions/${id}/decision`, { type: 'pass' })).data).toMatchObject({ status: 'in_review', stageIndex: 2 });
    item = (await corr.get(`/api/submissions/${id}`)).data;
    expect(item.status).toBe('in_review');
    expect(item.holder).toMatchObject({ step: 'final', name: '终审' });
    const ed3 = await t.as(login.ed3!);
    expect((await ed3.post(`/api/submissions/${id}/decision`, { type: 'pass' })).data.status).toBe('adopted');

    item = (await corr.get(`/api/submissions/${id}`)).data;
    expect(item.status).toBe('adopted');
    expect(item.history.map((h: { type: string; stepName: string | null }) => [h.type, h.stepName])).toEqual([
      ['submitted', null],
      ['passed', '单位审批'],
      ['passed', '初审'],
      ['passed', '复审'],
      ['passed', '终审'],
    ]);
    const notes = (await corr.get('/api/notifications')).data;
    // Opening the item (above) read what the correspondent was told about it.
    expect(notes.unread).toBe(0);
    expect(notes.items.filter((n) => n.subject?.id === id).every((n) => n.readAt !== null)).toBe(true);
    expect(notes.items.filter((n) => n.subject?.type === 'submission' && n.subject.id === id).map((n) => (n.data as { to?: string }).to).sort()).toEqual(['adopted', 'in_review', 'in_review', 'in_review']);
    // Final is final.
    expect((await ed1.post(`/api/submissions/${id}/decision`, { type: 'reject', reason: 'x' })).json?.errorCode).toBe('review/already_final');
  });

  it('returns with a comment; the correspondent edits and resubmits version 2, which starts again', async () => {
    const id = await submitLead();
    const approver = await t.as(login.approver!);
    await approver.post(`/api/submissions/${id}/decision`, { type: 'pass' });
    const ed1 = await t.as(login.ed1!);
    expect((await ed1.post(`/api/submissions/${id}/decision`, { type: 'return', comment: '  ' })).status).toBe(400);
    expect((await ed1.post(`/api/submissions/${id}/decision`, { type: 'return', comment: '请补充案件办理时间' })).data.status).toBe('returned');

    const corr = await t.as(login.corr!);
    let item = (await corr.get(`/api/submissions/${id}`)).data;
    expect(item).toMatchObject({ status: 'returned', editable: true, actions: expect.arrayContaining(['resubmit', 'withdraw']) });
    const saved = await corr.put(`/api/submissions/${id}/draft`, { body: `${LEAD.body}案件于2026年3月1日破获。`, rev: item.rev });
    expect(saved.status).toBe(200);
    expect(saved.data.version).toBe(2);
    expect((await corr.post(`/api/submissions/${id}/submit`)).data).toMatchObject({ status: 'unit_approval', version: 2 });

    item = (await corr.get(`/api/submissions/${id}`)).data;
    expect(item.versions.map((v: { version: number; body: string }) => v.version)).toEqual([1, 2]);
    expect(item.versions[0]!.body).toBe(LEAD.body); // the old version stays readable, unchanged
    expect(item.versions[1]!.body).toContain('2026年3月1日');
    expect(item.history.find((h: { type: string }) => h.type === 'returned')).toMatchObject({ comment: '请补充案件办理时间', stepName: '初审' });
    // Version 2 starts from unit approval again: the old approvals are gone.
    await expect((await t.as(login.ed2!)).post(`/api/submissions/${id}/decision`, { type: 'pass' }).then((r) => r.json?.errorCode)).resolves.toBe('review/not_your_stage');
  });

  it('keeps drafts private and refuses other units', async () => {
    const c = await t.as(login.corr!);
    const draft = (await c.post('/api/submissions', { kind: 'briefing_item', title: '草稿' })).data;
    const other = await t.as(login.corr2!);
    expect((await other.get(`/api/submissions/${draft.id}`)).status).toBe(404);
    const ed = await t.as(login.ed1!);
    expect((await ed.get(`/api/submissions/${draft.id}`)).status).toBe(404); // a draft is the author's alone
    expect((await other.put(`/api/submissions/${draft.id}/draft`, { title: 'x' })).status).toBe(404);
    const list = (await other.get('/api/submissions')).data;
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(draft.id);
  });

  it('counts a briefing item without white space and refuses 3,001 characters with the count', async () => {
    const c = await t.as(login.corr!);
    const d = (await c.post('/api/submissions', { kind: 'briefing_item', title: '长文', body: '字'.repeat(3001) })).data;
    const res = await c.post(`/api/submissions/${d.id}/submit`);
    expect(res.status).toBe(400);
    expect(res.json?.fields).toEqual([{ path: 'body', message: '正文不超过 3000 字（不含空白），当前 3001 字' }]);
    // Nothing was lost: the draft still holds the text.
    expect((await c.get(`/api/submissions/${d.id}`)).data.versions[0]!.body).toHaveLength(3001);
  });

  it('refuses classified markings', async () => {
    const c = await t.as(login.corr!);
    const res = await c.post('/api/submissions', { kind: 'article', title: '机密★ 关于某案的通报' });
    expect(res.status).toBe(422);
    expect(res.json?.errorCode).toBe('common/state_secret');
  });
});

describe('guards before release', () => {
  it('blocks release while personal data is unresolved, then an editor redacts and confirms', async () => {
    const id = await submitLead({ body: `${LEAD.body}举报人联系电话13812345678，身份证号110101199003074514。` });
    const corr = await t.as(login.corr!);
    let item = (await corr.get(`/api/submissions/${id}`)).data;
    expect(item.openFindings).toBe(2);
    expect(item.findings.map((f: { kind: string; masked: string }) => [f.kind, f.masked])).toEqual([
      ['mobile', '138****5678'],
      ['resident_id', '110101********4514'],
    ]);
    await (await t.as(login.approver!)).post(`/api/submissions/${id}/decision`, { type: 'pass' });
    await (await t.as(login.ed1!)).post(`/api/submissions/${id}/decision`, { type: 'pass' });
    await (await t.as(login.ed2!)).post(`/api/submissions/${id}/decision`, { type: 'pass' });
    const ed3 = await t.as(login.ed3!);
    expect((await ed3.post(`/api/submissions/${id}/decision`, { type: 'pass' })).json?.errorCode).toBe('review/open_personal_data');

    item = (await ed3.get(`/api/submissions/${id}`)).data;
    const idFinding = item.findings.find((f: { kind: string }) => f.kind === 'resident_id');
    const phone = item.findings.find((f: { kind: string }) => f.kind === 'mobile');
    expect((await ed3.post(`/api/submissions/${id}/findings/${idFinding!.id}`, { action: 'redact' })).data.openFindings).toBe(1);
    expect((await ed3.post(`/api/submissions/${id}/findings/${phone!.id}`, { action: 'confirm', note: '举报人同意公开' })).data.openFindings).toBe(0);
    item = (await ed3.get(`/api/submissions/${id}`)).data;
    expect(item.versions[0]!.body).not.toContain('110101199003074514');
    expect(item.versions[0]!.body).toContain('110101********4514');
    expect((await ed3.post(`/api/submissions/${id}/decision`, { type: 'pass' })).data.status).toBe('adopted');
  });

  it('sends a sensitive item to the leader and needs a response plan', async () => {
    const id = await submitLead({ title: '某民警违纪案件通报线索', sensitive: true, sensitivity: 'misconduct' });
    await (await t.as(login.approver!)).post(`/api/submissions/${id}/decision`, { type: 'pass' });
    for (const ed of ['ed1', 'ed2', 'ed3']) await (await t.as(login[ed]!)).post(`/api/submissions/${id}/decision`, { type: 'pass' });
    const corr = await t.as(login.corr!);
    expect((await corr.get(`/api/submissions/${id}`)).data).toMatchObject({ status: 'sensitive_approval', holder: { roles: ['leader'] } });
    const leader = await t.as(login.leader!);
    expect((await leader.post(`/api/submissions/${id}/decision`, { type: 'pass' })).json?.errorCode).toBe('review/response_plan_required');
  });

  it('flags a near-identical text submitted again by another unit with a link to the earlier item', async () => {
    const first = await submitLead({ title: '重复检测原稿' });
    const c2 = await t.as(login.corr2!);
    const copy = (await c2.post('/api/submissions', { ...LEAD, title: '重复检测转载稿', body: LEAD.body.replace('十余万元', '十余万元。') })).data;
    const res = await c2.post(`/api/submissions/${copy.id}/submit`);
    // The other unit's correspondent learns that an earlier similar item exists, and where, not its title nor its id.
    expect(res.data.duplicates).toContainEqual(expect.objectContaining({ earlierId: null, visible: false, title: null, serial: null, unitName: '城关派出所', reasons: [expect.objectContaining({ reason: 'text' })] }));
    expect(res.data.duplicates.every((d: { earlierId: string | null; title: string | null }) => d.earlierId === null && d.title === null)).toBe(true);
    // One line per earlier item, and the item page shows the same lines as the submit answer.
    const flagged = await t.db.execute(sql`select count(distinct earlier_id)::int as n from duplicate_flags where submission_id = ${copy.id}`);
    expect(res.data.duplicates).toHaveLength((flagged as unknown as { rows: { n: number }[] }).rows[0]!.n);
    const item = (await c2.get(`/api/submissions/${copy.id}`)).data;
    expect(item.duplicates).toEqual(res.data.duplicates);
    // The editor reviewing both sees the link to the earlier item.
    const ed = await t.as(login.ed1!);
    const seen = (await ed.get(`/api/submissions/${copy.id}`)).data;
    expect(seen.duplicates.find((d) => d.earlierId === first)).toMatchObject({ visible: true, title: '重复检测原稿', reasons: [expect.objectContaining({ reason: 'text' })] });
  });
});

describe('someone else changed this meanwhile (rev)', () => {
  it('refuses a draft save from a second tab that read an older revision, and keeps the first tab\'s text', async () => {
    const c = await t.as(login.corr!);
    const created = (await c.post('/api/submissions', { kind: 'article', title: '两个窗口' })).data;
    const rev0 = (await c.get(`/api/submissions/${created.id}`)).data.rev as number;
    const tab1 = await c.put(`/api/submissions/${created.id}/draft`, { title: '第一个窗口的标题', rev: rev0 });
    expect(tab1.status).toBe(200);
    const tab2 = await c.put(`/api/submissions/${created.id}/draft`, { title: '第二个窗口的标题', rev: rev0 });
    expect(tab2.status).toBe(409);
    expect(tab2.json?.errorCode).toBe('submission/stale');
    expect(tab2.json?.errorMessage).toBe('稿件已被他人处理，请刷新后重试');
    const item = (await c.get(`/api/submissions/${created.id}`)).data;
    expect(item.title).toBe('第一个窗口的标题');
    expect(item.rev).toBe(tab1.data.rev);
  });

  it('lets only the first of two editors who opened the same revision decide; the second is told and nothing is recorded twice', async () => {
    const id = await submitLead();
    const approver = await t.as(login.approver!);
    expect((await approver.post(`/api/submissions/${id}/decision`, { type: 'pass' })).status).toBe(200);
    const ed1 = await t.as(login.ed1!);
    const ed2 = await t.as(login.ed2!);
    const seen = (await ed1.get(`/api/submissions/${id}`)).data.rev as number;
    expect((await ed2.get(`/api/submissions/${id}`)).data.rev).toBe(seen);
    const first = await ed1.post(`/api/submissions/${id}/decision`, { type: 'return', comment: '请补充案件办理结果', rev: seen });
    expect(first.status).toBe(200);
    const second = await ed2.post(`/api/submissions/${id}/decision`, { type: 'pass', rev: seen });
    expect(second.status).toBe(409);
    expect(second.json?.errorCode).toBe('submission/stale');
    const item = (await ed1.get(`/api/submissions/${id}`)).data;
    expect(item.status).toBe('returned');
    const decided = await t.db.execute(sql`select count(*)::int as n from review_events where submission_id = ${id} and type in ('passed', 'returned') and step = 'first'`);
    expect((decided as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  });
});

describe('bulk decisions', () => {
  it('decide item by item, report each refusal and log it like a single refusal', async () => {
    const a = await submitLead({ title: '批量一' });
    const b = await submitLead({ title: '批量二' });
    const approver = await t.as(login.approver!);
    await approver.post(`/api/submissions/${a}/decision`, { type: 'pass' });
    const ed = await t.as(login.ed1!);
    // Both are near-duplicates of earlier leads: confirmed, so only the step decides here.
    const res = await ed.post('/api/review/bulk', { ids: [a, b], decision: { type: 'pass' }, confirmDuplicates: [a, b] });
    expect(res.data).toMatchObject({ passed: 1, failed: 1 });
    expect(res.data.results).toEqual([
      { id: a, ok: true, status: 'in_review' },
      { id: b, ok: false, errorCode: 'review/not_your_stage' },
    ]);
    const rows = await t.database.query<{ details: { reason: string }; target_id: string }>(
      sql`select details, target_id from audit_log where event = 'access.denied' and target_id = ${b}`,
    );
    expect(rows.map((r) => r.details.reason)).toEqual(['review/not_your_stage']);
  });
});

describe('withdrawn items', () => {
  it('are not held against a later near-identical submission', async () => {
    const body = '近日，城关派出所民警深入辖区学校开展防溺水安全宣传，通过讲解典型案例、发放宣传手册等方式，教育引导学生增强安全意识，共覆盖师生1200余人。';
    const id = await submitLead({ title: '防溺水宣传进校园', body });
    const c = await t.as(login.corr!);
    expect((await c.post(`/api/submissions/${id}/withdraw`)).data.status).toBe('withdrawn');
    const c2 = await t.as(login.corr2!);
    const copy = (await c2.post('/api/submissions', { ...LEAD, title: '防溺水宣传进校园', body })).data;
    const res = await c2.post(`/api/submissions/${copy.id}/submit`);
    expect(res.data.duplicates).toEqual([]);
  });
});

describe('review chains set by the administrator', () => {
  it('applies a two-stage chain to new articles, refuses a lead chain without unit approval', async () => {
    const admin = await t.as(login.admin!);
    const chain = {
      unitApproval: false,
      stages: [
        { key: 'first', name: '初审', holder: { roles: ['editor'] } },
        { key: 'final', name: '终审', holder: { roles: ['leader'] } },
      ],
      sensitiveApproval: { roles: ['leader'] },
    };
    expect((await admin.put('/api/review/chains', { rootUnitId: rootId, kind: 'article', chain })).status).toBe(200);
    const lead = await admin.put('/api/review/chains', { rootUnitId: rootId, kind: 'lead', chain });
    expect(lead.json?.errorCode).toBe('chain/invalid');
    expect(lead.json?.errorMessage).toContain('宣传报道线索须经单位主管领导审核');
    expect((await admin.put('/api/review/chains', { rootUnitId: station.id, kind: 'article', chain })).json?.errorCode).toBe('chain/invalid');
    const listed = (await admin.get('/api/review/chains')).data;
    expect(listed.find((c: { kind: string }) => c.kind === 'article')).toMatchObject({ custom: true, chain: { stages: [{ name: '初审' }, { name: '终审' }] } });

    const c = await t.as(login.corr!);
    const art = (await c.post('/api/submissions', { kind: 'article', title: '两级审核的稿件', body: LEAD.body })).data;
    await c.post(`/api/submissions/${art.id}/submit`);
    await (await t.as(login.ed1!)).post(`/api/submissions/${art.id}/decision`, { type: 'pass' });
    expect((await c.get(`/api/submissions/${art.id}`)).data.holder).toMatchObject({ name: '终审', roles: ['leader'] });
    expect((await (await t.as(login.leader!)).post(`/api/submissions/${art.id}/decision`, { type: 'pass' })).data.status).toBe('adopted');
  });
});

