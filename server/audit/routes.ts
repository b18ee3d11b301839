import type { FastifyInstance, FastifyRequest } from 'fastify';
import { route } from '../http/route';
import { requireAccess } from '../http/context';
import { AuditChainer, findAuditEntries, runWithDeferredChaining, verifyAudit, writeAudit } from './audit';
import { exportAudit } from './export';
import { ZAuditExportQuery, ZAuditQuery } from './schema';

/**
 * Requests append audit rows without a lock; the chainer gives them their place after the request's
 * transaction has committed: before the response when auditChainMs is 0, else at most auditChainMs
 * later (batched), plus a sweep every 5 s (or the window, if longer) for rows another process left pending.
 */
function deferredChaining(app: FastifyInstance) {
  const delayMs = app.xb.config.auditChainMs;
  const chainer = new AuditChainer(app.xb.database.db, { delayMs, sweepMs: Math.max(5_000, delayMs), onError: (err) => app.log.error({ err }, 'audit chaining failed') });
  const stores = new WeakMap<FastifyRequest, { wrote: boolean }>();
  app.addHook('preHandler', (req, _reply, done) => {
    const store = { wrote: false };
    stores.set(req, store);
    runWithDeferredChaining(store, done);
  });
  app.addHook('onSend', async (req) => {
    if (!stores.get(req)?.wrote) return;
    if (delayMs === 0) await chainer.flush({ probe: false });
    else chainer.kick();
  });
  app.addHook('onClose', async () => {
    await chainer.stop();
  });
}

export function auditRoutes(app: FastifyInstance) {
  deferredChaining(app);
  route(app, {
    method: 'GET',
    url: '/api/audit',
    access: { permission: 'audit.read' },
    query: ZAuditQuery,
    handler: async ({ ctx, query }) => {
      requireAccess(ctx, 'audit.read');
      return findAuditEntries(ctx.db, query);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/audit/verify',
    access: { permission: 'audit.verify' },
    handler: async ({ ctx }) => {
      requireAccess(ctx, 'audit.verify');
      const result = await verifyAudit(ctx.db);
      await writeAudit(ctx.db, { event: 'audit.verify', outcome: 'success', actorId: ctx.auth.personId, actorLogin: ctx.auth.login, ip: ctx.ip, at: ctx.now, details: { ok: result.ok } });
      return result;
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/audit/export',
    access: { permission: 'audit.export' },
    query: ZAuditExportQuery,
    handler: async ({ ctx, query, reply }) => {
      requireAccess(ctx, 'audit.export');
      const { format, ...filter } = query;
      const buf = await exportAudit(ctx.db, filter, { format, locale: ctx.locale, timeZone: ctx.config.timeZone });
      await writeAudit(ctx.db, { event: 'audit.export', outcome: 'success', actorId: ctx.auth.personId, actorLogin: ctx.auth.login, ip: ctx.ip, at: ctx.now, details: { format, filter } });
      const stamp = ctx.now.toISOString().slice(0, 10);
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="audit-${stamp}.${format}"`)
        .send(buf);
    },
  });
}
