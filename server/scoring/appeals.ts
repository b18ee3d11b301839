/**
 * Appeals (申诉) against one entry of a unit's explanation — a record of use or a ledger entry — under
 * a rubric and a period. Who may:
 * - file: the contested unit's approvers, editors and leaders (`submission.approve_unit` or
 *   `review.decide` on the entry's unit); the entry must be active, in the rubric's units and its date
 *   in the period; one open appeal per entry;
 * - decide: the office keeping the rubric, its editors and leaders (`scoring.edit` and `review.decide`
 *   on the rubric's unit). Accepting withdraws or corrects the entry through its own use case
 *   (records: withdrawRecord / correctRecord; ledger: withdrawLedgerEntry / correctLedgerEntry) with
 *   the appeal as the reason, in the same transaction as the decision, so scores recompute at once;
 *   rejecting needs a reason.
 * Both are audited and notify the other side (the office's editors and leaders; the filer).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { appError, hiddenRefusal } from '../errors';
import { can, type AuthedCtx, type Ctx } from '../http/context';
import { notify } from '../notifications/notifications';
import { findRoleHolders } from '../org/holders';
import { people, units } from '../org/tables';
import { correctRecord, readRecordsOfItems, withdrawRecord } from '../records/records';
import { ZCorrectRecord } from '../records/schema';
import { requireEditor, requireReader } from './access';
import { scoringAppeals, type AppealAction, type AppealSource } from './appeals-tables';
import { correctLedgerEntry, withdrawLedgerEntry } from './ledger';
import { countingDate } from './ledger-kinds';
import { periodFromKey } from './engine/periods';
import { loadRubric, type RubricRow } from './rubrics';
import { ZLedgerCorrect } from './schema';
import { scoringLedgerEntries } from './tables';

type Contested = { source: AppealSource; id: string; unitId: string; unitPath: string; unitName: string; date: string; active: boolean; rev: number };

/** The entry an appeal contests, with its unit; null when there is no such entry. */
async function contestedEntry(db: Tx, source: AppealSource, id: string): Promise<Contested | null> {
  if (source === 'record') {
    const [r] = await readRecordsOfItems(db, { recordIds: [id] });
    if (!r) return null;
    const [u] = await db.select({ path: units.path, name: units.name }).from(units).where(eq(units.id, r.unitId));
    return { source, id, unitId: r.unitId, unitPath: u!.path, unitName: u!.name, date: r.usedOn, active: r.status === 'active', rev: r.rev };
  }
  const [row] = await db.select({ e: scoringLedgerEntries, path: units.path, name: units.name }).from(scoringLedgerEntries).innerJoin(units, eq(units.id, scoringLedgerEntries.unitId)).where(eq(scoringLedgerEntries.id, id));
  if (!row) return null;
  return { source, id, unitId: row.e.unitId, unitPath: row.path, unitName: row.name, date: countingDate(row.e), active: row.e.status === 'active', rev: row.e.rev };
}

/** Whether the caller speaks for the unit: its approvers, editors and leaders. */
const mayFileFor = (ctx: AuthedCtx, unitPath: string) => can(ctx, 'submission.approve_unit', unitPath) || can(ctx, 'review.decide', unitPath);

const officeHolders = (db: Tx, rubric: RubricRow) => findRoleHolders(db, { roles: ['editor', 'leader'], unitPath: rubric.unitPath });

export type FileAppealInput = { rubricId: string; period: string; source: AppealSource; sourceId: string; reason: string; evidence: string };

