import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../admin/commands';
import { auditLog } from '../audit/tables';
import { systemCtx } from '../http/context';
import { notifications } from '../notifications/tables';
import { linkOrganisations, unlinkOrganisation } from '../org/links';
import { createTestApp, type TestApp } from '../test/app';
import { multipartFile } from '../test/multipart';
import { onForwardedItemAccepted, type ForwardedItemAccepted } from './forward-hooks';
import { attachments, submissionForwards, submissions } from './tables';

/**
 * Forwarding between two offices of one deployment (seed 001: 旗局 → 市局 → 厅), through the HTTP API:
 * the operator links the organisations, an editor of the lower office forwards an accepted item, it
 * arrives in the upper office's queue as an item of that office with the original's history, each
 * office sees only its own side, and the upper office's acceptance fires the listeners once.
 */
let t: TestApp;
const login: Record<string, string> = {};
const org: Record<'lower' | 'upper' | 'top', { id: string; path: string }> = {} as never;
let jpeg: Buffer;

const operator = () => systemCtx({ database: t.database, config: t.config, clock: t.clock, actor: { via: 'cli', command: 'org link', operator: 'ops' } });

beforeAll(async () => {
  t = await createTestApp();
  org.lower = await t.makeRoot('乌审旗公安局-转报测试');
  org.upper = await t.makeRoot('鄂尔多斯市公安局-转报测试');
  org.top = await t.makeRoot('内蒙古自治区公安厅-转报测试');
  const station = await t.makeUnit(org.lower.id, '嘎鲁图派出所');
  login.corr = (await t.makePerson({ unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }], name: '王磊' })).login;
  for (const n of [1, 2, 3]) login[`ed${n}`] = (await t.makePerson({ unitId: org.lower.id, roles: [{ role: 'editor', unitId: org.lower.id }], name: `旗局编辑${n}` })).login;
  login.lowerAdmin = (await t.makePerson({ unitId: org.lower.id, roles: [{ role: 'admin', unitId: org.lower.id }] })).login;
  for (const n of [1, 2, 3]) login[`up${n}`] = (await t.makePerson({ unitId: org.upper.id, roles: [{ role: 'editor', unitId: org.upper.id }], name: `市局编辑${n}` })).login;
  login.upCorr = (await t.makePerson({ unitId: org.upper.id, roles: [{ role: 'correspondent', unitId: org.upper.id }] })).login;
  login.top1 = (await t.makePerson({ unitId: org.top.id, roles: [{ role: 'editor', unitId: org.top.id }] })).login;
  login.top2 = (await t.makePerson({ unitId: org.top.id, roles: [{ role: 'editor', unitId: org.top.id }] })).login;
  login.top3 = (await t.makePerson({ unitId: org.top.id, roles: [{ role: 'editor', unitId: org.top.id }] })).login;
  jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).jpeg().toBuffer();
}, 120_000);
afterAll(() => t?.close());

