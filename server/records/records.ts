import type { Readable } from 'node:stream';
import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { appError, hiddenRefusal } from '../errors';
import { can, requireAccess, SYSTEM_ID, type Ctx } from '../http/context';
import { people, units } from '../org/tables';
import { loadVisibleSubmission } from '../submissions/access';
import { storeUpload } from '../submissions/files';
import { submissions } from '../submissions/tables';
import { fileStoreFor } from '../files/files';
import type { BlobOwner } from '../files/owners';
import { claimEvidence as claimFiles, EVIDENCE_LIMITS, evidenceBlobOwner, evidenceColumns, evidenceView, openEvidenceBlob, removeEvidence, type EvidenceTable } from '../files/evidence';
import { dedupeKeyOf, todayIn, type BriefingMode, type RecordKind, type RecordSource } from './kinds';
import { idsOnPath, levelsAt, outletsAt } from './registry';
import type { RecordInput } from './schema';
import { outletChannels, outlets, recordEvidence, recordRevisions, recordsOfUse } from './tables';

/**
 * Records of use of an accepted item (submissions.status = 'adopted'): add, correct, withdraw, list,
 * and the functions other domains call (briefings: `writeBriefingUseRecords`; forwarding:
 * `writeUpperAdoptionRecord`).
 *
 * Who records: a person holding `review.decide` on the item's unit subtree (editors and leaders, the
 * people who accepted it); everyone who sees the item (`submission.read`) sees its records and their
 * evidence files. "The same use of the same work" is one active record: a unique index on
 * (work_key, dedupe_key) among active rows, so two parallel requests cannot both pass.
 */

type RecordRow = typeof recordsOfUse.$inferSelect;
type NewRecord = typeof recordsOfUse.$inferInsert;
const actorId = (ctx: Ctx) => (ctx.auth && ctx.auth.personId !== SYSTEM_ID ? ctx.auth.personId : null);

/** The fields of a record a correction may change (kept in `record_revisions.previous`). */
const CHANGEABLE = ['usedOn', 'level', 'outletId', 'channelId', 'columnName', 'url', 'platform', 'scope', 'awardName', 'personId', 'personName', 'evidenceUrl', 'note', 'dedupeKey'] as const;
const snapshot = (r: RecordRow) => Object.fromEntries(CHANGEABLE.map((k) => [k, r[k]]));

/** The item, for someone who records on it: visible (else 404), accepted, and theirs to record on. */
async function itemToRecordOn(ctx: Ctx, tx: Tx, submissionId: string) {
  const s = await loadVisibleSubmission(ctx, tx, submissionId);
  if (!can(ctx, 'review.decide', s.unitPath)) throw appError('auth/forbidden', { permission: 'review.decide' });
  if (s.status !== 'adopted') throw appError('records/not_accepted');
  return s;
}

/** Checks a hand-written use against the registry and returns the record's columns for it. */
async function resolveUse(ctx: Ctx, tx: Tx, unitPath: string, input: RecordInput): Promise<Partial<NewRecord> & { kind: RecordKind }> {
  if (input.usedOn > todayIn(ctx.now, ctx.config.timeZone)) throw appError('records/future_date');
  const base = { kind: input.kind as RecordKind, usedOn: input.usedOn, evidenceUrl: input.evidenceUrl, note: input.note };
  const none = { level: null, outletId: null, channelId: null, columnName: null, url: null, platform: null, scope: null, awardName: null, personId: null, personName: null };
  switch (input.kind) {
    case 'upper_adoption':
    case 'recommendation': {
      const level = (await levelsAt(tx, unitPath)).find((l) => l.code === input.level && l.active);
      if (!level) throw appError('records/unknown_level');
      return { ...base, ...none, level: level.code };
    }
    case 'media': {
      const outlet = (await outletsAt(tx, unitPath)).find((o) => o.id === input.outletId);
      if (!outlet) throw appError('records/unknown_outlet');
      if (input.channelId && !outlet.channels.some((c) => c.id === input.channelId)) throw appError('records/unknown_channel');
      return { ...base, ...none, outletId: outlet.id, channelId: input.channelId, columnName: input.columnName, url: input.url };
    }
    case 'broadcast':
      return { ...base, ...none, platform: input.platform, scope: input.scope };
    case 'award_work':
      return { ...base, ...none, level: input.level, awardName: input.awardName };
    case 'award_person': {
      const root = `/${idsOnPath(unitPath)[0]}/`;
      const [p] = await tx
        .select({ id: people.id, name: people.name })
        .from(people)
        .innerJoin(units, eq(units.id, people.unitId))
        .where(and(eq(people.id, input.personId), sql`${units.path} like ${root + '%'}`));
      if (!p) throw appError('records/unknown_person');
      return { ...base, ...none, level: input.level, awardName: input.awardName, personId: p.id, personName: p.name };
    }
  }
}

