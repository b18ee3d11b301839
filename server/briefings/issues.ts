/**
 * Briefing issues (一期简报): compose from accepted items, distribute, publish, read. Every function
 * opens with its access check (access.ts: editors see everything of their series, readers of the
 * organisation see published issues, a restricted issue only its recipients and editors) and writes its
 * audit row in the same transaction as its change.
 */
import { and, asc, desc, eq, gte, ilike, inArray, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { dayRange, orderByAllowed, type SortOrder } from '../http/list';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { nextCounter } from '../db/counters';
import { appError, hiddenRefusal } from '../errors';
import { requireAccess, type AuthedCtx, type Ctx } from '../http/context';
import { notify } from '../notifications/notifications';
import { people, roleAssignments, units } from '../org/tables';
import { ROLE_PERMISSIONS, type Role } from '../access/roles';
import { visibleSubmissionsWhere } from '../submissions/access';
import { pageWithTotal } from '../submissions/count';
import { attachments, submissions, submissionVersions } from '../submissions/tables';
import { BRIEFING_TYPE_ZH, type BriefingDocument, type BriefingType } from '../documents/briefing-document';
import { isIssueEditor, visibleIssuesWhere } from './access';
import { fileStoreFor } from '../files/files';
import { pathsLike } from '../audit/scope';
import { auditLog } from '../audit/tables';
import { loadSeries } from './series';
import { recordForwardedPublication } from '../records/forwarding';
import { writeBriefingUseRecords } from '../records/records';
import { searchVectorSql } from '../search/vector';
import type { DistributionPart, IssueSortField } from './schema';
import { briefingIssues, briefingItems, briefingReads, briefingRecipients, briefingSeries } from './tables';

type IssueRow = typeof briefingIssues.$inferSelect;
type SeriesOfIssue = { id: string; unitId: string; unitPath: string; type: BriefingType; mastheadName: string; issuerName: string; documentPrefix: string | null; restrictedMark: string };
export type LoadedIssue = IssueRow & { series: SeriesOfIssue; canEdit: boolean };

const esc = (s: string) => s.replace(/[%_\\]/g, '\\$&');

/** "2024年第12期", "2024年增刊第1期"; a draft has no number yet. */
export function issueLabel(i: { year: number | null; number: number | null; supplement: boolean }, locale: 'zh-CN' | 'en' = 'zh-CN'): string | null {
  if (i.year === null || i.number === null) return null;
  if (locale === 'en') return i.supplement ? `${i.year} supplement no. ${i.number}` : `${i.year} no. ${i.number}`;
  return i.supplement ? `${i.year}年增刊第${i.number}期` : `${i.year}年第${i.number}期`;
}

/** The calendar date in the deployment's time zone, YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Loads an issue the caller may open, or 404 (existence is not revealed). With `edit`, the caller
 * must be one of its editors: a reader who may open it gets 403, anyone else 404.
 */
export async function loadIssue(ctx: AuthedCtx, tx: Tx, id: string, opts: { edit?: boolean; forUpdate?: boolean } = {}): Promise<LoadedIssue> {
  const q = tx
    .select({ i: briefingIssues, s: briefingSeries, unitPath: units.path })
    .from(briefingIssues)
    .innerJoin(briefingSeries, eq(briefingSeries.id, briefingIssues.seriesId))
    .innerJoin(units, eq(units.id, briefingSeries.unitId))
    .where(and(eq(briefingIssues.id, id), visibleIssuesWhere(ctx)));
  const [row] = opts.forUpdate ? await q.for('update', { of: briefingIssues }) : await q;
  if (!row) throw hiddenRefusal();
  const series = { ...row.s, unitPath: row.unitPath };
  const canEdit = isIssueEditor({ personId: ctx.auth.personId, unitId: ctx.auth.unitId, grants: ctx.auth.grants }, { seriesUnitPath: row.unitPath });
  if (opts.edit && !canEdit) throw appError('auth/forbidden', { permission: 'briefing.edit' });
  return { ...row.i, series, canEdit };
}

/** Loads a draft for a change by one of its editors, locked for the transaction. */
async function loadDraftForChange(ctx: AuthedCtx, tx: Tx, id: string, rev?: number) {
  const issue = await loadIssue(ctx, tx, id, { edit: true, forUpdate: true });
  if (issue.status !== 'draft') throw appError('briefing/not_draft');
  if (rev !== undefined && rev !== issue.rev) throw appError('common/conflict');
  return issue;
}

async function touch(tx: Tx, ctx: Ctx, id: string) {
  const items = await tx.select({ title: briefingItems.title, body: briefingItems.body }).from(briefingItems).where(eq(briefingItems.issueId, id));
  const [issue] = await tx.select({ note: briefingIssues.editorNote }).from(briefingIssues).where(eq(briefingIssues.id, id));
  const searchText = [issue?.note ?? '', ...items.flatMap((i) => [i.title, i.body])].join('\n');
  const [row] = await tx
    .update(briefingIssues)
    .set({ updatedAt: ctx.now, searchText, rev: sql`${briefingIssues.rev} + 1` })
    .where(eq(briefingIssues.id, id))
    .returning({ rev: briefingIssues.rev });
  return row!.rev;
}

const audit = (tx: Tx, ctx: AuthedCtx, event: string, id: string, details: Record<string, unknown> = {}) => auditAction(tx, ctx, event, { type: 'briefing', id }, details);

// ---------------------------------------------------------------------------------------------------
// Composing

export async function createIssue(
  ctx: Ctx,
  input: { seriesId: string; supplement?: boolean | undefined; kind?: 'standalone' | 'comprehensive' | undefined; restricted?: boolean | undefined; copies?: number | undefined; editorNote?: string | undefined },
) {
  requireAccess(ctx, 'briefing.edit');
  const series = await loadSeries(ctx.db, input.seriesId);
  if (!isIssueEditor({ personId: ctx.auth.personId, unitId: ctx.auth.unitId, grants: ctx.auth.grants }, { seriesUnitPath: series.unitPath })) throw hiddenRefusal({ permission: 'briefing.edit' });
  if (!series.active) throw appError('briefing/series_inactive');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(briefingIssues)
      .values({
        seriesId: series.id,
        orgId: series.orgId,
        supplement: input.supplement ?? false,
        kind: input.kind ?? 'comprehensive',
        restricted: input.restricted ?? false,
        copies: input.copies ?? 0,
        editorNote: input.editorNote ?? '',
        searchText: input.editorNote ?? '',
        createdBy: ctx.auth.personId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning({ id: briefingIssues.id });
    await audit(tx, ctx, 'briefing.create', row!.id, { seriesId: series.id, type: series.type });
    return { id: row!.id };
  });
}

export async function updateIssue(
  ctx: Ctx,
  id: string,
  input: { supplement?: boolean | undefined; kind?: 'standalone' | 'comprehensive' | undefined; restricted?: boolean | undefined; copies?: number | undefined; editorNote?: string | undefined; rev?: number | undefined },
) {
  requireAccess(ctx, 'briefing.edit');
  return ctx.db.transaction(async (tx) => {
    await loadDraftForChange(ctx, tx, id, input.rev);
    const { rev: _rev, ...changes } = input;
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length) await tx.update(briefingIssues).set(set).where(eq(briefingIssues.id, id));
    const rev = await touch(tx, ctx, id);
    await audit(tx, ctx, 'briefing.update', id, { changed: Object.keys(set), ...(input.restricted !== undefined ? { restricted: input.restricted } : {}) });
    return { id, rev };
  });
}

