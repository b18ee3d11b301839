import { and, eq, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { appError } from '../errors';
import type { Ctx, AuthedCtx } from '../http/context';
import { requireAccess } from '../http/context';
import { ROLE_PERMISSIONS, scopesFor } from '../access/roles';
import { units } from '../org/tables';
import { subtreeOf } from '../org/units';
import { cases, submissions } from './tables';
import { auditLog } from '../audit/tables';
import { inPaths, pathsLike } from '../audit/scope';

/**
 * Who sees which submission: anyone with submission.read on the item's unit subtree — except a piece
 * that was never submitted (a draft, or a draft discarded into `withdrawn` before its first
 * submission): that stays its author's alone, forever. `submitted_at` is set at the first submission
 * and never cleared, so it is the one test (status alone is not: a discarded draft is `withdrawn`).
 * A correspondent never sees another person's or unit's drafts; reviewers never see them anywhere
 * (item page, files, lists, queue, counts, search, duplicate links).
 */
export function visibleSubmissionsWhere(ctx: AuthedCtx): SQL {
  const scopes = scopesFor(ctx.auth.grants, 'submission.read');
  if (!scopes.length) return sql`false`;
  return and(or(...scopes.map(subtreeOf)), or(isNotNull(submissions.submittedAt), eq(submissions.createdBy, ctx.auth.personId)))!;
}

export type SubmissionRow = typeof submissions.$inferSelect & { unitPath: string; unitName: string };

/** Loads a submission the caller may see, or 404 (existence is not revealed). */
export async function loadVisibleSubmission(ctx: Ctx, tx: Tx, id: string, opts: { forUpdate?: boolean } = {}): Promise<SubmissionRow> {
  requireAccess(ctx, 'submission.read');
  const q = tx
    .select({ s: submissions, unitPath: units.path, unitName: units.name })
    .from(submissions)
    .innerJoin(units, eq(units.id, submissions.unitId))
    .where(and(eq(submissions.id, id), visibleSubmissionsWhere(ctx)));
  const [row] = opts.forUpdate ? await q.for('update', { of: submissions }) : await q;
  if (!row) throw appError('common/not_found');
  return { ...row.s, unitPath: row.unitPath, unitName: row.unitName };
}

/** The caller's roles that apply to a unit (grants on the unit or an ancestor), for the state machine. */
export function rolesOn(ctx: AuthedCtx, unitPath: string): string[] {
  return [...new Set(ctx.auth.grants.filter((g) => unitPath.startsWith(g.unitPath)).map((g) => g.role))];
}

export function isOwner(ctx: AuthedCtx, s: { createdBy: string }) {
  return s.createdBy === ctx.auth.personId;
}

/** Roles that can take part in review at all (used to find who to notify). */
export const REVIEWING_ROLES = (Object.keys(ROLE_PERMISSIONS) as (keyof typeof ROLE_PERMISSIONS)[]).filter(
  (r) => ROLE_PERMISSIONS[r].includes('review.decide') || ROLE_PERMISSIONS[r].includes('submission.approve_unit'),
);

/** A unit with submissions has history (org/units.ts never deletes such a unit). */
export async function unitHasSubmissions(tx: Tx, unitId: string): Promise<boolean> {
  return (await tx.select({ id: submissions.id }).from(submissions).where(eq(submissions.unitId, unitId)).limit(1)).length > 0;
}

/** Where submissions' audit rows belong (audit/scope.ts): items and cases of the subtree, by their unit. */
export function submissionsAuditScope(paths: readonly string[]): SQL {
  const subs = sql`select s2.id::text from ${submissions} s2 join ${units} su on su.id = s2.unit_id where ${pathsLike(sql`su.path`, paths)}`;
  const cs = sql`select c2.id::text from ${cases} c2 join ${units} cu on cu.id = c2.unit_id where ${pathsLike(sql`cu.path`, paths)}`;
  return sql`((${auditLog.targetType} = 'submission' and ${auditLog.targetId} in (${subs})) or (${auditLog.targetType} = 'case' and ${auditLog.targetId} in (${cs})))`;
}

/** The auditor's table names an item by its serial (a draft by its title), a case by its title. */
export const submissionAuditName = (paths: readonly string[] | 'all'): SQL =>
  sql`select coalesce(sn.serial, nullif(sn.title, '')) from ${submissions} sn join ${units} snu on snu.id = sn.unit_id where sn.id::text = ${auditLog.targetId}${inPaths(sql`snu.path`, paths)}`;
export const caseAuditName = (paths: readonly string[] | 'all'): SQL =>
  sql`select cn.title from ${cases} cn join ${units} cnu on cnu.id = cn.unit_id where cn.id::text = ${auditLog.targetId}${inPaths(sql`cnu.path`, paths)}`;