/** The active record holding this use of this work (the one a duplicate collides with). */
async function existingUse(tx: Tx, workKey: string, dedupeKey: string) {
  const [r] = await tx
    .select({ id: recordsOfUse.id, submissionId: recordsOfUse.submissionId })
    .from(recordsOfUse)
    .where(and(eq(recordsOfUse.workKey, workKey), eq(recordsOfUse.dedupeKey, dedupeKey), eq(recordsOfUse.status, 'active')));
  return r ?? null;
}

const duplicate = (existing: { id: string; submissionId: string | null }) =>
  appError('records/duplicate', {}, [], { existingId: existing.id, submissionId: existing.submissionId });

/**
 * Inserts a record unless the same use of the same work is already recorded (the unique index
 * decides, also against a parallel insert: ON CONFLICT waits for the other transaction). Returns the
 * new row, or null and the existing record's id.
 */
export async function insertRecordOnce(tx: Tx, values: NewRecord): Promise<{ row: RecordRow | null; existing: { id: string; submissionId: string | null } | null }> {
  const [row] = await tx.insert(recordsOfUse).values(values).onConflictDoNothing().returning();
  if (row) return { row, existing: null };
  const existing = await existingUse(tx, values.workKey, values.dedupeKey);
  // Not a conflict on the use (ids are random): a real failure, not a duplicate to report.
  if (!existing) throw new Error('record insert skipped without an existing record');
  return { row: null, existing };
}

/** Records' evidence files (files/evidence.ts): uploaded for an item, claimed by a record of it. */
const EVIDENCE: EvidenceTable<typeof recordEvidence> = {
  table: recordEvidence,
  id: recordEvidence.id,
  owner: recordEvidence.recordId,
  ownerKey: 'recordId',
  scope: recordEvidence.submissionId,
  sha256: recordEvidence.sha256,
  thumbSha256: recordEvidence.thumbSha256,
  createdBy: recordEvidence.createdBy,
  removedAt: recordEvidence.removedAt,
};

/** Evidence files the caller uploaded for this item and no record claims yet. */
async function claimEvidence(ctx: Ctx, tx: Tx, submissionId: string, recordId: string, ids: readonly string[]) {
  if (!(await claimFiles(tx, EVIDENCE, { ids, ownerId: recordId, scopeId: submissionId, by: ctx.auth!.personId }))) throw appError('records/bad_evidence');
}

