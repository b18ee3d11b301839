/**
 * Ledger entries API (server/scoring/routes.ts): the events the rubrics count that no screen records
 * (a task not done, a nomination missed, a violation, an emergency task done well, an award to a
 * person or to a work outside the system), entered by editors with evidence; withdrawn or corrected
 * with a reason.
 */
import { api, upload } from '../../app/request';

export const LEDGER_KINDS = ['task_missed', 'nomination_missed', 'violation', 'emergency_task', 'award_person', 'award_work'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export type LedgerStatus = 'active' | 'withdrawn';
export type LedgerAttrs = { task?: string; negative_coverage?: boolean; title?: string; level?: string; field?: string };
export type LedgerFile = { id: string; name: string; size?: number };
export type LedgerEntry = {
  id: string;
  unitId: string;
  unitName: string;
  personId: string | null;
  personName: string | null;
  kind: LedgerKind;
  occurredOn: string;
  month: string | null;
  attrs: LedgerAttrs;
  note: string | null;
  evidenceUrl: string | null;
  evidenceFiles: LedgerFile[];
  status: LedgerStatus;
  withdrawReason: string | null;
  createdByName: string | null;
  createdAt: string;
};
export type LedgerInput = {
  unitId: string;
  personId?: string | null;
  kind: LedgerKind;
  occurredOn: string;
  month?: string | null;
  attrs: LedgerAttrs;
  note?: string | null;
  evidenceUrl?: string | null;
  evidenceFileIds?: string[];
};
export type LedgerQuery = { unitId?: string; period?: string; kind?: LedgerKind; status?: LedgerStatus; page: number; pageSize: number };

export const fetchLedger = (q: LedgerQuery) => api.get<{ items: LedgerEntry[]; total: number }>('/api/scoring/ledger', q);
export const createLedgerEntry = (body: LedgerInput) => api.post<{ id: string }>('/api/scoring/ledger', body);
export const withdrawLedgerEntry = (id: string, reason: string) => api.post<unknown>(`/api/scoring/ledger/${encodeURIComponent(id)}/withdraw`, { reason });
export const correctLedgerEntry = (id: string, body: LedgerInput & { reason: string }) => api.post<{ id: string }>(`/api/scoring/ledger/${encodeURIComponent(id)}/correct`, body);
export const uploadEvidence = (file: File, onProgress?: (p: number) => void) => upload<LedgerFile>('/api/scoring/ledger-evidence', file, onProgress ? { onProgress } : {});
export const evidenceUrl = (fileId: string) => `/api/scoring/ledger-evidence/${encodeURIComponent(fileId)}`;
