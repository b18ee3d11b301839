import { randomUUID } from 'node:crypto';
import { and, asc, eq, like, or, sql, type AnyColumn } from 'drizzle-orm';
import { orderByAllowed, type SortOrder } from '../http/list';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { appError } from '../errors';
import { requireAccess, requireAccessOrHide, type Ctx } from '../http/context';
import { scopesFor } from '../access/roles';
import { people, roleAssignments, unitTypes, units } from './tables';
import type { UnitSortField } from './schema';

export type Unit = typeof units.$inferSelect;

const escLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');
export const subtreeOf = (path: string) => like(units.path, `${escLike(path)}%`);

export async function getUnitById(db: Tx, id: string): Promise<Unit> {
  const [u] = await db.select().from(units).where(eq(units.id, id));
  // The same answer as a unit outside the caller's scope (requireAccessOrHide): existence is not revealed.
  if (!u) throw appError('common/not_found');
  return u;
}

/** The name of the unit at a materialised path, or null (refusals name the unit a role is needed on). */
export async function unitNameByPath(db: Tx, path: string): Promise<string | null> {
  const [u] = await db.select({ name: units.name }).from(units).where(eq(units.path, path));
  return u?.name ?? null;
}

const auditUnit = (tx: Tx, ctx: Ctx, event: string, unitId: string, details: Record<string, unknown>) =>
  auditAction(tx, ctx, event, { type: 'unit', id: unitId }, details);

export async function findUnitTypes(ctx: Ctx) {
  requireAccess(ctx, 'unit.read');
  return ctx.db.select().from(unitTypes).orderBy(asc(unitTypes.sortOrder));
}

/** Units the caller may see (their unit.read scopes), as a flat list ordered for a tree. */
/** The columns the units list sorts by (GET /api/units?sort=…; the names in schema.ts), the id after each. */
const UNIT_SORTS: Record<UnitSortField, AnyColumn> = { name: units.name, type: units.type, sortOrder: units.sortOrder, createdAt: units.createdAt };

export async function findUnits(
  ctx: Ctx,
  opts: { includeInactive?: boolean; type?: string | undefined; q?: string | undefined; sort?: UnitSortField | undefined; order?: SortOrder | undefined } = {},
) {
  requireAccess(ctx, 'unit.read');
  const scopes = scopesFor(ctx.auth.grants, 'unit.read');
  if (!scopes.length) return [];
  const inScope = or(...scopes.map(subtreeOf));
  // A unit is kept when it, or a unit below it (in scope), matches: the matches keep their ancestors.
  const hit = and(
    opts.type ? sql`h.type = ${opts.type}` : undefined,
    opts.q ? sql`(h.name ilike ${`%${escLike(opts.q)}%`} or h.short_name ilike ${`%${escLike(opts.q)}%`})` : undefined,
    opts.includeInactive ? undefined : sql`h.active`,
    or(...scopes.map((p) => sql`h.path like ${`${escLike(p)}%`}`)),
  );
  const rows = await ctx.db
    .select()
    .from(units)
    .where(
      and(
        inScope,
        opts.includeInactive ? undefined : eq(units.active, true),
        opts.type || opts.q ? sql`exists (select 1 from ${units} h where h.path like ${units.path} || '%' and ${hit})` : undefined,
      ),
    )
    // Parents before children; within a level the chosen column, then the id (or sort order, then name).
    .orderBy(asc(units.depth), ...orderByAllowed(UNIT_SORTS, opts, [asc(units.sortOrder), asc(units.name), asc(units.id)], units.id));
  return rows;
}

async function assertType(tx: Tx, type: string) {
  const [t] = await tx.select().from(unitTypes).where(eq(unitTypes.key, type));
  if (!t) throw appError('unit/unknown_type');
}

/** Creates a top-level unit (an organisation). Operators only: the CLI and demo data call it. */
export async function createRootUnit(tx: Tx, input: { name: string; type: string; shortName?: string | null; now: Date }) {
  await assertType(tx, input.type);
  return insertUnit(tx, { ...input, parent: null });
}

/**
 * Inserts a unit under a parent without a caller's access check: for operator paths (demo data,
 * imports) that build a whole tree in one transaction. Web requests go through createUnit.
 */
