import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeAudit, verifyAudit } from '../audit/audit';
import { totpCode } from '../auth/totp';
import { migrateDatabase, type Database } from '../db/client';
import { loadDemoData, type DemoAccount } from '../demo/demo';
import { createTestApp, type TestApp } from '../test/app';
import { openEmptyTestDatabase } from '../test/db';
import { backupTables, backupToFile, restoreFromFile } from './backup';

const DAY = 86_400_000;

let src: TestApp;
let dir: string;
let file: string;
let accounts: DemoAccount[];
let createdUnitName: string;
let staleCookie: string;

/** Every table of the public schema, each as its rows' JSON (as the database renders them), sorted. */
async function dump(d: Database, opts: { withSessions?: boolean } = {}) {
  const names = (await d.query<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`))
    .map((r) => r.tablename)
    .filter((n) => opts.withSessions || n !== 'sessions');
  const out: Record<string, string[]> = {};
  for (const name of names) {
    const rows = await d.query<{ j: string }>(sql`select row_to_json(x)::text as j from ${sql.identifier(name)} x`);
    out[name] = rows.map((r) => (typeof r.j === 'string' ? r.j : JSON.stringify(r.j))).sort();
  }
  return out;
}

async function freshTarget() {
  const d = await openEmptyTestDatabase();
  await migrateDatabase(d);
  return d;
}

/** A client signed in with a demo account's generated password. */
async function signedIn(app: TestApp, login: string, totp?: string) {
  const password = accounts.find((a) => a.login === login)!.password;
  const { res, cookie } = await app.signIn(login, password, totp);
  expect(res.status).toBe(200);
  return {
    cookie,
    get: <U extends string>(url: U) => app.request('GET', url, { cookie }),
    post: <U extends string>(url: U, body: unknown = {}) => app.request('POST', url, { cookie, body }),
  };
}

beforeAll(async () => {
  src = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-backup-test-'));
  file = path.join(dir, 'backup.xbk');
  accounts = await src.db.transaction((tx) => loadDemoData(tx, src.clock()));

  // Data made through the API, so that every kind of row and the audit log are there.
  const admin = await signedIn(src, 'wsq.admin');
  const units = (await admin.get('/api/units')).data as { id: string; name: string; parentId: string | null }[];
  const root = units.find((u) => u.parentId === null)!;
  createdUnitName = '备份测试派出所';
  const unit = (await admin.post('/api/units', { name: createdUnitName, type: 'police_station', parentId: root.id })).data;
  const created = await admin.post('/api/people', {
    login: 'backup.person',
    name: '备份·测试',
    unitId: unit.id,
    phone: '13900001111',
    email: 'backup@example.cn',
    roles: [{ role: 'correspondent', unitId: unit.id }],
  });
  expect(created.status).toBe(200);
  const leader = accounts.find((a) => a.login === 'wsq.leader')!;
  const leaderId = (await admin.get(`/api/people?q=${leader.login}`)).data.items[0]!.id;
  await admin.post(`/api/people/${leaderId}/deactivate`);
  await src.signIn('wsq.editor1', 'Wrong-Passw0rd!'); // a failed attempt counter

  // A person with TOTP (secret and last step stored).
  const editor = await signedIn(src, 'wsq.editor2');
  const setup = await editor.post('/api/auth/totp/setup');
  await editor.post('/api/auth/totp/enable', { code: totpCode(setup.data.secret, src.clock()) });

  // Age the first rows past retention so that the backup carries a purge anchor too.
  src.clock.advance(200 * DAY);
  await signedIn(src, 'edj.admin');
  await signedIn(src, 'wsq.auditor');
  expect(await purgeAudit(src.db, { now: src.clock(), retentionDays: 184 })).toBeGreaterThan(5);
  staleCookie = (await signedIn(src, 'glt.tongxun')).cookie;

  const r = await backupToFile(src.database, file, src.clock());
  expect(r.rows).toBeGreaterThan(50);
});

afterAll(async () => {
  await src?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup file', () => {
  it('is one gzip file readable only by its owner, covering every table but sessions', async () => {
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'xuanbao-backup', version: 1, source: src.database.kind });
    const inFile = new Set(lines.slice(1).map((l) => (JSON.parse(l) as { t: string }).t));
    expect(inFile.has('sessions')).toBe(false);
    for (const t of ['units', 'people', 'role_assignments', 'audit_log', 'audit_anchor', 'unit_types']) expect(inFile).toContain(t);

    // No table of the database is left out of backups, except sessions.
    const dbTables = Object.keys(await dump(src.database, { withSessions: true })).sort();
    const backedUp = backupTables().map((t) => getTableConfig(t).name);
    expect([...backedUp, 'sessions'].sort()).toEqual(dbTables);
  });
});

describe('restore', () => {
  it('into a fresh database gives the same rows in every table, an intact audit chain, and working sign-in', async () => {
    const target = await freshTarget();
    const r = await restoreFromFile(target, file);
    const srcDump = await dump(src.database);
    const restoredDump = await dump(target);
    expect(Object.keys(restoredDump)).toEqual(Object.keys(srcDump));
    for (const name of Object.keys(srcDump)) {
      expect({ table: name, rows: restoredDump[name] }).toEqual({ table: name, rows: srcDump[name] });
    }
    expect(r.rows).toBe(Object.values(srcDump).reduce((n, rows) => n + rows.length, 0));
    expect(srcDump.people!.length).toBe(accounts.length + 1);
    expect(srcDump.audit_anchor).toHaveLength(1);
    expect((await target.query<{ n: number }>(sql`select count(*)::int as n from sessions`))[0]!.n).toBe(0);

    const srcVerify = await verifyAudit(src.db);
    expect(srcVerify.ok).toBe(true);
    expect(await verifyAudit(target.db)).toEqual(srcVerify);

    const app = await createTestApp({ database: target });
    try {
      app.clock.set(src.clock());
      // Sessions are not carried over.
      expect((await app.request('GET', '/api/units', { cookie: staleCookie })).status).toBe(401);
      const c = await signedIn(app, 'glt.tongxun');
      expect((await c.get('/api/auth/me')).data).toMatchObject({ login: 'glt.tongxun', name: '王磊' });
      const admin = await signedIn(app, 'wsq.admin');
      expect((await admin.get('/api/units')).data.map((u: { name: string }) => u.name)).toContain(createdUnitName);
      // Deactivation and TOTP came along.
      const leader = accounts.find((a) => a.login === 'wsq.leader')!;
      expect((await app.signIn(leader.login, leader.password)).res.status).toBe(401);
      expect((await app.signIn('wsq.editor2', accounts.find((a) => a.login === 'wsq.editor2')!.password)).res.json?.errorCode).toBe('auth/totp_required');
      // New rows continue the restored chain.
      const v = await verifyAudit(target.db);
      expect(v).toMatchObject({ ok: true, firstSeq: srcVerify.ok ? srcVerify.firstSeq : -1 });
      expect(v.rows).toBeGreaterThan(srcVerify.rows);
    } finally {
      await app.close();
    }
  });

  it('refuses a database that is not empty (backup/not_empty) and leaves it unchanged', async () => {
    const before = await dump(src.database, { withSessions: true });
    await expect(restoreFromFile(src.database, file)).rejects.toMatchObject({ code: 'backup/not_empty' });
    expect(await dump(src.database, { withSessions: true })).toEqual(before);
  });

  it('refuses damaged files and writes nothing, leaving the target usable', async () => {
    const target = await freshTarget();
    try {
      const empty = await dump(target);
      const good = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
      const peopleLine = good.find((l) => l.startsWith('{"t":"people"'))!;
      const auditLine = good.find((l) => l.startsWith('{"t":"audit_log"'))!;
      const write = (name: string, bytes: Buffer | string) => {
        const p = path.join(dir, name);
        fs.writeFileSync(p, bytes);
        return p;
      };
      const gz = (lines: string[]) => zlib.gzipSync(lines.join('\n') + '\n');
      const whole = fs.readFileSync(file);
      const badFiles = {
        garbage: write('garbage.xbk', Buffer.from('this is not a backup at all \u0000\u0001\u0002')),
        truncated: write('truncated.xbk', whole.subarray(0, Math.floor(whole.length / 2))),
        plainJson: write('plain.xbk', good.join('\n')),
        wrongHeader: write('wrong-header.xbk', gz([JSON.stringify({ format: 'other', version: 1 }), ...good.slice(1)])),
        futureVersion: write('future.xbk', gz([JSON.stringify({ format: 'xuanbao-backup', version: 99 }), ...good.slice(1)])),
        unknownTable: write('unknown-table.xbk', gz([...good, JSON.stringify({ t: 'secret_stuff', r: { a: 1 } })])),
        brokenLine: write('broken-line.xbk', gz([...good.slice(0, 10), '{"t":"units","r":{', ...good.slice(10)])),
      };
      for (const [name, p] of Object.entries(badFiles)) {
        const err = await restoreFromFile(target, p).then(
          () => null,
          (e: unknown) => e,
        );
        expect({ name, code: (err as { code?: string } | null)?.code }).toEqual({ name, code: 'backup/bad_file' });
      }
      expect(await dump(target)).toEqual(empty);

      // Well-formed, but a row late in the file breaks a constraint: everything before it is rolled back.
      const duplicate = write('duplicate.xbk', gz([...good, peopleLine]));
      await expect(restoreFromFile(target, duplicate)).rejects.toThrow();
      const badAudit = JSON.parse(auditLine) as { t: string; r: Record<string, unknown> };
      const nullHash = write('null-hash.xbk', gz([...good, JSON.stringify({ t: 'audit_log', r: { ...badAudit.r, seq: 999_999, hash: null } })]));
      await expect(restoreFromFile(target, nullHash)).rejects.toThrow();
      expect(await dump(target)).toEqual(empty);

      // The target is still a good restore target.
      await restoreFromFile(target, file);
      expect(await dump(target)).toEqual(await dump(src.database));
    } finally {
      await target.close();
    }
  });
});
