import { and, asc, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { SubmissionSortField } from './schema';
import { randomUUID } from 'node:crypto';
import { auditAction, auditEntryOf, pendingAuditInsert, writeAudit } from '../audit/audit';
import type { Tx } from '../db/client';
import { appError } from '../errors';
import { requireAccess, requireAccessOrHide, type AuthedCtx, type Ctx } from '../http/context';
import { dayRange, orderByAllowed, type SortOrder } from '../http/list';
import { people, units } from '../org/tables';
import { getUnitById, subtreeOf } from '../org/units';
import { chainOrDefault, configuredChainSql } from './chains';
import { markReadAbout } from '../notifications/notifications';
import { applyReviewAction, reviewStateOf, sendNotices } from './review';
import { allowedActions, whoHolds, type ReviewChain, type ReviewStatus } from './stages';
import { isOwner, loadVisibleSubmission, rolesOn, visibleSubmissionsWhere, type SubmissionRow } from './access';
import { duplicateIndexFor, fingerprintNotice, fingerprintOf, flagDuplicates, rememberFingerprint, storedDuplicateLines } from './duplicates';
import { usableCase } from './cases';
import { forwardOption, forwardsOf, originOf } from './forward-views';
import { pageWithTotal } from './count';
import { submissionSearchVector } from './search';
import { maskedVersion, refreshFindings, scanContent, protectedNamesOf } from './findings';
import { containsStateSecretMarking, contentIssues, countChars, hasContent, type Sensitivity, type SubmissionKind } from './kinds';
import { attachments, cases, personalDataFindings, reviewEvents, submissionAuthors, submissions, submissionVersions } from './tables';

export type DraftInput = {
  title?: string | undefined;
  body?: string | undefined;
  situationNote?: string | undefined;
  authorIds?: string[] | undefined;
  tags?: string[] | undefined;
  category?: number | null | undefined;
  sensitive?: boolean | undefined;
  sensitivity?: Sensitivity | null | undefined;
  caseId?: string | null | undefined;
};

const EDITABLE = new Set(['draft', 'returned']);

/** A file of the item, as the submit check needs it. */
type ItemFile = { sha: string; purpose: string };

const audit = (tx: Tx, ctx: AuthedCtx, event: string, submissionId: string, details: Record<string, unknown> = {}) =>
  auditAction(tx, ctx, event, { type: 'submission', id: submissionId }, details);

function refuseStateSecrets(input: DraftInput) {
  for (const [field, v] of [['title', input.title], ['body', input.body], ['situationNote', input.situationNote]] as const) {
    if (v && containsStateSecretMarking(v)) throw appError('common/state_secret', {}, [{ path: field, message: '秘密★/机密★/绝密★' }]);
  }
}

/** Authors must be active people of the submission's unit subtree. */
async function checkAuthors(tx: Tx, unitPath: string, ids: string[]) {
  if (!ids.length) return;
  const rows = await tx
    .select({ id: people.id })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(and(inArray(people.id, ids), subtreeOf(unitPath), eq(people.active, true)));
  if (rows.length !== new Set(ids).size) throw appError('submission/unknown_author');
}

/** The version being edited: the first draft, or (after a return) a new one copied from the last. */
async function editableVersion(tx: Tx, s: SubmissionRow, ctx: AuthedCtx) {
  const [pending] = await tx
    .select()
    .from(submissionVersions)
    .where(and(eq(submissionVersions.submissionId, s.id), isNull(submissionVersions.submittedAt)));
  if (pending) return pending;
  const [last] = await tx.select().from(submissionVersions).where(and(eq(submissionVersions.submissionId, s.id), eq(submissionVersions.version, s.version)));
  const [created] = await tx
    .insert(submissionVersions)
    .values({ ...last!, version: s.version + 1, savedAt: ctx.now, savedBy: ctx.auth.personId, submittedAt: null, fingerprint: null })
    .returning();
  return created!;
}

/**
 * Starts a draft for the caller's unit (or a unit in their scope). A draft has no serial yet: it is
 * numbered when first submitted (see assignSerial). On the caller's own unit with the default author
 * this is one SQL statement inside a request (submission, first version and audit row together).
 */
export async function createSubmission(ctx: Ctx, input: { kind: SubmissionKind; unitId?: string | undefined } & DraftInput) {
  requireAccess(ctx, 'submission.create');
  const own = (input.unitId ?? ctx.auth.unitId) === ctx.auth.unitId;
  // The caller's own unit is known from the session; any other is looked up.
  const unit = own ? { id: ctx.auth.unitId, path: ctx.auth.unitPath } : await getUnitById(ctx.db, input.unitId!);
  requireAccess(ctx, 'submission.create', unit.path);
  refuseStateSecrets(input);
  // Choosing a kind is not a draft: one is made when something is typed (the form sends it then).
  if (!hasContent(input)) throw appError('submission/empty_draft');
  if (input.caseId) await usableCase(ctx, ctx.db, input.caseId);
  const authorIds = input.authorIds ?? [ctx.auth.personId];
  // The signed-in caller is an active person of their own unit: nothing to look up.
  const authorsKnown = own && authorIds.length === 1 && authorIds[0] === ctx.auth.personId;
  const id = randomUUID();
  const rows = (db: Tx) => ({
    submission: db.insert(submissions).values({
      id,
      serial: null,
      unitId: unit.id,
      kind: input.kind,
      createdBy: ctx.auth.personId,
      title: input.title ?? '',
      sensitive: input.sensitive ?? false,
      sensitivity: input.sensitivity ?? null,
      caseId: input.caseId ?? null,
      category: input.category ?? null,
      tags: input.tags ?? [],
      heldSince: ctx.now,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    }),
    version: db.insert(submissionVersions).values({
      submissionId: id,
      version: 1,
      title: input.title ?? '',
      body: input.body ?? '',
      situationNote: input.situationNote ?? '',
      authorIds,
      tags: input.tags ?? [],
      category: input.category ?? null,
      savedAt: ctx.now,
      savedBy: ctx.auth.personId,
    }),
  });
  const auditEntry = auditEntryOf(ctx, 'submission.create', { type: 'submission', id }, { kind: input.kind, unitId: unit.id });
  const merged = authorsKnown ? pendingAuditInsert(ctx.db, auditEntry) : null;
  if (merged) {
    // One statement is atomic: the three rows are written together or not at all.
    const q = rows(ctx.db);
    await ctx.db.execute(sql`with s as (${q.submission.getSQL()}), v as (${q.version.getSQL()}) ${merged}`);
    return { id, serial: null };
  }
  return ctx.db.transaction(async (tx) => {
    await checkAuthors(tx, unit.path, authorIds);
    const q = rows(tx);
    await q.submission;
    await q.version;
    await writeAudit(tx, auditEntry);
    return { id, serial: null };
  });
}

/**
 * Numbers a submission at its first submission: per organisation (the top-level unit) and year of
 * submission, e.g. 2026-000123. One statement, the last before the submit commits, so the
 * organisation-and-year counter row is locked only for the commit.
 */
export async function assignSerial(tx: Tx, ctx: Ctx, s: { id: string; unitPath: string }): Promise<string> {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: ctx.config.timeZone, year: 'numeric' }).format(ctx.now));
  const org = s.unitPath.split('/')[1]!;
  const rows = await tx.execute(sql`
    with c as (
      insert into counters (key, value) values (${`submission:${org}:${year}`}, 1)
      on conflict (key) do update set value = counters.value + 1
      returning value
    )
    update submissions set serial = ${`${year}-`} || lpad(c.value::text, 6, '0') from c
    where submissions.id = ${s.id} returning submissions.serial`);
  return ((rows as unknown as { rows: { serial: string }[] }).rows[0]!).serial;
}

