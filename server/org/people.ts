import { randomUUID } from 'node:crypto';
import { and, asc, eq, getTableColumns, gt, ilike, inArray, or, sql, type AnyColumn } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import { generatePassword, hashPassword } from './auth/password';
import { loadGrants, revokeSessionsOf } from './auth/sessions';
import type { Tx } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { appError } from '../errors';
import { can, isOperator, requireAccess, requireAccessOrHide, type Ctx } from '../http/context';
import { orderByAllowed, type SortOrder } from '../http/list';
import type { PeopleSortField } from './schema';
import { maskEmail, maskPhone } from './mask';
import { AUDITOR_ROLES, incompatiblePair, scopesFor, type Role } from '../access/roles';
import { people, roleAssignments, units } from './tables';
import { getUnitById, subtreeOf } from './units';

export type RoleInput = { role: Role; unitId: string };

export type PersonView = {
  id: string;
  login: string;
  name: string;
  unitId: string;
  unitName: string;
  phone: string | null;
  email: string | null;
  active: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  lastLoginAt: Date | null;
  roles: { role: Role; unitId: string; unitName: string }[];
};

/**
 * 三权分立: administrator and auditor never on one person; administrator and a deciding role
 * (editor, unit approver, leader) only where the deployment runs as a small office.
 */
function assertCompatible(roles: RoleInput[], smallOffice: boolean) {
  const bad = incompatiblePair(roles.map((r) => r.role), { smallOffice });
  if (bad) throw appError(bad.relaxable ? 'person/admin_reviewer' : 'person/separation_of_duties');
}

const isAuditorRole = (role: string) => AUDITOR_ROLES.includes(role as Role);

/**
 * Auditor accounts belong to the operator: outside an operator's command nobody grants or removes an
 * auditor role, or creates, changes, resets, unlocks, deactivates or activates an auditor's account.
 */
function requireOperatorFor(ctx: Ctx, touchesAuditor: boolean) {
  if (touchesAuditor && !isOperator(ctx)) throw appError('person/auditor_by_operator');
}

const audit = (tx: Tx, ctx: Ctx, event: string, personId: string, details: Record<string, unknown> = {}) =>
  auditAction(tx, ctx, event, { type: 'person', id: personId }, details);

async function rolesOf(tx: Tx, personIds: string[]) {
  if (!personIds.length) return [];
  return tx
    .select({ personId: roleAssignments.personId, role: roleAssignments.role, unitId: roleAssignments.unitId, unitName: units.name })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(inArray(roleAssignments.personId, personIds));
}

function view(
  p: typeof people.$inferSelect & { unitName: string },
  roles: { personId: string; role: string; unitId: string; unitName: string }[],
  now: Date,
  unmasked: boolean,
): PersonView {
  return {
    id: p.id,
    login: p.login,
    name: p.name,
    unitId: p.unitId,
    unitName: p.unitName,
    phone: unmasked ? p.phone : maskPhone(p.phone),
    email: unmasked ? p.email : maskEmail(p.email),
    active: p.active,
    locked: !!p.lockedUntil && p.lockedUntil.getTime() > now.getTime(),
    mustChangePassword: p.mustChangePassword,
    totpEnabled: p.totpEnabled,
    lastLoginAt: p.lastLoginAt,
    roles: roles.filter((r) => r.personId === p.id).map((r) => ({ role: r.role as Role, unitId: r.unitId, unitName: r.unitName })),
  };
}

const personColumns = { ...getTableColumns(people), unitName: units.name };

/** People in the caller's person.read scopes, filtered and paged. Phone and e-mail are masked. */
const PEOPLE_SORTS: Record<PeopleSortField, AnyColumn> = { name: people.name, login: people.login, unit: units.name, lastLoginAt: people.lastLoginAt, createdAt: people.createdAt };

export async function findPeople(
  ctx: Ctx,
  opts: {
    unitId?: string | undefined;
    q?: string | undefined;
    includeInactive?: boolean | undefined;
    locked?: boolean | undefined;
    sort?: PeopleSortField | undefined;
    order?: SortOrder | undefined;
    page: number;
    pageSize: number;
  },
) {
  requireAccess(ctx, 'person.read');
  const scopes = scopesFor(ctx.auth.grants, 'person.read');
  const conds = [or(...scopes.map(subtreeOf))];
  if (opts.unitId) {
    const u = await getUnitById(ctx.db, opts.unitId);
    requireAccessOrHide(ctx, 'person.read', u.path, 'person.read');
    conds.push(subtreeOf(u.path));
  }
  if (opts.q) {
    const q = `%${opts.q.replace(/[%_\\]/g, '\\$&')}%`;
    conds.push(or(ilike(people.name, q), ilike(people.login, q)));
  }
  if (!opts.includeInactive) conds.push(eq(people.active, true));
  if (opts.locked) conds.push(gt(people.lockedUntil, ctx.now));
  const where = and(...conds);
  const rows = await ctx.db
    .select(personColumns)
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(where)
    // By unit (tree order) and name unless a column is chosen; the id last keeps pages stable.
    .orderBy(...orderByAllowed(PEOPLE_SORTS, opts, [asc(units.path), asc(people.name), asc(people.id)], people.id))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(where);
  const roles = await rolesOf(ctx.db, rows.map((r) => r.id));
  return { items: rows.map((r) => view(r, roles, ctx.now, false)), total: Number(total) };
}

