/**
 * The authorization matrix (SECURITY.md: deny by default; function- and object-level checks):
 * every /api route × anonymous × each role × a target inside / outside the caller's unit subtree.
 * The entries live in server/<domain>/matrix.ts; this file enumerates the router and fails when a
 * route is missing from the matrix or the matrix disagrees with the router.
 */
import type { Method } from '../../http/route';
import { desc, gt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, auditRefusals } from '../../audit/tables';
import { ROLES, type Permission } from '../../access/roles';
import { createTestApp, type TestApp } from '../app';
import {
  ACCESS_CODES,
  allowOf,
  createMatrixCtx,
  expectedProblem,
  MATRIX,
  matrixProblems,
  rolesReaching,
  type Caller,
  type MatrixCtx,
  type MatrixEntry,
  type MatrixRequest,
  type MatrixResponse,
  type Target,
} from './matrix';
import type { RouteInfo } from '../../http/app';

let t: TestApp;
let m: MatrixCtx;

beforeAll(async () => {
  t = await createTestApp();
  m = await createMatrixCtx(t);
});
afterAll(async () => {
  await t?.close();
});

describe('the matrix and the router agree', () => {
  it('has an entry for every /api route, no entry for a route that does not exist, and the access each route declares', () => {
    expect(t.app.xb.routes.length).toBeGreaterThanOrEqual(25);
    expect(matrixProblems(t.app.xb.routes, MATRIX)).toEqual([]);
  });

  it('reports a missing entry, a stale entry, a wrong role list, a wrong kind, a scoped public route and an unexplained unscoped route', () => {
    const routes: RouteInfo[] = [
      { method: 'GET', url: '/api/x', access: { permission: 'unit.read' } },
      { method: 'POST', url: '/api/x', access: { permission: 'person.manage' } },
      { method: 'GET', url: '/api/y', access: { signedIn: true } },
      { method: 'GET', url: '/api/z', access: { public: true } },
      { method: 'GET', url: '/api/new', access: { public: true } },
      { method: 'GET', url: '/api/list', access: { permission: 'unit.read' } },
      { method: 'GET', url: '/api/list/:id', access: { permission: 'unit.read' } },
    ];
    const request = async () => ({ url: '/' });
    const problems = matrixProblems(routes, {
      'GET /api/x': { allow: ['correspondent', 'unit_approver', 'editor', 'leader'], scoped: false, request },
      'POST /api/x': { allow: ['admin'], scoped: true, request },
      'GET /api/y': { allow: 'public', scoped: false, request },
      'GET /api/z': { allow: 'public', scoped: true, request },
      'DELETE /api/gone': { allow: ['admin'], scoped: true, request },
      'GET /api/list': { allow: ['correspondent', 'unit_approver', 'editor', 'leader', 'admin'], scoped: false, leaks: async () => [], request },
      'GET /api/list/:id': { allow: ['correspondent', 'unit_approver', 'editor', 'leader', 'admin'], scoped: false, request },
    });
    expect(problems).toEqual([
      'GET /api/x: matrix allows correspondent,editor,leader,unit_approver, route declares admin,correspondent,editor,leader,unit_approver',
      'GET /api/x: a permission route must be scoped, check its list with leaks, or say why not (unscopedReason)',
      'GET /api/y: matrix allows public, route declares signedIn',
      'GET /api/z: a public route cannot be scoped to a unit',
      'GET /api/new: no matrix entry',
      'GET /api/list/:id: a permission route must be scoped, check its list with leaks, or say why not (unscopedReason)',
      'DELETE /api/gone: matrix entry for a route that does not exist',
    ]);
  });

  it('refuses a declared answer that would pass off a refusal of access as a business answer', () => {
    const routes: RouteInfo[] = [
      { method: 'GET', url: '/api/a', access: { permission: 'submission.read' } },
      { method: 'GET', url: '/api/b', access: { permission: 'submission.read' } },
      { method: 'GET', url: '/api/c', access: { permission: 'submission.read' } },
      { method: 'GET', url: '/api/d', access: { signedIn: true } },
    ];
    const request = async () => ({ url: '/' });
    const hidden = async () => [];
    const readers = ['correspondent', 'unit_approver', 'editor', 'leader'] as const;
    const problems = matrixProblems(routes, {
      'GET /api/a': { allow: readers, scoped: true, ok: { status: 403, code: 'auth/forbidden' }, request },
      'GET /api/b': { allow: readers, scoped: true, ok: { status: 401, code: 'auth/unauthenticated', reason: 'no' }, request },
      'GET /api/c': { allow: readers, scoped: true, ok: { status: 403, code: 'review/not_your_stage' }, hidden, request },
      'GET /api/d': { allow: 'signedIn', scoped: false, hidden, request },
    });
    expect(problems).toEqual([
      'GET /api/a: ok 403 auth/forbidden: a role the route admits may be refused by the service only with a reason',
      'GET /api/b: ok 401 auth/unauthenticated: a 401 is never a business answer',
      'GET /api/d: a signedIn route has nothing hidden',
    ]);
    expect(expectedProblem({ status: 403, code: 'auth/totp_setup_required', reason: 'x' })).toBe('403 auth/totp_setup_required: an access code is not a business answer');
    expect(expectedProblem({ status: 403, code: 'auth/forbidden', reason: 'only the author or a reviewer uploads' })).toBeUndefined();
    expect(expectedProblem({ status: 409, code: 'submission/not_editable' })).toBeUndefined();
  });
});

