import { and, asc, desc, eq, gte, ilike, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { auditAnchor, auditLog } from './tables';
import { findChainBreak, GENESIS_HASH, hashAuditRow, type ChainBreak } from './chain';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export type AuditEntry = {
  event: string;
  outcome: AuditOutcome;
  actorId?: string | null;
  actorLogin?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
  at: Date;
};

/** Keys that must never reach the audit log, whatever a caller passes. */
const FORBIDDEN_DETAIL_KEYS = /password|secret|token|totp|code|idnumber|id_number/i;

function scrub(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) {
    if (FORBIDDEN_DETAIL_KEYS.test(k)) continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? scrub(v as Record<string, unknown>) : v;
  }
  return out;
}

const AUDIT_LOCK = 727275;

/**
 * Appends one row to the chain. Call it inside the transaction that makes the change, so the change
 * and its audit row commit together or not at all. Called with the database itself, it opens its own.
 */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const run = async (t: Tx) => {
    await t.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [last] = await t.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    let seq: number;
    let prevHash: string;
    if (last) {
      seq = last.seq + 1;
      prevHash = last.hash;
    } else {
      const [anchor] = await t.select().from(auditAnchor).orderBy(desc(auditAnchor.seq)).limit(1);
      seq = anchor ? anchor.seq : 1;
      prevHash = anchor ? anchor.prevHash : GENESIS_HASH;
    }
    const row = {
      seq,
      at: entry.at,
      actorId: entry.actorId ?? null,
      actorLogin: entry.actorLogin ?? null,
      event: entry.event,
      outcome: entry.outcome,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? null,
      details: scrub(entry.details ?? {}),
      prevHash,
    };
    await t.insert(auditLog).values({ ...row, hash: hashAuditRow(row) });
  };
  if ('rollback' in tx) await run(tx);
  else await (tx as Db).transaction(run);
}

/** The request context fields an audit row needs (structurally a subset of http/context Ctx). */
export type AuditCtx = { now: Date; ip: string | null; auth: { personId: string; login: string; system?: Record<string, string> } | null };

/**
 * Who an audit row names: the signed-in person; or the system caller (a job, an operator's
 * command), whose login is 'system' or 'cli:<user>' and whose `system` fields (via, job, command …)
 * join the details; or, with no caller at all, 'system'.
 */
export function actorOf(ctx: AuditCtx): { actorId: string | null; actorLogin: string; via: Record<string, string> } {
  if (!ctx.auth) return { actorId: null, actorLogin: 'system', via: {} };
  if (ctx.auth.system) return { actorId: null, actorLogin: ctx.auth.login, via: ctx.auth.system };
  return { actorId: ctx.auth.personId, actorLogin: ctx.auth.login, via: {} };
}

/**
 * One successful action by the caller on a target: the common case, written in the caller's
 * transaction. Without a signed-in caller (CLI, demo) the actor is 'system'.
 */
export function auditAction(tx: Tx, ctx: AuditCtx, event: string, target: { type: string; id: string }, details: Record<string, unknown> = {}) {
  const { actorId, actorLogin, via } = actorOf(ctx);
  return writeAudit(tx, {
    event,
    outcome: 'success',
    actorId,
    actorLogin,
    targetType: target.type,
    targetId: target.id,
    ip: ctx.ip,
    at: ctx.now,
    details: { ...details, ...via },
  });
}

/** A successful action without a target (demo data loaded, backup written …). */
export function auditEvent(tx: Tx, ctx: AuditCtx, event: string, details: Record<string, unknown> = {}) {
  const { actorId, actorLogin, via } = actorOf(ctx);
  return writeAudit(tx, { event, outcome: 'success', actorId, actorLogin, ip: ctx.ip, at: ctx.now, details: { ...details, ...via } });
}

export type VerifyResult = { ok: true; rows: number; firstSeq: number | null; lastSeq: number | null } | { ok: false; rows: number; break: ChainBreak };

