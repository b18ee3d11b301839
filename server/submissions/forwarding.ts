import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import { isUniqueViolation } from '../db/errors';
import { appError, isAppError } from '../errors';
import { requireAccess, type Ctx } from '../http/context';
import { notify } from '../notifications/notifications';
import { upperOfficeOf } from '../org/links';
import { getUnitById } from '../org/units';
import { loadVisibleSubmission } from './access';
import { chainOrDefault, configuredChainSql } from './chains';
import { refreshFindings } from './findings';
import type { SubmissionKind } from './kinds';
import { whoHolds, type ReviewChain, type ReviewState } from './stages';
import { assignSerial } from './submissions';
import { attachments, reviewEvents, submissionForwards, submissions, submissionVersions } from './tables';

/**
 * Forwarding (转报上级): an editor of a lower office sends an accepted item to the upper office its
 * organisation is linked to (org/links.ts). The upper office gets a new item of its own — its own
 * serial, in its own review queue at the first step of its own chain for the kind — whose content is
 * the accepted version copied, and whose files are new attachment rows on the same stored blobs (not
 * uploaded again). The copy is credited to the original: `forwardedFrom` names it, and the upper
 * office's reviewers see the original's organisation, unit, authors, versions and review events
 * read-only (forward-views.ts originOf). The lower office sees the status there on its own item.
 *
 * Access stays split by organisation: the copy belongs to the upper organisation (its people see it
 * by the ordinary rules; the lower office's people do not), and the original stays in the lower one.
 *
 * The copy is not submitted by a correspondent of the upper office: no unit approval (the lower office
 * approved it), no near-duplicate fingerprint (it is the same work, counted once), no authors rows of
 * its own (individual credit stays with the original). It cannot be returned for changes (nobody in
 * the upper office revises it): the upper office passes or rejects it. When it passes the last step,
 * the listeners of forward-hooks.ts run in that transaction (records of use: the upper level adopted
 * the original).
 */
