import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { chainAudit, closeRefusals, verifyAudit, writeAudit, writeCheckpoint } from './audit';
import { GENESIS_HASH, hashAuditRow, hmacAuditRow } from './chain';
import { checkpointFile, deriveAuditKey } from './key';
import { auditAnchor, auditLog, auditRefusals } from './tables';

/**
 * Tamper evidence, case by case, as someone with full access to the DATABASE (not to the server's
 * audit key or its data folder) would try it: each must be caught by `verify`, and a clean log must
 * pass. Tampering is done with the append-only trigger switched off, as the table's owner can.
 */
// Each case opens its own database (the first also builds the migrated template): seconds each.
vi.setConfig({ testTimeout: 180_000 });
let d: TestApp;
afterEach(async () => {
  await d?.close();
});

async function seeded(): Promise<TestApp> {
  d = await createTestApp();
  const root = await d.makeRoot();
  const p = await d.makePerson({ unitId: root.id });
  for (let i = 0; i < 3; i++) await d.signIn(p.login, i === 1 ? 'Wrong-Passw0rd-42' : undefined);
  await chainAudit(d.db);
  return d;
}

const rows = () => d.db.select().from(auditLog).orderBy(asc(auditLog.seq));
async function asOwner(fn: () => Promise<unknown>) {
  await d.database.query(sql`alter table audit_log disable trigger user`);
  await d.database.query(sql`alter table audit_anchor disable trigger user`);
  try {
    await fn();
  } finally {
    await d.database.query(sql`alter table audit_log enable trigger user`);
    await d.database.query(sql`alter table audit_anchor enable trigger user`);
  }
}

/** Rewrites rows from `fromSeq` on, changing one row's content and recomputing every hash after it. */
async function rewriteFrom(fromSeq: number, how: 'plain' | 'other-key') {
  const all = await rows();
  const otherKey = deriveAuditKey(randomBytes(32).toString('hex')).chain;
  let prev = all.find((r) => r.seq === fromSeq - 1)?.hash ?? GENESIS_HASH;
  await asOwner(async () => {
    for (const r of all.filter((x) => x.seq! >= fromSeq)) {
      const content = { ...r, seq: r.seq!, prevHash: prev, details: r.seq === fromSeq ? { forged: true } : r.details };
      const hash = how === 'plain' ? hashAuditRow(content) : hmacAuditRow(content, otherKey);
      await d.database.query(sql`update audit_log set details = ${JSON.stringify(content.details)}::jsonb, prev_hash = ${prev}, hash = ${hash}, chain_version = ${how === 'plain' ? 1 : 2} where seq = ${r.seq}`);
      prev = hash;
    }
  });
}

