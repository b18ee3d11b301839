import { randomBytes } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../db/client';
import { createTestApp, type TestApp } from '../test/app';
import { chainAudit, purgeAudit, recordRefusal, verifyAudit, writeAudit, writeCheckpoint } from './audit';
import { auditAnchor, auditLog } from './tables';

/**
 * Who can change the log. The application's database role, restricted as the README says
 * (`select xuanbao_grant_app_role('<role>')`), can read and append, chain and purge through the two
 * owner functions, and nothing else: no UPDATE, DELETE or TRUNCATE, whatever it sets. On PostgreSQL
 * the role signs in as itself; on PGlite (one process, superuser) the session takes the role with
 * SET ROLE — the same privilege checks, but it could RESET ROLE: see README for what holds there.
 * The owner's own session is tested for what it is: the owner can open the log, and verify finds it.
 */
const DAY = 86_400_000;
let t: TestApp;
let restricted: Database;
let role: string;
let resetRole: () => Promise<void> = async () => undefined;
let pgUrl: string | undefined;

/** The database's error for a statement (drizzle wraps it), or null when the statement went through. */
async function refusal(q: Promise<unknown>): Promise<string | null> {
  try {
    await q;
    return null;
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `${err.cause?.message ?? ''} ${err.message}`;
  }
}

beforeAll(async () => {
  t = await createTestApp();
  // Old rows first (the purge takes a prefix of the chain), by the real clock: 300 days ago.
  for (let i = 0; i < 3; i++) await writeAudit(t.db, { event: 'test.old', outcome: 'success', actorLogin: 'someone', at: new Date(Date.now() - 300 * DAY) });
  t.clock.set(new Date()); // everything after them is young
  await t.signIn('ghost', 'Wrong-Passw0rd-42');
  role = `xb_app_${randomBytes(4).toString('hex')}`;
  const kind = (t.database as Database & { testKind?: string }).testKind;
  if (kind === 'pg') {
    pgUrl = (t.database as Database & { url?: string }).url!;
    await t.database.query(sql.raw(`create role ${role} login`));
    await t.database.query(sql`select xuanbao_grant_app_role(${role})`);
    const u = new URL(pgUrl);
    u.username = role;
    restricted = await openDatabase({ url: u.toString() });
  } else {
    await t.database.query(sql.raw(`create role ${role}`));
    await t.database.query(sql`select xuanbao_grant_app_role(${role})`);
    await t.database.query(sql.raw(`set role ${role}`));
    restricted = { ...t.database, close: async () => undefined };
    resetRole = async () => void (await t.database.query(sql`reset role`));
  }
}, 120_000);

afterAll(async () => {
  await resetRole();
  await restricted?.close();
  await t?.close();
  if (pgUrl) {
    const base = process.env.TEST_PG_URL!;
    const a = new pg.Client({ connectionString: base });
    await a.connect();
    await a.query(`drop role if exists ${role}`);
    await a.end();
  }
});

describe('the restricted application role', () => {
  it('cannot update, delete or truncate the log or its anchors, with or without the purge flag, nor switch the guard off', async () => {
    const r = restricted;
    const before = await r.db.select().from(auditLog).orderBy(asc(auditLog.seq));
    expect(before.length).toBeGreaterThan(3);
    expect(await refusal(r.query(sql`update audit_log set actor_login = 'x' where seq = 1`))).toMatch(/permission denied/);
    expect(await refusal(r.query(sql`delete from audit_log where seq = 1`))).toMatch(/permission denied/);
    expect(await refusal(r.query(sql`truncate audit_log`))).toMatch(/permission denied/);
    await r.query(sql`select set_config('xuanbao.audit_purge', 'on', false)`);
    expect(await refusal(r.query(sql`delete from audit_log`))).toMatch(/permission denied/);
    await r.query(sql`select set_config('xuanbao.audit_purge', 'off', false)`);
    expect(await refusal(r.query(sql`alter table audit_log disable trigger user`))).toMatch(/must be owner/);
    expect(await refusal(r.query(sql`insert into audit_anchor (seq, prev_hash, purged_at) values (99999, 'x', now())`))).toMatch(/permission denied/);
    // The purge function deletes nothing younger than 184 days by the database's clock.
    const last = before.at(-1)!.seq!;
    expect(await refusal(r.query(sql`select audit_purge(${last}::bigint, now(), 'x')`))).toMatch(/not all older than 184 days/);
    // The chain function touches pending rows only: a chained row keeps its place and hash.
    const chained = before[3]!;
    await r.query(sql`select audit_chain(${JSON.stringify([{ id: chained.id, seq: 99999, prev_hash: 'x', hash: 'y', chain_version: 2 }])}::jsonb)`);
    expect(await r.db.select().from(auditLog).orderBy(asc(auditLog.seq))).toEqual(before);
    expect((await verifyAudit(r.db)).ok).toBe(true);
  });

  it('runs the application: appends, counts refusals, chains, purges past the retention, verifies', async () => {
    const r = restricted;
    if (pgUrl) await migrateDatabase(r); // the schema is current: the role starts the app without DDL
    await recordRefusal(r.db, { ip: '10.0.0.9', actorId: null, actorLogin: null, at: new Date(), details: { method: 'GET', route: '/api/x', reason: 'auth/unauthenticated' } });
    await recordRefusal(r.db, { ip: '10.0.0.9', actorId: null, actorLogin: null, at: new Date(), details: { method: 'GET', route: '/api/x', reason: 'auth/unauthenticated' } });
    await r.db.insert(auditLog).values({ id: crypto.randomUUID(), at: new Date(), event: 'test.pending', outcome: 'success', details: {} });
    expect(await chainAudit(r.db)).toBe(1);
    expect(await purgeAudit(r.db, { now: new Date(), retentionDays: 184 })).toBe(3);
    const [anchor] = await r.db.select().from(auditAnchor);
    expect(anchor).toMatchObject({ seq: 4, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await verifyAudit(r.db)).toMatchObject({ ok: true, firstSeq: 4, keyed: true });
  });
});

describe('the owner of the tables (the default DATABASE_URL, and PGlite)', () => {
  it('can still open the log (the database cannot stop its owner), and verify finds what it did', async () => {
    await resetRole();
    const owner = t.database;
    // Without the flag the trigger refuses even the owner.
    expect(await refusal(owner.query(sql`delete from audit_log`))).toMatch(/append-only/);
    await writeCheckpoint(t.db, { now: t.clock() });
    const [last] = await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(sql`${auditLog.seq} desc`).limit(1);
    await owner.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('xuanbao.audit_purge', 'on', true)`);
      await tx.execute(sql`delete from audit_log where seq = ${last!.seq}`);
    });
    // A checkpoint had named that row: the deletion is found.
    expect(await verifyAudit(t.db)).toMatchObject({ ok: false, break: { seq: last!.seq, reason: 'truncated' } });
  });
});
