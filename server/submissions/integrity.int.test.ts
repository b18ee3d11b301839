import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { multipartFile } from '../test/multipart';

/**
 * Review integrity against a determined insider (issue 7, items 6–9): a piece never submitted stays
 * its author's; reviewers see submitted versions only; a sensitive mark is cleared only by a reviewer
 * or leader with a reason; the per-item file limit holds under parallel uploads.
 */
let t: TestApp;
const login: Record<string, string> = {};
let station: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('完整性测试局');
  const office = await t.makeUnit(root.id, '政治处', 'office');
  station = await t.makeUnit(root.id, '东城派出所', 'police_station');
  login.corr = (await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }] })).login;
  login.approver = (await t.makePerson({ unitId: station.id, roles: [{ role: 'unit_approver', unitId: station.id }] })).login;
  for (const n of [1, 2, 3]) login[`ed${n}`] = (await t.makePerson({ unitId: office.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  login.leader = (await t.makePerson({ unitId: office.id, roles: [{ role: 'leader', unitId: root.id }] })).login;
}, 120_000);
afterAll(() => t?.close());

const BODY = '近日，东城派出所民警深入辖区开展反诈宣传，走进社区、学校和企业，通过案例讲解、发放手册等方式提醒群众提高警惕，守好钱袋子，累计覆盖群众三千余人次。';

async function article(title: string, extra: Record<string, unknown> = {}) {
  const c = await t.as(login.corr!);
  const created = await c.post('/api/submissions', { kind: 'article', title, body: BODY, ...extra });
  expect(created.status).toBe(200);
  return created.data.id as string;
}
async function submit(id: string) {
  const res = await (await t.as(login.corr!)).post(`/api/submissions/${id}/submit`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.data;
}
const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('6: a piece never submitted stays its author\'s alone', () => {
  it('a discarded draft (withdrawn, never submitted) answers 404 to reviewers and is in no list, search, count or queue', async () => {
    const c = await t.as(login.corr!);
    const id = await article('未报送即删除的草稿 XJ-778');
    expect((await c.del(`/api/submissions/${id}`)).status).toBe(200);
    const row = await t.database.query<{ status: string; submitted_at: Date | null }>(sql`select status, submitted_at from submissions where id = ${id}`);
    expect(row[0]).toMatchObject({ status: 'withdrawn', submitted_at: null });

    for (const who of ['ed1', 'leader', 'approver']) {
      const r = await t.as(login[who]!);
      expect((await r.get(`/api/submissions/${id}`)).status, who).toBe(404);
      const all = (await r.get('/api/submissions?status=withdrawn')).data;
      expect(ids(all.items), who).not.toContain(id);
      expect(all.total, who).toBe(all.items.length);
      expect(ids((await r.get('/api/submissions?q=XJ-778')).data.items), who).toEqual([]);
      expect((await r.get('/api/submissions?q=XJ-778')).data.total, who).toBe(0);
      expect(ids((await r.get('/api/review/queue')).data.items), who).not.toContain(id);
    }
    // The author still finds it among their own withdrawn pieces.
    expect(ids((await c.get('/api/submissions?scope=mine&status=withdrawn')).data.items)).toContain(id);
  });

  it('a draft\'s files answer 404 to reviewers, and a draft is never a duplicate match for someone else', async () => {
    const c = await t.as(login.corr!);
    const draftId = await article('草稿里的重复文本');
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).png().toBuffer();
    const up = await uploadAs(c.cookie, draftId, 'a.png', png);
    expect(up.status).toBe(200);
    const ed = await t.as(login.ed1!);
    expect((await t.request('GET', `/api/attachments/${up.json.data.id}`, { cookie: ed.cookie })).status).toBe(404);
    // Someone submits the same text and file: the unsubmitted draft is not named as an earlier item.
    const other = await article('已报送的同一文本');
    expect((await uploadAs(c.cookie, other, 'a.png', png)).status).toBe(200);
    const res = await submit(other);
    expect(res.duplicates.map((d: { earlierId: string | null }) => d.earlierId)).not.toContain(draftId);
  });
});

describe('7: reviewers see submitted versions only', () => {
  it('an unsubmitted rework is invisible to reviewers until the author resubmits it', async () => {
    const id = await article('返修稿件原题');
    await submit(id);
    t.clock.advance(60_000); // the rework happens after the submission (the test clock stands still otherwise)
    const ed1 = await t.as(login.ed1!);
    expect((await ed1.post(`/api/submissions/${id}/decision`, { type: 'return', comment: '请补充' })).status).toBe(200);

    const c = await t.as(login.corr!);
    const rev = (await c.get(`/api/submissions/${id}`)).data.rev;
    const saved = await c.put(`/api/submissions/${id}/draft`, {
      title: '返修中的新标题',
      body: `${BODY}返修时加入的内容，联系电话13812345678。`,
      tags: ['返修标签'],
      rev,
    });
    expect(saved.status).toBe(200);
    expect(saved.data.version).toBe(2);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#654321' } }).png().toBuffer();
    const up = await uploadAs(c.cookie, id, '返修图.png', png);
    expect(up.status).toBe(200);
    const reworkPlan = await uploadAs(c.cookie, id, '返修方案.pdf', Buffer.from('%PDF-1.4\n% rework\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'response_plan');
    expect(reworkPlan.status).toBe(200);

    for (const who of ['ed1', 'ed2', 'leader']) {
      const r = await t.as(login[who]!);
      const seen = (await r.get(`/api/submissions/${id}`)).data;
      expect(seen.versions.map((v: { version: number }) => v.version), who).toEqual([1]);
      expect(JSON.stringify(seen), who).not.toContain('返修时加入的内容');
      expect(seen.title, who).toBe('返修稿件原题');
      expect(seen.tags, who).not.toContain('返修标签');
      expect(ids(seen.attachments), who).not.toContain(up.json.data.id);
      expect(ids(seen.attachments), who).not.toContain(reworkPlan.json.data.id);
      expect((await t.request('GET', `/api/attachments/${reworkPlan.json.data.id}`, { cookie: r.cookie })).status, who).toBe(404);
      expect(seen.findings, who).toEqual([]);
      expect((await t.request('GET', `/api/attachments/${up.json.data.id}`, { cookie: r.cookie })).status, who).toBe(404);
      const listed = (await r.get('/api/submissions?q=返修中的新标题')).data;
      expect(listed.total, who).toBe(0);
    }
    // The author sees the rework.
    const own = (await c.get(`/api/submissions/${id}`)).data;
    expect(own.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(ids(own.attachments)).toContain(up.json.data.id);

    await submit(id);
    const after = (await ed1.get(`/api/submissions/${id}`)).data;
    expect(after.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(after.title).toBe('返修中的新标题');
    expect(ids(after.attachments)).toContain(up.json.data.id);
    expect(ids(after.attachments)).toContain(reworkPlan.json.data.id);
    expect(after.findings.map((f: { kind: string; version: number }) => [f.kind, f.version])).toEqual([['mobile', 2]]);
    expect((await t.request('GET', `/api/attachments/${up.json.data.id}`, { cookie: ed1.cookie })).status).toBe(200);

    // Outside a rework, what the author adds (a response plan while the item is in review) is seen at once.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const plan = await uploadAs(c.cookie, id, '应对方案.pdf', pdf, 'response_plan');
    expect(plan.status).toBe(200);
    expect(ids((await ed1.get(`/api/submissions/${id}`)).data.attachments)).toContain(plan.json.data.id);
    expect((await t.request('GET', `/api/attachments/${plan.json.data.id}`, { cookie: ed1.cookie })).status).toBe(200);
  });
});

describe('8: a sensitive mark holds against the submitter', () => {
  it('the submitter cannot clear a reviewer\'s mark; the resubmitted item keeps it and needs the leader; only a reviewer clears it, with a reason, audited', async () => {
    const id = await article('需敏感审批的稿件');
    await submit(id);
    const ed1 = await t.as(login.ed1!);
    expect((await ed1.put(`/api/submissions/${id}/sensitivity`, { sensitive: true, sensitivity: 'misconduct' })).status).toBe(200);
    expect((await ed1.post(`/api/submissions/${id}/decision`, { type: 'return', comment: '请调整表述' })).status).toBe(200);

    const c = await t.as(login.corr!);
    let rev = (await c.get(`/api/submissions/${id}`)).data.rev;
    const cleared = await c.put(`/api/submissions/${id}/draft`, { sensitive: false, sensitivity: null, body: `${BODY}已调整。`, rev });
    expect(cleared.status).toBe(409);
    expect(cleared.json?.errorCode).toBe('submission/sensitive_locked');
    expect(cleared.json?.errorMessage).toContain('只能由审核人员或领导');
    // Not half-written: the body did not change either.
    expect((await c.get(`/api/submissions/${id}`)).data.versions.map((v: { body: string }) => v.body).join()).not.toContain('已调整');
    rev = (await c.get(`/api/submissions/${id}`)).data.rev;
    expect((await c.put(`/api/submissions/${id}/draft`, { sensitivity: null, rev })).json?.errorCode).toBe('submission/sensitive_locked');
    // Editing the text is still fine.
    expect((await c.put(`/api/submissions/${id}/draft`, { body: `${BODY}已调整。`, rev })).status).toBe(200);
    await submit(id);
    expect((await c.get(`/api/submissions/${id}`)).data).toMatchObject({ sensitive: true, sensitivity: 'misconduct' });

    for (const ed of ['ed1', 'ed2', 'ed3']) expect((await (await t.as(login[ed]!)).post(`/api/submissions/${id}/decision`, { type: 'pass' })).status).toBe(200);
    const held = (await c.get(`/api/submissions/${id}`)).data;
    expect(held).toMatchObject({ status: 'sensitive_approval', holder: { roles: ['leader'] } });

    // Only a reviewer or leader clears it, and only with a reason.
    const leader = await t.as(login.leader!);
    const noReason = await leader.put(`/api/submissions/${id}/sensitivity`, { sensitive: false, sensitivity: null });
    expect(noReason.json?.errorCode).toBe('review/sensitivity_reason_required');
    expect((await c.put(`/api/submissions/${id}/sensitivity`, { sensitive: false, sensitivity: null, reason: '我说不敏感' })).status).toBe(403);
    expect((await leader.put(`/api/submissions/${id}/sensitivity`, { sensitive: false, sensitivity: null, reason: '经核实不涉及违纪' })).status).toBe(200);
    const audit = await t.database.query<{ details: { reason?: string; sensitive: boolean; was: { sensitive: boolean } } }>(
      sql`select details from audit_log where event = 'submission.sensitivity' and target_id = ${id} order by seq`,
    );
    expect(audit.map((a) => [a.details.sensitive, a.details.reason ?? null, a.details.was.sensitive])).toEqual([
      [true, null, false],
      [false, '经核实不涉及违纪', true],
    ]);
  });

  it('a mark the author set and submitted is not cleared by the author either', async () => {
    const id = await article('自报敏感稿件', { sensitive: true, sensitivity: 'ongoing_case' });
    await submit(id);
    expect((await (await t.as(login.ed1!)).post(`/api/submissions/${id}/decision`, { type: 'return', comment: '请修改' })).status).toBe(200);
    const c = await t.as(login.corr!);
    const rev = (await c.get(`/api/submissions/${id}`)).data.rev;
    expect((await c.put(`/api/submissions/${id}/draft`, { sensitive: false, rev })).json?.errorCode).toBe('submission/sensitive_locked');
  });
});

describe('9: the per-item file limit holds under parallel uploads', () => {
  it('14 parallel uploads to a 10-file item: exactly 10 stored, the rest refused with the clear message', async () => {
    const c = await t.as(login.corr!);
    const id = (await c.post('/api/submissions', { kind: 'briefing_item', title: '并发上传十四个文件', body: BODY })).data.id as string;
    const files = await Promise.all(
      Array.from({ length: 14 }, (_, k) => sharp({ create: { width: 6 + k, height: 6, channels: 3, background: '#00ff00' } }).png().toBuffer()),
    );
    const results = await Promise.all(files.map((f, k) => uploadAs(c.cookie, id, `p${k}.png`, f)));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(ok.length).toBe(10);
    expect(refused.map((r) => [r.status, r.json.errorCode, r.json.errorMessage])).toEqual(Array(4).fill([400, 'upload/too_many', '附件数量超过上限（10 个）']));
    const n = await t.database.query<{ n: number }>(sql`select count(*)::int as n from attachments where submission_id = ${id} and removed_at is null`);
    expect(n[0]!.n).toBe(10);
    const v = await t.database.query<{ n: number }>(sql`select cardinality(attachment_ids)::int as n from submission_versions where submission_id = ${id}`);
    expect(v[0]!.n).toBe(10);
    expect((await c.get(`/api/submissions/${id}`)).data.attachments).toHaveLength(10);
  });
});


async function uploadAs(cookie: string, id: string, filename: string, bytes: Buffer, purpose = 'material') {
  const m = multipartFile(filename, bytes);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/submissions/${id}/attachments?purpose=${purpose}`,
    headers: { cookie, 'content-type': m.contentType, 'x-requested-with': 'xuanbao' },
    payload: m.payload,
  });
  return { status: res.statusCode, json: res.json() };
}
