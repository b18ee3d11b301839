import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { MIGRATIONS_DIR, migrateDatabase, openDatabase, type Database } from '../db/client';

/**
 * A fresh, migrated database for one integration test file.
 * XUANBAO_TEST_DB=pg (with TEST_PG_URL) creates a throwaway database on the test cluster;
 * anything else opens an in-memory PGlite. `npm test` runs the integration suite once with each.
 * PGlite runs in a worker thread as in the product; XUANBAO_TEST_PGLITE=inprocess runs it on the
 * test's own event loop instead (the mode before the worker; e.g. to compare).
 */
export async function openTestDatabase(): Promise<Database & { testKind: 'pglite' | 'pg'; url?: string }> {
  if (process.env.XUANBAO_TEST_DB === 'pg') {
    const base = process.env.TEST_PG_URL;
    if (!base) throw new Error('XUANBAO_TEST_DB=pg needs TEST_PG_URL (npm test starts a cluster and sets it)');
    const name = `xb_test_${randomBytes(6).toString('hex')}`;
    const template = await migratedPgTemplate(base);
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const url = u.toString();
    const database = await openDatabase({ url });
    await migrateDatabase(database); // no-op on a copy of the migrated template; keeps the path honest
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
  const database = await openDatabase({ loadDataDirFile: await migratedTemplate(), inProcess: embeddedInProcess() });
  await migrateDatabase(database); // no-op on an up-to-date template; keeps the path honest
  return { ...database, testKind: 'pglite' };
}

/** XUANBAO_TEST_PGLITE=inprocess: the embedded database on the test's event loop rather than in a worker thread. */
const embeddedInProcess = () => process.env.XUANBAO_TEST_PGLITE === 'inprocess';

/**
 * A migrated PGlite data folder as a tarball (its path), made once per migration set and reused by
 * every test file: loading it takes a fraction of a second, creating and migrating a database takes seconds.
 */
export async function migratedTemplate(): Promise<string> {
  const file = path.join(os.tmpdir(), `xuanbao-pglite-template-${migrationsHash()}.tar.gz`);
  if (!fs.existsSync(file)) {
    const database = await openDatabase({ inProcess: true }); // dumpDataDir is PGlite's own
    await migrateDatabase(database);
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const blob = await client.dumpDataDir('gzip');
    await database.close();
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, file); // atomic: parallel test workers never read half a file
  }
  return file;
}

function migrationsHash(): string {
  const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(fs.readFileSync(path.join(MIGRATIONS_DIR, f)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * On PostgreSQL the same idea: a migrated database on the test cluster, made once per migration set
 * by whichever test worker comes first, and each test file's database a copy of it
 * (CREATE DATABASE … TEMPLATE copies the files; migrating anew costs about a second of both cores).
 * Nobody connects to the template after it is made (a copy needs that).
 */
let pgTemplate: Promise<string> | undefined;
export function migratedPgTemplate(base: string): Promise<string> {
  pgTemplate ??= (async () => {
    const name = `xb_template_${migrationsHash()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) return name;
      // Made under a name of its own, then renamed: a worker never copies a half-migrated template.
      const tmp = `${name}_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${tmp}`);
      const u = new URL(base);
      u.pathname = `/${tmp}`;
      const database = await openDatabase({ url: u.toString() });
      try {
        await migrateDatabase(database);
      } finally {
        await database.close();
      }
      try {
        await admin.query(`ALTER DATABASE ${tmp} RENAME TO ${name}`);
      } catch (e) {
        await admin.query(`DROP DATABASE IF EXISTS ${tmp} WITH (FORCE)`);
        if ((e as { code?: string }).code !== '42P04') throw e; // duplicate_database: another worker made it first
      }
      return name;
    } finally {
      await admin.end();
    }
  })();
  pgTemplate.catch(() => (pgTemplate = undefined));
  return pgTemplate;
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
  return openDatabase({ inProcess: embeddedInProcess() });
}
