/** Item page API: the item, decisions, personal-data findings, sensitivity (server/submissions/routes.ts). */
import { api } from '../../app/request';
import type { ReviewStatus, Sensitivity } from '../submissions/service';

export { fetchSubmission, submitSubmission, withdrawSubmission, discardDraft, type SubmissionDetail } from '../submissions/service';

export type Decision = { type: 'pass' } | { type: 'return'; comment: string } | { type: 'reject'; reason: string };

export const decide = (id: string, decision: Decision, rev?: number) =>
  api.post<{ status: ReviewStatus; stageIndex: number | null }>(`/api/submissions/${id}/decision`, rev === undefined ? decision : { ...decision, rev });
export const resolveFinding = (id: string, findingId: string, action: 'confirm' | 'redact', note?: string) =>
  api.post<{ openFindings: number }>(`/api/submissions/${id}/findings/${findingId}`, note ? { action, note } : { action });
export const setSensitivity = (id: string, sensitive: boolean, sensitivity: Sensitivity | null) => api.put<unknown>(`/api/submissions/${id}/sensitivity`, { sensitive, sensitivity });
