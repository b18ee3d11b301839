import { createHash } from 'node:crypto';

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

export function hashAuditRow(r: AuditRowContent): string {
  const payload = canonicalJson([
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
  return createHash('sha256').update(payload).digest('hex');
}

export type ChainBreak = { seq: number; reason: 'hash_mismatch' | 'prev_mismatch' | 'gap' };

/**
 * Walks rows in seq order. `start` is where the chain is expected to begin (1 with the genesis
 * hash, or a purge anchor). Returns the first broken link, or null when the chain is whole.
 */
export function findChainBreak(
  rows: Iterable<AuditRowContent & { hash: string }>,
  start: { seq: number; prevHash: string } = { seq: 1, prevHash: GENESIS_HASH },
): ChainBreak | null {
  let expectedSeq = start.seq;
  let prev = start.prevHash;
  for (const r of rows) {
    if (r.seq !== expectedSeq) return { seq: expectedSeq, reason: 'gap' };
    if (r.prevHash !== prev) return { seq: r.seq, reason: 'prev_mismatch' };
    if (hashAuditRow(r) !== r.hash) return { seq: r.seq, reason: 'hash_mismatch' };
    prev = r.hash;
    expectedSeq++;
  }
  return null;
}
