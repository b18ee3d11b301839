import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { runAdminCommand, warnMissing, withStore } from '../server/admin/commands';
import type { AdminRequest } from '../server/admin/protocol';
import { auditEvent } from '../server/audit/audit';
import { restoreFromFile } from '../server/backup/backup';
import { systemClock } from '../server/clock';
import type { Config } from '../server/config';
import type { Database } from '../server/db/client';
import { formatDemoAccounts, loadDemoData } from '../server/demo/demo';
import { loadDemoSubmissions } from '../server/demo/demo-submissions';
import { errorMessage, isAppError } from '../server/errors';
import { systemCtx } from '../server/http/context';
import { BLOB_OWNERS, isEmpty, openConfiguredDatabase, startServer, writeDemoAccounts } from '../server/main';

/**
 * The commands that open the database in this process (loaded only when one runs: a command that
 * goes through the running server's socket never loads the server's modules, and starts faster).
 */

/**
 * The system caller for one command: the use cases check and audit it like any caller; its audit
 * rows name the operating-system user ('cli:<user>') and the command ({ via: 'cli', command }).
 */
const cliCtx = (database: Database, c: Config, command: string) =>
  systemCtx({ database, config: c, actor: { via: 'cli', command, operator: os.userInfo().username } });

async function withDb<T>(c: Config, fn: (db: Database, c: Config) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(c);
  try {
    return await fn(database, c);
  } catch (e) {
    if (isAppError(e)) throw new Error(`${errorMessage(e.code, 'zh-CN', e.params)} / ${errorMessage(e.code, 'en', e.params)}${e.fields.length ? `: ${e.fields.map((f) => `${f.path} ${f.message}`).join('; ')}` : ''}`);
    throw e;
  } finally {
    await database.close();
  }
}

/** A data command on a database this process opens; returns its exit code. */
export function runHere(c: Config, req: AdminRequest): Promise<number> {
  return withDb(c, (database, config) =>
    runAdminCommand(
      { database, config, owners: BLOB_OWNERS, operator: os.userInfo().username, out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) },
      req,
    ),
  );
}

export async function start(c: Config) {
  const s = await startServer(c);
  const stop = async () => {
    await s.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function demo(c: Config, o: { reset?: boolean; yes?: boolean }) {
  return withDb(c, async (d, c) => {
    if (!(await isEmpty(d))) {
      if (!o.reset) throw new Error('数据库不为空；如需重置请加 --reset --yes / the database is not empty; use --reset --yes');
      if (!o.yes) throw new Error('--reset 会删除全部数据，请加 --yes 确认 / --reset erases all data; add --yes to confirm');
      await d.db.transaction(async (tx) => {
        const tables = (await tx.execute(sql`select tablename from pg_tables where schemaname = 'public' and tablename <> 'unit_types'`)) as unknown as { rows: { tablename: string }[] };
        await tx.execute(sql`select set_config('xuanbao.audit_purge', 'on', true)`);
        await tx.execute(sql.raw(`TRUNCATE ${tables.rows.map((r) => `"${r.tablename}"`).join(', ')} CASCADE`));
      });
    }
    const accounts = await d.db.transaction(async (tx) => {
      const a = await loadDemoData(tx, systemClock());
      await auditEvent(tx, cliCtx(d, c, 'demo'), 'system.demo_loaded', { accounts: a.length });
      return a;
    });
    await loadDemoSubmissions(d, c, systemClock());
    const file = await writeDemoAccounts(c, accounts);
    process.stdout.write(`演示数据已载入 / demo data loaded (saved to ${file}):\n${formatDemoAccounts(accounts)}\n`);
  });
}

export function restore(c: Config, file: string, o: { force?: boolean }) {
  return withDb(c, (d, c) =>
    withStore(c, async (store) => {
      const r = await restoreFromFile(d, path.resolve(file), { force: !!o.force, store, owners: BLOB_OWNERS });
      await auditEvent(d.db, cliCtx(d, c, 'restore'), 'system.restore', { rows: r.rows, files: r.blobs, version: r.version, missingFiles: r.missing.length });
      process.stdout.write(`restored ${r.rows} rows and ${r.blobs} files (checked by SHA-256) from ${file} into ${store.description}\n`);
      warnMissing({ err: (t) => void process.stderr.write(t) }, r.missing);
    }),
  );
}
