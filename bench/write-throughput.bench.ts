/**
 * Write throughput through the real HTTP API: creating a draft (POST /api/submissions) and submitting
 * it (POST /api/submissions/:id/submit) at 1, 5 and 20 concurrent clients, on PostgreSQL (a throwaway
 * cluster) and on the embedded PGlite, beside a bare Fastify + zod + one insert of a similar row on
 * the same database in the same run. Prints req/s, p50, p99, the ratio to the bare figure, SQL
 * statements and server CPU per request, and the health check's latency while the load runs; then
 * the correspondents' list (GET /api/submissions) under the same load. The embedded database runs
 * twice: in its worker thread (`pglite`, the product's default) and on the server's event loop
 * (`pglite-inprocess`, as before the worker), and a last table puts the health check beside each
 * other for the three at the highest client count.
 *
 *   npm run bench -- write
 *   BENCH_SECONDS=3 BENCH_MAX=4000 BENCH_DBS=pg,pglite,pglite-inprocess BENCH_CLIENTS=1,5,20 npm run bench -- write
 *
 * Each server runs in its own child process (bench/write-throughput.server.ts) on 127.0.0.1 only;
 * every cell is bounded by BENCH_SECONDS and BENCH_MAX requests.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { startPgCluster } from '../scripts/pg-cluster';
import { mulberry32 } from '../server/submissions/guards/duplicates/fixtures';

const HERE = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const MAX = Number(process.env.BENCH_MAX ?? 4000);
const LEVELS = (process.env.BENCH_CLIENTS ?? '1,5,20').split(',').map(Number);
type BenchDb = 'pg' | 'pglite' | 'pglite-inprocess';
const DBS = (process.env.BENCH_DBS ?? 'pg,pglite,pglite-inprocess').split(',') as BenchDb[];
const LABEL: Record<BenchDb, string> = { pg: 'PostgreSQL', pglite: 'PGlite worker', 'pglite-inprocess': 'PGlite in-process' };
const MAX_CLIENTS = Math.max(...LEVELS);
/** Which operations to time (BENCH_OPS=draft to profile draft creation alone). */
const OPS = new Set((process.env.BENCH_OPS ?? 'draft,submit').split(','));

type Stats = { cpuMicros: number; requests: number; statements: number };
type Server = { port: number; cookies: string[]; stats(): Promise<Stats>; stop(): Promise<void> };

function startServer(mode: 'app' | 'bare', db: BenchDb, pgUrl?: string): Promise<Server> {
  const child: ChildProcess = fork(join(HERE, 'write-throughput.server.ts'), [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE && mode === 'app' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    env: { ...process.env, BENCH_MODE: mode, BENCH_DB: db, BENCH_PG_URL: pgUrl ?? '', BENCH_CLIENTS: String(MAX_CLIENTS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((res, rej) => {
    child.once('exit', (code) => rej(new Error(`bench server (${mode}, ${db}) exited with ${code}`)));
    child.once('message', (m: { type: string; port: number; cookies: string[] }) => {
      child.removeAllListeners('exit');
      res({
        port: m.port,
        cookies: m.cookies,
        stats: () =>
          new Promise((r) => {
            child.once('message', (s: Stats) => r(s));
            child.send({ type: 'stats' });
          }),
        stop: () =>
          new Promise((r) => {
            child.once('exit', () => r());
            child.send({ type: 'stop' });
          }),
      });
    });
  });
}

/** One keep-alive connection per client, like a browser tab. */
function client(port: number, cookie: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (method: 'GET' | 'POST', path: string, body?: unknown) =>
    new Promise<{ status: number; json: { data?: { id?: string } } | null; ms: number }>((res, rej) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const t = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(method === 'POST' ? { 'x-requested-with': 'xuanbao', 'content-type': 'application/json' } : {}),
            ...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => {
            const ms = performance.now() - t;
            let json = null;
            try {
              json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              json = null;
            }
            res({ status: r.statusCode ?? 0, json, ms });
          });
        },
      );
      req.on('error', rej);
      req.end(payload);
    });
}

const rand = mulberry32(20261127);
const POOL = '民警派出所社区群众安全防范宣传工作开展活动治安巡逻服务便民窗口办理业务交通管理事故预防反诈骗知识讲座走访企业学校医院商场入户调查矛盾纠纷调解化解隐患排查整改消防检查值班备勤训练演练表彰先进典型事迹志愿者';
const text = (n: number) => Array.from({ length: n }, () => POOL[Math.floor(rand() * POOL.length)]).join('');
const draft = () => ({ kind: 'lead', title: text(16), body: text(160), situationNote: '可公开报道。', tags: ['压测'] });

