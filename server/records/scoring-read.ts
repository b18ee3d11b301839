/**
 * For the scoring domain: the active records of use of a unit subtree whose date falls in a range,
 * with what rules test (outlet tier, central main medium on a qualifying channel) and the item's kind,
 * tags, authors and whether it carries a video or an image. No access check: the scoring domain checked the caller.
 */
import { and, eq, gte, like, lte, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { units } from '../org/tables';
import { attachments, submissionAuthors, submissions } from '../submissions/tables';
import { outletChannels, outlets, recordsOfUse } from './tables';

const escLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

export async function readActiveUsesForScoring(db: Tx, q: { unitPath: string; from: string; to: string }) {
  return db
    .select({
      id: recordsOfUse.id,
      submissionId: recordsOfUse.submissionId,
      unitId: recordsOfUse.unitId,
      workKey: recordsOfUse.workKey,
      kind: recordsOfUse.kind,
      usedOn: recordsOfUse.usedOn,
      mode: recordsOfUse.mode,
      level: recordsOfUse.level,
      scope: recordsOfUse.scope,
      awardName: recordsOfUse.awardName,
      personId: recordsOfUse.personId,
      title: recordsOfUse.title,
      outletTier: outlets.tier,
      centralMain: outlets.centralMain,
      channelQualifies: outletChannels.qualifies,
      itemKind: submissions.kind,
      itemTags: submissions.tags,
      itemSerial: submissions.serial,
      itemTitle: submissions.title,
      authorIds: sql<string[]>`coalesce((select array_agg(${submissionAuthors.personId}::text order by ${submissionAuthors.personId}) from ${submissionAuthors} where ${submissionAuthors.submissionId} = ${recordsOfUse.submissionId}), '{}'::text[])`,
      hasVideo: sql<boolean>`exists (select 1 from ${attachments} where ${attachments.submissionId} = ${recordsOfUse.submissionId} and ${attachments.fileKind} = 'video' and ${attachments.removedAt} is null)`,
      hasImage: sql<boolean>`case when ${submissions.kind} = 'material' then exists (select 1 from ${attachments} where ${attachments.submissionId} = ${recordsOfUse.submissionId} and ${attachments.fileKind} = 'image' and ${attachments.removedAt} is null) else false end`,
    })
    .from(recordsOfUse)
    .innerJoin(units, eq(units.id, recordsOfUse.unitId))
    .leftJoin(outlets, eq(outlets.id, recordsOfUse.outletId))
    .leftJoin(outletChannels, eq(outletChannels.id, recordsOfUse.channelId))
    .leftJoin(submissions, eq(submissions.id, recordsOfUse.submissionId))
    .where(and(eq(recordsOfUse.status, 'active'), gte(recordsOfUse.usedOn, q.from), lte(recordsOfUse.usedOn, q.to), like(units.path, `${escLike(q.unitPath)}%`)));
}
