import type { Tx } from '../db/client';

/**
 * A domain whose rows refer to blobs. The file store never reads other folders' tables: the domain
 * answers for its own rows. Every owner is listed once, in `BLOB_OWNERS` (server/main.ts); the
 * orphan sweep and the backup ask all of them.
 */
export type BlobOwner = {
  /** For log lines. */
  name: string;
  /**
   * Rows that hold a blob only until someone finishes a form (uploaded for a record, then the form was
   * closed): those left unclaimed since before `before` are removed, with their audit rows, so their
   * blobs become unreferenced and the sweep removes them. Returns how many rows went.
   */
  expireUnclaimed?(db: Tx, o: { before: Date; actor: SweepActor }): Promise<number>;
  /** Of these hashes, the ones its rows refer to (any row, including removed ones kept for history). */
  referencedAmong(db: Tx, sha256s: readonly string[]): Promise<Set<string>>;
  /** Every hash its rows refer to, each once, in ascending order (read in the caller's snapshot). */
  allReferenced(db: Tx): AsyncIterable<string>;
};

/** Of these hashes, the ones any owner's rows refer to. */
export async function referencedByAny(db: Tx, owners: readonly BlobOwner[], sha256s: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const o of owners) for (const s of await o.referencedAmong(db, sha256s)) out.add(s);
  return out;
}

/** Who sweeps, for the audit rows of what an owner expires (structurally the audit context: the job's system caller). */
export type SweepActor = { now: Date; ip: string | null; auth: { personId: string; login: string; system?: Record<string, string> } | null };