/** Discards a draft (a published issue stays forever). */
export async function discardIssue(ctx: Ctx, id: string) {
  requireAccess(ctx, 'briefing.edit');
  return ctx.db.transaction(async (tx) => {
    await loadDraftForChange(ctx, tx, id);
    await tx.delete(briefingItems).where(eq(briefingItems.issueId, id));
    await tx.delete(briefingRecipients).where(eq(briefingRecipients.issueId, id));
    await tx.delete(briefingIssues).where(eq(briefingIssues.id, id));
    await audit(tx, ctx, 'briefing.discard', id);
    return { id };
  });
}

/** Accepted items the caller can see, in the organisation of the issue (the candidates an editor picks from). */
function acceptedItemsWhere(ctx: AuthedCtx, orgId: string): SQL {
  return and(eq(submissions.status, 'adopted'), visibleSubmissionsWhere(ctx), sql`${units.path} like ${`/${esc(orgId)}/%`}`)!;
}

/** Accepted items to pick from, newest acceptance first, searchable by title or serial; marks those already in the issue. */
export async function findCandidates(ctx: Ctx, f: { issueId: string; q?: string | undefined; page: number; pageSize: number }) {
  requireAccess(ctx, 'briefing.edit');
  const issue = await loadIssue(ctx, ctx.db, f.issueId, { edit: true });
  const where = and(
    acceptedItemsWhere(ctx, issue.orgId),
    f.q ? or(ilike(submissions.title, `%${esc(f.q)}%`), eq(submissions.serial, f.q)) : undefined,
  );
  const { rows, ...counted } = await pageWithTotal(
    ctx.db,
    (limit, offset) =>
      ctx.db
        .select({ id: submissions.id, serial: submissions.serial, title: submissions.title, kind: submissions.kind, unitName: units.name, adoptedAt: submissions.adoptedAt })
        .from(submissions)
        .innerJoin(units, eq(units.id, submissions.unitId))
        .where(where)
        .orderBy(desc(submissions.adoptedAt), desc(submissions.id))
        .limit(limit)
        .offset(offset),
    () => ctx.db.select({ one: sql`1` }).from(submissions).innerJoin(units, eq(units.id, submissions.unitId)).where(where).$dynamic(),
    f,
  );
  const inIssue = new Set((await ctx.db.select({ id: briefingItems.submissionId }).from(briefingItems).where(eq(briefingItems.issueId, issue.id))).map((r) => r.id));
  return { items: rows.map((r) => ({ ...r, inIssue: inIssue.has(r.id) })), ...counted };
}

