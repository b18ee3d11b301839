import type { FastifyInstance } from 'fastify';
import { recordRefusal } from './audit';

/**
 * Every refused API request (401/403) is on the record: counted per source (IP + person, or the IP
 * alone) and minute; the first of each minute is an `access.denied` row (who, which route, why) at
 * once, the rest one `access.denied_repeated` row with the count when the minute is over.
 */
export function auditRefusals(app: FastifyInstance) {
  app.xb.refusalListeners.push(async (req, e) => {
    const ctx = req.xbCtx;
    await recordRefusal(app.xb.database.db, {
      actorId: ctx?.auth?.personId ?? null,
      actorLogin: ctx?.auth?.login ?? null,
      ip: req.ip,
      at: app.xb.clock(),
      details: { method: req.method, route: req.routeOptions?.url ?? req.url.split('?')[0], reason: e.code },
    });
  });
}
