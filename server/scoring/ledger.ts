/**
 * Ledger entries (考核台账事项): the events the rubrics count that no screen records, entered by editors
 * and leaders (`review.decide` on the unit, as records of use) with evidence — a link and/or files
 * uploaded first through the normal upload path (submissions/files.ts storeUpload), then claimed by the
 * entry. Corrections and withdrawals need a reason; the values before are kept; all is audited.
 * `external_code` (unique per organisation) makes an import idempotent: the same code with the same
 * content answers the existing entry; with other content it is refused.
 */
import type { Readable } from 'node:stream';
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql, type AnyColumn } from 'drizzle-orm';
import { scopesFor } from '../access/roles';
import { dayRange, orderByAllowed, type SortOrder } from '../http/list';
import { pageWithTotal } from '../submissions/count';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { appError, hiddenRefusal } from '../errors';
import { fileStoreFor } from '../files/files';
import type { BlobOwner } from '../files/owners';
import { claimEvidence as claimFiles, EVIDENCE_LIMITS, evidenceBlobOwner, evidenceColumns, evidenceView, openEvidenceBlob, removeEvidence, type EvidenceTable } from '../files/evidence';
import { can, requireAccess, requireAccessOrHide, SYSTEM_ID, type Ctx } from '../http/context';
import { people, units } from '../org/tables';
import { getUnitById, subtreeOf } from '../org/units';
import { todayIn } from '../records/kinds';
import { storeUpload } from '../submissions/files';
import { orgOfPath, orgsWith } from './access';
import { countingDate, type LedgerKind } from './ledger-kinds';
import type { LedgerSortField } from './schema';
import { scoringLedgerEntries, scoringLedgerEvidence, scoringLedgerRevisions } from './tables';

type EntryRow = typeof scoringLedgerEntries.$inferSelect;
const actorId = (ctx: Ctx) => (ctx.auth && ctx.auth.personId !== SYSTEM_ID ? ctx.auth.personId : null);
const isSystem = (ctx: Ctx) => !!ctx.auth?.system;

/** What an entry says, by kind (the API's body; schema.ts ZLedgerInput). */
export type LedgerFields =
  | { kind: 'task_missed'; month: string; task?: 'repost_vote' | undefined }
  | { kind: 'nomination_missed'; month: string }
  | { kind: 'violation'; violation: 'unapproved_account' | 'criticism'; negativeCoverage: boolean }
  | { kind: 'emergency_task'; title: string }
  | { kind: 'award_person'; personId: string; title: string; level: 'national' | 'regional' | 'city' }
  | { kind: 'award_work'; title: string; level: 'national' | 'regional' | 'city'; field: 'news' | 'culture'; authorIds?: string[] | undefined };

export type LedgerInput = LedgerFields & {
  unitId: string;
  occurredOn: string;
  note?: string | null | undefined;
  evidenceUrl?: string | null | undefined;
  evidenceIds?: string[] | undefined;
  externalCode?: string | null | undefined;
};

/** The stored columns of the fields: the attributes rules test (docs/rubric-schema.md). */
function columnsOf(f: LedgerFields): { month: string | null; personId: string | null; attrs: Record<string, string | number | boolean> } {
  switch (f.kind) {
    case 'task_missed':
      return { month: f.month, personId: null, attrs: { task: f.task ?? 'repost_vote' } };
    case 'nomination_missed':
      return { month: f.month, personId: null, attrs: {} };
    case 'violation':
      return { month: null, personId: null, attrs: { violation: f.violation, negative_coverage: f.negativeCoverage } };
    case 'emergency_task':
      return { month: null, personId: null, attrs: { title: f.title } };
    case 'award_person':
      return { month: null, personId: f.personId, attrs: { title: f.title, level: f.level } };
    case 'award_work':
      return { month: null, personId: null, attrs: { title: f.title, level: f.level, field: f.field, ...(f.authorIds?.length ? { authors: [...f.authorIds].sort().join(',') } : {}) } };
  }
}

/** People named by an entry must belong to its unit (an award to a person, the authors of a work). */
async function checkPeople(tx: Tx, unitId: string, ids: readonly string[]) {
  if (!ids.length) return;
  const found = await tx.select({ id: people.id }).from(people).where(and(inArray(people.id, [...new Set(ids)]), eq(people.unitId, unitId)));
  if (found.length !== new Set(ids).size) throw appError('scoring/unknown_person');
}

