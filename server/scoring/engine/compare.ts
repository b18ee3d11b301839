/**
 * What-if: a draft rubric's ranking beside the current one, with each unit's change in rank, before
 * the draft is adopted. Pure: takes two engine results for the same units and period.
 */
import type { Milli } from './points';
import type { UnitScore } from './engine';

export type RankChange = {
  unitId: string;
  current: { total: Milli; rank: number };
  draft: { total: Milli; rank: number };
  /** Positive: the unit climbs (rank 5 → 2 is +3). */
  rankChange: number;
  totalChange: Milli;
};

/** Rows in the draft's order (rank, then the current rank). Units missing from one side are an error. */
export function compareRankings(current: readonly UnitScore[], draft: readonly UnitScore[]): RankChange[] {
  const before = new Map(current.map((u) => [u.unitId, u]));
  if (before.size !== draft.length) throw new Error('the two rankings must list the same units');
  const rows = draft.map((d) => {
    const c = before.get(d.unitId);
    if (!c) throw new Error(`unit ${d.unitId} is only in the draft ranking`);
    return { unitId: d.unitId, current: { total: c.total, rank: c.rank }, draft: { total: d.total, rank: d.rank }, rankChange: c.rank - d.rank, totalChange: d.total - c.total };
  });
  return rows.sort((a, b) => a.draft.rank - b.draft.rank || a.current.rank - b.current.rank);
}
