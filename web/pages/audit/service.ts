import { call, type QueryOf, type ResponseOf } from '../../app/api';
import { download } from '../../app/request';

export type AuditEntry = ResponseOf<'GET /api/audit'>['items'][number];
export type AuditOutcome = AuditEntry['outcome'];
/** The filter the table and the export share (the list adds paging). */
export type AuditFilter = Omit<NonNullable<QueryOf<'GET /api/audit/export'>>, 'format'>;
export type VerifyResult = ResponseOf<'GET /api/audit/verify'>;
/** The event catalogue: every event code with its name in zh-CN and English, grouped by area. */
export type AuditCatalogue = ResponseOf<'GET /api/audit/events'>;

export const fetchAudit = (f: AuditFilter & { page: number; pageSize: number }) => call('GET /api/audit', { query: f });
export const verifyAudit = () => call('GET /api/audit/verify');
export const fetchAuditEvents = () => call('GET /api/audit/events');
export const exportAudit = (f: AuditFilter, format: 'xlsx' | 'csv') => download('/api/audit/export', { ...f, format }, `audit.${format}`);
