import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';

/** The one database type the rest of the server sees, whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction or the database itself: service functions accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type DbKind = 'pglite' | 'pg';

export type Database = {
  db: Db;
  kind: DbKind;
  /** Run raw SQL and get rows back (same shape on both engines). */
  query<T = Record<string, unknown>>(q: SQL): Promise<T[]>;
  close(): Promise<void>;
};

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export type OpenOptions = { url?: string | undefined; dataDir?: string | undefined; pglite?: PGlite };

/**
 * Opens PostgreSQL when a URL is given, otherwise the embedded PGlite database in `dataDir`
 * (in memory when no folder is given). Both get the same drizzle schema and migrations.
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    // Every connection works in UTC; the deployment's time zone is applied where periods are computed.
    // Set at connection start-up (not by a query racing the first one, which pg deprecates).
    const pool = new pg.Pool({ connectionString: opts.url, max: 10, options: '-c TimeZone=UTC' });
    await pool.query('select 1');
    const db = drizzlePg(pool) as unknown as Db;
    return {
      db,
      kind: 'pg',
      query: async <T>(q: SQL) => ((await db.execute(q)) as unknown as { rows: T[] }).rows,
      close: () => pool.end(),
    };
  }
  let client = opts.pglite;
  if (!client) {
    if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
    client = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {});
  }
  await client.exec(`SET TIME ZONE 'UTC'`);
  const db = drizzlePglite(client) as unknown as Db;
  const c = client;
  return {
    db,
    kind: 'pglite',
    query: async <T>(q: SQL) => ((await db.execute(q)) as unknown as { rows: T[] }).rows,
    close: () => c.close(),
  };
}

export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.kind === 'pg') {
    // Migrations are serialised across processes by an advisory lock.
    await database.query(sql`select pg_advisory_lock(727274)`);
    try {
      await migratePg(database.db as unknown as Parameters<typeof migratePg>[0], config);
    } finally {
      await database.query(sql`select pg_advisory_unlock(727274)`);
    }
  } else {
    await migratePglite(database.db as unknown as Parameters<typeof migratePglite>[0], config);
  }
}
