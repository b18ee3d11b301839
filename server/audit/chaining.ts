import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { AuditChainer, checkAuditKey, runWithDeferredChaining, writeCheckpoint } from './audit';
import { auditKey, configureAudit } from './key';

/**
 * Requests append audit rows without a lock; the chainer gives them their place after the request's
 * transaction has committed: before the response when auditChainMs is 0, else at most auditChainMs
 * later (batched), plus a sweep every 5 s (or the window, if longer) for rows another process left
 * pending and for refusal counts of minutes that are over.
 * At start the audit key is loaded (or created) and checked against the log; at close what is left is
 * chained and a signed checkpoint is written outside the database.
 */
export function installAuditChaining(app: FastifyInstance) {
  const { config, database } = app.xb;
  configureAudit({ dataDir: config.dataDir, auditKey: config.auditKey });
  const delayMs = config.auditChainMs;
  const chainer = new AuditChainer(database.db, {
    delayMs,
    sweepMs: Math.max(5_000, delayMs),
    clock: app.xb.clock,
    onError: (err) => app.log.error({ err }, 'audit chaining failed'),
  });
  const stores = new WeakMap<FastifyRequest, { wrote: boolean }>();
  app.addHook('onReady', async () => {
    // A wrong key stops the start here, before this process chains a row the others cannot verify.
    await checkAuditKey(database.db, auditKey());
    if (database.kind === 'pg') {
      const res = (await database.db.execute(
        sql`select pg_get_userbyid(c.relowner) = current_user or r.rolsuper as owner from pg_class c, pg_roles r where c.relname = 'audit_log' and c.relkind = 'r' and r.rolname = current_user`,
      )) as unknown as { rows: { owner: boolean }[] };
      if (res.rows[0]?.owner) {
        app.log.warn(
          '审计日志：应用以表的所有者身份连接数据库，数据库本身不能阻止它修改或删除审计记录（篡改仍可由 audit verify 发现）/ audit log: the application connects as the owner of audit_log, so the database cannot stop it from changing the log (tampering is still detected by `xuanbao audit verify`); see README, "A restricted database role"',
        );
      }
    }
  });
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
    await writeCheckpoint(database.db, { now: app.xb.clock() }).catch((err: unknown) => app.log.error({ err }, 'audit checkpoint failed'));
  });
}
