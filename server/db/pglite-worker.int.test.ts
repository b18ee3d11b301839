import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { messages } from '@electric-sql/pglite';
import { asc, eq, sql } from 'drizzle-orm';
import { bigint, boolean, customType, date, integer, interval, json, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './client';
import { isUniqueViolation } from './errors';
import type { PgliteWorkerClient } from './pglite-client';

/**
 * The embedded database through its worker thread (the product's default): the same results, errors,
 * transactions and notifications as PGlite on the event loop, without holding the event loop up.
 * Runs on its own in-memory databases (the worker and, to compare, PGlite in-process), so it does
 * the same in both integration phases.
 */

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const kinds = pgTable('wk_kinds', {
  id: integer('id').primaryKey(),
  at: timestamp('at', { withTimezone: true, precision: 3 }),
  atText: timestamp('at_text', { withTimezone: true, mode: 'string' }),
  local: timestamp('local'),
  day: date('day'),
  dayDate: date('day_date', { mode: 'date' }),
  span: interval('span'),
  doc: jsonb('doc'),
  plain: json('plain'),
  big: bigint('big', { mode: 'bigint' }),
  big53: bigint('big53', { mode: 'number' }),
  money: numeric('money'),
  bytes: bytea('bytes'),
  tags: text('tags').array(),
  flag: boolean('flag'),
  ref: uuid('ref'),
});
const CREATE = sql`create table wk_kinds (id int primary key, at timestamptz(3), at_text timestamptz, local timestamp, day date, day_date date,
  span interval, doc jsonb, plain json, big bigint, big53 bigint, money numeric, bytes bytea, tags text[], flag boolean, ref uuid)`;
const things = pgTable('wk_things', { id: integer('id').primaryKey(), name: text('name').notNull().unique() });
const CREATE_THINGS = sql`create table wk_things (id int primary key, name text not null unique)`;

let worker: Database;
let inProcess: Database;
const fatal: Error[] = [];
/** The error under drizzle's "Failed query" wrapper. */
const underlying = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  return (e as { cause?: unknown } | null)?.cause ?? e;
};
const client = (d: Database) => (d.db as unknown as { $client: PgliteWorkerClient }).$client;

beforeAll(async () => {
  [worker, inProcess] = await Promise.all([openDatabase({ onFatal: (e) => fatal.push(e) }), openDatabase({ inProcess: true })]);
  for (const d of [worker, inProcess]) {
    await d.query(CREATE);
    await d.query(CREATE_THINGS);
  }
}, 180_000);
afterAll(async () => {
  await worker?.close();
  await inProcess?.close();
});

const ROW = {
  id: 1,
  at: new Date('2026-03-01T08:09:10.123Z'),
  atText: '2026-03-01 08:09:10.123456+00',
  local: new Date('2026-03-01T08:09:10.000Z'),
  day: '2026-02-28',
  dayDate: new Date('2026-02-28T00:00:00.000Z'),
  span: '1 day 02:03:04',
  doc: { 标题: '宣传', n: [1, 2.5, null], nested: { ok: true } },
  plain: ['a', { b: 1 }],
  big: 9_007_199_254_740_993n,
  big53: 9_007_199_254_740_991,
  money: '12345678901234567890.123456789',
  bytes: new Uint8Array([0, 1, 2, 250, 255]),
  tags: ['甲', 'b,c', '"quoted"', ''],
  flag: true,
  ref: '0195b0d4-8c3e-7000-8000-000000000001',
};

describe('results through the worker are those of PGlite in-process', () => {
  it('drizzle inserts and selects every column type alike', async () => {
    const read = async (d: Database) => {
      await d.db.insert(kinds).values([ROW, { id: 2 }]);
      return d.db.select().from(kinds).orderBy(asc(kinds.id));
    };
    const [w, p] = [await read(worker), await read(inProcess)];
    expect(w).toStrictEqual(p);
    expect(w[0]).toStrictEqual({ ...ROW, bytes: expect.any(Uint8Array) });
    expect([...(w[0]!.bytes as Uint8Array)]).toEqual([0, 1, 2, 250, 255]);
    expect(w[1]).toMatchObject({ id: 2, at: null, doc: null, big: null, bytes: null, tags: null });
  });

  it('raw SQL (database.query, drizzle execute) returns the same values and types', async () => {
    const q = sql`select now() - now() as zero, timestamptz '2026-03-01 08:09:10.5+08' as at, date '2026-02-28' as day,
      array[timestamptz '2026-03-01 00:00:00+00'] as ats, array[1.5, 2]::numeric[] as nums, 12345678901234::bigint as big,
      '{"a": [1, "二"]}'::jsonb as doc, '\\x00ff'::bytea as bytes, array['x', null] as arr, null::int as none,
      ${new Date('2026-01-02T03:04:05.678Z')}::timestamptz as param_at, ${'参数'}::text as param_text, ${12}::int + 1 as param_int`;
    const [w, p] = [await worker.query(q), await inProcess.query(q)];
    expect(w).toStrictEqual(p);
    expect(w[0]).toMatchObject({ at: '2026-03-01 00:09:10.5+00', big: 12345678901234, doc: { a: [1, '二'] }, arr: ['x', null], none: null, param_text: '参数', param_int: 13 });
  });
});

