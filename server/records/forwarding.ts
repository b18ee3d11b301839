/**
 * Records of use written by the deployment itself when an upper office in the same deployment accepts
 * an item a lower office forwarded to it: an `upper_adoption` record on the work as its own unit and
 * authors submitted it (the first item of the chain), at the level the link names, dated the day of
 * the acceptance in the deployment's time zone. Nobody types it; it is idempotent per work and level.
 */
import { eq } from 'drizzle-orm';
import type { ForwardedItemAcceptedListener } from '../submissions/forward-hooks';
import { submissions } from '../submissions/tables';
import { units } from '../org/tables';
import { levelsAt } from './registry';
import { writeUpperAdoptionRecord } from './records';

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
