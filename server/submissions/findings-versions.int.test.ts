/**
 * Personal data does not outlive a return (issue 8, item 2): superseded versions are shown masked to
 * everyone (an editor may reveal one, audited), findings on old versions can be confirmed or redacted —
 * also once the item is adopted — and redacting a value removes it from every version that holds it.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { createTestApp, type TestApp } from '../test/app';
import { personalDataFindings, submissions, submissionVersions } from './tables';

let t: TestApp;
const login: Record<string, string> = {};
const ID = '11010519491231002X';
const PHONE = '13912345678';
const BODY = '近日，甲派出所民警在辖区开展夜间巡逻时，发现一名老人迷路，民警耐心询问并将老人安全送回家中，家属专程送来锦旗表示感谢。';

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot();
  const a = await t.makeUnit(root.id, '甲派出所');
  login.corr = (await t.makePerson({ unitId: a.id, roles: [{ role: 'correspondent', unitId: a.id }] })).login;
  for (const n of [1, 2, 3]) login[`ed${n}`] = (await t.makePerson({ unitId: root.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
}, 120_000);
afterAll(() => t?.close());

const versionRow = async (id: string, version: number) =>
  (await t.db.select().from(submissionVersions).where(and(eq(submissionVersions.submissionId, id), eq(submissionVersions.version, version))))[0]!;
const findingsOf = async (id: string) => t.db.select().from(personalDataFindings).where(eq(personalDataFindings.submissionId, id));

/** Submitted with an ID number and a phone number, returned for them, corrected by the author as version 2. */
async function returnedAndCorrected(v2Body: string) {
  const c = await t.as(login.corr!);
  const id = (await c.post('/api/submissions', { kind: 'article', title: '夜巡送迷路老人回家', body: `${BODY}当事人身份证号${ID}，联系电话${PHONE}。` })).data.id as string;
  expect((await c.post(`/api/submissions/${id}/submit`)).data.openFindings).toBe(2);
  const ed = await t.as(login.ed1!);
  expect((await ed.post(`/api/submissions/${id}/decision`, { type: 'return', comment: '请删除身份证号和电话' })).status).toBe(200);
  expect((await c.put(`/api/submissions/${id}/draft`, { body: v2Body })).status).toBe(200);
  const re = await c.post(`/api/submissions/${id}/submit`);
  expect(re.data.version).toBe(2);
  return id;
}

describe('personal data in superseded versions', () => {
  it('shows version 1 masked to the author and the editors, lets an editor reveal it (audited), and resolves its findings after adoption', async () => {
    const id = await returnedAndCorrected(BODY);
    const c = await t.as(login.corr!);
    for (const who of [c, await t.as(login.ed1!)]) {
      const d = (await who.get(`/api/submissions/${id}`)).data;
      const [v1, v2] = d.versions;
      expect(v1!.masked).toBe(true);
      expect(v1!.body).not.toContain(ID);
      expect(v1!.body).not.toContain(PHONE);
      expect(v1!.body).toContain('110105********002X');
      expect(v1!.body.length).toBe(`${BODY}当事人身份证号${ID}，联系电话${PHONE}。`.length);
      expect(v2!.masked).toBe(false);
    }
    // The editor who must decide may see the raw text; the author may not ask (it is on record either way).
    const ed1 = await t.as(login.ed1!);
    const raw = await ed1.get(`/api/submissions/${id}/versions/1/raw`);
    expect(raw.status).toBe(200);
    expect((raw.json?.data as { body: string }).body).toContain(ID);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'submission.reveal_version'), eq(auditLog.targetId, id)))).toHaveLength(1);
    expect((await c.get(`/api/submissions/${id}/versions/1/raw`)).status).toBe(403);

    // Adopted through 三审: the old version's findings do not block it, and are still open.
    for (const n of [1, 2, 3]) expect((await (await t.as(login[`ed${n}`]!)).post(`/api/submissions/${id}/decision`, { type: 'pass' })).status).toBe(200);
    expect((await t.db.select({ status: submissions.status }).from(submissions).where(eq(submissions.id, id)))[0]!.status).toBe('adopted');
    const open = (await findingsOf(id)).filter((f) => f.status === 'open');
    expect(open.map((f) => [f.version, f.kind]).sort()).toEqual([[1, 'mobile'], [1, 'resident_id']]);

    const idFinding = open.find((f) => f.kind === 'resident_id')!;
    const phoneFinding = open.find((f) => f.kind === 'mobile')!;
    expect((await ed1.post(`/api/submissions/${id}/findings/${idFinding.id}`, { action: 'redact' })).status).toBe(200);
    expect((await ed1.post(`/api/submissions/${id}/findings/${phoneFinding.id}`, { action: 'confirm', note: '单位值班电话' })).status).toBe(200);
    expect((await versionRow(id, 1)).body).not.toContain(ID);
    expect((await versionRow(id, 1)).body).toContain(PHONE);
    expect((await findingsOf(id)).map((f) => f.status).sort()).toEqual(['confirmed', 'redacted']);
    // Nothing is 待处理 any more on the item page.
    const d = (await ed1.get(`/api/submissions/${id}`)).data;
    expect(d.findings.filter((f) => f.status === 'open')).toEqual([]);
  });

  it('redacts a value in every version that holds it', async () => {
    // The author removed the ID number but kept the phone: the phone is in both versions.
    const id = await returnedAndCorrected(`${BODY}联系电话${PHONE}。`);
    const ed1 = await t.as(login.ed1!);
    const current = (await findingsOf(id)).find((f) => f.version === 2 && f.kind === 'mobile' && f.status === 'open')!;
    const res = await ed1.post(`/api/submissions/${id}/findings/${current.id}`, { action: 'redact' });
    expect(res.data.openFindings).toBe(0);
    for (const v of [1, 2]) expect((await versionRow(id, v)).body).not.toContain(PHONE);
    expect((await versionRow(id, 1)).body).toContain(ID); // another value, not redacted
    const statuses = (await findingsOf(id)).map((f) => `${f.version}:${f.kind}:${f.status}`).sort();
    expect(statuses).toEqual(['1:mobile:redacted', '1:resident_id:open', '2:mobile:redacted']);
  });
});
