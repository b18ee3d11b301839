import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateDatabase, openDatabase, type Database } from '../db/client';

/**
 * A fresh, migrated database for one integration test file.
 * XUANBAO_TEST_DB=pg (with TEST_PG_URL) creates a throwaway database on the test cluster;
 * anything else opens an in-memory PGlite. `npm test` runs the integration suite once with each.
 */
export async function openTestDatabase(): Promise<Database & { testKind: 'pglite' | 'pg'; url?: string }> {
  if (process.env.XUANBAO_TEST_DB === 'pg') {
    const base = process.env.TEST_PG_URL;
    if (!base) throw new Error('XUANBAO_TEST_DB=pg needs TEST_PG_URL (npm test starts a cluster and sets it)');
    const name = `xb_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const url = u.toString();
    const database = await openDatabase({ url });
    await migrateDatabase(database);
    const close = database.close;
    return {
      ...database,
      testKind: 'pg',
      url,
      close: async () => {
        await close();
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const database = await openDatabase({});
  await migrateDatabase(database);
  return { ...database, testKind: 'pglite' };
}

/** Creates an empty (unmigrated) database of the same kind, e.g. as a restore target. */
export async function openEmptyTestDatabase(): Promise<Database> {
  if (process.env.XUANBAO_TEST_DB === 'pg') {
    const base = process.env.TEST_PG_URL!;
    const name = `xb_empty_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const database = await openDatabase({ url: u.toString() });
    const close = database.close;
    return {
      ...database,
      close: async () => {
        await close();
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  return openDatabase({});
}
