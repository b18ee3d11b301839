import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runThroughServer } from '../../cli/socket';
import { readArchive, rowLines } from '../backup/archive.testkit';
import { configureAudit } from '../audit/key';
import { TEST_AUDIT_KEY, testConfig } from '../config';
import { BLOB_OWNERS } from '../main';
import { openTestDatabase } from '../test/db';
import type { Database } from '../db/client';
import { startAdminSocket, type AdminSocket } from './socket';

/**
 * The admin socket's gate and protocol, in one process on either database: the socket file is
 * 0600, anything but an allowed, well-formed request is refused before it runs, a backup comes back
 * whole, and a socket file is never taken from a live server nor made in a folder others can write.
 * (Through a real server process and the real CLI: cli/admin-socket.int.test.ts.)
 */
let database: Database;
let dir: string;
let admin: AdminSocket;
const logged: object[] = [];
const log = { info: (o: object) => void logged.push(o), warn: (o: object) => void logged.push(o) };

beforeAll(async () => {
  database = await openTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xb-sock-'));
  // In a server the app configures the audit key at start (audit/chaining.ts); here there is no app.
  configureAudit({ dataDir: dir, auditKey: TEST_AUDIT_KEY });
  admin = await startAdminSocket({ socketPath: path.join(dir, 'admin.sock'), database, config: testConfig({ dataDir: dir }), owners: BLOB_OWNERS, log });
});
afterAll(async () => {
  await admin?.close();
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes and returns every frame line the server answered with. */
function raw(payload: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const c = net.connect(admin.path);
    let got = '';
    c.on('connect', () => c.write(payload));
    c.on('data', (d) => (got += d.toString()));
    c.on('error', reject);
    c.on('close', () => resolve(got.split('\n').filter(Boolean)));
  });
}

describe('the admin socket', () => {
  it('is a 0600 socket file', () => {
    const s = fs.statSync(admin.path);
    expect(s.isSocket()).toBe(true);
    expect(s.mode & 0o777).toBe(0o600);
  });

  it('refuses what is not on its allow-list, malformed or oversized, before running anything', async () => {
    const fail = (lines: string[]) => {
      expect(lines).toHaveLength(1);
      return (JSON.parse(lines[0]!) as { t: string; message: string });
    };
    const restore = fail(await raw(`${JSON.stringify({ v: 1, operator: 'ops', request: { command: 'restore', file: '/tmp/x', force: true } })}\n`));
    expect(restore).toEqual({ t: 'fail', message: 'the server does not run this command through its admin socket: "restore"'.replace(/^/, '服务器不经管理套接字执行该命令 / ') });
    expect(fail(await raw(`${JSON.stringify({ v: 1, operator: 'ops', request: { command: 'user.add', login: 'x', name: 'x', unit: 'x', roles: [], extra: 1 } })}\n`)).t).toBe('fail');
    expect(fail(await raw('not json\n')).message).toContain('not a valid request (protocol version 1)');
    expect(fail(await raw(`${JSON.stringify({ v: 2, operator: 'ops', request: { command: 'unit.list' } })}\n`)).message).toContain('not a valid request');
    expect(fail(await raw(`${JSON.stringify({ v: 1, operator: 'ops; rm -rf /', request: { command: 'unit.list' } })}\n`)).message).toContain('not a valid request');
    expect(fail(await raw('x'.repeat(70_000))).message).toContain('the request is missing or too long');
    // Nothing of that ran.
    expect(logged).toEqual([]);
  });

  it('runs an allowed command and streams a backup back whole', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'xb-sock-out-'));
    try {
      const file = path.join(out, 'b.xbk');
      const write = process.stdout.write;
      let printed = '';
      process.stdout.write = ((s: string) => ((printed += s), true)) as typeof process.stdout.write;
      let code: number;
      try {
        code = await runThroughServer(admin.path, { command: 'backup', file }, { backupFile: file });
      } finally {
        process.stdout.write = write;
      }
      expect(code).toBe(0);
      expect(printed).toMatch(/^backup written: .*b\.xbk \(\d+ rows, 0 files, 0\.0 MB\)\n$/);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const names = (await readArchive(file)).map((e) => e.name);
      expect(names[0]).toBe('xuanbao-backup.json');
      expect(names.at(-1)).toBe('end.json');
      expect(rowLines(await readArchive(file)).length).toBeGreaterThan(0);
      expect(logged).toEqual([{ admin: 'backup', operator: os.userInfo().username }]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('is not taken from a live server, clears a dead one’s socket file, and refuses a folder others can write', async () => {
    const cfg = testConfig({ dataDir: dir });
    await expect(startAdminSocket({ socketPath: admin.path, database, config: cfg, owners: BLOB_OWNERS, log })).rejects.toThrow('another server listens on the admin socket');

    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'xb-sock2-'));
    try {
      // A socket file nobody answers on (a server killed outright): cleared and listened on.
      const stale = path.join(other, 'admin.sock');
      const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(stale)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'ignore'] });
      await new Promise((r) => child.stdout.once('data', r));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(fs.existsSync(stale)).toBe(true);
      const s = await startAdminSocket({ socketPath: stale, database, config: cfg, owners: BLOB_OWNERS, log });
      await s.close();
      expect(fs.existsSync(stale)).toBe(false);

      fs.chmodSync(other, 0o777);
      await expect(startAdminSocket({ socketPath: path.join(other, 'admin.sock'), database, config: cfg, owners: BLOB_OWNERS, log })).rejects.toThrow(
        `the admin socket's folder ${other} can be written by others`,
      );
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
