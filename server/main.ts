import fs from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { auditEvent } from './audit/audit';
import { auditJobs } from './audit/jobs';
import { configureAudit } from './audit/key';
import { jobQueueJobs } from './jobs/jobs';
import type { Config } from './config';
import { migrateDatabase, openDatabase, type Database } from './db/client';
import { heldFolder, securePrivateFolder } from './db/embedded-folder';
import { startAdminSocket, type AdminSocket } from './admin/socket';
import { formatDemoAccounts, loadDemoData, type DemoAccount } from './demo/demo';
import { loadDemoSubmissions } from './demo/demo-submissions';
import { submissionJobs } from './submissions/search';
import { buildApp } from './http/app';
import { registerRoutes } from './routes';
import { systemCtx, type AuthedCtx } from './http/context';
import { JobRunner, type JobLog, type RunnerOptions } from './jobs/worker';
import { units } from './org/tables';
import { systemClock, type Clock } from './clock';
import { duplicateIndexFor, followFingerprints } from './submissions/duplicates';
import { attachmentBlobs } from './submissions/attachments';
import { recordEvidenceBlobs } from './records/records';
import { ledgerEvidenceBlobs } from './scoring/ledger';
import { fileStoreJobs } from './files/jobs';
import { closeFileStoreFor, fileStoreFor } from './files/files';
import type { BlobOwner } from './files/owners';

/** Every domain whose rows refer to stored files: asked by the orphan sweep and by backups. */
export const BLOB_OWNERS: readonly BlobOwner[] = [attachmentBlobs, recordEvidenceBlobs, ledgerEvidenceBlobs];

export const ROOT_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const WEB_DIST = path.join(ROOT_DIR, 'dist', 'web');

/** The embedded database's folder (PGlite) inside the data folder. */
export const embeddedFolderOf = (config: Config) => path.join(config.dataDir, 'pglite');

/** Opens the configured database (PostgreSQL or embedded PGlite) and brings its schema up to date. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  // The data folder (embedded database, uploaded files, admin socket, audit key) is the operator's alone: 0700.
  securePrivateFolder(config.dataDir, { recursive: false, what: '数据文件夹 / data folder' });
  configureAudit({ dataDir: config.dataDir, auditKey: config.auditKey });
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: embeddedFolderOf(config) });
  await migrateDatabase(database);
  return database;
}

export async function isEmpty(database: Database): Promise<boolean> {
  const [r] = await database.db.select({ n: count() }).from(units);
  return Number(r?.n ?? 0) === 0;
}

export async function writeDemoAccounts(config: Config, accounts: DemoAccount[]) {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(config.dataDir, 'demo-accounts.txt');
  // A fresh file: `mode` applies only when the file is made, and an older one may be readable by others.
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, formatDemoAccounts(accounts) + '\n', { mode: 0o600, flag: 'wx' });
  return file;
}

/**
 * The job runner with every domain's jobs (a new domain adds its list here). Each job runs as the
 * system caller named after it, so its audit rows say which job acted.
 */
export function createJobRunner(
  database: Database,
  config: Config,
  opts: { clock?: Clock; log?: JobLog } & Partial<Pick<RunnerOptions<AuthedCtx>, 'workerId' | 'pollMs' | 'leaseMs' | 'concurrency' | 'stopWaitMs'>> = {},
): JobRunner<AuthedCtx> {
  const clock = opts.clock ?? systemClock;
  const runner = new JobRunner<AuthedCtx>({
    ...opts,
    db: database.db,
    clock,
    timeZone: config.timeZone,
    contextFor: (job) => systemCtx({ database, config, clock, actor: { via: 'job', job: job.name, jobId: job.id } }),
  });
  const files = fileStoreJobs({ store: () => fileStoreFor(config), owners: BLOB_OWNERS, log: { info: (o, m) => opts.log?.info?.(o, m), error: (o, m) => opts.log?.error(o, m) } });
  for (const def of [...auditJobs, ...jobQueueJobs, ...files, ...submissionJobs]) runner.define(def);
  return runner;
}

export type Started = { app: FastifyInstance; database: Database; url: string; demoAccounts: DemoAccount[] | null; jobs: JobRunner<AuthedCtx>; stop(): Promise<void> };

export async function startServer(config: Config, opts: { print?: (s: string) => void } = {}): Promise<Started> {
  const print = opts.print ?? ((s: string) => process.stdout.write(s + '\n'));
  const database = await openConfiguredDatabase(config);
  let demoAccounts: DemoAccount[] | null = null;
  if (config.demo && (await isEmpty(database))) {
    demoAccounts = await database.db.transaction(async (tx) => {
      const accounts = await loadDemoData(tx, systemClock());
      await auditEvent(tx, systemCtx({ database, config, actor: { via: 'server', task: 'demo' } }), 'system.demo_loaded', { accounts: accounts.length });
      return accounts;
    });
    await loadDemoSubmissions(database, config, systemClock());
    const file = await writeDemoAccounts(config, demoAccounts);
    print(`\n演示数据已载入 / Demo data loaded. Accounts (also saved to ${file}):\n${formatDemoAccounts(demoAccounts)}\n`);
  }
  const app = await buildApp({ database, config, webDist: WEB_DIST, register: registerRoutes });
  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // Background jobs (the audit purge daily at 03:00 and the file sweep at 04:00, both once now too), run by this process's worker;
  // another process on the same PostgreSQL shares the queue and never runs a job twice.
  const jobs = createJobRunner(database, config, { log: app.log });
  await jobs.enqueue('audit.purge');
  // Files a crash left behind: temporary uploads, and blobs no row refers to (older than an hour).
  await jobs.enqueue('files.clean');
  // Items submitted before the archive's index existed get their search vectors (idempotent).
  await jobs.enqueue('submissions.search_backfill');
  jobs.start();
  // Build the near-duplicate index in the background so the first submission does not wait for it.
  void duplicateIndexFor(database.db).catch((err: unknown) => app.log.error({ err }, 'duplicate index failed to load'));
  // Other server processes on the same database announce what they submit; keep the index current.
  const unfollow = await followFingerprints(database);
  // On the embedded database the operator's commands run in this process, through a local socket
  // (server/admin/socket.ts); the folder's lock names it so the CLI finds it. On PostgreSQL the CLI
  // opens the database itself, as several processes may.
  let admin: AdminSocket | null = null;
  if (database.kind === 'pglite') {
    admin = await startAdminSocket({ socketPath: config.adminSocket ?? path.join(config.dataDir, 'admin.sock'), database, config, owners: BLOB_OWNERS, log: app.log });
    heldFolder(embeddedFolderOf(config))?.announce(admin.path);
  }
  print(`宣报 Xuanbao ready on ${url}  (database: ${database.kind === 'pg' ? 'PostgreSQL' : `embedded PGlite in ${embeddedFolderOf(config)}; admin socket ${admin?.path}`})`);
  return {
    app,
    database,
    url,
    demoAccounts,
    jobs,
    stop: async () => {
      await admin?.close();
      await jobs.stop();
      await unfollow();
      await app.close();
      await closeFileStoreFor(config);
      await database.close();
    },
  };
}