/**
 * Saves the draft as the correspondent types (autosave). Only the author, only while it is a draft or
 * returned. `rev` guards against two tabs overwriting each other.
 */
export async function saveDraft(ctx: Ctx, id: string, input: DraftInput & { rev?: number | undefined }) {
  requireAccess(ctx, 'submission.create');
  refuseStateSecrets(input);
  return ctx.db.transaction(async (tx) => {
    const s = await loadVisibleSubmission(ctx, tx, id, { forUpdate: true });
    if (!isOwner(ctx, s)) throw appError('auth/forbidden');
    if (!EDITABLE.has(s.status)) throw appError('submission/not_editable');
    if (input.rev !== undefined && input.rev !== s.rev) throw appError('submission/stale');
    // Once submitted, a sensitive mark (the author's own or a reviewer's) is cleared only by a reviewer
    // or leader, with a reason (review.ts setSensitivity): editing and resubmitting cannot drop it.
    if (s.submittedAt && s.sensitive && (input.sensitive === false || input.sensitivity === null)) throw appError('submission/sensitive_locked');
    if (input.authorIds) await checkAuthors(tx, s.unitPath, input.authorIds);
    if (input.caseId) await usableCase(ctx, tx, input.caseId);
    const v = await editableVersion(tx, s, ctx);
    const content = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.situationNote !== undefined ? { situationNote: input.situationNote } : {}),
      ...(input.authorIds !== undefined ? { authorIds: input.authorIds } : {}),
      ...(input.tags !== undefined ? { tags: input.tags } : {}),
      ...(input.category !== undefined ? { category: input.category } : {}),
    };
    await tx
      .update(submissionVersions)
      .set({ ...content, savedAt: ctx.now, savedBy: ctx.auth.personId })
      .where(and(eq(submissionVersions.submissionId, id), eq(submissionVersions.version, v.version)));
    const [updated] = await tx
      .update(submissions)
      .set({
        // The list columns show the submitted version: a rework's title, tags and category reach them
        // only when it is resubmitted (submit copies them), so reviewers never see an unsubmitted edit.
        ...(input.title !== undefined && s.status === 'draft' ? { title: input.title } : {}),
        ...(input.tags !== undefined && s.status === 'draft' ? { tags: input.tags } : {}),
        ...(input.category !== undefined && s.status === 'draft' ? { category: input.category } : {}),
        ...(input.sensitive !== undefined ? { sensitive: input.sensitive } : {}),
        ...(input.sensitivity !== undefined ? { sensitivity: input.sensitivity } : {}),
        ...(input.caseId !== undefined ? { caseId: input.caseId } : {}),
        updatedAt: ctx.now,
        rev: sql`${submissions.rev} + 1`,
      })
      .where(eq(submissions.id, id))
      .returning({ rev: submissions.rev });
    const [fresh] = await tx.select().from(submissionVersions).where(and(eq(submissionVersions.submissionId, id), eq(submissionVersions.version, v.version)));
    const names = await protectedNamesOf(tx, input.caseId !== undefined ? input.caseId : s.caseId);
    return {
      rev: updated!.rev,
      version: v.version,
      savedAt: ctx.now,
      chars: countChars(fresh!.body),
      // The live personal-data check, shown to the correspondent before they submit.
      findings: scanContent({ title: fresh!.title, body: fresh!.body, situationNote: fresh!.situationNote }, names).map((f) => ({
        field: f.field,
        kind: f.kind,
        start: f.start,
        end: f.end,
        confidence: f.confidence,
      })),
    };
  });
}

