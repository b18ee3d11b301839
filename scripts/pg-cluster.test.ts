import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { asClusterOwner, clusterConfig, connectionUrl, findFreePort, findPgBinDir, shq, startPgCluster } from './pg-cluster';

describe('findPgBinDir', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });
  const install = (...versions: string[]): string => {
    root = mkdtempSync(join(tmpdir(), 'pgroot-'));
    for (const v of versions) {
      mkdirSync(join(root, v, 'bin'), { recursive: true });
      writeFileSync(join(root, v, 'bin', 'initdb'), '');
    }
    return root;
  };

  it('prefers PostgreSQL 15 even when a newer version is installed', () => {
    const r = install('14', '15', '16');
    expect(findPgBinDir(r)).toBe(join(r, '15', 'bin'));
  });

  it('falls back to the newest version (numerically, not alphabetically)', () => {
    const r = install('9.6', '13', '17');
    expect(findPgBinDir(r)).toBe(join(r, '17', 'bin'));
  });

  it('ignores version folders without initdb (client-only installs)', () => {
    const r = install('13');
    mkdirSync(join(r, '16', 'bin'), { recursive: true });
    expect(findPgBinDir(r)).toBe(join(r, '13', 'bin'));
  });

  it('returns null when nothing is installed', () => {
    expect(findPgBinDir(install())).toBeNull();
    expect(findPgBinDir('/nonexistent/pg')).toBeNull();
  });
});

describe('clusterConfig', () => {
  it('listens only on the loopback, on its own port and socket folder, tuned for speed', () => {
    const conf = clusterConfig(54321, "/tmp/x'y");
    expect(conf).toMatch(/^port = 54321$/m);
    expect(conf).toMatch(/^listen_addresses = '127\.0\.0\.1'$/m);
    expect(conf).toMatch(/^unix_socket_directories = '\/tmp\/x''y'$/m);
    for (const line of ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'max_connections = 100']) {
      expect(conf.split('\n')).toContain(line);
    }
  });

  it('builds a password-less URL for the postgres role', () => {
    expect(connectionUrl(5999)).toBe('postgres://postgres@127.0.0.1:5999/postgres');
  });
});

describe('asClusterOwner', () => {
  it('runs commands as ourselves when not root', () => {
    expect(asClusterOwner('/pg/initdb', ['-D', '/d'], false, true)).toEqual(['/pg/initdb', '-D', '/d']);
  });

  it('switches to the postgres user when root', () => {
    expect(asClusterOwner('/pg/initdb', ['-D', '/d'], true, true)).toEqual([
      'runuser', '-u', 'postgres', '--', '/pg/initdb', '-D', '/d',
    ]);
    expect(asClusterOwner('/pg/pg_ctl', ['-o', "a b'c"], true, false)).toEqual([
      'su', 'postgres', '-s', '/bin/sh', '-c', `/pg/pg_ctl -o 'a b'\\''c'`,
    ]);
  });

  it('shell-quotes only what needs it', () => {
    expect(shq('/tmp/xuanbao-pg-Ab1/data')).toBe('/tmp/xuanbao-pg-Ab1/data');
    expect(shq('$(rm -rf /)')).toBe(`'$(rm -rf /)'`);
  });
});

describe('findFreePort', () => {
  it('returns a port that can be bound on 127.0.0.1', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(1023);
    await new Promise<void>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
    });
  });
});

describe('startPgCluster failure', () => {
  it('reports a failing initdb with its output and leaves no folder behind', async () => {
    // A fake PostgreSQL install whose initdb fails; readable by the postgres user when we are root.
    const base = mkdtempSync(join(tmpdir(), 'pgfail-'));
    chmodSync(base, 0o755);
    const pgRoot = join(base, 'pg');
    const tmp = join(base, 'tmp');
    mkdirSync(join(pgRoot, '15', 'bin'), { recursive: true, mode: 0o755 });
    mkdirSync(tmp, { mode: 0o755 });
    writeFileSync(join(pgRoot, '15', 'bin', 'initdb'), '#!/bin/sh\necho "initdb: disk on fire" >&2\nexit 3\n', { mode: 0o755 });
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const isRoot = process.getuid?.() === 0;
      await expect(startPgCluster({ pgRoot })).rejects.toThrow(
        isRoot ? /initdb failed \(exit 3\)[\s\S]*disk on fire|no `postgres` OS user/ : /initdb failed \(exit 3\)[\s\S]*disk on fire/,
      );
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(base, { recursive: true, force: true });
    }
  });
});
