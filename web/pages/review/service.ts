/** Review queue API (server/review/routes.ts). */
import { call, type Narrow, type ResponseOf } from '../../app/api';
import type { ReviewStatus, SubmissionKind } from '../submissions/service';
import type { Decision } from '../submission/service';

export { decide, type Decision } from '../submission/service';

export type QueueItem = Narrow<ResponseOf<'GET /api/review/queue'>[number], { kind: SubmissionKind; status: ReviewStatus }>;
export type BulkResult = ResponseOf<'POST /api/review/bulk'>;

export const fetchQueue = (q: { kind?: SubmissionKind | undefined; unitId?: string | undefined }): Promise<QueueItem[]> =>
  call('GET /api/review/queue', { query: q }) as Promise<QueueItem[]>;
export const bulkDecide = (ids: string[], decision: Decision) => call('POST /api/review/bulk', { body: { ids, decision } });
export const fetchUnits = () => call('GET /api/units');