/** Submits a draft (or resubmits a returned item as a new version): checks content, flags, moves it on. */
export async function submitSubmission(ctx: Ctx, id: string) {
  requireAccess(ctx, 'submission.create');
  const index = await duplicateIndexFor(ctx.db);
  const result = await ctx.db.transaction(async (tx) => {
    const s = await loadVisibleSubmission(ctx, tx, id, { forUpdate: true });
    if (!isOwner(ctx, s)) throw appError('review/not_submitter');
    if (!EDITABLE.has(s.status)) throw appError('submission/not_editable');
    // The pending version, the item's files and (first submission) its organisation's chain, in one round trip.
    const filesSql = sql<ItemFile[]>`coalesce((select json_agg(json_build_object('sha', ${attachments.originalSha256}, 'purpose', ${attachments.purpose}))
      from ${attachments} where ${attachments.submissionId} = ${id} and ${attachments.removedAt} is null), '[]'::json)`;
    const chainSql = s.chain ? sql<null>`null` : configuredChainSql(s.unitPath, s.kind as SubmissionKind);
    const [pending] = await tx
      .select({ v: submissionVersions, files: filesSql, chain: chainSql })
      .from(submissionVersions)
      .where(and(eq(submissionVersions.submissionId, id), isNull(submissionVersions.submittedAt)));
    const v = pending?.v ?? (await editableVersion(tx, s, ctx));
    const extra = pending ?? (await tx.select({ files: filesSql, chain: chainSql }).from(submissions).where(eq(submissions.id, id)))[0]!;
    const files = extra.files;
    const materialCount = files.filter((f) => f.purpose === 'material').length;
    const issues = contentIssues(s.kind as SubmissionKind, { title: v.title, body: v.body, situationNote: v.situationNote, category: v.category, attachmentCount: materialCount });
    if (issues.length) {
      throw appError('submission/invalid', {}, issues.map((i) => ({ path: i.field, message: ctx.locale === 'en' ? i.en : i.zh })));
    }
    const fp = fingerprintOf(v.title, v.body);
    // Snapshot the chain on first submission; a resubmission keeps the chain it started with.
    const chain = (s.chain as ReviewChain | null) ?? chainOrDefault(extra.chain, s.kind as SubmissionKind);
    // The version, the submission's list columns, its authors and the notice to other processes of
    // its fingerprint (delivered only if this commits), in one statement.
    const authorRows = v.authorIds.map((personId) => sql`(${id}::uuid, ${personId}::uuid)`);
    const notice = fingerprintNotice(ctx.db, id, fp);
    await tx.execute(sql`with
      ver as (${tx
        .update(submissionVersions)
        .set({ submittedAt: ctx.now, fingerprint: fp })
        .where(and(eq(submissionVersions.submissionId, id), eq(submissionVersions.version, v.version)))
        .getSQL()}),
      sub as (${tx
        .update(submissions)
        .set({ chain: chain as unknown as Record<string, unknown>, title: v.title, tags: v.tags, category: v.category, submittedAt: s.submittedAt ?? ctx.now, searchVector: submissionSearchVector(v) })
        .where(eq(submissions.id, id))
        .getSQL()}),
      gone as (delete from ${submissionAuthors} where ${submissionAuthors.submissionId} = ${id}
        ${v.authorIds.length ? sql`and not (${submissionAuthors.personId} = any(array[${sql.join(v.authorIds.map((a) => sql`${a}::uuid`), sql`, `)}]))` : sql``})
      ${authorRows.length ? sql`, ins as (insert into ${submissionAuthors} (submission_id, person_id) values ${sql.join(authorRows, sql`, `)} on conflict do nothing)` : sql``}
      ${notice ?? sql`select 1`}`);
    const openFindings = await refreshFindings(tx, s, v.version, v);
    await flagDuplicates(index, tx, s, fp, files.map((f) => f.sha));
    // Every flag on the item, one line per earlier item: the same list (and count) as the item page shows.
    const duplicates = await storedDuplicateLines(ctx, tx, id);
    const r = await applyReviewAction(ctx, tx, { ...s, chain: chain as unknown as Record<string, unknown>, openFindings }, s.status === 'draft' ? { type: 'submit' } : { type: 'resubmit' }, {
      hasResponsePlan: files.some((f) => f.purpose === 'response_plan'),
      deferNotices: true,
    });
    // Last: the organisation's counter row stays locked only until the commit (and the notices,
    // which carry the new serial, are written after it).
    const serial = s.serial ?? (await assignSerial(tx, ctx, s));
    await sendNotices(tx, r.notices, serial, s.id);
    return { status: r.state.status, version: r.state.version, serial, openFindings, duplicates, fp };
  });
  // Only a committed submission joins the look-up index.
  await rememberFingerprint(ctx.db, id, result.fp);
  const { fp: _fp, ...out } = result;
  return out;
}

