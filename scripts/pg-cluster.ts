// Throwaway PostgreSQL cluster for tests and benchmarks.
//
//   import { startPgCluster } from '../scripts/pg-cluster';
//   const pg = await startPgCluster();   // pg.url = postgres://postgres@127.0.0.1:<port>/postgres
//   ...
//   await pg.stop();                      // stops the server and deletes its folder
//
// Run directly for manual use:
//   npx tsx scripts/pg-cluster.ts                 start, print the URL, stop on Ctrl-C
//   npx tsx scripts/pg-cluster.ts -- <cmd> ...    run <cmd> with TEST_PG_URL set, then stop
//
// The cluster lives in its own temp folder on its own free port and never touches a system
// cluster (e.g. the one the Debian package may start on 5432). initdb refuses to run as root, so
// as root the folder is handed to the `postgres` OS user and the server binaries run through
// `runuser -u postgres --` (or `su postgres`). A detached watchdog stops the cluster and deletes
// the folder if this process dies without calling stop() (e.g. SIGKILL).

import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth, no password) */
  url: string;
  port: number;
  /** temp folder holding data/, the socket and server.log */
  dir: string;
  /** Stops the server and deletes the folder. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface PgClusterOptions {
  /** root of the version folders, default /usr/lib/postgresql */
  pgRoot?: string;
  /** print progress to stderr */
  verbose?: boolean;
}

const DEFAULT_PG_ROOT = '/usr/lib/postgresql';
const PREFERRED_MAJOR = 15;

/** The bin folder of PostgreSQL 15 if present, else of the newest installed major version. */
export function findPgBinDir(pgRoot: string = DEFAULT_PG_ROOT): string | null {
  const hasInitdb = (major: string): boolean => existsSync(join(pgRoot, major, 'bin', 'initdb'));
  if (hasInitdb(String(PREFERRED_MAJOR))) return join(pgRoot, String(PREFERRED_MAJOR), 'bin');
  let entries: string[];
  try {
    entries = readdirSync(pgRoot);
  } catch {
    return null;
  }
  const majors = entries
    .filter((e) => /^\d+(\.\d+)?$/.test(e) && hasInitdb(e))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  const newest = majors[0];
  return newest === undefined ? null : join(pgRoot, newest, 'bin');
}

/** A TCP port that was free a moment ago (bind port 0 on the loopback, read it, close). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') {
        srv.close();
        reject(new Error('could not read the bound port'));
        return;
      }
      const { port } = addr;
      srv.close(() => resolve(port));
    });
  });
}

/** Lines appended to postgresql.conf: tuned for throwaway speed, reachable only on 127.0.0.1. */
export function clusterConfig(port: number, socketDir: string): string {
  const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  return [
    '',
    '# --- xuanbao throwaway test cluster ---',
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = ${quote(socketDir)}`,
    'max_connections = 100',
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'shared_buffers = 128MB',
    "timezone = 'UTC'",
    "log_timezone = 'UTC'",
    'logging_collector = off',
    '',
  ].join('\n');
}

export function connectionUrl(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

function lookupPostgresUser(): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      'running as root but there is no `postgres` OS user to run initdb as ' +
        '(install the postgresql package, or run the tests as a normal user)',
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Shell-quote one argument for /bin/sh. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_\-./=:,@+%]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** argv that runs `cmd args` as the postgres user when we are root, else as ourselves. */
export function asClusterOwner(cmd: string, args: string[], root: boolean, haveRunuser: boolean): string[] {
  if (!root) return [cmd, ...args];
  if (haveRunuser) return ['runuser', '-u', 'postgres', '--', cmd, ...args];
  return ['su', 'postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map(shq).join(' ')];
}

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${shq(name)}`], { stdio: 'ignore' }).status === 0;
}

/** A locale initdb can use for UTF-8 text classification; C.UTF-8 when the C library has it. */
function pickLocale(): string {
  const r = spawnSync('locale', ['-a'], { encoding: 'utf8' });
  if (r.status === 0 && /^c\.utf-?8$/im.test(r.stdout)) return 'C.UTF-8';
  return 'C';
}

interface RunResult {
  status: number | null;
  output: string;
  error?: Error;
}

/**
 * Runs a command without blocking the event loop (a blocked loop cannot answer signals, and
 * `tsx` SIGKILLs a child that does not acknowledge a relayed Ctrl-C within 30 ms).
 */
function runAsync(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.once('error', (error) => resolve({ status: null, output, error }));
    child.once('close', (status) => resolve({ status, output }));
  });
}

function tailOf(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function fail(what: string, r: RunResult, logFile?: string): never {
  const log = logFile !== undefined && existsSync(logFile) ? `\n--- server log (tail) ---\n${tailOf(logFile)}` : '';
  const err = r.error ? String(r.error) : `exit ${r.status}`;
  throw new Error(`${what} failed (${err})\n${r.output}${log}`);
}

// Clusters started by this process that have not been stopped yet; stopped synchronously at exit.
const live = new Set<{ stopSync(): void }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of [...live]) c.stopSync();
  });
}

/** Stops every cluster this process started and has not stopped yet. */
export function stopAllPgClusters(): void {
  for (const c of [...live]) c.stopSync();
}

