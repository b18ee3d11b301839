import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { and, asc, desc, eq, getTableColumns, gte, ilike, isNotNull, isNull, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { auditAnchor, auditLog, auditRefusals } from './tables';
import { anchorMac, findChainBreak, GENESIS_HASH, hmacAuditRow, type AuditRowContent, type ChainBreak, type ChainCheck } from './chain';
import { appendCheckpoint, readCheckpoints, signCheckpoint, type Checkpoint } from './checkpoints';
import { auditKey, AuditKeyError, checkpointFile, existingAuditKey, type AuditKey } from './key';
import { auditActorUnitSql, auditTargetNameSql, auditScopeWhere } from './scope';
import { orderByAllowed, type SortOrder } from '../http/list';
import type { AuditSortField } from './schema';

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
    await t.insert(auditLog).values({ ...chained, hash: hmacAuditRow(chained, auditKey().chain), chainVersion: 2 });
  };
  if ('rollback' in tx) await run(tx);
  else await (tx as Db).transaction(run);
}

const CHAIN_BATCH = 1000;

/** Databases whose newest keyed row this process has checked against its key (once per process). */
const keyChecked = new WeakSet<object>();

/**
 * Refuses to chain with a key the log was not chained with: the newest keyed row must match this
 * process's key. Catches a second process started with another key (another data folder, another
 * XUANBAO_AUDIT_KEY) before it writes a single row the others cannot verify.
 */
export async function checkAuditKey(db: Db, key: AuditKey = auditKey()): Promise<void> {
  const [head] = (await db.select().from(auditLog).where(and(isNotNull(auditLog.seq), eq(auditLog.chainVersion, 2))).orderBy(desc(auditLog.seq)).limit(1)) as ChainedRow[];
  if (head && hmacAuditRow(head, key.chain) !== head.hash) {
    throw new AuditKeyError(
      `审计密钥与日志不符 / the newest keyed audit row (seq ${head.seq}) does not match this process's audit key (id ${key.id}, from ${key.source}). ` +
        'Every process writing to this database must use the same key (XUANBAO_AUDIT_KEY, or the same audit.key file); if the key is right, the row was edited: run `xuanbao audit verify`.',
    );
  }
}

/**
 * Gives pending rows (appended without a place) their place in the chain, oldest id first, under the
 * chain's advisory lock (taken by nobody else on the write path). Returns how many rows it chained;
 * runs until none is left. With `probe` (the default) it first looks, without a lock, whether
 * anything is pending; the chainer skips that look after a request that wrote a row.
 * Five statements per batch: begin, lock, pending rows with the chain's head, one update, commit.
 */
