import { defineRoute, type RouteTable } from '../http/route';
import { can, requireAccess, requireAccessOrHide, type AuthedCtx } from '../http/context';
import { dayRange } from '../http/list';
import { appError } from '../errors';
import { scopesFor } from '../access/roles';
import { auditScopeWhere, auditUnitPath, auditUnits, scopedChainStats } from './scope';
import { findAuditEntries, verifyAudit, writeAudit } from './audit';
import { auditCatalogue } from './events';
import { exportAudit } from './export';
import { ZAuditExportQuery, ZAuditPage, ZAuditQuery } from './schema';

/**
 * The rows the caller may read: every row for the deployment auditor (audit.read_all); for an
 * organisation's auditor the rows whose actor or target lies in the subtree their role is granted on.
 */
function callerPaths(ctx: AuthedCtx): readonly string[] | 'all' {
  return can(ctx, 'audit.read_all') ? 'all' : scopesFor(ctx.auth.grants, 'audit.read');
}
export function callerScope(ctx: AuthedCtx) {
  return auditScopeWhere(callerPaths(ctx));
}

/**
 * The list's and the export's filter as the log reads it: days in the deployment's time zone as
 * instants, and the unit's path (a unit outside the caller's scope is answered like one that does
 * not exist).
 */
async function resolveFilter<Q extends { from?: string | undefined; to?: string | undefined; unitId?: string | undefined }>(ctx: AuthedCtx, q: Q) {
  const { from, to, unitId, ...rest } = q;
  const days = dayRange({ from, to }, ctx.config.timeZone);
  let unitPath: string | undefined;
  if (unitId) {
    const path = await auditUnitPath(ctx.db, unitId);
    if (path === null) throw appError('common/not_found');
    if (!can(ctx, 'audit.read_all')) requireAccessOrHide(ctx, 'audit.read', path, 'audit.read');
    unitPath = path;
  }
  return { ...rest, from: days.from, to: days.until, unitPath, scope: callerScope(ctx), names: callerPaths(ctx) };
}

export const auditRoutes = {
  list: defineRoute({
    method: 'GET',
    url: '/api/audit',
    access: { permission: 'audit.read' },
    query: ZAuditQuery,
    response: ZAuditPage,
    handler: async ({ ctx, query }) => {
      requireAccess(ctx, 'audit.read');
      return findAuditEntries(ctx.db, { ...(await resolveFilter(ctx, query)), now: ctx.now });
    },
  }),
  // The units of the caller's scope, for the unit filter (an auditor holds no unit.read, so not GET /api/units).
  units: defineRoute({
    method: 'GET',
    url: '/api/audit/units',
    access: { permission: 'audit.read' },
    summary: "The units of the auditor's scope (the log's unit filter)",
    handler: async ({ ctx }) => {
      requireAccess(ctx, 'audit.read');
      return auditUnits(ctx.db, callerPaths(ctx));
    },
  }),
  // The event catalogue: every event code with its name in both languages (the filter and the table).
  events: defineRoute({
    method: 'GET',
    url: '/api/audit/events',
    access: { permission: 'audit.read' },
    summary: 'Audit event catalogue',
    handler: async ({ ctx }) => {
      requireAccess(ctx, 'audit.read');
      return auditCatalogue();
    },
  }),
  verify: defineRoute({
    method: 'GET',
    url: '/api/audit/verify',
    access: { permission: 'audit.verify' },
    handler: async ({ ctx }) => {
      requireAccess(ctx, 'audit.verify');
      const whole = await verifyAudit(ctx.db, { now: ctx.now });
      // The chain is verified whole (a row removed anywhere breaks it); an organisation's auditor is
      // told whether it holds and how many of their own rows it covers, not the deployment's totals.
      const scope = callerScope(ctx);
      const result =
        scope === undefined ? whole : whole.ok ? { ...whole, ...(await scopedChainStats(ctx.db, scope)) } : { ...whole, rows: (await scopedChainStats(ctx.db, scope, whole.break.seq)).rows };
      await writeAudit(ctx.db, { event: 'audit.verify', outcome: 'success', actorId: ctx.auth.personId, actorLogin: ctx.auth.login, ip: ctx.ip, at: ctx.now, details: { ok: result.ok } });
      return result;
    },
  }),
  export: defineRoute({
    method: 'GET',
    url: '/api/audit/export',
    access: { permission: 'audit.export' },
    query: ZAuditExportQuery,
    produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
    handler: async ({ ctx, query, reply }) => {
      requireAccess(ctx, 'audit.export');
      const { format, ...filter } = query;
      const buf = await exportAudit(ctx.db, await resolveFilter(ctx, filter), { format, locale: ctx.locale, timeZone: ctx.config.timeZone, now: ctx.now });
      await writeAudit(ctx.db, { event: 'audit.export', outcome: 'success', actorId: ctx.auth.personId, actorLogin: ctx.auth.login, ip: ctx.ip, at: ctx.now, details: { format, filter } });
      const stamp = ctx.now.toISOString().slice(0, 10);
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="audit-${stamp}.${format}"`)
        .send(buf);
    },
  }),
} satisfies RouteTable;