/** Adds a record of use by hand (an editor of the item's unit, with evidence). */
export async function addRecord(ctx: Ctx, submissionId: string, input: RecordInput) {
  requireAccess(ctx, 'review.decide');
  if (!input.evidenceUrl && !input.evidenceIds.length && !(input.kind === 'media' && input.url)) throw appError('records/evidence_required');
  return ctx.db.transaction(async (tx) => {
    const s = await itemToRecordOn(ctx, tx, submissionId);
    const use = await resolveUse(ctx, tx, s.unitPath, input);
    const dedupeKey = dedupeKeyOf({ ...use, usedOn: input.usedOn });
    const { row, existing } = await insertRecordOnce(tx, {
      ...use,
      usedOn: input.usedOn,
      submissionId,
      unitId: s.unitId,
      workKey: submissionId,
      dedupeKey,
      source: 'manual',
      recordedBy: actorId(ctx),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    if (!row) throw duplicate(existing!);
    await claimEvidence(ctx, tx, submissionId, row.id, input.evidenceIds);
    await auditAction(tx, ctx, 'record.add', { type: 'submission', id: submissionId }, { recordId: row.id, kind: row.kind, usedOn: row.usedOn, dedupeKey, evidenceFiles: input.evidenceIds.length });
    return { id: row.id };
  });
}

/** Loads a record for a change: visible through its item (or, for a ledger row without one, its unit); the caller decides there. */
async function recordToChange(ctx: Ctx, tx: Tx, recordId: string) {
  requireAccess(ctx, 'review.decide');
  const [r] = await tx.select({ r: recordsOfUse, unitPath: units.path }).from(recordsOfUse).innerJoin(units, eq(units.id, recordsOfUse.unitId)).where(eq(recordsOfUse.id, recordId)).for('update', { of: recordsOfUse });
  if (!r) throw appError('common/not_found');
  if (r.r.submissionId) await loadVisibleSubmission(ctx, tx, r.r.submissionId);
  else if (!can(ctx, 'submission.read', r.unitPath)) throw hiddenRefusal();
  if (!can(ctx, 'review.decide', r.unitPath)) throw appError('auth/forbidden', { permission: 'review.decide' });
  if (r.r.status !== 'active') throw appError('records/withdrawn');
  return { ...r.r, unitPath: r.unitPath };
}

/** Corrects a record (same kind): the reason and the values before are kept; the use must stay unique. */
export async function correctRecord(ctx: Ctx, recordId: string, input: { reason: string; rev: number; record: RecordInput; removeEvidenceIds: string[] }) {
  let collided: { workKey: string; dedupeKey: string } | null = null;
  try {
    return await ctx.db.transaction(async (tx) => {
      const r = await recordToChange(ctx, tx, recordId);
      if (r.rev !== input.rev) throw appError('common/conflict');
      // Briefing use comes from the briefing itself: only withdrawn, never edited by hand.
      if (r.kind === 'briefing_use' || input.record.kind !== r.kind) throw appError('common/validation', {}, [{ path: 'record.kind', message: ctx.locale === 'en' ? 'The kind of a record cannot change; withdraw it and add a new one' : '记录类型不能更正；请撤销后重新登记' }]);
      const use = await resolveUse(ctx, tx, r.unitPath, input.record);
      const dedupeKey = dedupeKeyOf({ ...use, usedOn: input.record.usedOn });
      collided = { workKey: r.workKey, dedupeKey };
      if (r.submissionId) await removeEvidence(tx, EVIDENCE, { ids: input.removeEvidenceIds, ownerId: recordId, now: ctx.now });
      if (r.submissionId) await claimEvidence(ctx, tx, r.submissionId, recordId, input.record.evidenceIds);
      else if (input.record.evidenceIds.length) throw appError('records/bad_evidence');
      const [{ files }] = (await tx.select({ files: sql<number>`count(*)::int` }).from(recordEvidence).where(and(eq(recordEvidence.recordId, recordId), isNull(recordEvidence.removedAt)))) as [{ files: number }];
      if (r.source === 'manual' && !use.evidenceUrl && !files && !(use.kind === 'media' && use.url)) throw appError('records/evidence_required');
      await tx
        .update(recordsOfUse)
        .set({ ...use, usedOn: input.record.usedOn, dedupeKey, updatedAt: ctx.now, rev: r.rev + 1 })
        .where(eq(recordsOfUse.id, recordId));
      await tx.insert(recordRevisions).values({ recordId, action: 'correct', reason: input.reason, previous: snapshot(r), byId: actorId(ctx), at: ctx.now });
      await auditAction(tx, ctx, 'record.correct', auditTarget(r), { recordId, reason: input.reason, previous: snapshot(r), removedFiles: input.removeEvidenceIds.length, addedFiles: input.record.evidenceIds.length });
      return { id: recordId };
    });
  } catch (e) {
    const c = collided as { workKey: string; dedupeKey: string } | null;
    if (c && isUniqueViolation(e)) {
      const existing = await existingUse(ctx.db, c.workKey, c.dedupeKey);
      if (existing) throw duplicate(existing);
    }
    throw e;
  }
}

const auditTarget = (r: { submissionId: string | null; unitId: string }) => (r.submissionId ? { type: 'submission', id: r.submissionId } : { type: 'unit', id: r.unitId });

/** Withdraws a record (it stays on the timeline, struck through) with a reason. */
export async function withdrawRecord(ctx: Ctx, recordId: string, input: { reason: string; rev?: number | undefined }) {
  return ctx.db.transaction(async (tx) => {
    const r = await recordToChange(ctx, tx, recordId);
    if (input.rev !== undefined && r.rev !== input.rev) throw appError('common/conflict');
    await tx.update(recordsOfUse).set({ status: 'withdrawn', updatedAt: ctx.now, rev: r.rev + 1 }).where(eq(recordsOfUse.id, recordId));
    await tx.insert(recordRevisions).values({ recordId, action: 'withdraw', reason: input.reason, previous: { status: r.status, ...snapshot(r) }, byId: actorId(ctx), at: ctx.now });
    await auditAction(tx, ctx, 'record.withdraw', auditTarget(r), { recordId, kind: r.kind, reason: input.reason });
    return { id: recordId };
  });
}

// ---- reading -----------------------------------------------------------------------------------

export type RecordView = Awaited<ReturnType<typeof readRecordsOfItems>>[number];

/**
 * The records of these items (or ledger records by id), newest use first, with outlet, level and
 * person names, evidence files, and corrections. No access check: callers check the items first.
 */
export async function readRecordsOfItems(db: Tx, where: { submissionIds?: readonly string[]; recordIds?: readonly string[] }) {
  const cond = where.submissionIds ? inArray(recordsOfUse.submissionId, [...where.submissionIds]) : inArray(recordsOfUse.id, [...(where.recordIds ?? [])]);
  if ((where.submissionIds ?? where.recordIds ?? []).length === 0) return [];
  const rows = await db
    .select({
      r: recordsOfUse,
      unitName: units.name,
      unitPath: units.path,
      outletName: outlets.name,
      outletTier: outlets.tier,
      centralMain: outlets.centralMain,
      channelName: outletChannels.name,
      qualifies: outletChannels.qualifies,
      recordedByName: people.name,
    })
    .from(recordsOfUse)
    .innerJoin(units, eq(units.id, recordsOfUse.unitId))
    .leftJoin(outlets, eq(outlets.id, recordsOfUse.outletId))
    .leftJoin(outletChannels, eq(outletChannels.id, recordsOfUse.channelId))
    .leftJoin(people, eq(people.id, recordsOfUse.recordedBy))
    .where(cond)
    .orderBy(desc(recordsOfUse.usedOn), desc(recordsOfUse.createdAt));
  const ids = rows.map((x) => x.r.id);
  const files = ids.length
    ? await db
        .select({ id: recordEvidence.id, recordId: recordEvidence.recordId, filename: recordEvidence.filename, mime: recordEvidence.mime, size: recordEvidence.size, fileKind: recordEvidence.fileKind, removedAt: recordEvidence.removedAt })
        .from(recordEvidence)
        .where(inArray(recordEvidence.recordId, ids))
        .orderBy(asc(recordEvidence.createdAt))
    : [];
  const revs = ids.length
    ? await db
        .select({ recordId: recordRevisions.recordId, action: recordRevisions.action, reason: recordRevisions.reason, previous: recordRevisions.previous, at: recordRevisions.at, byName: people.name })
        .from(recordRevisions)
        .leftJoin(people, eq(people.id, recordRevisions.byId))
        .where(inArray(recordRevisions.recordId, ids))
        .orderBy(asc(recordRevisions.at))
    : [];
  const levelCache = new Map<string, Awaited<ReturnType<typeof levelsAt>>>();
  const out = [];
  for (const x of rows) {
    let levelName: { zh: string; en: string } | null = null;
    if (x.r.level && (x.r.kind === 'upper_adoption' || x.r.kind === 'recommendation')) {
      if (!levelCache.has(x.unitPath)) levelCache.set(x.unitPath, await levelsAt(db, x.unitPath));
      const l = levelCache.get(x.unitPath)!.find((v) => v.code === x.r.level);
      levelName = l ? { zh: l.nameZh, en: l.nameEn } : { zh: x.r.level, en: x.r.level };
    }
    const { workKey: _w, dedupeKey: _d, ...r } = x.r;
    out.push({
      ...r,
      unitName: x.unitName,
      levelName,
      outletName: x.outletName,
      outletTier: x.outletTier,
      channelName: x.channelName,
      /** A central main medium on a qualifying channel (seed 001's 外宣刊稿 rule). */
      centralQualifying: !!(x.centralMain && x.qualifies),
      recordedByName: x.recordedByName,
      evidence: files.filter((f) => f.recordId === x.r.id && !f.removedAt).map(({ recordId: _r, removedAt: _ra, ...f }) => f),
      revisions: revs.filter((v) => v.recordId === x.r.id).map(({ recordId: _r, ...v }) => v),
    });
  }
  return out;
}

/** The records of one item, for someone who sees it; `canRecord` says whether they may add and change. */
export async function listRecordsOfItem(ctx: Ctx, submissionId: string) {
  const s = await loadVisibleSubmission(ctx, ctx.db, submissionId);
  return {
    accepted: s.status === 'adopted',
    canRecord: s.status === 'adopted' && can(ctx, 'review.decide', s.unitPath),
    records: await readRecordsOfItems(ctx.db, { submissionIds: [submissionId] }),
  };
}

// ---- for other domains -------------------------------------------------------------------------

/**
 * For the briefings domain, in its publishing transaction: one `briefing_use` record per item, dated
 * the date, idempotent per briefing and item (publishing again writes nothing new). Items
 * must be accepted. No access check: the briefings domain checked that the caller may publish.
 */
export async function writeBriefingUseRecords(
  tx: Tx,
  ctx: Ctx,
  input: { briefingId: string; label: string; mode: BriefingMode; date: string; submissionIds: readonly string[] },
): Promise<{ created: string[]; existing: string[] }> {
  const ids = [...new Set(input.submissionIds)];
  if (!ids.length) return { created: [], existing: [] };
  const items = await tx.select({ id: submissions.id, unitId: submissions.unitId, status: submissions.status }).from(submissions).where(inArray(submissions.id, ids));
  if (items.length !== ids.length || items.some((i) => i.status !== 'adopted')) throw appError('records/not_accepted');
  const created: string[] = [];
  const existing: string[] = [];
  for (const item of items) {
    const dedupeKey = dedupeKeyOf({ kind: 'briefing_use', briefingId: input.briefingId, usedOn: input.date });
    const res = await insertRecordOnce(tx, {
      submissionId: item.id,
      unitId: item.unitId,
      workKey: item.id,
      dedupeKey,
      kind: 'briefing_use',
      usedOn: input.date,
      mode: input.mode,
      briefingId: input.briefingId,
      briefingLabel: input.label,
      source: 'briefing',
      sourceRef: input.briefingId,
      recordedBy: actorId(ctx),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    if (!res.row) {
      existing.push(res.existing!.id);
      continue;
    }
    created.push(res.row.id);
    await auditAction(tx, ctx, 'record.add', { type: 'submission', id: item.id }, { recordId: res.row.id, kind: 'briefing_use', usedOn: input.date, briefingId: input.briefingId, label: input.label, mode: input.mode, via: 'briefing' });
  }
  return { created, existing };
}

/**
 * For the forwarding feature: the upper office (in this deployment) accepted or published a forwarded
 * item, so the original item gets an `upper_adoption` record at that level, credited to the original
 * item's unit (and so its authors). Idempotent per item and level. No access check (the upper office's
 * caller cannot see the original item; the forwarding domain vouches for the link between the two).
 */
export async function writeUpperAdoptionRecord(
  tx: Tx,
  ctx: Ctx,
  input: { submissionId: string; level: string; date: string; forwardedSubmissionId: string; evidenceUrl?: string | null; note?: string | null },
): Promise<{ id: string; created: boolean }> {
  const [item] = await tx.select({ id: submissions.id, unitId: submissions.unitId, status: submissions.status }).from(submissions).where(eq(submissions.id, input.submissionId));
  if (!item || item.status !== 'adopted') throw appError('records/not_accepted');
  const dedupeKey = dedupeKeyOf({ kind: 'upper_adoption', level: input.level, usedOn: input.date });
  const res = await insertRecordOnce(tx, {
    submissionId: item.id,
    unitId: item.unitId,
    workKey: item.id,
    dedupeKey,
    kind: 'upper_adoption',
    usedOn: input.date,
    level: input.level,
    evidenceUrl: input.evidenceUrl ?? null,
    note: input.note ?? null,
    source: 'forwarding' satisfies RecordSource,
    sourceRef: input.forwardedSubmissionId,
    recordedBy: actorId(ctx),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  if (!res.row) return { id: res.existing!.id, created: false };
  await auditAction(tx, ctx, 'record.add', { type: 'submission', id: item.id }, { recordId: res.row.id, kind: 'upper_adoption', level: input.level, usedOn: input.date, forwardedSubmissionId: input.forwardedSubmissionId, via: 'forwarding' });
  return { id: res.row.id, created: true };
}

/**
 * For the forwarding feature: the upper office published the forwarded item in one of its briefings.
 * The line naming that issue (issuer, masthead, number, date) is added to the adoption record's note,
 * the line the timeline shows under the record: the publication is part of that one adoption, never a
 * second record. Once per line (publishing is once per issue; a replay adds nothing); the note before
 * is kept in the audit row. No access check (as writeUpperAdoptionRecord).
 */
export async function noteUpperPublication(
  tx: Tx,
  ctx: Ctx,
  input: { recordId: string; line: string; briefingId: string; forwardedSubmissionId: string },
): Promise<{ noted: boolean }> {
  const [r] = await tx.select().from(recordsOfUse).where(eq(recordsOfUse.id, input.recordId)).for('update');
  if (!r) throw appError('common/not_found');
  if ((r.note ?? '').split('\n').includes(input.line)) return { noted: false };
  const note = r.note ? `${r.note}\n${input.line}` : input.line;
  await tx.update(recordsOfUse).set({ note, updatedAt: ctx.now, rev: r.rev + 1 }).where(eq(recordsOfUse.id, r.id));
  await auditAction(tx, ctx, 'record.upper_publication', auditTarget(r), {
    recordId: r.id,
    briefingId: input.briefingId,
    forwardedSubmissionId: input.forwardedSubmissionId,
    line: input.line,
    previousNote: r.note,
    via: 'briefing',
  });
  return { noted: true };
}

// ---- evidence files ----------------------------------------------------------------------------

/** Uploads an evidence file for an item the caller records on; a record claims it when added or corrected. */
export async function uploadEvidence(ctx: Ctx, submissionId: string, file: { stream: Readable; filename: string }) {
  requireAccess(ctx, 'review.decide');
  try {
    await itemToRecordOn(ctx, ctx.db, submissionId);
  } catch (e) {
    file.stream.resume();
    throw e;
  }
  const columns = evidenceColumns(await storeUpload({ store: fileStoreFor(ctx.config), stream: file.stream, filename: file.filename, limits: EVIDENCE_LIMITS }));
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(recordEvidence).values({ submissionId, ...columns, createdBy: ctx.auth!.personId, createdAt: ctx.now }).returning();
    await auditAction(tx, ctx, 'record.evidence_upload', { type: 'submission', id: submissionId }, { evidenceId: row!.id, mime: row!.mime, size: row!.size });
    return evidenceView(row!);
  });
}

/** Opens an evidence file for someone who sees its item (an unclaimed upload: only its uploader). */
export async function openEvidence(ctx: Ctx, evidenceId: string) {
  requireAccess(ctx, 'submission.read');
  const [e] = await ctx.db.select().from(recordEvidence).where(eq(recordEvidence.id, evidenceId));
  if (!e) throw appError('common/not_found');
  await loadVisibleSubmission(ctx, ctx.db, e.submissionId);
  if (!e.recordId && e.createdBy !== ctx.auth.personId) throw appError('common/not_found');
  return openEvidenceBlob(ctx.config, e);
}

/** The blobs evidence rows refer to, for the file store's orphan sweep and for backups. */
export const recordEvidenceBlobs: BlobOwner = {
  ...evidenceBlobOwner('record-evidence', EVIDENCE),
  /**
   * Evidence uploaded for a record that was never saved (the editor closed the form): the rows no
   * record claimed since before `before` go, one audit row each, in one transaction; their blobs are
   * then unreferenced (unless another row holds the same bytes) and the sweep removes them.
   */
  async expireUnclaimed(db: Tx, o) {
    return db.transaction(async (tx) => {
      const gone = await tx
        .delete(recordEvidence)
        .where(and(isNull(recordEvidence.recordId), lt(recordEvidence.createdAt, o.before)))
        .returning({ id: recordEvidence.id, submissionId: recordEvidence.submissionId, sha256: recordEvidence.sha256, filename: recordEvidence.filename, createdBy: recordEvidence.createdBy, createdAt: recordEvidence.createdAt });
      for (const e of gone) {
        await auditAction(tx, o.actor, 'record.evidence_expire', { type: 'submission', id: e.submissionId }, { evidenceId: e.id, sha256: e.sha256, filename: e.filename, uploadedBy: e.createdBy, uploadedAt: e.createdAt.toISOString() });
      }
      return gone.length;
    });
  },
};
