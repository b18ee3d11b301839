import { call, type BodyOf, type ResponseOf } from '../../app/api';
import type { ReviewChain, SubmissionKind } from '../../../server/submissions/stages';

export type { ReviewChain, SubmissionKind };

/** One organisation's chain for one kind; `custom` = set by an administrator (else the default). */
export type ChainRow = ResponseOf<'GET /api/review/chains'>[number];
/** The few fields of a person the people picker shows. */
export type PersonRef = Pick<ResponseOf<'GET /api/people/:id'>, 'id' | 'name' | 'login' | 'unitName' | 'active'>;

export const fetchChains = () => call('GET /api/review/chains');
/** New submissions of this kind in this organisation follow the chain; items in flight keep theirs. */
export const saveChain = (input: { rootUnitId: string; kind: SubmissionKind; chain: ReviewChain }) =>
  // ReviewChain (the pure state machine's type) has readonly arrays and any role; the server's schema
  // is the stricter check and answers a field error for a role that may not hold a step.
  call('PUT /api/review/chains', { body: input as BodyOf<'PUT /api/review/chains'> });
export const fetchUnits = () => call('GET /api/units');
export const searchPeople = (rootUnitId: string, q: string, signal?: AbortSignal) =>
  call('GET /api/people', { query: { unitId: rootUnitId, q: q.trim() || undefined, pageSize: 20 }, ...(signal ? { signal } : {}) });
export const fetchPerson = (id: string): Promise<PersonRef> => call('GET /api/people/:id', { params: { id } });
