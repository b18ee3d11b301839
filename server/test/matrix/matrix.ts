/**
 * The authorization matrix: for every /api route, who may call it and whether it is confined to the
 * caller's unit subtree. `access-matrix.int.test.ts` enumerates the router (`app.xb.routes`) and
 * fails when a route has no entry here, when an entry names no route, or when an entry disagrees
 * with the access the route declares; then it calls every route anonymously and as each role, on a
 * target inside and outside the caller's scope.
 *
 * Each domain keeps its entries in `server/<domain>/matrix.ts`; a new domain adds one line to
 * MATRIX below. An entry's `request` builds a call for a target ('own' / 'other') and, when it
 * matters, for the caller (their role and session); it creates whatever the call consumes. Extra
 * factories a domain needs (a submission in a given state …) live in that domain's matrix file and
 * use `m.t` (the test app) and `m.callers`.
 *
 * Fixtures: a root unit R with two sibling units A and B under it; one person per role, living in A,
 * with that role granted on A. "own" targets lie inside A's subtree, "other" targets inside B's.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { auditMatrix } from './audit';
import { authMatrix } from './auth';
import { orgMatrix } from './org';
import { reviewMatrix } from './review';
import { submissionsMatrix } from './submissions';
import { hashPassword } from '../../org/auth/password';
import { people, roleAssignments, units } from '../../org/tables';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../../access/roles';
import type { Unit } from '../../org/units';
import { TEST_PASSWORD, type TestApp } from '../app';
import type { Access } from '../../http/route';
import { jobsMatrix } from './jobs';
import { recordsMatrix } from './records';
import { briefingsMatrix } from './briefings';
import { archiveMatrix } from './archive';
import { homeMatrix } from './home';
import { scoringMatrix } from './scoring';

export type Target = 'own' | 'other';
export type MatrixPerson = { id: string; login: string };
/** Who makes a call in the matrix run: a role holder with a signed-in session. */
export type Caller = { role: Role; person: MatrixPerson; cookie: string };
/** `body` is sent as JSON unless `headers` give another content type (multipart: a Buffer). */
export type MatrixRequest = { url: string; body?: unknown; headers?: Record<string, string> };
/**
 * A business answer that is not a refusal of access: 409 from a state rule, or 403 with a code of the
 * domain (e.g. `review/not_your_stage` from the review state machine). Like every 401/403, a 403 answer
 * must write exactly one access.denied audit row and nothing else; the run checks it.
 *
 * An access code is never a business answer, with one exception: 403 `auth/forbidden` from a finer
 * rule inside the service, for a role the route admits (e.g. uploading to an item you neither wrote nor
 * review), and only with a `reason`. Roles the route excludes are always refused at the route.
 */
export type Expected = { status: number; code: string; reason?: string };
export type MatrixResponse = Awaited<ReturnType<TestApp['request']>>;

export type MatrixEntry = {
  /** Who may call the route: anyone, any signed-in person, or exactly these roles. */
  allow: 'public' | 'signedIn' | readonly Role[];
  /**
   * True when the route acts on a unit, person or record that belongs to a unit, and the caller's
   * permission must cover that unit: every role is refused on an 'other' target.
   */
  scoped: boolean;
  /**
   * Why a permission route is neither scoped nor a list checked by `leaks` (e.g. reference data, or
   * the audit log, which is not split by unit). Required for such routes, so none is left out by mistake.
   */
  unscopedReason?: string;
  /** How a scoped route refuses an 'other' target: 403 (default) or 404 when it hides existence. */
  otherRefusal?: 'forbidden' | 'not_found';
  /**
   * 'fresh' when the call consumes or changes the caller (sign-out, password change, TOTP): it is
   * made by a newly created person holding the role on A, signed in for this call only.
   */
  caller?: 'shared' | 'fresh';
  /**
   * The answer an allowed caller gets on an 'own' target when it is not a 2xx (a business rule), for
   * every caller or per caller (return undefined for "a 2xx").
   */
  ok?: Expected | ((caller: Caller | null) => Expected | undefined);
  /**
   * For lists and batch calls: what the answer shows or did outside what the caller may see (items of
   * other units, other people's drafts or notifications; expected: none).
   */
  leaks?: (m: MatrixCtx, data: unknown, caller: Caller) => Promise<unknown[]>;
  /** Builds the request; creates fresh objects when the call would consume them. */
  request: (m: MatrixCtx, target: Target, caller: Caller | null) => Promise<MatrixRequest>;
  /**
   * Calls on objects inside the caller's unit subtree that they still may not see or use (another
   * person's draft; a case of another unit named in their own draft): every role the route admits
   * gets 404 common/not_found (existence hidden), and the call changes nothing.
   */
  hidden?: (m: MatrixCtx, caller: Caller) => Promise<MatrixRequest[]>;
};