/**
 * Sets the issue's items and their order in one call: new ones start with their last submitted
 * wording; items that stay keep the wording the editor gave them; items left out are removed.
 */
export async function setIssueItems(ctx: Ctx, id: string, input: { submissionIds: string[] }) {
  requireAccess(ctx, 'briefing.edit');
  const ids = [...new Set(input.submissionIds)];
  return ctx.db.transaction(async (tx) => {
    const issue = await loadDraftForChange(ctx, tx, id);
    const existing = new Set((await tx.select({ id: briefingItems.submissionId }).from(briefingItems).where(eq(briefingItems.issueId, id))).map((r) => r.id));
    const added = ids.filter((s) => !existing.has(s));
    if (added.length) {
      const rows = await tx
        .select({ id: submissions.id, version: submissions.version, unitName: units.name, title: submissionVersions.title, body: submissionVersions.body, authorIds: submissionVersions.authorIds })
        .from(submissions)
        .innerJoin(units, eq(units.id, submissions.unitId))
        .innerJoin(submissionVersions, and(eq(submissionVersions.submissionId, submissions.id), eq(submissionVersions.version, submissions.version)))
        .where(and(inArray(submissions.id, added), acceptedItemsWhere(ctx, issue.orgId)));
      if (rows.length !== added.length) throw appError('briefing/item_not_accepted');
      const authorIds = [...new Set(rows.flatMap((r) => r.authorIds))];
      const names = new Map(authorIds.length ? (await tx.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, authorIds))).map((p) => [p.id, p.name]) : []);
      await tx.insert(briefingItems).values(
        rows.map((r) => ({
          issueId: id,
          submissionId: r.id,
          position: ids.indexOf(r.id),
          version: r.version,
          title: r.title,
          body: r.body,
          source: `（${[r.unitName, r.authorIds.map((a) => names.get(a)).filter(Boolean).join('、')].filter(Boolean).join(' ')}）`,
        })),
      );
    }
    const removed = [...existing].filter((s) => !ids.includes(s));
    if (removed.length) await tx.delete(briefingItems).where(and(eq(briefingItems.issueId, id), inArray(briefingItems.submissionId, removed)));
    for (const [position, submissionId] of ids.entries()) {
      if (existing.has(submissionId)) await tx.update(briefingItems).set({ position }).where(and(eq(briefingItems.issueId, id), eq(briefingItems.submissionId, submissionId)));
    }
    const rev = await touch(tx, ctx, id);
    await audit(tx, ctx, 'briefing.items', id, { added, removed, order: ids });
    return { id, rev, count: ids.length };
  });
}

/** The editor's published wording of one item (the submitted versions stay as they were). */
export async function editItemWording(ctx: Ctx, id: string, submissionId: string, input: { title: string; body: string; source?: string | undefined }) {
  requireAccess(ctx, 'briefing.edit');
  return ctx.db.transaction(async (tx) => {
    await loadDraftForChange(ctx, tx, id);
    const [row] = await tx
      .update(briefingItems)
      .set({ title: input.title, body: input.body, ...(input.source !== undefined ? { source: input.source } : {}), editedBy: ctx.auth.personId, editedAt: ctx.now })
      .where(and(eq(briefingItems.issueId, id), eq(briefingItems.submissionId, submissionId)))
      .returning({ id: briefingItems.submissionId });
    if (!row) throw appError('briefing/item_not_in_issue');
    const rev = await touch(tx, ctx, id);
    await audit(tx, ctx, 'briefing.wording', id, { submissionId, chars: Array.from(input.body).length });
    return { id, rev };
  });
}