async function upload(cookie: string, id: string) {
  const m = multipartFile('巡逻现场.jpg', jpeg);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/submissions/${id}/attachments?purpose=material`,
    headers: { cookie, 'content-type': m.contentType, 'x-requested-with': 'xuanbao' },
    payload: m.payload,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.id as string;
}

/** An item of the lower office accepted by its three editors (a version 1 returned once first, so it has history). */
async function acceptedItem(title: string, o: { returnFirst?: boolean } = {}) {
  const c = await t.as(login.corr!);
  const created = await c.post('/api/submissions', {
    kind: 'briefing_item',
    title,
    body: '近日，嘎鲁图派出所民警在辖区开展夜间巡逻时，发现一名老人迷路，民警耐心询问并将老人安全送回家中。',
  });
  const id = created.data.id as string;
  const attachmentId = await upload(c.cookie, id);
  expect((await c.post(`/api/submissions/${id}/submit`)).status).toBe(200);
  if (o.returnFirst) {
    const ed1 = await t.as(login.ed1!);
    expect((await ed1.post(`/api/submissions/${id}/decision`, { type: 'return', comment: '请补充时间，联系电话13812345678' })).status).toBe(200);
    await c.put(`/api/submissions/${id}/draft`, { body: '1月12日夜，嘎鲁图派出所民警在辖区开展夜间巡逻时，发现一名老人迷路，民警耐心询问并将老人安全送回家中。' });
    expect((await c.post(`/api/submissions/${id}/submit`)).status).toBe(200);
  }
  for (const n of [1, 2, 3]) {
    const r = await (await t.as(login[`ed${n}`]!)).post(`/api/submissions/${id}/decision`, { type: 'pass' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  }
  return { id, attachmentId };
}

const auditRows = (event: string, targetId: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.event, event), eq(auditLog.targetId, targetId)));

describe('office links (operator only)', () => {
  it('are set by the operator, audited, and refused for a non-organisation, the organisation itself and a loop', async () => {
    const l = await linkOrganisations(operator(), { orgId: org.lower.id, upperOrgId: org.upper.id, level: '市局' });
    expect(l).toMatchObject({ upperName: '鄂尔多斯市公安局-转报测试', level: '市局' });
    expect(await auditRows('org.link', org.lower.id)).toHaveLength(1);
    const station = await t.makeUnit(org.upper.id);
    await expect(linkOrganisations(operator(), { orgId: org.lower.id, upperOrgId: station.id })).rejects.toMatchObject({ code: 'org/not_organisation' });
    await expect(linkOrganisations(operator(), { orgId: org.lower.id, upperOrgId: org.lower.id })).rejects.toMatchObject({ code: 'org/link_self' });
    await expect(linkOrganisations(operator(), { orgId: org.upper.id, upperOrgId: org.lower.id })).rejects.toMatchObject({ code: 'org/link_cycle' });
    await linkOrganisations(operator(), { orgId: org.upper.id, upperOrgId: org.top.id, level: '厅' });
    // A longer loop: the province above the city above the county is refused as the county's lower office.
    await expect(linkOrganisations(operator(), { orgId: org.top.id, upperOrgId: org.lower.id })).rejects.toMatchObject({ code: 'org/link_cycle' });
    expect(await auditRows('org.link', org.top.id)).toHaveLength(0);
  });

  it('cannot be set by an organisation\'s administrator (no route sets it; the use case refuses anyone but the operator)', async () => {
    const admin = await t.as(login.lowerAdmin!);
    const me = await admin.get('/api/auth/me');
    expect(me.status).toBe(200);
    const grants = [{ role: 'admin' as const, unitId: org.lower.id, unitPath: org.lower.path }];
    const ctx = { ...operator(), auth: { ...operator().auth, personId: me.data!.id, login: login.lowerAdmin!, grants, system: undefined } };
    await expect(linkOrganisations(ctx, { orgId: org.lower.id, upperOrgId: org.top.id })).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(unlinkOrganisation(ctx, { orgId: org.lower.id })).rejects.toMatchObject({ code: 'auth/forbidden' });
  });

  it('are set, listed and removed with the operator\'s command (the CLI and the admin socket run the same)', async () => {
    const out: string[] = [];
    const env = { database: t.database, config: t.config, owners: [], operator: 'ops', out: (x: string) => void out.push(x), err: (x: string) => void out.push(x) };
    const extra = await t.makeRoot('伊金霍洛旗公安局-转报测试');
    expect(await runAdminCommand(env, { command: 'org.link', org: '伊金霍洛旗公安局-转报测试', upper: '鄂尔多斯市公安局-转报测试', level: '市局' })).toBe(0);
    expect(out.pop()).toBe('伊金霍洛旗公安局-转报测试 → 鄂尔多斯市公安局-转报测试 (市局)\n');
    const [row] = await auditRows('org.link', extra.id);
    expect(row).toMatchObject({ actorLogin: 'cli:ops', details: expect.objectContaining({ via: 'cli', command: 'org link', level: '市局' }) });
    expect(await runAdminCommand(env, { command: 'org.links' })).toBe(0);
    expect(out.join('')).toContain('伊金霍洛旗公安局-转报测试 → 鄂尔多斯市公安局-转报测试 (市局)');
    await expect(runAdminCommand(env, { command: 'org.link', org: '伊金霍洛旗公安局-转报测试', upper: '伊金霍洛旗公安局-转报测试' })).rejects.toThrow('组织不能以自身为上级机关 / An organisation cannot be its own upper office');
    expect(await runAdminCommand(env, { command: 'org.unlink', org: extra.id })).toBe(0);
    await expect(runAdminCommand(env, { command: 'org.unlink', org: extra.id })).rejects.toThrow('未设置上级机关');
  });

  it('are shown to each office as names only: the upper office to the lower, the lower offices to the upper', async () => {
    const lower = await (await t.as(login.ed1!)).get('/api/org/office-links');
    expect(lower.data).toMatchObject({ orgId: org.lower.id, upper: { id: org.upper.id, name: '鄂尔多斯市公安局-转报测试', level: '市局' }, lower: [] });
    const upper = await (await t.as(login.up1!)).get('/api/org/office-links');
    expect(upper.data).toMatchObject({ orgId: org.upper.id, upper: { id: org.top.id, level: '厅' }, lower: [{ id: org.lower.id, name: '乌审旗公安局-转报测试' }] });
  });
});

describe('forwarding an accepted item', () => {
  let original: { id: string; attachmentId: string };
  let copyId: string;
  const fired: ForwardedItemAccepted[] = [];
  let off: () => void;
  beforeAll(() => {
    off = onForwardedItemAccepted(async (tx, _ctx, e) => {
      // The listener runs inside the acceptance: it sees the copy adopted already.
      const [row] = await tx.select({ status: submissions.status }).from(submissions).where(eq(submissions.id, e.forwardedId));
      expect(row?.status).toBe('adopted');
      fired.push(e);
    });
  });
  afterAll(() => off?.());

  it('is offered to the office\'s editors only once the item is accepted, and refused before', async () => {
    const c = await t.as(login.corr!);
    const draft = (await c.post('/api/submissions', { kind: 'briefing_item', title: '未录用稿件', body: '巡逻防控工作情况。' })).data.id as string;
    await c.post(`/api/submissions/${draft}/submit`);
    const ed1 = await t.as(login.ed1!);
    expect((await ed1.get(`/api/submissions/${draft}`)).data.forwardTo).toBeNull();
    const early = await ed1.post(`/api/submissions/${draft}/forward`);
    expect([early.status, early.json?.errorCode]).toEqual([409, 'forward/not_adopted']);

    original = await acceptedItem('嘎鲁图派出所民警救助迷路老人', { returnFirst: true });
    expect((await ed1.get(`/api/submissions/${original.id}`)).data.forwardTo).toMatchObject({ upperOrgId: org.upper.id, upperName: '鄂尔多斯市公安局-转报测试', level: '市局' });
    // The correspondent sees the item but decides nothing: no offer, and the route refuses.
    const corr = await t.as(login.corr!);
    expect((await corr.get(`/api/submissions/${original.id}`)).data.forwardTo).toBeNull();
    expect((await corr.post(`/api/submissions/${original.id}/forward`)).status).toBe(403);
    expect(await t.db.select().from(submissionForwards).where(eq(submissionForwards.originalId, original.id))).toHaveLength(0);
  });

  it('arrives in the upper office\'s queue as its own item: own serial, content copied, files on the same blobs, origin read-only', async () => {
    const ed2 = await t.as(login.ed2!);
    const res = await ed2.post(`/api/submissions/${original.id}/forward`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.data).toMatchObject({ upperName: '鄂尔多斯市公安局-转报测试', level: '市局', status: 'in_review' });
    const [f] = await t.db.select().from(submissionForwards).where(eq(submissionForwards.originalId, original.id));
    copyId = f!.forwardedId;

    const up1 = await t.as(login.up1!);
    const queue = (await up1.get('/api/review/queue')).data.items;
    const inQueue = queue.find((q: { id: string }) => q.id === copyId)!;
    expect(inQueue).toMatchObject({ title: '嘎鲁图派出所民警救助迷路老人', kind: 'briefing_item', stepName: '初审', unitName: '鄂尔多斯市公安局-转报测试' });
    // Numbered in the upper organisation's own sequence (its first item this year).
    const year = new Intl.DateTimeFormat('en', { timeZone: t.config.timeZone, year: 'numeric' }).format(t.clock());
    expect(inQueue.serial).toBe(`${year}-000001`);

    const copy = (await up1.get(`/api/submissions/${copyId}`)).data;
    const origin = copy.origin!;
    expect(copy.versions).toHaveLength(1);
    expect(copy.versions[0]!.body).toContain('1月12日夜');
    expect(copy.actions).toEqual(expect.arrayContaining(['pass', 'reject']));
    expect(copy.actions).not.toContain('return');
    expect(origin).toMatchObject({ orgName: '乌审旗公安局-转报测试', unitName: '嘎鲁图派出所', authors: ['王磊'], level: '市局', forwardedByName: '旗局编辑2' });
    expect(origin.serial).toMatch(/^\d{4}-\d{6}$/);
    // The original's history: both submitted versions and every review event, personal data masked in what was never released.
    expect(origin.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(origin.history.map((h: { type: string }) => h.type)).toEqual(['submitted', 'returned', 'resubmitted', 'passed', 'passed', 'passed']);
    const returned = origin.history.find((h: { type: string }) => h.type === 'returned')!;
    expect(returned.comment).toContain('请补充时间');
    expect(returned.comment).not.toContain('13812345678');
    expect(JSON.stringify(copy.origin)).not.toContain('13812345678');

    // One file, a new row on the same stored blob; the upper office downloads the same bytes.
    expect(copy.attachments).toHaveLength(1);
    const [mine] = await t.db.select().from(attachments).where(eq(attachments.id, copy.attachments[0]!.id));
    const [theirs] = await t.db.select().from(attachments).where(eq(attachments.id, original.attachmentId));
    expect(mine!.id).not.toBe(theirs!.id);
    expect(mine!.sha256).toBe(theirs!.sha256);
    const dl = await t.request('GET', `/api/attachments/${mine!.id}`, { cookie: up1.cookie });
    expect(dl.status).toBe(200);
    const orig = await t.request('GET', `/api/attachments/${theirs!.id}`, { cookie: (await t.as(login.ed1!)).cookie });
    expect(dl.raw.rawPayload.equals(orig.raw.rawPayload)).toBe(true);

    // Audit rows in each organisation's log.
    expect(await auditRows('submission.forward', original.id)).toHaveLength(1);
    expect((await auditRows('submission.forward_in', copyId))[0]?.details).toMatchObject({ originalId: original.id, files: 1 });
  });

  it('shows the original as forwarded, with the status there, and refuses a second forward with a link', async () => {
    const ed3 = await t.as(login.ed3!);
    const item = (await ed3.get(`/api/submissions/${original.id}`)).data;
    expect(item.forwards).toEqual([expect.objectContaining({ upperName: '鄂尔多斯市公安局-转报测试', level: '市局', forwardedByName: '旗局编辑2', status: 'in_review', acceptedAt: null })]);
    expect(item.forwardTo).toBeNull();
    const again = await ed3.post(`/api/submissions/${original.id}/forward`);
    expect([again.status, again.json?.errorCode]).toEqual([409, 'forward/already']);
    expect(again.json?.errorMessage).toContain('鄂尔多斯市公安局-转报测试');
    expect(again.json?.errorMessage).toContain(`/submission/${original.id}`);
    // At once, ten times: still one copy.
    await Promise.all(Array.from({ length: 10 }, () => ed3.post(`/api/submissions/${original.id}/forward`)));
    expect(await t.db.select().from(submissionForwards).where(eq(submissionForwards.originalId, original.id))).toHaveLength(1);
  });

  it('keeps each office on its own side: items, files, lists and queues', async () => {
    const [copyFile] = await t.db.select().from(attachments).where(eq(attachments.submissionId, copyId));
    // The lower office never opens the upper office's copy or its files …
    for (const l of [login.ed1!, login.ed2!, login.corr!]) {
      const c = await t.as(l);
      expect((await c.get(`/api/submissions/${copyId}`)).status).toBe(404);
      expect((await t.request('GET', `/api/attachments/${copyFile!.id}`, { cookie: c.cookie })).status).toBe(404);
      expect((await c.get('/api/submissions?pageSize=200')).data.items.map((i: { id: string }) => i.id)).not.toContain(copyId);
      expect((await c.get('/api/review/queue?pageSize=200')).data.items.map((i: { id: string }) => i.id)).not.toContain(copyId);
    }
    // … and the upper office never opens the original, its files, or anything else of the lower organisation.
    for (const l of [login.up1!, login.upCorr!]) {
      const c = await t.as(l);
      expect((await c.get(`/api/submissions/${original.id}`)).status).toBe(404);
      expect((await t.request('GET', `/api/attachments/${original.attachmentId}`, { cookie: c.cookie })).status).toBe(404);
      const ids = (await c.get('/api/submissions?pageSize=200')).data.items.map((i: { id: string }) => i.id);
      expect(ids).not.toContain(original.id);
      const rows = await t.db.select({ id: submissions.id, unitId: submissions.unitId }).from(submissions);
      const lowerIds = new Set(rows.filter((r) => r.id !== copyId && r.unitId !== org.upper.id).map((r) => r.id));
      expect(ids.filter((x: string) => lowerIds.has(x))).toEqual([]);
      expect((await c.get(`/api/units`)).data.map((u: { id: string }) => u.id)).not.toContain(org.lower.id);
    }
    // The lower office's people cannot decide on the copy either.
    expect((await (await t.as(login.ed1!)).post(`/api/submissions/${copyId}/decision`, { type: 'pass' })).status).toBe(404);
  });

  it('fires the listener once when the upper office accepts: not on intermediate passes, a refused return or a repeat', async () => {
    const up1 = await t.as(login.up1!);
    const up2 = await t.as(login.up2!);
    const up3 = await t.as(login.up3!);
    expect((await up1.post(`/api/submissions/${copyId}/decision`, { type: 'pass' })).data.status).toBe('in_review');
    const ret = await up2.post(`/api/submissions/${copyId}/decision`, { type: 'return', comment: '请补充照片' });
    expect([ret.status, ret.json?.errorCode]).toEqual([409, 'forward/no_return']);
    expect((await up2.post(`/api/submissions/${copyId}/decision`, { type: 'pass' })).data.status).toBe('in_review');
    expect(fired).toHaveLength(0);
    expect((await up3.post(`/api/submissions/${copyId}/decision`, { type: 'pass' })).data.status).toBe('adopted');
    expect(fired).toEqual([{ originalId: original.id, sourceId: original.id, forwardedId: copyId, upperOrgId: org.upper.id, upperLevel: '市局', acceptedAt: t.clock() }]);
    expect((await up3.post(`/api/submissions/${copyId}/decision`, { type: 'pass' })).json?.errorCode).toBe('review/already_final');
    expect(fired).toHaveLength(1);

    // The lower office sees the status there, and its editor who forwarded it hears of it (on the original, no comments).
    const item = (await (await t.as(login.ed1!)).get(`/api/submissions/${original.id}`)).data;
    expect(item.forwards[0]).toMatchObject({ status: 'adopted', acceptedAt: t.clock().toISOString() });
    // …and the original carries the upper office's adoption as a record of use, written by nobody's hand,
    // at the link's level (市局 → the level code "city"), dated the day of the acceptance.
    const records = ((await (await t.as(login.ed1!)).get(`/api/submissions/${original.id}/records`)).data as unknown as { records: { kind: string; level: string | null; source: string; status: string }[] }).records; // its url also matches GET /api/submissions/:id in the typed client
    expect(records.map((r: { kind: string; level: string | null; source: string; status: string }) => [r.kind, r.level, r.source, r.status])).toEqual([['upper_adoption', 'city', 'forwarding', 'active']]);
    const [me] = await t.db.select({ id: submissions.createdBy }).from(submissions).where(eq(submissions.id, copyId));
    const heard = await t.db.select().from(notifications).where(and(eq(notifications.personId, me!.id), eq(notifications.type, 'forward.status')));
    expect(heard.map((n) => [n.subjectId, n.data])).toEqual([[original.id, { title: '嘎鲁图派出所民警救助迷路老人', office: '鄂尔多斯市公安局-转报测试', to: 'adopted' }]]);
  });

  it('does not fire on a rejection, and a listener that fails refuses the acceptance (same transaction)', async () => {
    const rejected = await acceptedItem('乌审召派出所巡逻防控');
    await (await t.as(login.ed1!)).post(`/api/submissions/${rejected.id}/forward`);
    const [f] = await t.db.select().from(submissionForwards).where(eq(submissionForwards.originalId, rejected.id));
    expect((await (await t.as(login.up1!)).post(`/api/submissions/${f!.forwardedId}/decision`, { type: 'reject', reason: '与市局已刊发稿件重复' })).data.status).toBe('rejected');
    expect(fired).toHaveLength(1);
    const item = (await (await t.as(login.ed1!)).get(`/api/submissions/${rejected.id}`)).data;
    expect(item.forwards[0]).toMatchObject({ status: 'rejected', acceptedAt: null });
    // The reason stays in the upper office.
    expect(JSON.stringify(item)).not.toContain('重复');

    const failing = await acceptedItem('图克派出所开展反诈宣传');
    await (await t.as(login.ed1!)).post(`/api/submissions/${failing.id}/forward`);
    const [g] = await t.db.select().from(submissionForwards).where(eq(submissionForwards.originalId, failing.id));
    for (const n of [1, 2]) await (await t.as(login[`up${n}`]!)).post(`/api/submissions/${g!.forwardedId}/decision`, { type: 'pass' });
    const stop = onForwardedItemAccepted(async () => {
      throw new Error('records of use unavailable');
    });
    try {
      const res = await (await t.as(login.up3!)).post(`/api/submissions/${g!.forwardedId}/decision`, { type: 'pass' });
      expect(res.status).toBe(500);
    } finally {
      stop();
    }
    const [row] = await t.db.select({ status: submissions.status }).from(submissions).where(eq(submissions.id, g!.forwardedId));
    expect(row?.status).toBe('in_review');
    expect(await auditRows('review.passed', g!.forwardedId)).toHaveLength(2);
  });

  it('goes on up the chain: the province accepting the city\'s copy names the county\'s item as the source', async () => {
    const up1 = await t.as(login.up1!);
    expect((await up1.get(`/api/submissions/${copyId}`)).data.forwardTo).toMatchObject({ upperOrgId: org.top.id, level: '厅' });
    expect((await up1.post(`/api/submissions/${copyId}/forward`)).status).toBe(200);
    const [f] = await t.db.select().from(submissionForwards).where(eq(submissionForwards.originalId, copyId));
    for (const l of ['top1', 'top2', 'top3']) await (await t.as(login[l]!)).post(`/api/submissions/${f!.forwardedId}/decision`, { type: 'pass' });
    expect(fired.at(-1)).toMatchObject({ originalId: copyId, sourceId: original.id, forwardedId: f!.forwardedId, upperOrgId: org.top.id, upperLevel: '厅' });
    // The province's reviewers see the city's copy as the origin, not the county's item.
    const top = (await (await t.as(login.top1!)).get(`/api/submissions/${f!.forwardedId}`)).data;
    expect(top.origin).toMatchObject({ orgName: '鄂尔多斯市公安局-转报测试' });
    expect((await (await t.as(login.top1!)).get(`/api/submissions/${original.id}`)).status).toBe(404);
  });

  it('is refused without an upper office', async () => {
    await unlinkOrganisation(operator(), { orgId: org.lower.id });
    const item = await acceptedItem('无定河派出所走访牧户');
    const ed1 = await t.as(login.ed1!);
    expect((await ed1.get(`/api/submissions/${item.id}`)).data.forwardTo).toBeNull();
    const res = await ed1.post(`/api/submissions/${item.id}/forward`);
    expect([res.status, res.json?.errorCode]).toEqual([409, 'forward/no_upper_office']);
    expect(await auditRows('org.unlink', org.lower.id)).toHaveLength(1);
    await linkOrganisations(operator(), { orgId: org.lower.id, upperOrgId: org.upper.id, level: '市局' });
  });
});