describe('verify against the keyed chain and the signed checkpoints', () => {
  it('passes a clean log: keyed rows, checkpoints on disk (0600), and again after more rows', async () => {
    await seeded();
    const cp = await writeCheckpoint(d.db, { now: d.clock() });
    expect(cp).toMatchObject({ seq: (await rows()).length, key: deriveAuditKey(d.config.auditKey!).id });
    expect(fs.statSync(checkpointFile()).mode & 0o777).toBe(0o600);
    expect(await writeCheckpoint(d.db, { now: d.clock() })).toBeNull(); // nothing new, no line
    expect(await verifyAudit(d.db)).toMatchObject({ ok: true, keyed: true, checkpoints: 1, firstSeq: 1 });
    expect((await rows()).every((r) => r.chainVersion === 2)).toBe(true);
    await d.signIn('ghost', 'Wrong-Passw0rd-42');
    await writeCheckpoint(d.db, { now: d.clock() });
    expect(await verifyAudit(d.db)).toMatchObject({ ok: true, checkpoints: 2 });
  });

  it('catches an edited row', async () => {
    await seeded();
    await writeCheckpoint(d.db, { now: d.clock() });
    await asOwner(() => d.database.query(sql`update audit_log set actor_login = 'someone.else' where seq = 2`));
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, break: { seq: 2, reason: 'hash_mismatch' } });
  });

  it('catches a chain rewritten with recomputed plain hashes, from the middle or from the start', async () => {
    await seeded();
    await writeCheckpoint(d.db, { now: d.clock() });
    const n = (await rows()).length;
    await rewriteFrom(3, 'plain');
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, break: { seq: 3, reason: 'downgrade' } });
    // The whole log rewritten as if it had never been keyed: the checkpoint's row is unkeyed now.
    await rewriteFrom(1, 'plain');
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, break: { seq: n, reason: 'downgrade' } });
  });

  it('catches a chain rewritten with another key', async () => {
    await seeded();
    await rewriteFrom(2, 'other-key');
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, break: { seq: 2, reason: 'hash_mismatch' } });
  });

  it('catches deletion of the newest rows (tail truncation), and the log grown again over the gap', async () => {
    await seeded();
    await writeCheckpoint(d.db, { now: d.clock() });
    const n = (await rows()).length;
    await asOwner(() => d.database.query(sql`delete from audit_log where seq > ${n - 2}`));
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, rows: n - 2, break: { seq: n - 1, reason: 'truncated' } });
    // New rows take the deleted places: the checkpoint's seq is back, with another hash.
    for (let i = 0; i < 3; i++) await d.signIn('ghost', 'Wrong-Passw0rd-42');
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, break: { seq: n, reason: 'checkpoint_mismatch' } });
  });

  it('catches a full wipe, with or without a fake anchor, even once new rows follow the fake anchor', async () => {
    await seeded();
    await writeCheckpoint(d.db, { now: d.clock() });
    await asOwner(() => d.database.query(sql`delete from audit_log`));
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, rows: 0, break: { seq: 1, reason: 'truncated' } });
    // A fake anchor, as if a purge had removed everything: unsigned, or with a made-up MAC.
    await d.db.insert(auditAnchor).values({ seq: 1000, prevHash: randomBytes(32).toString('hex'), purgedAt: d.clock() });
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, break: { seq: 1000, reason: 'anchor_invalid' } });
    await d.db.insert(auditAnchor).values({ seq: 2000, prevHash: randomBytes(32).toString('hex'), purgedAt: d.clock(), mac: randomBytes(32).toString('hex') });
    await d.signIn('ghost', 'Wrong-Passw0rd-42'); // the server chains on from the fake anchor
    expect((await rows()).map((r) => r.seq)).toEqual([2000]);
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, break: { seq: 2000, reason: 'anchor_invalid' } });
  });

  it('catches an edited checkpoint file', async () => {
    await seeded();
    await writeCheckpoint(d.db, { now: d.clock() });
    const file = checkpointFile();
    const line = JSON.parse(fs.readFileSync(file, 'utf8').trim()) as { seq: number };
    fs.writeFileSync(file, JSON.stringify({ ...line, seq: line.seq - 1 }) + '\n');
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, break: { reason: 'checkpoint_invalid', line: 1 } });
  });

  it('a log chained before the key (plain SHA-256, chain_version 1) still verifies; the first checkpoint switches it to the key', async () => {
    d = await createTestApp();
    // Rows as migration 0008 leaves them: chained, unkeyed, version 1.
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 4; seq++) {
      const r = { id: crypto.randomUUID(), seq, at: d.clock(), actorId: null, actorLogin: 'old', event: 'auth.sign_in', outcome: 'success' as const, targetType: null, targetId: null, ip: null, details: { n: seq }, prevHash: prev };
      const hash = hashAuditRow(r);
      await d.db.insert(auditLog).values({ ...r, hash, chainVersion: 1 });
      prev = hash;
    }
    expect(await verifyAudit(d.db)).toMatchObject({ ok: true, rows: 4, keyed: false, checkpoints: 0 });
    const cp = await writeCheckpoint(d.db, { now: d.clock() });
    const [switched] = await d.db.select().from(auditLog).where(eq(auditLog.seq, 5));
    expect(switched).toMatchObject({ event: 'audit.chain_keyed', chainVersion: 2, details: { unkeyedThroughSeq: 4 } });
    expect(cp).toMatchObject({ seq: 5, hash: switched!.hash });
    await d.signIn('ghost', 'Wrong-Passw0rd-42');
    expect(await verifyAudit(d.db)).toMatchObject({ ok: true, rows: 6, keyed: true });
    // After the switch an unkeyed row is a downgrade, even a correctly hashed one.
    const [six] = await d.db.select().from(auditLog).where(eq(auditLog.seq, 6));
    await asOwner(() => d.database.query(sql`update audit_log set hash = ${hashAuditRow({ ...six!, seq: 6, prevHash: six!.prevHash! })}, chain_version = 1 where seq = 6`));
    expect(await verifyAudit(d.db)).toMatchObject({ ok: false, break: { seq: 6, reason: 'downgrade' } });
  });

  it('a process with another key refuses to chain, and verify says the log is not this key\'s', async () => {
    await seeded();
    const other = await createTestApp({ database: d.database, config: { auditKey: randomBytes(32).toString('hex') } }).catch((e: Error) => e);
    expect(other).toBeInstanceOf(Error);
    expect(String((other as Error).message)).toMatch(/does not match this process's audit key/);
  });
});

