import type { Tx } from '../db/client';
import { referencedByAny, type BlobOwner, type SweepActor } from './owners';
import type { FileStore } from './store';

/** Nothing younger than this is swept: an upload in flight in another process is never removed. */
export const SAFE_AGE_MS = 3_600_000;
/** An upload no form claimed (evidence for a record never saved) is kept this long: a form left open over a working day still saves. */
export const UNCLAIMED_AGE_MS = 24 * 3_600_000;

export type CleanResult = { tempRemoved: number; unclaimedRemoved: number; blobsRemoved: number };

/**
 * Removes what a crash or an abandoned form can leave behind: temporary files; uploads no form
 * claimed (each owner's `expireUnclaimed`, older than `unclaimedAgeMs`), whose blobs then count as
 * unreferenced; and blobs no row refers to (stored, then the transaction that would have referred to
 * them failed or the process died). Only things last changed more than `minAgeMs` ago are touched,
 * and a blob is checked again just before it goes, so one stored again meanwhile (its age refreshed
 * by `put`) stays.
 */
export async function cleanFileStore(
  store: FileStore,
  opts: { db: Tx; owners: readonly BlobOwner[]; now?: Date; minAgeMs?: number; unclaimedAgeMs?: number; actor?: SweepActor },
): Promise<CleanResult> {
  const now = opts.now ?? new Date();
  const before = new Date(now.getTime() - (opts.minAgeMs ?? SAFE_AGE_MS));
  const tempRemoved = await store.removeStaleTemp(before);
  let unclaimedRemoved = 0;
  const unclaimedBefore = new Date(now.getTime() - Math.max(opts.unclaimedAgeMs ?? UNCLAIMED_AGE_MS, opts.minAgeMs ?? SAFE_AGE_MS));
  for (const o of opts.owners) {
    if (o.expireUnclaimed) unclaimedRemoved += await o.expireUnclaimed(opts.db, { before: unclaimedBefore, actor: opts.actor ?? { now, ip: null, auth: null } });
  }
  let blobsRemoved = 0;
  let batch: string[] = [];
  const sweep = async () => {
    const referenced = await referencedByAny(opts.db, opts.owners, batch);
    for (const sha of batch) {
      if (referenced.has(sha)) continue;
      const again = await store.stat(sha);
      if (!again || again.modifiedAt >= before) continue;
      await store.delete(sha);
      blobsRemoved++;
    }
    batch = [];
  };
  for await (const b of store.list()) {
    if (b.modifiedAt >= before) continue;
    batch.push(b.sha256);
    if (batch.length >= 500) await sweep();
  }
  if (batch.length) await sweep();
  return { tempRemoved, unclaimedRemoved, blobsRemoved };
}

/**
 * The sweep as the `files.clean` job runs it: cleans, and says in one log line how many things went,
 * or why it could not (then it throws, and the job is retried later; the server keeps serving).
 */
export async function cleanAndReport(
  store: FileStore,
  opts: { db: Tx; owners: readonly BlobOwner[]; now?: Date; actor?: SweepActor; log: { info(o: object, msg: string): void; error(o: object, msg: string): void } },
): Promise<CleanResult> {
  try {
    const r = await cleanFileStore(store, opts);
    opts.log.info(
      { ...r, store: store.description },
      `file store cleaned: ${r.tempRemoved} temporary files, ${r.unclaimedRemoved} unclaimed uploads and ${r.blobsRemoved} unreferenced blobs removed (${store.description})`,
    );
    return r;
  } catch (err) {
    opts.log.error({ err, store: store.description }, `file store clean-up failed (${store.description})`);
    throw err;
  }
}