export async function withdrawSubmission(ctx: Ctx, id: string) {
  requireAccess(ctx, 'submission.create');
  return ctx.db.transaction(async (tx) => {
    const s = await loadVisibleSubmission(ctx, tx, id, { forUpdate: true });
    const r = await applyReviewAction(ctx, tx, s, { type: 'withdraw' });
    return { status: r.state.status };
  });
}

/** Deletes a draft that was never submitted (nothing of it has left the author's hands). */
export async function discardDraft(ctx: Ctx, id: string) {
  requireAccess(ctx, 'submission.create');
  await ctx.db.transaction(async (tx) => {
    const s = await loadVisibleSubmission(ctx, tx, id, { forUpdate: true });
    if (!isOwner(ctx, s)) throw appError('auth/forbidden');
    if (s.status !== 'draft' || s.submittedAt) throw appError('submission/not_editable');
    await tx.delete(personalDataFindings).where(eq(personalDataFindings.submissionId, id));
    await tx.update(attachments).set({ removedAt: ctx.now }).where(eq(attachments.submissionId, id));
    await tx.update(submissions).set({ status: 'withdrawn', updatedAt: ctx.now, rev: sql`${submissions.rev} + 1` }).where(eq(submissions.id, id));
    await audit(tx, ctx, 'submission.discard', id);
  });
}