describe('transactions are pinned in the worker', () => {
  it('a statement from outside waits until the transaction ends, and does not see its rolled-back work', async () => {
    let outside: Promise<unknown> | null = null;
    let outsideDone = false;
    await expect(
      worker.db.transaction(async (tx) => {
        await tx.insert(things).values({ id: 1, name: 'rolled back' });
        outside = worker.db.select().from(things);
        void outside.then(() => (outsideDone = true));
        await sleep(150); // the worker is idle now; the outside statement must still wait
        expect(outsideDone).toBe(false);
        expect(await tx.select().from(things)).toHaveLength(1);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await outside).toEqual([]);
  });

  it('commits when the callback returns; the outside statement then sees the row', async () => {
    let outside: Promise<unknown> | null = null;
    await worker.db.transaction(async (tx) => {
      await tx.insert(things).values({ id: 1, name: 'kept' });
      outside = worker.db.select().from(things);
      await sleep(50);
    });
    expect(await outside).toEqual([{ id: 1, name: 'kept' }]);
  });

  it('a database error inside rolls the whole transaction back and keeps its PostgreSQL code and fields', async () => {
    const err = await worker.db
      .transaction(async (tx) => {
        await tx.insert(things).values({ id: 2, name: 'first' });
        await tx.insert(things).values({ id: 3, name: 'kept' }); // unique name
      })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    const cause = (err as { cause?: unknown }).cause;
    expect(cause).toBeInstanceOf(messages.DatabaseError);
    expect(cause).toMatchObject({ code: '23505', constraint: 'wk_things_name_key', table: 'wk_things', severity: 'ERROR' });
    expect((cause as Error).message).toMatch(/duplicate key value violates unique constraint/);
    expect(await worker.db.select().from(things).orderBy(asc(things.id))).toEqual([{ id: 1, name: 'kept' }]);
    // e.g. a serialization failure raised inside PL/pgSQL keeps its code too (server/db/errors.ts maps codes)
    const serial = await worker.query(sql`do $$ begin raise exception 'conflict' using errcode = '40001'; end $$`).catch((e: unknown) => e);
    expect((serial as { cause?: { code?: string } }).cause?.code).toBe('40001');
  });

  it('a savepoint (nested transaction) rolls back alone; the outer one commits', async () => {
    await worker.db.transaction(async (tx) => {
      await tx.insert(things).values({ id: 10, name: 'outer' });
      await expect(
        tx.transaction(async (inner) => {
          await inner.insert(things).values({ id: 11, name: 'inner' });
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
    });
    expect((await worker.db.select().from(things).orderBy(asc(things.id))).map((r) => r.name)).toEqual(['kept', 'outer']);
    await worker.db.delete(things).where(eq(things.id, 10));
  });

  it('many transactions and single statements at once: no lost update, every answer to its own question', async () => {
    await worker.query(sql`create table wk_counter (n int not null)`);
    await worker.query(sql`insert into wk_counter values (0)`);
    const bumps = Array.from({ length: 20 }, () =>
      worker.db.transaction(async (tx) => {
        const [r] = await tx.execute<{ n: number }>(sql`select n from wk_counter`).then((x) => (x as unknown as { rows: { n: number }[] }).rows);
        await sleep(1);
        await tx.execute(sql`update wk_counter set n = ${r!.n + 1}`);
      }),
    );
    const echoes = Array.from({ length: 100 }, (_, i) => worker.query<{ v: number }>(sql`select ${i}::int as v`));
    await Promise.all(bumps);
    expect((await Promise.all(echoes)).map((r) => r[0]!.v)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(await worker.query(sql`select n from wk_counter`)).toEqual([{ n: 20 }]);
  });

  it('a transaction handle used after its end is refused', async () => {
    let leaked: Parameters<Parameters<Database['db']['transaction']>[0]>[0] | null = null;
    await worker.db.transaction(async (tx) => {
      leaked = tx;
    });
    expect(await underlying(leaked!.select().from(things))).toMatchObject({ message: 'Transaction is closed' });
  });
});

describe('notifications through the worker', () => {
  it('arrive after commit, not at all after a rollback, to every listener until it unsubscribes', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const stopA = await worker.listen('wk_channel', (p) => a.push(p));
    const stopB = await worker.listen('wk_channel', (p) => b.push(p));
    await worker.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('wk_channel', 'committed')`);
      await sleep(50);
      expect(a).toEqual([]); // not before the commit
    });
    await worker.db
      .transaction(async (tx) => {
        await tx.execute(sql`select pg_notify('wk_channel', 'rolled back')`);
        throw new Error('no');
      })
      .catch(() => undefined);
    await worker.query(sql`select pg_notify('wk_channel', '第二条')`);
    await expect.poll(() => a).toEqual(['committed', '第二条']);
    await stopA();
    await worker.query(sql`select pg_notify('wk_channel', 'third')`);
    await expect.poll(() => b).toEqual(['committed', '第二条', 'third']);
    expect(a).toEqual(['committed', '第二条']);
    await stopB();
  });
});

describe('the health probe (ping)', () => {
  it('goes ahead of the statements waiting in the worker, but not into an open transaction', async () => {
    const finished: number[] = [];
    const slow = Array.from({ length: 8 }, (_, i) => worker.query(sql`select count(*) from generate_series(1, 300000)`).then(() => finished.push(i)));
    await sleep(5);
    await worker.ping();
    const doneAtPing = finished.length;
    await Promise.all(slow);
    expect(doneAtPing).toBeLessThanOrEqual(2); // at most the one running (and one started meanwhile), not all eight
    expect(finished).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // the others keep their order

    let pinged = false;
    await worker.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      void worker.ping().then(() => (pinged = true));
      await sleep(100);
      expect(pinged).toBe(false);
    });
    await expect.poll(() => pinged).toBe(true);
  });
});

describe("the server's event loop", () => {
  /** The longest pause between 5 ms timer ticks while `work` runs, and how long it ran. */
  async function longestPause(work: () => Promise<unknown>) {
    let last = performance.now();
    let longest = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    const t0 = performance.now();
    await work();
    const took = performance.now() - t0;
    clearInterval(tick);
    longest = Math.max(longest, performance.now() - last);
    return { longest, took };
  }
  const heavy = sql`select count(*) from generate_series(1, 2000000) g where g % 7 = 3`;

  it('keeps running while the worker executes a long query (in-process PGlite stops it for the whole query)', async () => {
    const p = await longestPause(() => inProcess.query(heavy));
    const w = await longestPause(() => worker.query(heavy));
    expect(p.longest).toBeGreaterThan(p.took * 0.8); // the baseline: blocked throughout
    expect(w.took).toBeGreaterThan(100);
    expect(w.longest).toBeLessThan(w.took * 0.5);
  });
});

describe('when the worker ends', () => {
  it('a crash fails the pending and every later call with a clear error and reports it once', async () => {
    const pending = worker.query(sql`select count(*) from generate_series(1, 5000000)`);
    await sleep(20);
    await client(worker).crashForTest();
    const stopped = /^the embedded database \(PGlite worker thread\) stopped: /;
    expect(await underlying(pending)).toMatchObject({ message: expect.stringMatching(stopped) });
    expect(await underlying(worker.query(sql`select 1`))).toMatchObject({ message: expect.stringMatching(stopped) });
    expect(fatal).toHaveLength(1);
    await worker.close(); // nothing left to close; does not hang
  });

  it('by default the process stops with a non-zero code instead of serving errors or hanging', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const script = `
      const { openDatabase } = await import(${JSON.stringify(path.join(root, 'server/db/client.ts'))});
      const d = await openDatabase({});
      setInterval(() => {}, 1000); // a server would keep the process alive
      await d.db.$client.crashForTest();`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull(); // null: killed by the timeout, i.e. it hung
    expect(r.stderr).toMatch(/embedded database \(PGlite worker thread\) stopped/);
  }, 150_000);

  it('close ends the thread after PGlite closes; later calls are refused', async () => {
    const d = await openDatabase({});
    await d.query(sql`select 1`);
    await d.close();
    await d.close(); // twice is harmless
    expect(await underlying(d.query(sql`select 1`))).toMatchObject({ message: 'the embedded database is closed' });
  }, 120_000);
});
