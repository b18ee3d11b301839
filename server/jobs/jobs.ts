import type { AuthedCtx } from '../http/context';
import { pruneJobs } from './queue';

/** Days a finished job stays visible on the jobs page: done ones, and dead ones (kept longer, to be looked into). */
export const JOB_KEEP_DAYS = { done: 30, dead: 180 };

/**
 * The queue's own upkeep, registered by server/main.ts like any domain's jobs: every day at 03:30
 * in the deployment's time zone, finished jobs past their keeping time are deleted (one row per
 * schedule slot otherwise grows the table for ever).
 */
export const jobQueueJobs = [
  {
    name: 'jobs.prune',
    schedule: { daily: '03:30' },
    maxAttempts: 5,
    run: async (ctx: AuthedCtx) => ({ deleted: await pruneJobs(ctx.db, { now: ctx.now, doneDays: JOB_KEEP_DAYS.done, deadDays: JOB_KEEP_DAYS.dead }) }),
  },
];
