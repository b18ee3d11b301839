import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { appError } from '../errors';
import { requireAccessOrHide, type Ctx } from '../http/context';
import { units } from '../org/tables';
import { getUnitById } from '../org/units';
import { effectiveLevels, type Level, type OutletTier } from './kinds';
import { outletChannels, outlets, recordsOfUse, upperLevels } from './tables';

/**
 * The outlet registry and the upper levels: reference data the records cite. Both are set on a
 * unit (an organisation's administrators set them on their root unit) and apply to its subtree.
 * Managing them takes `review.configure` on that unit (the administrator's configuration of the
 * office's review and adoption work, like the review chains); reading them, `unit.read`.
 */

/** The ids on a materialised path "/root/…/self/", root first. */
export const idsOnPath = (path: string) => path.split('/').filter(Boolean);

async function unitFor(ctx: Ctx, unitId: string | undefined) {
  if (!unitId) {
    if (!ctx.auth) throw appError('auth/unauthenticated');
    return getUnitById(ctx.db, ctx.auth.unitId).catch(() => null);
  }
  const [u] = await ctx.db.select().from(units).where(eq(units.id, unitId));
  return u ?? null;
}

/** Reads a unit the caller may configure (`review.configure` on its subtree), hiding one they cannot see. */
async function configurableUnit(ctx: Ctx, unitId: string) {
  const u = await unitFor(ctx, unitId);
  if (!u) throw appError('common/not_found');
  requireAccessOrHide(ctx, 'review.configure', u.path, 'unit.read');
  return u;
}

// ---- upper levels ---------------------------------------------------------------------------

/** The levels in force for items of the unit at `unitPath`: defaults, overridden from the root down. */
export async function levelsAt(db: Tx, unitPath: string): Promise<(Level & { unitId: string | null })[]> {
  const ids = idsOnPath(unitPath);
  if (!ids.length) return effectiveLevels([]).map((l) => ({ ...l, unitId: null }));
  const rows = await db
    .select({ code: upperLevels.code, nameZh: upperLevels.nameZh, nameEn: upperLevels.nameEn, rank: upperLevels.rank, active: upperLevels.active, unitId: upperLevels.unitId })
    .from(upperLevels)
    .innerJoin(units, eq(units.id, upperLevels.unitId))
    .where(inArray(upperLevels.unitId, ids))
    .orderBy(asc(units.depth));
  const where = new Map(rows.map((r) => [r.code, r.unitId]));
  return effectiveLevels(rows).map((l) => ({ ...l, unitId: where.get(l.code) ?? null }));
}

export async function listLevels(ctx: Ctx, unitId?: string) {
  const u = await unitFor(ctx, unitId);
  if (!u) throw appError('common/not_found');
  requireAccessOrHide(ctx, 'unit.read', u.path, 'unit.read');
  return { unitId: u.id, unitName: u.name, levels: await levelsAt(ctx.db, u.path) };
}

