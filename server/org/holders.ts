import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { people, roleAssignments, units } from './tables';

/**
 * Who holds one of `roles` for a unit: active people with the role granted on the unit itself or on
 * any unit above it (a role applies to its unit's subtree). Used to find whom to notify when an item
 * arrives at a step held by a role; the same rule as the review queue's "held by a role I hold on the
 * item's unit or above it". One indexed statement.
 */
export async function findRoleHolders(db: Tx, input: { roles: readonly string[]; unitPath: string }): Promise<string[]> {
  if (!input.roles.length) return [];
  const rows = await db
    .selectDistinct({ id: roleAssignments.personId })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        inArray(roleAssignments.role, [...input.roles]),
        eq(people.active, true),
        // The grant's unit is the item's unit or an ancestor (paths "/root/", "/root/a/", … "/root/a/b/").
        inArray(units.path, ancestorPaths(input.unitPath)),
      ),
    );
  return rows.map((r) => r.id);
}

/** A materialised path and the paths of every unit above it: "/a/b/" → ["/a/", "/a/b/"]. */
export function ancestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}
