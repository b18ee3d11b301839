/**
 * Ledger entries API (server/scoring/routes.ts): the events the rubrics count that no screen records
 * (a task not done, a nomination missed, a violation, an emergency task done well, an award to a
 * person or to a work outside the system), entered by editors with evidence; withdrawn or corrected
 * with a reason.
 */
import { call, type BodyOf, type QueryOf, type ResponseOf } from '../../app/api';
import { upload } from '../../app/request';
import { LEDGER_KINDS, type LedgerKind, type LedgerStatus } from '../../../server/scoring/ledger-kinds';

export { LEDGER_KINDS, type LedgerKind, type LedgerStatus };
export type LedgerEntry = ResponseOf<'GET /api/scoring/ledger'>['items'][number];
export type LedgerInput = BodyOf<'POST /api/scoring/ledger'>;
export type LedgerCorrection = BodyOf<'POST /api/scoring/ledger/:id/correct'>;
export type LedgerFile = ResponseOf<'POST /api/scoring/ledger-evidence'>;
export type LedgerQuery = QueryOf<'GET /api/scoring/ledger'> & { page: number; pageSize: number };
/** The columns the ledger list sorts by on the server (server/scoring/schema.ts LEDGER_SORT_FIELDS). */
export const LEDGER_SORT_FIELDS = ['occurredOn', 'unit', 'kind', 'status', 'createdAt'] as const satisfies readonly NonNullable<LedgerQuery['sort']>[];

export const fetchLedger = (query: LedgerQuery) => call('GET /api/scoring/ledger', { query });
export const createLedgerEntry = (body: LedgerInput) => call('POST /api/scoring/ledger', { body });
export const withdrawLedgerEntry = (id: string, reason: string, rev: number) => call('POST /api/scoring/ledger/:id/withdraw', { params: { id }, body: { reason, rev } });
export const correctLedgerEntry = (id: string, body: LedgerCorrection) => call('POST /api/scoring/ledger/:id/correct', { params: { id }, body });
export const uploadEvidence = (file: File, onProgress?: (p: number) => void) => upload<LedgerFile>('/api/scoring/ledger-evidence', file, onProgress ? { onProgress } : {});
export const evidenceUrl = (fileId: string) => `/api/scoring/ledger-evidence/${encodeURIComponent(fileId)}`;