export type SubmissionListFilter = {
  scope: 'mine' | 'unit' | 'all';
  status?: ReviewStatus | undefined;
  kind?: SubmissionKind | undefined;
  q?: string | undefined;
  /** A unit and its descendants (a unit the caller may see). */
  unitId?: string | undefined;
  /** Days of first submission (报送日期), both included, in the deployment's time zone. */
  from?: string | undefined;
  to?: string | undefined;
  sort?: SubmissionSortField | undefined;
  order?: SortOrder | undefined;
  page: number;
  pageSize: number;
};

/** The columns the submission lists sort by (GET /api/submissions?sort=…; the names in schema.ts). */
export const SUBMISSION_SORTS: Record<SubmissionSortField, AnyColumn> = {
  serial: submissions.serial,
  title: submissions.title,
  kind: submissions.kind,
  status: submissions.status,
  unit: units.name,
  submittedAt: submissions.submittedAt,
  updatedAt: submissions.updatedAt,
};

/** The resolved filters of a list: the unit's path looked up and checked, the days as instants. */
export type ResolvedListFilter = Pick<SubmissionListFilter, 'scope' | 'status' | 'kind' | 'q'> & { unitPath?: string; submittedFrom?: Date; submittedUntil?: Date };

/**
 * Checks and resolves the unit and day filters: a unit outside what the caller may read is refused
 * (404 when they cannot see it at all, as for any record named by id).
 */
export async function resolveListFilter(ctx: AuthedCtx, f: Omit<SubmissionListFilter, 'page' | 'pageSize'>): Promise<ResolvedListFilter> {
  const out: ResolvedListFilter = { scope: f.scope, status: f.status, kind: f.kind, q: f.q };
  if (f.unitId) {
    const unit = await getUnitById(ctx.db, f.unitId);
    requireAccessOrHide(ctx, 'submission.read', unit.path, 'unit.read');
    out.unitPath = unit.path;
  }
  const days = dayRange(f, ctx.config.timeZone);
  if (days.from) out.submittedFrom = days.from;
  if (days.until) out.submittedUntil = days.until;
  return out;
}