function checkDates(ctx: Ctx, input: { occurredOn: string; month: string | null }) {
  const today = todayIn(ctx.now, ctx.config.timeZone);
  if (input.occurredOn > today || (input.month && `${input.month}-01` > today)) throw appError('scoring/future_date');
}

/** Ledger entries' evidence files (files/evidence.ts): uploaded in an organisation, claimed by an entry of it. */
const EVIDENCE: EvidenceTable<typeof scoringLedgerEvidence> = {
  table: scoringLedgerEvidence,
  id: scoringLedgerEvidence.id,
  owner: scoringLedgerEvidence.entryId,
  ownerKey: 'entryId',
  scope: scoringLedgerEvidence.orgId,
  sha256: scoringLedgerEvidence.sha256,
  thumbSha256: scoringLedgerEvidence.thumbSha256,
  createdBy: scoringLedgerEvidence.createdBy,
  removedAt: scoringLedgerEvidence.removedAt,
};

async function claimEvidence(ctx: Ctx, tx: Tx, orgId: string, entryId: string, ids: readonly string[]) {
  if (!(await claimFiles(tx, EVIDENCE, { ids, ownerId: entryId, scopeId: orgId, by: ctx.auth!.personId }))) throw appError('scoring/bad_evidence');
}

const sameContent = (r: EntryRow, c: ReturnType<typeof columnsOf>, input: LedgerInput) =>
  r.unitId === input.unitId && r.kind === input.kind && r.occurredOn === input.occurredOn && r.month === c.month && r.personId === c.personId && JSON.stringify(sortKeys(r.attrs)) === JSON.stringify(sortKeys(c.attrs));
const sortKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** Enters a ledger entry on a unit (editors and leaders of the unit), with evidence; `created: false` for a repeated import. */
export async function createLedgerEntry(ctx: Ctx, input: LedgerInput): Promise<{ id: string; created: boolean }> {
  requireAccess(ctx, 'review.decide');
  const unit = await getUnitById(ctx.db, input.unitId).catch(() => {
    throw hiddenRefusal({ permission: 'review.decide' });
  });
  requireAccessOrHide(ctx, 'review.decide', unit.path, 'unit.read');
  const c = columnsOf(input);
  const evidenceIds = input.evidenceIds ?? [];
  // An operator's import may carry entries whose evidence is kept outside the system.
  if (!input.evidenceUrl && !evidenceIds.length && !isSystem(ctx)) throw appError('scoring/evidence_required');
  checkDates(ctx, { occurredOn: input.occurredOn, month: c.month });
  const orgId = orgOfPath(unit.path);
  try {
    return await ctx.db.transaction(async (tx) => {
      if (input.externalCode) {
        const [prev] = await tx.select().from(scoringLedgerEntries).where(and(eq(scoringLedgerEntries.orgId, orgId), eq(scoringLedgerEntries.externalCode, input.externalCode)));
        if (prev) {
          if (sameContent(prev, c, input)) return { id: prev.id, created: false };
          throw appError('scoring/external_code_taken', { code: input.externalCode });
        }
      }
      await checkPeople(tx, unit.id, [...(c.personId ? [c.personId] : []), ...(input.kind === 'award_work' ? (input.authorIds ?? []) : [])]);
      const [row] = await tx
        .insert(scoringLedgerEntries)
        .values({
          orgId,
          unitId: unit.id,
          kind: input.kind,
          occurredOn: input.occurredOn,
          ...c,
          note: input.note ?? null,
          evidenceUrl: input.evidenceUrl ?? null,
          externalCode: input.externalCode ?? null,
          createdBy: actorId(ctx),
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      await claimEvidence(ctx, tx, orgId, row!.id, evidenceIds);
      await auditAction(tx, ctx, 'scoring.ledger_create', { type: 'scoring_ledger', id: row!.id }, { unitId: unit.id, kind: input.kind, occurredOn: input.occurredOn, month: c.month, attrs: c.attrs, personId: c.personId, externalCode: input.externalCode ?? null, evidenceFiles: evidenceIds.length });
      return { id: row!.id, created: true };
    });
  } catch (e) {
    if (input.externalCode && isUniqueViolation(e)) throw appError('scoring/external_code_taken', { code: input.externalCode });
    throw e;
  }
}

/** An entry to change: the caller records on its unit (else 404 / 403, as records of use), and it is active. */
async function entryToChange(ctx: Ctx, tx: Tx, id: string) {
  requireAccess(ctx, 'review.decide');
  const [r] = await tx.select({ e: scoringLedgerEntries, unitPath: units.path }).from(scoringLedgerEntries).innerJoin(units, eq(units.id, scoringLedgerEntries.unitId)).where(eq(scoringLedgerEntries.id, id)).for('update', { of: scoringLedgerEntries });
  if (!r) throw appError('common/not_found');
  requireAccessOrHide(ctx, 'review.decide', r.unitPath, 'submission.read');
  if (r.e.status !== 'active') throw appError('scoring/ledger_withdrawn');
  return r.e;
}

const snapshot = (r: EntryRow) => ({ occurredOn: r.occurredOn, month: r.month, personId: r.personId, attrs: r.attrs, note: r.note, evidenceUrl: r.evidenceUrl, status: r.status });

/** Withdraws an entry with a reason: it stops counting, stays listed (struck through) with the reason. */
export async function withdrawLedgerEntry(ctx: Ctx, id: string, input: { reason: string; rev?: number | undefined }) {
  return ctx.db.transaction(async (tx) => {
    const r = await entryToChange(ctx, tx, id);
    if (input.rev !== undefined && input.rev !== r.rev) throw appError('common/conflict');
    await tx.update(scoringLedgerEntries).set({ status: 'withdrawn', withdrawReason: input.reason, withdrawnBy: actorId(ctx), withdrawnAt: ctx.now, updatedAt: ctx.now, rev: r.rev + 1 }).where(eq(scoringLedgerEntries.id, id));
    await tx.insert(scoringLedgerRevisions).values({ entryId: id, action: 'withdraw', reason: input.reason, previous: snapshot(r), byId: actorId(ctx), at: ctx.now });
    await auditAction(tx, ctx, 'scoring.ledger_withdraw', { type: 'scoring_ledger', id }, { kind: r.kind, unitId: r.unitId, reason: input.reason });
    return { id };
  });
}

/** Corrects an entry (same unit and kind) with a reason; the values before are kept. */
export async function correctLedgerEntry(
  ctx: Ctx,
  id: string,
  input: { reason: string; rev: number; entry: LedgerFields & { occurredOn: string; note?: string | null | undefined; evidenceUrl?: string | null | undefined; evidenceIds?: string[] | undefined }; removeEvidenceIds?: string[] | undefined },
) {
  return ctx.db.transaction(async (tx) => {
    const r = await entryToChange(ctx, tx, id);
    if (r.rev !== input.rev) throw appError('common/conflict');
    if (input.entry.kind !== r.kind) {
      throw appError('common/validation', {}, [{ path: 'entry.kind', message: ctx.locale === 'en' ? 'The kind of an entry cannot change; withdraw it and enter a new one' : '台账事项类型不能更正；请撤销后重新登记' }]);
    }
    const c = columnsOf(input.entry);
    checkDates(ctx, { occurredOn: input.entry.occurredOn, month: c.month });
    await checkPeople(tx, r.unitId, [...(c.personId ? [c.personId] : []), ...(input.entry.kind === 'award_work' ? (input.entry.authorIds ?? []) : [])]);
    await removeEvidence(tx, EVIDENCE, { ids: input.removeEvidenceIds ?? [], ownerId: id, now: ctx.now });
    await claimEvidence(ctx, tx, r.orgId, id, input.entry.evidenceIds ?? []);
    const files = await tx.select({ id: scoringLedgerEvidence.id }).from(scoringLedgerEvidence).where(and(eq(scoringLedgerEvidence.entryId, id), isNull(scoringLedgerEvidence.removedAt)));
    const evidenceUrl = input.entry.evidenceUrl ?? null;
    if (!evidenceUrl && !files.length && !isSystem(ctx)) throw appError('scoring/evidence_required');
    await tx
      .update(scoringLedgerEntries)
      .set({ occurredOn: input.entry.occurredOn, ...c, note: input.entry.note ?? null, evidenceUrl, updatedAt: ctx.now, rev: r.rev + 1 })
      .where(eq(scoringLedgerEntries.id, id));
    await tx.insert(scoringLedgerRevisions).values({ entryId: id, action: 'correct', reason: input.reason, previous: snapshot(r), byId: actorId(ctx), at: ctx.now });
    await auditAction(tx, ctx, 'scoring.ledger_correct', { type: 'scoring_ledger', id }, { reason: input.reason, previous: snapshot(r), removedFiles: input.removeEvidenceIds?.length ?? 0, addedFiles: input.entry.evidenceIds?.length ?? 0 });
    return { id };
  });
}

/** The columns the ledger list sorts by (GET /api/scoring/ledger?sort=…; the names in schema.ts), the id after each. */
const LEDGER_SORTS: Record<LedgerSortField, AnyColumn> = {
  occurredOn: scoringLedgerEntries.occurredOn,
  unit: units.name,
  kind: scoringLedgerEntries.kind,
  status: scoringLedgerEntries.status,
  createdAt: scoringLedgerEntries.createdAt,
};

export type LedgerListQuery = {
  unitId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  kind?: LedgerKind | undefined;
  status?: 'active' | 'withdrawn' | undefined;
  sort?: LedgerSortField | undefined;
  order?: SortOrder | undefined;
  page: number;
  pageSize: number;
};

/**
 * The ledger entries the caller may read: of the organisations where they read scores, on the units
 * whose items they see (`submission.read`) or whose rubrics they keep (`scoring.edit`); newest first,
 * or by an allow-listed column with the id breaking ties; a unit filter takes the units below it.
 */
export async function listLedgerEntries(ctx: Ctx, q: LedgerListQuery) {
  requireAccess(ctx, 'scoring.read');
  const orgs = orgsWith(ctx.auth.grants, 'scoring.read');
  const seen = [...scopesFor(ctx.auth.grants, 'submission.read'), ...scopesFor(ctx.auth.grants, 'scoring.edit')];
  if ((orgs !== 'all' && !orgs.length) || !seen.length) return { items: [], total: 0 };
  let unitPath: string | undefined;
  if (q.unitId) {
    const unit = await getUnitById(ctx.db, q.unitId);
    // A unit whose entries the caller cannot read is answered like one that does not exist.
    if (!can(ctx, 'submission.read', unit.path) && !can(ctx, 'scoring.edit', unit.path)) throw appError('common/not_found');
    unitPath = unit.path;
  }
  if (q.from && q.to && q.from > q.to) dayRange(q, ctx.config.timeZone); // the one clear error for a backwards range
  const where = and(
    orgs === 'all' ? undefined : inArray(scoringLedgerEntries.orgId, orgs),
    or(...seen.map(subtreeOf)),
    unitPath ? subtreeOf(unitPath) : undefined,
    // A monthly entry (a task missed in March) counts for its month even when recorded in April.
    q.from ? or(gte(scoringLedgerEntries.occurredOn, q.from), gte(scoringLedgerEntries.month, q.from.slice(0, 7))) : undefined,
    q.to ? lte(scoringLedgerEntries.occurredOn, q.to) : undefined,
    q.kind ? eq(scoringLedgerEntries.kind, q.kind) : undefined,
    q.status ? eq(scoringLedgerEntries.status, q.status) : undefined,
  );
  const order = orderByAllowed(LEDGER_SORTS, q, [desc(scoringLedgerEntries.occurredOn), desc(scoringLedgerEntries.createdAt), desc(scoringLedgerEntries.id)], scoringLedgerEntries.id);
  const { rows: visible, ...counted } = await pageWithTotal(
    ctx.db,
    (limit, offset) =>
      ctx.db
        .select({ e: scoringLedgerEntries, unitName: units.name, unitPath: units.path, personName: people.name })
        .from(scoringLedgerEntries)
        .innerJoin(units, eq(units.id, scoringLedgerEntries.unitId))
        .leftJoin(people, eq(people.id, scoringLedgerEntries.personId))
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    () => ctx.db.select({ one: sql`1` }).from(scoringLedgerEntries).innerJoin(units, eq(units.id, scoringLedgerEntries.unitId)).where(where).$dynamic(),
    q,
  );
  const ids = visible.map((r) => r.e.id);
  const files = ids.length
    ? await ctx.db
        .select({ id: scoringLedgerEvidence.id, entryId: scoringLedgerEvidence.entryId, filename: scoringLedgerEvidence.filename, mime: scoringLedgerEvidence.mime, size: scoringLedgerEvidence.size, fileKind: scoringLedgerEvidence.fileKind })
        .from(scoringLedgerEvidence)
        .where(and(inArray(scoringLedgerEvidence.entryId, ids), isNull(scoringLedgerEvidence.removedAt)))
        .orderBy(asc(scoringLedgerEvidence.createdAt))
    : [];
  const revs = ids.length ? await ctx.db.select().from(scoringLedgerRevisions).where(inArray(scoringLedgerRevisions.entryId, ids)).orderBy(asc(scoringLedgerRevisions.at)) : [];
  return {
    items: visible.map(({ e, unitName, unitPath, personName }) => ({
      id: e.id,
      orgId: e.orgId,
      unitId: e.unitId,
      unitName,
      personId: e.personId,
      personName,
      kind: e.kind,
      occurredOn: e.occurredOn,
      month: e.month,
      countsOn: countingDate(e),
      attrs: e.attrs,
      note: e.note,
      evidenceUrl: e.evidenceUrl,
      externalCode: e.externalCode,
      status: e.status,
      withdrawReason: e.withdrawReason,
      withdrawnAt: e.withdrawnAt,
      createdAt: e.createdAt,
      rev: e.rev,
      canChange: e.status === 'active' && can(ctx, 'review.decide', unitPath),
      evidence: files.filter((f) => f.entryId === e.id).map(({ entryId: _e, ...f }) => f),
      revisions: revs.filter((v) => v.entryId === e.id).map((v) => ({ action: v.action, reason: v.reason, previous: v.previous, at: v.at })),
    })),
    ...counted,
  };
}

/** Uploads an evidence file for a ledger entry about to be entered or corrected (claimed by it then). */
export async function uploadLedgerEvidence(ctx: Ctx, file: { stream: Readable; filename: string }) {
  requireAccess(ctx, 'review.decide');
  const columns = evidenceColumns(await storeUpload({ store: fileStoreFor(ctx.config), stream: file.stream, filename: file.filename, limits: EVIDENCE_LIMITS }));
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(scoringLedgerEvidence).values({ orgId: orgOfPath(ctx.auth.unitPath), ...columns, createdBy: ctx.auth.personId, createdAt: ctx.now }).returning();
    await auditAction(tx, ctx, 'scoring.ledger_evidence_upload', { type: 'scoring_ledger', id: row!.id }, { evidenceId: row!.id, mime: row!.mime, size: row!.size });
    return evidenceView(row!);
  });
}

