import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Config } from '../config';
import type { Tx } from '../db/client';
import { appError } from '../errors';
import { fileStoreFor } from './files';
import type { BlobOwner } from './owners';

/**
 * Evidence files (screenshots, scans, PDFs, office documents) as records of use and ledger entries
 * keep them: one mechanism, each domain on its own table. A file is uploaded first, in a scope (the
 * item recorded on, the organisation of the ledger), seen only by its uploader; the record or entry
 * that cites it then claims it (links it to itself); a correction removes it (kept for history, no
 * longer shown). The domain keeps its access checks, error codes and audit events; the table it hands
 * over here is its own (server/architecture.test.ts: a folder writes only its own tables).
 */

/** The columns every evidence table has, and which one links a file to its owner and which scopes an upload. */
export type EvidenceTable<T extends PgTable> = {
  table: T;
  id: PgColumn;
  /** The record or entry that claimed it; null while unclaimed. */
  owner: PgColumn;
  /** Its property name on the table (for the claim's update). */
  ownerKey: string;
  /** What it was uploaded for (an item, an organisation): a claim must come from the same scope. */
  scope: PgColumn;
  sha256: PgColumn;
  thumbSha256: PgColumn;
  createdBy: PgColumn;
  removedAt: PgColumn;
};

/** Screenshots, scans, PDFs and office documents (not video), checked like attachments. */
export const EVIDENCE_LIMITS = { image: 20 * 1024 * 1024, document: 30 * 1024 * 1024, video: 0 };

/** What the upload check (submissions/files.ts storeUpload) answers, as far as evidence keeps it. */
type Stored = { sha256: string; filename: string; mime: string; size: number; fileKind: string; thumbSha256: string | null };

/** The columns of an evidence row for an accepted upload; a video is refused (the limits let none through, a zero-byte one would pass). */
export function evidenceColumns(stored: Stored) {
  if (stored.fileKind === 'video') throw appError('upload/type_not_allowed');
  return { sha256: stored.sha256, filename: stored.filename, mime: stored.mime, size: stored.size, fileKind: stored.fileKind, thumbSha256: stored.thumbSha256 };
}

/** An evidence file as the API shows it (upload answers, lists). */
export const evidenceView = (r: { id: string; filename: string; mime: string; size: number; fileKind: string }) => ({ id: r.id, filename: r.filename, mime: r.mime, size: r.size, fileKind: r.fileKind });

/**
 * Links the files `ids` to `ownerId`: only files `by` uploaded in `scopeId`, unclaimed and not
 * removed. False when any of them is not such a file (nothing is claimed then once the caller's
 * transaction rolls back on its error).
 */
export async function claimEvidence<T extends PgTable>(tx: Tx, t: EvidenceTable<T>, o: { ids: readonly string[]; ownerId: string; scopeId: string; by: string }): Promise<boolean> {
  if (!o.ids.length) return true;
  const claimed = await tx
    .update(t.table)
    // The owner column is named by the caller's table; drizzle cannot type a key chosen at run time.
    .set({ [t.ownerKey]: o.ownerId } as PgUpdateSetSource<T>)
    .where(and(inArray(t.id, [...o.ids]), eq(t.scope, o.scopeId), isNull(t.owner), isNull(t.removedAt), eq(t.createdBy, o.by)))
    .returning({ id: t.id });
  return claimed.length === new Set(o.ids).size;
}

/** Removes files `ids` from `ownerId` (the rows stay, marked removed, for history). */
export async function removeEvidence<T extends PgTable>(tx: Tx, t: EvidenceTable<T>, o: { ids: readonly string[]; ownerId: string; now: Date }): Promise<void> {
  if (!o.ids.length) return;
  await tx
    .update(t.table)
    // removedAt is a column of every evidence table (EvidenceTable); drizzle cannot see it on a generic table.
    .set({ removedAt: o.now } as PgUpdateSetSource<T>)
    .where(and(eq(t.owner, o.ownerId), inArray(t.id, [...o.ids]), isNull(t.removedAt)));
}

/** The bytes of an evidence file the caller may open (the domain checked), or 404 when the blob is gone. */
export async function openEvidenceBlob(config: Config, f: { sha256: string; mime: string; filename: string; fileKind: string }) {
  const blob = await fileStoreFor(config).open(f.sha256);
  if (!blob) throw appError('common/not_found');
  return { stream: blob.stream, mime: f.mime, filename: f.filename, size: blob.size, inlineSafe: f.fileKind === 'image' };
}

/** The blobs an evidence table's rows refer to (files and thumbnails, removed rows included), for the orphan sweep and backups. */
export function evidenceBlobOwner<T extends PgTable>(name: string, t: EvidenceTable<T>): BlobOwner {
  const pairs = (rows: { a: unknown; b: unknown }[]) => rows.flatMap((r) => [r.a, r.b]).filter((s): s is string => typeof s === 'string' && s !== '');
  return {
    name,
    async referencedAmong(db: Tx, sha256s: readonly string[]) {
      if (!sha256s.length) return new Set<string>();
      const list = [...sha256s];
      const wanted = new Set(list);
      const rows = await db.select({ a: t.sha256, b: t.thumbSha256 }).from(t.table as PgTable).where(or(inArray(t.sha256, list), inArray(t.thumbSha256, list)));
      return new Set(pairs(rows).filter((s) => wanted.has(s)));
    },
    async *allReferenced(db: Tx) {
      // Evidence files are few (a handful per record or entry): one read, sorted here.
      const rows = await db.select({ a: t.sha256, b: t.thumbSha256 }).from(t.table as PgTable);
      yield* [...new Set(pairs(rows))].sort();
    },
  };
}
