/**
 * The archive's full-text index of submissions (search/vector.ts): `submissions.search_vector` holds
 * the words of the submitted content — title (weight A), tags (B), body (C) of the current version —
 * and is written in the same statement as that content (submit; a redaction of the current version).
 * A never-submitted draft has none (drafts are never searched). Older rows get theirs from the
 * `submissions.search_backfill` job, enqueued at every start: idempotent, batch by batch, rows
 * still null only.
 */
import { and, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { searchVectorSql } from '../search/vector';
import { submissions, submissionVersions } from './tables';

/** The search vector of one version's content. */
export function submissionSearchVector(v: { title: string; body: string; tags: readonly string[] }): SQL {
  return searchVectorSql([
    [v.title, 'A'],
    [v.tags.join(' '), 'B'],
    [v.body, 'C'],
  ]);
}

/** Fills the vectors still missing on submitted items, `batch` rows per statement; returns how many. */
export async function backfillSubmissionSearch(db: Db, opts: { batch?: number; limit?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 200;
  let done = 0;
  for (;;) {
    if (opts.limit !== undefined && done >= opts.limit) return done;
    const rows = await db
      .select({ id: submissions.id, title: submissionVersions.title, body: submissionVersions.body, tags: submissionVersions.tags })
      .from(submissions)
      .innerJoin(submissionVersions, and(eq(submissionVersions.submissionId, submissions.id), eq(submissionVersions.version, submissions.version)))
      .where(and(isNull(submissions.searchVector), isNotNull(submissions.submittedAt)))
      .limit(batch);
    if (!rows.length) return done;
    // One statement per batch: the vectors computed here, matched to their rows by id.
    const values = rows.map((r) => sql`(${r.id}::uuid, ${submissionSearchVector(r)})`);
    await db.execute(sql`update ${submissions} set search_vector = v.vec
      from (values ${sql.join(values, sql`, `)}) as v(id, vec)
      where ${submissions.id} = v.id and ${submissions.searchVector} is null`);
    done += rows.length;
  }
}

/** The submissions domain's background jobs (registered by server/main.ts). */
export const submissionJobs = [
  {
    name: 'submissions.search_backfill',
    maxAttempts: 5,
    run: async (ctx: { db: Db }) => void (await backfillSubmissionSearch(ctx.db)),
  },
];
