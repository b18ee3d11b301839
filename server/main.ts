import fs from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { purgeAudit, writeAudit } from './audit/audit';
import type { Config } from './config';
import { migrateDatabase, openDatabase, type Database } from './db/client';
import { formatDemoAccounts, loadDemoData, type DemoAccount } from './demo/demo';
import { loadDemoSubmissions } from './demo/demo-submissions';
import { buildApp } from './http/app';
import { units } from './org/tables';
import { systemClock } from './clock';
import { duplicateIndexFor } from './submissions/duplicates';
import { attachmentBlobs } from './submissions/attachments';
import { cleanAtStart } from './files/clean';
import { closeFileStoreFor, fileStoreFor } from './files/files';
import type { BlobOwner } from './files/owners';

/** Every domain whose rows refer to stored files: asked by the orphan sweep and by backups. */
export const BLOB_OWNERS: readonly BlobOwner[] = [attachmentBlobs];

export const ROOT_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const WEB_DIST = path.join(ROOT_DIR, 'dist', 'web');

/** Opens the configured database (PostgreSQL or embedded PGlite) and brings its schema up to date. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  await migrateDatabase(database);
  return database;
}

export async function isEmpty(database: Database): Promise<boolean> {
  const [r] = await database.db.select({ n: count() }).from(units);
  return Number(r?.n ?? 0) === 0;
}

export async function writeDemoAccounts(config: Config, accounts: DemoAccount[]) {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'demo-accounts.txt');
  fs.writeFileSync(file, formatDemoAccounts(accounts) + '\n', { mode: 0o600 });
  return file;
}

export type Started = { app: FastifyInstance; database: Database; url: string; demoAccounts: DemoAccount[] | null; stop(): Promise<void> };

export async function startServer(config: Config, opts: { print?: (s: string) => void } = {}): Promise<Started> {
  const print = opts.print ?? ((s: string) => process.stdout.write(s + '\n'));
  const database = await openConfiguredDatabase(config);
  let demoAccounts: DemoAccount[] | null = null;
  if (config.demo && (await isEmpty(database))) {
    demoAccounts = await database.db.transaction(async (tx) => {
      const accounts = await loadDemoData(tx, systemClock());
      await writeAudit(tx, { event: 'system.demo_loaded', outcome: 'success', actorLogin: 'system', at: systemClock(), details: { accounts: accounts.length } });
      return accounts;
    });
    await loadDemoSubmissions(database, config, systemClock());
    const file = await writeDemoAccounts(config, demoAccounts);
    print(`\n演示数据已载入 / Demo data loaded. Accounts (also saved to ${file}):\n${formatDemoAccounts(demoAccounts)}\n`);
  }
  const app = await buildApp({ database, config, webDist: WEB_DIST });
  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // Retention: purge audit rows past the configured age once a day (and once at start).
  const purge = () =>
    purgeAudit(database.db, { now: systemClock(), retentionDays: config.auditRetentionDays }).catch((err: unknown) => app.log.error({ err }, 'audit purge failed'));
  await purge();
  // Files a crash left behind: temporary uploads, and blobs no row refers to (older than an hour).
  await cleanAtStart(fileStoreFor(config), { db: database.db, owners: BLOB_OWNERS, log: app.log });
  // Build the near-duplicate index in the background so the first submission does not wait for it.
  void duplicateIndexFor(database.db).catch((err: unknown) => app.log.error({ err }, 'duplicate index failed to load'));
  const timer = setInterval(purge, 24 * 3_600_000);
  timer.unref();
  print(`宣报 Xuanbao ready on ${url}  (database: ${database.kind === 'pg' ? 'PostgreSQL' : `embedded PGlite in ${path.join(config.dataDir, 'pglite')}`})`);
  return {
    app,
    database,
    url,
    demoAccounts,
    stop: async () => {
      clearInterval(timer);
      await app.close();
      await closeFileStoreFor(config);
      await database.close();
    },
  };
}
