/**
 * The server side of bench/write-throughput.bench.ts, run as a child process so that its CPU time is
 * its own and the load generator does not share its event loop. Two modes (BENCH_MODE):
 *   app   the real Xuanbao app (buildApp) on a fresh database, with BENCH_CLIENTS correspondents
 *         signed in through the real sign-in route;
 *   bare  a bare Fastify + zod + one insert of a similar row, the baseline.
 * BENCH_DB=pg uses BENCH_PG_URL (an empty database), BENCH_DB=pglite an embedded PGlite in a temp
 * folder in its worker thread (the product's default), BENCH_DB=pglite-inprocess the same on the
 * server's event loop (the bare baseline always runs PGlite in-process). Listens on 127.0.0.1 only, reports over the IPC channel:
 * { ready, port, cookies } once, then { stats } on request (CPU time, requests, SQL statements).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { z } from 'zod';
import { systemClock } from '../server/clock';
import { loadConfig, testConfig } from '../server/config';
import { migrateDatabase, openDatabase, type Database } from '../server/db/client';
import { buildApp } from '../server/http/app';
import { registerRoutes } from '../server/routes';
import { insertPerson } from '../server/org/people';
import { createRootUnit } from '../server/org/units';
import { units } from '../server/org/tables';

const mode = process.env.BENCH_MODE as 'app' | 'bare';
const benchDb = process.env.BENCH_DB as 'pg' | 'pglite' | 'pglite-inprocess';
const dbKind = benchDb === 'pg' ? 'pg' : 'pglite';
const clients = Number(process.env.BENCH_CLIENTS ?? 20);
const PASSWORD = 'Bench-Passw0rd!';

// Every SQL statement the server sends (PostgreSQL: each Client.query, BEGIN/COMMIT included).
let statements = 0;
if (dbKind === 'pg') {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const orig = proto.query;
  const log = process.env.BENCH_LOG_SQL === '1';
  proto.query = function (this: unknown, ...a: unknown[]) {
    statements++;
    if (log) {
      const q = a[0] as string | { text?: string };
      process.stderr.write(`SQL ${(typeof q === 'string' ? q : (q?.text ?? '')).replace(/\s+/g, ' ').slice(0, 150)}\n`);
    }
    return orig.apply(this, a);
  };
}

let requests = 0;
function countRequests(app: FastifyInstance) {
  app.addHook('onResponse', async (req) => {
    if (req.url !== '/api/health') requests++;
  });
}

async function startApp(): Promise<{ app: FastifyInstance; cookies: string[]; close: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-bench-'));
  const database: Database = await openDatabase(dbKind === 'pg' ? { url: process.env.BENCH_PG_URL! } : { dataDir: path.join(dataDir, 'pglite'), inProcess: benchDb === 'pglite-inprocess' });
  await migrateDatabase(database);
  // The deployment's defaults where they matter for speed: audit rows are chained in batches every
  // XUANBAO_AUDIT_CHAIN_MS (tests chain before each response instead).
  const config = testConfig({ dataDir, auditChainMs: loadConfig({}).auditChainMs });
  const now = systemClock();
  const root = await createRootUnit(database.db, { name: '压测公安局', type: 'bureau', now });
  const logins: string[] = [];
  let stationId = '';
  for (let i = 0; i < clients; i++) {
    // One police station per five correspondents: several units, one organisation.
    if (i % 5 === 0) {
      stationId = randomUUID();
      await database.db.insert(units).values({ id: stationId, parentId: root.id, name: `压测派出所${i / 5 + 1}`, type: 'police_station', path: `${root.path}${stationId}/`, depth: 1, createdAt: now, updatedAt: now });
    }
    const station = { id: stationId };
    const login = `bench${i}`;
    await insertPerson(database.db, { login, name: `压测${i}`, unitId: station.id, roles: [{ role: 'correspondent', unitId: station.id }], password: PASSWORD, now, mustChangePassword: false });
    logins.push(login);
  }
  const app = await buildApp({ database, config, register: registerRoutes });
  countRequests(app);
  await app.ready();
  const cookies: string[] = [];
  for (const login of logins) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { 'x-requested-with': 'xuanbao' }, payload: { login, password: PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`sign-in ${login}: ${res.body}`);
    const set = res.headers['set-cookie'];
    cookies.push((Array.isArray(set) ? set[0]! : set!).split(';')[0]!);
  }
  return {
    app,
    cookies,
    close: async () => {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const ZBare = z.strictObject({
  kind: z.enum(['briefing_item', 'lead', 'material', 'article', 'original_work']),
  title: z.string().max(200).optional(),
  body: z.string().max(100_000).optional(),
  situationNote: z.string().max(5_000).optional(),
  tags: z.array(z.string().trim().min(1).max(30)).max(20).optional(),
});

const BARE_TABLE = `create table bare_items (
  id uuid primary key, serial text, unit_id uuid not null, kind text not null, created_by uuid not null,
  title text not null default '', body text not null default '', situation_note text not null default '',
  status text not null default 'draft', tags text[] not null default '{}', created_at timestamptz(3) not null, updated_at timestamptz(3) not null)`;
const BARE_INSERT = `insert into bare_items (id, unit_id, kind, created_by, title, body, situation_note, tags, created_at, updated_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`;

async function startBare(): Promise<{ app: FastifyInstance; cookies: string[]; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  countRequests(app);
  const unitId = randomUUID();
  const personId = randomUUID();
  let query: (text: string, params: unknown[]) => Promise<unknown>;
  let close: () => Promise<void>;
  if (dbKind === 'pg') {
    const pool = new pg.Pool({ connectionString: process.env.BENCH_PG_URL!, max: 10 });
    await pool.query(BARE_TABLE);
    query = (t, p) => pool.query(t, p);
    close = () => pool.end();
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-bench-bare-'));
    const db = await PGlite.create({ dataDir });
    await db.exec(BARE_TABLE);
    query = (t, p) => db.query(t, p);
    close = async () => {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  app.get('/api/health', async () => ({ status: 'ok' }));
  app.post('/api/submissions', async (req, reply) => {
    const parsed = ZBare.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ success: false });
    const b = parsed.data;
    const id = randomUUID();
    await query(BARE_INSERT, [id, unitId, b.kind, personId, b.title ?? '', b.body ?? '', b.situationNote ?? '', b.tags ?? [], new Date()]);
    return { success: true, data: { id } };
  });
  await app.ready();
  return {
    app,
    cookies: Array.from({ length: clients }, () => ''),
    close: async () => {
      await app.close();
      await close();
    },
  };
}

const server = mode === 'app' ? await startApp() : await startBare();
await server.app.listen({ host: '127.0.0.1', port: 0 });
const addr = server.app.server.address();
const port = typeof addr === 'object' && addr ? addr.port : 0;
process.send!({ type: 'ready', port, cookies: server.cookies });
process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage();
    process.send!({ type: 'stats', cpuMicros: cpu.user + cpu.system, requests, statements });
  } else if (m.type === 'stop') {
    void server.close().then(() => process.exit(0));
  }
});
