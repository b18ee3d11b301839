import type { FastifyInstance } from 'fastify';
import { writeAudit } from './audit';

/** Every refused API request (401/403) becomes an `access.denied` row: who, which route, why. */
export function auditRefusals(app: FastifyInstance) {
  app.xb.refusalListeners.push(async (req, e) => {
    const ctx = req.xbCtx;
    await writeAudit(app.xb.database.db, {
      event: 'access.denied',
      outcome: 'denied',
      actorId: ctx?.auth?.personId ?? null,
      actorLogin: ctx?.auth?.login ?? null,
      ip: req.ip,
      at: app.xb.clock(),
      details: { method: req.method, route: req.routeOptions?.url ?? req.url.split('?')[0], reason: e.code },
    });
  });
}
