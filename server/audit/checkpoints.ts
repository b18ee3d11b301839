import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from './chain';
import type { AuditKey } from './key';

/**
 * Signed checkpoints, kept OUTSIDE the database: an append-only file of JSON lines
 * `{ seq, hash, at, key, sig }` naming the newest chained row at that moment. `sig` is an HMAC with
 * the audit key's checkpoint part, `key` the key's public id. Written by the `audit.checkpoint` job
 * (every few minutes), when the server stops, and after a purge. `xuanbao audit verify` checks the
 * log against every line: a row named by a checkpoint that is missing (tail deleted, log wiped) or
 * has another hash (rewritten) is found, whatever the database says about itself.
 */
export type Checkpoint = { seq: number; hash: string; at: string; key: string; sig: string };

export function signCheckpoint(c: Omit<Checkpoint, 'sig' | 'key'>, key: AuditKey): Checkpoint {
  const body = { seq: c.seq, hash: c.hash, at: c.at, key: key.id };
  return { ...body, sig: createHmac('sha256', key.checkpoint).update(canonicalJson(['checkpoint', body.seq, body.hash, body.at, body.key])).digest('hex') };
}

function validSig(c: Checkpoint, key: AuditKey): boolean {
  const want = signCheckpoint(c, key).sig;
  return typeof c.sig === 'string' && c.sig.length === want.length && timingSafeEqual(Buffer.from(c.sig), Buffer.from(want));
}

/** Appends one line and syncs it to disk (one write: concurrent appenders never interleave a line). */
export function appendCheckpoint(file: string, c: Checkpoint): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(c) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export type CheckpointRead = { checkpoints: Checkpoint[]; invalidLine: number | null };

/**
 * Every checkpoint of the file, checked against the key. A line that does not parse or is not signed
 * with this key stops the reading (its 1-based line number is returned): the file was edited, or
 * written with another key. A missing file has no checkpoints.
 */
export function readCheckpoints(file: string, key: AuditKey): CheckpointRead {
  if (!fs.existsSync(file)) return { checkpoints: [], invalidLine: null };
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const checkpoints: Checkpoint[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let c: Checkpoint;
    try {
      c = JSON.parse(line) as Checkpoint;
    } catch {
      return { checkpoints, invalidLine: i + 1 };
    }
    if (!Number.isSafeInteger(c.seq) || typeof c.hash !== 'string' || !validSig(c, key)) return { checkpoints, invalidLine: i + 1 };
    checkpoints.push(c);
  }
  return { checkpoints, invalidLine: null };
}
