import type { FastifyInstance } from 'fastify';
import { requireAccess } from '../http/context';
import { route } from '../http/route';
import { findJobs } from './queue';
import { ZJobsQuery } from './schema';

export function jobsRoutes(app: FastifyInstance) {
  /** Recent jobs, newest first: state, attempts, next run, last error (administrators). */
  route(app, {
    method: 'GET',
    url: '/api/jobs',
    access: { permission: 'system.jobs' },
    query: ZJobsQuery,
    handler: async ({ ctx, query }) => {
      requireAccess(ctx, 'system.jobs');
      return findJobs(ctx.db, query);
    },
  });
}
