import { z } from 'zod';
import { ZPage } from '../http/route';
import { ZDayRange, ZSort } from '../http/list';

/**
 * The columns the log sorts by (audit.ts auditSorts): newest first by default. Not the actor's unit:
 * it is not stored in the row, and ordering 100,000 rows by a looked-up name took 0.5–5 s.
 */
export const AUDIT_SORT_FIELDS = ['at', 'actor', 'event', 'outcome', 'ip'] as const;
export type AuditSortField = (typeof AUDIT_SORT_FIELDS)[number];

const filter = {
  /** Days (YYYY-MM-DD) in the deployment's time zone, both included. */
  ...ZDayRange,
  /** Rows whose actor or object lies in this unit or a unit below it. */
  unitId: z.uuid().optional(),
  actor: z.string().trim().max(64).optional(),
  event: z.string().trim().max(64).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
};
export const ZAuditQuery = z.strictObject({ ...filter, ...ZSort(AUDIT_SORT_FIELDS), ...ZPage });
/** One page of the log, as GET /api/audit answers it (documents the answer in the API description). */
export const ZAuditPage = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      /** Null only for a row not yet chained (the list chains first, so in practice never). */
      seq: z.number().int().nullable(),
      at: z.date(),
      actorId: z.string().nullable(),
      actorLogin: z.string().nullable(),
      /** The actor's unit, when the actor is a person inside the caller's scope. */
      actorUnitName: z.string().nullable(),
      event: z.string(),
      outcome: z.enum(['success', 'failure', 'denied']),
      targetType: z.string().nullable(),
      targetId: z.string().nullable(),
      /** The object's serial (an item), name (a person, a unit) or title (a case); null when unknown, gone or outside the caller's scope. */
      targetName: z.string().nullable(),
      ip: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
      prevHash: z.string().nullable(),
      hash: z.string().nullable(),
    }),
  ),
  total: z.number().int(),
});
export const ZAuditExportQuery = z.strictObject({ ...filter, format: z.enum(['xlsx', 'csv']).default('xlsx') });
