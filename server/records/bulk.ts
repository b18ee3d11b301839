import { randomUUID } from 'node:crypto';
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { OutletTier } from './kinds';
import { outlets, recordsOfUse } from './tables';

/**
 * Records of use written many per statement (`unnest`), for the operator's interchange import
 * (server/interchange/). The caller has resolved every use (level, outlet, person), computed its
 * work and dedupe keys (kinds.ts) and checked that no active record holds the same use; the unique
 * index still stands behind that. No access check and no audit row: the caller checked the operator
 * and audits the import in the same transaction. A changed record keeps its values before in
 * `record_revisions`, as a correction by hand does.
 */
export type ImportedRecord = Omit<typeof recordsOfUse.$inferInsert, 'createdAt' | 'updatedAt' | 'rev' | 'status' | 'recordedBy'> & { id: string; externalCode: string };

/** The columns an import writes, in one order for the insert and the update. */
const COLUMNS = [
  ['submissionId', 'submission_id', 'uuid'],
  ['unitId', 'unit_id', 'uuid'],
  ['workKey', 'work_key', 'text'],
  ['dedupeKey', 'dedupe_key', 'text'],
  ['kind', 'kind', 'text'],
  ['usedOn', 'used_on', 'date'],
  ['mode', 'mode', 'text'],
  ['briefingLabel', 'briefing_label', 'text'],
  ['level', 'level', 'text'],
  ['outletId', 'outlet_id', 'uuid'],
  ['channelId', 'channel_id', 'uuid'],
  ['columnName', 'column_name', 'text'],
  ['url', 'url', 'text'],
  ['platform', 'platform', 'text'],
  ['scope', 'scope', 'text'],
  ['awardName', 'award_name', 'text'],
  ['personId', 'person_id', 'uuid'],
  ['personName', 'person_name', 'text'],
  ['evidenceUrl', 'evidence_url', 'text'],
  ['note', 'note', 'text'],
  ['title', 'title', 'text'],
  ['authors', 'authors', 'text'],
  ['source', 'source', 'text'],
  ['sourceRef', 'source_ref', 'text'],
  ['externalCode', 'external_code', 'text'],
] as const satisfies readonly (readonly [keyof ImportedRecord, string, string])[];

/** The fields a correction keeps in `record_revisions.previous` (as records.ts does). */
const CHANGEABLE = ['usedOn', 'level', 'outletId', 'channelId', 'columnName', 'url', 'platform', 'scope', 'awardName', 'personId', 'personName', 'evidenceUrl', 'note', 'dedupeKey'] as const;

/**
 * The rows as a derived table `t(id, <every column>)`: a column that varies is one array through
 * `unnest`; a column with one value in every row (null for most of a kind's columns) is one scalar.
 * Each array parameter costs its parsing (on PGlite ~10 µs an element), so fewer arrays, faster.
 */
function unnestOf(rows: readonly ImportedRecord[]) {
  const arrays: SQL[] = [sql`${sql.param(rows.map((r) => r.id))}::uuid[]`];
  const names: string[] = ['id'];
  const select: SQL[] = [sql`id`];
  for (const [key, col, type] of COLUMNS) {
    const values = rows.map((r) => (r[key] ?? null) as string | null);
    if (values.every((v) => v === values[0])) select.push(sql`${values[0] ?? null}::${sql.raw(type)} as ${sql.raw(col)}`);
    else {
      arrays.push(sql`${sql.param(values)}::${sql.raw(type)}[]`);
      names.push(col);
      select.push(sql.raw(col));
    }
  }
  return sql`(select ${sql.join(select, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as u(${sql.raw(names.join(', '))})) as t`;
}

/** Inserts new records (active), a few thousand per statement. */
export async function insertImportedRecords(tx: Tx, now: Date, rows: readonly ImportedRecord[]) {
  const at = now.toISOString();
  const names = COLUMNS.map(([, col]) => col).join(', ');
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await tx.execute(sql`insert into records_of_use (id, ${sql.raw(names)}, status, created_at, updated_at)
      select id, ${sql.raw(names)}, 'active', ${at}::timestamptz, ${at}::timestamptz from ${unnestOf(chunk)}`);
  }
}

/** Changes records (same kind), bumping `rev`; the values before go to `record_revisions` with the reason. */
export async function updateImportedRecords(tx: Tx, now: Date, rows: readonly ImportedRecord[], reason: string) {
  if (!rows.length) return;
  const at = now.toISOString();
  const before = await tx.select().from(recordsOfUse).where(inArray(recordsOfUse.id, rows.map((r) => r.id)));
  const set = COLUMNS.map(([, col]) => `${col} = t.${col}`).join(', ');
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await tx.execute(sql`update records_of_use set ${sql.raw(set)}, updated_at = ${at}::timestamptz, rev = records_of_use.rev + 1
      from ${unnestOf(chunk)} where records_of_use.id = t.id`);
  }
  const previous = before.map((r) => JSON.stringify(Object.fromEntries(CHANGEABLE.map((k) => [k, r[k]]))));
  await tx.execute(sql`insert into record_revisions (id, record_id, action, reason, previous, by_id, at)
    select id, record_id, 'correct', ${reason}, previous::jsonb, null, ${at}::timestamptz
    from unnest(${sql.param(before.map(() => randomUUID()))}::uuid[], ${sql.param(before.map((r) => r.id))}::uuid[], ${sql.param(previous)}::text[]) as t(id, record_id, previous)`);
}

/** Adds outlets an import names that the registry lacks, to an organisation's registry (no channels). Returns their ids by name. */
export async function addImportedOutlets(tx: Tx, now: Date, unitId: string, list: readonly { name: string; tier: OutletTier }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!list.length) return out;
  const rows = await tx
    .insert(outlets)
    .values(list.map((o) => ({ id: randomUUID(), unitId, name: o.name, tier: o.tier, createdAt: now, updatedAt: now })))
    .returning({ id: outlets.id, name: outlets.name });
  for (const r of rows) out.set(r.name, r.id);
  return out;
}
