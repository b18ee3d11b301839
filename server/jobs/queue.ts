import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { jobs, type JobState } from './tables';

export type Job = typeof jobs.$inferSelect;

export type EnqueueInput = {
  name: string;
  payload?: Record<string, unknown>;
  /** When it may run first (default: now). */
  runAt: Date;
  maxAttempts: number;
  /** Idempotency: a second enqueue with the same key adds nothing and returns null. */
  uniqueKey?: string | null;
};

/**
 * Adds a job. Pass the caller's transaction to enqueue together with the change that asks for it
 * (the job exists exactly when the change committed).
 */
export async function enqueueJob(tx: Tx, input: EnqueueInput & { now: Date }): Promise<string | null> {
  const id = randomUUID();
  const rows = await tx
    .insert(jobs)
    .values({
      id,
      name: input.name,
      payload: input.payload ?? {},
      state: 'queued',
      maxAttempts: input.maxAttempts,
      runAt: input.runAt,
      uniqueKey: input.uniqueKey ?? null,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoNothing({ target: jobs.uniqueKey })
    .returning({ id: jobs.id });
  return rows[0]?.id ?? null;
}

type RawJob = Record<string, unknown>;
const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

function fromRaw(r: RawJob): Job {
  return {
    id: String(r.id),
    name: String(r.name),
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    state: r.state as JobState,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    runAt: date(r.run_at)!,
    lockedBy: (r.locked_by as string | null) ?? null,
    lockedUntil: date(r.locked_until),
    lastError: (r.last_error as string | null) ?? null,
    uniqueKey: (r.unique_key as string | null) ?? null,
    startedAt: date(r.started_at),
    finishedAt: date(r.finished_at),
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
  };
}

const rowsOf = (r: unknown) => (r as { rows: RawJob[] }).rows;

/**
 * Claims up to `limit` due jobs of the given names for one worker: queued or failed jobs whose
 * run_at has come, and running jobs whose lease lapsed (their worker died). One statement; rows
 * another worker is claiming at the same moment are skipped, not waited for, so two workers never
 * claim one job. A lapsed job that already used its last attempt is marked dead instead.
 */
export async function claimJobs(db: Db, o: { names: readonly string[]; workerId: string; now: Date; leaseMs: number; limit: number }): Promise<Job[]> {
  if (!o.names.length || o.limit < 1) return [];
  const names = sql.join(o.names.map((n) => sql`${n}`), sql`, `);
  await db.execute(sql`
    update jobs set state = 'dead', locked_by = null, locked_until = null, finished_at = ${o.now}, updated_at = ${o.now},
      last_error = 'lease expired during attempt ' || attempts || ' of ' || max_attempts || ' (the worker stopped or lost the database)'
      || coalesce(E'\n' || last_error, '')
    where state = 'running' and locked_until < ${o.now} and attempts >= max_attempts and name in (${names})`);
  // The CTE with FOR UPDATE is evaluated once (PostgreSQL never inlines a CTE with row locks). A running
  // job's run_at is never in the future (it was due when claimed), so one run_at bound serves both cases.
  const res = await db.execute(sql`
    with picked as (
      select id from jobs
      where state in ('queued', 'failed', 'running') and run_at <= ${o.now}
        and (state <> 'running' or locked_until < ${o.now})
        and name in (${names})
      order by run_at
      limit ${o.limit}
      for update skip locked
    )
    update jobs set state = 'running', attempts = jobs.attempts + 1, locked_by = ${o.workerId},
      locked_until = ${new Date(o.now.getTime() + o.leaseMs)}, started_at = ${o.now}, updated_at = ${o.now}
    from picked where jobs.id = picked.id
    returning jobs.*`);
  return rowsOf(res).map(fromRaw);
}

/** Extends a running job's lease; false when the worker no longer holds it. */
export async function renewLease(db: Db, o: { id: string; workerId: string; until: Date; now: Date }): Promise<boolean> {
  const r = await db
    .update(jobs)
    .set({ lockedUntil: o.until, updatedAt: o.now })
    .where(and(eq(jobs.id, o.id), eq(jobs.lockedBy, o.workerId), eq(jobs.state, 'running')))
    .returning({ id: jobs.id });
  return r.length === 1;
}

/** Marks a job done; false when the worker had lost its lease (another worker took the job over). */
export async function completeJob(db: Db, o: { id: string; workerId: string; now: Date }): Promise<boolean> {
  const r = await db
    .update(jobs)
    .set({ state: 'done', lockedBy: null, lockedUntil: null, finishedAt: o.now, updatedAt: o.now })
    .where(and(eq(jobs.id, o.id), eq(jobs.lockedBy, o.workerId), eq(jobs.state, 'running')))
    .returning({ id: jobs.id });
  return r.length === 1;
}

/** Exponential back-off: base, 2×base, 4×base … capped. */
export function backoffMs(attempt: number, o: { baseMs: number; maxMs: number }): number {
  return Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Records a failed attempt: retried after the back-off, or dead after the last attempt. Returns the
 * new state (null when the worker had lost its lease and changed nothing).
 */
export async function failJob(db: Db, o: { job: Job; workerId: string; now: Date; error: string; retryInMs: number }): Promise<'failed' | 'dead' | null> {
  const state = o.job.attempts >= o.job.maxAttempts ? 'dead' : 'failed';
  const r = await db
    .update(jobs)
    .set({
      state,
      lockedBy: null,
      lockedUntil: null,
      lastError: o.error.slice(0, 4000),
      runAt: state === 'failed' ? new Date(o.now.getTime() + o.retryInMs) : o.job.runAt,
      finishedAt: state === 'dead' ? o.now : null,
      updatedAt: o.now,
    })
    .where(and(eq(jobs.id, o.job.id), eq(jobs.lockedBy, o.workerId), eq(jobs.state, 'running')))
    .returning({ id: jobs.id });
  return r.length === 1 ? state : null;
}

export type JobFilter = { state?: JobState | undefined; name?: string | undefined };

/** Jobs newest first (for administrators), with how many there are in each state. */
export async function findJobs(db: Db, o: JobFilter & { page: number; pageSize: number }) {
  const conds: SQL[] = [];
  if (o.state) conds.push(eq(jobs.state, o.state));
  if (o.name) conds.push(eq(jobs.name, o.name));
  const where = conds.length ? and(...conds) : undefined;
  const items = await db
    .select({
      id: jobs.id,
      name: jobs.name,
      state: jobs.state,
      attempts: jobs.attempts,
      maxAttempts: jobs.maxAttempts,
      runAt: jobs.runAt,
      lockedBy: jobs.lockedBy,
      lockedUntil: jobs.lockedUntil,
      lastError: jobs.lastError,
      startedAt: jobs.startedAt,
      finishedAt: jobs.finishedAt,
      createdAt: jobs.createdAt,
    })
    .from(jobs)
    .where(where)
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(o.pageSize)
    .offset((o.page - 1) * o.pageSize);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(jobs).where(where);
  return { items, total: Number(total), states: await countJobsByState(db) };
}

/** How many jobs there are in each state (the jobs page's tabs, the administrator's home page). */
export async function countJobsByState(db: Db): Promise<Partial<Record<JobState, number>>> {
  const byState = await db.select({ state: jobs.state, n: count() }).from(jobs).groupBy(jobs.state);
  return Object.fromEntries(byState.map((r) => [r.state, Number(r.n)])) as Partial<Record<JobState, number>>;
}

/**
 * Deletes finished jobs past their keeping time: done ones after `doneDays`, dead ones (which an
 * administrator may still need to look into) after `deadDays`, both counted from when they
 * finished. Queued, running and failed (to be retried) jobs are never touched. Returns how many.
 */
export async function pruneJobs(db: Db, o: { now: Date; doneDays: number; deadDays: number }): Promise<number> {
  const before = (days: number) => new Date(o.now.getTime() - days * 86_400_000);
  const gone = await db
    .delete(jobs)
    .where(
      or(
        and(eq(jobs.state, 'done'), lt(jobs.finishedAt, before(o.doneDays))),
        and(eq(jobs.state, 'dead'), lt(jobs.finishedAt, before(o.deadDays))),
      ),
    )
    .returning({ id: jobs.id });
  return gone.length;
}