/** POST /api/scoring/appeals: a unit contests one entry of its explanation. */
export async function fileAppeal(ctx: Ctx, input: FileAppealInput) {
  const rubric = await loadRubric(ctx.db, input.rubricId);
  requireReader(ctx, rubric);
  let period: ReturnType<typeof periodFromKey>;
  try {
    period = periodFromKey(input.period, ctx.config.timeZone);
  } catch {
    throw appError('scoring/bad_period', { key: input.period });
  }
  const entry = await contestedEntry(ctx.db, input.source, input.sourceId);
  if (!entry || !entry.unitPath.startsWith(rubric.unitPath) || entry.unitId === rubric.unitId) throw appError('common/not_found');
  if (!mayFileFor(ctx, entry.unitPath)) {
    if (can(ctx, 'submission.read', entry.unitPath)) throw appError('auth/forbidden', { permission: 'submission.approve_unit', unitPath: entry.unitPath });
    throw hiddenRefusal({ permission: 'submission.approve_unit' });
  }
  if (!entry.active || entry.date < period.firstDay || entry.date > period.lastDay) throw appError('scoring/appeal_entry');
  return ctx.db.transaction(async (tx) => {
    let row: typeof scoringAppeals.$inferSelect;
    try {
      [row] = (await tx
        .insert(scoringAppeals)
        .values({ orgId: rubric.orgId, rubricId: rubric.id, period: period.key, unitId: entry.unitId, source: entry.source, sourceId: entry.id, reason: input.reason, evidence: input.evidence, filedBy: ctx.auth.personId, filedAt: ctx.now, createdAt: ctx.now, updatedAt: ctx.now })
        .returning()) as [typeof scoringAppeals.$inferSelect];
    } catch (e) {
      if (isUniqueViolation(e)) throw appError('scoring/appeal_open');
      throw e;
    }
    await auditAction(tx, ctx, 'scoring.appeal_file', { type: 'scoring_appeal', id: row.id }, { rubricId: rubric.id, period: period.key, unitId: entry.unitId, source: entry.source, sourceId: entry.id, reason: input.reason, evidence: input.evidence });
    await notify(tx, { personIds: await officeHolders(tx, rubric), type: 'scoring.appeal_filed', subject: { type: 'scoring_appeal', id: row.id }, data: { unitName: entry.unitName, rubricName: rubric.name, period: period.key, reason: input.reason }, at: ctx.now });
    return { id: row.id, status: row.status };
  });
}

export type DecideAppealInput =
  | { decision: 'reject'; reason: string }
  | { decision: 'accept'; reason: string; action: AppealAction; correction?: unknown };

async function loadAppeal(ctx: Ctx, id: string) {
  const [a] = await ctx.db.select().from(scoringAppeals).where(eq(scoringAppeals.id, id));
  if (!a) throw appError('common/not_found');
  const rubric = await loadRubric(ctx.db, a.rubricId);
  return { a, rubric };
}

/** A correction as the entry's own use case takes it, checked by that use case's schema (errors under `correction.`). */
function parseCorrection(ctx: Ctx, source: AppealSource, reason: string, correction: unknown) {
  const schema = source === 'record' ? ZCorrectRecord : ZLedgerCorrect;
  const parsed = schema.safeParse({ ...(typeof correction === 'object' && correction !== null ? correction : {}), reason });
  if (!parsed.success) {
    throw appError(
      'common/validation',
      {},
      parsed.error.issues.map((i) => ({ path: ['correction', ...i.path.map(String)].join('.'), message: ctx.locale === 'en' ? i.message : `更正内容有误：${i.message}` })),
    );
  }
  return parsed.data;
}

/** POST /api/scoring/appeals/:id/accept and /reject: the office decides. */
export async function decideAppeal(ctx: Ctx, id: string, input: DecideAppealInput) {
  const { a, rubric } = await loadAppeal(ctx, id);
  requireEditor(ctx, rubric);
  if (!can(ctx, 'review.decide', rubric.unitPath)) throw appError('auth/forbidden', { permission: 'review.decide', unitPath: rubric.unitPath });
  if (a.status !== 'pending') throw appError('scoring/appeal_decided');
  const why = `申诉${input.decision === 'accept' ? '成立' : '不成立'}：${input.reason}`;
  const correction = input.decision === 'accept' && input.action === 'correct' ? parseCorrection(ctx, a.source, why, input.correction) : null;
  return ctx.db.transaction(async (tx) => {
    const inner: Ctx = { ...ctx, db: tx as Ctx['db'] };
    if (input.decision === 'accept') {
      if (a.source === 'record') {
        if (correction) await correctRecord(inner, a.sourceId, correction as Parameters<typeof correctRecord>[2]);
        else await withdrawRecord(inner, a.sourceId, { reason: why });
      } else if (correction) await correctLedgerEntry(inner, a.sourceId, correction as Parameters<typeof correctLedgerEntry>[2]);
      else await withdrawLedgerEntry(inner, a.sourceId, { reason: why });
    }
    const status = input.decision === 'accept' ? 'accepted' : 'rejected';
    const action = input.decision === 'accept' ? input.action : null;
    const done = await tx
      .update(scoringAppeals)
      .set({ status, action, decisionReason: input.reason, decidedBy: ctx.auth.personId, decidedAt: ctx.now, updatedAt: ctx.now })
      .where(and(eq(scoringAppeals.id, a.id), eq(scoringAppeals.status, 'pending')))
      .returning({ id: scoringAppeals.id });
    if (done.length === 0) throw appError('scoring/appeal_decided');
    await auditAction(tx, ctx, 'scoring.appeal_decide', { type: 'scoring_appeal', id: a.id }, { decision: status, action, reason: input.reason, source: a.source, sourceId: a.sourceId, unitId: a.unitId });
    await notify(tx, { personIds: [a.filedBy], type: `scoring.appeal_${status}`, subject: { type: 'scoring_appeal', id: a.id }, data: { rubricName: rubric.name, period: a.period, reason: input.reason, action }, at: ctx.now });
    return { id: a.id, status, action };
  });
}

