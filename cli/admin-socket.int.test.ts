import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../server/audit/audit';
import { auditLog } from '../server/audit/tables';
import { readArchive, rowLines } from '../server/backup/archive.testkit';
import { LOCK_FILE } from '../server/db/embedded-folder';
import { people } from '../server/org/tables';
import { cleanUp, newTarget, ok, PG, SLOW, startServerProcess, withDb, xuanbao } from './cli.testkit';

/**
 * The operator's commands while a real server (`xuanbao start`, a child process) runs on the same
 * data. On the embedded database they run inside the server through its admin socket (a second
 * process must not open the folder); on PostgreSQL the CLI connects itself, as before. Either way
 * the server sees what they did, the audit chain stays intact and nothing is written twice. On the
 * embedded database a second opener is refused naming the holder, and a killed server's lock is
 * taken over. The data folder is repaired at start (an earlier version made it world-readable and
 * -writable) and stays 0700/0600 after writes.
 */
afterAll(cleanUp);

/** Everything under `dir` that is not a 0700 folder or a 0600 file (sockets included), with its mode. */
function loose(dir: string): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    const s = fs.lstatSync(p);
    const m = s.mode & 0o777;
    if (s.isDirectory()) {
      if (m !== 0o700) out.push(`${path.relative(dir, p) || '.'} ${m.toString(8)}`);
      for (const n of fs.readdirSync(p)) visit(path.join(p, n));
    } else if (m !== 0o600) out.push(`${path.relative(dir, p)} ${m.toString(8)}`);
  };
  visit(dir);
  return out;
}

/** What an earlier version left: every folder 0777 and file 0666. */
function openUp(dir: string) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name);
    if (!e.isSymbolicLink()) fs.chmodSync(p, e.isDirectory() ? 0o777 : 0o666);
  }
  fs.chmodSync(dir, 0o777);
}

