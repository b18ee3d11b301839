/**
 * Authorization matrix entries for the audit log (see server/test/matrix/matrix.ts). The log is not split
 * by unit: an auditor reads all of it, wherever their role is granted, so the routes are unscoped.
 */
import type { MatrixEntries } from './matrix';

const UNSPLIT = 'the audit log is not split by unit';

export const auditMatrix: MatrixEntries = {
  'GET /api/audit': { allow: ['auditor'], scoped: false, unscopedReason: UNSPLIT, request: async () => ({ url: '/api/audit?pageSize=5' }) },
  'GET /api/audit/events': { allow: ['auditor'], scoped: false, unscopedReason: 'reference data: the catalogue of event codes', request: async () => ({ url: '/api/audit/events' }) },
  'GET /api/audit/verify': { allow: ['auditor'], scoped: false, unscopedReason: UNSPLIT, request: async () => ({ url: '/api/audit/verify' }) },
  'GET /api/audit/export': { allow: ['auditor'], scoped: false, unscopedReason: UNSPLIT, request: async () => ({ url: '/api/audit/export?format=csv' }) },
};
