import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { configureAudit } from '../server/audit/key';
import { TEST_AUDIT_KEY } from '../server/config';
import { openDatabase, type Database } from '../server/db/client';
import { migratedPgTemplate, migratedTemplate } from '../server/test/db';

/**
 * Tests only: run the `xuanbao` command as a person would (`node bin/xuanbao.mjs …` in a child
 * process), on a temp data folder with the embedded database or (XUANBAO_TEST_DB=pg) a fresh
 * PostgreSQL database of its own; and start a real server process on the same target.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'xuanbao.mjs');
export const PG = process.env.XUANBAO_TEST_DB === 'pg';
export const SLOW = 240_000;

export type Target = { name: string; dir: string; env: Record<string, string>; open(): Promise<Database> };
const cleanups: (() => Promise<void>)[] = [];

/** Runs the cleanups of every target and server made so far (call in afterAll). */
export async function cleanUp() {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups.length = 0;
  migrated = undefined;
}

/**
 * Where a migrated database is copied from, made once per test file: an embedded-database folder
 * (from the tests' migrated template) or the tests' migrated PostgreSQL template (server/test/db.ts).
 * Every CLI start that finds an empty database creates and migrates it (seconds each); a target that
 * does not test that starts from this copy instead.
 */
let migrated: Promise<string> | undefined;
function migratedSource(): Promise<string> {
  migrated ??= (async () => {
    if (!PG) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-cli-migrated-'));
      cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
      const d = await openDatabase({ dataDir: path.join(dir, 'pglite'), loadDataDirFile: await migratedTemplate() });
      await d.close();
      return path.join(dir, 'pglite');
    }
    return migratedPgTemplate(process.env.TEST_PG_URL!);
  })();
  return migrated;
}

async function createDatabase(name: string, template?: string) {
  const base = process.env.TEST_PG_URL;
  if (!base) throw new Error('XUANBAO_TEST_DB=pg needs TEST_PG_URL');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const a = new pg.Client({ connectionString: base });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });
}

/**
 * A data folder and, on PostgreSQL, a database of its own: empty, or with `migrated` already migrated
 * (a copy, for a test that is not about the first start; it saves a CLI run the creation and migration).
 */
export async function newTarget(name: string, opts: { migrated?: boolean } = {}): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `xuanbao-cli-${name}-`));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const source = opts.migrated ? await migratedSource() : undefined;
  if (!PG) {
    if (source) fs.cpSync(source, path.join(dir, 'pglite'), { recursive: true });
    return { name, dir, env: { XUANBAO_DATA_DIR: dir, XUANBAO_AUDIT_KEY: TEST_AUDIT_KEY }, open: () => openDatabase({ dataDir: path.join(dir, 'pglite') }) };
  }
  const db = `xb_cli_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await createDatabase(db, source);
  const u = new URL(process.env.TEST_PG_URL!);
  u.pathname = `/${db}`;
  const url = u.toString();
  return { name, dir, env: { XUANBAO_DATA_DIR: dir, XUANBAO_AUDIT_KEY: TEST_AUDIT_KEY, DATABASE_URL: url }, open: () => openDatabase({ url }) };
}

/** The environment without any Xuanbao setting of the test runner's own. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('XUANBAO_') || ['DATABASE_URL', 'PORT', 'HOST', 'TEST_PG_URL'].includes(k)) continue;
    env[k] = v;
  }
  return env;
}

export type Run = { code: number | null; stdout: string; stderr: string };

export function xuanbao(args: string[], env: Record<string, string>, opts: { stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...baseEnv(), ...env }, stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    const timer = setTimeout(() => child.kill('SIGKILL'), SLOW - 10_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed; shows its output when it does not. */
export async function ok(args: string[], t: Target): Promise<string> {
  const r = await xuanbao(args, t.env);
  if (r.code !== 0) throw new Error(`xuanbao ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export async function withDb<T>(t: Target, fn: (d: Database) => Promise<T>): Promise<T> {
  // The same audit key as the CLI runs (newTarget) and this test process (createTestApp).
  configureAudit({ dataDir: t.dir, auditKey: TEST_AUDIT_KEY });
  const d = await t.open();
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

export type ServerProcess = { child: ChildProcess; url: string; pid: number; output(): string; stop(signal?: NodeJS.Signals): Promise<number | null> };

/** `xuanbao start` on the target (any free port, no demo data), once it says it is ready. */
export async function startServerProcess(t: Target, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: ROOT,
    env: { ...baseEnv(), ...t.env, XUANBAO_PORT: '0', XUANBAO_HOST: '127.0.0.1', XUANBAO_DEMO: '0', XUANBAO_AUDIT_CHAIN_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  cleanups.push(async () => void (await stop('SIGKILL')));
  return { child, url, pid: child.pid!, output: () => out, stop };
}
