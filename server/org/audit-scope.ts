import { sql, type SQL } from 'drizzle-orm';
import { pathsLike } from '../audit/scope';
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
