import { createHash, createHmac } from 'node:crypto';

/** Pure hash-chain logic for the audit log (no database). */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditRowContent = {
  seq: number;
  at: Date;
  actorId: string | null;
  actorLogin: string | null;
  event: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prevHash: string;
};

/** JSON with object keys sorted at every level, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

function payloadOf(r: AuditRowContent, version?: 2): string {
  return canonicalJson([
    ...(version ? [version] : []),
    r.seq,
    r.at.toISOString(),
    r.actorId,
    r.actorLogin,
    r.event,
    r.outcome,
    r.targetType,
    r.targetId,
    r.ip,
    r.details,
    r.prevHash,
  ]);
}

/** Chain version 1 (rows chained before migration 0008): plain SHA-256, anyone can recompute it. */
export function hashAuditRow(r: AuditRowContent): string {
  return createHash('sha256').update(payloadOf(r)).digest('hex');
}

/** Chain version 2: HMAC-SHA-256 with the audit key, which is kept outside the database. */
export function hmacAuditRow(r: AuditRowContent, key: Buffer): string {
  return createHmac('sha256', key).update(payloadOf(r, 2)).digest('hex');
}

/** The HMAC of a purge anchor: where the chain starts after a purge, and the hash it continues from. */
export function anchorMac(a: { seq: number; prevHash: string; purgedAt: Date }, key: Buffer): string {
  return createHmac('sha256', key).update(canonicalJson(['anchor', a.seq, a.prevHash, a.purgedAt.toISOString()])).digest('hex');
}

export type ChainBreakReason =
  /** The row's content does not match its hash (edited, or rehashed without the key). */
  | 'hash_mismatch'
  | 'prev_mismatch'
  | 'gap'
  /** An unkeyed (version 1) row after a keyed one, or at or after a checkpoint: a rewrite without the key. */
  | 'downgrade'
  /** A signed checkpoint names this seq with another hash: the chain was rewritten from here. */
  | 'checkpoint_mismatch'
  /** A signed checkpoint names this seq, and the log ends before it: the newest rows were deleted. */
  | 'truncated'
  /** The purge anchor the chain starts from is not signed with the key, yet checkpoints lie before it. */
  | 'anchor_invalid'
  /** A line of the checkpoint file is not signed with the key (the file was edited). */
  | 'checkpoint_invalid'
  /** The log has keyed rows and no audit key was found to check them. */
  | 'no_key';

export type ChainBreak = { seq: number; reason: ChainBreakReason };

export type ChainCheck = {
  /** The audit key's chain part; without it a keyed row cannot be checked (reported as no_key). */
  key?: Buffer | null;
  /** Signed checkpoints: seq → hash. */
  checkpoints?: Map<number, string>;
  /** From this seq on, every row must be keyed (the first checkpoint's seq). */
  keyedFrom?: number;
  /** A keyed row has been seen already (carried from page to page). */
  seenKeyed?: boolean;
};

/**
 * Walks rows in seq order. `start` is where the chain is expected to begin (1 with the genesis
 * hash, or a purge anchor). Returns the first broken link, or null when the chain is whole.
 * A row's `chainVersion` (absent = 1) says how its hash is made; once a keyed row has been seen, an
 * unkeyed one is a downgrade. `check.seenKeyed` is updated for the caller's next page.
 */
export function findChainBreak(
  rows: Iterable<AuditRowContent & { hash: string; chainVersion?: number | null }>,
  start: { seq: number; prevHash: string } = { seq: 1, prevHash: GENESIS_HASH },
  check: ChainCheck = {},
): ChainBreak | null {
  let expectedSeq = start.seq;
  let prev = start.prevHash;
  for (const r of rows) {
    if (r.seq !== expectedSeq) return { seq: expectedSeq, reason: 'gap' };
    if (r.prevHash !== prev) return { seq: r.seq, reason: 'prev_mismatch' };
    if (r.chainVersion === 2) {
      if (!check.key) return { seq: r.seq, reason: 'no_key' };
      if (hmacAuditRow(r, check.key) !== r.hash) return { seq: r.seq, reason: 'hash_mismatch' };
      check.seenKeyed = true;
    } else {
      if (check.seenKeyed || (check.keyedFrom !== undefined && r.seq >= check.keyedFrom)) return { seq: r.seq, reason: 'downgrade' };
      if (hashAuditRow(r) !== r.hash) return { seq: r.seq, reason: 'hash_mismatch' };
    }
    const cp = check.checkpoints?.get(r.seq);
    if (cp !== undefined && cp !== r.hash) return { seq: r.seq, reason: 'checkpoint_mismatch' };
    prev = r.hash;
    expectedSeq++;
  }
  return null;
}