/** The rows of the submission lists (and the home page's counts of them), over `submissions` joined with `units`. */
export function submissionListWhere(ctx: AuthedCtx, f: ResolvedListFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [visibleSubmissionsWhere(ctx)];
  if (f.scope === 'mine') conds.push(eq(submissions.createdBy, ctx.auth.personId));
  if (f.scope === 'unit') conds.push(eq(submissions.unitId, ctx.auth.unitId));
  if (f.status) conds.push(eq(submissions.status, f.status));
  // Parenthesised: drizzle's and() does not wrap raw SQL, and a bare OR would escape the visibility rule.
  else conds.push(sql`(${submissions.status} <> 'withdrawn' or ${submissions.submittedAt} is not null)`);
  if (f.kind) conds.push(eq(submissions.kind, f.kind));
  if (f.q) conds.push(or(ilike(submissions.title, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`), eq(submissions.serial, f.q)));
  if (f.unitPath) conds.push(subtreeOf(f.unitPath));
  if (f.submittedFrom) conds.push(gte(submissions.submittedAt, f.submittedFrom));
  if (f.submittedUntil) conds.push(lt(submissions.submittedAt, f.submittedUntil));
  return and(...conds);
}

/** Lists submissions the caller may see: their own, their unit's, or everything in scope. */
export async function findSubmissions(ctx: Ctx, f: SubmissionListFilter) {
  requireAccess(ctx, 'submission.read');
  const where = submissionListWhere(ctx, await resolveListFilter(ctx, f));
  // Newest first by default, id breaking ties so pages never repeat or skip a row; each order matches
  // an index ((created_by|unit_id|status, updated_at desc, id desc) or (updated_at desc, id desc));
  // a chosen column sorts with the id after it (orderByAllowed).
  const order = orderByAllowed(SUBMISSION_SORTS, f, [desc(submissions.updatedAt), desc(submissions.id)], submissions.id);
  const { rows, ...counted } = await pageWithTotal(
    ctx.db,
    async (limit, offset) => {
      // Deferred join: the page's ids first (narrow rows, cheap to skip on deep pages), then their rows.
      const page = ctx.db
        .select({ id: submissions.id })
        .from(submissions)
        .innerJoin(units, eq(units.id, submissions.unitId))
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset)
        .as('page');
      return ctx.db
        .select({ s: submissions, unitName: units.name, authorName: people.name })
        .from(page)
        .innerJoin(submissions, eq(submissions.id, page.id))
        .innerJoin(units, eq(units.id, submissions.unitId))
        .innerJoin(people, eq(people.id, submissions.createdBy))
        .orderBy(...order);
    },
    () => ctx.db.select({ one: sql`1` }).from(submissions).innerJoin(units, eq(units.id, submissions.unitId)).where(where).$dynamic(),
    f,
  );
  return {
    items: rows.map(({ s, unitName, authorName }) => listItem(s, unitName, authorName)),
    ...counted,
  };
}

export function listItem(s: typeof submissions.$inferSelect, unitName: string, createdByName: string) {
  const chain = s.chain as ReviewChain | null;
  return {
    id: s.id,
    serial: s.serial,
    kind: s.kind,
    title: s.title,
    status: s.status,
    version: s.version,
    unitId: s.unitId,
    unitName,
    createdBy: s.createdBy,
    createdByName,
    sensitive: s.sensitive,
    openFindings: s.openFindings,
    category: s.category,
    tags: s.tags,
    heldSince: s.heldSince,
    submittedAt: s.submittedAt,
    updatedAt: s.updatedAt,
    holder: chain ? whoHolds(chain, reviewStateOf(s)) : s.status === 'draft' ? { kind: 'submitter' as const, status: 'draft' as const } : { kind: 'nobody' as const },
  };
}


/** Everything the item page shows: content of every version, history, files, flags, who holds it. */
export async function getSubmission(ctx: Ctx, id: string) {
  requireAccess(ctx, 'submission.read');
  const s = await loadVisibleSubmission(ctx, ctx.db, id);
  // Opening the item reads what the caller was told about it.
  await markReadAbout(ctx, { type: 'submission', id });
  const versions = await ctx.db.select().from(submissionVersions).where(eq(submissionVersions.submissionId, id)).orderBy(asc(submissionVersions.version));
  // Removed files too: a removal in an unsubmitted rework is not yet visible to reviewers (submittedView).
  const allFiles = await ctx.db.select().from(attachments).where(eq(attachments.submissionId, id)).orderBy(asc(attachments.createdAt));
  const files = allFiles.filter((f) => f.removedAt === null);
  const events = await ctx.db
    .select({ e: reviewEvents, byName: people.name })
    .from(reviewEvents)
    .leftJoin(people, eq(people.id, reviewEvents.byId))
    .where(eq(reviewEvents.submissionId, id))
    .orderBy(asc(reviewEvents.at));
  const findings = await ctx.db.select().from(personalDataFindings).where(eq(personalDataFindings.submissionId, id)).orderBy(asc(personalDataFindings.version), asc(personalDataFindings.start));
  const duplicates = await storedDuplicateLines(ctx as AuthedCtx, ctx.db, id);
  const [creator] = await ctx.db.select({ name: people.name }).from(people).where(eq(people.id, s.createdBy));
  const owner = isOwner(ctx as AuthedCtx, s);
  // Reviewers see submitted versions only: an unsubmitted rework of a returned item (its text, the
  // files added or removed in it, findings on it) stays the author's until it is resubmitted.
  const seen = owner ? { versions, files, findings } : submittedView(s, versions, allFiles, findings);
  const authorIds = [...new Set(seen.versions.flatMap((v) => v.authorIds))];
  const authors = authorIds.length ? await ctx.db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, authorIds)) : [];
  const hasResponsePlan = seen.files.some((f) => f.purpose === 'response_plan' && f.removedAt === null);
  const chain = s.chain as ReviewChain | null;
  const state = reviewStateOf(s, hasResponsePlan);
  const actor = { id: (ctx as AuthedCtx).auth.personId, roles: rolesOn(ctx as AuthedCtx, s.unitPath) };
  // Superseded versions are shown with their personal data masked, to everyone (an editor may reveal one: revealVersion).
  const names = seen.versions.length > 1 ? await protectedNamesOf(ctx.db, s.caseId) : [];
  const lastShown = seen.versions[seen.versions.length - 1]?.version;
  const shownVersions = seen.versions.map((v) => (v.version === lastShown ? { ...v, masked: false } : { ...maskedVersion(v, names), masked: true }));
  const [caseRow] = s.caseId ? await ctx.db.select({ id: cases.id, title: cases.title }).from(cases).where(eq(cases.id, s.caseId)) : [];
  // Forwarding: where this item went (status there only), whether the viewer may forward it now, where it came from.
  const forwards = s.status === 'adopted' ? await forwardsOf(ctx.db, id) : [];
  const forwardTo = await forwardOption(ctx, s, forwards);
  const origin = s.forwardedFrom ? await originOf(ctx.db, id) : null;
  return {
    ...listItem(s, s.unitName, creator?.name ?? ''),
    rev: s.rev,
    sensitivity: s.sensitivity,
    case: caseRow ?? null,
    hasResponsePlan,
    isOwner: owner,
    editable: owner && EDITABLE.has(s.status),
    chain,
    // A forwarded item is passed or rejected, never returned (forwarding.ts).
    actions: (chain ? allowedActions(chain, state, actor, owner) : owner && s.status === 'draft' ? ['submit' as const] : []).filter((a) => !(s.forwardedFrom && a === 'return')),
    forwards,
    forwardTo,
    origin,
    versions: shownVersions.map((v) => ({
      version: v.version,
      title: v.title,
      body: v.body,
      situationNote: v.situationNote,
      authorIds: v.authorIds,
      tags: v.tags,
      category: v.category,
      attachmentIds: v.attachmentIds,
      savedAt: v.savedAt,
      submittedAt: v.submittedAt,
      /** Personal data in this (superseded) version is masked. */
      masked: v.masked,
    })),
    authors,
    attachments: seen.files.map((f) => ({
      id: f.id,
      filename: f.filename,
      mime: f.mime,
      size: f.size,
      fileKind: f.fileKind,
      purpose: f.purpose,
      width: f.width,
      height: f.height,
      hasThumb: !!f.thumbSha256,
      createdAt: f.createdAt,
    })),
    history: events.map(({ e, byName }) => ({
      type: e.type,
      version: e.version,
      step: e.step,
      stepName: e.stepName,
      from: e.fromStatus,
      to: e.toStatus,
      byId: e.byId,
      byName,
      comment: e.comment,
      at: e.at,
    })),
    findings: seen.findings.map((f) => ({
      id: f.id,
      version: f.version,
      field: f.field,
      kind: f.kind,
      start: f.start,
      end: f.end,
      masked: f.masked,
      confidence: f.confidence,
      status: f.status,
      note: f.note,
      resolvedAt: f.resolvedAt,
    })),
    // One line per earlier item; one the viewer may not open is named by its unit only.
    duplicates,
  };
}

type VersionRow = typeof submissionVersions.$inferSelect;
type AttachmentRow = typeof attachments.$inferSelect;

/**
 * What someone other than the author sees of an item: its submitted versions, the material files of
 * those versions (a file removed in an unsubmitted rework still shows: the removal is not submitted
 * yet), response plans except those the author added during a rework not yet resubmitted, and
 * findings on submitted versions. openAttachment (attachments.ts) applies the same rule to one file.
 */
export function submittedView<F extends { version: number }>(s: { createdBy: string; status: string }, versions: VersionRow[], files: AttachmentRow[], findings: F[]) {
  const submitted = versions.filter((v) => v.submittedAt !== null);
  const last = submitted[submitted.length - 1];
  const inLast = new Set(last?.attachmentIds ?? []);
  const lastAt = last?.submittedAt?.getTime() ?? -Infinity;
  const numbers = new Set(submitted.map((v) => v.version));
  return {
    versions: submitted,
    files: files.filter((f) =>
      f.purpose === 'material'
        ? inLast.has(f.id)
        : !(s.status === 'returned' && f.createdBy === s.createdBy && f.createdAt.getTime() > lastAt) && (f.removedAt === null || (s.status === 'returned' && f.removedAt.getTime() > lastAt)),
    ),
    findings: findings.filter((f) => numbers.has(f.version)),
  };
}

/**
 * The raw text of one version, for an editor who must decide on a personal-data finding in it (who
 * holds review.resolve_findings on the item's unit). Everyone else sees superseded versions masked.
 * Each reveal is audited.
 */
export async function revealVersion(ctx: Ctx, id: string, version: number) {
  requireAccess(ctx, 'review.resolve_findings');
  const s = await loadVisibleSubmission(ctx, ctx.db, id);
  requireAccess(ctx, 'review.resolve_findings', s.unitPath);
  const [v] = await ctx.db.select().from(submissionVersions).where(and(eq(submissionVersions.submissionId, id), eq(submissionVersions.version, version)));
  // A version the editor does not see at all (an unsubmitted rework) is not found either.
  if (!v || (v.submittedAt === null && !isOwner(ctx, s))) throw appError('common/not_found');
  await auditAction(ctx.db, ctx, 'submission.reveal_version', { type: 'submission', id }, { version });
  return { version: v.version, title: v.title, body: v.body, situationNote: v.situationNote, tags: v.tags };
}