type Cell = { done: number; errors: number; seconds: number; lat: number[]; health: number[]; stats: Stats };

/**
 * `clients` loops, each sending `next(i)` until the time or count bound (or `next` returns null),
 * plus a probe of /api/health every 50 ms while they run.
 */
async function runCell(server: Server, clients: number, next: (i: number) => { method: 'GET' | 'POST'; path: string; body?: unknown } | null, onOk?: (i: number, data: { id?: string } | undefined) => void): Promise<Cell> {
  const calls = Array.from({ length: clients }, (_, i) => client(server.port, server.cookies[i]!));
  const before = await server.stats();
  const lat: number[] = [];
  let done = 0;
  let errors = 0;
  let firstError = '';
  const t0 = performance.now();
  const deadline = t0 + SECONDS * 1000;
  let running = true;
  const health: number[] = [];
  const probe = (async () => {
    const h = client(server.port, '');
    while (running) {
      health.push((await h('GET', '/api/health')).ms);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await Promise.all(
    calls.map(async (call, i) => {
      while (performance.now() < deadline && done + errors < MAX) {
        const r = next(i);
        if (!r) return;
        const res = await call(r.method, r.path, r.body);
        if (res.status === 200) {
          done++;
          lat.push(res.ms);
          onOk?.(i, res.json?.data);
        } else {
          errors++;
          firstError ||= `${res.status} ${JSON.stringify(res.json)}`;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  await probe;
  const after = await server.stats();
  if (firstError) console.log(`    (${errors} errors, first: ${firstError.slice(0, 200)})`);
  return { done, errors, seconds, lat, health, stats: { cpuMicros: after.cpuMicros - before.cpuMicros, requests: after.requests - before.requests, statements: after.statements - before.statements } };
}

/** The health check with nothing else running: 40 probes, 50 ms apart. */
async function idleHealth(server: Server): Promise<number[]> {
  const h = client(server.port, '');
  const out: number[] = [];
  for (let i = 0; i < 40; i++) {
    out.push((await h('GET', '/api/health')).ms);
    await new Promise((r) => setTimeout(r, 50));
  }
  return out;
}

const pct = (a: number[], p: number) => (a.length ? [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]! : NaN);
const rate = (c: Cell) => c.done / c.seconds;

function line(label: string, clients: number, c: Cell, bare?: number) {
  const r = rate(c);
  const perReq = (v: number) => (c.stats.requests ? v / c.stats.requests : NaN);
  console.log(
    `  ${label.padEnd(14)} ${String(clients).padStart(2)} clients ${r.toFixed(0).padStart(6)} req/s  p50 ${pct(c.lat, 0.5).toFixed(1).padStart(6)} ms  p99 ${pct(c.lat, 0.99).toFixed(1).padStart(6)} ms` +
      `${bare ? `  ${((r / bare) * 100).toFixed(1).padStart(5)}% of bare` : '             '}` +
      `  ${perReq(c.stats.statements).toFixed(1).padStart(4)} stmt/req  cpu ${(perReq(c.stats.cpuMicros) / 1000).toFixed(2)} ms/req` +
      `  health p50 ${pct(c.health, 0.5).toFixed(1)} p99 ${pct(c.health, 0.99).toFixed(1)} ms (n=${c.done}${c.errors ? `, ${c.errors} errors` : ''})`,
  );
}

/** Health-check latency at the highest client count, per database and operation, for the closing table. */
const healthAtMax = new Map<BenchDb, Map<string, number[]>>();
function keepHealth(db: BenchDb, op: string, clients: number, c: Cell) {
  if (clients !== MAX_CLIENTS) return;
  if (!healthAtMax.has(db)) healthAtMax.set(db, new Map());
  healthAtMax.get(db)!.set(op, c.health);
}
/** The idle health check (nothing else running), per database. */
const healthIdle = new Map<BenchDb, number[]>();

/** Bare rates per engine: both embedded variants compare against the same bare PGlite figure. */
const bareRates = new Map<'pg' | 'pglite', Map<number, number>>();

async function benchOne(db: BenchDb, newPgDb: (name: string) => Promise<string | undefined>) {
  console.log(`-- ${db === 'pg' ? 'PostgreSQL (throwaway cluster)' : db === 'pglite' ? 'PGlite (embedded, on disk, in its worker thread: the default)' : 'PGlite (embedded, on disk, on the server event loop)'}`);
  const engine = db === 'pg' ? 'pg' : 'pglite';
  let bareRate = bareRates.get(engine);
  if (!bareRate) {
    bareRate = new Map<number, number>();
    bareRates.set(engine, bareRate);
    const bare = await startServer('bare', engine, await newPgDb('bench_bare'));
    try {
      await runCell(bare, Math.min(5, MAX_CLIENTS), () => ({ method: 'POST', path: '/api/submissions', body: draft() })); // warm-up
      for (const n of LEVELS) {
        const c = await runCell(bare, n, () => ({ method: 'POST', path: '/api/submissions', body: draft() }));
        bareRate.set(n, rate(c));
        line('bare insert', n, c);
      }
    } finally {
      await bare.stop();
    }
  } else {
    console.log('  (bare insert: as measured above for the same engine)');
  }
  const app = await startServer('app', db, await newPgDb('bench_app'));
  try {
    const drafts: string[][] = Array.from({ length: MAX_CLIENTS }, () => []);
    const keep = (i: number, d: { id?: string } | undefined) => d?.id && drafts[i]!.push(d.id);
    const submitNext = (i: number) => {
      const id = drafts[i]!.pop();
      return id ? { method: 'POST' as const, path: `/api/submissions/${id}/submit`, body: {} } : null;
    };
    // Warm-up: a few drafts created and submitted by every client (JIT, the near-duplicate index).
    await runCell(app, MAX_CLIENTS, (i) => (drafts[i]!.length < 10 ? { method: 'POST', path: '/api/submissions', body: draft() } : null), keep);
    await runCell(app, MAX_CLIENTS, submitNext);
    healthIdle.set(db, await idleHealth(app));
    for (const n of LEVELS) {
      const c = await runCell(app, n, () => ({ method: 'POST', path: '/api/submissions', body: draft() }), keep);
      line('create draft', n, c, bareRate.get(n));
      keepHealth(db, 'create draft', n, c);
      if (!OPS.has('submit')) continue;
      const s = await runCell(app, n, submitNext);
      line('submit', n, s, bareRate.get(n));
      keepHealth(db, 'submit', n, s);
    }
    // Reading: each correspondent loads the first page of their unit's list, again and again.
    for (const n of LEVELS) {
      const l = await runCell(app, n, () => ({ method: 'GET', path: '/api/submissions?scope=unit&pageSize=50' }));
      line('list', n, l);
      keepHealth(db, 'list', n, l);
    }
  } finally {
    await app.stop();
  }
}

export async function runWriteThroughputBench(): Promise<void> {
  console.log(`== write throughput: ${LEVELS.join('/')} clients, ≤ ${SECONDS} s and ≤ ${MAX} requests per cell; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`);
  console.log('   (ratio = req/s against the bare Fastify + zod + insert on the same database at the same concurrency; stmt/req counted on PostgreSQL only)');
  for (const db of DBS) {
    if (db === 'pg') {
      const cluster = await startPgCluster();
      try {
        await benchOne('pg', async (name) => {
          const admin = new pg.Client({ connectionString: cluster.url });
          await admin.connect();
          await admin.query(`create database ${name}`);
          await admin.end();
          return cluster.url.replace(/\/postgres$/, `/${name}`);
        });
      } finally {
        await cluster.stop();
      }
    } else {
      await benchOne(db, async () => undefined);
    }
  }
  const ms = (a: number[] | undefined) => (a?.length ? `${pct(a, 0.5).toFixed(1).padStart(7)} / ${pct(a, 0.99).toFixed(1).padStart(7)}` : '      – /       –');
  const ops = ['idle', 'create draft', 'submit', 'list'];
  console.log(`-- health check (GET /api/health) p50 / p99 ms, idle and under ${MAX_CLIENTS} clients`);
  console.log(`  ${''.padEnd(18)}${ops.map((o) => o.padStart(18)).join('')}`);
  for (const db of DBS) {
    const cells = [healthIdle.get(db), ...ops.slice(1).map((o) => healthAtMax.get(db)?.get(o))];
    console.log(`  ${LABEL[db].padEnd(18)}${cells.map((c) => ms(c).padStart(18)).join('')}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runWriteThroughputBench();
}
