import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The audit key: a secret kept OUTSIDE the database, so that someone who can write the database but
 * not read the server's environment or data folder cannot recompute the chain or sign a checkpoint.
 *
 * Where it comes from, in this order:
 *   1. `XUANBAO_AUDIT_KEY` (at least 32 characters, e.g. `openssl rand -hex 32`);
 *   2. the file `<data folder>/audit.key` (mode 0600), created with 32 random bytes the first time a
 *      process needs a key and none is given.
 * Every process that writes to one database must use the same key (same variable, or the same file):
 * a process with another key refuses to chain (the newest keyed row does not match it).
 * The key is not in backups: keep a copy of it with them, separately.
 */
export type AuditKey = {
  /** Keys the row hashes (chain version 2) and the purge anchors. */
  chain: Buffer;
  /** Signs the checkpoints written outside the database. */
  checkpoint: Buffer;
  /** A short public fingerprint of the key (names it in checkpoints and messages; reveals nothing). */
  id: string;
  source: string;
};

export const AUDIT_KEY_FILE = 'audit.key';
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

export function deriveAuditKey(secret: string, source = 'given'): AuditKey {
  const sub = (label: string) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(label).digest();
  return { chain: sub('xuanbao audit chain v2'), checkpoint: sub('xuanbao audit checkpoint v1'), id: sub('xuanbao audit key id').toString('hex').slice(0, 16), source };
}

export class AuditKeyError extends Error {}

export type AuditSetup = { dataDir: string; auditKey?: string | undefined };

/**
 * Reads the key (variable first, then the file). With `create`, a missing file is created 0600 with a
 * fresh random key; without it, a missing key is null. A key file that others may read is refused.
 */
export function loadAuditKey(setup: AuditSetup, opts: { create: boolean }): AuditKey | null {
  if (setup.auditKey) return deriveAuditKey(setup.auditKey, 'XUANBAO_AUDIT_KEY');
  const file = path.join(setup.dataDir, AUDIT_KEY_FILE);
  if (!fs.existsSync(file)) {
    if (!opts.create) return null;
    fs.mkdirSync(setup.dataDir, { recursive: true, mode: 0o700 });
    try {
      // 'wx': never overwrite a key another process created a moment ago.
      fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const st = fs.statSync(file);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw new AuditKeyError(`审计密钥文件权限过宽，应为 0600 / the audit key file ${file} may be read by others (mode ${(st.mode & 0o777).toString(8)}); run: chmod 600 ${file}`);
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new AuditKeyError(`审计密钥文件内容无效 / the audit key file ${file} holds fewer than 32 characters`);
  return deriveAuditKey(secret, file);
}

/**
 * The process's audit setup: installed once by whoever opens the database for the application (the
 * server's routes, the CLI), read by the chainer, the purge, the checkpoints and verify.
 */
let setup: AuditSetup | null = null;
let key: AuditKey | null = null;

export function configureAudit(s: AuditSetup): void {
  if (setup && setup.dataDir === s.dataDir && setup.auditKey === s.auditKey) return;
  setup = { dataDir: s.dataDir, auditKey: s.auditKey };
  key = null;
}

export function auditSetup(): AuditSetup {
  if (!setup) throw new AuditKeyError('audit not configured: configureAudit() was not called');
  return setup;
}

/** The key to chain with: loaded (or created) on first use. */
export function auditKey(): AuditKey {
  key ??= loadAuditKey(auditSetup(), { create: true });
  return key!;
}

/** The key, if one exists, without creating one (verify must not invent a key). */
export function existingAuditKey(): AuditKey | null {
  key ??= loadAuditKey(auditSetup(), { create: false });
  return key;
}

export function checkpointFile(): string {
  return path.join(auditSetup().dataDir, CHECKPOINT_FILE);
}
