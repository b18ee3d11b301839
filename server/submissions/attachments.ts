import type { Readable } from 'node:stream';
import { and, asc, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import { appError } from '../errors';
import { can, requireAccess, type Ctx } from '../http/context';
import { isOwner, loadVisibleSubmission } from './access';
import type { Tx } from '../db/client';
import { fileStoreFor } from '../files/files';
import type { BlobOwner } from '../files/owners';
import { storeUpload } from './files';
import { KIND_RULES, type SubmissionKind } from './kinds';
import { attachments, submissions, submissionVersions } from './tables';

export type AttachmentPurpose = 'material' | 'response_plan';

/**
 * Adds one uploaded file to an item. Material files: the author, while the item is editable.
 * A response plan (三同步 plan): the author, or a reviewer of the item's unit, until the item is final.
 */
export async function addAttachment(ctx: Ctx, id: string, file: { stream: Readable; filename: string }, purpose: AttachmentPurpose) {
  requireAccess(ctx, 'submission.read');
  const s = await loadVisibleSubmission(ctx, ctx.db, id);
  const owner = isOwner(ctx, s);
  // Checked here (to refuse early, before reading the bytes) and again under the row lock below.
  const refusal = (row: { status: string; unitPath: string }) => {
    const allowed =
      purpose === 'material'
        ? owner && ['draft', 'returned'].includes(row.status)
        : (owner || can(ctx, 'review.decide', row.unitPath)) && !['adopted', 'rejected', 'withdrawn'].includes(row.status);
    return allowed ? null : owner ? ('submission/not_editable' as const) : ('auth/forbidden' as const);
  };
  const rules = KIND_RULES[s.kind as SubmissionKind];
  const countFiles = async (db: Tx) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(attachments).where(and(eq(attachments.submissionId, id), isNull(attachments.removedAt))))[0]!.n;
  const early = refusal(s) ?? ((await countFiles(ctx.db)) >= rules.maxFiles ? 'upload/too_many' : null);
  if (early) {
    file.stream.resume();
    throw appError(early, { max: rules.maxFiles });
  }
  // The bytes go to disk first; the row is written only once the file is accepted.
  const stored = await storeUpload({ store: fileStoreFor(ctx.config), stream: file.stream, filename: file.filename, limits: rules.maxFileBytes });
  return ctx.db.transaction(async (tx) => {
    // Parallel uploads: the limit holds only if counting and inserting happen under the item's row
    // lock (the early check above saw the count before the upload; others may have landed since). A
    // refused upload's blob stays unreferenced in the store and goes with its orphan sweep.
    const locked = await loadVisibleSubmission(ctx, tx, id, { forUpdate: true });
    const late = refusal(locked);
    if (late) throw appError(late);
    if ((await countFiles(tx)) >= rules.maxFiles) throw appError('upload/too_many', { max: rules.maxFiles });
    const [row] = await tx
      .insert(attachments)
      .values({ submissionId: id, ...stored, purpose, createdBy: ctx.auth.personId, createdAt: ctx.now })
      .returning();
    if (purpose === 'material') {
      await tx
        .update(submissionVersions)
        .set({ attachmentIds: sql`array_append(${submissionVersions.attachmentIds}, ${row!.id}::uuid)` })
        .where(and(eq(submissionVersions.submissionId, id), isNull(submissionVersions.submittedAt)));
    }
    await tx.update(submissions).set({ updatedAt: ctx.now, rev: sql`${submissions.rev} + 1` }).where(eq(submissions.id, id));
    await auditAction(tx, ctx, 'attachment.add', { type: 'submission', id: id }, { attachmentId: row!.id, purpose, mime: stored.mime, size: stored.size });
    return {
      id: row!.id,
      filename: row!.filename,
      mime: row!.mime,
      size: row!.size,
      fileKind: row!.fileKind,
      purpose: row!.purpose,
      width: row!.width,
      height: row!.height,
      hasThumb: !!row!.thumbSha256,
      createdAt: row!.createdAt,
    };
  });
}

