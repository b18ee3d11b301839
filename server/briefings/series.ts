import { asc, eq, inArray } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { appError, hiddenRefusal } from '../errors';
import { can, requireAccess, type AuthedCtx, type Ctx } from '../http/context';
import { units } from '../org/tables';
import { getUnitById } from '../org/units';
import { hasPermission } from '../access/roles';
import { orgOfPath, orgsWith } from './access';
import type { BriefingType } from '../documents/briefing-document';
import { briefingSeries } from './tables';

export type SeriesRow = typeof briefingSeries.$inferSelect & { unitPath: string; unitName: string };

/** A series with the path of its editing unit, or 404. */
export async function loadSeries(tx: Tx, id: string): Promise<SeriesRow> {
  const [row] = await tx
    .select({ s: briefingSeries, unitPath: units.path, unitName: units.name })
    .from(briefingSeries)
    .innerJoin(units, eq(units.id, briefingSeries.unitId))
    .where(eq(briefingSeries.id, id));
  if (!row) throw appError('common/not_found');
  return { ...row.s, unitPath: row.unitPath, unitName: row.unitName };
}

/** Organisations in which the caller has anything to do with briefings (read, edit or configure). */
function orgsOfCaller(ctx: AuthedCtx): string[] | 'all' {
  const sets = (['briefing.read', 'briefing.edit', 'briefing.configure'] as const).map((p) => orgsWith(ctx.auth.grants, p));
  if (sets.includes('all')) return 'all';
  return [...new Set((sets as string[][]).flat())];
}

/** The series of the caller's organisation(s): names are not secret inside an organisation. */
export async function findSeries(ctx: Ctx) {
  if (!ctx.auth) throw appError('auth/unauthenticated');
  const orgs = orgsOfCaller(ctx as AuthedCtx);
  if (orgs !== 'all' && !orgs.length) return { items: [] };
  const rows = await ctx.db
    .select({ s: briefingSeries, unitPath: units.path, unitName: units.name })
    .from(briefingSeries)
    .innerJoin(units, eq(units.id, briefingSeries.unitId))
    .where(orgs === 'all' ? undefined : inArray(briefingSeries.orgId, orgs))
    .orderBy(asc(briefingSeries.type), asc(briefingSeries.mastheadName));
  return {
    items: rows.map(({ s, unitPath, unitName }) => ({
      id: s.id,
      orgId: s.orgId,
      unitId: s.unitId,
      unitName,
      type: s.type,
      mastheadName: s.mastheadName,
      issuerName: s.issuerName,
      documentPrefix: s.documentPrefix,
      restrictedMark: s.restrictedMark,
      active: s.active,
      canEdit: can(ctx, 'briefing.edit', unitPath),
      canConfigure: can(ctx, 'briefing.configure', unitPath),
    })),
  };
}

function checkPrefix(type: BriefingType, prefix: string | null | undefined) {
  if (type === 'tongbao' && !prefix) throw appError('briefing/prefix_required');
}

/** An administrator starts a series for their organisation (or an office in it). */
export async function createSeries(
  ctx: Ctx,
  input: { unitId?: string | undefined; type: BriefingType; mastheadName: string; issuerName: string; documentPrefix?: string | null | undefined; restrictedMark?: string | undefined },
) {
  requireAccess(ctx, 'briefing.configure');
  // By default the series belongs to the organisation of the caller's unit.
  const unit = await getUnitById(ctx.db, input.unitId ?? orgOfPath(ctx.auth.unitPath));
  if (!hasPermission(ctx.auth.grants, 'briefing.configure', unit.path)) throw hiddenRefusal({ permission: 'briefing.configure' });
  checkPrefix(input.type, input.documentPrefix);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(briefingSeries)
        .values({
          orgId: orgOfPath(unit.path),
          unitId: unit.id,
          type: input.type,
          mastheadName: input.mastheadName,
          issuerName: input.issuerName,
          documentPrefix: input.type === 'tongbao' ? (input.documentPrefix ?? null) : null,
          ...(input.restrictedMark ? { restrictedMark: input.restrictedMark } : {}),
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })
        .returning();
      await auditAction(tx, ctx, 'briefing.series_create', { type: 'briefing_series', id: row!.id }, { type: input.type, mastheadName: input.mastheadName, unitId: unit.id });
      return { id: row!.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw appError('common/validation', {}, [{ path: 'mastheadName', message: ctx.locale === 'en' ? 'The organisation already has a series of this name' : '本单位已有同名刊物' }]);
    throw e;
  }
}

export async function updateSeries(
  ctx: Ctx,
  id: string,
  input: { mastheadName?: string | undefined; issuerName?: string | undefined; documentPrefix?: string | null | undefined; restrictedMark?: string | undefined; active?: boolean | undefined },
) {
  requireAccess(ctx, 'briefing.configure');
  const s = await loadSeries(ctx.db, id);
  if (!hasPermission(ctx.auth.grants, 'briefing.configure', s.unitPath)) throw hiddenRefusal({ permission: 'briefing.configure' });
  const prefix = input.documentPrefix !== undefined ? input.documentPrefix : s.documentPrefix;
  checkPrefix(s.type, prefix);
  try {
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(briefingSeries)
        .set({
          ...(input.mastheadName !== undefined ? { mastheadName: input.mastheadName } : {}),
          ...(input.issuerName !== undefined ? { issuerName: input.issuerName } : {}),
          ...(input.documentPrefix !== undefined && s.type === 'tongbao' ? { documentPrefix: input.documentPrefix } : {}),
          ...(input.restrictedMark !== undefined ? { restrictedMark: input.restrictedMark } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
          updatedAt: ctx.now,
        })
        .where(eq(briefingSeries.id, id));
      await auditAction(tx, ctx, 'briefing.series_update', { type: 'briefing_series', id }, { changed: Object.keys(input) });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw appError('common/validation', {}, [{ path: 'mastheadName', message: ctx.locale === 'en' ? 'The organisation already has a series of this name' : '本单位已有同名刊物' }]);
    throw e;
  }
  return { id };
}
