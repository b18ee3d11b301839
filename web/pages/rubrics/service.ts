/** Rubrics API (server/scoring/routes.ts): list, create from a template, draft, what-if, adopt. */
import { api } from '../../app/request';
import type { RankingRow, RubricRow } from '../rankings/service';
import type { TextProblem } from './rubric-edit';

export type { RubricRow };
export type RubricFrom = 'template_a' | 'template_b' | 'blank';
export type RubricVersion = { id: string; number: number; createdAt: string; adoptedAt: string | null; createdByName?: string | null };
export type RubricDetail = {
  id: string;
  name: string;
  template: 'A' | 'B' | null;
  current: { number: number; yaml: string } | null;
  draft: { yaml: string; problems: TextProblem[] } | null;
  versions: RubricVersion[];
};
export type WhatIfChange = { unitId: string; name?: string; current: { total: string; rank: number }; draft: { total: string; rank: number }; rankChange: number; totalChange: string };
export type WhatIf = { problems: TextProblem[] } | { current: RankingRow[]; draft: RankingRow[]; changes: WhatIfChange[] };

export const fetchRubrics = () => api.get<{ rubrics: RubricRow[] }>('/api/scoring/rubrics');
export const createRubric = (body: { name: string; from: RubricFrom }) => api.post<{ id: string }>('/api/scoring/rubrics', body);
export const fetchRubric = (id: string) => api.get<RubricDetail>(`/api/scoring/rubrics/${encodeURIComponent(id)}`);
export const saveDraft = (id: string, yaml: string) => api.put<{ problems: TextProblem[] }>(`/api/scoring/rubrics/${encodeURIComponent(id)}/draft`, { yaml });
export const adoptDraft = (id: string) => api.post<unknown>(`/api/scoring/rubrics/${encodeURIComponent(id)}/adopt`);
export const whatIf = (body: { rubricId: string; yaml: string; period: string }) => api.post<WhatIf>('/api/scoring/what-if', body);
