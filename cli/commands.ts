import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { auditEvent } from '../server/audit/audit';
import { systemClock } from '../server/clock';
import { ConfigError, loadConfig, type Config } from '../server/config';
import { restoreFromFile } from '../server/backup/backup';
import type { Database } from '../server/db/client';
import { FolderInUseError, readHolder } from '../server/db/embedded-folder';
import { systemCtx } from '../server/http/context';
import { formatDemoAccounts, loadDemoData } from '../server/demo/demo';
import { loadDemoSubmissions } from '../server/demo/demo-submissions';
import { isAppError, errorMessage } from '../server/errors';
import { BLOB_OWNERS, embeddedFolderOf, openConfiguredDatabase, ROOT_DIR, startServer, WEB_DIST, writeDemoAccounts, isEmpty } from '../server/main';
import { runAdminCommand, warnMissing, withStore } from '../server/admin/commands';
import { ZAdminRequest, type AdminRequest } from '../server/admin/protocol';
import { ROLES } from '../server/access/roles';
import { sql } from 'drizzle-orm';
import { runThroughServer } from './socket';

/**
 * The system caller for one command: the use cases check and audit it like any caller; its audit
 * rows name the operating-system user ('cli:<user>') and the command ({ via: 'cli', command }).
 */
const cliCtx = (database: Database, c: Config, command: string) =>
  systemCtx({ database, config: c, actor: { via: 'cli', command, operator: os.userInfo().username } });

function config(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

async function withDb<T>(fn: (db: Database, c: Config) => Promise<T>): Promise<T> {
  const c = config();
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

/**
 * Runs a data command (server/admin/commands.ts). On the embedded database held by a running
 * server, it runs inside that server through its admin socket (a second process must not open the
 * folder); otherwise here, on a database this process opens: PostgreSQL (many processes are fine
 * there, as they always were), or an embedded folder nobody holds (its lock is taken meanwhile).
 */
async function command(request: AdminRequest, opts: { backupFile?: string } = {}) {
  const req = ZAdminRequest.parse(request);
  const c = config();
  if (!c.databaseUrl) {
    const folder = embeddedFolderOf(c);
    const held = readHolder(folder);
    if (held?.alive && held.holder.adminSocket) {
      let code: number;
      try {
        code = await runThroughServer(held.holder.adminSocket, req, opts);
      } catch (e) {
        const errno = (e as NodeJS.ErrnoException).code;
        if (errno === 'ECONNREFUSED' || errno === 'ENOENT') {
          throw new Error(`${new FolderInUseError(folder, held.holder).message}\n管理套接字 ${held.holder.adminSocket} 无应答 / its admin socket ${held.holder.adminSocket} does not answer`);
        }
        throw e;
      }
      process.exitCode = code;
      return;
    }
  }
  process.exitCode = await withDb((database, config) =>
    runAdminCommand(
      { database, config, owners: BLOB_OWNERS, operator: os.userInfo().username, out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) },
      req,
    ),
  );
}

/** Newest modification time of anything under a folder (to decide whether the web app needs a build). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function buildWebIfNeeded(force = false) {
  const index = path.join(WEB_DIST, 'index.html');
  const webDir = path.join(ROOT_DIR, 'web');
  const stale = !fs.existsSync(index) || newestMtime(webDir) > fs.statSync(index).mtimeMs;
  if (!force && !stale) return;
  process.stdout.write('正在构建网页 / Building the web app…\n');
  execFileSync(process.execPath, [path.join(ROOT_DIR, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT_DIR, stdio: 'inherit' });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export async function runCli(program: Command, argv: string[]) {
  program.name('xuanbao').description('宣报 Xuanbao — operator commands. Configuration comes from XUANBAO_* environment variables (see README).');

  program
    .command('start')
    .description('start the server (embedded PGlite by default; PostgreSQL when DATABASE_URL is set)')
    .option('--build', 'build the web app first when it is missing or older than its sources')
    .action(async (o: { build?: boolean }) => {
      const c = config();
      if (o.build) buildWebIfNeeded();
      const s = await startServer(c);
      const stop = async () => {
        await s.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(() => command({ command: 'migrate' }));

  program
    .command('demo')
    .description('load demo data into an empty database; with --reset, erase everything first')
    .option('--reset', 'erase ALL data (including the audit log) and load fresh demo data')
    .option('--yes', 'confirm --reset')
    .action((o: { reset?: boolean; yes?: boolean }) =>
      withDb(async (d, c) => {
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
      }),
    );

  const unit = program.command('unit').description('organisation units');
  unit
    .command('add-root')
    .description('create a top-level unit (an organisation)')
    .requiredOption('--name <name>')
    .option('--type <type>', 'unit type key', 'office')
    .action((o: { name: string; type: string }) => command({ command: 'unit.add-root', name: o.name, type: o.type }));
  unit
    .command('list')
    .description('list units as a tree')
    .action(() => command({ command: 'unit.list' }));

  const user = program.command('user').description('people who sign in');
  user
    .command('add')
    .description('create a person; prints a generated password (to be changed at first sign-in)')
    .requiredOption('--login <login>')
    .requiredOption('--name <name>')
    .requiredOption('--unit <unit>', 'unit id or exact name')
    .option('--role <role...>', `role[@unit], one or more of: ${ROLES.join(', ')}`)
    .option('--password-stdin', 'read the initial password from standard input instead of generating one')
    .action(async (o: { login: string; name: string; unit: string; role?: string[]; passwordStdin?: boolean }) => {
      const password = o.passwordStdin ? await readStdin() : undefined;
      await command({ command: 'user.add', login: o.login, name: o.name, unit: o.unit, roles: o.role ?? [], ...(password !== undefined ? { password } : {}) });
    });
  user
    .command('reset-password <login>')
    .description('set a new generated password, unlock the account and end its sessions (TOTP stays on)')
    .action((login: string) => command({ command: 'user.reset-password', login }));

  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description('check the hash chain; exits 1 and names the first broken row when it is not intact')
    .action(() => command({ command: 'audit.verify' }));
  audit
    .command('purge')
    .description('delete rows older than the retention period (XUANBAO_AUDIT_RETENTION_DAYS, at least 184)')
    .action(() => command({ command: 'audit.purge' }));

  program
    .command('backup <file>')
    .description('write a backup of all data and every stored file to one file (same format for PGlite and PostgreSQL, local disk and S3)')
    .action((file: string) => command({ command: 'backup', file }, { backupFile: path.resolve(file) }));
  program
    .command('restore <file>')
    .description('restore a backup (rows and files, each file checked by SHA-256) into an empty database (or, with --force, replace everything)')
    .option('--force', 'replace all existing data')
    .action((file: string, o: { force?: boolean }) =>
      withDb((d, c) =>
        withStore(c, async (store) => {
          const r = await restoreFromFile(d, path.resolve(file), { force: !!o.force, store, owners: BLOB_OWNERS });
          await auditEvent(d.db, cliCtx(d, c, 'restore'), 'system.restore', { rows: r.rows, files: r.blobs, version: r.version, missingFiles: r.missing.length });
          process.stdout.write(`restored ${r.rows} rows and ${r.blobs} files (checked by SHA-256) from ${file} into ${store.description}\n`);
          warnMissing({ err: (t) => void process.stderr.write(t) }, r.missing);
        }),
      ),
    );

  await program.parseAsync(argv);
}