describe('a flood of refusals', () => {
  it('2,000 anonymous refusals in a minute write two rows, the count is exact, and the log verifies', async () => {
    await seeded();
    const before = (await rows()).length;
    const t0 = d.clock();
    for (let i = 0; i < 2000; i++) {
      const res = await d.request('GET', i % 2 ? '/api/audit' : '/api/review/queue');
      expect(res.status).toBe(401);
    }
    // A signed-in caller refused in the same minute is another source.
    const who = await d.makePerson({ unitId: (await d.makeRoot('另一个局')).id });
    const c = await d.as(who.login);
    const mark = (await rows()).length;
    for (let i = 0; i < 5; i++) expect((await c.get('/api/audit')).status).toBe(403);
    expect((await rows()).length).toBe(mark + 1);
    d.clock.advance(60_000);
    for (let i = 0; i < 10; i++) await d.request('GET', '/api/audit');
    // Still open: the second minute's count waits in the database.
    expect(await d.db.select({ count: auditRefusals.count }).from(auditRefusals)).toEqual(expect.arrayContaining([{ count: 10 }]));
    d.clock.advance(60_000);
    expect(await verifyAudit(d.db, { now: d.clock() })).toMatchObject({ ok: true });

    const written = await d.db.select().from(auditLog).where(gt(auditLog.seq, before)).orderBy(asc(auditLog.seq));
    const anon = written.filter((r) => r.event.startsWith('access.denied') && r.actorId === null);
    expect(anon.map((r) => [r.event, r.details.count ?? 1, r.details.route])).toEqual([
      ['access.denied', 1, '/api/review/queue'],
      ['access.denied', 1, '/api/audit'],
      ['access.denied_repeated', 2000, '/api/review/queue'],
      ['access.denied_repeated', 10, '/api/audit'],
    ]);
    expect(anon[2]).toMatchObject({ ip: '127.0.0.1', details: { firstAt: t0.toISOString(), reason: 'auth/unauthenticated' } });
    const signedIn = written.filter((r) => r.actorId === who.id && r.event.startsWith('access.'));
    expect(signedIn.map((r) => [r.event, r.details.count ?? 1])).toEqual([
      ['access.denied', 1],
      ['access.denied_repeated', 5],
    ]);
    expect(await d.db.select().from(auditRefusals)).toEqual([]);
  }, 240_000);

  it('two app instances counting one source together lose nothing and write one row per minute', async () => {
    await seeded();
    const second = await createTestApp({ database: { ...d.database, close: async () => undefined } });
    try {
      second.clock.set(d.clock());
      const before = (await rows()).length;
      await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? second : d).request('GET', '/api/audit')));
      // Both close the minute at once: the count is written once.
      d.clock.advance(60_000);
      second.clock.advance(60_000);
      await Promise.all([closeRefusals(d.db, d.clock()), closeRefusals(second.db, second.clock())]);
      await chainAudit(d.db);
      const written = (await d.db.select().from(auditLog).where(gt(auditLog.seq, before))).filter((r) => r.event.startsWith('access.'));
      expect(written.map((r) => [r.event, r.details.count ?? 1])).toEqual([
        ['access.denied', 1],
        ['access.denied_repeated', 200],
      ]);
      expect((await verifyAudit(d.db, { now: d.clock() })).ok).toBe(true);
    } finally {
      await second.app.close();
    }
  });
});

describe('writeAudit is unaffected', () => {
  it('a row written outside a request is keyed at once', async () => {
    await seeded();
    await writeAudit(d.db, { event: 'system.backup', outcome: 'success', actorLogin: 'cli:test', at: d.clock() });
    const [last] = await d.db.select().from(auditLog).orderBy(sql`${auditLog.seq} desc`).limit(1);
    expect(last).toMatchObject({ event: 'system.backup', chainVersion: 2 });
    expect(last!.hash).toBe(hmacAuditRow({ ...last!, seq: last!.seq!, prevHash: last!.prevHash! }, deriveAuditKey(d.config.auditKey!).chain));
  });
});
