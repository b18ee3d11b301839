import type { AuthedCtx } from '../http/context';
import { purgeAudit, writeCheckpoint } from './audit';

/**
 * The audit log's background jobs, registered with the job runner by server/main.ts. Retention:
 * rows past the configured age are purged every day at 03:00 in the deployment's time zone (and
 * once at each start); a purge that removes rows writes its own audit row as the system caller.
 * Checkpoints: every 5 minutes the newest chained row is named in a signed line of the checkpoint
 * file outside the database (nothing is written when the log has not grown).
 */
export const auditJobs = [
  {
    name: 'audit.purge',
    schedule: { daily: '03:00' },
    maxAttempts: 5,
    run: (ctx: AuthedCtx) => purgeAudit(ctx.db, { now: ctx.now, retentionDays: ctx.config.auditRetentionDays, by: ctx }),
  },
  {
    name: 'audit.checkpoint',
    schedule: { everyMinutes: 5 },
    maxAttempts: 3,
    run: async (ctx: AuthedCtx) => void (await writeCheckpoint(ctx.db, { now: ctx.now })),
  },
];
