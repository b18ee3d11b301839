/**
 * Authorization matrix entries for the audit log (see server/test/matrix/matrix.ts). An organisation's
 * auditor (role granted on A) reads only rows whose actor or target lies in A's subtree; the deployment
 * auditor reads every row. The list is checked with `leaks`; export and verify answer through the same
 * scope (server/audit/scope.int.test.ts checks them for both auditors).
 */
import { eq } from 'drizzle-orm';
import { people } from '../../org/tables';
import { cases, submissions } from '../../submissions/tables';
import type { MatrixCtx, MatrixEntries } from './matrix';

const AUDITORS = ['auditor', 'deployment_auditor'] as const;

/** Whether an audit row's actor or target lies in A's subtree. */
async function rowInOwn(m: MatrixCtx, r: { actorId: string | null; targetType: string | null; targetId: string | null }) {
  const unitOfPerson = async (id: string) => (await m.t.db.select({ unitId: people.unitId }).from(people).where(eq(people.id, id)))[0]?.unitId;
  if (r.actorId) {
    const u = await unitOfPerson(r.actorId);
    if (u && (await m.inOwn(u))) return true;
  }
  if (!r.targetId) return false;
  let unitId: string | undefined;
  if (r.targetType === 'person') unitId = await unitOfPerson(r.targetId);
  if (r.targetType === 'unit') unitId = r.targetId;
  if (r.targetType === 'submission') unitId = (await m.t.db.select({ u: submissions.unitId }).from(submissions).where(eq(submissions.id, r.targetId)))[0]?.u;
  if (r.targetType === 'case') unitId = (await m.t.db.select({ u: cases.unitId }).from(cases).where(eq(cases.id, r.targetId)))[0]?.u;
  return !!unitId && (await m.inOwn(unitId));
}

/** Rows of a GET /api/audit answer outside A's subtree, for an organisation's auditor. */
async function auditLeaks(m: MatrixCtx, data: unknown, caller: { role: string }) {
  if (caller.role === 'deployment_auditor') return [];
  const { items } = data as { items: { seq: number; event: string; actorId: string | null; targetType: string | null; targetId: string | null }[] };
  const out: string[] = [];
  for (const r of items) if (!(await rowInOwn(m, r))) out.push(`${r.seq} ${r.event}`);
  return out;
}

/** Units of a GET /api/audit/units answer outside A's subtree, for an organisation's auditor. */
async function unitLeaks(m: MatrixCtx, data: unknown, caller: { role: string }) {
  if (caller.role === 'deployment_auditor') return [];
  const out: string[] = [];
  for (const u of data as { id: string; name: string }[]) if (!(await m.inOwn(u.id))) out.push(u.name);
  return out;
}

const SCOPED_ELSEWHERE = 'answers through the same scope as the list; server/audit/scope.int.test.ts checks it for both auditors';

export const auditMatrix: MatrixEntries = {
  'GET /api/audit': { allow: AUDITORS, scoped: false, leaks: auditLeaks, request: async () => ({ url: '/api/audit?pageSize=200' }) },
  'GET /api/audit/units': { allow: AUDITORS, scoped: false, leaks: unitLeaks, request: async () => ({ url: '/api/audit/units' }) },
  'GET /api/audit/events': { allow: AUDITORS, scoped: false, unscopedReason: 'reference data: the catalogue of event codes', request: async () => ({ url: '/api/audit/events' }) },
  'GET /api/audit/verify': { allow: AUDITORS, scoped: false, unscopedReason: SCOPED_ELSEWHERE, request: async () => ({ url: '/api/audit/verify' }) },
  'GET /api/audit/export': { allow: AUDITORS, scoped: false, unscopedReason: SCOPED_ELSEWHERE, request: async () => ({ url: '/api/audit/export?format=csv' }) },
};