describe('separation of duties over the router (三权分立)', () => {
  const MANAGES: readonly Permission[] = ['person.manage', 'unit.manage'];
  const changesOrg = (r: RouteInfo) =>
    ('permission' in r.access && MANAGES.includes(r.access.permission)) || (/^\/api\/(people|units)(\/|$)/.test(r.url) && r.method !== 'GET');
  const readsAudit = (r: RouteInfo) => ('permission' in r.access && r.access.permission.startsWith('audit.')) || /^\/api\/audit(\/|$)/.test(r.url);

  it('lets no route that changes people or units, or reads the audit log, be reached by both the administrator and the auditor', () => {
    const sensitive = t.app.xb.routes.filter((r) => changesOrg(r) || readsAudit(r));
    // Not vacuous: the people/unit changes and the audit reads are all in the list.
    expect(sensitive.filter(readsAudit).length).toBeGreaterThanOrEqual(3);
    expect(sensitive.filter(changesOrg).length).toBeGreaterThanOrEqual(10);
    const both = sensitive
      .filter((r) => {
        const roles = rolesReaching(allowOf(r.access));
        return roles.includes('admin') && roles.includes('auditor');
      })
      .map((r) => `${r.method} ${r.url}`);
    expect(both).toEqual([]);
    // And the administrator never reads the audit log; the auditor never changes people or units.
    expect(sensitive.filter((r) => readsAudit(r) && rolesReaching(allowOf(r.access)).includes('admin')).map((r) => r.url)).toEqual([]);
    expect(sensitive.filter((r) => changesOrg(r) && rolesReaching(allowOf(r.access)).includes('auditor')).map((r) => r.url)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The run: every route × anonymous × role × own / other.

const REFUSAL = {
  401: 'auth/unauthenticated',
  403: 'auth/forbidden',
  404: 'common/not_found',
} as const;

async function lastAuditSeq(): Promise<number> {
  const [row] = await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return row?.seq ?? 0;
}

/** Refusals counted so far (server/audit: the first of a source's minute is a row, the rest a count). */
async function refusalsCounted(): Promise<number> {
  const [row] = await t.db.select({ n: sql<string | null>`sum(${auditRefusals.count})` }).from(auditRefusals);
  return Number(row?.n ?? 0);
}

type Outcome = { who: string; target: Target | 'hidden'; res: MatrixResponse; before: number; counted: number; caller: Caller | null };

async function call(method: string, entry: MatrixEntry, target: Target, caller: Caller | null): Promise<Outcome> {
  return send(method, await entry.request(m, target, caller), target, caller);
}

async function send(method: string, req: MatrixRequest, target: Target | 'hidden', caller: Caller | null): Promise<Outcome> {
  const before = await lastAuditSeq();
  const counted = await refusalsCounted();
  const res = await t.request(method as Method, req.url, {
    ...(caller ? { cookie: caller.cookie } : {}),
    ...(req.body !== undefined ? { body: req.body } : method === 'GET' ? {} : { body: {} }),
    ...(req.headers ? { headers: req.headers } : {}),
  });
  return { who: caller?.role ?? 'anonymous', target, res, before, counted, caller };
}

const brief = (o: Outcome) => `${o.who}/${o.target}: ${o.res.status} ${o.res.json?.errorCode ?? ''}`.trim();

/**
 * A refused call: the right status and code; for 401/403 one access.denied audit row naming the route
 * and the caller; and no other audit row (the call changed nothing).
 */
async function refused(o: Outcome, key: string, status: 401 | 403 | 404, problems: string[]) {
  const code = REFUSAL[status];
  if (o.res.status !== status || o.res.json?.errorCode !== code) {
    problems.push(`${brief(o)} — expected ${status} ${code}`);
    return;
  }
  await auditedRefusal(o, key, problems);
}

/**
 * The audit trail of a refused call: for 401/403 one access.denied row naming the route, the caller
 * and the code; and no other row (every change writes its audit row in the same transaction: any
 * other row means the refused call changed something).
 */
async function auditedRefusal(o: Outcome, key: string, problems: string[]) {
  const [method, url] = key.split(' ');
  const rows = await t.db.select().from(auditLog).where(gt(auditLog.seq, o.before));
  const denied = rows.filter(
    (r) =>
      r.event === 'access.denied' &&
      r.outcome === 'denied' &&
      r.actorId === (o.caller?.person.id ?? null) &&
      r.details.route === url &&
      r.details.method === method &&
      r.details.reason === o.res.json?.errorCode,
  );
  // Counted once; the caller's first refusal of the minute is also a row in full, naming the route.
  const counted = (await refusalsCounted()) - o.counted;
  const deniedRows = rows.filter((r) => r.event === 'access.denied');
  if (o.res.status !== 404 && (counted !== 1 || deniedRows.length > 1 || denied.length !== deniedRows.length)) {
    problems.push(`${brief(o)} — expected the refusal counted once (counted ${counted}) and at most one access.denied row naming it (found ${deniedRows.length}, ${denied.length} naming it)`);
  }
  const others = rows.filter((r) => r.event !== 'access.denied').map((r) => r.event);
  if (others.length) problems.push(`${brief(o)} — refused, yet it wrote ${others.join(', ')}`);
}

/**
 * An allowed call: not refused — a 2xx, or the business answer the entry declares. A declared 403
 * (a state rule such as review/not_your_stage) is audited like any refusal and changes nothing.
 */
async function allowed(o: Outcome, key: string, entry: MatrixEntry, problems: string[]) {
  const { status, json } = o.res;
  const code = json?.errorCode ?? '';
  const want = typeof entry.ok === 'function' ? entry.ok(o.caller) : entry.ok;
  const bad = want && expectedProblem(want);
  if (bad) {
    problems.push(`${brief(o)} — the entry declares ${bad}`);
    return;
  }
  const declared = !!want && status === want.status && code === want.code;
  if ((ACCESS_CODES.includes(code) || status === 401 || status === 403) && !declared) {
    problems.push(`${brief(o)} — refused, but this role may call the route`);
    return;
  }
  const ok = want ? declared : status >= 200 && status < 300;
  if (!ok) problems.push(`${brief(o)} — expected ${want ? `${want.status} ${want.code}` : '2xx'} ${JSON.stringify(json?.fields ?? '')}`);
  if (declared && status === 403) await auditedRefusal(o, key, problems);
  if (ok && entry.leaks && o.caller) {
    const leaked = await entry.leaks(m, o.res.data, o.caller);
    if (leaked.length) problems.push(`${brief(o)} — shows what lies outside the caller's scope: ${JSON.stringify(leaked)}`);
  }
}

describe('every route × anonymous × role × own/other unit', () => {
  for (const [key, entry] of Object.entries(MATRIX)) {
    it(key, async () => {
      const method = key.split(' ')[0]!;
      const problems: string[] = [];
      const may = rolesReaching(entry.allow);

      const anon = await call(method, entry, 'own', null);
      if (entry.allow === 'public') await allowed(anon, key, entry, problems);
      else await refused(anon, key, 401, problems);

      for (const role of ROLES) {
        const caller = entry.caller === 'fresh' ? await m.freshCaller(role) : m.callers[role];
        const own = await call(method, entry, 'own', caller);
        if (may.includes(role)) await allowed(own, key, entry, problems);
        else await refused(own, key, 403, problems);

        if (entry.hidden && may.includes(role)) {
          for (const req of await entry.hidden(m, caller)) await refused(await send(method, req, 'hidden', caller), key, 404, problems);
        }

        if (entry.scoped) {
          const other = await call(method, entry, 'other', entry.caller === 'fresh' ? await m.freshCaller(role) : caller);
          await refused(other, key, may.includes(role) && entry.otherRefusal === 'not_found' ? 404 : 403, problems);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
