import fs from 'node:fs';
import zlib from 'node:zlib';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { count, getTableColumns, is, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client';
import { appError } from '../errors';
import * as schema from '../tables';

/**
 * Logical backup: one gzip file of JSON lines, the same format from PGlite and PostgreSQL, so a
 * backup of either restores into either. Line 1 is a header; then one line per row
 * `{"t": table, "r": row}`. Sessions are not backed up (they are ephemeral and would be stale).
 */
const FORMAT = 'xuanbao-backup';
const VERSION = 1;
const SKIP = new Set(['sessions']);

/**
 * Tables in foreign-key order (parents before children). The order is computed from the foreign
 * keys: a module namespace lists its exports alphabetically under Node, not in source order.
 */
export function backupTables(): PgTable[] {
  const all = (Object.values(schema) as unknown[])
    .filter((v): v is PgTable => is(v, PgTable) && !SKIP.has(getTableConfig(v).name))
    .sort((a, b) => getTableConfig(a).name.localeCompare(getTableConfig(b).name));
  const ordered: PgTable[] = [];
  const visiting = new Set<PgTable>();
  const visit = (t: PgTable) => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const fk of getTableConfig(t).foreignKeys) {
      const parent = fk.reference().foreignTable;
      if (parent !== t && all.includes(parent)) visit(parent);
    }
    visiting.delete(t);
    ordered.push(t);
  };
  for (const t of all) visit(t);
  return ordered;
}

function encode(row: Record<string, unknown>) {
  return JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
}

async function* dumpRows(db: Db, table: PgTable) {
  const cols = getTableColumns(table);
  const pk = getTableConfig(table).primaryKeys[0]?.columns ?? Object.values(cols).filter((c) => c.primary);
  const order = pk.length ? pk : Object.values(cols);
  for (let offset = 0; ; offset += 2000) {
    const page = await db.select().from(table).orderBy(...order).limit(2000).offset(offset);
    if (!page.length) return;
    yield* page as Record<string, unknown>[];
  }
}

export async function backupToFile(database: Database, file: string, now: Date): Promise<{ rows: number; tables: Record<string, number> }> {
  const gz = zlib.createGzip();
  const out = fs.createWriteStream(`${file}.partial`, { mode: 0o600 });
  gz.pipe(out);
  const write = (line: string) => new Promise<void>((res) => (gz.write(line + '\n') ? res() : gz.once('drain', () => res())));
  const tables: Record<string, number> = {};
  let rows = 0;
  await write(JSON.stringify({ format: FORMAT, version: VERSION, createdAt: now.toISOString(), source: database.kind }));
  // One snapshot for the whole dump on PostgreSQL; PGlite has a single connection anyway.
  await database.db.transaction(async (tx) => {
    if (database.kind === 'pg') await tx.execute(sql`set transaction isolation level repeatable read`);
    for (const table of backupTables()) {
      const name = getTableConfig(table).name;
      tables[name] = 0;
      for await (const r of dumpRows(tx as unknown as Db, table)) {
        await write(encode({ t: name, r }));
        tables[name]++;
        rows++;
      }
    }
  });
  gz.end();
  await new Promise<void>((res, rej) => out.on('finish', res).on('error', rej));
  fs.renameSync(`${file}.partial`, file);
  return { rows, tables };
}

function revive(table: PgTable, row: Record<string, unknown>): Record<string, unknown> {
  const cols = getTableColumns(table);
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(cols)) {
    let v = row[key];
    if (v !== null && v !== undefined && col.columnType === 'PgTimestamp') v = new Date(v as string);
    if (v !== null && v !== undefined && col.columnType === 'PgBigInt53') v = Number(v);
    if (v !== null && v !== undefined && col.columnType === 'PgBigInt64') v = BigInt(v as string);
    out[key] = v;
  }
  return out;
}

/**
 * Restores a backup into a migrated database, all or nothing. The target must hold no units or
 * people (a fresh install) unless `force`, which first empties every table.
 */
export async function restoreFromFile(database: Database, file: string, opts: { force?: boolean } = {}) {
  const bytes = fs.readFileSync(file);
  let text: string;
  try {
    text = zlib.gunzipSync(bytes).toString('utf8');
  } catch {
    throw appError('backup/bad_file'); // not gzip, or cut short
  }
  const lines = text.split('\n').filter(Boolean);
  let header: { format?: string; version?: number };
  try {
    header = JSON.parse(lines[0] ?? '{}');
  } catch {
    throw appError('backup/bad_file');
  }
  if (header?.format !== FORMAT || header?.version !== VERSION) throw appError('backup/bad_file');
  const tables = backupTables();
  const byName = new Map(tables.map((t) => [getTableConfig(t).name, t]));
  const grouped = new Map<string, Record<string, unknown>[]>();
  for (const line of lines.slice(1)) {
    let entry: { t?: unknown; r?: unknown };
    try {
      entry = JSON.parse(line) as { t?: unknown; r?: unknown };
    } catch {
      throw appError('backup/bad_file');
    }
    const { t, r } = entry ?? {};
    const table = typeof t === 'string' ? byName.get(t) : undefined;
    if (!table || typeof t !== 'string' || !r || typeof r !== 'object') throw appError('backup/bad_file');
    if (!grouped.has(t)) grouped.set(t, []);
    grouped.get(t)!.push(revive(table, r as Record<string, unknown>));
  }
  await database.db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(schema.people);
    const [{ u } = { u: 0 }] = await tx.select({ u: count() }).from(schema.units);
    if ((Number(n) > 0 || Number(u) > 0) && !opts.force) throw appError('backup/not_empty');
    // Empty every table, children first (the audit guard allows this only inside a restore).
    await tx.execute(sql`select set_config('xuanbao.audit_purge', 'on', true)`);
    await tx.execute(sql.raw(`TRUNCATE ${['sessions', ...[...byName.keys()].reverse()].map((n) => `"${n}"`).join(', ')} CASCADE`));
    await tx.execute(sql`select set_config('xuanbao.audit_purge', 'off', true)`);
    for (const table of tables) {
      const rows = grouped.get(getTableConfig(table).name) ?? [];
      for (let i = 0; i < rows.length; i += 500) await tx.insert(table).values(rows.slice(i, i + 500));
    }
  });
  return { rows: lines.length - 1 };
}
