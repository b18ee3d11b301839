/**
 * Lists at volume: 100,000 submissions (three organisations, every status, one correspondent owning
 * 30,000 items of their unit), then the list and queue requests timed through the real HTTP app with
 * signed-in callers, at 1 and 20 concurrent clients, on a throwaway PostgreSQL and on PGlite.
 * Baselines in the same run: a hand-written `select … order by id limit 20` (primary key) straight on
 * the database, no HTTP; and a signed-in GET /api/auth/me through the same app (session, no list):
 * together the floor any list request sits on.
 *
 *   npm run bench -- lists                 both databases
 *   LISTS_DB=pg npm run bench -- lists     one (pg | pglite); LISTS_ITEMS, LISTS_REQUESTS to size it
 *   LISTS_EXPLAIN=/tmp/plans.log           PostgreSQL's plans (auto_explain) of statements over 5 ms
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { startPgCluster } from '../scripts/pg-cluster';
import { migrateDatabase, openDatabase, type Database } from '../server/db/client';
import { REVIEW_STATUSES } from '../server/submissions/stages';
import { SUBMISSION_KINDS } from '../server/submissions/kinds';
import { createTestApp } from '../server/test/app';

const WORDS = ['城关派出所', '开展', '防范电信诈骗', '进社区', '宣传活动', '交警大队', '夏季治安', '专项行动', '成效显著', '民警', '救助', '走失老人', '禁毒', '知识讲座', '校园', '安全', '消防', '演练', '反诈', '巡逻'];
const HELD: Record<string, string[]> = { unit_approval: ['unit_approver'], in_review: ['editor'], sensitive_approval: ['leader'] };
const pick = <T>(a: readonly T[]) => a[Math.floor(Math.random() * a.length)]!;
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]!;
const arr = (xs: string[], type: string) => sql.raw(`'{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}'::${type}[]`);

async function runOn(label: string, database: Database, n: number, requests: number) {
  const t = await createTestApp({ database });
  try {
    // Three organisations; org A has an office (editor, leader) and four stations.
    const orgs = [];
    for (let o = 0; o < 3; o++) {
      const root = await t.makeRoot(`基准公安局${o}`);
      const office = await t.makeUnit(root.id, '政治工作办公室', 'office');
      const stations = [];
      for (let s = 0; s < 4; s++) stations.push(await t.makeUnit(root.id, `派出所${o}-${s}`));
      const corrs = [];
      for (const st of stations) for (let c = 0; c < 3; c++) corrs.push({ unit: st, ...(await t.makePerson({ unitId: st.id, roles: [{ role: 'correspondent', unitId: st.id }] })) });
      orgs.push({ root, office, stations, corrs });
    }
    const A = orgs[0]!;
    const heavy = A.corrs[0]!; // the correspondent owning ~30,000 items of their unit
    const editor = await t.makePerson({ unitId: A.office.id, roles: [{ role: 'editor', unitId: A.root.id }] });

    const t0 = performance.now();
    const batch = 20_000;
    const base = Date.UTC(2024, 0, 1);
    for (let start = 0; start < n; start += batch) {
      const cols = { id: [] as string[], serial: [] as string[], unit: [] as string[], kind: [] as string[], by: [] as string[], title: [] as string[], status: [] as string[], roles: [] as string[], held: [] as string[], upd: [] as string[] };
      for (let i = start; i < Math.min(n, start + batch); i++) {
        const owner = i % 10 < 3 ? heavy : i % 10 < 6 ? pick(A.corrs) : pick(pick(orgs.slice(1)).corrs);
        const status = pick(REVIEW_STATUSES);
        const at = new Date(base + Math.floor(Math.random() * 700 * 86_400_000)).toISOString();
        cols.id.push(randomUUID());
        cols.serial.push(`B-${String(i).padStart(7, '0')}`);
        cols.unit.push(owner.unit.id);
        cols.kind.push(pick(SUBMISSION_KINDS));
        cols.by.push(owner.id);
        // A rare word in 1 of 2,000 titles, for the search that has to look far.
        cols.title.push(`${pick(WORDS)}${pick(WORDS)}${pick(WORDS)}${i % 2000 === 7 ? '防汛抗旱' : ''} ${i}`);
        cols.status.push(status);
        cols.roles.push(`{${(HELD[status] ?? []).join(',')}}`);
        cols.held.push(at);
        cols.upd.push(at);
      }
      await database.query(sql`insert into submissions (id, serial, unit_id, kind, created_by, title, status, held_roles, held_since, submitted_at, created_at, updated_at)
        select id, serial, unit_id, kind, created_by, title, status, roles::text[], case when roles = '{}' then null else upd end, case when status = 'draft' then null else upd end, upd, upd
        from unnest(${arr(cols.id, 'uuid')}, ${arr(cols.serial, 'text')}, ${arr(cols.unit, 'uuid')}, ${arr(cols.kind, 'text')}, ${arr(cols.by, 'uuid')},
                    ${arr(cols.title, 'text')}, ${arr(cols.status, 'text')}, ${arr(cols.roles, 'text')}, ${arr(cols.upd, 'timestamptz')})
          as t(id, serial, unit_id, kind, created_by, title, status, roles, upd)`);
    }
    await database.query(sql`analyze`);
    const [{ mine } = { mine: 0 }] = await database.query<{ mine: number }>(sql`select count(*)::int as mine from submissions where created_by = ${heavy.id}`);
    console.log(`  [${label}] loaded ${n.toLocaleString()} submissions in ${((performance.now() - t0) / 1000).toFixed(1)} s; the correspondent owns ${mine.toLocaleString()}`);

    const corr = await t.as(heavy.login);
    const ed = await t.as(editor.login);
    const cases: [string, () => Promise<unknown>][] = [
      ['baseline: SQL pk limit 20 (no HTTP)', () => database.query(sql`select id, title, status, updated_at from submissions where id > ${randomUUID()} order by id limit 20`)],
      ['baseline: GET /api/auth/me (signed in)', () => expectOk(ed.get('/api/auth/me'))],
      ['correspondent: mine, page 1', () => expectOk(corr.get('/api/submissions?scope=mine&page=1&pageSize=20'))],
      ['editor: all, page 1', () => expectOk(ed.get('/api/submissions?scope=all&page=1&pageSize=20'))],
      ['editor: all, page 500', () => expectOk(ed.get('/api/submissions?scope=all&page=500&pageSize=20'))],
      ['editor: status=in_review', () => expectOk(ed.get('/api/submissions?scope=all&status=in_review&page=1&pageSize=20'))],
      ['editor: q=反诈 (common)', () => expectOk(ed.get(`/api/submissions?scope=all&q=${encodeURIComponent('反诈')}&page=1&pageSize=20`))],
      ['editor: q=防汛抗旱 (rare)', () => expectOk(ed.get(`/api/submissions?scope=all&q=${encodeURIComponent('防汛抗旱')}&page=1&pageSize=20`))],
      ['editor: review queue, page 1', () => expectOk(ed.get('/api/review/queue?page=1&pageSize=20'))],
    ];
    console.log(`  [${label}] ${'request'.padEnd(38)} ${'1 client p50/p95 ms'.padStart(20)} ${'20 clients p50/p95 ms'.padStart(22)}`);
    for (const [name, run] of cases) {
      await run(); // warm-up
      const cells = [];
      for (const clients of [1, 20]) {
        const times: number[] = [];
        let left = requests;
        await Promise.all(
          Array.from({ length: clients }, async () => {
            while (left-- > 0) {
              const s = performance.now();
              await run();
              times.push(performance.now() - s);
            }
          }),
        );
        cells.push(`${pct(times, 0.5).toFixed(1)} / ${pct(times, 0.95).toFixed(1)}`);
      }
      console.log(`  [${label}] ${name.padEnd(38)} ${cells[0]!.padStart(20)} ${cells[1]!.padStart(22)}`);
    }
  } finally {
    await t.close();
  }
}

async function expectOk(p: Promise<{ status: number; json: unknown }>) {
  const r = await p;
  if (r.status !== 200) throw new Error(`request failed: ${r.status} ${JSON.stringify(r.json)}`);
  return r;
}

export async function runListsBench(): Promise<void> {
  const n = Number(process.env.LISTS_ITEMS ?? 100_000);
  const requests = Number(process.env.LISTS_REQUESTS ?? 100);
  const which = process.env.LISTS_DB ?? 'both';
  const explain = process.env.LISTS_EXPLAIN; // a file: PostgreSQL's plans of the slow statements go there
  console.log(`== lists: ${n.toLocaleString()} submissions, ${requests} requests per row and concurrency`);
  if (which !== 'pglite') {
    const cluster = await startPgCluster();
    try {
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('create database bench');
      if (explain) {
        // Plans of every statement slower than 5 ms, with timings, into the cluster's log (copied out below).
        await admin.query(`alter database bench set session_preload_libraries = 'auto_explain'`);
        await admin.query(`alter database bench set auto_explain.log_min_duration = 5`);
        await admin.query(`alter database bench set auto_explain.log_analyze = on`);
      }
      await admin.end();
      const database = await openDatabase({ url: cluster.url.replace(/\/postgres$/, '/bench') });
      await migrateDatabase(database);
      await runOn('pg', database, n, requests);
    } finally {
      if (explain) copyFileSync(join(cluster.dir, 'server.log'), explain);
      await cluster.stop();
    }
  }
  if (which !== 'pg') {
    const database = await openDatabase({});
    await migrateDatabase(database);
    await runOn('pglite', database, n, requests);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runListsBench();
}
