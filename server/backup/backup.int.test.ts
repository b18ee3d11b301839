import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeAudit, verifyAudit } from '../audit/audit';
import { totpCode } from '../org/auth/totp';
import { migrateDatabase, type Database } from '../db/client';
import { loadDemoData, type DemoAccount } from '../demo/demo';
import { createTestApp, type TestApp } from '../test/app';
import { openEmptyTestDatabase } from '../test/db';
import { fileStoreFor, openFileStore, type FileStore } from '../files/files';
import { BLOB_OWNERS } from '../main';
import { archiveBytes, readArchive, rowLines } from './archive.testkit';
import { backupTables, backupToFile, restoreFromFile } from './backup';

const DAY = 86_400_000;

let src: TestApp;
let dir: string;
let file: string;
let accounts: DemoAccount[];
let createdUnitName: string;
let staleCookie: string;
const stores: FileStore[] = [];

/** An empty local file store in a new folder. */
function freshStore() {
  const s = openFileStore({ kind: 'local' }, fs.mkdtempSync(path.join(dir, 'store-')));
  stores.push(s);
  return s;
}
const restore = (target: Database, f: string, o: { force?: boolean; store?: FileStore } = {}) =>
  restoreFromFile(target, f, { force: !!o.force, store: o.store ?? freshStore(), owners: BLOB_OWNERS });

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

  const r = await backupToFile(src.database, file, src.clock(), { store: fileStoreFor(src.config), owners: BLOB_OWNERS });
  expect(r.rows).toBeGreaterThan(50);
});

