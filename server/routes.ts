import type { FastifyInstance } from 'fastify';
import { installAuditChaining } from './audit/chaining';
import { auditRefusals } from './audit/refusals';
import { auditRoutes } from './audit/routes';
import type { ApiOf } from './http/contract';
import { docsRoutes } from './http/openapi';
import { defineRoute, registerRouteTable, type RouteTable } from './http/route';
import { homeRoutes } from './home/routes';
import { jobsRoutes } from './jobs/routes';
import { notificationRoutes } from './notifications/routes';
import { authRoutes } from './org/auth/routes';
import { installSessions } from './org/auth/sessions';
import { orgRoutes } from './org/routes';
import { registerUnitHistoryCheck, unitNameByPath } from './org/units';
import { caseAuditName, submissionAuditName, submissionsAuditScope, unitHasSubmissions } from './submissions/access';
import { registerAuditScope, registerAuditTargetName, registerAuditUnits } from './audit/scope';
import { onForwardedItemAccepted } from './submissions/forward-hooks';
import { recordForwardedAcceptance } from './records/forwarding';
import { actorUnitAuditName, orgAuditScope, personAuditName, unitAuditName, unitPathForAudit, unitsForAudit } from './org/audit-scope';
import { submissionRoutes } from './submissions/routes';
import { recordRoutes } from './records/routes';
import { briefingRoutes } from './briefings/routes';
import { briefingsAuditScope, unitHasBriefings } from './briefings/issues';
import { archiveRoutes } from './archive/routes';
import { scoringRoutes } from './scoring/routes';
import { noticeRoutes } from './scoring/notices-routes';
import { appealRoutes } from './scoring/appeals-routes';
import { registerArchiveSource } from './archive/archive';
import { searchBriefings } from './briefings/search';

const coreRoutes = {
  health: defineRoute({
    method: 'GET',
    url: '/api/health',
    access: { public: true },
    handler: async ({ ctx }) => {
      await ctx.database.ping();
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
  records: recordRoutes,
  briefings: briefingRoutes,
  archive: archiveRoutes,
  scoring: scoringRoutes,
  notices: noticeRoutes,
  appeals: appealRoutes,
  notifications: notificationRoutes,
  jobs: jobsRoutes,
  home: homeRoutes,
  docs: docsRoutes,
} satisfies Record<string, RouteTable>;

/**
 * The whole HTTP API as one type: `Api['GET /api/units']` has the request's `params`, `query` and
 * `body` and the answer's `response` (as JSON). The web app and the test client import it as a type.
 */
export type Api = ApiOf<typeof ROUTE_TABLES>;

/** The composition of the API: sessions, the refusal audit, then every domain's route table. */
export async function registerRoutes(app: FastifyInstance) {
  installSessions(app);
  installAuditChaining(app);
  auditRefusals(app);
  registerUnitHistoryCheck(unitHasSubmissions);
  onForwardedItemAccepted(recordForwardedAcceptance);
  registerArchiveSource('briefings', searchBriefings);
  registerUnitHistoryCheck(unitHasBriefings);
  app.xb.unitName = (path) => unitNameByPath(app.xb.database.db, path);
  registerAuditScope('org', orgAuditScope);
  registerAuditScope('submissions', submissionsAuditScope);
  registerAuditScope('briefings', briefingsAuditScope);
  registerAuditTargetName('person', personAuditName);
  registerAuditTargetName('unit', unitAuditName);
  registerAuditTargetName('submission', submissionAuditName);
  registerAuditTargetName('case', caseAuditName);
  registerAuditUnits({ unitPath: unitPathForAudit, actorUnitName: actorUnitAuditName, units: unitsForAudit });
  for (const [name, table] of Object.entries(ROUTE_TABLES)) registerRouteTable(app, table, name);
}
