import ExcelJS from 'exceljs';
import { asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { totpCode } from '../org/auth/totp';
import { ConfigError, loadConfig } from '../config';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/app';
import { chainAudit, closeRefusals, purgeAudit, verifyAudit, writeAudit, writeCheckpoint } from './audit';
import { auditAnchor, auditLog } from './tables';
import { units } from '../org/tables';

const DAY = 86_400_000;

let t: TestApp;
let rootId: string;
let unitId: string;
let admin: { id: string; login: string };
let auditor: { id: string; login: string };
let corr: { id: string; login: string };
/** Every password and TOTP value that went over the wire in this file: none may reach the audit log. */
const secrets = new Set<string>([TEST_PASSWORD, 'Wrong-Passw0rd-42']);

beforeAll(async () => {
  t = await createTestApp();
  rootId = (await t.makeRoot()).id;
  unitId = (await t.makeUnit(rootId)).id;
  admin = await t.makePerson({ unitId: rootId, roles: [{ role: 'admin', unitId: rootId }] });
  auditor = await t.makePerson({ unitId: rootId, roles: [{ role: 'deployment_auditor', unitId: rootId }] });
  corr = await t.makePerson({ unitId, roles: [{ role: 'correspondent', unitId }] });
  // Some rows for every test to work on, even when run alone.
  const a = await t.as(admin.login);
  expect((await a.post('/api/units', { name: '审计基础单位', type: 'police_station', parentId: rootId })).status).toBe(200);
  await t.signIn(corr.login, 'Wrong-Passw0rd-42');
  await t.signIn('ghost.user', 'Wrong-Passw0rd-42');
  await t.signIn(corr.login);
  await a.get('/api/audit');
});
afterAll(async () => {
  await t?.close();
});

const allRows = () => t.db.select().from(auditLog).orderBy(asc(auditLog.seq));
const rowCount = async () => (await t.database.query<{ n: number }>(sql`select count(*)::int as n from audit_log`))[0]!.n;
const lastSeq = async () => (await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1))[0]?.seq ?? 0;

/** Runs an action and returns the audit rows it wrote (checked against the row count too). */
async function rowsWrittenBy(action: () => Promise<unknown>) {
  const n0 = await rowCount();
  const s0 = await lastSeq();
  await action();
  const rows = await t.db.select().from(auditLog).where(gt(auditLog.seq, s0)).orderBy(asc(auditLog.seq));
  expect(await rowCount()).toBe(n0 + rows.length);
  return rows;
}

async function exactlyOneRow(action: () => Promise<unknown>) {
  const rows = await rowsWrittenBy(action);
  expect(rows.map((r) => `${r.event}/${r.outcome}`)).toHaveLength(1);
  const r = rows[0]!;
  // Complete: when, who, what, how it ended, from where; chained.
  expect(r.at.getTime()).toBe(t.clock().getTime());
  expect(r.actorLogin).toMatch(/\S/);
  expect(r.ip).toBe('127.0.0.1');
  expect(['success', 'failure', 'denied']).toContain(r.outcome);
  expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(r.prevHash).toMatch(/^[0-9a-f]{64}$/);
  return r;
}

