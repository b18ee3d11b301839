import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { inPaths, pathsLike } from '../audit/scope';
import { auditLog } from '../audit/tables';
import { people, units } from './tables';

/**
 * Where org's audit rows belong (see audit/scope.ts): a row whose actor is a person of the subtree,
 * or whose target is such a person or a unit of the subtree. Uncorrelated sub-selects, so each is
 * computed once per query, not once per row.
 */
export function orgAuditScope(paths: readonly string[]): SQL {
  const peopleIn = sql`select p2.id from ${people} p2 join ${units} u2 on u2.id = p2.unit_id where ${pathsLike(sql`u2.path`, paths)}`;
  const unitsIn = sql`select u3.id::text from ${units} u3 where ${pathsLike(sql`u3.path`, paths)}`;
  return sql`(${auditLog.actorId} in (${peopleIn})
    or (${auditLog.targetType} = 'person' and ${auditLog.targetId} in (select id::text from (${peopleIn}) pp))
    or (${auditLog.targetType} = 'unit' and ${auditLog.targetId} in (${unitsIn})))`;
}

/** The names the auditor's table shows for people and units (audit/scope.ts registerAuditTargetName). */
export const personAuditName = (paths: readonly string[] | 'all'): SQL =>
  sql`select pn.name from ${people} pn join ${units} pnu on pnu.id = pn.unit_id where pn.id::text = ${auditLog.targetId}${inPaths(sql`pnu.path`, paths)}`;
export const unitAuditName = (paths: readonly string[] | 'all'): SQL =>
  sql`select un.name from ${units} un where un.id::text = ${auditLog.targetId}${inPaths(sql`un.path`, paths)}`;

/** The unit of the log row's actor (audit/scope.ts registerAuditUnits), named only inside the caller's subtrees. */
export const actorUnitAuditName = (paths: readonly string[] | 'all'): SQL =>
  sql`select au.name from ${people} ap join ${units} au on au.id = ap.unit_id where ap.id = ${auditLog.actorId}${inPaths(sql`au.path`, paths)}`;
/** A unit's path by id for the log's unit filter (null when there is no such unit). */
export async function unitPathForAudit(db: Db, unitId: string): Promise<string | null> {
  const [u] = await db.select({ path: units.path }).from(units).where(eq(units.id, unitId));
  return u?.path ?? null;
}
/** The active units of an auditor's subtrees, for the log's unit filter (audit/scope.ts auditUnits). */
export async function unitsForAudit(db: Db, paths: readonly string[] | 'all') {
  return db
    .select()
    .from(units)
    .where(and(eq(units.active, true), paths === 'all' ? undefined : sql`(${pathsLike(sql`${units.path}`, paths)})`))
    .orderBy(asc(units.depth), asc(units.sortOrder), asc(units.name), asc(units.id));
}
