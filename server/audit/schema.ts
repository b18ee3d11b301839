import { z } from 'zod';
import { ZPage } from '../http/route';

const filter = {
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  actor: z.string().trim().max(64).optional(),
  event: z.string().trim().max(64).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
};
export const ZAuditQuery = z.strictObject({ ...filter, ...ZPage });
export const ZAuditExportQuery = z.strictObject({ ...filter, format: z.enum(['xlsx', 'csv']).default('xlsx') });