export type AppealView = {
  id: string;
  unitId: string;
  unitName: string;
  period: string;
  source: AppealSource;
  sourceId: string;
  reason: string;
  evidence: string;
  status: 'pending' | 'accepted' | 'rejected';
  action: AppealAction | null;
  decisionReason: string | null;
  filedByName: string;
  filedAt: string;
  decidedAt: string | null;
};

async function views(db: Tx, where: ReturnType<typeof and>): Promise<AppealView[]> {
  const rows = await db
    .select({ a: scoringAppeals, unitName: units.name, unitPath: units.path, filedByName: people.name })
    .from(scoringAppeals)
    .innerJoin(units, eq(units.id, scoringAppeals.unitId))
    .innerJoin(people, eq(people.id, scoringAppeals.filedBy))
    .where(where)
    .orderBy(desc(scoringAppeals.filedAt), asc(scoringAppeals.id));
  return rows.map(({ a, unitName, filedByName }) => ({
    id: a.id,
    unitId: a.unitId,
    unitName,
    period: a.period,
    source: a.source,
    sourceId: a.sourceId,
    reason: a.reason,
    evidence: a.evidence,
    status: a.status,
    action: a.action ?? null,
    decisionReason: a.decisionReason ?? null,
    filedByName,
    filedAt: a.filedAt.toISOString(),
    decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
  }));
}

/**
 * GET /api/scoring/appeals?rubricId&status: the office sees every appeal of the rubric; a unit's staff
 * see those of the units whose items they read.
 */
export async function listAppeals(ctx: Ctx, q: { rubricId: string; status?: 'pending' | 'accepted' | 'rejected' | undefined }) {
  const rubric = await loadRubric(ctx.db, q.rubricId);
  requireReader(ctx, rubric);
  const all = await views(ctx.db, and(eq(scoringAppeals.rubricId, rubric.id), q.status ? eq(scoringAppeals.status, q.status) : undefined));
  if (can(ctx, 'scoring.edit', rubric.unitPath)) return { appeals: all };
  const paths = new Map((await ctx.db.select({ id: units.id, path: units.path }).from(units).where(inArray(units.id, [...new Set(all.map((x) => x.unitId)), rubric.unitId]))).map((u) => [u.id, u.path]));
  return { appeals: all.filter((x) => can(ctx, 'submission.read', paths.get(x.unitId) ?? '/none/')) };
}

/** The appeals on these entries of a rubric (for the explanation), by source id, newest first. No access check: the caller checked. */
export async function appealsBySource(db: Tx, rubricId: string, sourceIds: readonly string[]): Promise<Map<string, AppealView[]>> {
  const out = new Map<string, AppealView[]>();
  if (sourceIds.length === 0) return out;
  for (const v of await views(db, and(eq(scoringAppeals.rubricId, rubricId), inArray(scoringAppeals.sourceId, [...new Set(sourceIds)])))) {
    out.set(v.sourceId, [...(out.get(v.sourceId) ?? []), v]);
  }
  return out;
}

/** Explanation entries with the appeals filed on each (`appeals`, newest first; [] when none). */
export async function withAppeals<E extends { sourceId: string }>(db: Tx, rubricId: string, entries: E[]): Promise<Array<E & { appeals: AppealView[] }>> {
  const by = await appealsBySource(db, rubricId, entries.map((e) => e.sourceId));
  return entries.map((e) => ({ ...e, appeals: by.get(e.sourceId) ?? [] }));
}

/** Every appeal of a unit under a rubric, newest first: an accepted withdrawal's entry is gone from the explanation, its appeal is not. */
export async function appealsOfUnit(db: Tx, rubricId: string, unitId: string): Promise<AppealView[]> {
  return views(db, and(eq(scoringAppeals.rubricId, rubricId), eq(scoringAppeals.unitId, unitId)));
}
