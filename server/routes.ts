import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import { route } from './http/route';
import { orgRoutes } from './org/routes';

/** Every domain's routes. A new domain adds one line here. */
export async function registerRoutes(app: FastifyInstance) {
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
}
