import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuditChainer, runWithDeferredChaining } from './audit';

/**
 * Requests append audit rows without a lock; the chainer gives them their place after the request's
 * transaction has committed: before the response when auditChainMs is 0, else at most auditChainMs
 * later (batched), plus a sweep every 5 s (or the window, if longer) for rows another process left pending.
 */
export function installAuditChaining(app: FastifyInstance) {
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
