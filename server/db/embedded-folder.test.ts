import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimEmbeddedFolder, FolderInUseError, LOCK_FILE, readHolder, securePrivateFolder, type FolderHolder } from './embedded-folder';

/**
 * The embedded folder's lock and modes, without a database: a real second process is refused with
 * the holder's name, a dead or reused pid is taken over, another host's lock is not, modes are
 * made and repaired. (The lock around a real PGlite and a real server: cli/admin-socket.int.test.ts.)
 */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-folder-'));
  dirs.push(d);
  return path.join(d, 'pglite');
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const mode = (p: string) => fs.statSync(p).mode & 0o777;

/** Tries to claim the folder in another Node process; returns its exit code and output. */
function claimInChild(folder: string) {
  const script = `
    const { register } = await import('tsx/esm/api');
    register();
    const m = await import(${JSON.stringify(path.join(ROOT, 'server/db/embedded-folder.ts'))});
    try { m.claimEmbeddedFolder(${JSON.stringify(folder)}, { command: 'xuanbao backup' }); console.log('claimed'); }
    catch (e) { console.error(e.message); process.exit(3); }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeLock(folder: string, h: Partial<FolderHolder>) {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const holder: FolderHolder = { pid: 1, host: os.hostname(), since: '2026-11-27T08:00:00.000Z', command: 'xuanbao start', procStart: null, token: 'old', ...h };
  fs.writeFileSync(path.join(folder, LOCK_FILE), JSON.stringify(holder), { mode: 0o600 });
}

describe('the embedded folder lock', () => {
  it('refuses a second process and names the holder: pid, command, since; released on close', () => {
    const folder = tmp();
    const lock = claimEmbeddedFolder(folder, { command: 'xuanbao start' });
    const r = claimInChild(folder);
    expect(r.code).toBe(3);
    const since = lock.holder.since.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    expect(r.stderr).toContain(`数据文件夹 ${folder} 正被另一个进程使用：进程 ${process.pid}（xuanbao start），自 ${since} 起。`);
    expect(r.stderr).toContain(`the data folder ${folder} is in use by process ${process.pid} (xuanbao start) since ${since}.`);
    // The same process may not open it twice either (two PGlite instances on one folder corrupt it too).
    expect(() => claimEmbeddedFolder(folder)).toThrow(FolderInUseError);
    expect(mode(path.join(folder, LOCK_FILE))).toBe(0o600);

    lock.release();
    expect(fs.existsSync(path.join(folder, LOCK_FILE))).toBe(false);
    expect(claimInChild(folder)).toMatchObject({ code: 0, stdout: 'claimed\n' });
    // That child exited normally: its exit handler removed its lock.
    expect(readHolder(folder)).toBeNull();
  });

  it('takes over the lock of a process that is gone, with a message naming it', () => {
    const folder = tmp();
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout.trim());
    writeLock(folder, { pid: deadPid, command: 'xuanbao user add' });
    expect(readHolder(folder)).toMatchObject({ alive: false, holder: { pid: deadPid } });
    const said: string[] = [];
    const lock = claimEmbeddedFolder(folder, { command: 'xuanbao start', say: (m) => said.push(m) });
    expect(said).toEqual([expect.stringContaining(`took over a stale lock on ${folder}: process ${deadPid} (xuanbao user add, since 2026-11-27T08:00:00.000Z) is no longer running`)]);
    expect(readHolder(folder)).toMatchObject({ alive: true, holder: { pid: process.pid, command: 'xuanbao start' } });
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (started at another time)', async () => {
    const folder = tmp();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeLock(folder, { pid: other.pid!, procStart: '1' });
      expect(readHolder(folder)?.alive).toBe(os.platform() !== 'linux');
      if (os.platform() === 'linux') claimEmbeddedFolder(folder, { say: () => undefined }).release();
      // With the right start time it is alive and keeps the folder.
      const stat = fs.readFileSync(`/proc/${other.pid}/stat`, 'utf8');
      writeLock(folder, { pid: other.pid!, procStart: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]! });
      expect(readHolder(folder)?.alive).toBe(true);
      expect(() => claimEmbeddedFolder(folder)).toThrow(`process ${other.pid} (xuanbao start)`);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('never takes over a lock from another host, and says how to clear it', () => {
    const folder = tmp();
    writeLock(folder, { pid: 999_999, host: 'other-host' });
    expect(() => claimEmbeddedFolder(folder)).toThrow(
      `the data folder ${folder} is in use by process 999999 (xuanbao start on host other-host) since 2026-11-27 08:00:00 UTC. If that host no longer runs it, delete ${path.join(folder, LOCK_FILE)}.`,
    );
  });
});

describe('the embedded folder modes', () => {
  it('creates the folder 0700', () => {
    const folder = tmp();
    claimEmbeddedFolder(folder).release();
    expect(mode(folder)).toBe(0o700);
    expect(mode(path.dirname(folder))).toBe(0o700);
  });

  it('repairs a folder others can read and write, with a message, and refuses one owned by another account', () => {
    const folder = tmp();
    fs.mkdirSync(path.join(folder, 'pg_wal'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'pg_wal', '000000010000000000000001'), 'wal');
    fs.writeFileSync(path.join(folder, 'PG_VERSION'), '17');
    fs.chmodSync(folder, 0o777);
    fs.chmodSync(path.join(folder, 'pg_wal'), 0o755);
    fs.chmodSync(path.join(folder, 'pg_wal', '000000010000000000000001'), 0o666);
    fs.chmodSync(path.join(folder, 'PG_VERSION'), 0o644);
    const said: string[] = [];
    securePrivateFolder(folder, { say: (m) => said.push(m), what: '嵌入式数据库 / embedded database' });
    expect(said).toEqual([
      expect.stringContaining(`repaired 4 entries in ${folder} (embedded database) that other accounts could read or write (folders now 0700, files 0600); others could write there: run \`xuanbao audit verify\``),
    ]);
    expect(said[0]).toContain('已修复');
    expect([folder, path.join(folder, 'pg_wal')].map(mode)).toEqual([0o700, 0o700]);
    expect([path.join(folder, 'PG_VERSION'), path.join(folder, 'pg_wal', '000000010000000000000001')].map(mode)).toEqual([0o600, 0o600]);
    // Once private, nothing more is said; a loose file inside the private folder (nobody else could
    // reach it, e.g. PGlite's pg_internal.init after a crash) is tightened without a message.
    said.length = 0;
    fs.chmodSync(path.join(folder, 'PG_VERSION'), 0o644);
    securePrivateFolder(folder, { say: (m) => said.push(m) });
    expect(said).toEqual([]);
    expect(mode(path.join(folder, 'PG_VERSION'))).toBe(0o600);

    // Owned by another account: refused (only root can make that here).
    if (process.getuid?.() === 0) {
      fs.chownSync(path.join(folder, 'PG_VERSION'), 65534, 65534);
      expect(() => securePrivateFolder(folder)).toThrow(`${path.join(folder, 'PG_VERSION')} belongs to another account (uid 65534)`);
    }
  });
});
