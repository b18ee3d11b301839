import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client';
import { followFingerprints } from '../submissions/duplicates';
import { createTestApp, TEST_PASSWORD, type TestApp } from './app';
import { openTestDatabase } from './db';
import { TEST_AUDIT_KEY } from '../config';
import { desc, eq, gt } from 'drizzle-orm';
import { duplicateFlags } from '../submissions/tables';
import { chainAudit, closeRefusals, verifyAudit } from '../audit/audit';
import { auditLog } from '../audit/tables';

/**
 * Two app servers on one database behave as one. On PostgreSQL they are two real `xuanbao start`
 * processes; on the embedded database (one process only) two app instances share the PGlite.
 * Requests alternate between them: sessions, sign-out, lockout and the near-duplicate index hold.
 */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
let t: TestApp;
let database: Database & { testKind: 'pglite' | 'pg'; url?: string };
const servers: { url: string; stop(): Promise<void> }[] = [];
const login: Record<string, string> = {};

async function startProcess(url: string): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-two-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin/xuanbao.mjs'), 'start'], {
    cwd: ROOT,
    // The audit key of the test process: every process on one database chains with the same key.
    env: { ...process.env, DATABASE_URL: url, XUANBAO_AUDIT_KEY: TEST_AUDIT_KEY, XUANBAO_PORT: '0', XUANBAO_HOST: '127.0.0.1', XUANBAO_DATA_DIR: dataDir, XUANBAO_DEMO: '0', XUANBAO_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 90_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url: base,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function startInProcess(db: Database): Promise<{ url: string; stop(): Promise<void> }> {
  const app = await createTestApp({ database: db });
  const unfollow = await followFingerprints(db);
  await app.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await unfollow();
      await app.app.close();
    },
  };
}

