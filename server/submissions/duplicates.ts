import { and, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database, Db, Tx } from '../db/client';
import { countChars } from './kinds';
import { DuplicateIndex, NEAR_DUPLICATE_MAX_DISTANCE, textFingerprint } from './guards/duplicates';
import { appError } from '../errors';
import { requireAccess, type AuthedCtx, type Ctx } from '../http/context';
import { units } from '../org/tables';
import { isOwner, loadVisibleSubmission, visibleSubmissionsWhere } from './access';
import { attachments, duplicateFlags, submissions, submissionVersions } from './tables';

/** Texts shorter than this (white space not counted) are too short to call near-duplicates. */
export const MIN_FINGERPRINT_CHARS = 30;

export function fingerprintOf(title: string, body: string): bigint | null {
  if (countChars(body) < MIN_FINGERPRINT_CHARS) return null;
  return textFingerprint(`${title}\n${body}`);
}

/**
 * The near-duplicate look-up runs in memory: a banded index over every submitted version's 64-bit
 * fingerprint (≈ 0.5 ms per look-up over 1,000,000 items, bench/duplicates.bench.ts), built once per
 * database from the `fingerprint` column and kept current as items are submitted. A probe of the same
 * band keys inside PostgreSQL (GIN over int[]) took seconds per look-up (bench/duplicates-db.bench.ts),
 * so the database keeps only the fingerprints: it stays the source of truth.
 */
const registries = new WeakMap<object, Promise<DuplicateIndex>>();
/** Which index announced a fingerprint: an index skips its own announcements (it added them already). */
const origins = new WeakMap<object, string>();
const originOf = (db: Db) => {
  let o = origins.get(db);
  if (!o) origins.set(db, (o = randomUUID()));
  return o;
};

/** NOTIFY channel on which every process announces the fingerprints it committed. */
export const FINGERPRINT_CHANNEL = 'xuanbao_fingerprints';

export function duplicateIndexFor(db: Db): Promise<DuplicateIndex> {
  let p = registries.get(db);
  if (!p) {
    p = loadDuplicateIndex(db);
    registries.set(db, p);
    p.catch(() => registries.delete(db));
  }
  return p;
}

export async function loadDuplicateIndex(db: Db): Promise<DuplicateIndex> {
  const index = new DuplicateIndex(1024);
  let last: { id: string; version: number } | null = null;
  for (;;) {
    const page: { id: string; version: number; fp: bigint | null }[] = await db
      .select({ id: submissionVersions.submissionId, version: submissionVersions.version, fp: submissionVersions.fingerprint })
      .from(submissionVersions)
      .where(
        and(
          isNotNull(submissionVersions.fingerprint),
          isNotNull(submissionVersions.submittedAt),
          last ? sql`(${submissionVersions.submissionId}, ${submissionVersions.version}) > (${last.id}::uuid, ${last.version})` : undefined,
        ),
      )
      .orderBy(submissionVersions.submissionId, submissionVersions.version)
      .limit(50_000);
    if (!page.length) return index;
    for (const r of page) if (r.fp !== null) index.add(r.id, r.fp);
    const tail = page[page.length - 1]!;
    last = { id: tail.id, version: tail.version };
  }
}

/**
 * Tells every other server process on this database about a submitted fingerprint. Called inside
 * the submitting transaction: PostgreSQL delivers the notice only if, and when, it commits.
 */
export async function announceFingerprint(tx: Tx, db: Db, submissionId: string, fp: bigint | null) {
  const notice = fingerprintNotice(db, submissionId, fp);
  if (notice) await tx.execute(notice);
}

/** The announcement as a statement, to end a statement the caller runs anyway (one round trip less). */
export function fingerprintNotice(db: Db, submissionId: string, fp: bigint | null): SQL | null {
  if (fp === null) return null;
  return sql`select pg_notify(${FINGERPRINT_CHANNEL}, ${JSON.stringify({ o: originOf(db), id: submissionId, fp: fp.toString() })})`;
}

/**
 * Keeps this process's index current with the fingerprints other processes commit (two app servers
 * on one PostgreSQL). If the listening connection was lost, notices may be missing: the index is
 * dropped and rebuilt from the database on next use.
 */
export async function followFingerprints(database: Database): Promise<() => Promise<void>> {
  const db = database.db;
  const me = originOf(db);
  return database.listen(
    FINGERPRINT_CHANNEL,
    (payload) => {
      let m: { o: string; id: string; fp: string };
      try {
        m = JSON.parse(payload) as typeof m;
      } catch {
        return;
      }
      if (m.o === me) return;
      const p = registries.get(db);
      // Not loaded yet: the load reads the committed row itself.
      if (p) void p.then((index) => index.add(m.id, BigInt(m.fp))).catch(() => undefined);
    },
    { onReset: () => registries.delete(db) },
  );
}

/** Records a submitted fingerprint in the in-memory index (after its transaction committed). */
export async function rememberFingerprint(db: Db, submissionId: string, fp: bigint | null) {
  if (fp === null) return;
  (await duplicateIndexFor(db)).add(submissionId, fp);
}

export type DuplicateHit = { earlierId: string; reason: 'text' | 'file'; distance: number | null };

/**
 * Finds earlier submitted items (any unit) whose text is within the near-duplicate distance, and
 * earlier items with an identical file; nothing is stored (the live check in the form uses it too).
 * The index is loaded by the caller before its transaction opens (PGlite has a single connection).
 */