/** Opens an evidence file for someone who reads the entry (an unclaimed upload: only its uploader). */
export async function openLedgerEvidence(ctx: Ctx, id: string) {
  requireAccess(ctx, 'scoring.read');
  const [f] = await ctx.db.select({ f: scoringLedgerEvidence, unitPath: units.path }).from(scoringLedgerEvidence).leftJoin(scoringLedgerEntries, eq(scoringLedgerEntries.id, scoringLedgerEvidence.entryId)).leftJoin(units, eq(units.id, scoringLedgerEntries.unitId)).where(eq(scoringLedgerEvidence.id, id));
  if (!f) throw appError('common/not_found');
  if (!f.f.entryId || !f.unitPath) {
    if (f.f.createdBy !== ctx.auth.personId) throw hiddenRefusal({ permission: 'scoring.read' });
  } else if (!can(ctx, 'submission.read', f.unitPath) && !can(ctx, 'scoring.edit', f.unitPath)) throw hiddenRefusal({ permission: 'scoring.read' });
  return openEvidenceBlob(ctx.config, f.f);
}

/** The blobs ledger evidence rows refer to, for the file store's orphan sweep and for backups. */
export const ledgerEvidenceBlobs: BlobOwner = evidenceBlobOwner('scoring-ledger-evidence', EVIDENCE);

