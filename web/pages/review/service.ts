/** Review queue API (server/submissions/routes.ts). */
import { api } from '../../app/request';
import type { Page, Unit } from '../../app/types';
import type { ReviewStatus, SubmissionKind } from '../submissions/service';
import type { Decision } from '../submission/service';

export { decide, type Decision } from '../submission/service';

export type QueueItem = {
  id: string;
  serial: string;
  kind: SubmissionKind;
  title: string;
  status: ReviewStatus;
  version: number;
  unitName: string;
  createdByName: string;
  sensitive: boolean;
  openFindings: number;
  heldSince: string;
  step: string;
  stepName: string;
  rev: number;
  passedByMe: boolean;
};

export type BulkResult = { results: { id: string; ok: boolean; status?: ReviewStatus; errorCode?: string }[]; passed: number; failed: number };

export type QueueQuery = { kind?: SubmissionKind | undefined; unitId?: string | undefined; page: number; pageSize: number };

/** One page of the queue, oldest first, and how many items wait in all. */
export const fetchQueue = (q: QueueQuery) => api.get<Page<QueueItem>>('/api/review/queue', q);
export const bulkDecide = (ids: string[], decision: Decision) => api.post<BulkResult>('/api/review/bulk', { ids, decision });
export const fetchUnits = () => api.get<Unit[]>('/api/units');
