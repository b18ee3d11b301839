/**
 * Records of use written by the deployment itself when an upper office in the same deployment accepts
 * an item a lower office forwarded to it: an `upper_adoption` record on the work as its own unit and
 * authors submitted it (the first item of the chain), at the level the link names, dated the day of
 * the acceptance in the deployment's time zone. Nobody types it; it is idempotent per work and level.
 * When the upper office then publishes the item in one of its briefings, that publication is noted on
 * the same record (`recordForwardedPublication`), never as a second one.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { Ctx } from '../http/context';
import type { ForwardedItemAcceptedListener } from '../submissions/forward-hooks';
import { submissionForwards, submissions } from '../submissions/tables';
import { units } from '../org/tables';
import { levelsAt } from './registry';
import { noteUpperPublication, writeUpperAdoptionRecord } from './records';

/** The link's level (旗县局 / 市局 / 厅 / 部, or a code) as one of the organisation's level codes. */
export function levelCodeOf(levels: readonly { code: string; nameZh: string; nameEn: string }[], named: string | null): string {
  if (!named) return 'city';
  const t = named.trim();
  const hit = levels.find((l) => l.code === t || l.nameZh === t || l.nameEn.toLowerCase() === t.toLowerCase());
  return hit ? hit.code : t;
}

function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export const recordForwardedAcceptance: ForwardedItemAcceptedListener = async (tx, ctx, e) => {
  const [source] = await tx.select({ path: units.path }).from(submissions).innerJoin(units, eq(units.id, submissions.unitId)).where(eq(submissions.id, e.sourceId));
  const level = levelCodeOf(source ? await levelsAt(tx, source.path) : [], e.upperLevel);
  await writeUpperAdoptionRecord(tx, ctx, { submissionId: e.sourceId, level, date: localDate(e.acceptedAt, ctx.config.timeZone), forwardedSubmissionId: e.forwardedId });
};

/** The first item of a forwarding chain (所队 → 旗局 → 市局 → 厅): follows `forwarded_from` down, a few levels at most. */
async function sourceOf(tx: Tx, originalId: string): Promise<string> {
  let id = originalId;
  for (let i = 0; i < 10; i++) {
    const [row] = await tx.select({ from: submissions.forwardedFrom }).from(submissions).where(eq(submissions.id, id));
    if (!row?.from) break;
    id = row.from;
  }
  return id;
}

/** The line a publication adds to the adoption record: 鄂尔多斯市公安局政治部《公安宣传简报》2024年第12期刊发（2024-06-01）. */
export const publicationLine = (issue: { issuer: string; masthead: string; label: string; date: string }) => `${issue.issuer}《${issue.masthead}》${issue.label}刊发（${issue.date}）`;

/**
 * For the briefings domain, in its publishing transaction: of the items of the issue, those the
 * publishing office received by forwarding get the publication noted on the original work's adoption
 * record at that office's level — the record written when the office accepted it, or, if there is
 * none active (withdrawn meanwhile, or accepted before records were kept), one written now, dated the
 * issue's date. A source item no longer accepted is left alone: the upper office's publication goes on.
 */
export async function recordForwardedPublication(
  tx: Tx,
  ctx: Ctx,
  issue: { briefingId: string; issuer: string; masthead: string; label: string; date: string; submissionIds: readonly string[] },
): Promise<{ recordIds: string[] }> {
  const ids = [...new Set(issue.submissionIds)];
  if (!ids.length) return { recordIds: [] };
  const forwards = await tx
    .select({ forwardedId: submissionForwards.forwardedId, originalId: submissionForwards.originalId, upperLevel: submissionForwards.upperLevel })
    .from(submissionForwards)
    .where(inArray(submissionForwards.forwardedId, ids));
  const line = publicationLine(issue);
  const recordIds: string[] = [];
  for (const f of forwards) {
    const sourceId = await sourceOf(tx, f.originalId);
    const [source] = await tx.select({ status: submissions.status, path: units.path }).from(submissions).innerJoin(units, eq(units.id, submissions.unitId)).where(eq(submissions.id, sourceId));
    if (!source || source.status !== 'adopted') continue;
    const level = levelCodeOf(await levelsAt(tx, source.path), f.upperLevel);
    const record = await writeUpperAdoptionRecord(tx, ctx, { submissionId: sourceId, level, date: issue.date, forwardedSubmissionId: f.forwardedId });
    await noteUpperPublication(tx, ctx, { recordId: record.id, line, briefingId: issue.briefingId, forwardedSubmissionId: f.forwardedId });
    recordIds.push(record.id);
  }
  return { recordIds };
}