export async function startPgCluster(opts: PgClusterOptions = {}): Promise<PgCluster> {
  const started = Date.now();
  const log = (msg: string): void => {
    if (opts.verbose) process.stderr.write(`[pg-cluster] ${msg}\n`);
  };
  const bin = findPgBinDir(opts.pgRoot);
  if (bin === null) {
    throw new Error(
      `no PostgreSQL server binaries under ${opts.pgRoot ?? DEFAULT_PG_ROOT}/<version>/bin ` +
        '(install with: apt-get install -y postgresql)',
    );
  }
  const root = isRoot();
  const haveRunuser = root && commandExists('runuser');
  const owner = root ? lookupPostgresUser() : null;

  // The folder must be reachable by the postgres user: os.tmpdir() may point at a private
  // folder (TMPDIR=/root/tmp), so as root we fall back to /tmp when it is not.
  let dir = mkdtempSync(join(tmpdir(), 'xuanbao-pg-'));
  if (owner !== null) {
    chownSync(dir, owner.uid, owner.gid);
    const probe = asClusterOwner('test', ['-w', dir], true, haveRunuser);
    if (spawnSync(probe[0]!, probe.slice(1), { stdio: 'ignore' }).status !== 0 && tmpdir() !== '/tmp') {
      rmSync(dir, { recursive: true, force: true });
      dir = mkdtempSync('/tmp/xuanbao-pg-');
      chownSync(dir, owner.uid, owner.gid);
    }
  }
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const pgCtl = join(bin, 'pg_ctl');

  // run from a folder the postgres user can read (avoids "could not change directory" noise)
  const runOpts = { cwd: dir, env: { ...process.env, LC_ALL: 'C', LANG: 'C', PGTZ: 'UTC' } };
  const run = (cmd: string, args: string[]): Promise<RunResult> =>
    runAsync(asClusterOwner(cmd, args, root, haveRunuser), runOpts);

  let stopped = false;
  const stopArgs = ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30'];
  const stopArgv = asClusterOwner(pgCtl, stopArgs, root, haveRunuser);
  // Started before initdb so that even a SIGKILL during start-up leaves nothing behind.
  const watchdogPid = startWatchdog(stopArgv, dir, dataDir);
  const finish = (): void => {
    rmSync(dir, { recursive: true, force: true });
    if (watchdogPid !== undefined) {
      try {
        process.kill(-watchdogPid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  const running = (): boolean => existsSync(join(dataDir, 'postmaster.pid'));
  const stopSync = (): void => {
    if (stopped) return;
    stopped = true;
    live.delete(handle);
    if (running()) spawnSync(stopArgv[0]!, stopArgv.slice(1), { ...runOpts, stdio: 'ignore' });
    finish();
  };
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    live.delete(handle);
    if (running()) await runAsync(stopArgv, runOpts);
    finish();
  };
  const handle = { stopSync };
  live.add(handle);
  installExitHook();

  try {
    const locale = pickLocale();
    const init = await run(join(bin, 'initdb'), [
      '-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', `--locale=${locale}`, '--no-sync',
    ]);
    if (init.status !== 0) fail('initdb', init);
    log(`initdb ${dataDir} (${locale}) in ${Date.now() - started} ms`);

    // The port is free when probed; another process could take it before the server binds, so
    // retry with a new port if the server cannot bind.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await findFreePort();
      appendFileSync(join(dataDir, 'postgresql.conf'), clusterConfig(port, dir));
      const start = await run(pgCtl, ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60']);
      if (start.status === 0) break;
      if (attempt >= 3) fail('pg_ctl start', start, logFile);
      log(`start on port ${port} failed, retrying with another port`);
    }

    // pg_ctl -w already waited on the socket; confirm TCP on 127.0.0.1 too.
    const isReady = join(bin, 'pg_isready');
    for (let i = 0; ; i++) {
      const r = await runAsync([isReady, '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres']);
      if (r.status === 0) break;
      if (i >= 100) fail('pg_isready', r, logFile);
      await new Promise((res) => setTimeout(res, 100));
    }

    log(`ready on 127.0.0.1:${port} in ${Date.now() - started} ms (${dir})`);

    return {
      url: connectionUrl(port),
      port,
      dir,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * A detached shell that waits for this process to die and then stops the cluster and deletes its
 * folder. It is killed by stop(); it only acts if we were killed without a chance to clean up.
 */
function startWatchdog(stopArgv: string[], dir: string, dataDir: string): number | undefined {
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
    `if [ -f ${shq(join(dataDir, 'postmaster.pid'))} ]; then ${stopArgv.map(shq).join(' ')} >/dev/null 2>&1; fi`,
    `rm -rf ${shq(dir)}`,
  ].join('\n');
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore', cwd: '/' });
  child.unref();
  return child.pid;
}

// ---------------------------------------------------------------------------------------------
// Direct use: `npx tsx scripts/pg-cluster.ts [-- cmd args...]`

async function main(argv: string[]): Promise<number> {
  const sep = argv.indexOf('--');
  const cmd = sep >= 0 ? argv.slice(sep + 1) : argv;
  const pg = await startPgCluster({ verbose: true });
  let child: ReturnType<typeof spawn> | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (child !== undefined && child.exitCode === null) {
      child.kill(sig);
      return;
    }
    void pg.stop().then(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  if (cmd.length === 0) {
    process.stdout.write(`${pg.url}\n`);
    process.stderr.write(`[pg-cluster] data folder ${pg.dir}; press Ctrl-C to stop and delete it\n`);
    await new Promise<never>(() => {
      setInterval(() => {}, 1 << 30);
    });
    return 0;
  }
  const [exe, ...args] = cmd as [string, ...string[]];
  child = spawn(exe, args, {
    stdio: 'inherit',
    env: { ...process.env, XUANBAO_TEST_DB: 'pg', TEST_PG_URL: pg.url },
  });
  const code = await new Promise<number>((resolve) => {
    child!.on('error', (e) => {
      process.stderr.write(`[pg-cluster] ${String(e)}\n`);
      resolve(127);
    });
    child!.on('exit', (c, s) => resolve(c ?? (s === 'SIGINT' ? 130 : 1)));
  });
  await pg.stop();
  return code;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`[pg-cluster] ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