/** Keys are `METHOD url` with the url as registered, e.g. `PATCH /api/units/:id`. */
export type MatrixEntries = Record<string, MatrixEntry>;

const core: MatrixEntries = {
  'GET /api/health': { allow: 'public', scoped: false, request: async () => ({ url: '/api/health' }) },
  'GET /api/openapi.json': { allow: ['admin'], scoped: false, unscopedReason: 'the API description is not split by unit', request: async () => ({ url: '/api/openapi.json' }) },
  'GET /api/docs': { allow: ['admin'], scoped: false, unscopedReason: 'the API description is not split by unit', request: async () => ({ url: '/api/docs' }) },
};

export const MATRIX: MatrixEntries = {
  ...core,
  ...authMatrix,
  ...orgMatrix,
  ...auditMatrix,
  ...submissionsMatrix,
  ...reviewMatrix,
  ...jobsMatrix,
  ...recordsMatrix,
  ...briefingsMatrix,
  ...archiveMatrix,
  ...homeMatrix,
  ...scoringMatrix,
};

/** Why a declared answer (`ok`) would hide a refusal of access, or undefined when it is a business answer. */
export function expectedProblem(want: Expected): string | undefined {
  if (want.status === 401) return `${want.status} ${want.code}: a 401 is never a business answer`;
  if (ACCESS_CODES.includes(want.code) || want.code.startsWith('auth/')) {
    if (want.status !== 403 || want.code !== 'auth/forbidden') return `${want.status} ${want.code}: an access code is not a business answer`;
    if (!want.reason?.trim()) return `${want.status} ${want.code}: a role the route admits may be refused by the service only with a reason`;
  }
  return undefined;
}

/** The roles a declared access rule admits ('public' / 'signedIn' for those kinds). */
export function allowOf(access: Access): MatrixEntry['allow'] {
  if ('public' in access) return 'public';
  if ('signedIn' in access) return 'signedIn';
  return ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(access.permission));
}

/** Every role that can reach a route (anyone signed in, for public and signedIn routes). */
export function rolesReaching(allow: MatrixEntry['allow']): readonly Role[] {
  return allow === 'public' || allow === 'signedIn' ? ROLES : allow;
}

/** Differences between the router and the matrix, as readable lines (expected: none). */
export function matrixProblems(routes: readonly { method: string; url: string; access: Access }[], matrix: MatrixEntries): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const r of routes) {
    const key = `${r.method} ${r.url}`;
    keys.add(key);
    const entry = matrix[key];
    if (!entry) {
      problems.push(`${key}: no matrix entry`);
      continue;
    }
    const declared = allowOf(r.access);
    const a = typeof entry.allow === 'string' ? entry.allow : [...entry.allow].sort().join(',');
    const d = typeof declared === 'string' ? declared : [...declared].sort().join(',');
    if (a !== d) problems.push(`${key}: matrix allows ${a || '(nobody)'}, route declares ${d || '(nobody)'}`);
    if (entry.scoped && typeof entry.allow === 'string') problems.push(`${key}: a ${entry.allow} route cannot be scoped to a unit`);
    if ('permission' in r.access && !entry.scoped && !entry.leaks && !entry.unscopedReason) {
      problems.push(`${key}: a permission route must be scoped, check its list with leaks, or say why not (unscopedReason)`);
    }
    if (entry.ok && typeof entry.ok !== 'function') {
      const p = expectedProblem(entry.ok);
      if (p) problems.push(`${key}: ok ${p}`);
    }
    if (entry.hidden && typeof entry.allow === 'string') problems.push(`${key}: a ${entry.allow} route has nothing hidden`);
  }
  for (const key of Object.keys(matrix)) if (!keys.has(key)) problems.push(`${key}: matrix entry for a route that does not exist`);
  return problems;
}