/** Reads the whole chain in pages and reports the first broken link. */
export async function verifyAudit(db: Db): Promise<VerifyResult> {
  const [anchor] = await db.select().from(auditAnchor).orderBy(desc(auditAnchor.seq)).limit(1);
  const start = anchor ? { seq: anchor.seq, prevHash: anchor.prevHash } : { seq: 1, prevHash: GENESIS_HASH };
  let after = start.seq - 1;
  let prev = start.prevHash;
  let expected = start.seq;
  let rows = 0;
  let firstSeq: number | null = null;
  for (;;) {
    const page = await db.select().from(auditLog).where(sql`${auditLog.seq} > ${after}`).orderBy(asc(auditLog.seq)).limit(5000);
    if (page.length === 0) break;
    const brk = findChainBreak(page, { seq: expected, prevHash: prev });
    if (brk) return { ok: false, rows: rows + page.findIndex((r) => r.seq === brk.seq), break: brk };
    firstSeq ??= page[0]!.seq;
    rows += page.length;
    const last = page[page.length - 1]!;
    after = last.seq;
    prev = last.hash;
    expected = last.seq + 1;
  }
  // Note: rows cut from the very end leave a valid shorter chain; the DB trigger refuses such deletes.
  return { ok: true, rows, firstSeq, lastSeq: rows ? expected - 1 : null };
}

/**
 * Deletes rows older than the retention period (never younger) and records where the chain now
 * starts, so verify keeps working. Returns how many rows were removed. With `by` (the caller, e.g.
 * the system caller of the daily job), a purge that removed rows writes an `audit.purge` row in
 * the same transaction.
 */
export async function purgeAudit(db: Db, opts: { now: Date; retentionDays: number; by?: AuditCtx }): Promise<number> {
  const cutoff = new Date(opts.now.getTime() - opts.retentionDays * 86_400_000);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    // Rows are appended in time order; stop at the first row young enough to keep.
    const [firstKept] = await tx.select({ seq: auditLog.seq }).from(auditLog).where(gte(auditLog.at, cutoff)).orderBy(asc(auditLog.seq)).limit(1);
    const [lastOld] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .where(and(lt(auditLog.at, cutoff), firstKept ? lt(auditLog.seq, firstKept.seq) : undefined))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    if (!lastOld) return 0;
    await tx.execute(sql`select set_config('xuanbao.audit_purge', 'on', true)`);
    const deleted = await tx.delete(auditLog).where(lte(auditLog.seq, lastOld.seq)).returning({ seq: auditLog.seq });
    await tx.execute(sql`select set_config('xuanbao.audit_purge', 'off', true)`);
    await tx.insert(auditAnchor).values({ seq: lastOld.seq + 1, prevHash: lastOld.hash, purgedAt: opts.now });
    if (opts.by) {
      await auditEvent(tx, { ...opts.by, now: opts.now }, 'audit.purge', { rows: deleted.length, throughSeq: lastOld.seq, before: cutoff.toISOString(), retentionDays: opts.retentionDays });
    }
    return deleted.length;
  });
}

export type AuditFilter = {
  from?: Date | undefined;
  to?: Date | undefined;
  actor?: string | undefined;
  event?: string | undefined;
  outcome?: AuditOutcome | undefined;
};

function filterWhere(f: AuditFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.from) conds.push(gte(auditLog.at, f.from));
  if (f.to) conds.push(lt(auditLog.at, f.to));
  if (f.actor) conds.push(ilike(auditLog.actorLogin, `%${f.actor.replace(/[%_\\]/g, '\\$&')}%`));
  if (f.event) conds.push(or(eq(auditLog.event, f.event), ilike(auditLog.event, `${f.event.replace(/[%_\\]/g, '\\$&')}.%`))!);
  if (f.outcome) conds.push(eq(auditLog.outcome, f.outcome));
  return conds.length ? and(...conds) : undefined;
}

export async function findAuditEntries(db: Db, opts: AuditFilter & { page: number; pageSize: number }) {
  const where = filterWhere(opts);
  const items = await db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.seq))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  const [{ count } = { count: 0 }] = await db.select({ count: sql<number>`count(*)::int` }).from(auditLog).where(where);
  return { items, total: Number(count) };
}

/** All matching rows, oldest first, in pages (for export). */
export async function* iterateAuditEntries(db: Db, f: AuditFilter) {
  let after = 0;
  for (;;) {
    const where = filterWhere(f);
    const page = await db
      .select()
      .from(auditLog)
      .where(where ? and(where, sql`${auditLog.seq} > ${after}`) : sql`${auditLog.seq} > ${after}`)
      .orderBy(asc(auditLog.seq))
      .limit(2000);
    if (!page.length) return;
    yield* page;
    after = page[page.length - 1]!.seq;
  }
}
