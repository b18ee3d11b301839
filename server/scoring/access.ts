/**
 * Who may do what with scoring, in one place (the service functions call these at their top):
 * - rankings, series and the ledger list of a rubric: anyone holding `scoring.read` somewhere in the
 *   rubric's organisation (correspondents, unit approvers, editors, leaders, administrators: "anyone in
 *   the office"; seed 003 circulates rankings to every unit);
 * - rubrics (create, edit the draft, adopt, what-if): `scoring.edit` on the rubric's unit (its subtree):
 *   the organisation's administrators and the office's editors and leaders;
 * - a unit's explanation: the office (`scoring.edit` on the rubric's unit), or the unit's own staff
 *   (`submission.read` on the unit: whoever already sees its items); a person's: the person, or the
 *   same rule on the person's unit;
 * - ledger entries are written by editors and leaders (`review.decide` on the entry's unit), as records
 *   of use are.
 */
import { hasPermission, scopesFor, type Grant, type Permission } from '../access/roles';
import { appError, hiddenRefusal } from '../errors';
import { can, forbiddenParams, type AuthedCtx, type Ctx } from '../http/context';

/** The organisation (root unit id) of a unit path. */
export const orgOfPath = (path: string) => path.split('/')[1]!;

/** True when one of the grants gives `permission` on some unit of the organisation (or everywhere). */
export function holdsInOrg(grants: readonly Grant[], permission: Permission, orgId: string): boolean {
  return scopesFor(grants, permission).some((p) => p === '/' || orgOfPath(p) === orgId);
}

/** The organisations in which the grants give `permission` somewhere; 'all' for a grant on '/'. */
export function orgsWith(grants: readonly Grant[], permission: Permission): string[] | 'all' {
  const scopes = scopesFor(grants, permission);
  if (scopes.includes('/')) return 'all';
  return [...new Set(scopes.map(orgOfPath).filter(Boolean))];
}

/** Reading a rubric's rankings: `scoring.read` in its organisation; another organisation's rubric is 404. */
export function requireReader(ctx: Ctx, rubric: { orgId: string }): asserts ctx is AuthedCtx {
  if (!ctx.auth) throw appError('auth/unauthenticated');
  if (!holdsInOrg(ctx.auth.grants, 'scoring.read', rubric.orgId)) throw hiddenRefusal({ permission: 'scoring.read' });
}

/** Editing a rubric: `scoring.edit` on its unit; a reader of the organisation is refused (403), anyone else 404. */
export function requireEditor(ctx: Ctx, rubric: { orgId: string; unitPath: string }): asserts ctx is AuthedCtx {
  if (!ctx.auth) throw appError('auth/unauthenticated');
  if (hasPermission(ctx.auth.grants, 'scoring.edit', rubric.unitPath)) return;
  if (holdsInOrg(ctx.auth.grants, 'scoring.read', rubric.orgId)) throw appError('auth/forbidden', forbiddenParams('scoring.edit', rubric.unitPath));
  throw hiddenRefusal({ permission: 'scoring.edit' });
}

/** Whether the caller may read the explanation of a unit (or of a person of that unit) under a rubric kept on `rubricUnitPath`. */
export function mayExplain(ctx: AuthedCtx, rubricUnitPath: string, unitPath: string, personId?: string): boolean {
  if (personId && ctx.auth.personId === personId) return true;
  return can(ctx, 'scoring.edit', rubricUnitPath) || can(ctx, 'submission.read', unitPath);
}
