import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { backoffMs, claimJobs, completeJob, enqueueJob, failJob, renewLease, type Job } from './queue';
import { assertSchedule, nextSlot, slotKey, type Schedule } from './schedule';

/**
 * A kind of job, defined by the domain that owns the work (e.g. audit's `audit.purge`) and
 * registered by server/main.ts. `run` gets a context made for the job (the system caller) and the
 * job row; it throws to fail the attempt.
 */
export type JobDefinition<C> = {
  name: string;
  run: (ctx: C, job: Job) => Promise<unknown>;
  /** Attempts before the job is dead (default 5). */
  maxAttempts?: number;
  /** Wait before retry n: baseMs · 2^(n-1), at most maxMs (default 30 s … 1 h). */
  backoff?: { baseMs: number; maxMs: number };
  /** Recurring: the runner keeps the next slot enqueued (one row per slot across processes). */
  schedule?: Schedule;
};

export type JobLog = { error(obj: object, msg: string): void; warn(obj: object, msg: string): void; info?(obj: object, msg: string): void };

export type RunnerOptions<C> = {
  db: Db;
  clock: Clock;
  /** The deployment's time zone (daily schedules are wall-clock times there). */
  timeZone: string;
  /** The context a job runs with (the system caller, named after the job). */
  contextFor: (job: Job) => C;
  workerId?: string;
  /** Wait between polls when nothing was due (default 5 s). */
  pollMs?: number;
  /** How long a claim holds without renewal; a job whose worker died is taken over after it (default 60 s). */
  leaseMs?: number;
  /** Jobs run at once by this process (default 2). */
  concurrency?: number;
  /** How long stop() waits for running jobs before it gives up on them (default 10 s; their lease lapses). */
  stopWaitMs?: number;
  log?: JobLog;
};

const DEFAULT_BACKOFF = { baseMs: 30_000, maxMs: 3_600_000 };
const silent: JobLog = { error: () => undefined, warn: () => undefined };

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return `${typeof code === 'string' ? `[${code}] ` : ''}${e.message || e.name}`;
  }
  return String(e);
}

/**
 * One process's worker: keeps schedules enqueued, claims due jobs and runs them. Start it with
 * start() and end it with stop(); its timers never keep the process alive. Several runners (threads,
 * processes, machines) may share one database: claims skip each other's rows.
 */
export class JobRunner<C> {
  readonly workerId: string;
  private readonly defs = new Map<string, JobDefinition<C>>();
  /** The slot each schedule last enqueued from this process (saves a write per poll). */
  private readonly enqueuedSlot = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private loopDone: Promise<void> | null = null;
  private stopped = false;
  private started = false;
  private readonly o: Required<Omit<RunnerOptions<C>, 'workerId'>>;

  constructor(opts: RunnerOptions<C>) {
    this.workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.o = { pollMs: 5_000, leaseMs: 60_000, concurrency: 2, stopWaitMs: 10_000, log: silent, ...opts };
  }

  define(def: JobDefinition<C>): this {
    if (this.defs.has(def.name)) throw new Error(`job "${def.name}" is defined twice`);
    if (def.schedule) assertSchedule(def.schedule);
    this.defs.set(def.name, def);
    return this;
  }

  get names(): string[] {
    return [...this.defs.keys()];
  }

  /** Enqueues a job of a defined kind (now, unless runAt says later). */
  async enqueue(name: string, payload: Record<string, unknown> = {}, o: { runAt?: Date; uniqueKey?: string } = {}): Promise<string | null> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`no job named "${name}" is defined`);
    const now = this.o.clock();
    return enqueueJob(this.o.db, { name, payload, runAt: o.runAt ?? now, maxAttempts: def.maxAttempts ?? 5, uniqueKey: o.uniqueKey ?? null, now });
  }

  /**
   * Makes sure the next slot of every schedule is enqueued. Idempotent across processes: the slot's
   * unique key lets exactly one insert through. Returns how many rows this call added.
   */
  async enqueueSchedules(): Promise<number> {
    const now = this.o.clock();
    let added = 0;
    for (const def of this.defs.values()) {
      if (!def.schedule) continue;
      const slot = nextSlot(def.schedule, now, this.o.timeZone);
      if (this.enqueuedSlot.get(def.name) === slot.getTime()) continue;
      if (await this.enqueue(def.name, {}, { runAt: slot, uniqueKey: slotKey(def.name, slot) })) added++;
      this.enqueuedSlot.set(def.name, slot.getTime());
    }
    return added;
  }

  /** Claims what is due (up to the free concurrency) and runs it to the end. Returns how many ran. */
  async runDue(): Promise<number> {
    const free = this.o.concurrency - this.running.size;
    if (free < 1) return 0;
    const now = this.o.clock();
    const claimed = await claimJobs(this.o.db, { names: this.names, workerId: this.workerId, now, leaseMs: this.o.leaseMs, limit: free });
    await Promise.all(claimed.map((job) => this.track(this.execute(job))));
    return claimed.length;
  }

  /** One round: schedules, then due jobs. */
  async tick(): Promise<number> {
    await this.enqueueSchedules();
    return this.runDue();
  }

  private track(p: Promise<void>): Promise<void> {
    this.running.add(p);
    return p.finally(() => this.running.delete(p));
  }

  private async execute(job: Job): Promise<void> {
    const def = this.defs.get(job.name)!;
    const { db, clock, leaseMs, log } = this.o;
    const heartbeat = setInterval(() => {
      const now = clock();
      renewLease(db, { id: job.id, workerId: this.workerId, until: new Date(now.getTime() + leaseMs), now }).catch((err: unknown) =>
        log.warn({ err, job: job.id }, 'job lease renewal failed'),
      );
    }, Math.max(1_000, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    try {
      await def.run(this.o.contextFor(job), job);
      clearInterval(heartbeat);
      if (!(await completeJob(db, { id: job.id, workerId: this.workerId, now: clock() }))) {
        log.warn({ job: job.id, name: job.name }, 'job finished after its lease lapsed; another worker had taken it over');
      }
    } catch (e) {
      clearInterval(heartbeat);
      const error = describeError(e);
      const state = await failJob(db, { job, workerId: this.workerId, now: clock(), error, retryInMs: backoffMs(job.attempts, def.backoff ?? DEFAULT_BACKOFF) }).catch(
        (err: unknown) => {
          log.error({ err, job: job.id }, 'could not record a failed job attempt');
          return null;
        },
      );
      (state === 'dead' ? log.error : log.warn).call(log, { job: job.id, name: job.name, attempt: job.attempts, error }, state === 'dead' ? 'job failed for the last time' : 'job attempt failed');
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Polls until stop(): at once after a round that ran something, else every pollMs. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.arm(0);
  }

  private arm(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.loopDone = this.tick().then(
        (ran) => this.arm(ran > 0 ? 0 : this.o.pollMs),
        (err: unknown) => {
          this.o.log.error({ err }, 'job worker round failed');
          this.arm(this.o.pollMs);
        },
      );
    }, ms);
    this.timer.unref();
  }

  /** Stops polling and waits (up to stopWaitMs) for running jobs; a job still running then is taken over by another worker after its lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let waitTimer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      waitTimer = setTimeout(() => resolve('timeout'), this.o.stopWaitMs);
      waitTimer.unref();
    });
    const settled = Promise.allSettled([this.loopDone ?? Promise.resolve(), ...this.running]).then(() => 'done' as const);
    const r = await Promise.race([settled, timeout]);
    clearTimeout(waitTimer);
    if (r === 'timeout') this.o.log.warn({ running: this.running.size }, 'stopped while jobs were still running; their leases will lapse');
  }
}