export type MatrixCtx = {
  t: TestApp;
  units: { root: Unit; a: Unit; b: Unit };
  /** A for 'own', B for 'other'. */
  unit(target: Target): Unit;
  /** The role holders (in A, role granted on A) and their shared sessions. */
  callers: Record<Role, Caller>;
  /** A person without roles living in A ('own') or B ('other'); nobody signs in as them. */
  member(target: Target): MatrixPerson;
  /** A new unit directly under A or B. */
  freshUnit(target: Target, opts?: { active?: boolean }): Promise<Unit>;
  /** A new person in A or B. */
  freshPerson(target: Target, opts?: { roles?: Role[]; active?: boolean }): Promise<MatrixPerson>;
  /** A new person holding `role` on A, signed in with a session of their own. */
  freshCaller(role: Role): Promise<Caller>;
  /** A name nobody has used yet. */
  name(prefix: string): string;
  /** Whether a unit lies inside A's subtree. */
  inOwn(unitId: string): Promise<boolean>;
};

/** Builds the fixtures and signs every role in once (sessions are reused; the fake clock stands still). */
export async function createMatrixCtx(t: TestApp): Promise<MatrixCtx> {
  const root = await t.makeRoot(`矩阵根-${randomUUID().slice(0, 6)}`);
  const a = await t.makeUnit(root.id, '甲单位');
  const b = await t.makeUnit(root.id, '乙单位');
  const unit = (target: Target) => (target === 'own' ? a : b);
  const name = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
  // People are written directly and share one hash of TEST_PASSWORD: argon2 is slow on purpose.
  const sharedHash = hashPassword(TEST_PASSWORD);

  /** A real person row (and role grants), in `unitId`, with TEST_PASSWORD and no forced change. */
  const insert = async (o: { unitId: string; roles: { role: Role; unitId: string }[]; active?: boolean; name?: string }): Promise<MatrixPerson> => {
    const id = randomUUID();
    const login = name('p').toLowerCase();
    const now = t.clock();
    await t.db.insert(people).values({
      id,
      login,
      name: o.name ?? '新成员',
      unitId: o.unitId,
      passwordHash: await sharedHash,
      mustChangePassword: false,
      active: o.active ?? true,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    if (o.roles.length) await t.db.insert(roleAssignments).values(o.roles.map((r) => ({ personId: id, ...r, createdAt: now })));
    return { id, login };
  };

  const freshCaller = async (role: Role): Promise<Caller> => {
    const person = await insert({ unitId: a.id, roles: [{ role, unitId: a.id }] });
    const { res, cookie } = await t.signIn(person.login);
    if (res.status !== 200 || !cookie) throw new Error(`sign-in as ${role} failed: ${JSON.stringify(res.json)}`);
    return { role, person, cookie };
  };
  const callers = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await freshCaller(r)] as const))) as Record<Role, Caller>;
  const memberA = await insert({ unitId: a.id, roles: [], name: '甲成员' });
  const memberB = await insert({ unitId: b.id, roles: [], name: '乙成员' });

  return {
    t,
    units: { root, a, b },
    unit,
    callers,
    member: (target) => (target === 'own' ? memberA : memberB),
    freshUnit: async (target, opts = {}) => {
      const u = await t.makeUnit(unit(target).id, name('新单位'));
      if (opts.active === false) await t.db.update(units).set({ active: false }).where(eq(units.id, u.id));
      return u;
    },
    freshPerson: (target, opts = {}) =>
      insert({ unitId: unit(target).id, roles: (opts.roles ?? []).map((role) => ({ role, unitId: unit(target).id })), active: opts.active }),
    freshCaller,
    name,
    inOwn: async (unitId) => {
      const [u] = await t.db.select({ path: units.path }).from(units).where(eq(units.id, unitId));
      return !!u && u.path.startsWith(a.path);
    },
  };
}

/** Error codes that mean "refused access", whatever the status. */
export const ACCESS_CODES = ['auth/unauthenticated', 'auth/session_expired', 'auth/forbidden', 'auth/password_change_required', 'auth/totp_setup_required'];