export async function insertUnit(
  tx: Tx,
  input: { parent: { id: string; path: string; depth: number } | null; name: string; type: string; shortName?: string | null; sortOrder?: number; now: Date },
) {
  const id = randomUUID();
  const [u] = await tx
    .insert(units)
    .values({
      id,
      parentId: input.parent?.id ?? null,
      name: input.name,
      shortName: input.shortName ?? null,
      type: input.type,
      path: `${input.parent?.path ?? '/'}${id}/`,
      depth: input.parent ? input.parent.depth + 1 : 0,
      ...(input.sortOrder !== undefined ? { sortOrder: input.sortOrder } : {}),
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning();
  return u!;
}

/**
 * Creates an organisation (a top-level unit) with its audit row. Only the system caller (an
 * operator's command) holds unit.manage above every organisation, at the path '/'.
 */
export async function createOrganisation(ctx: Ctx, input: { name: string; type: string; shortName?: string | null }) {
  requireAccess(ctx, 'unit.manage', '/');
  try {
    return await ctx.db.transaction(async (tx) => {
      const u = await createRootUnit(tx, { ...input, now: ctx.now });
      await auditUnit(tx, ctx, 'unit.create', u.id, { name: input.name, type: input.type });
      return u;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw appError('unit/name_taken');
    throw e;
  }
}

export async function createUnit(ctx: Ctx, input: { name: string; type: string; parentId: string; shortName?: string | null | undefined; sortOrder?: number | undefined }) {
  const parent = await getUnitById(ctx.db, input.parentId);
  requireAccessOrHide(ctx, 'unit.manage', parent.path, 'unit.read');
  if (!parent.active) throw appError('unit/inactive_parent');
  try {
    return await ctx.db.transaction(async (tx) => {
      await assertType(tx, input.type);
      const id = randomUUID();
      const [u] = await tx
        .insert(units)
        .values({
          id,
          parentId: parent.id,
          name: input.name,
          shortName: input.shortName ?? null,
          type: input.type,
          path: `${parent.path}${id}/`,
          depth: parent.depth + 1,
          sortOrder: input.sortOrder ?? 0,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      await auditUnit(tx, ctx, 'unit.create', id, { name: input.name, type: input.type, parentId: parent.id });
      return u!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw appError('unit/name_taken');
    throw e;
  }
}

export async function updateUnit(
  ctx: Ctx,
  id: string,
  input: { name?: string | undefined; shortName?: string | null | undefined; type?: string | undefined; sortOrder?: number | undefined },
) {
  const unit = await getUnitById(ctx.db, id);
  requireAccessOrHide(ctx, 'unit.manage', unit.path, 'unit.read');
  try {
    return await ctx.db.transaction(async (tx) => {
      if (input.type) await assertType(tx, input.type);
      const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      const [u] = await tx.update(units).set({ ...changes, updatedAt: ctx.now }).where(eq(units.id, id)).returning();
      await auditUnit(tx, ctx, 'unit.update', id, { before: { name: unit.name, type: unit.type, shortName: unit.shortName }, changes });
      return u!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw appError('unit/name_taken');
    throw e;
  }
}

/** Moves a unit (and its whole subtree) under another parent. */
export async function moveUnit(ctx: Ctx, id: string, input: { parentId: string }) {
  const unit = await getUnitById(ctx.db, id);
  const parent = await getUnitById(ctx.db, input.parentId);
  requireAccessOrHide(ctx, 'unit.manage', unit.path, 'unit.read');
  requireAccessOrHide(ctx, 'unit.manage', parent.path, 'unit.read');
  if (parent.path.startsWith(unit.path)) throw appError('unit/cycle');
  if (!parent.active) throw appError('unit/inactive_parent');
  const oldPath = unit.path;
  const newPath = `${parent.path}${unit.id}/`;
  const delta = parent.depth + 1 - unit.depth;
  try {
    return await ctx.db.transaction(async (tx) => {
      await tx.update(units).set({ parentId: parent.id, updatedAt: ctx.now }).where(eq(units.id, id));
      await tx
        .update(units)
        .set({
          path: sql`${newPath} || substr(${units.path}, ${oldPath.length + 1})`,
          depth: sql`${units.depth} + ${delta}`,
        })
        .where(subtreeOf(oldPath));
      await auditUnit(tx, ctx, 'unit.move', id, { fromParentId: unit.parentId, toParentId: parent.id });
      return getUnitById(tx, id);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw appError('unit/name_taken');
    throw e;
  }
}

/** Deactivates a unit and its subtree. History stays; nothing is deleted. */
export async function deactivateUnit(ctx: Ctx, id: string) {
  const unit = await getUnitById(ctx.db, id);
  requireAccessOrHide(ctx, 'unit.manage', unit.path, 'unit.read');
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.update(units).set({ active: false, updatedAt: ctx.now }).where(and(subtreeOf(unit.path), eq(units.active, true))).returning({ id: units.id });
    await auditUnit(tx, ctx, 'unit.deactivate', id, { units: rows.length });
    return { deactivated: rows.length };
  });
}

export async function activateUnit(ctx: Ctx, id: string) {
  const unit = await getUnitById(ctx.db, id);
  requireAccessOrHide(ctx, 'unit.manage', unit.path, 'unit.read');
  if (unit.parentId) {
    const parent = await getUnitById(ctx.db, unit.parentId);
    if (!parent.active) throw appError('unit/inactive_parent');
  }
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.update(units).set({ active: true, updatedAt: ctx.now }).where(eq(units.id, id)).returning();
    await auditUnit(tx, ctx, 'unit.activate', id, {});
    return u!;
  });
}

/**
 * Other domains register a check here: "does this unit have records of mine?". A unit with any
 * history (people, sub-units, role grants, submissions …) is never deleted, only deactivated.
 */
const historyChecks = new Set<(tx: Tx, unitId: string) => Promise<boolean>>([
  async (tx, unitId) => (await tx.select({ x: units.id }).from(units).where(eq(units.parentId, unitId)).limit(1)).length > 0,
  async (tx, unitId) => (await tx.select({ x: people.id }).from(people).where(eq(people.unitId, unitId)).limit(1)).length > 0,
  async (tx, unitId) => (await tx.select({ x: roleAssignments.personId }).from(roleAssignments).where(eq(roleAssignments.unitId, unitId)).limit(1)).length > 0,
]);

export function registerUnitHistoryCheck(check: (tx: Tx, unitId: string) => Promise<boolean>) {
  historyChecks.add(check);
}

/** Deletes a unit created by mistake; one with any history is refused (deactivate it instead). */
export async function deleteUnit(ctx: Ctx, id: string) {
  const unit = await getUnitById(ctx.db, id);
  requireAccessOrHide(ctx, 'unit.manage', unit.path, 'unit.read');
  if (!unit.parentId) throw appError('unit/has_history');
  await ctx.db.transaction(async (tx) => {
    for (const check of historyChecks) if (await check(tx, id)) throw appError('unit/has_history');
    await tx.delete(units).where(eq(units.id, id));
    await auditUnit(tx, ctx, 'unit.delete', id, { name: unit.name });
  });
}
