/** The item page's records of use (server/records/routes.ts). */
import { call, type BodyOf, type ResponseOf } from '../../app/api';
import { upload } from '../../app/request';

export type RecordsAnswer = ResponseOf<'GET /api/submissions/:id/records'>;
export type RecordItem = RecordsAnswer['records'][number];
export type RecordInput = BodyOf<'POST /api/submissions/:id/records'>;
export type Outlet = ResponseOf<'GET /api/outlets'>['outlets'][number];
export type LevelItem = ResponseOf<'GET /api/record-levels'>['levels'][number];
export type Evidence = ResponseOf<'POST /api/submissions/:id/record-evidence'>;

export const fetchRecords = (id: string) => call('GET /api/submissions/:id/records', { params: { id } });
export const addRecord = (id: string, body: RecordInput) => call('POST /api/submissions/:id/records', { params: { id }, body });
export const correctRecord = (recordId: string, rev: number, reason: string, record: RecordInput, removeEvidenceIds: string[]) =>
  call('PATCH /api/records/:id', { params: { id: recordId }, body: { reason, rev, record, removeEvidenceIds } });
export const withdrawRecord = (recordId: string, reason: string, rev: number) => call('POST /api/records/:id/withdraw', { params: { id: recordId }, body: { reason, rev } });
export const fetchOutlets = (unitId: string) => call('GET /api/outlets', { query: { unitId } });
export const fetchLevels = (unitId: string) => call('GET /api/record-levels', { query: { unitId } });
export const searchPeople = (q: string) => call('GET /api/people', { query: { q: q.trim() || undefined, pageSize: 20 } });
export const uploadEvidence = (itemId: string, file: File) => upload<Evidence>(`/api/submissions/${encodeURIComponent(itemId)}/record-evidence`, file);
export const evidenceUrl = (evidenceId: string, inline = false) => `/api/record-evidence/${encodeURIComponent(evidenceId)}${inline ? '?inline=1' : ''}`;

/** Whether an outlet matches what the user typed: its name or any alias (full-width and case ignored). */
export function outletMatches(o: Pick<Outlet, 'name' | 'aliases'>, typed: string): boolean {
  const n = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const q = n(typed);
  return !q || [o.name, ...o.aliases].some((x) => n(x).includes(q));
}