describe('what is audited', () => {
  it('writes exactly one complete row per action: sign-in success and failure, unit and person creation, refused access', async () => {
    const ok = await exactlyOneRow(() => t.signIn(corr.login));
    expect(ok).toMatchObject({ event: 'auth.sign_in', outcome: 'success', actorId: corr.id, actorLogin: corr.login });

    const bad = await exactlyOneRow(() => t.signIn(corr.login, 'Wrong-Passw0rd-42'));
    expect(bad).toMatchObject({ event: 'auth.sign_in', outcome: 'failure', actorId: corr.id, details: { reason: 'bad_password', attempts: 1 } });

    const unknown = await exactlyOneRow(() => t.signIn('ghost.user', 'Wrong-Passw0rd-42'));
    expect(unknown).toMatchObject({ event: 'auth.sign_in', outcome: 'failure', actorId: null, actorLogin: 'ghost.user' });

    const a = await t.as(admin.login);
    let newUnitId = '';
    const unitRow = await exactlyOneRow(async () => {
      const res = await a.post('/api/units', { name: '审计测试派出所', type: 'police_station', parentId: rootId });
      expect(res.status).toBe(200);
      newUnitId = res.data.id;
    });
    expect(unitRow).toMatchObject({ event: 'unit.create', outcome: 'success', actorId: admin.id, actorLogin: admin.login, targetType: 'unit', targetId: newUnitId });

    let newPersonId = '';
    const personRow = await exactlyOneRow(async () => {
      const res = await a.post('/api/people', { login: 'audit.newbie', name: '新人', unitId: newUnitId, roles: [{ role: 'correspondent', unitId: newUnitId }] });
      expect(res.status).toBe(200);
      newPersonId = res.data.person.id;
      secrets.add(res.data.initialPassword);
    });
    expect(personRow).toMatchObject({ event: 'person.create', outcome: 'success', actorId: admin.id, targetType: 'person', targetId: newPersonId });

    const c = await t.as(corr.login);
    const denied = await exactlyOneRow(async () => {
      const res = await c.post('/api/units', { name: '越权单位', type: 'police_station', parentId: rootId });
      expect(res.status).toBe(403);
    });
    expect(denied).toMatchObject({
      event: 'access.denied',
      outcome: 'denied',
      actorId: corr.id,
      actorLogin: corr.login,
      details: { method: 'POST', route: '/api/units', reason: 'auth/forbidden' },
    });

    const out = await exactlyOneRow(() => c.post('/api/auth/sign-out'));
    expect(out).toMatchObject({ event: 'auth.sign_out', actorId: corr.id });
  });

  it('never stores a password, a TOTP secret or a TOTP code, whatever the flow', async () => {
    const p = await t.makePerson({ unitId, roles: [{ role: 'correspondent', unitId }], mustChangePassword: true });
    const { cookie } = await t.signIn(p.login);
    const changeTo = 'Brand-New-Pa55word';
    secrets.add(changeTo);
    secrets.add('Short1!');
    await t.request('POST', '/api/auth/password', { cookie, body: { currentPassword: TEST_PASSWORD, newPassword: 'Short1!' } });
    await t.request('POST', '/api/auth/password', { cookie, body: { currentPassword: 'Not-Current-Pw9', newPassword: changeTo } });
    secrets.add('Not-Current-Pw9');
    expect((await t.request('POST', '/api/auth/password', { cookie, body: { currentPassword: TEST_PASSWORD, newPassword: changeTo } })).status).toBe(200);

    const setup = await t.request('POST', '/api/auth/totp/setup', { cookie });
    const secret = setup.data.secret as string;
    secrets.add(secret);
    const enableCode = totpCode(secret, t.clock());
    secrets.add(enableCode);
    expect((await t.request('POST', '/api/auth/totp/enable', { cookie, body: { code: enableCode } })).status).toBe(200);
    t.clock.advance(30_000);
    const signInCode = totpCode(secret, t.clock());
    secrets.add(signInCode);
    expect((await t.signIn(p.login, changeTo, signInCode)).res.status).toBe(200);
    await t.signIn(p.login, changeTo, signInCode); // replay, refused

    const a = await t.as(admin.login);
    const reset = await a.post(`/api/people/${p.id}/reset-password`);
    secrets.add(reset.data.initialPassword);

    // Every free-text part of every row; hashes, ids and times are left out (a 6-digit code could
    // turn up in their hex or digits by chance).
    const everything = JSON.stringify((await allRows()).map((r) => [r.actorLogin, r.event, r.targetType, r.details]));
    for (const s of secrets) expect({ secret: s, found: everything.includes(s) }).toEqual({ secret: s, found: false });
    // The flows above were audited (so the search looked at rows about them).
    const events = (await allRows()).filter((r) => r.actorLogin === p.login).map((r) => r.event);
    expect(events).toEqual(expect.arrayContaining(['auth.password_change', 'auth.totp_setup', 'auth.totp_enable', 'auth.sign_in']));
  });
});

