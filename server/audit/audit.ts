import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, ilike, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { auditAnchor, auditLog } from './tables';
import { findChainBreak, GENESIS_HASH, hashAuditRow, type AuditRowContent, type ChainBreak } from './chain';

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
 * Time-ordered UUID (version 7 layout: 48-bit Unix ms, then a counter, then random bits), made by the
 * application (no database function differs between PostgreSQL 15 and PGlite). Strictly increasing
 * within a process, so rows written one after another are chained in that order.
 */
let lastMs = 0;
let counter = 0;
export function newAuditId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    if (++counter > 0xfff) {
      counter = 0;
      ms = ++lastMs;
    }
  } else {
    counter = 0;
  }
  lastMs = ms;
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Inside a request the HTTP layer runs the handler in this context: audit rows are then appended
 * without any lock and chained after the transaction commits (see AuditChainer). Anywhere else
 * (CLI, start-up, jobs) a row is chained as it is written, under the chain's lock.
 */
type Deferral = { wrote: boolean };
const deferral = new AsyncLocalStorage<Deferral>();
export function runWithDeferredChaining<T>(store: Deferral, fn: () => T): T {
  return deferral.run(store, fn);
}

function rowOf(entry: AuditEntry) {
  return {
    id: newAuditId(),
    at: entry.at,
    actorId: entry.actorId ?? null,
    actorLogin: entry.actorLogin ?? null,
    event: entry.event,
    outcome: entry.outcome,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    details: scrub(entry.details ?? {}),
  };
}

/** Where the chain continues: the last chained row, or the purge anchor, or the genesis. */
async function chainHead(t: Tx): Promise<{ seq: number; prevHash: string }> {
  const [last] = await t
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(isNotNull(auditLog.seq))
    .orderBy(sql`${auditLog.seq} desc nulls last`)
    .limit(1);
  if (last) return { seq: last.seq! + 1, prevHash: last.hash! };
  const [anchor] = await t.select().from(auditAnchor).orderBy(desc(auditAnchor.seq)).limit(1);
  return anchor ? { seq: anchor.seq, prevHash: anchor.prevHash } : { seq: 1, prevHash: GENESIS_HASH };
}

/**
 * Appends one row. Call it inside the transaction that makes the change, so the change and its audit
 * row commit together or not at all. Called with the database itself, it is written on its own.
 * In a request (deferred chaining) this is one INSERT and takes no lock; elsewhere the row is chained
 * at once under the chain's advisory lock.
 */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const row = rowOf(entry);
  const store = deferral.getStore();
  if (store) {
    await tx.insert(auditLog).values(row);
    store.wrote = true;
    return;
  }
  const run = async (t: Tx) => {
    await t.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const head = await chainHead(t);
    const chained = { ...row, seq: head.seq, prevHash: head.prevHash };
    await t.insert(auditLog).values({ ...chained, hash: hashAuditRow(chained) });
  };
  if ('rollback' in tx) await run(tx);
  else await (tx as Db).transaction(run);
}

const CHAIN_BATCH = 1000;

/**
 * Gives pending rows (appended without a place) their place in the chain, oldest id first, under the
 * chain's advisory lock (taken by nobody else on the write path). Returns how many rows it chained;
 * runs until none is left. With `probe` (the default) it first looks, without a lock, whether
 * anything is pending; the chainer skips that look after a request that wrote a row.
 * Five statements per batch: begin, lock, pending rows with the chain's head, one update, commit.
 */
export async function chainAudit(db: Db, opts: { probe?: boolean } = {}): Promise<number> {
  let total = 0;
  let probe = opts.probe ?? true;
  for (;;) {
    if (probe) {
      const [any] = await db.select({ id: auditLog.id }).from(auditLog).where(isNull(auditLog.seq)).limit(1);
      if (!any) return total;
    }
    probe = true;
    const n = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
      const last = sql`(select a.seq, a.hash from audit_log a where a.seq is not null order by a.seq desc nulls last limit 1)`;
      const pending = await tx
        .select({
          r: auditLog,
          headSeq: sql<string | null>`(select h.seq from ${last} h)`,
          headHash: sql<string | null>`(select h.hash from ${last} h)`,
        })
        .from(auditLog)
        .where(isNull(auditLog.seq))
        .orderBy(asc(auditLog.id))
        .limit(CHAIN_BATCH);
      if (!pending.length) return 0;
      const first = pending[0]!;
      let { seq, prevHash } = first.headSeq !== null ? { seq: Number(first.headSeq) + 1, prevHash: first.headHash! } : await chainHead(tx);
      const values: SQL[] = [];
      for (const { r } of pending) {
        const hash = hashAuditRow({ ...r, seq, prevHash });
        values.push(sql`(${r.id}::uuid, ${seq}::bigint, ${prevHash}, ${hash})`);
        prevHash = hash;
        seq++;
      }
      await tx.execute(sql`update audit_log set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
        from (values ${sql.join(values, sql`, `)}) as v(id, seq, prev_hash, hash) where audit_log.id = v.id`);
      return pending.length;
    });
    total += n;
    if (n < CHAIN_BATCH) return total;
  }
}

/**
 * Chains the rows a process writes: `kick()` after a request that wrote audit rows (one run at most
 * every `delayMs`, batching everything committed meanwhile), `flush()` to wait until every row
 * committed before the call is chained, and a sweep every `sweepMs` for rows another process or a
 * crash left pending. One run at a time per process.
 */
