import { and, asc, eq, gte, inArray, isNull, lt, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { auditAction, auditEntryOf, pendingAuditInsert, writeAudit } from '../audit/audit';
import { adminReviewerMark } from '../access/roles';
import type { Tx } from '../db/client';
import { appError, isAppError, type ErrorCode } from '../errors';
import { requireAccess, type AuthedCtx, type Ctx } from '../http/context';
import { dayRange, orderByAllowed, type SortOrder } from '../http/list';
import type { QueueSortField } from './schema';
import { notify, type NotifyInput } from '../notifications/notifications';
import { findRoleHolders } from '../org/holders';
import { people, units } from '../org/tables';
import { getUnitById, subtreeOf } from '../org/units';
import { isOwner, loadVisibleSubmission, rolesOn, visibleSubmissionsWhere, type SubmissionRow } from './access';
import { pageWithTotal } from './count';
import { submissionSearchVector } from './search';
import { entryAt, redactValueEverywhere, refreshFindings, versionFilenames } from './findings';
import { redact, type PersonalDataKind } from './guards/personal-data';
import type { Sensitivity, SubmissionKind } from './kinds';
import { decide, stepsFor, whoHolds, type Holding, type ReviewAction, type ReviewChain, type ReviewEvent, type ReviewState, type ReviewStatus } from './stages';
import { fireForwardedItemAccepted } from './forward-hooks';
import { attachments, duplicateFlags, personalDataFindings, reviewEvents, submissions, submissionVersions } from './tables';

/** The row's record of who holds it now (the queue reads it). */
function heldBy(h: Holding) {
  return h.kind === 'step'
    ? { heldStep: h.step, heldStepName: h.name, heldRoles: [...h.roles], heldPeople: [...h.people] }
    : { heldStep: null, heldStepName: null, heldRoles: [], heldPeople: [] };
}

/** A submission row's review state, as the state machine takes it. */
export function reviewStateOf(s: typeof submissions.$inferSelect, hasResponsePlan = false): ReviewState {
  return {
    status: s.status as ReviewStatus,
    stageIndex: s.stageIndex,
    version: s.version,
    approvals: s.approvals,
    sensitive: s.sensitive,
    hasResponsePlan,
    openFindings: s.openFindings,
  };
}

/**
 * Runs one action through the state machine and persists the outcome: the new state, a history
 * event, notifications and an audit row — in the caller's transaction, all or nothing.
 */
export async function applyReviewAction(
  ctx: Ctx,
  tx: Tx,
  s: SubmissionRow,
  action: ReviewAction,
  /**
   * What the caller read already in its own statements (the submit does). `deferNotices`: the caller
   * sends the returned `notices` itself (the first submit, once the item has its serial).
   */
  known: { hasResponsePlan?: boolean; deferNotices?: boolean } = {},
) {
  const auth = (ctx as AuthedCtx).auth;
  const chain = s.chain as ReviewChain | null;
  if (!chain) throw appError('review/invalid_transition');
  // A forwarded item has nobody here to revise it (the lower office's item is final): pass or reject.
  if (s.forwardedFrom && action.type === 'return') throw appError('forward/no_return');
  const hasResponsePlan =
    known.hasResponsePlan ??
    (await tx.select({ purpose: attachments.purpose }).from(attachments).where(and(eq(attachments.submissionId, s.id), isNull(attachments.removedAt)))).some(
      (f) => f.purpose === 'response_plan',
    );
  let openFindings = s.openFindings;
  if (action.type === 'pass') {
    // The pre-release check runs again on every pass: a case's protected names may have changed.
    openFindings = await refreshFindings(tx, s, s.version);
  }
  const state = reviewStateOf({ ...s, openFindings }, hasResponsePlan);
  const actor = { id: auth.personId, roles: rolesOn(ctx as AuthedCtx, s.unitPath) };
  const r = decide({ chain, state, actor, action, isSubmitter: isOwner(ctx as AuthedCtx, s) });
  if (!r.ok) throw appError(r.code as ErrorCode);
  const next = r.state;
  const moved = next.status !== s.status || next.stageIndex !== s.stageIndex;
  const holder = whoHolds(chain, next);
  const update = tx
    .update(submissions)
    .set({
      status: next.status,
      stageIndex: next.stageIndex,
      version: next.version,
      approvals: [...next.approvals],
      openFindings,
      ...(moved ? { heldSince: ctx.now } : {}),
      ...heldBy(holder),
      ...(next.status === 'adopted' ? { adoptedAt: ctx.now } : {}),
      updatedAt: ctx.now,
      rev: sql`${submissions.rev} + 1`,
    })
    .where(eq(submissions.id, s.id));
  const steps = stepsFor(chain, state);
  const stepName = r.event.step ? (steps.find((x) => x.key === r.event.step)?.name ?? r.event.step) : null;
  const event = tx.insert(reviewEvents).values({
    submissionId: s.id,
    version: r.event.version,
    type: r.event.type,
    step: r.event.step,
    stepName,
    fromStatus: r.event.from,
    toStatus: r.event.to,
    byId: auth.personId,
    comment: r.event.text ?? null,
    at: ctx.now,
  });
  const auditEntry = auditEntryOf(ctx, `review.${r.event.type}`, { type: 'submission', id: s.id }, {
    step: r.event.step,
    from: r.event.from,
    to: r.event.to,
    version: r.event.version,
    ...adminReviewerMark(ctx.auth?.grants),
  });
  const pendingAudit = pendingAuditInsert(ctx.db, auditEntry);
  if (pendingAudit) {
    // Inside a request: the row, its history event and its audit row in one statement.
    await tx.execute(sql`with u as (${update.getSQL()}), e as (${event.getSQL()}) ${pendingAudit}`);
  } else {
    await update;
    await event;
    await writeAudit(tx, auditEntry);
  }
  // An item forwarded by a lower office: its acceptance fires the listeners (records of use) in this transaction.
  if (next.status === 'adopted' && s.forwardedFrom) await fireForwardedItemAccepted(tx, ctx, s.id, ctx.now);
  const notices = await reviewNotices(tx, s, { event: r.event, status: next.status, stepName, holder, moved, actorId: auth.personId, at: ctx.now });
  if (!known.deferNotices) await sendNotices(tx, notices, s.serial, s.id);
  return { ...r, notices };
}

/**
 * Who must hear of a decision: the submitter of every decision others take (passed, returned,
 * rejected, accepted); when the item arrives at a step, everyone who holds it — the people it names
 * and every holder of its roles on the item's unit or above (the unit approver, the next stage's
 * editors, the leader for a sensitive item) — except its author and whoever just acted (the same
 * rule as the queue: nobody reviews their own item).
 */
async function reviewNotices(
  tx: Tx,
  s: SubmissionRow,
  o: { event: ReviewEvent; status: string; stepName: string | null; holder: Holding; moved: boolean; actorId: string; at: Date },
): Promise<NotifyInput[]> {
  const subject = { type: 'submission', id: s.id };
  const out: NotifyInput[] = [];
  if (s.forwardedFrom) {
    // The lower office's editor who forwarded it hears the outcome only, on their own (original) item: no comments, no serial of the copy.
    if (['adopted', 'returned', 'rejected'].includes(o.status)) {
      out.push({ personIds: [s.createdBy], type: 'forward.status', subject: { type: 'submission', id: s.forwardedFrom }, data: { title: s.title, office: s.unitName, to: o.status }, at: o.at });
    }
  } else if (o.event.by !== s.createdBy) {
    out.push({ personIds: [s.createdBy], type: `review.${o.event.type}`, subject, data: { title: s.title, step: o.stepName, to: o.status, comment: o.event.text ?? null }, at: o.at });
  }
  if (o.moved && o.holder.kind === 'step') {
    const byRole = await findRoleHolders(tx, { roles: o.holder.roles, unitPath: s.unitPath });
    const personIds = [...new Set([...o.holder.people, ...byRole])].filter((p) => p !== s.createdBy && p !== o.actorId);
    if (personIds.length) out.push({ personIds, type: 'review.waiting', subject, data: { title: s.title, step: o.holder.name }, at: o.at });
  }
  return out;
}

/** Sends review notices; each about the item itself carries its serial (null only for an item never submitted). */
export async function sendNotices(tx: Tx, notices: readonly NotifyInput[], serial: string | null, itemId: string) {
  for (const n of notices) await notify(tx, n.subject?.id === itemId ? { ...n, data: { serial, ...n.data } } : n);
}

export type Decision = { type: 'pass' } | { type: 'return'; comment: string } | { type: 'reject'; reason: string };

/** One decision on one item (pass, return with comments, reject with a reason). */
export async function decideOnSubmission(
  ctx: Ctx,
  id: string,
  decision: Decision & { rev?: number | undefined },
  /** refuseDuplicates: a pass of an item flagged as a suspected duplicate is refused (a bulk pass without the reviewer's confirmation). */
  opts: { refuseDuplicates?: boolean } = {},
) {
  requireAccess(ctx, 'submission.read');
  return ctx.db.transaction(async (tx) => {
    const s = await loadVisibleSubmission(ctx, tx, id, { forUpdate: true });
    if (decision.rev !== undefined && decision.rev !== s.rev) throw appError('submission/stale');
    // Checked only on an item the caller may see (after the load): a refusal never tells of another's flags.
    if (opts.refuseDuplicates && (await tx.select({ one: sql`1` }).from(duplicateFlags).where(eq(duplicateFlags.submissionId, s.id)).limit(1)).length) {
      throw appError('review/duplicate_unconfirmed');
    }
    const r = await applyReviewAction(ctx, tx, s, decision);
    return { status: r.state.status, stageIndex: r.state.stageIndex };
  });
}

/**
 * The same decision on many items; each item is its own transaction (all-or-nothing per item), and
 * the result says, item by item, what happened.
 */
export async function bulkDecide(ctx: Ctx, input: { ids: string[]; decision: Decision; confirmDuplicates?: string[] | undefined }) {
  requireAccess(ctx, 'submission.read');
  const results: { id: string; ok: boolean; status?: string; errorCode?: string }[] = [];
  // A bulk pass never goes through a suspected duplicate silently: each one must be confirmed by id.
  const confirmed = new Set(input.confirmDuplicates ?? []);
  for (const id of input.ids) {
    try {
      const r = await decideOnSubmission(ctx, id, input.decision, { refuseDuplicates: input.decision.type === 'pass' && !confirmed.has(id) });
      results.push({ id, ok: true, status: r.status });
    } catch (e) {
      if (!isAppError(e)) throw e;
      // A refusal inside a batch is logged like the same refusal of a single decision.
      if (e.status === 401 || e.status === 403) {
        await writeAudit(ctx.db, {
          event: 'access.denied',
          outcome: 'denied',
          actorId: ctx.auth.personId,
          actorLogin: ctx.auth.login,
          targetType: 'submission',
          targetId: id,
          ip: ctx.ip,
          at: ctx.now,
          details: { method: 'POST', route: '/api/review/bulk', reason: e.code },
        });
      }
      results.push({ id, ok: false, errorCode: e.code });
    }
  }
  return { results, passed: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
}

const QUEUE_STATUSES = ['unit_approval', 'in_review', 'sensitive_approval'];
/** As literals, not parameters: the planner matches them to the partial index submissions_queue_held_idx. */
const inQueueStatus = sql.raw(`"submissions"."status" in (${QUEUE_STATUSES.map((s) => `'${s}'`).join(', ')})`);

/**
 * "Waiting for me" (the queue, its badge and the home page's counts): items the caller may see, in a
 * queue status, held by a step that names the caller or a role the caller holds on the item's unit
 * or above it; never the caller's own items. Over `submissions` joined with `units`.
 */
export function reviewQueueWhere(ctx: AuthedCtx): SQL {
  const me = ctx.auth.personId;
  const heldByMe = or(
    sql`${submissions.heldPeople} @> array[${me}]::uuid[]`,
    ...ctx.auth.grants.map((g) => and(sql`${submissions.heldRoles} @> array[${g.role}]::text[]`, subtreeOf(g.unitPath))),
  )!;
  return and(visibleSubmissionsWhere(ctx), inQueueStatus, ne(submissions.createdBy, me), heldByMe)!;
}

/**
 * Items waiting for the caller's decision now, oldest first, one page at a time. "Waiting for me"
 * is decided in SQL from the holder kept on the row: a step held by me by name, or by a role I hold
 * on the item's unit or above it; never my own items.
 */
const QUEUE_SORTS: Record<QueueSortField, AnyColumn> = { serial: submissions.serial, title: submissions.title, unit: units.name, heldSince: submissions.heldSince, submittedAt: submissions.submittedAt };

export async function findReviewQueue(
  ctx: Ctx,
  f: { kind?: SubmissionKind | undefined; unitId?: string | undefined; from?: string | undefined; to?: string | undefined; sort?: QueueSortField | undefined; order?: SortOrder | undefined; page: number; pageSize: number },
) {
  requireAccess(ctx, 'submission.read');
  const me = ctx.auth.personId;
  const conds = [reviewQueueWhere(ctx)];
  if (f.kind) conds.push(eq(submissions.kind, f.kind));
  if (f.unitId) conds.push(subtreeOf((await getUnitById(ctx.db, f.unitId)).path));
  // Days of submission (报送日期) in the deployment's time zone, both included.
  const days = dayRange(f, ctx.config.timeZone);
  if (days.from) conds.push(gte(submissions.submittedAt, days.from));
  if (days.until) conds.push(lt(submissions.submittedAt, days.until));
  const where = and(...conds);
  const order = orderByAllowed(QUEUE_SORTS, f, [asc(submissions.heldSince), asc(submissions.id)], submissions.id);
  const { rows, ...counted } = await pageWithTotal(
    ctx.db,
    (limit, offset) =>
      ctx.db
        .select({
          s: submissions,
          unitName: units.name,
          authorName: people.name,
          // Earlier items this one is flagged against (one per earlier item, as the item page lists them).
          duplicates: sql<number>`(select count(distinct ${duplicateFlags.earlierId})::int from ${duplicateFlags} where ${duplicateFlags.submissionId} = ${submissions.id})`,
        })
        .from(submissions)
        .innerJoin(units, eq(units.id, submissions.unitId))
        .innerJoin(people, eq(people.id, submissions.createdBy))
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    () => ctx.db.select({ one: sql`1` }).from(submissions).innerJoin(units, eq(units.id, submissions.unitId)).where(where).$dynamic(),
    f,
  );
  // Items in the queue were submitted (so numbered) and are held by a step: neither is ever null here.
  const items = rows.map(({ s, unitName, authorName, duplicates }) => ({
    id: s.id,
    serial: s.serial ?? '',
    kind: s.kind,
    title: s.title,
    status: s.status,
    version: s.version,
    unitName,
    createdByName: authorName,
    sensitive: s.sensitive,
    openFindings: s.openFindings,
    duplicates: Number(duplicates),
    heldSince: s.heldSince,
    step: s.heldStep ?? '',
    stepName: s.heldStepName ?? '',
    rev: s.rev,
    passedByMe: s.approvals.some((a) => a.by === me && a.version === s.version),
    /** Forwarded by a lower office: passed or rejected, never returned. */
    forwarded: s.forwardedFrom !== null,
  }));
  return { items, ...counted };
}

/**
 * Marks or unmarks an item as sensitive during review (editors and leaders holding it in scope).
 * Clearing the mark needs a reason, and never by the item's own author (an editor who submitted it):
 * the submitter cannot clear it by editing either (saveDraft refuses once the item was submitted), so
 * a resubmitted item keeps the mark and still goes to the leader's sensitive approval.
 */
export async function setSensitivity(ctx: Ctx, id: string, input: { sensitive: boolean; sensitivity: Sensitivity | null; reason?: string | undefined }) {
  requireAccess(ctx, 'review.decide');
  return ctx.db.transaction(async (tx) => {
    const s = await loadVisibleSubmission(ctx, tx, id, { forUpdate: true });
    requireAccess(ctx, 'review.decide', s.unitPath);
    if (['adopted', 'rejected', 'withdrawn'].includes(s.status)) throw appError('review/already_final');
    const clearing = s.sensitive && !input.sensitive;
    if (clearing && isOwner(ctx, s)) throw appError('review/own_item');
    const reason = input.reason?.trim() ?? '';
    if (clearing && !reason) throw appError('review/sensitivity_reason_required');
    await tx.update(submissions).set({ sensitive: input.sensitive, sensitivity: input.sensitive ? input.sensitivity : null, updatedAt: ctx.now, rev: sql`${submissions.rev} + 1` }).where(eq(submissions.id, id));
    await auditAction(tx, ctx, 'submission.sensitivity', { type: 'submission', id: id }, {
      sensitive: input.sensitive,
      sensitivity: input.sensitive ? input.sensitivity : null,
      was: { sensitive: s.sensitive, sensitivity: s.sensitivity },
      ...(reason ? { reason } : {}),
      ...adminReviewerMark(ctx.auth?.grants),
    });
  });
}

/**
 * An editor resolves a personal-data finding: confirm (the data may be published, with a note) or
 * redact (the value is masked in the stored text of that version; the raw value is gone).
 */
export async function resolveFinding(ctx: Ctx, id: string, findingId: string, input: { action: 'confirm' | 'redact'; note?: string | undefined }) {
  requireAccess(ctx, 'review.resolve_findings');
  return ctx.db.transaction(async (tx) => {
    const s = await loadVisibleSubmission(ctx, tx, id, { forUpdate: true });
    requireAccess(ctx, 'review.resolve_findings', s.unitPath);
    // Personal data can be dealt with on any submitted item, final ones too (an adopted item's old versions).
    if (s.status === 'draft') throw appError('review/invalid_transition');
    const [f] = await tx
      .select()
      .from(personalDataFindings)
      .where(and(eq(personalDataFindings.id, findingId), eq(personalDataFindings.submissionId, id), eq(personalDataFindings.status, 'open')));
    if (!f) throw appError('finding/not_found');
    if (input.action === 'confirm') {
      await tx.update(personalDataFindings).set({ status: 'confirmed', resolvedBy: ctx.auth.personId, resolvedAt: ctx.now, note: input.note ?? null }).where(eq(personalDataFindings.id, f.id));
    } else {
      const [v] = await tx.select().from(submissionVersions).where(and(eq(submissionVersions.submissionId, id), eq(submissionVersions.version, f.version)));
      const mask = (text: string, start: number, end: number) => redact(text, [{ kind: f.kind as PersonalDataKind, start, end, match: text.slice(start, end), confidence: 'high' }]);
      if (f.field === 'tags' || f.field === 'filenames') {
        // A list entry: the tag (in the version, and on the item when it is the current version) or the file's name.
        const files = f.field === 'filenames' ? await versionFilenames(tx, v!.attachmentIds) : [];
        const entries = f.field === 'tags' ? v!.tags : files.map((x) => x.filename);
        const at = entryAt(entries, f.start, f.end);
        if (!at) throw appError('finding/not_found');
        const masked = mask(entries[at.index]!, at.start, at.end);
        if (f.field === 'tags') {
          const tags = v!.tags.map((x, k) => (k === at.index ? masked : x));
          await tx.update(submissionVersions).set({ tags }).where(and(eq(submissionVersions.submissionId, id), eq(submissionVersions.version, f.version)));
          if (f.version === s.version) await tx.update(submissions).set({ tags }).where(eq(submissions.id, id));
        } else {
          await tx.update(attachments).set({ filename: masked }).where(eq(attachments.id, files[at.index]!.id));
        }
      } else {
        const field = f.field as 'title' | 'body' | 'situationNote';
        const redacted = mask(v![field], f.start, f.end);
        await tx.update(submissionVersions).set({ [field]: redacted }).where(and(eq(submissionVersions.submissionId, id), eq(submissionVersions.version, f.version)));
        if (field === 'title' && f.version === s.version) await tx.update(submissions).set({ title: redacted }).where(eq(submissions.id, id));
      }
      await tx.update(personalDataFindings).set({ status: 'redacted', resolvedBy: ctx.auth.personId, resolvedAt: ctx.now, note: input.note ?? null }).where(eq(personalDataFindings.id, f.id));
      // The same value in every other version (an earlier one the author has since corrected, or a later one), its files and list columns.
      await redactValueEverywhere(tx, s, f, { by: ctx.auth.personId, at: ctx.now, note: input.note ?? null });
    }
    const open = await refreshFindings(tx, s, s.version);
    // A redaction (of any version: the value is masked in every version holding it) leaves the archive's index without the raw value.
    const [current] = input.action === 'redact' ? await tx.select().from(submissionVersions).where(and(eq(submissionVersions.submissionId, id), eq(submissionVersions.version, s.version))) : [];
    await tx
      .update(submissions)
      .set({ openFindings: open, updatedAt: ctx.now, rev: sql`${submissions.rev} + 1`, ...(current ? { searchVector: submissionSearchVector(current) } : {}) })
      .where(eq(submissions.id, id));
    await auditAction(tx, ctx, `finding.${input.action}`, { type: 'submission', id: id }, { kind: f.kind, masked: f.masked, field: f.field, version: f.version, ...adminReviewerMark(ctx.auth?.grants) });
    return { openFindings: open };
  });
}