export async function forwardSubmission(ctx: Ctx, id: string) {
  requireAccess(ctx, 'review.decide');
  try {
    return await ctx.db.transaction(async (tx) => {
      const s = await loadVisibleSubmission(ctx, tx, id, { forUpdate: true });
      requireAccess(ctx, 'review.decide', s.unitPath);
      if (s.status !== 'adopted') throw appError('forward/not_adopted');
      const link = await upperOfficeOf(tx, { unitPath: s.unitPath });
      if (!link || !link.upperActive) throw appError('forward/no_upper_office');
      const [existing] = await tx
        .select({ at: submissionForwards.forwardedAt })
        .from(submissionForwards)
        .where(and(eq(submissionForwards.originalId, id), eq(submissionForwards.upperOrgId, link.upperOrgId)));
      if (existing) throw alreadyForwarded(ctx, id, link.upperName, existing.at);
      const upper = await getUnitById(tx, link.upperOrgId);
      const fromOrgId = s.unitPath.split('/').filter(Boolean)[0]!;

      // The upper office's chain for the kind, without the unit approval the lower office already gave.
      const [cfg] = await tx.select({ chain: configuredChainSql(upper.path, s.kind as SubmissionKind) }).from(submissions).where(eq(submissions.id, id));
      const chain: ReviewChain = { ...chainOrDefault(cfg?.chain ?? null, s.kind as SubmissionKind), unitApproval: false };
      const state: ReviewState = { status: 'in_review', stageIndex: 0, version: 1, approvals: [], sensitive: s.sensitive, hasResponsePlan: false, openFindings: 0 };
      const holder = whoHolds(chain, state);

      const [v] = await tx.select().from(submissionVersions).where(and(eq(submissionVersions.submissionId, id), eq(submissionVersions.version, s.version)));
      if (!v) throw appError('review/invalid_transition');
      // Files: the accepted version's material and the item's response plans, as new rows on the same blobs.
      const files = await tx
        .select()
        .from(attachments)
        .where(and(eq(attachments.submissionId, id), isNull(attachments.removedAt), eq(attachments.purpose, 'response_plan')));
      const material = v.attachmentIds.length ? await tx.select().from(attachments).where(inArray(attachments.id, v.attachmentIds)) : [];
      const copyId = randomUUID();
      const newId = new Map<string, string>();
      for (const f of [...material, ...files]) newId.set(f.id, randomUUID());

      await tx.insert(submissions).values({
        id: copyId,
        serial: null,
        unitId: upper.id,
        kind: s.kind,
        createdBy: ctx.auth.personId,
        title: s.title,
        status: 'in_review',
        stageIndex: 0,
        version: 1,
        approvals: [],
        chain: chain as unknown as Record<string, unknown>,
        sensitive: s.sensitive,
        sensitivity: s.sensitivity,
        caseId: null,
        category: s.category,
        tags: s.tags,
        heldSince: ctx.now,
        heldStep: holder.kind === 'step' ? holder.step : null,
        heldStepName: holder.kind === 'step' ? holder.name : null,
        heldRoles: holder.kind === 'step' ? holder.roles : [],
        heldPeople: holder.kind === 'step' ? holder.people : [],
        submittedAt: ctx.now,
        forwardedFrom: id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
      const ordered = [...material].sort((a, b) => v.attachmentIds.indexOf(a.id) - v.attachmentIds.indexOf(b.id));
      if (newId.size) {
        await tx.insert(attachments).values(
          [...ordered, ...files].map((f) => ({ ...f, id: newId.get(f.id)!, submissionId: copyId, createdBy: ctx.auth.personId, createdAt: ctx.now, removedAt: null })),
        );
      }
      const content = {
        title: v.title,
        body: v.body,
        situationNote: v.situationNote,
        authorIds: v.authorIds,
        attachmentIds: ordered.map((f) => newId.get(f.id)!),
        tags: v.tags,
        category: v.category,
      };
      await tx.insert(submissionVersions).values({ submissionId: copyId, version: 1, ...content, fingerprint: null, savedAt: ctx.now, savedBy: ctx.auth.personId, submittedAt: ctx.now });
      await tx.insert(reviewEvents).values({ submissionId: copyId, version: 1, type: 'submitted', step: null, stepName: null, fromStatus: 'draft', toStatus: 'in_review', byId: ctx.auth.personId, comment: null, at: ctx.now });
      // The upper office runs its own pre-release check (what the lower office confirmed is its own call).
      const open = await refreshFindings(tx, { id: copyId, caseId: null }, 1, content);
      if (open) await tx.update(submissions).set({ openFindings: open }).where(eq(submissions.id, copyId));
      await tx.insert(submissionForwards).values({
        originalId: id,
        forwardedId: copyId,
        fromOrgId,
        upperOrgId: upper.id,
        upperLevel: link.upperLevel,
        forwardedBy: ctx.auth.personId,
        forwardedAt: ctx.now,
      });
      await auditAction(tx, ctx, 'submission.forward', { type: 'submission', id }, { upperOrgId: upper.id, upperName: upper.name, level: link.upperLevel, forwardedId: copyId });
      await auditAction(tx, ctx, 'submission.forward_in', { type: 'submission', id: copyId }, { originalId: id, fromOrgId, files: newId.size });
      if (holder.kind === 'step' && holder.people.length) {
        await notify(tx, { personIds: holder.people, type: 'review.waiting', subject: { type: 'submission', id: copyId }, data: { serial: null, title: s.title, step: holder.name }, at: ctx.now });
      }
      // Last: the upper organisation's counter row stays locked only until the commit.
      await assignSerial(tx, ctx, { id: copyId, unitPath: upper.path });
      return { upperOrgId: upper.id, upperName: upper.name, level: link.upperLevel, forwardedAt: ctx.now, status: 'in_review' as const };
    });
  } catch (e) {
    // Two editors at once: the unique index lets one through; the other gets the same answer as a second try.
    if (isUniqueViolation(e) && !isAppError(e)) {
      const link = await upperOfficeOf(ctx.db, { unitPath: (await loadVisibleSubmission(ctx, ctx.db, id)).unitPath });
      const [f] = await ctx.db.select({ at: submissionForwards.forwardedAt }).from(submissionForwards).where(eq(submissionForwards.originalId, id));
      throw alreadyForwarded(ctx, id, link?.upperName ?? '', f?.at ?? ctx.now);
    }
    throw e;
  }
}

function alreadyForwarded(ctx: Ctx, id: string, office: string, at: Date) {
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone: ctx.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return appError('forward/already', { office, date, link: `/submission/${id}`, id });
}
