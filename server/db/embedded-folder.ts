import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded (PGlite) data folder belongs to one process at a time, and to its operator only.
 *
 * **The lock.** `xuanbao.lock` inside the folder names its holder (pid, host, start time, command,
 * and, once a server listens on it, its admin socket). It is made atomically: the content is
 * written to a private temporary file which is then hard-linked to the lock's name (`link` fails
 * when the name exists), so nobody ever reads half a lock. A second opener is refused with a
 * message naming the holder. A lock whose process is gone (same host; pid not running, or running
 * but started at another time, i.e. a reused pid) is taken over, with a message; a lock from
 * another host is never taken over (we cannot tell whether it lives). Released on close and on
 * process exit; a process killed outright leaves a stale lock, which the next opener takes over.
 *
 * Why not `proper-lockfile`: it judges staleness by an mtime the holder refreshes on a timer, but
 * PGlite runs queries on the event loop, so a long query (a backup's snapshot, a migration) would
 * stop the refreshes and let a second process take a live folder; it also records no holder to
 * name. A pid (plus the process's start time) on one host answers "is the holder alive" exactly.
 *
 * **The modes.** PGlite copies its initial cluster with mode 0666 and rewrites `pg_internal.init`
 * 0644 at every start, whatever the umask (it chmods explicitly); PostgreSQL itself creates new
 * relation files and WAL segments 0600. So the folder is made 0700, and every directory 0700 and
 * file 0600 before the open, right after it (catching what PGlite wrote at start) and at close.
 * An existing folder that others could read or write is repaired, with a message: every folder an
 * earlier version made is like that, and the repair is what the operator would do by hand;
 * refusing would stop every upgrade for something we can fix. A folder or file owned by another
 * account cannot be repaired by us and is refused.
 */

export const LOCK_FILE = 'xuanbao.lock';

export type FolderHolder = {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What the holder runs, e.g. `xuanbao start`. */
  command: string;
  /** Kernel start time of the holder's process (Linux `/proc/<pid>/stat` field 22), to spot a reused pid. */
  procStart: string | null;
  /** Random per lock: release and announce touch only their own lock. */
  token: string;
  /** Set by a running server: the local admin socket commands go through. */
  adminSocket?: string;
};

type Say = (message: string) => void;
const stderr: Say = (m) => void process.stderr.write(`${m}\n`);

/** Refused: another process (named) holds the folder. */
export class FolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: FolderHolder,
  ) {
    super(describeInUse(folder, holder));
    this.name = 'FolderInUseError';
  }
}

/** Refused: the folder or something in it belongs to another account, or is not what it should be. */
export class FolderUnsafeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderUnsafeError';
  }
}

function describeInUse(folder: string, h: FolderHolder): string {
  const since = h.since.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const here = h.host === os.hostname();
  const zh = `数据文件夹 ${folder} 正被另一个进程使用：进程 ${h.pid}（${h.command}${here ? '' : `，主机 ${h.host}`}），自 ${since} 起。`;
  const en = `the data folder ${folder} is in use by process ${h.pid} (${h.command}${here ? '' : ` on host ${h.host}`}) since ${since}.`;
  const hintZh = here
    ? h.adminSocket
      ? '这是正在运行的服务器：请先停止它再运行此命令（其它命令经其管理套接字执行）。'
      : '请等该进程结束或停止它后再试；嵌入式数据库同一时间只能由一个进程打开。'
    : `若该主机已不再运行它，请删除 ${path.join(folder, LOCK_FILE)}。`;
  const hintEn = here
    ? h.adminSocket
      ? 'It is the running server: stop it before running this command (other commands go through its admin socket).'
      : 'Wait for it to finish or stop it, then try again: only one process may open the embedded database.'
    : `If that host no longer runs it, delete ${path.join(folder, LOCK_FILE)}.`;
  return `${zh}${hintZh} / ${en} ${hintEn}`;
}

/** The kernel's start time of a process (clock ticks since boot), or null where /proc is not there. */
function procStartOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) is in parentheses and may contain spaces: count fields after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // field 22 overall = index 19 after pid and comm
  } catch {
    return null;
  }
}

/** Whether the holder of a lock on this host still runs (the same process, not a reused pid). */
export function holderAlive(h: FolderHolder): boolean {
  if (h.host !== os.hostname()) return true; // cannot tell: assume it lives
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: it runs under another account.
  }
  if (h.procStart) {
    const now = procStartOf(h.pid);
    if (now !== null && now !== h.procStart) return false;
  }
  return true;
}

