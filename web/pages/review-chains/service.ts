import { api } from '../../app/request';
import type { Page, Unit } from '../../app/types';
import type { ReviewChain, SubmissionKind } from '../../../server/submissions/stages';

export type { ReviewChain, SubmissionKind };

/** One organisation's chain for one kind; `custom` = set by an administrator (else the default). */
export type ChainRow = { rootUnitId: string; kind: SubmissionKind; chain: ReviewChain; custom: boolean };
/** The few fields of a person the people picker shows. */
export type PersonRef = { id: string; name: string; login: string; unitName: string; active: boolean };

export const fetchChains = () => api.get<ChainRow[]>('/api/review/chains');
/** New submissions of this kind in this organisation follow the chain; items in flight keep theirs. */
export const saveChain = (input: { rootUnitId: string; kind: SubmissionKind; chain: ReviewChain }) => api.put<null>('/api/review/chains', input);
export const fetchUnits = () => api.get<Unit[]>('/api/units');
export const searchPeople = (rootUnitId: string, q: string, signal?: AbortSignal) =>
  api.get<Page<PersonRef>>('/api/people', { unitId: rootUnitId, q: q.trim() || undefined, pageSize: 20 }, signal);
export const fetchPerson = (id: string) => api.get<PersonRef>(`/api/people/${id}`);
