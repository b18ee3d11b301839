import { call, type QueryOf, type ResponseOf } from '../../app/api';
import { download } from '../../app/request';

export type AuditEntry = ResponseOf<'GET /api/audit'>['items'][number];
export type AuditOutcome = AuditEntry['outcome'];
/** The filter the table and the export share (the list adds paging). */
export type AuditFilter = Omit<NonNullable<QueryOf<'GET /api/audit/export'>>, 'format'>;
export type VerifyResult = ResponseOf<'GET /api/audit/verify'>;
/** The event catalogue: every event code with its name in zh-CN and English, grouped by area. */
export type AuditCatalogue = ResponseOf<'GET /api/audit/events'>;

type SortField = NonNullable<QueryOf<'GET /api/audit'>['sort']>;
/** The columns the log sorts by on the server (server/audit/schema.ts AUDIT_SORT_FIELDS). */
export const AUDIT_SORT_FIELDS = ['at', 'actor', 'event', 'outcome', 'ip'] as const satisfies readonly SortField[];

export const fetchAudit = (f: AuditFilter & { sort?: SortField | undefined; order?: 'asc' | 'desc' | undefined; page: number; pageSize: number }) => call('GET /api/audit', { query: f });
/** The units of the auditor's scope, for the unit filter. */
export const fetchAuditUnits = () => call('GET /api/audit/units');
export const verifyAudit = () => call('GET /api/audit/verify');
export const fetchAuditEvents = () => call('GET /api/audit/events');
export const exportAudit = (f: AuditFilter, format: 'xlsx' | 'csv') => download('/api/audit/export', { ...f, format }, `audit.${format}`);