describe('the auditor', () => {
  it('lists and filters the log', async () => {
    const au = await t.as(auditor.login);
    const all = await au.get('/api/audit?pageSize=200');
    expect(all.status).toBe(200);
    expect(all.data.total).toBe(await rowCount());
    const seqs = all.data.items.map((r) => r.seq!);
    expect(seqs).toEqual([...seqs].sort((x: number, y: number) => y - x)); // newest first

    const failures = await au.get('/api/audit?event=auth.sign_in&outcome=failure');
    const dbFailures = (await allRows()).filter((r) => r.event === 'auth.sign_in' && r.outcome === 'failure');
    expect(failures.data.total).toBe(dbFailures.length);
    expect(failures.data.total).toBeGreaterThan(1);
    expect(failures.data.items.every((r: { event: string; outcome: string }) => r.event === 'auth.sign_in' && r.outcome === 'failure')).toBe(true);

    const byPrefix = await au.get('/api/audit?event=auth');
    expect(byPrefix.data.items.every((r) => r.event.startsWith('auth.'))).toBe(true);

    const byActor = await au.get(`/api/audit?actor=${encodeURIComponent(admin.login)}&pageSize=200`);
    expect(byActor.data.items.length).toBeGreaterThan(0);
    expect(byActor.data.items.every((r) => r.actorLogin === admin.login)).toBe(true);

    // Days in the deployment's time zone: the day after tomorrow (UTC) is after today there too.
    const none = await au.get(`/api/audit?from=${new Date(t.clock().getTime() + 2 * DAY).toISOString().slice(0, 10)}`);
    expect(none.data).toEqual({ items: [], total: 0 });
  });

  it('verifies the chain', async () => {
    const au = await t.as(auditor.login);
    const res = await au.get('/api/audit/verify');
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ ok: true, firstSeq: 1 });
    expect(res.data.rows).toBe((await rowCount()) - 1); // all but the verify's own row, written after
  });

  it('exports xlsx (header and rows as in the database) and CSV with a BOM', async () => {
    const au = await t.as(auditor.login);
    const x = await au.get('/api/audit/export?format=xlsx&event=unit.create');
    expect(x.status).toBe(200);
    expect(x.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(x.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    // exceljs' own Buffer type predates Node's generic Buffer.
    await wb.xlsx.load(x.raw.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('审计日志');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['序号', '时间', '账号', '事件', '事件代码', '结果', '对象类型', '对象', '对象编号', '来源地址', '详情', '哈希']);
    const dbRows = (await allRows()).filter((r) => r.event === 'unit.create');
    expect(ws.rowCount).toBe(1 + dbRows.length);
    const first = (ws.getRow(2).values as unknown[]).slice(1);
    const r = dbRows[0]!;
    expect(first[0]).toBe(String(r.seq));
    expect(first[1]).toBe('2026-03-02 10:00:00'); // Asia/Shanghai
    // Names and sentences, not codes and JSON; the code and the id stay for a search.
    const [unit] = await t.db.select().from(units).where(eq(units.id, r.targetId!));
    expect(first.slice(2, 10)).toEqual([admin.login, '新建单位', 'unit.create', '成功', '单位', unit!.name, r.targetId, '127.0.0.1']);
    expect(first[10]).toBe(`新建单位「${unit!.name}」`);
    expect(first[11]).toBe(r.hash);

    const c = await au.get('/api/audit/export?format=csv&outcome=denied');
    expect(c.status).toBe(200);
    expect(c.headers['content-type']).toBe('text/csv; charset=utf-8');
    const buf = c.raw.rawPayload;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = buf.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('序号,时间,账号,事件,事件代码,结果,对象类型,对象,对象编号,来源地址,详情,哈希');
    expect(lines.length - 1).toBe((await allRows()).filter((r) => r.outcome === 'denied' && r.event !== 'audit.export').length);
    expect(lines.slice(1).every((l) => l.includes(',拒绝访问,access.denied,拒绝,'))).toBe(true);

    const en = await t.request('GET', '/api/audit/export?format=csv', { cookie: au.cookie, headers: { 'x-locale': 'en' } });
    expect(en.raw.payload.slice(1).split('\r\n')[0]).toBe('Seq,Time,Login,Event,Event code,Outcome,Target type,Target,Target id,Source,Details,Hash');
    // Exports are themselves audited.
    expect((await allRows()).filter((row) => row.event === 'audit.export' && row.actorId === auditor.id)).toHaveLength(3);
  });

  it('is the only one: an admin gets 403 on the audit routes; the first refusal of the minute is logged in full, the others counted', async () => {
    t.clock.advance(60_000); // a minute of its own
    const a = await t.as(admin.login);
    const urls = ['/api/audit', '/api/audit/verify', '/api/audit/export?format=csv'];
    const first = await exactlyOneRow(async () => {
      const res = await a.get(urls[0]!);
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ success: false, errorCode: 'auth/forbidden', errorMessage: '无权执行此操作：需要『审计员』角色' });
    });
    expect(first).toMatchObject({ event: 'access.denied', outcome: 'denied', actorId: admin.id, details: { method: 'GET', route: '/api/audit', reason: 'auth/forbidden' } });
    // The same source in the same minute: counted, no row of its own.
    for (const url of urls.slice(1)) {
      const rows = await rowsWrittenBy(async () => expect((await a.get(url)).status).toBe(403));
      expect(rows).toEqual([]);
    }
    const anon = await t.request('GET', '/api/audit');
    expect(anon.status).toBe(401);
    // When the minute is over, one row counts them all and keeps the first refusal's details.
    t.clock.advance(60_000);
    await closeRefusals(t.db, t.clock());
    await chainAudit(t.db);
    const repeated = (await allRows()).filter((r) => r.event === 'access.denied_repeated' && r.actorId === admin.id);
    expect(repeated).toHaveLength(1);
    expect(repeated[0]).toMatchObject({ outcome: 'denied', ip: '127.0.0.1', details: { count: 3, method: 'GET', route: '/api/audit', reason: 'auth/forbidden' } });
  });
});

