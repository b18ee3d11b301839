/**
 * Bulk ledger entries for the interchange import (server/interchange/import.ts), written inside the
 * import's own transaction so the file lands all-or-nothing. Idempotent by `external_code` (unique per
 * organisation): the same content is left alone; other content corrects the entry (same unit and kind)
 * with a revision keeping the values before and a `scoring.ledger_correct` audit row, as
 * correctLedgerEntry does. New entries are audited by the import's own row (`interchange.import`, which
 * names the codes it created). Many rows per statement: one read of the codes, inserts in blocks, one
 * update for all corrections. The caller has resolved codes to ids, checked dates, people and kinds,
 * and gives each code once.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
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

type EntryRow = typeof scoringLedgerEntries.$inferSelect;
const sortKeys = (o: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
const snapshot = (r: EntryRow) => ({ occurredOn: r.occurredOn, month: r.month, personId: r.personId, attrs: r.attrs, note: r.note, evidenceUrl: r.evidenceUrl, status: r.status });
const blocks = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** The entry holds what the item says (compared as stored: attributes by key). */
export const sameLedgerContent = (prev: EntryRow, it: BulkLedgerItem) =>
  prev.occurredOn === it.occurredOn && prev.month === it.month && prev.personId === it.personId && sortKeys(prev.attrs) === sortKeys(it.attrs) && (prev.note ?? null) === it.note && (prev.evidenceUrl ?? null) === it.evidenceUrl;

/** Creates or corrects the entries of one organisation; refusals are returned for the caller to report (and roll back). */
export async function upsertLedgerEntriesForImport(ctx: Ctx, tx: Tx, orgId: string, items: readonly BulkLedgerItem[], reason: string): Promise<BulkLedgerCounts> {
  const by = ctx.auth && ctx.auth.personId !== SYSTEM_ID ? ctx.auth.personId : null;
  const out: BulkLedgerCounts = { created: 0, corrected: 0, unchanged: 0, refused: [] };
  if (!items.length) return out;
  const held = new Map<string, EntryRow>();
  for (const codes of blocks(items.map((it) => it.externalCode), 5000)) {
    for (const r of await tx.select().from(scoringLedgerEntries).where(and(eq(scoringLedgerEntries.orgId, orgId), inArray(scoringLedgerEntries.externalCode, codes)))) held.set(r.externalCode!, r);
  }
  const creates: BulkLedgerItem[] = [];
  const corrections: { prev: EntryRow; it: BulkLedgerItem }[] = [];
  for (const [index, it] of items.entries()) {
    const prev = held.get(it.externalCode);
    if (!prev) creates.push(it);
    else if (prev.unitId !== it.unitId || prev.kind !== it.kind) out.refused.push({ index, reason: 'other_unit_or_kind' });
    else if (prev.status !== 'active') out.refused.push({ index, reason: 'withdrawn' });
    else if (sameLedgerContent(prev, it)) out.unchanged++;
    else corrections.push({ prev, it });
  }
  if (out.refused.length) return out;

  for (const block of blocks(creates, 500)) {
    await tx.insert(scoringLedgerEntries).values(
      block.map((it) => ({ orgId, unitId: it.unitId, kind: it.kind, occurredOn: it.occurredOn, month: it.month, personId: it.personId, attrs: it.attrs, note: it.note, evidenceUrl: it.evidenceUrl, externalCode: it.externalCode, createdBy: by, createdAt: ctx.now, updatedAt: ctx.now })),
    );
  }
  out.created = creates.length;

  if (corrections.length) {
    const rows = corrections.map(({ prev, it }) => ({ id: prev.id, occurred_on: it.occurredOn, month: it.month, person_id: it.personId, attrs: it.attrs, note: it.note, evidence_url: it.evidenceUrl }));
    await tx.execute(sql`update ${scoringLedgerEntries} set occurred_on = t.occurred_on, month = t.month, person_id = t.person_id, attrs = t.attrs, note = t.note, evidence_url = t.evidence_url,
        updated_at = ${ctx.now.toISOString()}::timestamptz, rev = ${scoringLedgerEntries}.rev + 1
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(id uuid, occurred_on date, month text, person_id uuid, attrs jsonb, note text, evidence_url text)
      where ${scoringLedgerEntries}.id = t.id`);
    for (const block of blocks(corrections, 500)) {
      await tx.insert(scoringLedgerRevisions).values(block.map(({ prev }) => ({ entryId: prev.id, action: 'correct' as const, reason, previous: snapshot(prev), byId: by, at: ctx.now })));
    }
    for (const { prev, it } of corrections) {
      await auditAction(tx, ctx, 'scoring.ledger_correct', { type: 'scoring_ledger', id: prev.id }, { reason, previous: snapshot(prev), entry: { occurredOn: it.occurredOn, month: it.month, personId: it.personId, attrs: it.attrs, note: it.note, evidenceUrl: it.evidenceUrl }, origin: 'interchange.import' });
    }
    out.corrected = corrections.length;
  }
  return out;
}