beforeAll(async () => {
  database = await openTestDatabase();
  t = await createTestApp({ database });
  const root = await t.makeRoot('双实例测试局');
  const office = await t.makeUnit(root.id, '政治工作办公室', 'office');
  const a = await t.makeUnit(root.id, '城关派出所', 'police_station');
  const b = await t.makeUnit(root.id, '城郊派出所', 'police_station');
  login.corrA = (await t.makePerson({ unitId: a.id, roles: [{ role: 'correspondent', unitId: a.id }] })).login;
  login.corrB = (await t.makePerson({ unitId: b.id, roles: [{ role: 'correspondent', unitId: b.id }] })).login;
  login.editor = (await t.makePerson({ unitId: office.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  login.victim = (await t.makePerson({ unitId: office.id, roles: [{ role: 'editor', unitId: root.id }] })).login;
  if (database.testKind === 'pg') {
    servers.push(await startProcess(database.url!), await startProcess(database.url!));
  } else {
    // A second app instance over the same embedded database, with its own index and caches.
    const client = (database.db as unknown as { $client: Parameters<typeof openDatabase>[0]['pglite'] }).$client;
    const second = await openDatabase({ pglite: client });
    servers.push(await startInProcess(database), await startInProcess({ ...second, close: async () => undefined }));
  }
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await t?.close();
});

type Res = { status: number; body: { success: boolean; data?: any; errorCode?: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of known shapes, asserted below

async function call(server: number, method: string, url: string, o: { cookie?: string; body?: unknown } = {}): Promise<Res & { setCookie: string | null }> {
  const res = await fetch(servers[server]!.url + url, {
    method,
    headers: {
      ...(method !== 'GET' ? { 'x-requested-with': 'xuanbao', 'content-type': 'application/json' } : {}),
      ...(o.cookie ? { cookie: o.cookie } : {}),
    },
    ...(method !== 'GET' ? { body: JSON.stringify(o.body ?? {}) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Res['body'], setCookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

async function signIn(server: number, who: string, password = TEST_PASSWORD) {
  return call(server, 'POST', '/api/auth/sign-in', { body: { login: who, password } });
}

const TEXT =
  '城关派出所联合社区开展反诈宣传进万家活动，民警走进辖区居民小区、商铺和学校，向群众讲解冒充客服退款、刷单返利、虚假投资理财等常见诈骗手法，现场发放宣传资料六百余份，受到群众欢迎。';

describe('two app servers on one database', () => {
  it('honour a session begun on one server on the other, and a sign-out on either ends it on both', async () => {
    const s = await signIn(0, login.editor!);
    expect(s.status).toBe(200);
    const cookie = s.setCookie!;
    expect((await call(1, 'GET', '/api/auth/me', { cookie })).body.data?.login).toBe(login.editor);
    expect((await call(1, 'POST', '/api/auth/sign-out', { cookie })).status).toBe(200);
    expect((await call(0, 'GET', '/api/auth/me', { cookie })).body.data).toBeNull();
    expect((await call(0, 'GET', '/api/review/queue', { cookie })).status).toBe(401);
  });

  it('count failed sign-ins across both servers: five wrong passwords, alternating, lock the account on both', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn(i % 2, login.victim!, 'Wrong-Passw0rd!')).status).toBe(401);
    expect((await signIn(0, login.victim!, 'Wrong-Passw0rd!')).status).toBe(401); // the fifth locks
    const [row] = await database.query<{ locked_until: unknown }>(sql`select locked_until from people where login = ${login.victim!}`);
    expect(row?.locked_until).not.toBeNull();
    // Locked: the right password is refused on both, answered like a wrong one (nothing tells it is locked).
    const right0 = await signIn(0, login.victim!);
    const right1 = await signIn(1, login.victim!);
    expect([right0.status, right1.status]).toEqual([401, 401]);
    expect(right1.body.errorCode).toBe('auth/invalid_credentials');
  });

  it('flag a near-duplicate submitted on one server of an item submitted on the other', async () => {
    // Each server has loaded its index before the first item exists.
    const b = (await signIn(1, login.corrB!)).setCookie!;
    const warm = await call(1, 'POST', '/api/submissions', { cookie: b, body: { kind: 'briefing_item', title: '预热', body: '城郊派出所组织开展夏季治安巡逻防控工作，全力维护辖区社会治安秩序稳定，确保群众安居乐业。' } });
    expect((await call(1, 'POST', `/api/submissions/${warm.body.data.id}/submit`, { cookie: b })).status).toBe(200);

    const a = (await signIn(0, login.corrA!)).setCookie!;
    const first = await call(0, 'POST', '/api/submissions', { cookie: a, body: { kind: 'briefing_item', title: '反诈宣传进万家', body: TEXT } });
    expect((await call(0, 'POST', `/api/submissions/${first.body.data.id}/submit`, { cookie: a })).status).toBe(200);

    await new Promise((r) => setTimeout(r, 500)); // the notice travels after commit
    const second = await call(1, 'POST', '/api/submissions', { cookie: b, body: { kind: 'briefing_item', title: '反诈宣传进万家', body: TEXT.replace('六百余份', '六百多份') } });
    const submitted = await call(1, 'POST', `/api/submissions/${second.body.data.id}/submit`, { cookie: b });
    expect(submitted.status).toBe(200);
    // One line; the other unit's item is named by its unit only, so the flag itself names it.
    expect(submitted.body.data.duplicates).toHaveLength(1);
    const flags = await t.db.select().from(duplicateFlags).where(eq(duplicateFlags.submissionId, second.body.data.id));
    expect(flags.map((f) => f.earlierId)).toEqual([first.body.data.id]);
  });

  it('count refusals of one source together: 100 anonymous refusals, alternating, are all on the record in a few rows', async () => {
    await closeRefusals(t.db, null); // earlier tests' counts, written now
    await chainAudit(t.db);
    const [mark] = await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    for (let i = 0; i < 100; i++) expect((await call(i % 2, 'GET', '/api/review/queue')).status).toBe(401);
    await closeRefusals(t.db, null);
    await chainAudit(t.db);
    await new Promise((r) => setTimeout(r, 300)); // rows a server appended are chained by it
    await chainAudit(t.db);
    const rows = (await t.db.select().from(auditLog).where(gt(auditLog.seq, mark!.seq!))).filter((r) => r.event.startsWith('access.denied') && r.actorId === null);
    // Per count (source and minute): its first refusal in full, and one row with the count if more came.
    const denied = rows.filter((r) => r.event === 'access.denied');
    const repeated = rows.filter((r) => r.event === 'access.denied_repeated');
    expect(denied.length + repeated.reduce((n, r) => n + Number(r.details.count) - 1, 0)).toBe(100);
    expect(rows.length).toBeLessThanOrEqual(6); // the run may cross a minute or two, never 100 rows
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });
});