export async function createLevel(ctx: Ctx, input: { unitId: string; nameZh: string; nameEn: string; rank: number }) {
  const u = await configurableUnit(ctx, input.unitId);
  const code = `l${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return ctx.db.transaction(async (tx) => {
    await tx.insert(upperLevels).values({ unitId: u.id, code, nameZh: input.nameZh, nameEn: input.nameEn, rank: input.rank, active: true, updatedAt: ctx.now });
    await auditAction(tx, ctx, 'record_level.create', { type: 'unit', id: u.id }, { code, nameZh: input.nameZh, rank: input.rank });
    return { code };
  });
}

/** Changes a level for the unit's subtree (a default or an inherited level gets a row of the unit's own). */
export async function updateLevel(ctx: Ctx, unitId: string, code: string, input: { nameZh?: string | undefined; nameEn?: string | undefined; rank?: number | undefined; active?: boolean | undefined }) {
  const u = await configurableUnit(ctx, unitId);
  const current = (await levelsAt(ctx.db, u.path)).find((l) => l.code === code);
  if (!current) throw appError('records/unknown_level');
  const next = {
    nameZh: input.nameZh ?? current.nameZh,
    nameEn: input.nameEn ?? current.nameEn,
    rank: input.rank ?? current.rank,
    active: input.active ?? current.active,
  };
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(upperLevels)
      .values({ unitId: u.id, code, ...next, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: [upperLevels.unitId, upperLevels.code], set: { ...next, updatedAt: ctx.now } });
    await auditAction(tx, ctx, 'record_level.update', { type: 'unit', id: u.id }, { code, before: { nameZh: current.nameZh, nameEn: current.nameEn, rank: current.rank, active: current.active }, after: next });
  });
  return { code, ...next };
}

// ---- outlets ----------------------------------------------------------------------------------

export type OutletView = {
  id: string;
  unitId: string | null;
  unitName: string | null;
  builtin: boolean;
  name: string;
  aliases: string[];
  tier: OutletTier;
  centralMain: boolean;
  active: boolean;
  channels: { id: string; name: string; qualifies: boolean; active: boolean }[];
};

/** Outlets items of the unit at `unitPath` may cite: the built-in ones and those set on the unit or above it. */
export async function outletsAt(db: Tx, unitPath: string, opts: { includeInactive?: boolean } = {}): Promise<OutletView[]> {
  const ids = idsOnPath(unitPath);
  const rows = await db
    .select({ o: outlets, unitName: units.name })
    .from(outlets)
    .leftJoin(units, eq(units.id, outlets.unitId))
    .where(and(or(isNull(outlets.unitId), ids.length ? inArray(outlets.unitId, ids) : sql`false`), opts.includeInactive ? undefined : eq(outlets.active, true)))
    .orderBy(sql`${outlets.unitId} is not null`, asc(outlets.name));
  const chans = rows.length
    ? await db.select().from(outletChannels).where(inArray(outletChannels.outletId, rows.map((r) => r.o.id))).orderBy(asc(outletChannels.sortOrder), asc(outletChannels.name))
    : [];
  return rows.map(({ o, unitName }) => ({
    id: o.id,
    unitId: o.unitId,
    unitName,
    builtin: o.builtinKey !== null,
    name: o.name,
    aliases: o.aliases,
    tier: o.tier,
    centralMain: o.centralMain,
    active: o.active,
    channels: chans.filter((c) => c.outletId === o.id && (opts.includeInactive || c.active)).map((c) => ({ id: c.id, name: c.name, qualifies: c.qualifies, active: c.active })),
  }));
}

export async function listOutlets(ctx: Ctx, q: { unitId?: string | undefined; includeInactive?: boolean }) {
  const u = await unitFor(ctx, q.unitId);
  if (!u) throw appError('common/not_found');
  requireAccessOrHide(ctx, 'unit.read', u.path, 'unit.read');
  return { unitId: u.id, unitName: u.name, outlets: await outletsAt(ctx.db, u.path, { includeInactive: q.includeInactive ?? false }) };
}

async function nameTaken(tx: Tx, unitPath: string, name: string, exceptId?: string) {
  const all = await outletsAt(tx, unitPath, { includeInactive: true });
  return all.some((o) => o.id !== exceptId && o.name === name);
}

async function translateUnique<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) throw appError('common/validation', {}, [{ path: 'channels', message: '栏目名称重复 / Duplicate channel name' }]);
    throw e;
  }
}

export async function createOutlet(ctx: Ctx, input: { unitId: string; name: string; aliases: string[]; tier: OutletTier; channels: { name: string; qualifies: boolean; active: boolean }[] }) {
  const u = await configurableUnit(ctx, input.unitId);
  return translateUnique(() =>
    ctx.db.transaction(async (tx) => {
      if (await nameTaken(tx, u.path, input.name)) throw appError('records/outlet_name_taken');
      const [o] = await tx
        .insert(outlets)
        .values({ unitId: u.id, name: input.name, aliases: input.aliases, tier: input.tier, centralMain: false, createdAt: ctx.now, updatedAt: ctx.now })
        .returning({ id: outlets.id });
      // Only the built-in central main media have qualifying channels (seed 001's rule is about those seven).
      if (input.channels.length) await tx.insert(outletChannels).values(input.channels.map((c, i) => ({ outletId: o!.id, name: c.name, qualifies: false, active: c.active, sortOrder: i })));
      await auditAction(tx, ctx, 'outlet.create', { type: 'unit', id: u.id }, { outletId: o!.id, name: input.name, tier: input.tier, aliases: input.aliases, channels: input.channels.map((c) => c.name) });
      return { id: o!.id };
    }),
  );
}

async function configurableOutlet(ctx: Ctx, id: string) {
  const [o] = await ctx.db.select({ o: outlets, path: units.path }).from(outlets).leftJoin(units, eq(units.id, outlets.unitId)).where(eq(outlets.id, id));
  if (!o) throw appError('common/not_found');
  if (o.o.builtinKey !== null || !o.path) {
    if (!ctx.auth) throw appError('auth/unauthenticated');
    throw appError('records/builtin_outlet');
  }
  requireAccessOrHide(ctx, 'review.configure', o.path, 'unit.read');
  return { ...o.o, path: o.path };
}

export async function updateOutlet(
  ctx: Ctx,
  id: string,
  input: { name?: string | undefined; aliases?: string[] | undefined; tier?: OutletTier | undefined; active?: boolean | undefined; channels?: { id?: string | undefined; name: string; qualifies: boolean; active: boolean }[] | undefined },
) {
  const o = await configurableOutlet(ctx, id);
  return translateUnique(() =>
    ctx.db.transaction(async (tx) => {
      if (input.name && input.name !== o.name && (await nameTaken(tx, o.path, input.name, o.id))) throw appError('records/outlet_name_taken');
      const before = { name: o.name, aliases: o.aliases, tier: o.tier, active: o.active };
      await tx
        .update(outlets)
        .set({ name: input.name ?? o.name, aliases: input.aliases ?? o.aliases, tier: input.tier ?? o.tier, active: input.active ?? o.active, updatedAt: ctx.now })
        .where(eq(outlets.id, id));
      if (input.channels) {
        const existing = await tx.select().from(outletChannels).where(eq(outletChannels.outletId, id));
        const kept = new Set<string>();
        for (const [i, c] of input.channels.entries()) {
          const match = c.id ? existing.find((e) => e.id === c.id) : existing.find((e) => e.name === c.name);
          if (c.id && !match) throw appError('records/unknown_channel');
          if (match) {
            kept.add(match.id);
            await tx.update(outletChannels).set({ name: c.name, active: c.active, sortOrder: i }).where(eq(outletChannels.id, match.id));
          } else {
            await tx.insert(outletChannels).values({ outletId: id, name: c.name, qualifies: false, active: c.active, sortOrder: i });
          }
        }
        // Channels left out are deactivated, not deleted: records may cite them.
        for (const e of existing) if (!kept.has(e.id)) await tx.update(outletChannels).set({ active: false }).where(eq(outletChannels.id, e.id));
      }
      await auditAction(tx, ctx, 'outlet.update', { type: 'unit', id: o.unitId! }, { outletId: id, before, after: input });
      return { id };
    }),
  );
}

export async function deleteOutlet(ctx: Ctx, id: string) {
  const o = await configurableOutlet(ctx, id);
  await ctx.db.transaction(async (tx) => {
    const [used] = await tx.select({ id: recordsOfUse.id }).from(recordsOfUse).where(eq(recordsOfUse.outletId, id)).limit(1);
    if (used) throw appError('records/outlet_in_use');
    await tx.delete(outletChannels).where(eq(outletChannels.outletId, id));
    await tx.delete(outlets).where(eq(outlets.id, id));
    await auditAction(tx, ctx, 'outlet.delete', { type: 'unit', id: o.unitId! }, { outletId: id, name: o.name });
  });
}
