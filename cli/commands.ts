import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ROLES } from '../server/access/roles';
import { ZAdminRequest, type AdminRequest } from '../server/admin/protocol';
import { ConfigError, loadConfig, type Config } from '../server/config';
import { FolderInUseError, readHolder } from '../server/db/embedded-folder';
import { runThroughServer } from './socket';

/**
 * The `xuanbao` commands. This module loads only what every command needs (configuration, the
 * embedded folder's lock, the admin socket's client); the server's modules are loaded by
 * ./local.ts when a command opens the database in this process.
 */
const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB_DIST = path.join(ROOT_DIR, 'dist', 'web'); // as in server/main.ts
/** The embedded database's folder, as in server/main.ts (embeddedFolderOf). */
const embeddedFolderOf = (c: Config) => path.join(c.dataDir, 'pglite');

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
  process.exitCode = await (await import('./local')).runHere(c, req);
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
      await (await import('./local')).start(c);
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
    .action(async (o: { reset?: boolean; yes?: boolean }) => (await import('./local')).demo(config(), o));

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

  const org = program.command('org').description('links between organisations: the upper office items are forwarded to');
  org
    .command('link')
    .description('name an organisation\'s upper office (both offices must have agreed; only the operator sets it)')
    .requiredOption('--org <unit>', 'the lower organisation: top-level unit id or exact name')
    .requiredOption('--upper <unit>', 'its upper office: another top-level unit, id or exact name')
    .option('--level <level>', 'the upper office\'s level, e.g. 旗县局, 市局, 厅, 部')
    .action((o: { org: string; upper: string; level?: string }) => command({ command: 'org.link', org: o.org, upper: o.upper, ...(o.level ? { level: o.level } : {}) }));
  org
    .command('unlink')
    .description('remove an organisation\'s upper office (items forwarded before stay where they are)')
    .requiredOption('--org <unit>', 'top-level unit id or exact name')
    .action((o: { org: string }) => command({ command: 'org.unlink', org: o.org }));
  org
    .command('links')
    .description('list the office links of the deployment')
    .action(() => command({ command: 'org.links' }));

  const briefing = program.command('briefing').description('briefing issues (简报、专报、通报)');
  briefing
    .command('export')
    .description('write a published issue as .docx in the GB/T 9704-2012 layout')
    .requiredOption('--org <org>', 'the organisation (top-level unit): id or exact name')
    .requiredOption('--type <type>', '专报 | 简报 | 通报')
    .requiredOption('--year <year>', 'the year of the issue')
    .requiredOption('--number <n>', 'the issue number (第N期)')
    .option('--supplement', 'a supplement (增刊第N期)')
    .option('--masthead <name>', 'the series, when the organisation has several of this type')
    .requiredOption('-o, --output <file>', 'the .docx file to write')
    .action((o: { org: string; type: string; year: string; number: string; supplement?: boolean; masthead?: string; output: string }) =>
      command({
        command: 'briefing.export',
        org: o.org,
        type: o.type,
        year: Number(o.year),
        number: Number(o.number),
        ...(o.supplement ? { supplement: true } : {}),
        ...(o.masthead ? { masthead: o.masthead } : {}),
        file: path.resolve(o.output),
      }),
    );

  program
    .command('scores')
    .description("an organisation's scores under a rubric for a range of dates: each unit's total, rank and points per item, each person's total and rank (exact decimals)")
    .requiredOption('--org <org>', 'the organisation (top-level unit): id or exact name')
    .requiredOption('--rubric <rubric>', 'the rubric: id or exact name')
    .requiredOption('--from <date>', 'the first day, YYYY-MM-DD (in the deployment\'s time zone)')
    .requiredOption('--to <date>', 'the last day, YYYY-MM-DD (included)')
    .option('--json', 'print JSON (points as decimal strings)')
    .option('--explain', 'add every entry of every unit and person: rule clause, points, what counted and why not')
    .action((o: { org: string; rubric: string; from: string; to: string; json?: boolean; explain?: boolean }) =>
      command({ command: 'scores', org: o.org, rubric: o.rubric, from: o.from, to: o.to, ...(o.json ? { json: true } : {}), ...(o.explain ? { explain: true } : {}) }),
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
    .action(async (o: { login: string; name: string; unit: string; role?: string[]; passwordStdin?: boolean }) => {
      const password = o.passwordStdin ? await readStdin() : undefined;
      await command({ command: 'user.add', login: o.login, name: o.name, unit: o.unit, roles: o.role ?? [], ...(password !== undefined ? { password } : {}) });
    });
  user
    .command('reset-password <login>')
    .description('set a new generated password, unlock the account and end its sessions (TOTP stays on)')
    .action((login: string) => command({ command: 'user.reset-password', login }));

  user
    .command('unlock <login>')
    .description('lift a sign-in lockout now (it also ends by itself after XUANBAO_LOCKOUT_MINUTES)')
    .action((login: string) => command({ command: 'user.unlock', login }));

  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description(
      'check the audit log: every hash (keyed with XUANBAO_AUDIT_KEY or <data>/audit.key), and every signed checkpoint of <data>/audit-checkpoints.jsonl (rewrites, deleted newest rows, wipes); exits 1 and names the first break',
    )
    .option('--checkpoints <file>', "check against this checkpoint file (e.g. a copy kept on another machine) instead of the data folder's")
    .action((o: { checkpoints?: string }) => command({ command: 'audit.verify', ...(o.checkpoints ? { checkpoints: path.resolve(o.checkpoints) } : {}) }));
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
    .action(async (file: string, o: { force?: boolean }) => (await import('./local')).restore(config(), file, o));

  await program.parseAsync(argv);
}
