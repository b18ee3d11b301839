/**
 * Each organisation audits its own (issue 7 item 5): an organisation's auditor lists, filters, exports
 * and verifies only the rows whose actor or target lies in their organisation; the deployment auditor
 * (a role only the operator's command grants) sees every row, including rows of no organisation.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { auditLog } from './tables';
import { writeAudit } from './audit';

let t: TestApp;
const ids: Record<string, string> = {};
const logins: Record<string, string> = {};

type Row = { seq: number; event: string; actorId: string | null; actorLogin: string | null; targetType: string | null; targetId: string | null; details: Record<string, unknown> };

beforeAll(async () => {
  t = await createTestApp();
  for (const org of ['x', 'y']) {
    const root = await t.makeRoot(`${org}-审计范围局`);
    const unit = await t.makeUnit(root.id, `${org}-所`);
    ids[`${org}Root`] = root.id;
    ids[`${org}Unit`] = unit.id;
    const admin = await t.makePerson({ unitId: root.id, roles: [{ role: 'admin', unitId: root.id }], login: `${org}.admin` });
    const corr = await t.makePerson({ unitId: unit.id, roles: [{ role: 'correspondent', unitId: unit.id }], login: `${org}.corr` });
    const auditor = await t.makePerson({ unitId: root.id, roles: [{ role: 'auditor', unitId: root.id }], login: `${org}.auditor` });
    Object.assign(logins, { [`${org}Admin`]: admin.login, [`${org}Corr`]: corr.login, [`${org}Auditor`]: auditor.login });
    ids[`${org}Admin`] = admin.id;
    // Activity in the organisation: a person created by its administrator, an item by its correspondent.
    const a = await t.as(admin.login);
    const created = await a.post('/api/people', { login: `${org}.new`, name: `${org}新人`, unitId: unit.id, roles: [{ role: 'correspondent', unitId: unit.id }] });
    expect(created.status).toBe(200);
    ids[`${org}NewPerson`] = created.data.person.id;
    const c = await t.as(corr.login);
    const item = await c.post('/api/submissions', { kind: 'material', title: `${org}素材`, category: 6 });
    expect(item.status).toBe(200);
    ids[`${org}Item`] = item.data.id;
  }
  ids.deployment = (await t.makePerson({ unitId: ids.xRoot!, roles: [{ role: 'deployment_auditor', unitId: ids.xRoot! }], login: 'deploy.auditor' })).id;
  // A row of no organisation: a sign-in of an unknown login.
  await t.signIn('nobody.scoped', 'Wrong-Passw0rd!');
}, 180_000);
afterAll(() => t?.close());

async function all(login: string, query = '') {
  const c = await t.as(login);
  const out: Row[] = [];
  for (let page = 1; ; page++) {
    const res = await c.get(`/api/audit?pageSize=200&page=${page}${query}`);
    expect(res.status).toBe(200);
    out.push(...(res.data.items as Row[]));
    if (out.length >= res.data.total) return { rows: out, total: res.data.total as number };
  }
}

const mentions = (rows: Row[], id: string) => rows.some((r) => r.actorId === id || r.targetId === id);

describe("an organisation's auditor", () => {
  it('lists only rows whose actor or target is in their organisation', async () => {
    const { rows, total } = await all(logins.xAuditor!);
    expect(total).toBe(rows.length);
    expect(mentions(rows, ids.xNewPerson!)).toBe(true);
    expect(mentions(rows, ids.xItem!)).toBe(true);
    expect(mentions(rows, ids.xAdmin!)).toBe(true);
    expect(mentions(rows, ids.yNewPerson!)).toBe(false);
    expect(mentions(rows, ids.yItem!)).toBe(false);
    expect(mentions(rows, ids.yAdmin!)).toBe(false);
    expect(rows.some((r) => r.actorLogin?.startsWith('y.'))).toBe(false);
    expect(rows.some((r) => r.actorLogin === 'nobody.scoped')).toBe(false);
    // The other organisation's auditor sees the mirror image.
    const y = await all(logins.yAuditor!);
    expect(mentions(y.rows, ids.yNewPerson!)).toBe(true);
    expect(mentions(y.rows, ids.xNewPerson!)).toBe(false);
  });

  it('filters inside the scope', async () => {
    const { rows } = await all(logins.xAuditor!, '&event=person.create');
    expect(rows.map((r) => r.targetId)).toEqual([ids.xNewPerson]);
    const fromY = await all(logins.xAuditor!, `&actor=${logins.yAdmin}`);
    expect(fromY.rows).toEqual([]);
  });

  it('exports only the rows of the organisation', async () => {
    const c = await t.as(logins.xAuditor!);
    const res = await c.get('/api/audit/export?format=csv');
    expect(res.status).toBe(200);
    const csv = res.raw.body;
    expect(csv).toContain(ids.xNewPerson!);
    expect(csv).not.toContain(ids.yNewPerson!);
    expect(csv).not.toContain(ids.yItem!);
    expect(csv).not.toContain('y.admin');
    expect(csv).not.toContain('nobody.scoped');
  });

  it('verifies the whole chain but counts only their own rows', async () => {
    const x = await (await t.as(logins.xAuditor!)).get('/api/audit/verify');
    expect(x.data.ok).toBe(true);
    const chained = (await t.db.select({ seq: auditLog.seq }).from(auditLog)).filter((r) => r.seq !== null).length;
    const { total } = await all(logins.xAuditor!);
    expect(x.data.rows).toBeGreaterThan(0);
    expect(x.data.rows).toBeLessThan(chained);
    expect(x.data.rows).toBeLessThanOrEqual(total);
    const d = await (await t.as('deploy.auditor')).get('/api/audit/verify');
    expect(d.data).toMatchObject({ ok: true, firstSeq: 1 });
    expect(d.data.rows).toBeGreaterThanOrEqual(chained);
  });
});

describe('the deployment auditor', () => {
  it('sees every organisation and rows of none', async () => {
    const { rows, total } = await all('deploy.auditor');
    // Every row written before the list (the list's own sign-in rows included).
    const [{ n } = { n: 0 }] = await t.database.query<{ n: number }>(sql`select count(*)::int as n from ${auditLog}`);
    expect(total).toBeLessThanOrEqual(n);
    for (const id of [ids.xNewPerson!, ids.yNewPerson!, ids.xItem!, ids.yItem!]) expect(mentions(rows, id)).toBe(true);
    expect(rows.some((r) => r.actorLogin === 'nobody.scoped' && r.details.reason === 'unknown_login')).toBe(true);
  });

  it('is a role the web app cannot grant', async () => {
    const a = await t.as(logins.xAdmin!);
    const res = await a.patch(`/api/people/${ids.xNewPerson}`, { roles: [{ role: 'deployment_auditor', unitId: ids.xRoot }] });
    expect([res.status, res.json?.errorCode]).toEqual([403, 'person/auditor_by_operator']);
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, ids.xNewPerson!));
    expect(row).toBeDefined();
  });
});

describe('the object column (issue 8 item 8)', () => {
  it('names the person, the unit and the item (its title while a draft, its serial once submitted), resolved in the list', async () => {
    const { rows } = await all(logins.xAuditor!);
    const named = (id: string, event: string) => rows.find((r) => r.targetId === id && r.event === event) as (Row & { targetName: string | null }) | undefined;
    expect(named(ids.xNewPerson!, 'person.create')?.targetName).toBe('x新人');
    expect(named(ids.xItem!, 'submission.create')?.targetName).toBe('x素材');
    // Once numbered, every row of the item shows its serial (the name is read now, not stored).
    const c = await t.as(logins.xCorr!);
    const item = await c.post('/api/submissions', { kind: 'lead', title: 'x线索', body: '民警走访社区开展反诈宣传，群众反响良好，效果明显。'.repeat(2), situationNote: '可公开报道。' });
    const submitted = await c.post(`/api/submissions/${item.data.id}/submit`);
    expect(submitted.status).toBe(200);
    const after = await all(logins.xAuditor!);
    const itemRows = after.rows.filter((r) => r.targetId === item.data.id) as (Row & { targetName: string | null })[];
    expect(itemRows.length).toBeGreaterThanOrEqual(2);
    expect(new Set(itemRows.map((r) => r.targetName))).toEqual(new Set([submitted.data.serial]));
  });

  it("does not name an object outside the auditor's organisation, even on a row the auditor sees", async () => {
    // A row of x's administrator (so x's auditor sees it) about y's item: x's auditor sees no title.
    await writeAudit(t.db, { event: 'access.denied', outcome: 'denied', actorId: ids.xAdmin!, actorLogin: logins.xAdmin!, targetType: 'submission', targetId: ids.yItem!, at: t.clock(), details: { method: 'POST', route: '/api/review/bulk', reason: 'auth/forbidden' } });
    const x = (await all(logins.xAuditor!)).rows.find((r) => r.targetId === ids.yItem) as (Row & { targetName: string | null }) | undefined;
    expect(x).toBeDefined();
    expect(x!.targetName).toBeNull();
    const d = (await all('deploy.auditor')).rows.find((r) => r.targetId === ids.yItem && r.event === 'access.denied') as (Row & { targetName: string | null }) | undefined;
    expect(d!.targetName).toBe('y素材');
    // The export names it the same way, with readable details instead of JSON.
    const csv = (await (await t.as(logins.xAuditor!)).get('/api/audit/export?format=csv')).raw.body;
    expect(csv).toContain('x新人');
    expect(csv).not.toContain('y素材');
    expect(csv).toContain('请求 POST /api/review/bulk 被拒绝：无权执行此操作');
    expect(csv).not.toMatch(/\{"/);
  });
});