describe('commands while the server runs', () => {
  it(
    'run through the running server (embedded) or beside it (PostgreSQL): it sees the new user, the backup is whole, the chain intact',
    async () => {
      const t = await newTarget('live');
      const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-out-'));
      try {
        expect(await ok(['migrate'], t)).toBe(`migrated (${PG ? 'pg' : 'pglite'})\n`);
        openUp(t.dir);
        expect(loose(t.dir).length).toBeGreaterThan(PG ? 0 : 900);

        const server = await startServerProcess(t);
        // Repaired at start, with a message in the log.
        expect(server.output()).toContain(`repaired 1 entries in ${t.dir} (data folder) that other accounts could read or write`);
        if (!PG) expect(server.output()).toMatch(new RegExp(`repaired \\d{3,} entries in ${t.dir}/pglite \\(embedded database\\) that other accounts could read or write \\(folders now 0700, files 0600\\); others could write there`));
        expect(loose(t.dir)).toEqual([]);
        const socket = path.join(t.dir, 'admin.sock');
        expect(fs.existsSync(socket)).toBe(!PG);

        const root = await ok(['unit', 'add-root', '--name', '在线局', '--type', 'bureau'], t);
        const [, rootId] = /^([0-9a-f-]{36}) {2}在线局\n$/.exec(root) ?? [];
        expect(rootId).toBeDefined();
        const added = await ok(['user', 'add', '--login', 'ops2', '--name', '值班员', '--unit', '在线局', '--role', 'admin'], t);
        const password = /^created ops2; initial password \(change at first sign-in\): (\S{16})\n$/.exec(added)?.[1];
        expect(password).toBeDefined();

        // The running server sees the new account at once: its printed password signs in there.
        const res = await fetch(`${server.url}/api/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'xuanbao' },
          body: JSON.stringify({ login: 'ops2', password }),
        });
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ success: true, data: { mustChangePassword: true } });

        // A backup while it runs: streamed to the CLI's file, private, with the new account in it.
        const file = path.join(outDir, 'nightly.xbk');
        expect(await ok(['backup', file], t)).toMatch(/^backup written: .*nightly\.xbk \(\d+ rows, 0 files, 0\.0 MB\)\n$/);
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        expect(fs.existsSync(`${file}.partial`)).toBe(false);
        const lines = rowLines(await readArchive(file)).map((l) => JSON.parse(l) as { t: string; r: Record<string, unknown> });
        expect(lines.filter((l) => l.t === 'people').map((l) => l.r.login)).toEqual(['ops2']);
        expect(lines.filter((l) => l.t === 'audit_log').map((l) => l.r.event)).toEqual(['unit.create', 'person.create', 'auth.sign_in']);

        const verified = await xuanbao(['audit', 'verify'], t.env);
        expect(verified).toMatchObject({ code: 0, stdout: 'audit chain intact: 4 rows (seq 1–4), keyed; 0 checkpoint(s) checked\n' });

        // Which way they went: through the socket on the embedded database, never on PostgreSQL.
        const ran = [...server.output().matchAll(/"admin":"([a-z.-]+)","operator":"([^"]+)"/g)].map((m) => m[1]);
        expect(ran).toEqual(PG ? [] : ['unit.add-root', 'user.add', 'backup', 'audit.verify']);
        expect(loose(t.dir)).toEqual([]);

        if (!PG) {
          // A second process on the folder is refused, naming the holder: pid, command, since.
          const lock = JSON.parse(fs.readFileSync(path.join(t.dir, 'pglite', LOCK_FILE), 'utf8')) as { since: string };
          const since = lock.since.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
          const second = await xuanbao(['start'], { ...t.env, XUANBAO_PORT: '0' });
          expect(second.code).toBe(1);
          expect(second.stderr).toContain(`数据文件夹 ${t.dir}/pglite 正被另一个进程使用：进程 ${server.pid}（xuanbao start），自 ${since} 起。`);
          expect(second.stderr).toContain(`the data folder ${t.dir}/pglite is in use by process ${server.pid} (xuanbao start) since ${since}. It is the running server: stop it before running this command`);
          const restore = await xuanbao(['restore', '--force', file], t.env);
          expect(restore.code).toBe(1);
          expect(restore.stderr).toContain(`is in use by process ${server.pid} (xuanbao start)`);

          // Killed outright, the server leaves its lock; the next command takes it over and says so.
          expect(await server.stop('SIGKILL')).toBeNull();
          expect(fs.existsSync(path.join(t.dir, 'pglite', LOCK_FILE))).toBe(true);
          const after = await xuanbao(['audit', 'verify'], t.env);
          expect(after.stderr).toContain(`took over a stale lock on ${t.dir}/pglite: process ${server.pid} (xuanbao start, since ${lock.since}) is no longer running`);
          expect(after).toMatchObject({ code: 0, stdout: 'audit chain intact: 4 rows (seq 1–4), keyed; 0 checkpoint(s) checked\n' });
          // Released when that command closed the database. (The dead server's socket file stays,
          // answering nobody, until the next start clears it; the CLI never tried it: its holder is gone.)
          expect(fs.existsSync(path.join(t.dir, 'pglite', LOCK_FILE))).toBe(false);
          expect(fs.existsSync(socket)).toBe(true);
        } else {
          expect(await server.stop()).toBe(0);
          expect(fs.existsSync(socket)).toBe(false);
        }

        // Nothing written twice, nothing lost: one account, a gap-free chain naming the operator.
        await withDb(t, async (d) => {
          expect((await d.db.select().from(people).where(eq(people.login, 'ops2'))).length).toBe(1);
          const rows = await d.db.select().from(auditLog).orderBy(asc(auditLog.seq));
          expect(rows.map((r) => [r.seq, r.event])).toEqual([
            [1, 'unit.create'],
            [2, 'person.create'],
            [3, 'auth.sign_in'],
            [4, 'system.backup'],
          ]);
          expect(rows.filter((r) => r.event !== 'auth.sign_in').map((r) => [r.actorLogin, (r.details as { via?: string }).via])).toEqual(
            Array(3).fill([`cli:${os.userInfo().username}`, 'cli']),
          );
          expect((await verifyAudit(d.db)).ok).toBe(true);
        });
        if (!PG) expect(loose(t.dir)).toEqual([]);
      } finally {
        fs.rmSync(outDir, { recursive: true, force: true });
      }
    },
    2 * SLOW, // a dozen processes, each opening the database: minutes on a loaded machine
  );
});
