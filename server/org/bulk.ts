import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client';

/**
 * Writing many units and people in a few statements (arrays through `unnest`), for the operator's
 * interchange import (server/interchange/). No access check and no audit row here: the caller
 * checked that the operator runs it and writes the import's audit row in the same transaction.
 */

/** Imported people get this instead of a password hash: nothing verifies against it, so they sign in only after an administrator sets a password. */
export const NO_PASSWORD = '!imported';

export type NewUnit = {
  id: string;
  /** An existing unit, or one listed earlier in the same call. */
  parentId: string | null;
  name: string;
  shortName: string | null;
  type: string;
  externalCode: string;
};

/**
 * Inserts units given parents first (a parent is an existing unit or an earlier row); paths and
 * depths are computed here as insertUnit does. Returns each new unit's path.
 */
export async function insertUnitsBulk(tx: Tx, now: Date, rows: readonly NewUnit[], existing: ReadonlyMap<string, { path: string; depth: number }>): Promise<Map<string, string>> {
  const placed = new Map<string, { path: string; depth: number }>(existing);
  const out = new Map<string, string>();
  const cols = { id: [] as string[], parent: [] as (string | null)[], name: [] as string[], short: [] as (string | null)[], type: [] as string[], path: [] as string[], depth: [] as number[], code: [] as string[] };
  for (const r of rows) {
    const parent = r.parentId ? placed.get(r.parentId) : null;
    if (r.parentId && !parent) throw new Error(`insertUnitsBulk: the parent of ${r.id} comes later or does not exist`);
    const path = `${parent?.path ?? '/'}${r.id}/`;
    const depth = parent ? parent.depth + 1 : 0;
    placed.set(r.id, { path, depth });
    out.set(r.id, path);
    cols.id.push(r.id);
    cols.parent.push(r.parentId);
    cols.name.push(r.name);
    cols.short.push(r.shortName);
    cols.type.push(r.type);
    cols.path.push(path);
    cols.depth.push(depth);
    cols.code.push(r.externalCode);
  }
  if (!rows.length) return out;
  await tx.execute(sql`insert into units (id, parent_id, name, short_name, type, path, depth, external_code, created_at, updated_at)
    select id, parent_id, name, short_name, type, path, depth, code, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from unnest(${sql.param(cols.id)}::uuid[], ${sql.param(cols.parent)}::uuid[], ${sql.param(cols.name)}::text[], ${sql.param(cols.short)}::text[],
                ${sql.param(cols.type)}::text[], ${sql.param(cols.path)}::text[], ${sql.param(cols.depth)}::int[], ${sql.param(cols.code)}::text[])
      as t(id, parent_id, name, short_name, type, path, depth, code)`);
  return out;
}

/** Changes units' names, short names and types (and sets the code on a unit matched by its id). */
export async function updateUnitsBulk(tx: Tx, now: Date, rows: readonly { id: string; name: string; shortName: string | null; type: string; externalCode: string }[]) {
  if (!rows.length) return;
  await tx.execute(sql`update units set name = t.name, short_name = t.short_name, type = t.type, external_code = t.code, updated_at = ${now.toISOString()}::timestamptz
    from unnest(${sql.param(rows.map((r) => r.id))}::uuid[], ${sql.param(rows.map((r) => r.name))}::text[], ${sql.param(rows.map((r) => r.shortName))}::text[],
                ${sql.param(rows.map((r) => r.type))}::text[], ${sql.param(rows.map((r) => r.externalCode))}::text[]) as t(id, name, short_name, type, code)
    where units.id = t.id`);
}

export type NewPerson = { id: string; login: string; name: string; unitId: string; externalCode: string };

/** Inserts people who cannot sign in yet (no password: NO_PASSWORD; must change it once set). */
export async function insertPeopleBulk(tx: Tx, now: Date, rows: readonly NewPerson[]) {
  if (!rows.length) return;
  const at = now.toISOString();
  await tx.execute(sql`insert into people (id, login, name, unit_id, external_code, password_hash, password_changed_at, must_change_password, created_at, updated_at)
    select id, login, name, unit_id, code, ${NO_PASSWORD}, ${at}::timestamptz, true, ${at}::timestamptz, ${at}::timestamptz
    from unnest(${sql.param(rows.map((r) => r.id))}::uuid[], ${sql.param(rows.map((r) => r.login.toLowerCase()))}::text[], ${sql.param(rows.map((r) => r.name))}::text[],
                ${sql.param(rows.map((r) => r.unitId))}::uuid[], ${sql.param(rows.map((r) => r.externalCode))}::text[]) as t(id, login, name, unit_id, code)`);
}

/** Changes people's names, units and logins (and sets the code on a person matched by id). */
export async function updatePeopleBulk(tx: Tx, now: Date, rows: readonly NewPerson[]) {
  if (!rows.length) return;
  await tx.execute(sql`update people set name = t.name, unit_id = t.unit_id, login = t.login, external_code = t.code, updated_at = ${now.toISOString()}::timestamptz
    from unnest(${sql.param(rows.map((r) => r.id))}::uuid[], ${sql.param(rows.map((r) => r.login.toLowerCase()))}::text[], ${sql.param(rows.map((r) => r.name))}::text[],
                ${sql.param(rows.map((r) => r.unitId))}::uuid[], ${sql.param(rows.map((r) => r.externalCode))}::text[]) as t(id, login, name, unit_id, code)
    where people.id = t.id`);
}
