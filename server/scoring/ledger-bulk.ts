/**
 * Bulk ledger entries for the interchange import (server/interchange/import.ts), written inside the
 * import's own transaction so the file lands all-or-nothing and is audited in the import's row.
 * Idempotent by `external_code` (unique per organisation): the same content is left alone; other
 * content corrects the entry (same unit and kind) with a revision keeping the values before, as
 * correctLedgerEntry does. The caller has already resolved codes to ids and checked dates and kinds.
 *
 * STATUS: first step, covered by ledger-bulk.int.test.ts but not yet called by the import (see the branch report).
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { SYSTEM_ID, type Ctx } from '../http/context';
import type { LedgerKind } from './ledger-kinds';
import { scoringLedgerEntries, scoringLedgerRevisions } from './tables';

export type BulkLedgerItem = {
  externalCode: string;
  unitId: string;
  kind: LedgerKind;
  occurredOn: string;
  month: string | null;
  personId: string | null;
  attrs: Record<string, string | number | boolean>;
  note: string | null;
  evidenceUrl: string | null;
};

export type BulkLedgerCounts = { created: number; corrected: number; unchanged: number; refused: { index: number; reason: 'other_unit_or_kind' | 'withdrawn' }[] };

const sortKeys = (o: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))));

/** Creates or corrects the entries of one organisation; refusals are returned for the caller to report (and roll back). */
export async function upsertLedgerEntriesForImport(ctx: Ctx, tx: Tx, orgId: string, items: readonly BulkLedgerItem[], reason: string): Promise<BulkLedgerCounts> {
  const by = ctx.auth && ctx.auth.personId !== SYSTEM_ID ? ctx.auth.personId : null;
  const out: BulkLedgerCounts = { created: 0, corrected: 0, unchanged: 0, refused: [] };
  for (const [index, it] of items.entries()) {
    const [prev] = await tx.select().from(scoringLedgerEntries).where(and(eq(scoringLedgerEntries.orgId, orgId), eq(scoringLedgerEntries.externalCode, it.externalCode)));
    if (!prev) {
      await tx.insert(scoringLedgerEntries).values({ orgId, unitId: it.unitId, kind: it.kind, occurredOn: it.occurredOn, month: it.month, personId: it.personId, attrs: it.attrs, note: it.note, evidenceUrl: it.evidenceUrl, externalCode: it.externalCode, createdBy: by, createdAt: ctx.now, updatedAt: ctx.now });
      out.created++;
      continue;
    }
    if (prev.unitId !== it.unitId || prev.kind !== it.kind) {
      out.refused.push({ index, reason: 'other_unit_or_kind' });
      continue;
    }
    if (prev.status !== 'active') {
      out.refused.push({ index, reason: 'withdrawn' });
      continue;
    }
    const same = prev.occurredOn === it.occurredOn && prev.month === it.month && prev.personId === it.personId && sortKeys(prev.attrs) === sortKeys(it.attrs) && (prev.note ?? null) === it.note && (prev.evidenceUrl ?? null) === it.evidenceUrl;
    if (same) {
      out.unchanged++;
      continue;
    }
    await tx.update(scoringLedgerEntries).set({ occurredOn: it.occurredOn, month: it.month, personId: it.personId, attrs: it.attrs, note: it.note, evidenceUrl: it.evidenceUrl, updatedAt: ctx.now, rev: prev.rev + 1 }).where(eq(scoringLedgerEntries.id, prev.id));
    await tx.insert(scoringLedgerRevisions).values({
      entryId: prev.id,
      action: 'correct',
      reason,
      previous: { occurredOn: prev.occurredOn, month: prev.month, personId: prev.personId, attrs: prev.attrs, note: prev.note, evidenceUrl: prev.evidenceUrl, status: prev.status },
      byId: by,
      at: ctx.now,
    });
    out.corrected++;
  }
  return out;
}