async function loadPerson(tx: Tx, id: string) {
  const [p] = await tx.select(personColumns).from(people).innerJoin(units, eq(units.id, people.unitId)).where(eq(people.id, id));
  // The same answer as a person outside the caller's scope (requireAccessOrHide).
  if (!p) throw appError('common/not_found');
  const unitPath = (await getUnitById(tx, p.unitId)).path;
  return { p, unitPath };
}

/** One person. With `unmask`, phone and e-mail are shown in full: needs person.unmask and is audited. */
export async function getPerson(ctx: Ctx, id: string, opts: { unmask?: boolean } = {}) {
  requireAccess(ctx, 'person.read');
  const { p, unitPath } = await loadPerson(ctx.db, id);
  requireAccessOrHide(ctx, 'person.read', unitPath, 'person.read');
  if (opts.unmask) {
    requireAccess(ctx, 'person.unmask', unitPath);
    await audit(ctx.db, ctx, 'person.unmask', id, { fields: ['phone', 'email'] });
  }
  return view(p, await rolesOf(ctx.db, [id]), ctx.now, !!opts.unmask);
}

/**
 * Changing an account needs person.manage over the person's unit and over every unit where they hold
 * a role: an administrator cannot reset, deactivate or edit (and so take over) an account whose powers
 * reach beyond the administrator's own scope.
 */
async function requireManage(ctx: Ctx, tx: Tx, id: string, unitPath: string) {
  requireAccessOrHide(ctx, 'person.manage', unitPath, 'person.read');
  const grants = await loadGrants(tx, id);
  requireOperatorFor(ctx, grants.some((g) => isAuditorRole(g.role)));
  for (const g of grants) requireAccess(ctx, 'person.manage', g.unitPath);
}

async function checkRoleScopes(ctx: Ctx, tx: Tx, roles: RoleInput[]) {
  for (const r of roles) {
    const u = await getUnitById(tx, r.unitId);
    requireAccessOrHide(ctx, 'person.manage', u.path, 'unit.read');
  }
}

export type CreatePersonInput = {
  login: string;
  name: string;
  unitId: string;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  roles: RoleInput[];
  password?: string | undefined;
};