export async function removeAttachment(ctx: Ctx, id: string, attachmentId: string) {
  requireAccess(ctx, 'submission.read');
  await ctx.db.transaction(async (tx) => {
    const s = await loadVisibleSubmission(ctx, tx, id, { forUpdate: true });
    if (!isOwner(ctx, s)) throw appError('auth/forbidden');
    if (!['draft', 'returned'].includes(s.status)) throw appError('submission/not_editable');
    const [a] = await tx.select().from(attachments).where(and(eq(attachments.id, attachmentId), eq(attachments.submissionId, id), isNull(attachments.removedAt)));
    if (!a) throw appError('common/not_found');
    await tx.update(attachments).set({ removedAt: ctx.now }).where(eq(attachments.id, attachmentId));
    await tx
      .update(submissionVersions)
      .set({ attachmentIds: sql`array_remove(${submissionVersions.attachmentIds}, ${attachmentId}::uuid)` })
      .where(and(eq(submissionVersions.submissionId, id), isNull(submissionVersions.submittedAt)));
    await auditAction(tx, ctx, 'attachment.remove', { type: 'submission', id: id }, { attachmentId });
  });
}

/** Opens a file for someone allowed to see its item. Removed files stay readable in old versions. */
export async function openAttachment(ctx: Ctx, attachmentId: string, opts: { thumb: boolean }) {
  requireAccess(ctx, 'submission.read');
  const [a] = await ctx.db.select().from(attachments).where(eq(attachments.id, attachmentId));
  if (!a) throw appError('common/not_found');
  const s = await loadVisibleSubmission(ctx, ctx.db, a.submissionId); // 404 unless the caller may see the item
  if (!isOwner(ctx, s) && !(await fileWasSubmitted(ctx.db, s, a))) throw appError('common/not_found');
  const sha = opts.thumb ? a.thumbSha256 : a.sha256;
  if (!sha) throw appError('common/not_found');
  const blob = await fileStoreFor(ctx.config).open(sha);
  if (!blob) throw appError('common/not_found');
  return { stream: blob.stream, mime: opts.thumb ? 'image/jpeg' : a.mime, filename: a.filename, size: blob.size, inlineSafe: a.fileKind === 'image' };
}

/**
 * Whether someone other than the author may open a file: a material file of a submitted version (old
 * versions' files stay readable), or a response plan unless the author added it during a rework not
 * yet resubmitted (submittedView in submissions.ts, the same rule for the item page).
 */
async function fileWasSubmitted(db: Tx, s: { createdBy: string; status: string }, a: typeof attachments.$inferSelect): Promise<boolean> {
  const versions = await db
    .select({ attachmentIds: submissionVersions.attachmentIds, submittedAt: submissionVersions.submittedAt })
    .from(submissionVersions)
    .where(and(eq(submissionVersions.submissionId, a.submissionId), isNotNull(submissionVersions.submittedAt)));
  if (a.purpose === 'material') return versions.some((v) => v.attachmentIds.includes(a.id));
  const lastAt = Math.max(-Infinity, ...versions.map((v) => v.submittedAt!.getTime()));
  return !(s.status === 'returned' && a.createdBy === s.createdBy && a.createdAt.getTime() > lastAt);
}

/**
 * The blobs attachment rows refer to (the file and its thumbnail), for the file store's orphan
 * sweep and for backups. Removed attachments count: old versions still show them.
 */
export const attachmentBlobs: BlobOwner = {
  name: 'attachments',
  async referencedAmong(db: Tx, sha256s: readonly string[]) {
    const out = new Set<string>();
    if (!sha256s.length) return out;
    const list = [...sha256s];
    const rows = await db
      .select({ sha256: attachments.sha256, thumbSha256: attachments.thumbSha256 })
      .from(attachments)
      .where(or(inArray(attachments.sha256, list), inArray(attachments.thumbSha256, list)));
    const wanted = new Set(list);
    for (const r of rows) for (const s of [r.sha256, r.thumbSha256]) if (s && wanted.has(s)) out.add(s);
    return out;
  },
  async *allReferenced(db: Tx) {
    const refs = db
      .select({ sha: attachments.sha256 })
      .from(attachments)
      .union(db.select({ sha: sql<string>`${attachments.thumbSha256}`.as('sha') }).from(attachments).where(sql`${attachments.thumbSha256} is not null`))
      .as('refs');
    for (let last = '';;) {
      const page = await db.select({ sha: refs.sha }).from(refs).where(gt(refs.sha, last)).orderBy(asc(refs.sha)).limit(5000);
      for (const r of page) yield r.sha;
      if (page.length < 5000) return;
      last = page[page.length - 1]!.sha;
    }
  },
};
