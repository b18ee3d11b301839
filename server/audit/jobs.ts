import type { AuthedCtx } from '../http/context';
import { purgeAudit } from './audit';

/**
 * The audit log's background jobs, registered with the job runner by server/main.ts. Retention:
 * rows past the configured age are purged every day at 03:00 in the deployment's time zone (and
 * once at each start); a purge that removes rows writes its own audit row as the system caller.
 */
export const auditJobs = [
  {
    name: 'audit.purge',
    schedule: { daily: '03:00' },
    maxAttempts: 5,
    run: (ctx: AuthedCtx) => purgeAudit(ctx.db, { now: ctx.now, retentionDays: ctx.config.auditRetentionDays, by: ctx }),
  },
];
