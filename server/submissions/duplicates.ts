import { and, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { countChars } from './kinds';
import { bandsOf, hammingDistance, NEAR_DUPLICATE_MAX_DISTANCE, probeKeysOf, textFingerprint } from './guards/duplicates';
import { attachments, duplicateFlags, submissions, submissionVersions } from './tables';

/** Texts shorter than this (white space not counted) are too short to call near-duplicates. */
export const MIN_FINGERPRINT_CHARS = 30;

export function fingerprintOf(title: string, body: string): { fingerprint: bigint; bandKeys: number[] } | null {
  const text = `${title}\n${body}`;
  if (countChars(body) < MIN_FINGERPRINT_CHARS) return null;
  const fingerprint = textFingerprint(text);
  return { fingerprint, bandKeys: bandsOf(fingerprint) };
}

export type DuplicateHit = { earlierId: string; reason: 'text' | 'file'; distance: number | null };

/**
 * Finds earlier submitted items (any unit) whose text is within the near-duplicate distance, through
 * the GIN-indexed band keys, and earlier items with an identical file. Records the flags.
 */
export async function flagDuplicates(tx: Tx, s: { id: string }, fp: bigint | null): Promise<DuplicateHit[]> {
  const hits: DuplicateHit[] = [];
  if (fp !== null) {
    const probes = probeKeysOf(fp, NEAR_DUPLICATE_MAX_DISTANCE);
    const candidates = await tx
      .select({ id: submissionVersions.submissionId, fp: submissionVersions.fingerprint })
      .from(submissionVersions)
      .where(
        and(
          sql`${submissionVersions.bandKeys} && ${sql.raw(`'{${probes.join(',')}}'::int[]`)}`,
          ne(submissionVersions.submissionId, s.id),
          isNotNull(submissionVersions.submittedAt),
        ),
      );
    const best = new Map<string, number>();
    for (const c of candidates) {
      if (c.fp === null) continue;
      const d = hammingDistance(fp, c.fp);
      if (d <= NEAR_DUPLICATE_MAX_DISTANCE && d < (best.get(c.id) ?? 99)) best.set(c.id, d);
    }
    for (const [earlierId, distance] of best) hits.push({ earlierId, reason: 'text', distance });
  }
  const mine = await tx
    .select({ sha: attachments.originalSha256 })
    .from(attachments)
    .where(and(eq(attachments.submissionId, s.id), isNull(attachments.removedAt)));
  if (mine.length) {
    const same = await tx
      .selectDistinct({ id: attachments.submissionId })
      .from(attachments)
      .innerJoin(submissions, eq(submissions.id, attachments.submissionId))
      .where(
        and(
          inArray(attachments.originalSha256, mine.map((m) => m.sha)),
          ne(attachments.submissionId, s.id),
          isNull(attachments.removedAt),
          ne(submissions.status, 'draft'),
        ),
      );
    for (const r of same) hits.push({ earlierId: r.id, reason: 'file', distance: null });
  }
  // Only items submitted before this one count as "earlier".
  if (hits.length) {
    const earlier = await tx
      .select({ id: submissions.id })
      .from(submissions)
      .where(and(inArray(submissions.id, hits.map((h) => h.earlierId)), isNotNull(submissions.submittedAt)));
    const ok = new Set(earlier.map((e) => e.id));
    const kept = hits.filter((h) => ok.has(h.earlierId)).slice(0, 20);
    if (kept.length) {
      await tx
        .insert(duplicateFlags)
        .values(kept.map((h) => ({ submissionId: s.id, earlierId: h.earlierId, reason: h.reason, distance: h.distance })))
        .onConflictDoNothing();
    }
    return kept;
  }
  return hits;
}