/** Inserts a person; used by the API (through createPerson), the CLI and demo data. */
export async function insertPerson(tx: Tx, input: CreatePersonInput & { now: Date; mustChangePassword?: boolean; passwordHash?: string; smallOffice?: boolean }) {
  assertCompatible(input.roles, input.smallOffice ?? false);
  const password = input.password ?? generatePassword();
  const id = randomUUID();
  try {
    await tx.insert(people).values({
      id,
      login: input.login.trim().toLowerCase(),
      name: input.name,
      unitId: input.unitId,
      phone: input.phone ?? null,
      email: input.email ?? null,
      passwordHash: input.passwordHash ?? (await hashPassword(password)),
      passwordChangedAt: input.now,
      mustChangePassword: input.mustChangePassword ?? true,
      createdAt: input.now,
      updatedAt: input.now,
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw appError('person/login_taken');
    throw e;
  }
  const uniq = input.roles.filter((r, i, a) => a.findIndex((x) => x.role === r.role && x.unitId === r.unitId) === i);
  if (uniq.length) await tx.insert(roleAssignments).values(uniq.map((r) => ({ personId: id, role: r.role, unitId: r.unitId, createdAt: input.now })));
  return { id, password };
}

export async function createPerson(ctx: Ctx, input: CreatePersonInput) {
  const unit = await getUnitById(ctx.db, input.unitId);
  requireAccessOrHide(ctx, 'person.manage', unit.path, 'unit.read');
  requireOperatorFor(ctx, input.roles.some((r) => isAuditorRole(r.role)));
  const { id, password } = await ctx.db.transaction(async (tx) => {
    await checkRoleScopes(ctx, tx, input.roles);
    // An operator's command may give the initial password (read from standard input); the API never does.
    const created = await insertPerson(tx, {
      ...input,
      password: isOperator(ctx) ? input.password : undefined,
      now: ctx.now,
      smallOffice: ctx.config.smallOffice,
    });
    await audit(tx, ctx, 'person.create', created.id, { login: input.login.trim().toLowerCase(), unitId: input.unitId, roles: input.roles });
    return created;
  });
  return { person: await getPerson(ctx, id), initialPassword: password };
}

export async function updatePerson(
  ctx: Ctx,
  id: string,
  input: { name?: string | undefined; unitId?: string | undefined; phone?: string | null | undefined; email?: string | null | undefined; roles?: RoleInput[] | undefined },
) {
  const { p, unitPath } = await loadPerson(ctx.db, id);
  await requireManage(ctx, ctx.db, id, unitPath);
  await ctx.db.transaction(async (tx) => {
    if (input.unitId && input.unitId !== p.unitId) {
      const u = await getUnitById(tx, input.unitId);
      requireAccessOrHide(ctx, 'person.manage', u.path, 'unit.read');
    }
    const changes = Object.fromEntries(Object.entries({ name: input.name, unitId: input.unitId, phone: input.phone, email: input.email }).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length) await tx.update(people).set({ ...changes, updatedAt: ctx.now }).where(eq(people.id, id));
    if (input.roles) {
      const before = await rolesOf(tx, [id]);
      // The caller may only add or remove grants on units inside their own scope.
      const added = input.roles.filter((r) => !before.some((b) => b.role === r.role && b.unitId === r.unitId));
      const removed = before.filter((b) => !input.roles!.some((r) => r.role === b.role && r.unitId === b.unitId));
      // Nobody changes their own roles, up or down: another administrator (or the operator) must.
      if (id === ctx.auth?.personId && (added.length || removed.length)) throw appError('person/own_roles');
      requireOperatorFor(ctx, [...added, ...removed].some((r) => isAuditorRole(r.role)));
      assertCompatible(input.roles, ctx.config.smallOffice);
      await checkRoleScopes(ctx, tx, [...added, ...removed.map((r) => ({ role: r.role as Role, unitId: r.unitId }))]);
      for (const r of removed) {
        await tx.delete(roleAssignments).where(and(eq(roleAssignments.personId, id), eq(roleAssignments.role, r.role), eq(roleAssignments.unitId, r.unitId)));
      }
      if (added.length) await tx.insert(roleAssignments).values(added.map((r) => ({ personId: id, role: r.role, unitId: r.unitId, createdAt: ctx.now })));
      (changes as Record<string, unknown>).roles = { added, removed: removed.map((r) => ({ role: r.role, unitId: r.unitId })) };
    }
    // Phone and e-mail are personal data: the audit row says they changed, not what to.
    for (const k of ['phone', 'email']) if (k in changes) (changes as Record<string, unknown>)[k] = '(changed)';
    await audit(tx, ctx, 'person.update', id, { changes });
  });
  return getPerson(ctx, id);
}

export async function setPersonActive(ctx: Ctx, id: string, active: boolean) {
  const { unitPath } = await loadPerson(ctx.db, id);
  await requireManage(ctx, ctx.db, id, unitPath);
  if (!active && id === ctx.auth?.personId) throw appError('person/self_change');
  await ctx.db.transaction(async (tx) => {
    await tx.update(people).set({ active, updatedAt: ctx.now }).where(eq(people.id, id));
    if (!active) await revokeSessionsOf(tx, id, ctx.now);
    await audit(tx, ctx, active ? 'person.activate' : 'person.deactivate', id);
  });
  return getPerson(ctx, id);
}

/**
 * A new generated password, to be changed at next sign-in. Sessions end; the lockout is lifted.
 * A second factor stays on: a reset never bypasses TOTP.
 */
export async function resetPassword(ctx: Ctx, id: string) {
  const { unitPath } = await loadPerson(ctx.db, id);
  await requireManage(ctx, ctx.db, id, unitPath);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(people)
      .set({ passwordHash, mustChangePassword: true, failedAttempts: 0, lockedUntil: null, passwordChangedAt: ctx.now, updatedAt: ctx.now })
      .where(eq(people.id, id));
    await revokeSessionsOf(tx, id, ctx.now);
    await audit(tx, ctx, 'person.reset_password', id);
  });
  return { initialPassword: password };
}

/**
 * Lifts a sign-in lockout before it expires (人员管理 → 解锁, or `xuanbao user unlock`): the failure
 * count restarts; the password, sessions and second factor stay as they are.
 */
export async function unlockPerson(ctx: Ctx, id: string) {
  const { unitPath } = await loadPerson(ctx.db, id);
  await requireManage(ctx, ctx.db, id, unitPath);
  await ctx.db.transaction(async (tx) => {
    await tx.update(people).set({ failedAttempts: 0, lockedUntil: null, updatedAt: ctx.now }).where(eq(people.id, id));
    await audit(tx, ctx, 'person.unlock', id);
  });
  return getPerson(ctx, id);
}

export function canUnmask(ctx: Ctx) {
  return can(ctx, 'person.unmask');
}
