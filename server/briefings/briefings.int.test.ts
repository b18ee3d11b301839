/**
 * Briefings end to end through the API: series, composing from accepted items, wording kept apart
 * from the submitted versions, numbering (parallel publications, supplements), restricted issues on
 * every read path, read receipts, another organisation, audit rows.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../audit/tables';
import { createTestApp, type TestApp } from '../test/app';
import { acceptedItem, ctxOf, type Client } from './briefings.testkit';
import { loadBriefingDocument } from './issues';
import { zipEntry } from '../documents/zip.testkit';

let t: TestApp;
let admin: Client, ed: Client[], corr: Client, recipientOfUnit: Client, recipientByName: Client, outsider: Client, otherEditor: Client, leader: Client;
const ids: Record<string, string> = {};
let items: { id: string; attachmentId: string | null }[] = [];
let series = '';

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot('二道江区扫黑办');
  const s1 = await t.makeUnit(root.id, '东风派出所');
  const s2 = await t.makeUnit(root.id, '五道江镇');
  const root2 = await t.makeRoot('另一个局');
  ids.root = root.id;
  ids.s1 = s1.id;
  ids.s2 = s2.id;
  const mk = async (key: string, unitId: string, roles: { role: 'admin' | 'editor' | 'leader' | 'correspondent' | 'unit_approver'; unitId: string }[]) => {
    const p = await t.makePerson({ unitId, roles, name: key });
    ids[key] = p.id;
    return t.as(p.login);
  };
  admin = await mk('admin', root.id, [{ role: 'admin', unitId: root.id }]);
  ed = [];
  for (let i = 0; i < 3; i++) ed.push(await mk(`editor${i}`, root.id, [{ role: 'editor', unitId: root.id }]));
  leader = await mk('leader', root.id, [{ role: 'leader', unitId: root.id }]);
  corr = await mk('corr', s1.id, [{ role: 'correspondent', unitId: s1.id }]);
  recipientOfUnit = await mk('recipientOfUnit', s2.id, [{ role: 'correspondent', unitId: s2.id }]);
  recipientByName = await mk('recipientByName', s1.id, [{ role: 'unit_approver', unitId: s1.id }]);
  outsider = await mk('outsider', s1.id, [{ role: 'unit_approver', unitId: s1.id }]);
  otherEditor = await mk('otherEditor', root2.id, [{ role: 'editor', unitId: root2.id }]);
  items = [];
  for (let i = 0; i < 12; i++) items.push(await acceptedItem(t, corr, ed, { title: `东风派出所开展扫黑除恶宣传第${i + 1}篇`, body: `一、基本情况\n民警深入社区开展宣传，第${i + 1}次。\n（一）主要做法\n走访群众。`, file: i === 0 }));
  const created = await admin.post('/api/briefing-series', { type: 'jianbao', mastheadName: '扫黑除恶专项斗争简报', issuerName: '二道江区扫黑办' });
  expect(created.status).toBe(200);
  series = created.data.id;
}, 300_000);
afterAll(() => t?.close());

async function draft(o: { kind?: 'standalone' | 'comprehensive'; supplement?: boolean; restricted?: boolean; items?: string[] } = {}) {
  const c = await ed[0]!.post('/api/briefings', { seriesId: series, kind: o.kind ?? 'comprehensive', supplement: o.supplement ?? false, restricted: o.restricted ?? false, copies: 30 });
  expect(c.status).toBe(200);
  const id = c.data.id as string;
  if (o.items) expect((await ed[0]!.put(`/api/briefings/${id}/items`, { submissionIds: o.items })).status).toBe(200);
  return id;
}

describe('series', () => {
  it('an administrator sets up a series; a 通报 needs its 发文字号 prefix; a correspondent cannot', async () => {
    const bad = await admin.post('/api/briefing-series', { type: 'tongbao', mastheadName: '扫黑除恶通报', issuerName: '二道江区扫黑办' });
    expect(bad.status).toBe(400);
    expect(bad.json?.errorCode).toBe('briefing/prefix_required');
    expect(bad.json?.errorMessage).toContain('发文字号');
    const ok = await admin.post('/api/briefing-series', { type: 'tongbao', mastheadName: '扫黑除恶通报', issuerName: '二道江区扫黑办', documentPrefix: '通二区扫黑办发' });
    expect(ok.status).toBe(200);
    expect((await corr.post('/api/briefing-series', { type: 'jianbao', mastheadName: 'x', issuerName: 'y' })).status).toBe(403);
    const list = await corr.get('/api/briefing-series');
    expect(list.data.items.map((s: { mastheadName: string }) => s.mastheadName).sort()).toEqual(['扫黑除恶专项斗争简报', '扫黑除恶通报']);
    // Another organisation sees none of them.
    expect((await otherEditor.get('/api/briefing-series')).data.items).toEqual([]);

    // A 通报 is numbered with its 发文字号.
    const i = await ed[0]!.post('/api/briefings', { seriesId: ok.data.id, kind: 'standalone' });
    await ed[0]!.put(`/api/briefings/${i.data.id}/items`, { submissionIds: [items[11]!.id] });
    const pub = await ed[0]!.post(`/api/briefings/${i.data.id}/publish`);
    expect(pub.data).toMatchObject({ label: '2026年第1期', documentNumber: '通二区扫黑办发〔2026〕1号' });
  });
});

describe('composing', () => {
  it('picks accepted items, orders them, edits the published wording while the submitted version stays; the diff is there for editors', async () => {
    const id = await draft();
    const cands = await ed[0]!.get(`/api/briefing-candidates?issueId=${id}&q=${encodeURIComponent('第1篇')}`);
    expect(cands.data.items.map((c: { id: string }) => c.id)).toEqual([items[0]!.id]);
    expect((await ed[0]!.put(`/api/briefings/${id}/items`, { submissionIds: [items[0]!.id, items[1]!.id] })).status).toBe(200);
    const edited = await ed[0]!.put(`/api/briefings/${id}/items/${items[0]!.id}`, { title: '东风派出所扎实开展扫黑除恶宣传', body: '一、基本情况\n民警深入社区。' });
    expect(edited.status).toBe(200);
    // Reordered: the edited wording stays with its item.
    await ed[0]!.put(`/api/briefings/${id}/items`, { submissionIds: [items[1]!.id, items[0]!.id] });
    await ed[0]!.patch(`/api/briefings/${id}`, { editorNote: '现将东风派出所的做法印发，供参考。' });
    const d = await ed[0]!.get(`/api/briefings/${id}`);
    expect(d.data.items.map((i: { submissionId: string }) => i.submissionId)).toEqual([items[1]!.id, items[0]!.id]);
    const it0 = d.data.items[1]!;
    expect(it0.title).toBe('东风派出所扎实开展扫黑除恶宣传');
    expect(it0.submitted).toEqual({ title: '东风派出所开展扫黑除恶宣传第1篇', body: '一、基本情况\n民警深入社区开展宣传，第1次。\n（一）主要做法\n走访群众。' });
    expect(it0.source).toBe('（东风派出所 corr）');
    expect(it0.files).toHaveLength(1);
    // The item itself is unchanged.
    const sub = await corr.get(`/api/submissions/${items[0]!.id}`);
    expect(JSON.stringify(sub.data)).toContain('民警深入社区开展宣传，第1次。');
    expect(JSON.stringify(sub.data)).not.toContain('扎实开展');
    // A draft is its editors' only.
    expect((await corr.get(`/api/briefings/${id}`)).status).toBe(404);
    expect((await corr.get('/api/briefings')).data.items.map((i: { id: string }) => i.id)).not.toContain(id);
    // Removing an item; an item that is not accepted is refused, nothing changes.
    const notAccepted = (await corr.post('/api/submissions', { kind: 'briefing_item', title: '草稿', body: '草稿' })).data.id;
    const refused = await ed[0]!.put(`/api/briefings/${id}/items`, { submissionIds: [items[1]!.id, notAccepted] });
    expect(refused.json?.errorCode).toBe('briefing/item_not_accepted');
    expect((await ed[0]!.get(`/api/briefings/${id}`)).data.items).toHaveLength(2);
    await ed[0]!.put(`/api/briefings/${id}/items`, { submissionIds: [items[0]!.id] });
    expect((await ed[0]!.get(`/api/briefings/${id}`)).data.items.map((i: { title: string }) => i.title)).toEqual(['东风派出所扎实开展扫黑除恶宣传']);
  });

  it('a standalone issue holds one item; an empty issue is not published; a published issue is frozen', async () => {
    const two = await draft({ kind: 'standalone', items: [items[2]!.id, items[3]!.id] });
    const r = await ed[0]!.post(`/api/briefings/${two}/publish`);
    expect(r.status).toBe(409);
    expect(r.json?.errorCode).toBe('briefing/standalone_one_item');
    const empty = await draft();
    expect((await ed[0]!.post(`/api/briefings/${empty}/publish`)).json?.errorCode).toBe('briefing/empty');
    await ed[0]!.put(`/api/briefings/${two}/items`, { submissionIds: [items[2]!.id] });
    const pub = await ed[0]!.post(`/api/briefings/${two}/publish`);
    expect(pub.status).toBe(200);
    // Publishing wrote the item's record of use: "used in the office's own briefing", standalone, dated the issue's date.
    const recs = ((await ed[0]!.get(`/api/submissions/${items[2]!.id}/records`)).data as unknown as { records: { kind: string; mode: string | null; source: string; usedOn: string; briefingId: string | null }[] }).records;
    expect(recs.map((r: { kind: string; mode: string | null; source: string; usedOn: string; briefingId: string | null }) => [r.kind, r.mode, r.source, r.usedOn, r.briefingId])).toEqual([
      ['briefing_use', 'standalone', 'briefing', pub.data.issueDate, two],
    ]);
    for (const res of [
      await ed[0]!.post(`/api/briefings/${two}/publish`),
      await ed[0]!.patch(`/api/briefings/${two}`, { editorNote: '改' }),
      await ed[0]!.put(`/api/briefings/${two}/items/${items[2]!.id}`, { title: '改', body: '改' }),
      await ed[0]!.put(`/api/briefings/${two}/items`, { submissionIds: [] }),
      await ed[0]!.del(`/api/briefings/${two}`),
    ]) {
      expect(res.status).toBe(409);
      expect(res.json?.errorCode).toBe('briefing/not_draft');
    }
  });
});

describe('numbering', () => {
  it('numbers per series and year at publication, supplements apart, "2026年第N期" / "2026年增刊第1期"', async () => {
    const before = (await corr.get(`/api/briefings?seriesId=${series}&status=published`)).data.items.filter((i: { supplement: boolean }) => !i.supplement).length;
    const a = await draft({ items: [items[4]!.id] });
    const s = await draft({ supplement: true, items: [items[4]!.id] });
    const pa = await ed[0]!.post(`/api/briefings/${a}/publish`);
    const ps = await ed[0]!.post(`/api/briefings/${s}/publish`);
    expect(pa.data.label).toBe(`2026年第${before + 1}期`);
    expect(ps.data.label).toBe('2026年增刊第1期');
    expect(ps.data.number).toBe(1);
  });

  it('parallel publications never share a number; the same issue published twice at once is published once', async () => {
    const drafts: string[] = [];
    for (let i = 0; i < 8; i++) drafts.push(await draft({ items: [items[6 + (i % 4)]!.id] }));
    const results = await Promise.all(drafts.map((d, k) => ed[k % 3]!.post(`/api/briefings/${d}/publish`)));
    expect(results.map((r) => r.status)).toEqual(drafts.map(() => 200));
    const numbers = results.map((r) => r.data.number as number).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(8);
    expect(numbers[7]! - numbers[0]!).toBe(7);

    const once = await draft({ items: [items[6]!.id] });
    const both = await Promise.all([ed[0]!.post(`/api/briefings/${once}/publish`), ed[1]!.post(`/api/briefings/${once}/publish`)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'briefing.publish'), eq(auditLog.targetId, once)));
    expect(audits).toHaveLength(1);
  });
});

describe('a restricted issue', () => {
  let id = '';
  beforeAll(async () => {
    id = await draft({ restricted: true, items: [items[0]!.id] });
    await ed[0]!.patch(`/api/briefings/${id}`, { editorNote: '特定案件专报甲乙丙' });
    const noRecipients = await ed[0]!.post(`/api/briefings/${id}/publish`);
    expect(noRecipients.json?.errorCode).toBe('briefing/no_recipients');
    const dist = await ed[0]!.put(`/api/briefings/${id}/distribution`, {
      recipients: [
        { part: 'report', name: '区委、区政府分管领导同志' },
        { part: 'send', personId: ids.recipientByName },
        { part: 'issue', unitId: ids.s2 },
      ],
    });
    expect(dist.status).toBe(200);
    // A unit or person of another organisation is refused.
    const foreign = await ed[0]!.put(`/api/briefings/${id}/distribution`, { recipients: [{ part: 'issue', personId: ids.otherEditor }] });
    expect(foreign.json?.errorCode).toBe('briefing/unknown_recipient');
    const pub = await ed[0]!.post(`/api/briefings/${id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.data.notified).toBe(2);
  });

  it('is invisible to a reader who is not a recipient on every path: list, search, detail, attachment, export, notifications', async () => {
    for (const c of [outsider, corr, otherEditor]) {
      expect((await c.get('/api/briefings?pageSize=200')).data?.items?.map((x: { id: string }) => x.id) ?? []).not.toContain(id);
      expect((await c.get(`/api/briefings?q=${encodeURIComponent('甲乙丙')}`)).data?.items ?? []).toEqual([]);
      expect((await c.get(`/api/archive?type=briefings&q=${encodeURIComponent('甲乙丙')}`)).data?.items ?? []).toEqual([]);
      expect((await c.get(`/api/briefings/${id}`)).status).toBe(404);
      expect((await c.get(`/api/briefings/${id}/attachments/${items[0]!.attachmentId}`)).status).toBe(404);
      expect(JSON.stringify((await c.get('/api/notifications')).data)).not.toContain(id);
    }
    for (const who of ['outsider', 'corr', 'otherEditor']) await expect(loadBriefingDocument(await ctxOf(t, ids[who]!), id)).rejects.toMatchObject({ code: 'common/not_found' });
    // Another organisation's editor: 404 on the editor's routes too.
    expect((await otherEditor.get(`/api/briefings/${id}/receipts`)).status).toBe(404);
    expect((await otherEditor.get(`/api/briefing-candidates?issueId=${id}`)).status).toBe(404);
    expect((await otherEditor.get(`/api/briefing-recipients?seriesId=${series}`)).status).toBe(404);
  });

  it('downloads as a Word document (.docx) for a recipient, carrying its masthead; a non-recipient gets 404', async () => {
    for (const c of [outsider, corr, otherEditor]) expect((await c.get(`/api/briefings/${id}/docx`)).status).toBe(404);
    const r = await ed[1]!.get(`/api/briefings/${id}/docx`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toMatch(/^attachment; filename\*=UTF-8''扫黑除恶专项斗争简报2026年第\d+期\.docx$/);
    const xml = zipEntry(r.raw.rawPayload, 'word/document.xml')!.toString('utf8');
    expect(xml).toContain('扫黑除恶专项斗争简报');
    expect(xml).toContain('内部资料 注意保存');
  });

  it('is read by its recipients (listed by name, or of a listed unit), notified, with read receipts for the editors', async () => {
    for (const c of [recipientOfUnit, recipientByName]) {
      expect((await c.get('/api/briefings')).data.items.map((x: { id: string }) => x.id)).toContain(id);
      expect((await c.get(`/api/briefings?q=${encodeURIComponent('甲乙丙')}`)).data.items.map((x: { id: string }) => x.id)).toEqual([id]);
      // The archive finds the published issue by its words, for its recipients, with the word marked.
      const found = (await c.get(`/api/archive?type=briefings&q=${encodeURIComponent('甲乙丙')}`)).data.items;
      expect(found.map((x: { id: string; type: string; kind: string }) => [x.id, x.type, x.kind])).toEqual([[id, 'briefings', '简报']]);
      expect(JSON.stringify(found[0]!.snippet)).toContain('"hit":true');
      const notes = (await c.get('/api/notifications')).data.items as { type: string; subject: { id: string } | null }[];
      expect(notes.filter((n) => n.subject?.id === id).map((n) => n.type)).toEqual(['briefing.published']);
    }
    t.clock.advance(60_000);
    const d = await recipientOfUnit.get(`/api/briefings/${id}`);
    expect(d.status).toBe(200);
    expect(d.data.label).toMatch(/^2026年第\d+期$/);
    // The submitted text is the editors' only.
    expect(d.data.items[0]!.submitted).toBeNull();
    expect((await recipientOfUnit.get(`/api/briefings/${id}/attachments/${items[0]!.attachmentId}`)).status).toBe(200);
    const doc = await loadBriefingDocument(await ctxOf(t, ids.recipientByName!), id);
    expect(doc).toMatchObject({ mastheadName: '扫黑除恶专项斗争简报', restrictedMark: '内部资料 注意保存', distribution: { report: ['区委、区政府分管领导同志'], send: ['recipientByName'], issue: ['五道江镇'] }, copies: 30 });
    // Receipts: for the editors, not for readers.
    expect((await recipientOfUnit.get(`/api/briefings/${id}/receipts`)).status).toBe(403);
    const r = await ed[1]!.get(`/api/briefings/${id}/receipts`);
    expect(r.status).toBe(200);
    const reads = (r.data as unknown as { reads: unknown }).reads as { name: string; count: number; recipient: boolean }[];
    expect(reads.find((x) => x.name === 'recipientOfUnit')).toMatchObject({ count: 2, recipient: true });
    expect(reads.find((x) => x.name === 'recipientByName')).toMatchObject({ count: 1, recipient: true });
    expect(reads.some((x) => x.name === 'outsider')).toBe(false);
    // Opens are audited.
    const opens = await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'briefing.open'), eq(auditLog.targetId, id), inArray(auditLog.actorId, [ids.recipientOfUnit!])));
    expect(opens.length).toBe(2);
  });

  it('an unrestricted published issue is read across the organisation, never by another', async () => {
    const open = await draft({ items: [items[1]!.id] });
    await ed[0]!.post(`/api/briefings/${open}/publish`);
    expect((await outsider.get(`/api/briefings/${open}`)).status).toBe(200);
    expect((await otherEditor.get(`/api/briefings/${open}`)).status).toBe(404);
    expect((await otherEditor.get('/api/briefings')).data.items).toEqual([]);
    // The publication is audited with its number and items.
    const [row] = await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'briefing.publish'), eq(auditLog.targetId, open)));
    expect(row).toMatchObject({ actorId: ids.editor0, targetType: 'briefing', outcome: 'success' });
    expect(row!.details).toMatchObject({ items: [items[1]!.id], restricted: false });
  });
});

describe('the year', () => {
  it('the next year starts again at 1 (the year of publication in the deployment time zone)', async () => {
    // The next year starts again at 1 (the year of publication in the deployment's time zone).
    t.clock.set('2026-12-31T16:30:00Z');
    const fresh = await t.as((await t.makePerson({ unitId: ids.root!, roles: [{ role: 'editor', unitId: ids.root! }] })).login);
    const n = (await fresh.post('/api/briefings', { seriesId: series })).data.id;
    await fresh.put(`/api/briefings/${n}/items`, { submissionIds: [items[5]!.id] });
    const pn = await fresh.post(`/api/briefings/${n}/publish`);
    expect(pn.data).toMatchObject({ label: '2027年第1期', issueDate: '2027-01-01' });
  });
});