afterAll(async () => {
  for (const s of stores) await s.close();
  await src?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup file', () => {
  it('is one tar.gz file readable only by its owner, covering every table but sessions', async () => {
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const entries = await readArchive(file);
    expect(entries[0]!.name).toBe('xuanbao-backup.json');
    expect(JSON.parse(entries[0]!.body.toString())).toMatchObject({ format: 'xuanbao-backup', version: 2, source: src.database.kind });
    expect(entries.at(-1)!.name).toBe('end.json');
    expect(entries.slice(1, -1).every((e) => /^rows\/\d{8}\.jsonl$/.test(e.name))).toBe(true); // no files in this backup
    const lines = rowLines(entries);
    expect(JSON.parse(entries.at(-1)!.body.toString())).toMatchObject({ rows: lines.length, blobs: 0, missing: [] });
    const inFile = new Set(lines.map((l) => (JSON.parse(l) as { t: string }).t));
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
    const r = await restore(target, file);
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
    await expect(restore(src.database, file)).rejects.toMatchObject({ code: 'backup/not_empty' });
    expect(await dump(src.database, { withSessions: true })).toEqual(before);
  });

  it('refuses damaged files and writes nothing, leaving the target usable', async () => {
    const target = await freshTarget();
    try {
      const empty = await dump(target);
      const entries = await readArchive(file);
      const good = rowLines(entries);
      const [header, end] = [entries[0]!, entries.at(-1)!];
      const peopleLine = good.findLast((l) => l.startsWith('{"t":"people"'))!;
      const auditLine = good.find((l) => l.startsWith('{"t":"audit_log"'))!;
      const write = (name: string, bytes: Buffer | string) => {
        const p = path.join(dir, name);
        fs.writeFileSync(p, bytes);
        return p;
      };
      const json = (v: unknown) => Buffer.from(JSON.stringify(v));
      const endFor = (lines: string[]) => ({ name: 'end.json', body: json({ ...JSON.parse(end.body.toString()), rows: lines.length }) });
      /** A well-formed archive with these row lines (and a trailer that agrees). */
      const archive = (lines: string[], o: { header?: unknown; end?: boolean } = {}) =>
        archiveBytes([
          o.header ? { name: 'xuanbao-backup.json', body: json(o.header) } : header,
          { name: 'rows/00000001.jsonl', body: Buffer.from(lines.join('\n') + '\n') },
          ...(o.end === false ? [] : [endFor(lines)]),
        ]);
      const whole = fs.readFileSync(file);
      const badFiles = {
        garbage: write('garbage.xbk', Buffer.from('this is not a backup at all \u0000\u0001\u0002')),
        truncated: write('truncated.xbk', whole.subarray(0, Math.floor(whole.length / 2))),
        truncatedAtEnd: write('truncated-end.xbk', whole.subarray(0, whole.length - 8)),
        plainTar: write('plain.xbk', zlib.gunzipSync(whole)),
        wrongHeader: write('wrong-header.xbk', await archive(good, { header: { format: 'other', version: 2 } })),
        futureVersion: write('future.xbk', await archive(good, { header: { format: 'xuanbao-backup', version: 99 } })),
        outOfOrder: write('out-of-order.xbk', await archive([...good, peopleLine])),
        unknownTable: write('unknown-table.xbk', await archive([...good, JSON.stringify({ t: 'secret_stuff', r: { a: 1 } })])),
        brokenLine: write('broken-line.xbk', await archive([...good.slice(0, 10), '{"t":"units","r":{', ...good.slice(10)])),
        noTrailer: write('no-trailer.xbk', await archive(good, { end: false })),
        trailerDisagrees: write('trailer-disagrees.xbk', await archiveBytes([header, { name: 'rows/00000001.jsonl', body: Buffer.from(good.slice(0, -5).join('\n')) }, end])),
        strangeEntry: write('strange-entry.xbk', await archiveBytes([header, { name: '../../etc/cron.d/x', body: Buffer.from('* * * * * root sh') }, ...entries.slice(1)])),
        afterTrailer: write('after-trailer.xbk', await archiveBytes([...entries, { name: 'rows/00000099.jsonl', body: Buffer.from(peopleLine) }])),
        v1Broken: write('v1-broken.xbk', zlib.gzipSync([JSON.stringify({ format: 'xuanbao-backup', version: 1 }), ...good.slice(0, 10), '{"t":"units","r":{'].join('\n'))),
        v1Truncated: write('v1-truncated.xbk', zlib.gzipSync([JSON.stringify({ format: 'xuanbao-backup', version: 1 }), ...good].join('\n')).subarray(0, 2000)),
      };
      for (const [name, p] of Object.entries(badFiles)) {
        const err = await restore(target, p).then(
          () => null,
          (e: unknown) => e,
        );
        expect({ name, code: (err as { code?: string } | null)?.code }).toEqual({ name, code: 'backup/bad_file' });
      }
      expect(await dump(target)).toEqual(empty);

      // Well-formed, but a row late in the file breaks a constraint: everything before it is rolled back.
      const lastPerson = good.lastIndexOf(peopleLine);
      const duplicate = write('duplicate.xbk', await archive([...good.slice(0, lastPerson + 1), peopleLine, ...good.slice(lastPerson + 1)]));
      const dupErr = (await restore(target, duplicate).catch((e: unknown) => e)) as { message?: string; cause?: { message?: string } };
      expect(`${dupErr?.message} ${dupErr?.cause?.message}`).toMatch(/duplicate key|unique/);
      const badAudit = JSON.parse(auditLine) as { t: string; r: Record<string, unknown> };
      const lastAudit = good.findLastIndex((l) => l.startsWith('{"t":"audit_log"'));
      const nullHashLine = JSON.stringify({ t: 'audit_log', r: { ...badAudit.r, seq: 999_999, hash: null } });
      const nullHash = write('null-hash.xbk', await archive([...good.slice(0, lastAudit + 1), nullHashLine, ...good.slice(lastAudit + 1)]));
      await expect(restore(target, nullHash)).rejects.toThrow();
      expect(await dump(target)).toEqual(empty);

      // The target is still a good restore target.
      await restore(target, file);
      expect(await dump(target)).toEqual(await dump(src.database));
    } finally {
      await target.close();
    }
  });
});

describe('version 1 backups (rows only, written before files were backed up)', () => {
  it('still restore, and the restore reports the files the store lacks', async () => {
    const target = await freshTarget();
    try {
      const lines = rowLines(await readArchive(file));
      const v1 = path.join(dir, 'v1.xbk');
      fs.writeFileSync(v1, zlib.gzipSync([JSON.stringify({ format: 'xuanbao-backup', version: 1, createdAt: src.clock().toISOString(), source: src.database.kind }), ...lines].join('\n') + '\n'));
      const r = await restore(target, v1);
      expect(r).toMatchObject({ rows: lines.length, blobs: 0, version: 1, missing: [] });
      expect(await dump(target)).toEqual(await dump(src.database));
    } finally {
      await target.close();
    }
  });
});
