import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import type { ApiOf } from './http/contract';
import { defineRoute, registerRouteTable, type RouteTable } from './http/route';
import { docsRoutes } from './http/openapi';
import { orgRoutes } from './org/routes';
import { reviewRoutes } from './review/routes';
import { submissionRoutes } from './submissions/routes';
import { unitHasSubmissions } from './submissions/access';
import { registerUnitHistoryCheck } from './org/units';

const coreRoutes = {
  health: defineRoute({
    method: 'GET',
    url: '/api/health',
    access: { public: true },
    handler: async ({ ctx }) => {
      await ctx.database.query(sql`select 1`);
      return { status: 'ok', database: ctx.database.kind };
    },
  }),
} satisfies RouteTable;

/** Every domain's route table. A new domain adds one line here (and so joins the `Api` type). */
export const ROUTE_TABLES = {
  core: coreRoutes,
  auth: authRoutes,
  org: orgRoutes,
  audit: auditRoutes,
  submissions: submissionRoutes,
  review: reviewRoutes,
  docs: docsRoutes,
} satisfies Record<string, RouteTable>;

/**
 * The whole HTTP API as one type: `Api['GET /api/units']` has the request's `params`, `query` and
 * `body` and the answer's `response` (as JSON). The web app and the test client import it as a type.
 */
export type Api = ApiOf<typeof ROUTE_TABLES>;

export async function registerRoutes(app: FastifyInstance) {
  registerUnitHistoryCheck(unitHasSubmissions);
  for (const [name, table] of Object.entries(ROUTE_TABLES)) registerRouteTable(app, table, name);
}
