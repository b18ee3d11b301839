import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { findPersonalData, maskValue, type PersonalDataFinding, type PersonalDataKind } from './guards/personal-data';
import { cases, personalDataFindings, submissionVersions } from './tables';

export const SCANNED_FIELDS = ['title', 'body', 'situationNote'] as const;
export type ScannedField = (typeof SCANNED_FIELDS)[number];

const valueHash = (kind: string, v: string) => createHash('sha256').update(`${kind}\u0000${v.normalize('NFKC')}`).digest('hex');

export type FieldFinding = PersonalDataFinding & { field: ScannedField };

/** Scans a version's text fields (pure; the live check in the form uses the same function). */
export function scanContent(content: Record<ScannedField, string>, protectedNames: readonly string[] = []): FieldFinding[] {
  return SCANNED_FIELDS.flatMap((field) => findPersonalData(content[field] ?? '', { protectedNames }).map((f) => ({ ...f, field })));
}

export async function protectedNamesOf(tx: Tx, caseId: string | null): Promise<string[]> {
  if (!caseId) return [];
  const [c] = await tx.select({ names: cases.protectedNames }).from(cases).where(eq(cases.id, caseId));
  return c?.names ?? [];
}

/**
 * Recomputes the findings of one version and stores them. A finding keeps its id (and its status)
 * when the same value is still found in the same field; one an editor already confirmed in an earlier
 * version stays confirmed. Findings no longer found go away (redacted ones stay as the record).
 * Returns the number of open findings (what blocks release).
 */
export async function refreshFindings(
  tx: Tx,
  s: { id: string; caseId: string | null },
  version: number,
  /** The version's content when the caller has it already (saves a round trip). */
  loaded?: Record<ScannedField, string>,
): Promise<number> {
  const [v] = loaded ? [loaded] : await tx.select().from(submissionVersions).where(and(eq(submissionVersions.submissionId, s.id), eq(submissionVersions.version, version)));
  if (!v) return 0;
  const found = scanContent({ title: v.title, body: v.body, situationNote: v.situationNote }, await protectedNamesOf(tx, s.caseId));
  const before = await tx.select().from(personalDataFindings).where(eq(personalDataFindings.submissionId, s.id));
  const current = before.filter((f) => f.version === version && f.status !== 'redacted');
  const confirmedElsewhere = before.filter((f) => f.status === 'confirmed');
  const matched = new Set<string>();
  let open = 0;
  for (const f of found) {
    const h = valueHash(f.kind, f.match);
    const same = current.find((c) => !matched.has(c.id) && c.field === f.field && c.kind === f.kind && c.valueHash === h);
    if (same) {
      matched.add(same.id);
      if (same.status === 'open') open++;
      if (same.start !== f.start || same.end !== f.end) {
        await tx.update(personalDataFindings).set({ start: f.start, end: f.end }).where(eq(personalDataFindings.id, same.id));
      }
      continue;
    }
    const prev = confirmedElsewhere.find((b) => b.field === f.field && b.kind === f.kind && b.valueHash === h);
    if (!prev) open++;
    const [row] = await tx
      .insert(personalDataFindings)
      .values({
        submissionId: s.id,
        version,
        field: f.field,
        kind: f.kind,
        start: f.start,
        end: f.end,
        masked: maskValue(f.kind as PersonalDataKind, f.match),
        valueHash: h,
        confidence: f.confidence,
        status: prev ? 'confirmed' : 'open',
        resolvedBy: prev?.resolvedBy ?? null,
        resolvedAt: prev?.resolvedAt ?? null,
        note: prev?.note ?? null,
      })
      .returning({ id: personalDataFindings.id });
    matched.add(row!.id);
  }
  const gone = current.filter((c) => !matched.has(c.id)).map((c) => c.id);
  if (gone.length) await tx.delete(personalDataFindings).where(inArray(personalDataFindings.id, gone));
  return open;
}