export class AuditChainer {
  private current: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sweep: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly opts: { delayMs: number; sweepMs?: number; onError?: (err: unknown) => void },
  ) {
    if (opts.sweepMs) {
      this.sweep = setInterval(() => void this.flush().catch(() => {}), opts.sweepMs);
      this.sweep.unref();
    }
  }

  kick(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush({ probe: false }).catch(() => {});
    }, this.opts.delayMs);
    this.timer.unref();
  }

  /** Resolves once a run that started after this call has finished. */
  flush(opts: { probe?: boolean } = {}): Promise<void> {
    if (this.queued) return this.queued;
    const q = this.current.then(async () => {
      this.queued = null;
      try {
        await chainAudit(this.db, opts);
      } catch (err) {
        this.opts.onError?.(err);
        throw err;
      }
    });
    this.queued = q;
    this.current = q.catch(() => {});
    return q;
  }

  /** Stops the timers and chains what is left. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.sweep) clearInterval(this.sweep);
    this.timer = this.sweep = null;
    await this.flush().catch(() => {});
  }
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

/** The entry auditAction writes: one successful action by the caller (or 'system') on a target. */
export function auditEntryOf(ctx: AuditCtx, event: string, target: { type: string; id: string }, details: Record<string, unknown> = {}): AuditEntry {
  const { actorId, actorLogin, via } = actorOf(ctx);
  return {
    event,
    outcome: 'success',
    actorId,
    actorLogin,
    targetType: target.type,
    targetId: target.id,
    ip: ctx.ip,
    at: ctx.now,
    details: { ...details, ...via },
  };
}

/**
 * One successful action by the caller on a target: the common case, written in the caller's
 * transaction. Without a signed-in caller (CLI, demo) the actor is 'system'.
 */
export function auditAction(tx: Tx, ctx: AuditCtx, event: string, target: { type: string; id: string }, details: Record<string, unknown> = {}) {
  return writeAudit(tx, auditEntryOf(ctx, event, target, details));
}

/**
 * Inside a request (deferred chaining): the INSERT of the entry as a pending row, for the caller to
 * merge into the statement that makes the change (e.g. a WITH … INSERT), so both are one atomic
 * statement. Null outside a request: use writeAudit in a transaction there.
 */
export function pendingAuditInsert(db: Tx, entry: AuditEntry): SQL | null {
  const store = deferral.getStore();
  if (!store) return null;
  store.wrote = true;
  return db.insert(auditLog).values(rowOf(entry)).getSQL();
}

/** A successful action without a target (demo data loaded, backup written …). */
export function auditEvent(tx: Tx, ctx: AuditCtx, event: string, details: Record<string, unknown> = {}) {
  const { actorId, actorLogin, via } = actorOf(ctx);
  return writeAudit(tx, { event, outcome: 'success', actorId, actorLogin, ip: ctx.ip, at: ctx.now, details: { ...details, ...via } });
}

export type VerifyResult = { ok: true; rows: number; firstSeq: number | null; lastSeq: number | null } | { ok: false; rows: number; break: ChainBreak };

type ChainedRow = AuditRowContent & { hash: string };

/**
 * Chains what is pending, then reads the whole chain in pages and reports the first broken link.
 * A row appended after the chaining started is not in this verification (it is in the next).
 */
export async function verifyAudit(db: Db): Promise<VerifyResult> {
  await chainAudit(db);
  const [anchor] = await db.select().from(auditAnchor).orderBy(desc(auditAnchor.seq)).limit(1);
  const start = anchor ? { seq: anchor.seq, prevHash: anchor.prevHash } : { seq: 1, prevHash: GENESIS_HASH };
  let after = start.seq - 1;
  let prev = start.prevHash;
  let expected = start.seq;
  let rows = 0;
  let firstSeq: number | null = null;
  for (;;) {
    // Only chained rows have a seq; `seq > after` leaves pending rows out.
    const page = (await db.select().from(auditLog).where(sql`${auditLog.seq} > ${after}`).orderBy(asc(auditLog.seq)).limit(5000)) as ChainedRow[];
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
  // Only chained rows are purged; chain what is pending first (pending rows are young anyway).
  await chainAudit(db);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    // Rows are appended in time order; stop at the first row young enough to keep.
    const [firstKept] = await tx.select({ seq: auditLog.seq }).from(auditLog).where(and(isNotNull(auditLog.seq), gte(auditLog.at, cutoff))).orderBy(asc(auditLog.seq)).limit(1);
    const [lastOld] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .where(and(isNotNull(auditLog.seq), lt(auditLog.at, cutoff), firstKept ? lt(auditLog.seq, firstKept.seq!) : undefined))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    if (!lastOld || lastOld.seq === null || lastOld.hash === null) return 0;
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
  /** The rows the caller may see (scope.ts auditScopeWhere); undefined: every row. */
  scope?: SQL | undefined;
};

function filterWhere(f: AuditFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.scope) conds.push(f.scope);
  if (f.from) conds.push(gte(auditLog.at, f.from));
  if (f.to) conds.push(lt(auditLog.at, f.to));
  if (f.actor) conds.push(ilike(auditLog.actorLogin, `%${f.actor.replace(/[%_\\]/g, '\\$&')}%`));
  if (f.event) conds.push(or(eq(auditLog.event, f.event), ilike(auditLog.event, `${f.event.replace(/[%_\\]/g, '\\$&')}.%`))!);
  if (f.outcome) conds.push(eq(auditLog.outcome, f.outcome));
  return conds.length ? and(...conds) : undefined;
}

export async function findAuditEntries(db: Db, opts: AuditFilter & { page: number; pageSize: number }) {
  await chainAudit(db); // the auditor sees every row with its place in the chain
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
  await chainAudit(db); // an export holds every row written before it, chained
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
    after = page[page.length - 1]!.seq!;
  }
}
