import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { auditAction } from '../audit/audit';
import type { Tx } from '../db/client';
import { appError } from '../errors';
import { requireAccess, type Ctx } from '../http/context';
import { orgLinks, units } from './tables';
import { getUnitById } from './units';

/**
 * Links between organisations of one deployment: an organisation (a top-level unit) names its upper
 * office, another organisation, to which its editors may forward accepted items
 * (server/submissions/forwarding.ts).
 *
 * Who sets a link: the operator only (`xuanbao org link`, the CLI or the running server's admin
 * socket), never an administrator in the web app. A link lets the lower office put items into the
 * upper office's review queue and lets the upper office read those items' history: it opens a
 * channel between two organisations' data, and each organisation's administrator manages only their
 * own organisation. The operator of the deployment is the one party both organisations already
 * trust (they run the server both live on); they set the link once both offices have agreed in the
 * offline way these offices agree on things (a 通知 or a letter). Every change is audited.
 */

/** The customary levels (seed 001; DOMAIN.md "adopted by an upper level"); any other name is allowed. */
export const DEFAULT_LEVELS = ['旗县局', '市局', '厅', '部'] as const;

const orgIdOf = (unitPath: string): string | undefined => unitPath.split('/').filter(Boolean)[0];

export type UpperOffice = { orgId: string; upperOrgId: string; upperName: string; upperActive: boolean; upperLevel: string | null };

/** The upper office of an organisation (by the organisation's id or any of its units' paths), or null. */
export async function upperOfficeOf(db: Tx, org: { orgId: string } | { unitPath: string }): Promise<UpperOffice | null> {
  const orgId = 'orgId' in org ? org.orgId : orgIdOf(org.unitPath);
  if (!orgId) return null;
  const [row] = await db
    .select({ orgId: orgLinks.orgId, upperOrgId: orgLinks.upperOrgId, upperLevel: orgLinks.upperLevel, upperName: units.name, upperActive: units.active })
    .from(orgLinks)
    .innerJoin(units, eq(units.id, orgLinks.upperOrgId))
    .where(eq(orgLinks.orgId, orgId));
  return row ?? null;
}

async function rootUnit(db: Tx, id: string) {
  const u = await getUnitById(db, id);
  if (u.parentId) throw appError('org/not_organisation', { name: u.name });
  return u;
}

/**
 * Names (or changes) an organisation's upper office. Operator only: the system caller is the one
 * caller holding unit.manage above every organisation (path '/'). Refused: a unit that is not an
 * organisation, the organisation itself, an inactive upper office, and a loop (B above A while A is
 * already, directly or through others, above B).
 */
export async function linkOrganisations(ctx: Ctx, input: { orgId: string; upperOrgId: string; level?: string | null | undefined }) {
  requireAccess(ctx, 'unit.manage', '/');
  const level = input.level?.trim() || null;
  if (level && level.length > 20) throw appError('common/validation', {}, [{ path: 'level', message: ctx.locale === 'en' ? 'at most 20 characters' : '最多 20 个字' }]);
  return ctx.db.transaction(async (tx) => {
    const org = await rootUnit(tx, input.orgId);
    const upper = await rootUnit(tx, input.upperOrgId);
    if (org.id === upper.id) throw appError('org/link_self');
    if (!upper.active || !org.active) throw appError('org/link_inactive');
    // Walk up from the upper office: reaching the organisation would close a loop.
    const seen = new Set<string>([upper.id]);
    for (let at: string | null = upper.id; at; ) {
      const [next]: { upperOrgId: string }[] = await tx.select({ upperOrgId: orgLinks.upperOrgId }).from(orgLinks).where(eq(orgLinks.orgId, at));
      at = next?.upperOrgId ?? null;
      if (at === org.id) throw appError('org/link_cycle', { upper: upper.name });
      if (at && seen.has(at)) break;
      if (at) seen.add(at);
    }
    const [before] = await tx.select().from(orgLinks).where(eq(orgLinks.orgId, org.id)).for('update');
    await tx
      .insert(orgLinks)
      .values({ orgId: org.id, upperOrgId: upper.id, upperLevel: level, createdAt: ctx.now, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: orgLinks.orgId, set: { upperOrgId: upper.id, upperLevel: level, updatedAt: ctx.now } });
    await auditAction(tx, ctx, 'org.link', { type: 'unit', id: org.id }, {
      upperOrgId: upper.id,
      upperName: upper.name,
      level,
      ...(before ? { before: { upperOrgId: before.upperOrgId, level: before.upperLevel } } : {}),
    });
    return { orgId: org.id, orgName: org.name, upperOrgId: upper.id, upperName: upper.name, level };
  });
}

/** Removes an organisation's upper office. Items forwarded before stay where they are. Operator only. */
export async function unlinkOrganisation(ctx: Ctx, input: { orgId: string }) {
  requireAccess(ctx, 'unit.manage', '/');
  return ctx.db.transaction(async (tx) => {
    const org = await rootUnit(tx, input.orgId);
    const [gone] = await tx.delete(orgLinks).where(eq(orgLinks.orgId, org.id)).returning();
    if (!gone) throw appError('org/not_linked', { name: org.name });
    await auditAction(tx, ctx, 'org.unlink', { type: 'unit', id: org.id }, { upperOrgId: gone.upperOrgId, level: gone.upperLevel });
    return { orgId: org.id, upperOrgId: gone.upperOrgId };
  });
}

/** Every link of the deployment (the operator's `xuanbao org links`). */
export async function findAllOrgLinks(db: Tx) {
  const upper = alias(units, 'upper');
  return db
    .select({ orgId: orgLinks.orgId, orgName: units.name, upperOrgId: orgLinks.upperOrgId, upperName: upper.name, level: orgLinks.upperLevel })
    .from(orgLinks)
    .innerJoin(units, eq(units.id, orgLinks.orgId))
    .innerJoin(upper, eq(upper.id, orgLinks.upperOrgId))
    .orderBy(asc(units.name));
}

/**
 * The caller's own organisation's place among the offices: its upper office (name, level) and the
 * organisations that name it as theirs. Names only; nothing else of another organisation.
 */
export async function findMyOfficeLinks(ctx: Ctx) {
  if (!ctx.auth) throw appError('auth/unauthenticated');
  const orgId = orgIdOf(ctx.auth.unitPath);
  if (!orgId) return { orgId: null, upper: null, lower: [] };
  const up = await upperOfficeOf(ctx.db, { orgId });
  const lower = await ctx.db
    .select({ id: units.id, name: units.name, level: orgLinks.upperLevel })
    .from(orgLinks)
    .innerJoin(units, eq(units.id, orgLinks.orgId))
    .where(and(eq(orgLinks.upperOrgId, orgId), eq(units.active, true)))
    .orderBy(asc(units.name));
  return {
    orgId,
    upper: up && up.upperActive ? { id: up.upperOrgId, name: up.upperName, level: up.upperLevel } : null,
    lower: lower.map((l) => ({ id: l.id, name: l.name })),
  };
}
