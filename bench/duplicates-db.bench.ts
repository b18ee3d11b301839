/**
 * The duplicate look-up as the product runs it: 1,000,000 submitted versions in PostgreSQL, the
 * in-memory banded index loaded from them exactly as the server does (loadDuplicateIndex), and
 * look-ups through it, next to a brute-force scan inside PostgreSQL over the same rows.
 * (A probe of the band keys through a GIN index on int[] measured ~4 s per look-up at 200,000 rows,
 * which is why the product keeps the index in memory.)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { startPgCluster } from '../scripts/pg-cluster';
import { migrateDatabase, openDatabase } from '../server/db/client';
import { hammingDistance, NEAR_DUPLICATE_MAX_DISTANCE } from '../server/submissions/guards/duplicates';
import { loadDuplicateIndex } from '../server/submissions/duplicates';

const randomFp = () => randomBytes(8).readBigInt64BE();
function flip(fp: bigint, bits: number): bigint {
  let v = BigInt.asUintN(64, fp);
  const used = new Set<number>();
  while (used.size < bits) used.add(Math.floor(Math.random() * 64));
  for (const b of used) v ^= 1n << BigInt(b);
  return BigInt.asIntN(64, v);
}
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

export async function runDuplicatesDbBench(): Promise<void> {
  const n = Number(process.env.DUP_DB_ITEMS ?? 1_000_000);
  const queries = Number(process.env.DUP_DB_QUERIES ?? 500);
  const bruteRuns = Math.min(queries, Number(process.env.DUP_DB_BRUTE ?? 10));
  console.log(`== duplicates (database): ${n.toLocaleString()} submitted versions in PostgreSQL, ${queries} look-ups`);
  const cluster = await startPgCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('create database bench');
  await admin.end();
  const url = cluster.url.replace(/\/postgres$/, '/bench');
  const database = await openDatabase({ url });
  try {
    await migrateDatabase(database);
    const unitId = randomUUID();
    const personId = randomUUID();
    await database.query(sql`insert into units (id, name, type, path, depth) values (${unitId}, 'bench', 'office', ${`/${unitId}/`}, 0)`);
    await database.query(sql`insert into people (id, login, name, unit_id, password_hash) values (${personId}, 'bench', 'bench', ${unitId}, 'x')`);
    const planted: { q: bigint; id: string }[] = [];
    const every = Math.max(1, Math.floor(n / queries));
    const t0 = performance.now();
    const batch = 50_000;
    for (let start = 0; start < n; start += batch) {
      const ids: string[] = [];
      const fps: string[] = [];
      for (let i = start; i < Math.min(n, start + batch); i++) {
        const id = randomUUID();
        let fp = randomFp();
        if (i % every === 0 && planted.length < queries) {
          const q = randomFp();
          fp = flip(q, 1 + (planted.length % NEAR_DUPLICATE_MAX_DISTANCE));
          planted.push({ q, id });
        }
        ids.push(id);
        fps.push(fp.toString());
      }
      // Bulk load through unnest arrays: two statements per batch.
      const idArr = sql.raw(`'{${ids.join(',')}}'::uuid[]`);
      await database.query(sql`insert into submissions (id, serial, unit_id, kind, created_by, status, submitted_at)
        select id, 'B-' || id::text, ${unitId}, 'article', ${personId}, 'in_review', now() from unnest(${idArr}) as t(id)`);
      await database.query(sql`insert into submission_versions (submission_id, version, saved_at, submitted_at, fingerprint)
        select id, 1, now(), now(), fp from unnest(${idArr}, ${sql.raw(`'{${fps.join(',')}}'::bigint[]`)}) as t(id, fp)`);
    }
    console.log(`  load ${((performance.now() - t0) / 1000).toFixed(1)} s (unnest batches of ${batch})`);

    const heapBefore = process.memoryUsage();
    const t1 = performance.now();
    const index = await loadDuplicateIndex(database.db);
    const loadMs = performance.now() - t1;
    const heapAfter = process.memoryUsage();
    console.log(`  index built from the database (as the server does on first use): ${(loadMs / 1000).toFixed(1)} s, ${index.size.toLocaleString()} items, rss +${mb(heapAfter.rss - heapBefore.rss)}`);

    const times: number[] = [];
    let found = 0;
    for (const { q, id } of planted) {
      const t = performance.now();
      const hits = index.find(q, NEAR_DUPLICATE_MAX_DISTANCE);
      times.push(performance.now() - t);
      if (hits.some((h) => h.id === id)) found++;
    }
    const brute: number[] = [];
    let agree = 0;
    for (const { q } of planted.slice(0, bruteRuns)) {
      const t = performance.now();
      const rows = await database.query<{ id: string; fingerprint: string }>(sql`
        select submission_id as id, fingerprint::text from submission_versions
        where bit_count((fingerprint # ${q.toString()}::bigint)::bit(64)) <= ${NEAR_DUPLICATE_MAX_DISTANCE}`);
      brute.push(performance.now() - t);
      const viaIndex = index.find(q, NEAR_DUPLICATE_MAX_DISTANCE).map((h) => h.id).sort();
      const viaScan = rows.filter((r) => hammingDistance(q, BigInt(r.fingerprint)) <= NEAR_DUPLICATE_MAX_DISTANCE).map((r) => r.id).sort();
      if (JSON.stringify(viaIndex) === JSON.stringify(viaScan)) agree++;
    }
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    const p95 = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length * 0.95)]!;
    console.log(`  index look-up:       median ${med(times).toFixed(3)} ms, p95 ${p95(times).toFixed(3)} ms (target < 5 ms)`);
    console.log(`  SQL brute-force scan (bit_count, PostgreSQL 14+): median ${med(brute).toFixed(0)} ms over ${brute.length} runs`);
    console.log(`  ratio ×${(med(brute) / med(times)).toFixed(0)}; planted near-duplicates found ${found}/${planted.length}; index = scan on ${agree}/${brute.length}`);
  } finally {
    await database.close();
    await cluster.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runDuplicatesDbBench();
}