/** Sets the distribution in its three parts; units and people must belong to the issue's organisation. */
export async function setDistribution(ctx: Ctx, id: string, input: { recipients: { part: DistributionPart; unitId?: string | undefined; personId?: string | undefined; name?: string | undefined }[] }) {
  requireAccess(ctx, 'briefing.edit');
  return ctx.db.transaction(async (tx) => {
    const issue = await loadDraftForChange(ctx, tx, id);
    const orgLike = `/${esc(issue.orgId)}/%`;
    const unitIds = [...new Set(input.recipients.flatMap((r) => (r.unitId ? [r.unitId] : [])))];
    const personIds = [...new Set(input.recipients.flatMap((r) => (r.personId ? [r.personId] : [])))];
    const unitNames = new Map(
      unitIds.length ? (await tx.select({ id: units.id, name: units.name }).from(units).where(and(inArray(units.id, unitIds), sql`${units.path} like ${orgLike}`))).map((u) => [u.id, u.name]) : [],
    );
    const personNames = new Map(
      personIds.length
        ? (
            await tx
              .select({ id: people.id, name: people.name })
              .from(people)
              .innerJoin(units, eq(units.id, people.unitId))
              .where(and(inArray(people.id, personIds), sql`${units.path} like ${orgLike}`))
          ).map((p) => [p.id, p.name])
        : [],
    );
    if (unitNames.size !== unitIds.length || personNames.size !== personIds.length) throw appError('briefing/unknown_recipient');
    await tx.delete(briefingRecipients).where(eq(briefingRecipients.issueId, id));
    const seen = new Set<string>();
    const rows = input.recipients
      .filter((r) => {
        const key = `${r.part}:${r.unitId ?? ''}:${r.personId ?? ''}:${r.name ?? ''}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((r, position) => ({
        issueId: id,
        part: r.part,
        position,
        unitId: r.unitId ?? null,
        personId: r.personId ?? null,
        name: r.unitId ? unitNames.get(r.unitId)! : r.personId ? personNames.get(r.personId)! : r.name!,
      }));
    if (rows.length) await tx.insert(briefingRecipients).values(rows);
    const rev = await touch(tx, ctx, id);
    await audit(tx, ctx, 'briefing.distribution', id, { units: unitIds.length, people: personIds.length, names: rows.length - unitIds.length - personIds.length });
    return { id, rev };
  });
}

// ---------------------------------------------------------------------------------------------------
// Publishing

/**
 * People who receive a published issue and may open it: the people listed and the active people of
 * the units listed, who hold briefing.read in the issue's organisation (nobody is told of an issue they
 * could not open).
 */
async function notifiedRecipients(tx: Tx, issueId: string, orgId: string): Promise<string[]> {
  const listed = await tx.select({ unitId: briefingRecipients.unitId, personId: briefingRecipients.personId }).from(briefingRecipients).where(eq(briefingRecipients.issueId, issueId));
  const unitIds = listed.flatMap((r) => (r.unitId ? [r.unitId] : []));
  const personIds = listed.flatMap((r) => (r.personId ? [r.personId] : []));
  if (!unitIds.length && !personIds.length) return [];
  const candidates = await tx
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.active, true), or(unitIds.length ? inArray(people.unitId, unitIds) : undefined, personIds.length ? inArray(people.id, personIds) : undefined)));
  if (!candidates.length) return [];
  const readingRoles = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => ROLE_PERMISSIONS[r].includes('briefing.read'));
  const grants = await tx
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(and(inArray(roleAssignments.personId, candidates.map((c) => c.id)), inArray(roleAssignments.role, readingRoles), sql`${units.path} like ${`/${esc(orgId)}/%`}`));
  return [...new Set(grants.map((g) => g.personId))];
}

/**
 * Publishes a draft, in one transaction: checks it is complete, numbers it per series and year (a
 * supplement apart) from the counter row — so two publications in parallel never share a number, and
 * a unique index stands behind it — dates it, freezes what it says (the snapshot), notifies the
 * recipients who may open it, and writes the audit row. The "used in briefing" records of use are
 * written here too (one call, added where marked, by the records domain).
 */
export async function publishBriefing(ctx: Ctx, id: string) {
  requireAccess(ctx, 'briefing.edit');
  return ctx.db.transaction(async (tx) => {
    const issue = await loadDraftForChange(ctx, tx, id);
    const items = await tx.select().from(briefingItems).where(eq(briefingItems.issueId, id)).orderBy(asc(briefingItems.position));
    if (!items.length) throw appError('briefing/empty');
    if (issue.kind === 'standalone' && items.length !== 1) throw appError('briefing/standalone_one_item', { count: items.length });
    const recipients = await tx.select().from(briefingRecipients).where(eq(briefingRecipients.issueId, id)).orderBy(asc(briefingRecipients.position));
    if (issue.restricted && !recipients.some((r) => r.unitId || r.personId)) throw appError('briefing/no_recipients');

    const issueDate = localDate(ctx.now, ctx.config.timeZone);
    const year = Number(issueDate.slice(0, 4));
    // The counter row is taken late: it stays locked until this transaction commits.
    const number = await nextCounter(tx, `briefing:${issue.seriesId}:${year}${issue.supplement ? ':supplement' : ''}`);
    const documentNumber = issue.series.type === 'tongbao' && issue.series.documentPrefix ? `${issue.series.documentPrefix}〔${year}〕${number}号` : null;
    const snapshot = documentOf({ ...issue, year, number, issueDate, documentNumber }, items, recipients);
    await tx
      .update(briefingIssues)
      .set({
        status: 'published',
        year,
        number,
        issueDate,
        documentNumber,
        snapshot,
        // The archive's words: what the issue says as published (its masthead and number count most).
        searchVector: searchVectorSql([
          [`${snapshot.mastheadName} ${issueLabel({ year, number, supplement: issue.supplement })} ${documentNumber ?? ''}`, 'A'],
          [snapshot.items.map((i) => i.title).join('\n'), 'A'],
          [snapshot.editorNote ?? '', 'B'],
          [snapshot.items.map((i) => i.body).join('\n'), 'C'],
        ]),
        publishedAt: ctx.now,
        publishedBy: ctx.auth.personId,
        updatedAt: ctx.now,
        rev: sql`${briefingIssues.rev} + 1`,
      })
      .where(eq(briefingIssues.id, id));

    const label = issueLabel({ year, number, supplement: issue.supplement })!;
    const notified = await notifiedRecipients(tx, id, issue.orgId);
    await notify(tx, {
      personIds: notified,
      type: 'briefing.published',
      subject: { type: 'briefing', id },
      data: { masthead: issue.series.mastheadName, label, briefingType: issue.series.type },
      at: ctx.now,
    });
    await audit(tx, ctx, 'briefing.publish', id, {
      seriesId: issue.seriesId,
      year,
      number,
      supplement: issue.supplement,
      kind: issue.kind,
      restricted: issue.restricted,
      items: items.map((i) => i.submissionId),
      notified: notified.length,
    });
    // Records of use ("used in briefing": standalone or in a comprehensive issue), in this transaction,
    // so they exist exactly when the issue does.
    await writeBriefingUseRecords(tx, ctx, {
      briefingId: id,
      label: `${issue.series.mastheadName} ${label}`,
      mode: issue.kind,
      date: issueDate,
      submissionIds: items.map((i) => i.submissionId),
    });
    // Items forwarded to this office from below: the publication is noted on the original's adoption record.
    await recordForwardedPublication(tx, ctx, { briefingId: id, issuer: issue.series.issuerName, masthead: issue.series.mastheadName, label, date: issueDate, submissionIds: items.map((i) => i.submissionId) });
    return { id, year, number, supplement: issue.supplement, label, documentNumber, issueDate, notified: notified.length };
  });
}

/** The BriefingDocument of an issue from its rows (what the .docx renderer needs). */
function documentOf(
  issue: Pick<IssueRow, 'supplement' | 'restricted' | 'editorNote' | 'copies'> & { series: SeriesOfIssue; year: number; number: number; issueDate: string; documentNumber: string | null },
  items: (typeof briefingItems.$inferSelect)[],
  recipients: (typeof briefingRecipients.$inferSelect)[],
): BriefingDocument {
  const part = (p: DistributionPart) => recipients.filter((r) => r.part === p).map((r) => r.name);
  return {
    type: issue.series.type,
    mastheadName: issue.series.mastheadName,
    year: issue.year,
    number: issue.number,
    supplement: issue.supplement,
    issuer: issue.series.issuerName,
    date: issue.issueDate,
    documentNumber: issue.documentNumber ?? undefined,
    restrictedMark: issue.restricted ? issue.series.restrictedMark : undefined,
    editorNote: issue.editorNote.trim() || undefined,
    items: items.map((i) => ({ title: i.title, body: i.body, source: i.source || undefined })),
    distribution: { report: part('report'), send: part('send'), issue: part('issue') },
    copies: issue.copies,
  };
}

// ---------------------------------------------------------------------------------------------------
// Reading

/** Writes the read receipt of a published issue (and its audit row): who opened it, when, how. */
async function recordRead(tx: Tx, ctx: AuthedCtx, issue: LoadedIssue, via: 'page' | 'export' | 'attachment') {
  if (issue.status !== 'published' || ctx.auth.system) return;
  await tx
    .insert(briefingReads)
    .values({ issueId: issue.id, personId: ctx.auth.personId, firstAt: ctx.now, lastAt: ctx.now, count: 1 })
    .onConflictDoUpdate({ target: [briefingReads.issueId, briefingReads.personId], set: { lastAt: ctx.now, count: sql`${briefingReads.count} + 1` } });
  await audit(tx, ctx, 'briefing.open', issue.id, { via, restricted: issue.restricted });
}

/** Issues the caller may open, newest first, filtered by type, year, status, series and words. */
/** The columns the issue list sorts by (GET /api/briefings?sort=…; the names in schema.ts), the id after each. */
const ISSUE_SORTS: Record<IssueSortField, AnyColumn> = {
  issueDate: briefingIssues.issueDate,
  series: briefingSeries.mastheadName,
  kind: briefingIssues.kind,
  status: briefingIssues.status,
  updatedAt: briefingIssues.updatedAt,
};

export async function findIssues(
  ctx: Ctx,
  f: {
    type?: BriefingType | undefined;
    year?: number | undefined;
    status?: 'draft' | 'published' | undefined;
    seriesId?: string | undefined;
    q?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    sort?: IssueSortField | undefined;
    order?: SortOrder | undefined;
    page: number;
    pageSize: number;
  },
) {
  requireAccess(ctx, 'briefing.read');
  dayRange(f, ctx.config.timeZone); // a backwards range is the one clear error; issue dates are calendar days already
  const where = and(
    f.from ? gte(briefingIssues.issueDate, f.from) : undefined,
    f.to ? lte(briefingIssues.issueDate, f.to) : undefined,
    visibleIssuesWhere(ctx),
    f.type ? eq(briefingSeries.type, f.type) : undefined,
    f.year ? eq(briefingIssues.year, f.year) : undefined,
    f.status ? eq(briefingIssues.status, f.status) : undefined,
    f.seriesId ? eq(briefingIssues.seriesId, f.seriesId) : undefined,
    f.q ? ilike(briefingIssues.searchText, `%${esc(f.q)}%`) : undefined,
  );
  const { rows, ...counted } = await pageWithTotal(
    ctx.db,
    (limit, offset) =>
      ctx.db
        .select({ i: briefingIssues, s: briefingSeries, unitPath: units.path })
        .from(briefingIssues)
        .innerJoin(briefingSeries, eq(briefingSeries.id, briefingIssues.seriesId))
        .innerJoin(units, eq(units.id, briefingSeries.unitId))
        .where(where)
        .orderBy(...orderByAllowed(ISSUE_SORTS, f, [sql`${briefingIssues.status} = 'draft' desc`, desc(briefingIssues.publishedAt), desc(briefingIssues.updatedAt), desc(briefingIssues.id)], briefingIssues.id))
        .limit(limit)
        .offset(offset),
    () => ctx.db.select({ one: sql`1` }).from(briefingIssues).innerJoin(briefingSeries, eq(briefingSeries.id, briefingIssues.seriesId)).where(where).$dynamic(),
    f,
  );
  const ids = rows.map((r) => r.i.id);
  const firsts = ids.length
    ? await ctx.db
        .select({ issueId: briefingItems.issueId, title: briefingItems.title, position: briefingItems.position, n: sql<number>`count(*) over (partition by ${briefingItems.issueId})::int` })
        .from(briefingItems)
        .where(inArray(briefingItems.issueId, ids))
        .orderBy(asc(briefingItems.issueId), asc(briefingItems.position))
    : [];
  const first = new Map<string, { title: string; n: number }>();
  for (const r of firsts) if (!first.has(r.issueId)) first.set(r.issueId, { title: r.title, n: Number(r.n) });
  return {
    items: rows.map(({ i, s, unitPath }) => ({
      id: i.id,
      seriesId: s.id,
      type: s.type,
      mastheadName: s.mastheadName,
      status: i.status,
      supplement: i.supplement,
      kind: i.kind,
      restricted: i.restricted,
      year: i.year,
      number: i.number,
      label: issueLabel(i, ctx.locale),
      documentNumber: i.documentNumber,
      issueDate: i.issueDate,
      title: first.get(i.id)?.title ?? '',
      itemCount: first.get(i.id)?.n ?? 0,
      updatedAt: i.updatedAt,
      publishedAt: i.publishedAt,
      canEdit: isIssueEditor({ personId: ctx.auth.personId, unitId: ctx.auth.unitId, grants: ctx.auth.grants }, { seriesUnitPath: unitPath }),
    })),
    ...counted,
  };
}

/** One issue as its page shows it; opening a published issue writes a read receipt. */
export async function getIssue(ctx: Ctx, id: string) {
  requireAccess(ctx, 'briefing.read');
  return ctx.db.transaction(async (tx) => {
    const issue = await loadIssue(ctx, tx, id);
    await recordRead(tx, ctx, issue, 'page');
    const items = await tx
      .select({ it: briefingItems, serial: submissions.serial, unitName: units.name })
      .from(briefingItems)
      .innerJoin(submissions, eq(submissions.id, briefingItems.submissionId))
      .innerJoin(units, eq(units.id, submissions.unitId))
      .where(eq(briefingItems.issueId, id))
      .orderBy(asc(briefingItems.position));
    // The submitted text beside the published wording: for the issue's editors only.
    const versions = issue.canEdit && items.length
      ? await tx
          .select({ submissionId: submissionVersions.submissionId, version: submissionVersions.version, title: submissionVersions.title, body: submissionVersions.body, attachmentIds: submissionVersions.attachmentIds })
          .from(submissionVersions)
          .where(inArray(submissionVersions.submissionId, items.map((i) => i.it.submissionId)))
      : [];
    const files = await itemFiles(tx, id);
    const recipients = await tx.select().from(briefingRecipients).where(eq(briefingRecipients.issueId, id)).orderBy(asc(briefingRecipients.position));
    const names = await tx
      .select({ id: people.id, name: people.name })
      .from(people)
      .where(inArray(people.id, [issue.createdBy, ...(issue.publishedBy ? [issue.publishedBy] : [])]));
    const nameOf = (pid: string | null) => names.find((n) => n.id === pid)?.name ?? null;
    return {
      id: issue.id,
      series: { id: issue.series.id, type: issue.series.type, typeName: BRIEFING_TYPE_ZH[issue.series.type], mastheadName: issue.series.mastheadName, issuerName: issue.series.issuerName, documentPrefix: issue.series.documentPrefix, restrictedMark: issue.series.restrictedMark },
      status: issue.status,
      supplement: issue.supplement,
      kind: issue.kind,
      restricted: issue.restricted,
      editorNote: issue.editorNote,
      copies: issue.copies,
      year: issue.year,
      number: issue.number,
      label: issueLabel(issue, ctx.locale),
      issueDate: issue.issueDate,
      documentNumber: issue.documentNumber,
      publishedAt: issue.publishedAt,
      publishedByName: nameOf(issue.publishedBy),
      createdByName: nameOf(issue.createdBy),
      rev: issue.rev,
      canEdit: issue.canEdit,
      items: items.map(({ it, serial, unitName }) => {
        const submitted = versions.find((v) => v.submissionId === it.submissionId && v.version === it.version);
        return {
          submissionId: it.submissionId,
          serial,
          unitName,
          position: it.position,
          version: it.version,
          title: it.title,
          body: it.body,
          source: it.source,
          editedAt: it.editedAt,
          submitted: submitted ? { title: submitted.title, body: submitted.body } : null,
          files: files.filter((f) => f.submissionId === it.submissionId).map(({ submissionId: _s, ...f }) => f),
        };
      }),
      distribution: {
        report: recipients.filter((r) => r.part === 'report').map(recipientOut),
        send: recipients.filter((r) => r.part === 'send').map(recipientOut),
        issue: recipients.filter((r) => r.part === 'issue').map(recipientOut),
      },
    };
  });
}

const recipientOut = (r: typeof briefingRecipients.$inferSelect) => ({ id: r.id, unitId: r.unitId, personId: r.personId, name: r.name });

/** The material files of the versions the items were taken from. */
async function itemFiles(tx: Tx, issueId: string) {
  const rows = await tx
    .select({ submissionId: briefingItems.submissionId, attachmentIds: submissionVersions.attachmentIds })
    .from(briefingItems)
    .innerJoin(submissionVersions, and(eq(submissionVersions.submissionId, briefingItems.submissionId), eq(submissionVersions.version, briefingItems.version)))
    .where(eq(briefingItems.issueId, issueId));
  const ids = rows.flatMap((r) => r.attachmentIds);
  if (!ids.length) return [];
  const files = await tx
    .select({ id: attachments.id, submissionId: attachments.submissionId, filename: attachments.filename, mime: attachments.mime, size: attachments.size, sha256: attachments.sha256 })
    .from(attachments)
    .where(and(inArray(attachments.id, ids), eq(attachments.purpose, 'material')));
  return files
    .filter((f) => rows.some((r) => r.submissionId === f.submissionId && r.attachmentIds.includes(f.id)))
    .map(({ sha256: _sha, ...f }) => f);
}

/** A file of an item of the issue, for whoever may open the issue (a read receipt is written). */
export async function openIssueAttachment(ctx: Ctx, id: string, attachmentId: string) {
  requireAccess(ctx, 'briefing.read');
  const file = await ctx.db.transaction(async (tx) => {
    const issue = await loadIssue(ctx, tx, id);
    const files = await itemFiles(tx, id);
    if (!files.some((f) => f.id === attachmentId)) throw appError('common/not_found');
    const [file] = await tx.select().from(attachments).where(eq(attachments.id, attachmentId));
    await recordRead(tx, ctx, issue, 'attachment');
    return file!;
  });
  const blob = await fileStoreFor(ctx.config).open(file.sha256);
  if (!blob) throw appError('common/not_found');
  return { stream: blob.stream, mime: file.mime, filename: file.filename, size: blob.size };
}

/** Who opened a published issue and when, and which recipients have not yet: for its editors. */
export async function findReceipts(ctx: Ctx, id: string) {
  requireAccess(ctx, 'briefing.edit');
  const issue = await loadIssue(ctx, ctx.db, id, { edit: true });
  const reads = await ctx.db
    .select({ personId: briefingReads.personId, name: people.name, unitName: units.name, unitId: people.unitId, firstAt: briefingReads.firstAt, lastAt: briefingReads.lastAt, count: briefingReads.count })
    .from(briefingReads)
    .innerJoin(people, eq(people.id, briefingReads.personId))
    .innerJoin(units, eq(units.id, people.unitId))
    .where(eq(briefingReads.issueId, id))
    .orderBy(asc(briefingReads.firstAt));
  const listed = await ctx.db.select({ unitId: briefingRecipients.unitId, personId: briefingRecipients.personId }).from(briefingRecipients).where(eq(briefingRecipients.issueId, id));
  const unitIds = listed.flatMap((r) => (r.unitId ? [r.unitId] : []));
  const personIds = listed.flatMap((r) => (r.personId ? [r.personId] : []));
  const recipientPeople =
    unitIds.length || personIds.length
      ? await ctx.db
          .select({ personId: people.id, name: people.name, unitName: units.name })
          .from(people)
          .innerJoin(units, eq(units.id, people.unitId))
          .where(and(eq(people.active, true), or(unitIds.length ? inArray(people.unitId, unitIds) : undefined, personIds.length ? inArray(people.id, personIds) : undefined)))
          .orderBy(asc(units.name), asc(people.name))
      : [];
  const isRecipient = (r: { personId: string; unitId: string }) => personIds.includes(r.personId) || unitIds.includes(r.unitId);
  const readIds = new Set(reads.map((r) => r.personId));
  return {
    status: issue.status,
    restricted: issue.restricted,
    reads: reads.map(({ unitId, ...r }) => ({ ...r, recipient: isRecipient({ personId: r.personId, unitId }) })),
    unread: recipientPeople.filter((p) => !readIds.has(p.personId)),
  };
}

/** Units and people of the issue's organisation that a distribution can name (for the pickers). */
export async function findRecipientOptions(ctx: Ctx, f: { seriesId: string; q?: string | undefined }) {
  requireAccess(ctx, 'briefing.edit');
  const series = await loadSeries(ctx.db, f.seriesId);
  if (!isIssueEditor({ personId: ctx.auth.personId, unitId: ctx.auth.unitId, grants: ctx.auth.grants }, { seriesUnitPath: series.unitPath })) throw hiddenRefusal({ permission: 'briefing.edit' });
  const orgLike = `/${esc(series.orgId)}/%`;
  const q = f.q ? `%${esc(f.q)}%` : null;
  const unitRows = await ctx.db
    .select({ id: units.id, name: units.name, depth: units.depth })
    .from(units)
    .where(and(sql`${units.path} like ${orgLike}`, eq(units.active, true), q ? ilike(units.name, q) : undefined))
    .orderBy(asc(units.depth), asc(units.sortOrder), asc(units.name))
    .limit(200);
  const personRows = await ctx.db
    .select({ id: people.id, name: people.name, unitName: units.name })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(and(sql`${units.path} like ${orgLike}`, eq(people.active, true), q ? or(ilike(people.name, q), ilike(units.name, q)) : undefined))
    .orderBy(asc(units.name), asc(people.name))
    .limit(200);
  return { units: unitRows, people: personRows };
}

/**
 * What the .docx renderer needs for an issue, with the same access check as the page (404 for whoever
 * may not open it): a published issue as frozen at publication, a draft (its editors only) as it
 * would print today with no number yet (0). Opening a published issue this way writes a read receipt.
 */
export async function loadBriefingDocument(ctx: Ctx, id: string): Promise<BriefingDocument> {
  requireAccess(ctx, 'briefing.read');
  return ctx.db.transaction(async (tx) => {
    const issue = await loadIssue(ctx, tx, id);
    await recordRead(tx, ctx, issue, 'export');
    if (issue.status === 'published' && issue.snapshot) return issue.snapshot;
    const items = await tx.select().from(briefingItems).where(eq(briefingItems.issueId, id)).orderBy(asc(briefingItems.position));
    const recipients = await tx.select().from(briefingRecipients).where(eq(briefingRecipients.issueId, id)).orderBy(asc(briefingRecipients.position));
    const date = localDate(ctx.now, ctx.config.timeZone);
    return documentOf({ ...issue, year: Number(date.slice(0, 4)), number: 0, issueDate: date, documentNumber: null }, items, recipients);
  });
}

/** A unit named by a series or a distribution has history (org/units.ts never deletes it). */
export async function unitHasBriefings(tx: Tx, unitId: string): Promise<boolean> {
  const a = await tx.select({ id: briefingSeries.id }).from(briefingSeries).where(or(eq(briefingSeries.unitId, unitId), eq(briefingSeries.orgId, unitId))).limit(1);
  if (a.length) return true;
  const b = await tx.select({ id: briefingRecipients.id }).from(briefingRecipients).where(eq(briefingRecipients.unitId, unitId)).limit(1);
  return b.length > 0;
}


/** Where briefings' audit rows belong (audit/scope.ts): series and issues, by the unit of their series. */
export function briefingsAuditScope(paths: readonly string[]): SQL {
  const series = sql`select bs.id::text from ${briefingSeries} bs join ${units} bu on bu.id = bs.unit_id where ${pathsLike(sql`bu.path`, paths)}`;
  const issues = sql`select bi.id::text from ${briefingIssues} bi join ${briefingSeries} bs2 on bs2.id = bi.series_id join ${units} bu2 on bu2.id = bs2.unit_id where ${pathsLike(sql`bu2.path`, paths)}`;
  return sql`((${auditLog.targetType} = 'briefing_series' and ${auditLog.targetId} in (${series})) or (${auditLog.targetType} = 'briefing' and ${auditLog.targetId} in (${issues})))`;
}
