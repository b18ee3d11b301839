import { api, download } from '../../app/request';
import type { Page } from '../../app/types';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export type AuditEntry = {
  seq: number;
  at: string;
  actorId?: string | null;
  actorLogin: string | null;
  event: string;
  outcome: AuditOutcome;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
  hash: string;
};

export type AuditFilter = { from?: string | undefined; to?: string | undefined; actor?: string | undefined; event?: string | undefined; outcome?: AuditOutcome | undefined };

export type VerifyResult =
  | { ok: true; rows: number; firstSeq: number | null; lastSeq: number | null }
  | { ok: false; rows: number; break: { seq: number; reason: 'hash_mismatch' | 'prev_mismatch' | 'gap' | string } };

export const fetchAudit = (f: AuditFilter & { page: number; pageSize: number }) => api.get<Page<AuditEntry>>('/api/audit', f);
export const verifyAudit = () => api.get<VerifyResult>('/api/audit/verify');
export const exportAudit = (f: AuditFilter, format: 'xlsx' | 'csv') => download('/api/audit/export', { ...f, format }, `audit.${format}`);

/** Every event the server writes, grouped by area (the filter also accepts an area: "auth" = "auth.*"). */
export const AUDIT_EVENTS = {
  auth: ['auth.sign_in', 'auth.sign_out', 'auth.locked', 'auth.password_change', 'auth.totp_setup', 'auth.totp_enable', 'auth.totp_disable'],
  access: ['access.denied'],
  person: ['person.create', 'person.update', 'person.activate', 'person.deactivate', 'person.reset_password', 'person.unmask'],
  unit: ['unit.create', 'unit.update', 'unit.move', 'unit.activate', 'unit.deactivate', 'unit.delete'],
  audit: ['audit.verify', 'audit.export'],
} as const;

export type AuditArea = keyof typeof AUDIT_EVENTS;
export type KnownEvent = (typeof AUDIT_EVENTS)[AuditArea][number];
