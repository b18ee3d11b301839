import { requireAccess } from '../http/context';
import { defineRoute, type RouteTable } from '../http/route';
import { findJobs } from './queue';
import { ZJobsQuery } from './schema';

export const jobsRoutes = {
  /** Recent jobs, newest first: state, attempts, next run, last error (administrators). */
  list: defineRoute({
    method: 'GET',
    url: '/api/jobs',
    access: { permission: 'system.jobs' },
    query: ZJobsQuery,
    handler: async ({ ctx, query }) => {
      requireAccess(ctx, 'system.jobs');
      return findJobs(ctx.db, query);
    },
  }),
} satisfies RouteTable;
