import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from '../db/columns';

export const JOB_STATES = ['queued', 'running', 'failed', 'done', 'dead'] as const;
/**
 * queued: waiting for its first run (run_at); running: claimed by a worker until locked_until;
 * failed: the last attempt threw, retried at run_at; done; dead: gave up after max_attempts.
 */
export type JobState = (typeof JOB_STATES)[number];

/**
 * The durable job queue. Workers claim due rows with `FOR UPDATE SKIP LOCKED` and hold a lease
 * (locked_by, locked_until) that they renew while the job runs; a lease that lapses (the worker
 * died) makes the job claimable again. `unique_key` makes enqueueing idempotent, e.g. one row per
 * schedule slot however many processes tick the schedule.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    name: text('name').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    state: text('state').$type<JobState>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    runAt: ts('run_at').notNull(),
    lockedBy: text('locked_by'),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    uniqueKey: text('unique_key'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('jobs_unique_key_idx').on(t.uniqueKey),
    // Claims walk the pending jobs in run_at order and stop at the limit (no sort of the backlog).
    index('jobs_pending_idx').on(t.runAt).where(sql`${t.state} in ('queued', 'failed', 'running')`),
    index('jobs_created_idx').on(t.createdAt),
    check('jobs_state_check', sql`${t.state} in ('queued', 'running', 'failed', 'done', 'dead')`),
    check('jobs_attempts_check', sql`${t.maxAttempts} >= 1 and ${t.attempts} >= 0`),
  ],
);
