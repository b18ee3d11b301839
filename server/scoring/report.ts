/**
 * The scores of an organisation's rubric for a range of dates, as the operator's command prints them
 * (`xuanbao scores --json`): each unit's total, rank and points per item, each person's total and rank,
 * every value an exact decimal string; with `explain`, every entry of every unit and person.
 */
import { and, eq, or } from 'drizzle-orm';
import { appError } from '../errors';
import type { Ctx } from '../http/context';
import { computeScores } from './rankings';
import { formatPoints } from './engine/points';
import { entryReason, dateOf } from './reasons';
import { scoringRubrics } from './tables';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function scoresReport(ctx: Ctx, q: { orgId: string; rubric: string; from: string; to: string; explain?: boolean | undefined }) {
  const rows = await ctx.db
    .select({ id: scoringRubrics.id })
    .from(scoringRubrics)
    .where(and(eq(scoringRubrics.orgId, q.orgId), UUID.test(q.rubric) ? or(eq(scoringRubrics.id, q.rubric), eq(scoringRubrics.name, q.rubric)) : eq(scoringRubrics.name, q.rubric)));
  if (rows.length !== 1) throw appError(rows.length ? 'common/validation' : 'common/not_found', {}, rows.length ? [{ path: 'rubric', message: '多个考核细则同名，请用 id / several rubrics have this name; use the id' }] : []);
  const first = await computeScores({ ctx, rubricId: rows[0]!.id, orgId: q.orgId, period: `${q.from}..${q.to}` });
  const s = q.explain ? await computeScores({ ctx, rubricId: rows[0]!.id, orgId: q.orgId, period: `${q.from}..${q.to}`, explain: { units: first.units.map((u) => u.id), people: first.people.map((p) => p.id) } }) : first;
  const c = s.compiled;
  const tz = ctx.config.timeZone;
  const entries = (list: ReturnType<typeof s.result.unitEntries.get>) =>
    (list ?? []).map((e) => {
      const label = s.labels.get(e.eventId);
      const sign = (v: number) => formatPoints(e.deduction ? -v : v);
      return {
        eventId: e.eventId,
        source: label?.source ?? 'record',
        kind: e.kind,
        date: dateOf(e.at, tz),
        work: label?.work ?? null,
        item: e.itemKey,
        rule: e.ruleKey,
        clause: e.clause,
        multiplier: e.multiplier ? { factor: formatPoints(e.multiplier.factor), reasons: e.multiplier.reasons } : null,
        points: sign(e.points),
        counted: sign(e.counted),
        status: e.status,
        reason: entryReason(e, c, ctx.locale, tz),
      };
    });
  const unitById = new Map(s.units.map((u) => [u.id, u]));
  const personById = new Map(s.people.map((p) => [p.id, p]));
  return {
    rubric: { id: s.rubric.id, name: s.rubric.name, versionNumber: s.versionNumber },
    period: { from: s.period.firstDay, to: s.period.lastDay, timeZone: tz },
    items: c.items.map((it) => ({ key: it.key, name: it.name, section: c.sections[it.sectionIndex]!.name, mode: it.mode, max: it.max === null ? null : formatPoints(it.max) })),
    units: s.result.units.map((u) => ({
      id: u.unitId,
      name: unitById.get(u.unitId)!.name,
      type: unitById.get(u.unitId)!.type,
      total: formatPoints(u.total),
      rank: u.rank,
      items: Object.fromEntries(c.items.map((it, i) => [it.key, formatPoints(u.items[i]!)])),
      ...(q.explain ? { entries: entries(s.result.unitEntries.get(u.unitId)) } : {}),
    })),
    people: s.result.people.map((p) => ({
      id: p.personId,
      name: personById.get(p.personId)!.name,
      unitName: personById.get(p.personId)!.unitName,
      total: formatPoints(p.total),
      rank: p.rank,
      ...(q.explain ? { entries: entries(s.result.personEntries.get(p.personId)) } : {}),
    })),
  };
}
