import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { auditRefusals } from './audit/refusals';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './org/auth/routes';
import { installSessions } from './org/auth/sessions';
import { route } from './http/route';
import { jobsRoutes } from './jobs/routes';
import { orgRoutes } from './org/routes';
import { notificationRoutes } from './notifications/routes';
import { submissionRoutes } from './submissions/routes';
import { unitHasSubmissions } from './submissions/access';
import { registerUnitHistoryCheck } from './org/units';

/** The composition of the API: sessions, the refusal audit, then every domain's routes. A new domain adds one line here. */
export async function registerRoutes(app: FastifyInstance) {
  installSessions(app);
  auditRefusals(app);
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
  notificationRoutes(app);
  jobsRoutes(app);
}
