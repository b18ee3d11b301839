import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { asc, eq } from 'drizzle-orm';
import { auditEvent, purgeAudit, verifyAudit } from '../server/audit/audit';
import { checkPasswordPolicy } from '../server/org/auth/password';
import { systemClock } from '../server/clock';
import { ConfigError, loadConfig, type Config } from '../server/config';
import { backupToFile, restoreFromFile } from '../server/backup/backup';
import type { Database, Tx } from '../server/db/client';
import { systemCtx } from '../server/http/context';
import { formatDemoAccounts, loadDemoData } from '../server/demo/demo';
import { loadDemoSubmissions } from '../server/demo/demo-submissions';
import { isAppError, errorMessage } from '../server/errors';
import { BLOB_OWNERS, openConfiguredDatabase, ROOT_DIR, startServer, WEB_DIST, writeDemoAccounts, isEmpty } from '../server/main';
import { openFileStore, type FileStore } from '../server/files/files';
import { createPerson, resetPassword, unlockPerson } from '../server/org/people';
import { ROLES, type Role } from '../server/access/roles';
import { people, units } from '../server/org/tables';
import { createOrganisation } from '../server/org/units';
import { sql } from 'drizzle-orm';

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

async function findUnit(tx: Tx, ref: string) {
  const rows = /^[0-9a-f-]{36}$/i.test(ref)
    ? await tx.select().from(units).where(eq(units.id, ref))
    : await tx.select().from(units).where(eq(units.name, ref));
  if (rows.length !== 1) throw new Error(rows.length ? `单位名称不唯一，请用 id / several units are named "${ref}", use the id` : `找不到单位 / no unit "${ref}"`);
  return rows[0]!;
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
    .action(() => withDb(async (d) => void process.stdout.write(`migrated (${d.kind})\n`)));

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
    .action((o: { name: string; type: string }) =>
      withDb(async (d, c) => {
        const u = await createOrganisation(cliCtx(d, c, 'unit add-root'), { name: o.name, type: o.type });
        process.stdout.write(`${u.id}  ${u.name}\n`);
      }),
    );
  unit
    .command('list')
    .description('list units as a tree')
    .action(() =>
      withDb(async (d) => {
        const rows = await d.db.select().from(units).orderBy(asc(units.path));
        for (const u of rows) process.stdout.write(`${'  '.repeat(u.depth)}${u.name}${u.active ? '' : ' (停用)'}  [${u.type}]  ${u.id}\n`);
      }),
    );

  const user = program.command('user').description('people who sign in');
  user
    .command('add')
    .description('create a person; prints a generated password (to be changed at first sign-in)')
    .requiredOption('--login <login>')
    .requiredOption('--name <name>')
    .requiredOption('--unit <unit>', 'unit id or exact name')
    .option('--role <role...>', `role[@unit], one or more of: ${ROLES.join(', ')} (auditor and deployment_auditor are granted only here)`)
    .option('--password-stdin', 'read the initial password from standard input instead of generating one')
    .action((o: { login: string; name: string; unit: string; role?: string[]; passwordStdin?: boolean }) =>
      withDb(async (d, c) => {
        const given = o.passwordStdin ? await readStdin() : undefined;
        if (given !== undefined) checkPasswordPolicy(given, o.login);
        const u = await findUnit(d.db, o.unit);
        const roles: { role: Role; unitId: string }[] = [];
        for (const spec of o.role ?? []) {
          const [role, unitRef] = spec.split('@') as [string, string | undefined];
          if (!ROLES.includes(role as Role)) throw new Error(`未知角色 / unknown role "${role}" (${ROLES.join(', ')})`);
          roles.push({ role: role as Role, unitId: unitRef ? (await findUnit(d.db, unitRef)).id : u.id });
        }
        // A generated password must be changed at first sign-in (createPerson sets that for every new account).
        const { initialPassword: password } = await createPerson(cliCtx(d, c, 'user add'), { login: o.login, name: o.name, unitId: u.id, roles, password: given });
        process.stdout.write(o.passwordStdin ? `created ${o.login}\n` : `created ${o.login}; initial password (change at first sign-in): ${password}\n`);
      }),
    );
  user
    .command('reset-password <login>')
    .description('set a new generated password, unlock the account and end its sessions (TOTP stays on)')
    .action((login: string) =>
      withDb(async (d, c) => {
        const [p] = await d.db.select({ id: people.id }).from(people).where(eq(people.login, login.toLowerCase()));
        if (!p) throw new Error(`找不到账号 / no such login "${login}"`);
        const { initialPassword: password } = await resetPassword(cliCtx(d, c, 'user reset-password'), p.id);
        process.stdout.write(`new password for ${login} (change at next sign-in): ${password}\n`);
      }),
    );

  user
    .command('unlock <login>')
    .description('lift a sign-in lockout now (it also ends by itself after XUANBAO_LOCKOUT_MINUTES)')
    .action((login: string) =>
      withDb(async (d, c) => {
        const [p] = await d.db.select({ id: people.id }).from(people).where(eq(people.login, login.toLowerCase()));
        if (!p) throw new Error(`找不到账号 / no such login "${login}"`);
        await unlockPerson(cliCtx(d, c, 'user unlock'), p.id);
        process.stdout.write(`unlocked ${login}\n`);
      }),
    );

  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description('check the hash chain; exits 1 and names the first broken row when it is not intact')
    .action(() =>
      withDb(async (d) => {
        const r = await verifyAudit(d.db);
        if (r.ok) process.stdout.write(`audit chain intact: ${r.rows} rows${r.firstSeq ? ` (seq ${r.firstSeq}–${r.lastSeq})` : ''}\n`);
        else {
          process.stdout.write(`audit chain BROKEN at seq ${r.break.seq} (${r.break.reason}); ${r.rows} rows before it are intact\n`);
          process.exitCode = 1;
        }
      }),
    );
  audit
    .command('purge')
    .description('delete rows older than the retention period (XUANBAO_AUDIT_RETENTION_DAYS, at least 184)')
    .action(() =>
      withDb(async (d, c) => {
        const n = await purgeAudit(d.db, { now: systemClock(), retentionDays: c.auditRetentionDays, by: cliCtx(d, c, 'audit purge') });
        process.stdout.write(`purged ${n} rows older than ${c.auditRetentionDays} days\n`);
      }),
    );

  /** The configured file store for one command, closed afterwards. */
  const withStore = async <T>(c: Config, fn: (store: FileStore) => Promise<T>): Promise<T> => {
    const store = openFileStore(c.fileStore, c.dataDir);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const warnMissing = (missing: string[]) => {
    if (!missing.length) return;
    process.stderr.write(
      `警告：${missing.length} 个附件文件在文件存储中缺失，未能包含 / warning: ${missing.length} file(s) that rows refer to are missing from the file store: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}\n`,
    );
  };

  program
    .command('backup <file>')
    .description('write a backup of all data and every stored file to one file (same format for PGlite and PostgreSQL, local disk and S3)')
    .action((file: string) =>
      withDb((d, c) =>
        withStore(c, async (store) => {
          const r = await backupToFile(d, path.resolve(file), systemClock(), { store, owners: BLOB_OWNERS });
          await auditEvent(d.db, cliCtx(d, c, 'backup'), 'system.backup', { rows: r.rows, files: r.blobs, fileBytes: r.blobBytes, missingFiles: r.missing.length });
          process.stdout.write(`backup written: ${file} (${r.rows} rows, ${r.blobs} files, ${mb(r.blobBytes)})\n`);
          warnMissing(r.missing);
        }),
      ),
    );
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
          warnMissing(r.missing);
        }),
      ),
    );

  await program.parseAsync(argv);
}