export async function findDuplicateHits(index: DuplicateIndex, tx: Tx, s: { id: string }, fp: bigint | null, fileHashes?: string[]): Promise<DuplicateHit[]> {
  const hits: DuplicateHit[] = [];
  if (fp !== null) {
    const best = new Map<string, number>();
    for (const m of index.find(fp, NEAR_DUPLICATE_MAX_DISTANCE)) {
      if (m.id !== s.id && m.distance < (best.get(m.id) ?? 99)) best.set(m.id, m.distance);
    }
    for (const [earlierId, distance] of best) hits.push({ earlierId, reason: 'text', distance });
  }
  // The caller may know the item's files already (the submit reads them in its first statement).
  const mine = fileHashes
    ? fileHashes.map((sha) => ({ sha }))
    : await tx
        .select({ sha: attachments.originalSha256 })
        .from(attachments)
        .where(and(eq(attachments.submissionId, s.id), isNull(attachments.removedAt)));
  if (mine.length) {
    const same = await tx
      .selectDistinct({ id: attachments.submissionId })
      .from(attachments)
      .innerJoin(submissions, eq(submissions.id, attachments.submissionId))
      .where(and(inArray(attachments.originalSha256, mine.map((m) => m.sha)), ne(attachments.submissionId, s.id), isNull(attachments.removedAt), isNotNull(submissions.submittedAt)));
    for (const r of same) hits.push({ earlierId: r.id, reason: 'file', distance: null });
  }
  if (!hits.length) return hits;
  // Only items still in play count as "earlier": submitted at some point and not withdrawn.
  const earlier = await tx
    .select({ id: submissions.id })
    .from(submissions)
    .where(and(inArray(submissions.id, hits.map((h) => h.earlierId)), isNotNull(submissions.submittedAt), ne(submissions.status, 'withdrawn')));
  const ok = new Set(earlier.map((e) => e.id));
  return hits.filter((h) => ok.has(h.earlierId)).slice(0, 20);
}

/** Finds the duplicate hits of a submitted version and records them as flags in the caller's transaction. */
export async function flagDuplicates(index: DuplicateIndex, tx: Tx, s: { id: string }, fp: bigint | null, fileHashes?: string[]): Promise<DuplicateHit[]> {
  const kept = await findDuplicateHits(index, tx, s, fp, fileHashes);
  if (kept.length) {
    await tx
      .insert(duplicateFlags)
      .values(kept.map((h) => ({ submissionId: s.id, earlierId: h.earlierId, reason: h.reason, distance: h.distance })))
      .onConflictDoNothing();
  }
  return kept;
}

/**
 * What a person is shown of duplicate hits: one line per earlier item (an item flagged for its text
 * and for a file is one line with two reasons), so every count of "suspected duplicates" — the submit
 * message, the item page, the live check in the form, the queue — counts the same thing. An earlier
 * item the viewer may not open is named by its unit only, not by its number or title.
 */
export async function duplicateLinesOf(ctx: AuthedCtx, db: Tx, hits: readonly { earlierId: string; reason: 'text' | 'file'; distance: number | null }[]) {
  if (!hits.length) return [];
  const ids = [...new Set(hits.map((h) => h.earlierId))];
  const rows = await db
    .select({ id: submissions.id, serial: submissions.serial, title: submissions.title, unitName: units.name })
    .from(submissions)
    .innerJoin(units, eq(units.id, submissions.unitId))
    .where(inArray(submissions.id, ids));
  const visible = new Set(
    (
      await db
        .select({ id: submissions.id })
        .from(submissions)
        .innerJoin(units, eq(units.id, submissions.unitId))
        .where(and(inArray(submissions.id, ids), visibleSubmissionsWhere(ctx)))
    ).map((r) => r.id),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const reasons = hits.filter((h) => h.earlierId === id).map((h) => ({ reason: h.reason, distance: h.distance }));
    return visible.has(id)
      ? [{ earlierId: id as string | null, serial: r.serial, title: r.title as string | null, unitName: r.unitName, visible: true, reasons }]
      : [{ earlierId: null, serial: null, title: null, unitName: r.unitName, visible: false, reasons }];
  });
}

/** The duplicate flags stored on an item, as lines (the item page and the submit answer). */
export async function storedDuplicateLines(ctx: AuthedCtx, db: Tx, submissionId: string) {
  const flags = await db
    .select({ earlierId: duplicateFlags.earlierId, reason: duplicateFlags.reason, distance: duplicateFlags.distance })
    .from(duplicateFlags)
    .where(eq(duplicateFlags.submissionId, submissionId))
    .orderBy(duplicateFlags.createdAt, duplicateFlags.earlierId, duplicateFlags.reason);
  return duplicateLinesOf(ctx, db, flags);
}

/**
 * The live duplicate check of a draft as its author types (nothing is stored): earlier submitted
 * items whose text is near this title and body, or that share one of the draft's files.
 */
export async function checkDraftDuplicates(ctx: Ctx, id: string, input: { title: string; body: string }) {
  requireAccess(ctx, 'submission.create');
  const index = await duplicateIndexFor(ctx.db);
  const s = await loadVisibleSubmission(ctx, ctx.db, id);
  if (!isOwner(ctx, s)) throw appError('review/not_submitter');
  const hits = await findDuplicateHits(index, ctx.db, s, fingerprintOf(input.title, input.body));
  return { duplicates: await duplicateLinesOf(ctx, ctx.db, hits) };
}