describe('protection of the log', () => {
  it('the application connection can neither update nor delete audit rows', async () => {
    const before = await allRows();
    const target = before[3]!;
    await expect(t.db.update(auditLog).set({ outcome: 'success', details: { forged: true } }).where(eq(auditLog.seq, target.seq!))).rejects.toThrow();
    await expect(t.db.delete(auditLog).where(eq(auditLog.seq, target.seq!))).rejects.toThrow();
    await expect(t.database.query(sql`truncate audit_log`)).rejects.toThrow();
    await expect(t.database.query(sql`delete from audit_log`)).rejects.toThrow();
    try {
      await t.database.query(sql`update audit_log set actor_login = 'x' where seq = ${target.seq}`);
      expect.unreachable('the update went through');
    } catch (e) {
      const cause = (e as { cause?: { message?: string } }).cause;
      expect(`${String(e)} ${cause?.message ?? ''}`).toMatch(/append-only/);
    }
    expect(await allRows()).toEqual(before);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('verify names the edited row (hash_mismatch) and a deleted middle row (gap)', async () => {
    const rows = await allRows();
    const mid = rows[Math.floor(rows.length / 2)]!;
    await t.database.query(sql`alter table audit_log disable trigger user`);
    try {
      await t.database.query(sql`update audit_log set details = '{"forged": true}'::jsonb where seq = ${mid.seq}`);
      const edited = await verifyAudit(t.db);
      expect(edited).toMatchObject({ ok: false, break: { seq: mid.seq, reason: 'hash_mismatch' } });
      expect(edited.rows).toBe(mid.seq! - 1);
      // What the auditor sees.
      const au = await t.as(auditor.login);
      expect((await au.get('/api/audit/verify')).data).toMatchObject({ ok: false, break: { seq: mid.seq, reason: 'hash_mismatch' } });

      // Put back, the row verifies again (jsonb key order does not matter).
      await t.database.query(sql`update audit_log set details = ${JSON.stringify(mid.details)}::jsonb where seq = ${mid.seq}`);
      expect((await verifyAudit(t.db)).ok).toBe(true);
      // Editing the event and outcome of another row is found just the same.
      await t.database.query(sql`update audit_log set outcome = 'success', event = 'auth.sign_in' where seq = ${rows[2]!.seq}`);
      expect(await verifyAudit(t.db)).toMatchObject({ ok: false, break: { seq: rows[2]!.seq, reason: 'hash_mismatch' } });
      await t.database.query(sql`update audit_log set outcome = ${rows[2]!.outcome}, event = ${rows[2]!.event} where seq = ${rows[2]!.seq}`);
      expect((await verifyAudit(t.db)).ok).toBe(true);

      await t.database.query(sql`delete from audit_log where seq = ${mid.seq}`);
      expect(await verifyAudit(t.db)).toMatchObject({ ok: false, break: { seq: mid.seq, reason: 'gap' } });
      await t.db.insert(auditLog).values(mid);
      expect((await verifyAudit(t.db)).ok).toBe(true);
    } finally {
      await t.database.query(sql`alter table audit_log enable trigger user`);
    }
    await expect(t.db.delete(auditLog).where(eq(auditLog.seq, mid.seq!))).rejects.toThrow();
  });
});

describe('retention', () => {
  it('purges rows past 184 days, keeps younger ones, and the chain still verifies (anchor signed, checkpoints kept) before and after new rows', async () => {
    expect(t.config.auditRetentionDays).toBe(184);
    expect(() => loadConfig({ XUANBAO_AUDIT_RETENTION_DAYS: '100' })).toThrow(ConfigError);
    // The database refuses to delete rows younger than 184 days by ITS clock: work in the real past.
    const d = await createTestApp();
    try {
      d.clock.set(new Date(Date.now() - 400 * DAY));
      const root = await d.makeRoot();
      const p = await d.makePerson({ unitId: root.id });
      await d.signIn(p.login);
      const dRows = () => d.db.select().from(auditLog).orderBy(asc(auditLog.seq));
      const old = await dRows();
      await writeCheckpoint(d.db, { now: d.clock() }); // a checkpoint that the purge will pass
      d.clock.advance(100 * DAY);
      await d.signIn(p.login);
      await d.signIn(p.login, 'Wrong-Passw0rd-42');
      const younger = (await dRows()).slice(old.length);
      expect(younger.length).toBeGreaterThanOrEqual(2);
      d.clock.advance(100 * DAY); // old rows are 200 days old now, younger ones 100

      expect(await purgeAudit(d.db, { now: d.clock(), retentionDays: 183 + 1 })).toBe(old.length);
      expect(await dRows()).toEqual(younger);
      const anchors = await d.db.select().from(auditAnchor);
      expect(anchors).toEqual([{ seq: younger[0]!.seq, prevHash: old.at(-1)!.hash, purgedAt: d.clock(), mac: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
      // Two checkpoints: one before the purge (its row is gone, the signed anchor covers it), one after.
      expect(await verifyAudit(d.db)).toEqual({ ok: true, rows: younger.length, firstSeq: younger[0]!.seq, lastSeq: younger.at(-1)!.seq, keyed: true, checkpoints: 2 });

      // A second purge the same day removes nothing; new rows continue the chain.
      expect(await purgeAudit(d.db, { now: d.clock(), retentionDays: 184 })).toBe(0);
      await d.signIn(p.login);
      expect(await verifyAudit(d.db)).toMatchObject({ ok: true, firstSeq: younger[0]!.seq, rows: younger.length + 1 });

      // 85 more days: the rows that were 100 days old are now 185 days old and go too.
      d.clock.advance(85 * DAY);
      expect(await purgeAudit(d.db, { now: d.clock(), retentionDays: 184 })).toBe(younger.length);
      expect((await verifyAudit(d.db)).ok).toBe(true);

      // The application's clock cannot purge young rows: the database checks the age itself.
      await writeAudit(d.db, { event: 'test.recent', outcome: 'success', actorLogin: 'someone', at: new Date() }); // young by the database's clock
      d.clock.set(new Date(Date.now() + 400 * DAY)); // the app believes it is a year from now
      const refused = await purgeAudit(d.db, { now: d.clock(), retentionDays: 184 }).then(() => null, (e: unknown) => e as Error & { cause?: Error });
      expect(`${refused?.message} ${refused?.cause?.message}`).toMatch(/not all older than 184 days/);
      expect((await verifyAudit(d.db)).ok).toBe(true);
    } finally {
      await d.close();
    }
  });
});

describe('chaining after the request (no lock on the write path)', () => {
  it('appends the row unchained; verify chains pending rows first, gap-free and in the order written', async () => {
    const d = await createTestApp({ config: { auditChainMs: 60_000 } });
    try {
      const root = await d.makeRoot();
      await d.makePerson({ unitId: root.id });
      await chainAudit(d.db); // rows written by the factories above
      const before = (await d.db.select().from(auditLog)).length;
      // Twenty requests at once, each writing one row through the deferred path.
      await Promise.all(Array.from({ length: 20 }, (_, i) => d.signIn(`ghost${i}`, 'Wrong-Passw0rd-42')));
      const rows = await d.db.select().from(auditLog).where(isNull(auditLog.seq));
      expect(rows).toHaveLength(20);
      expect(rows.every((r) => r.hash === null && r.prevHash === null)).toBe(true);
      expect(await verifyAudit(d.db)).toMatchObject({ ok: true, rows: before + 20 });
      const all = await d.db.select().from(auditLog).orderBy(asc(auditLog.seq));
      expect(all.map((r) => r.seq)).toEqual(Array.from({ length: before + 20 }, (_, i) => i + 1));
      // Pending rows are chained in the order they were written (time-ordered ids).
      expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort());

      // The one update the log allows is chaining a pending row; changing its content is refused,
      // and so is re-chaining a chained row.
      await d.signIn('ghost', 'Wrong-Passw0rd-42');
      const [pending] = await d.db.select().from(auditLog).where(isNull(auditLog.seq));
      await expect(d.database.query(sql`update audit_log set seq = 999, prev_hash = 'x', hash = 'y', outcome = 'success' where id = ${pending!.id}`)).rejects.toThrow();
      await expect(d.database.query(sql`update audit_log set seq = null, prev_hash = null, hash = null where seq = 1`)).rejects.toThrow();
      await expect(d.database.query(sql`update audit_log set hash = 'y' where id = ${pending!.id}`)).rejects.toThrow(); // half-chained: refused
      expect(await chainAudit(d.db)).toBe(1);
      expect((await verifyAudit(d.db)).ok).toBe(true);
    } finally {
      await d.close();
    }
  });

  it('chains the row of a request within the window without anyone asking', async () => {
    const d = await createTestApp({ config: { auditChainMs: 200 } });
    try {
      await d.signIn('ghost', 'Wrong-Passw0rd-42');
      await vi.waitFor(async () => expect(await d.db.select().from(auditLog).where(isNull(auditLog.seq))).toHaveLength(0), { timeout: 3000, interval: 50 });
      const [row] = await d.db.select().from(auditLog).where(eq(auditLog.actorLogin, 'ghost'));
      expect(row).toMatchObject({ event: 'auth.sign_in', outcome: 'failure', seq: 1, prevHash: '0'.repeat(64) });
      expect((await verifyAudit(d.db)).ok).toBe(true);
    } finally {
      await d.close();
    }
  });

  it('a row written outside a request (CLI, start-up) is chained at once, after the pending ones', async () => {
    const d = await createTestApp({ config: { auditChainMs: 60_000 } });
    try {
      const root = await d.makeRoot();
      const p = await d.makePerson({ unitId: root.id });
      await d.signIn(p.login, 'Wrong-Passw0rd-42'); // pending for up to a minute
      await writeAudit(d.db, { event: 'system.backup', outcome: 'success', actorLogin: 'cli:test', at: d.clock() });
      const [row] = await d.db.select().from(auditLog).where(eq(auditLog.event, 'system.backup'));
      expect(row!.seq).not.toBeNull();
      expect(await d.db.select().from(auditLog).where(isNull(auditLog.seq))).toHaveLength(1);
      expect(await verifyAudit(d.db)).toMatchObject({ ok: true, lastSeq: row!.seq! + 1 });
    } finally {
      await d.close();
    }
  });
});