export async function chainAudit(db: Db, opts: { probe?: boolean } = {}): Promise<number> {
  const key = auditKey();
  if (!keyChecked.has(db)) {
    await checkAuditKey(db, key);
    keyChecked.add(db);
  }
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
      const values: { id: string; seq: number; prev_hash: string; hash: string; chain_version: 2 }[] = [];
      for (const { r } of pending) {
        const hash = hmacAuditRow({ ...r, seq, prevHash }, key.chain);
        values.push({ id: r.id, seq, prev_hash: prevHash, hash, chain_version: 2 });
        prevHash = hash;
        seq++;
      }
      // Through audit_chain() (owner's rights): a restricted application role has no UPDATE on the log.
      await tx.execute(sql`select audit_chain(${JSON.stringify(values)}::jsonb)`);
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
    private readonly opts: { delayMs: number; sweepMs?: number; onError?: (err: unknown) => void; clock?: () => Date },
  ) {
    if (opts.sweepMs) {
      this.sweep = setInterval(() => void this.flush({ closeRefusals: true }).catch(() => {}), opts.sweepMs);
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

  /**
   * Resolves once a run that started after this call has finished. With `closeRefusals` (the sweep,
   * the stop), refusal counts of minutes that are over are first written to the log (all of them at stop).
   */
  flush(opts: { probe?: boolean; closeRefusals?: boolean | 'all' } = {}): Promise<void> {
    if (this.queued) return this.queued;
    const q = this.current.then(async () => {
      this.queued = null;
      try {
        if (opts.closeRefusals) await closeRefusals(this.db, opts.closeRefusals === 'all' ? null : (this.opts.clock ?? (() => new Date()))());
        await chainAudit(this.db, { probe: opts.probe ?? true });
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
    await this.flush().catch(() => {}); // whatever run is queued
    await this.flush({ closeRefusals: 'all' }).catch(() => {});
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

export type VerifyResult =
  | { ok: true; rows: number; firstSeq: number | null; lastSeq: number | null; checkpoints: number; keyed: boolean }
  | { ok: false; rows: number; break: ChainBreak & { line?: number } };

type ChainedRow = AuditRowContent & { hash: string; chainVersion: number | null };

const lastChained = async (db: Db) =>
  (await db.select({ seq: auditLog.seq, hash: auditLog.hash, chainVersion: auditLog.chainVersion }).from(auditLog).where(isNotNull(auditLog.seq)).orderBy(desc(auditLog.seq)).limit(1))[0] as
    | { seq: number; hash: string; chainVersion: number | null }
    | undefined;

/**
 * Writes refusal counts to the log, chains what is pending, then reads the whole chain in pages and
 * reports the first broken link. Checked, besides each link: keyed rows (HMAC with the audit key,
 * which is outside the database), no unkeyed row after a keyed one or at/after a checkpoint, every
 * signed checkpoint (file outside the database) against the row it names — a missing row there is
 * a deleted tail or a wiped log — and the purge anchor's HMAC when checkpoints lie before it.
 * A row appended after the chaining started is not in this verification (it is in the next).
 */
export async function verifyAudit(db: Db, opts: { now?: Date; checkpointFile?: string } = {}): Promise<VerifyResult> {
  // Verify never creates a key: without one, pending rows stay pending and keyed rows report no_key.
  const key = existingAuditKey();
  if (key) {
    await closeRefusals(db, opts.now ?? new Date());
    // A key that does not match the log must not stop the verification: it reports what is wrong.
    await chainAudit(db).catch((e: unknown) => {
      if (!(e instanceof AuditKeyError)) throw e;
    });
  }
  const file = opts.checkpointFile ?? checkpointFile();
  let checkpoints: Checkpoint[] = [];
  if (key) {
    const read = readCheckpoints(file, key);
    if (read.invalidLine !== null) return { ok: false, rows: 0, break: { seq: 0, reason: 'checkpoint_invalid', line: read.invalidLine } };
    checkpoints = read.checkpoints;
  } else if (fs.existsSync(file)) {
    return { ok: false, rows: 0, break: { seq: 0, reason: 'no_key' } };
  }
  const cpHash = new Map<number, string>();
  for (const c of checkpoints) {
    const seen = cpHash.get(c.seq);
    // Two signed checkpoints naming one seq with different hashes: the log was cut and re-grown there.
    if (seen !== undefined && seen !== c.hash) return { ok: false, rows: 0, break: { seq: c.seq, reason: 'checkpoint_mismatch' } };
    cpHash.set(c.seq, c.hash);
  }
  const maxCp = checkpoints.reduce((m, c) => Math.max(m, c.seq), 0);

  const [anchor] = await db.select().from(auditAnchor).orderBy(desc(auditAnchor.seq)).limit(1);
  const start = anchor ? { seq: anchor.seq, prevHash: anchor.prevHash } : { seq: 1, prevHash: GENESIS_HASH };
  if (anchor) {
    const signed = !!key && !!anchor.mac && anchor.mac === anchorMac(anchor, key.chain);
    // Rows named by checkpoints were purged only if a keyed anchor says so; an anchor nobody with the
    // key wrote (or one written before 0008) cannot hide rows that checkpoints vouch for.
    if (!signed && checkpoints.some((c) => c.seq < anchor.seq)) return { ok: false, rows: 0, break: { seq: anchor.seq, reason: 'anchor_invalid' } };
    const before = cpHash.get(anchor.seq - 1);
    if (before !== undefined && before !== anchor.prevHash) return { ok: false, rows: 0, break: { seq: anchor.seq - 1, reason: 'checkpoint_mismatch' } };
  }
  const later = checkpoints.filter((c) => c.seq >= start.seq).map((c) => c.seq);
  const check: ChainCheck = { key: key?.chain ?? null, checkpoints: cpHash, seenKeyed: false, ...(later.length ? { keyedFrom: Math.min(...later) } : {}) };

  let after = start.seq - 1;
  let prev = start.prevHash;
  let expected = start.seq;
  let rows = 0;
  let firstSeq: number | null = null;
  for (;;) {
    // Only chained rows have a seq; `seq > after` leaves pending rows out.
    const page = (await db.select().from(auditLog).where(sql`${auditLog.seq} > ${after}`).orderBy(asc(auditLog.seq)).limit(5000)) as ChainedRow[];
    if (page.length === 0) break;
    const brk = findChainBreak(page, { seq: expected, prevHash: prev }, check);
    if (brk) return { ok: false, rows: rows + Math.max(0, page.findIndex((r) => r.seq === brk.seq)), break: brk };
    firstSeq ??= page[0]!.seq;
    rows += page.length;
    const last = page[page.length - 1]!;
    after = last.seq;
    prev = last.hash;
    expected = last.seq + 1;
  }
  // A checkpoint names a row beyond the end of the log: the newest rows (or all of them) are gone.
  if (maxCp >= expected) return { ok: false, rows, break: { seq: expected, reason: 'truncated' } };
  return { ok: true, rows, firstSeq, lastSeq: rows ? expected - 1 : null, checkpoints: checkpoints.length, keyed: !!check.seenKeyed };
}

/** The last seq each checkpoint file got from this process (an idle log adds no line). */
const lastCheckpointed = new Map<string, number>();

/**
 * Appends a signed checkpoint naming the newest chained row to the checkpoint file (outside the
 * database). Chains what is pending first. A log whose newest row is still unkeyed (written before
 * migration 0008) first gets an `audit.chain_keyed` row, so a checkpoint always names a keyed row.
 * Returns the checkpoint, or null when the log is empty or nothing changed since the last one.
 */
export async function writeCheckpoint(db: Db, opts: { now: Date; file?: string }): Promise<Checkpoint | null> {
  const key = auditKey();
  await chainAudit(db);
  let head = await lastChained(db);
  if (!head) return null;
  if (head.chainVersion !== 2) {
    await writeAudit(db, { event: 'audit.chain_keyed', outcome: 'success', actorLogin: 'system', at: opts.now, details: { unkeyedThroughSeq: head.seq, keyId: key.id } });
    head = (await lastChained(db))!;
  }
  const file = opts.file ?? checkpointFile();
  if (lastCheckpointed.get(file) === head.seq) return null;
  const cp = signCheckpoint({ seq: head.seq, hash: head.hash, at: opts.now.toISOString() }, key);
  appendCheckpoint(file, cp);
  lastCheckpointed.set(file, head.seq);
  return cp;
}

/**
 * Deletes rows older than the retention period (never younger) and records where the chain now
 * starts (an anchor with its HMAC), so verify keeps working; then writes a checkpoint. Returns how
 * many rows were removed. The deletion runs in the database function audit_purge() (owner's
 * rights), which refuses rows younger than 184 days by the database's clock. With `by` (the
 * caller, e.g. the system caller of the daily job), a purge that removed rows writes an
 * `audit.purge` row in the same transaction.
 */
export async function purgeAudit(db: Db, opts: { now: Date; retentionDays: number; by?: AuditCtx }): Promise<number> {
  const cutoff = new Date(opts.now.getTime() - opts.retentionDays * 86_400_000);
  const key = auditKey();
  // Only chained rows are purged; chain what is pending first (pending rows are young anyway).
  await chainAudit(db);
  const n = await db.transaction(async (tx) => {
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
    const mac = anchorMac({ seq: lastOld.seq + 1, prevHash: lastOld.hash, purgedAt: opts.now }, key.chain);
    const res = (await tx.execute(sql`select audit_purge(${lastOld.seq}::bigint, ${opts.now.toISOString()}::timestamptz, ${mac}) as n`)) as unknown as { rows: { n: number | string }[] };
    const deleted = Number(res.rows[0]!.n);
    if (opts.by) {
      await auditEvent(tx, { ...opts.by, now: opts.now }, 'audit.purge', { rows: deleted, throughSeq: lastOld.seq, before: cutoff.toISOString(), retentionDays: opts.retentionDays });
    }
    return deleted;
  });
  await writeCheckpoint(db, { now: opts.now });
  return n;
}

const minuteOf = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

export type Refusal = { ip: string | null; actorId: string | null; actorLogin: string | null; at: Date; details: Record<string, unknown> };

/**
 * One refused request. Counted per source (IP + person, or the IP alone when anonymous) and minute in
 * one upsert, atomic across processes; the first refusal of a source in a minute is also written to
 * the log at once, in full, in the same transaction. A flood from one client thus writes O(minutes)
 * rows: per minute its first refusal, and, when the minute is over, one `access.denied_repeated`
 * row with the count (closeRefusals). Returns whether this was the first of its minute.
 */
export async function recordRefusal(db: Db, r: Refusal): Promise<boolean> {
  const minute = minuteOf(r.at);
  const source = `${r.ip ?? '-'}|${r.actorId ?? 'anonymous'}`;
  const details = scrub(r.details);
  const at = r.at.toISOString();
  // One statement (one round trip, atomic): count, and append the pending row if this is the first.
  const res = (await db.execute(sql`with up as (
      insert into audit_refusals (source, minute, ip, actor_id, actor_login, first_at, last_at, count, details)
      values (${source}, ${minute.toISOString()}::timestamptz, ${r.ip}, ${r.actorId}::uuid, ${r.actorLogin}, ${at}::timestamptz, ${at}::timestamptz, 1, ${JSON.stringify(details)}::jsonb)
      on conflict (source, minute) do update set count = audit_refusals.count + 1, last_at = greatest(audit_refusals.last_at, excluded.last_at)
      returning count)
    insert into audit_log (id, at, actor_id, actor_login, event, outcome, ip, details)
    select ${newAuditId()}::uuid, ${at}::timestamptz, ${r.actorId}::uuid, ${r.actorLogin}, 'access.denied', 'denied', ${r.ip}, ${JSON.stringify(details)}::jsonb
    from up where up.count = 1
    returning id`)) as unknown as { rows: unknown[] };
  const first = res.rows.length === 1;
  if (first) {
    const store = deferral.getStore();
    if (store) store.wrote = true; // chained after the response, like any row of a request
    else await chainAudit(db, { probe: false });
  }
  return first;
}

/**
 * Turns the refusal counts of minutes that are over (before `now`'s minute; all of them when `now`
 * is null, at shutdown) into log rows: one `access.denied_repeated` row per source and minute that
 * saw more than one refusal, with the count (the first included) and the first refusal's details.
 * The counts are deleted in the same transaction (DELETE … RETURNING: two processes closing at
 * once never write a count twice). The rows are pending; the caller chains them.
 */
export async function closeRefusals(db: Db, now: Date | null): Promise<number> {
  return db.transaction(async (tx) => {
    const closed = await tx
      .delete(auditRefusals)
      .where(now ? lt(auditRefusals.minute, minuteOf(now)) : undefined)
      .returning();
    const repeated = closed.filter((r) => r.count > 1).sort((x, y) => x.firstAt.getTime() - y.firstAt.getTime());
    if (!repeated.length) return 0;
    await tx.insert(auditLog).values(
      repeated.map((r) => ({
        id: newAuditId(),
        at: r.lastAt,
        actorId: r.actorId,
        actorLogin: r.actorLogin,
        event: 'access.denied_repeated',
        outcome: 'denied' as const,
        ip: r.ip,
        details: { ...r.details, count: r.count, firstAt: r.firstAt.toISOString(), lastAt: r.lastAt.toISOString(), minute: r.minute.toISOString() },
      })),
    );
    return repeated.length;
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
  /** The subtrees whose objects the caller may see named (scope.ts auditTargetNameSql); by default every object for an unscoped caller, none otherwise. */
  names?: readonly string[] | 'all' | undefined;
  /** Rows whose actor or object lies in this unit's subtree (the path of a unit the caller may read). */
  unitPath?: string | undefined;
};

const namesOf = (f: AuditFilter) => f.names ?? (f.scope === undefined ? 'all' : []);
/** The row's columns, the name of its object and its actor's unit, resolved in the same query. */
const rowWithName = (f: AuditFilter) => ({ ...getTableColumns(auditLog), targetName: auditTargetNameSql(namesOf(f)), actorUnitName: auditActorUnitSql(namesOf(f)) });

/** The columns the log sorts by (GET /api/audit?sort=…; the names in schema.ts), each with the id after it and an index (tables.ts). */
const AUDIT_SORTS: Record<AuditSortField, AnyColumn> = {
  at: auditLog.at,
  actor: auditLog.actorLogin,
  event: auditLog.event,
  outcome: auditLog.outcome,
  ip: auditLog.ip,
};

function filterWhere(f: AuditFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.scope) conds.push(f.scope);
  if (f.unitPath) conds.push(auditScopeWhere([f.unitPath]) ?? sql`true`);
  if (f.from) conds.push(gte(auditLog.at, f.from));
  if (f.to) conds.push(lt(auditLog.at, f.to));
  if (f.actor) conds.push(ilike(auditLog.actorLogin, `%${f.actor.replace(/[%_\\]/g, '\\$&')}%`));
  if (f.event) conds.push(or(eq(auditLog.event, f.event), ilike(auditLog.event, `${f.event.replace(/[%_\\]/g, '\\$&')}.%`))!);
  if (f.outcome) conds.push(eq(auditLog.outcome, f.outcome));
  return conds.length ? and(...conds) : undefined;
}

export async function findAuditEntries(db: Db, opts: AuditFilter & { sort?: AuditSortField | undefined; order?: SortOrder | undefined; page: number; pageSize: number; now?: Date }) {
  if (opts.now) await closeRefusals(db, opts.now); // minutes that are over show their refusal counts
  await chainAudit(db); // the auditor sees every row with its place in the chain
  const where = filterWhere(opts);
  const items = await db
    .select(rowWithName(opts))
    .from(auditLog)
    .where(where)
    .orderBy(...orderByAllowed(AUDIT_SORTS, opts, [desc(auditLog.seq), desc(auditLog.id)], auditLog.id))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  const [{ count } = { count: 0 }] = await db.select({ count: sql<number>`count(*)::int` }).from(auditLog).where(where);
  return { items, total: Number(count) };
}

/** All matching rows, oldest first, in pages (for export). */
export async function* iterateAuditEntries(db: Db, f: AuditFilter, now?: Date) {
  if (now) await closeRefusals(db, now);
  await chainAudit(db); // an export holds every row written before it, chained
  let after = 0;
  for (;;) {
    const where = filterWhere(f);
    const page = await db
      .select(rowWithName(f))
      .from(auditLog)
      .where(where ? and(where, sql`${auditLog.seq} > ${after}`) : sql`${auditLog.seq} > ${after}`)
      .orderBy(asc(auditLog.seq))
      .limit(2000);
    if (!page.length) return;
    yield* page;
    after = page[page.length - 1]!.seq!;
  }
}
