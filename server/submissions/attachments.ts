import type { Readable } from 'node:stream';
import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
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
  const editable = ['draft', 'returned'].includes(s.status);
  const allowed =
    purpose === 'material'
      ? owner && editable
      : (owner || can(ctx, 'review.decide', s.unitPath)) && !['adopted', 'rejected', 'withdrawn'].includes(s.status);
  if (!allowed) {
    file.stream.resume();
    throw appError(owner ? 'submission/not_editable' : 'auth/forbidden');
  }
  const rules = KIND_RULES[s.kind as SubmissionKind];
  const count = (await ctx.db.select({ id: attachments.id }).from(attachments).where(and(eq(attachments.submissionId, id), isNull(attachments.removedAt)))).length;
  if (count >= rules.maxFiles) {
    file.stream.resume();
    throw appError('upload/too_many', { max: rules.maxFiles });
  }
  // The bytes go to disk first; the row is written only once the file is accepted.
  const stored = await storeUpload({ store: fileStoreFor(ctx.config), stream: file.stream, filename: file.filename, limits: rules.maxFileBytes });
  return ctx.db.transaction(async (tx) => {
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
  await loadVisibleSubmission(ctx, ctx.db, a.submissionId); // 404 unless the caller may see the item
  const sha = opts.thumb ? a.thumbSha256 : a.sha256;
  if (!sha) throw appError('common/not_found');
  const blob = await fileStoreFor(ctx.config).open(sha);
  if (!blob) throw appError('common/not_found');
  return { stream: blob.stream, mime: opts.thumb ? 'image/jpeg' : a.mime, filename: a.filename, size: blob.size, inlineSafe: a.fileKind === 'image' };
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
