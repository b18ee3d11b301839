import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import { route } from './http/route';
import { jobsRoutes } from './jobs/routes';
import { orgRoutes } from './org/routes';
import { reviewRoutes } from './review/routes';
import { submissionRoutes } from './submissions/routes';
import { unitHasSubmissions } from './submissions/access';
import { registerUnitHistoryCheck } from './org/units';

/** Every domain's routes. A new domain adds one line here. */
export async function registerRoutes(app: FastifyInstance) {
  registerUnitHistoryCheck(unitHasSubmissions);
  route(app, {
    method: 'GET',
    url: '/api/health',
    access: { public: true },
    handler: async ({ ctx }) => {
      await ctx.database.query(sql`select 1`);
      return { status: 'ok', database: ctx.database.kind };
    },
  });
  authRoutes(app);
  orgRoutes(app);
  auditRoutes(app);
  submissionRoutes(app);
  reviewRoutes(app);
  jobsRoutes(app);
}