function parseHolder(text: string): FolderHolder | null {
  try {
    const h = JSON.parse(text) as Partial<FolderHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.since === 'string' && typeof h.command === 'string' && typeof h.token === 'string') {
      return { procStart: null, ...h } as FolderHolder;
    }
  } catch {
    // fall through
  }
  return null;
}

/** The current holder of a folder's lock and whether it runs, or null when nobody holds it. */
export function readHolder(folder: string): { holder: FolderHolder; alive: boolean } | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(folder, LOCK_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const holder = parseHolder(text);
  // An unreadable lock (written by hand, or by something else): treat as held by nobody alive.
  if (!holder) return { holder: { pid: 0, host: os.hostname(), since: new Date(0).toISOString(), command: '(unreadable lock file)', procStart: null, token: '' }, alive: false };
  return { holder, alive: holderAlive(holder) };
}

/** How this process describes itself in a lock: `xuanbao <command>` for the CLI, else its script. */
function thisCommand(): string {
  const script = process.argv[1] ? path.basename(process.argv[1]) : 'node';
  const name = /^xuanbao(\.m?[jt]s)?$/.test(script) ? 'xuanbao' : script;
  // Only the sub-command words, never option values (which could be secrets or file names of others).
  const words = process.argv.slice(2).filter((a) => /^[a-z][a-z-]*$/.test(a)).slice(0, 2);
  return [name, ...words].join(' ');
}

