import { and, desc, eq, or } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import { appError } from '../errors';
import type { Tx } from '../db/client';
import { can, requireAccess, type AuthedCtx, type Ctx } from '../http/context';
import { scopesFor } from '../access/roles';
import { units } from '../org/tables';
import { getUnitById, subtreeOf } from '../org/units';
import { cases } from './tables';

/**
 * Cases (案件) and their protected-names lists (informants, relatives, staff: seed 000). The names
 * feed the personal-data check of every item about the case; lists show only how many there are.
 */
export async function findCases(ctx: Ctx) {
  requireAccess(ctx, 'case.manage');
  const scopes = scopesFor(ctx.auth.grants, 'case.manage');
  const rows = await ctx.db
    .select({ c: cases, unitName: units.name })
    .from(cases)
    .innerJoin(units, eq(units.id, cases.unitId))
    .where(or(...scopes.map(subtreeOf)))
    .orderBy(desc(cases.createdAt))
    .limit(500);
  return rows.map(({ c, unitName }) => ({ id: c.id, title: c.title, unitId: c.unitId, unitName, protectedNameCount: c.protectedNames.length }));
}

export async function getCase(ctx: Ctx, id: string) {
  requireAccess(ctx, 'case.manage');
  const [row] = await ctx.db.select({ c: cases, unitPath: units.path }).from(cases).innerJoin(units, eq(units.id, cases.unitId)).where(eq(cases.id, id));
  // Out of scope answers like a missing case: existence is not revealed.
  if (!row || !can(ctx, 'case.manage', row.unitPath)) throw appError('common/not_found');
  return { id: row.c.id, title: row.c.title, unitId: row.c.unitId, protectedNames: row.c.protectedNames };
}

/**
 * A case the caller may name on an item or in the live check: one inside their case.manage scope.
 * Anything else is 404, as if it did not exist: an item shows its case's title, and the check tests
 * text against its protected names (informants, relatives, staff), so another unit's case must not
 * be usable to read either.
 */
export async function usableCase(ctx: AuthedCtx, tx: Tx, id: string): Promise<{ id: string; protectedNames: string[] }> {
  const [row] = await tx.select({ c: cases, unitPath: units.path }).from(cases).innerJoin(units, eq(units.id, cases.unitId)).where(eq(cases.id, id));
  if (!row || !can(ctx, 'case.manage', row.unitPath)) throw appError('common/not_found');
  return { id: row.c.id, protectedNames: row.c.protectedNames };
}

const clean = (names: string[]) => [...new Set(names.map((n) => n.trim()).filter(Boolean))];

export async function createCase(ctx: Ctx, input: { title: string; unitId?: string | undefined; protectedNames: string[] }) {
  requireAccess(ctx, 'case.manage');
  const unit = await getUnitById(ctx.db, input.unitId ?? ctx.auth.unitId);
  requireAccess(ctx, 'case.manage', unit.path);
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx.insert(cases).values({ title: input.title, unitId: unit.id, protectedNames: clean(input.protectedNames), createdBy: ctx.auth.personId, createdAt: ctx.now, updatedAt: ctx.now }).returning();
    // The names themselves are personal data: the audit row records how many, not who.
    await auditAction(tx, ctx, 'case.create', { type: 'case', id: c!.id }, { names: c!.protectedNames.length });
    return { id: c!.id, title: c!.title, unitId: c!.unitId, protectedNames: c!.protectedNames };
  });
}

export async function updateCase(ctx: Ctx, id: string, input: { title?: string | undefined; protectedNames?: string[] | undefined }) {
  requireAccess(ctx, 'case.manage');
  const current = await getCase(ctx, id);
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .update(cases)
      .set({ ...(input.title ? { title: input.title } : {}), ...(input.protectedNames ? { protectedNames: clean(input.protectedNames) } : {}), updatedAt: ctx.now })
      .where(and(eq(cases.id, id)))
      .returning();
    await auditAction(tx, ctx, 'case.update', { type: 'case', id: id }, { namesBefore: current.protectedNames.length, namesAfter: c!.protectedNames.length });
    return { id: c!.id, title: c!.title, unitId: c!.unitId, protectedNames: c!.protectedNames };
  });
}
