import { and, count, isNotNull, lt, max, min, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog } from './tables';

/**
 * Which audit rows an organisation's auditor sees (三权分立, GB/T 22239: each organisation audits its
 * own). A row belongs to a unit subtree when its **actor** (`actor_id`, a person, placed by their unit)
 * or its **target** (`target_type` + `target_id`: a person, a unit, a submission, a case …) lies inside
 * it. Rows store no organisation column: where a row belongs is read at query time against the current
 * unit tree, through the rules that the domains owning each kind of target register here (org: actors,
 * people and units; submissions: items and cases). So a row is never re-written, and the hash chain
 * covers exactly what was written.
 *
 * Consequences, written down on purpose:
 * - rows with neither a known actor nor a placed target (sign-ins of unknown logins, anonymous refused
 *   requests, system tasks, the operator's commands on nothing in particular) belong to no
 *   organisation: only the deployment auditor (`audit.read_all`, a role only the CLI grants) sees them;
 * - a person who moves to another organisation takes their past actions as actor with them (the new
 *   organisation's auditor sees them, the old one keeps seeing rows whose target is still theirs).
 * With no rule registered the scope is empty (fail closed).
 */
export type AuditScopeRule = (subtreePaths: readonly string[]) => SQL;

const rules = new Map<string, AuditScopeRule>();

/** A domain tells how its rows are placed in unit subtrees (called once at start, by server/routes.ts). */
export function registerAuditScope(name: string, rule: AuditScopeRule): void {
  rules.set(name, rule);
}

/** The rows of these subtrees ('all': every row, for the deployment auditor). */
export function auditScopeWhere(paths: readonly string[] | 'all'): SQL | undefined {
  if (paths === 'all') return undefined;
  if (!paths.length || !rules.size) return sql`false`;
  return or(...[...rules.values()].map((rule) => rule(paths)));
}

/** `<column> LIKE '<path>%'` for any of the paths (the column is raw SQL naming an aliased path). */
export function pathsLike(column: SQL, paths: readonly string[]): SQL {
  return sql.join(
    paths.map((p) => sql`${column} like ${`${p.replace(/[%_\\]/g, '\\$&')}%`}`),
    sql` or `,
  );
}

/** How many chained rows of a scope there are (before `beforeSeq`), and their first and last seq. */
export async function scopedChainStats(db: Db, scope: SQL | undefined, beforeSeq?: number) {
  const [r] = await db
    .select({ rows: count(), firstSeq: min(auditLog.seq), lastSeq: max(auditLog.seq) })
    .from(auditLog)
    .where(and(isNotNull(auditLog.seq), scope, beforeSeq !== undefined ? lt(auditLog.seq, beforeSeq) : undefined));
  return { rows: Number(r?.rows ?? 0), firstSeq: r?.firstSeq === null || r?.firstSeq === undefined ? null : Number(r.firstSeq), lastSeq: r?.lastSeq === null || r?.lastSeq === undefined ? null : Number(r.lastSeq) };
}

/**
 * What the auditor's table and export show as a row's object: the item's serial (or its title while
 * a draft), the person's or the unit's name, instead of `submission #3c75d2b5`. The domain owning a
 * target type registers a scalar sub-select correlated on audit_log.target_id (called with the
 * caller's subtrees, or 'all'), which yields null for an object outside them: a name is only shown to
 * an auditor whose scope holds the object. Resolved in the list query itself (one sub-select per row
 * of the page, by primary key).
 */
export type AuditTargetName = (paths: readonly string[] | 'all') => SQL;

const targetNames = new Map<string, AuditTargetName>();

export function registerAuditTargetName(targetType: string, name: AuditTargetName): void {
  targetNames.set(targetType, name);
}

/** The target's name as seen by a caller of these subtrees (null: unknown, gone or out of scope). */
export function auditTargetNameSql(paths: readonly string[] | 'all'): SQL<string | null> {
  if (paths !== 'all' && !paths.length) return sql<string | null>`null::text`;
  const cases = [...targetNames].map(([type, name]) => sql`when ${type} then (${name(paths)})`);
  if (!cases.length) return sql<string | null>`null::text`;
  return sql<string | null>`(case ${auditLog.targetType} ${sql.join(cases, sql` `)} else null end)`;
}

/** `and (<path column> like …)` for a scope, nothing for 'all'. */
export function inPaths(column: SQL, paths: readonly string[] | 'all'): SQL {
  return paths === 'all' ? sql`` : sql` and (${pathsLike(column, paths)})`;
}

/**
 * The log's unit filter and unit column need the unit tree, which org owns (a layer above): org
 * registers how to read a unit's path by id (null when there is none) and the name of an actor's
 * unit as a sub-select correlated on audit_log.actor_id (null outside the caller's subtrees).
 */
export type AuditUnitPath = (db: Db, unitId: string) => Promise<string | null>;
export type AuditActorUnitName = (paths: readonly string[] | 'all') => SQL;
/** A unit as the filter's tree shows it (the fields of GET /api/units). */
export type AuditUnit = { id: string; parentId: string | null; name: string; shortName: string | null; type: string; path: string; depth: number; sortOrder: number; active: boolean };
/** The active units of these subtrees ('all': every unit), parents before children. */
export type AuditUnits = (db: Db, paths: readonly string[] | 'all') => Promise<AuditUnit[]>;
let unitPath: AuditUnitPath | null = null;
let actorUnitName: AuditActorUnitName | null = null;
let unitsIn: AuditUnits | null = null;

export function registerAuditUnits(lookups: { unitPath: AuditUnitPath; actorUnitName: AuditActorUnitName; units: AuditUnits }): void {
  unitPath = lookups.unitPath;
  actorUnitName = lookups.actorUnitName;
  unitsIn = lookups.units;
}

/** The units an auditor may filter by: those of their scope (an auditor holds no unit.read). */
export async function auditUnits(db: Db, paths: readonly string[] | 'all'): Promise<AuditUnit[]> {
  if (!unitsIn || (paths !== 'all' && !paths.length)) return [];
  return unitsIn(db, paths);
}

/** The path of a unit named by the log's filter; null when unknown (or nothing is registered). */
export async function auditUnitPath(db: Db, unitId: string): Promise<string | null> {
  return unitPath ? unitPath(db, unitId) : null;
}

/** The actor's unit name as seen by a caller of these subtrees (null: no person, or out of scope). */
export function auditActorUnitSql(paths: readonly string[] | 'all'): SQL<string | null> {
  if (!actorUnitName || (paths !== 'all' && !paths.length)) return sql<string | null>`null::text`;
  return sql<string | null>`(${actorUnitName(paths)})`;
}
