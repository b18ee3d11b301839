/** Review queue API (server/submissions/routes.ts). */
import { call, type QueryOf, type ResponseOf } from '../../app/api';
import type { SubmissionKind } from '../submissions/service';
import type { Decision } from '../submission/service';

export { decide, type Decision } from '../submission/service';

export type QueueItem = ResponseOf<'GET /api/review/queue'>['items'][number];
export type BulkResult = ResponseOf<'POST /api/review/bulk'>;

export type QueueQuery = QueryOf<'GET /api/review/queue'> & { kind?: SubmissionKind | undefined; page: number; pageSize: number };
/** The columns the queue sorts by on the server (server/submissions/schema.ts QUEUE_SORT_FIELDS). */
export const QUEUE_SORT_FIELDS = ['serial', 'title', 'unit', 'heldSince', 'submittedAt'] as const satisfies readonly NonNullable<QueueQuery['sort']>[];

/** One page of the queue, oldest first, and how many items wait in all. */
export const fetchQueue = (q: QueueQuery): Promise<{ items: QueueItem[]; total: number }> =>
  call('GET /api/review/queue', { query: q }) as Promise<{ items: QueueItem[]; total: number }>;
/** confirmDuplicates: the flagged items the reviewer chose to pass anyway (the server refuses any other flagged one). */
export const bulkDecide = (ids: string[], decision: Decision, confirmDuplicates: string[] = []) =>
  call('POST /api/review/bulk', { body: { ids, decision, ...(confirmDuplicates.length ? { confirmDuplicates } : {}) } });
export const fetchUnits = () => call('GET /api/units');
