/**
 * Scoring API (server/scoring/routes.ts): rubrics, rankings, explanations, series. Every point value
 * is the server's exact decimal string; the pages show it as it comes, never through Number.
 */
import { api } from '../../app/request';

export type Subject = 'units' | 'people';
export type RubricRow = { id: string; name: string; template: 'A' | 'B' | null; currentVersion: { id: string; number: number; adoptedAt: string | null } | null; hasDraft: boolean };
export type RankingItem = { key: string; name: string; sectionName: string; mode: 'additive' | 'deductive'; max: string | null };
export type RankingRow = { id: string; name: string; unitName?: string | null; group: string | null; total: string; rank: number; items: Record<string, string> };
export type Ranking = { period: { key: string; from: string; to: string }; rubric: { id: string; name: string; versionNumber: number }; items: RankingItem[]; rows: RankingRow[] };
export type EntryStatus = 'counted' | 'dedupe' | 'cap' | 'floor' | 'window' | 'once_per_month';
export type ExplainEntry = {
  eventId: string;
  source: 'record' | 'ledger';
  sourceId: string;
  kind: string;
  at: string;
  work: { id: string; serial: string | null; title: string } | null;
  itemKey: string;
  itemName: string;
  ruleKey: string;
  clause: string;
  base: string;
  multiplier: { factor: string; reasons: string[] } | null;
  points: string;
  counted: string;
  status: EntryStatus;
  reason: string | null;
  keptInstead: { eventId: string; itemKey: string; points: string } | null;
};
export type Explanation = { subject: { id: string; name: string }; total: string; rank: number; entries: ExplainEntry[] };
export type Series = { periods: { key: string; label: string }[]; totals: string[]; byItem: Record<string, string[]> };

export const fetchRubrics = () => api.get<{ rubrics: RubricRow[] }>('/api/scoring/rubrics');
export const fetchRanking = (q: { rubricId: string; period: string; subject: Subject; group?: string | undefined }) => api.get<Ranking>('/api/scoring/rankings', q);
export const fetchExplanation = (q: { rubricId: string; period: string; unitId?: string; personId?: string }) => api.get<Explanation>('/api/scoring/explain', q);
export const fetchSeries = (q: { rubricId: string; year: number; by: 'month' | 'quarter'; unitId?: string; personId?: string }) => api.get<Series>('/api/scoring/series', q);