/** Writes `content` to a fresh private file beside `target` and returns its name. */
function writeTemp(dir: string, content: string): string {
  const tmp = path.join(dir, `${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return tmp;
}

/** Locks this process holds, by folder: a second open in the same process is refused too. */
const held = new Map<string, EmbeddedFolder>();

/** The lock this process holds on a folder, if any (the server names its admin socket in it). */
export function heldFolder(folder: string): EmbeddedFolder | null {
  return held.get(path.resolve(folder)) ?? null;
}

export type EmbeddedFolder = {
  folder: string;
  holder: FolderHolder;
  /** Sets every directory 0700 and file 0600 again (PGlite rewrites some at start). */
  secure(): void;
  /** Names the admin socket in the lock, so commands find the running server. */
  announce(adminSocket: string): void;
  /** Secures the modes and removes the lock (only if it is still ours). Safe to call twice. */
  release(): void;
};

/**
 * Makes (or checks and repairs) the folder and its modes, then takes its lock. Throws
 * FolderInUseError naming the holder when a live process has it.
 */
export function claimEmbeddedFolder(folder: string, opts: { command?: string; say?: Say } = {}): EmbeddedFolder {
  const say = opts.say ?? stderr;
  const dir = path.resolve(folder);
  if (held.has(dir)) throw new FolderInUseError(dir, held.get(dir)!.holder);
  securePrivateFolder(dir, { say, what: '嵌入式数据库 / embedded database' });
  const holder: FolderHolder = {
    pid: process.pid,
    host: os.hostname(),
    since: new Date().toISOString(),
    command: opts.command ?? thisCommand(),
    procStart: procStartOf(process.pid),
    token: randomBytes(12).toString('hex'),
  };
  const lockPath = path.join(dir, LOCK_FILE);
  const tmp = writeTemp(dir, JSON.stringify(holder));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(tmp, lockPath);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const current = readHolder(dir);
      if (!current) continue; // released meanwhile: try again
      if (current.alive) throw new FolderInUseError(dir, current.holder);
      if (attempt >= 5) throw new FolderInUseError(dir, current.holder);
      takeOver(dir, current.holder, say);
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  let released = false;
  const onExit = () => lock.release();
  const lock: EmbeddedFolder = {
    folder: dir,
    holder,
    secure: () => void secureModes(dir),
    announce(adminSocket) {
      if (released) return;
      holder.adminSocket = adminSocket;
      const t = writeTemp(dir, JSON.stringify(holder));
      fs.renameSync(t, lockPath); // atomic replace: the lock never disappears meanwhile
    },
    release() {
      if (released) return;
      released = true;
      held.delete(dir);
      process.off('exit', onExit);
      try {
        secureModes(dir);
      } catch {
        // best effort at exit; the next open repairs
      }
      const current = readHolder(dir);
      if (current?.holder.token === holder.token) fs.rmSync(lockPath, { force: true });
    },
  };
  held.set(dir, lock);
  process.on('exit', onExit);
  return lock;
}

/**
 * Removes a dead holder's lock. Two processes may find the same stale lock at once: a short-lived
 * `xuanbao.lock.takeover` (made with O_EXCL) lets one of them remove it, and only if it is still
 * the very lock that was judged stale; the other then finds the winner's live lock.
 */
function takeOver(dir: string, stale: FolderHolder, say: Say) {
  const mutex = path.join(dir, `${LOCK_FILE}.takeover`);
  let fd: number;
  try {
    fd = fs.openSync(mutex, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Someone else is taking over; a takeover left by a crash is cleared after 10 s.
    try {
      if (Date.now() - fs.statSync(mutex).mtimeMs > 10_000) fs.rmSync(mutex, { force: true });
    } catch {
      // gone meanwhile
    }
    sleepMs(50);
    return;
  }
  try {
    const current = readHolder(dir);
    if (current && !current.alive && current.holder.token === stale.token) {
      fs.rmSync(path.join(dir, LOCK_FILE), { force: true });
      say(
        `已接管失效的锁：进程 ${stale.pid}（${stale.command}，自 ${stale.since} 起）已不在运行 / took over a stale lock on ${dir}: process ${stale.pid} (${stale.command}, since ${stale.since}) is no longer running`,
      );
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(mutex, { force: true });
  }
}

function sleepMs(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Creates `dir` 0700 (with its missing parents) or, when it exists, checks that it is a folder of
 * this account and repairs what others could read or write in it (with a message). Refuses a
 * folder, or anything in it, owned by another account (as root: anything not root's).
 */
export function securePrivateFolder(dir: string, opts: { say?: Say; what?: string; recursive?: boolean } = {}): void {
  const say = opts.say ?? stderr;
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    return;
  }
  const s = fs.lstatSync(dir);
  if (!s.isDirectory()) throw new FolderUnsafeError(`${dir} 不是文件夹 / ${dir} is not a folder`);
  const repaired = secureModes(dir, { recursive: opts.recursive ?? true });
  // Inside a folder that was already private nobody else could reach anything (a crash may leave
  // PGlite's 0644 pg_internal.init behind): tightened silently. Otherwise the operator is told.
  if (repaired.length && repaired.some((r) => r.path === dir && r.mode & 0o077)) {
    const wasWritable = repaired.some((r) => r.mode & 0o022);
    say(
      `已修复 ${dir}${opts.what ? `（${opts.what.split(' / ')[0]}）` : ''} 中 ${repaired.length} 项他人可读${wasWritable ? '写' : ''}的权限（目录改为 0700，文件改为 0600）${wasWritable ? '；其他账号曾可写入，请运行 xuanbao audit verify 并核对备份' : ''} / ` +
        `repaired ${repaired.length} entries in ${dir}${opts.what ? ` (${opts.what.split(' / ')[1] ?? opts.what})` : ''} that other accounts could ${wasWritable ? 'read or write' : 'read'} (folders now 0700, files 0600)${wasWritable ? '; others could write there: run `xuanbao audit verify` and check your backups' : ''}`,
    );
  }
}

/**
 * Sets every folder under (and including) `dir` to 0700 and every file to 0600 where any group or
 * other bit is set (with `recursive: false`, only `dir` itself: nobody else can reach inside it). Symbolic links are neither followed nor changed. Returns what it changed (with
 * the old mode). Throws FolderUnsafeError for an entry owned by another account.
 */
export function secureModes(dir: string, opts: { recursive?: boolean } = {}): { path: string; mode: number }[] {
  const recursive = opts.recursive ?? true;
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  const changed: { path: string; mode: number }[] = [];
  const visit = (p: string) => {
    let s: fs.Stats;
    try {
      s = fs.lstatSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // removed meanwhile (PGlite at work)
      throw e;
    }
    if (s.isSymbolicLink()) return;
    if (uid >= 0 && s.uid !== uid) {
      throw new FolderUnsafeError(`${p} 属于另一个账号（uid ${s.uid}），不是运行本程序的账号（uid ${uid}）；请修正其所有者后再启动 / ${p} belongs to another account (uid ${s.uid}), not to the account running Xuanbao (uid ${uid}); fix its owner and start again`);
    }
    const mode = s.mode & 0o777;
    if (s.isDirectory()) {
      if (mode & 0o077 || (mode & 0o700) !== 0o700) {
        fs.chmodSync(p, 0o700);
        changed.push({ path: p, mode });
      }
      if (!recursive) return;
      let names: string[];
      try {
        names = fs.readdirSync(p);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const n of names) visit(path.join(p, n));
    } else if (mode & 0o077) {
      try {
        fs.chmodSync(p, 0o600);
        changed.push({ path: p, mode });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  };
  visit(dir);
  return changed;
}
