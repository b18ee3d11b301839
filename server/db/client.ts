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
import { claimEmbeddedFolder, type EmbeddedFolder } from './embedded-folder';
import { PgliteWorkerClient } from './pglite-client';

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
  /**
   * Checks that the database answers (`select 1`). The embedded database runs it ahead of the
   * statements waiting for its single connection, so a health check answers under load.
   */
  ping(): Promise<void>;
  /**
   * Subscribes to NOTIFY on a channel (delivered after the notifying transaction commits, to every
   * process on the database). On PostgreSQL a dedicated connection listens; when it is lost and
   * comes back, `onReset` runs, since notifications sent meanwhile are gone. Returns an unsubscribe.
   */
  listen(channel: string, onMessage: (payload: string) => void, opts?: { onReset?: () => void }): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The embedded database: PGlite in a worker thread (the default) or on this event loop. */
export type EmbeddedClient = PGlite | PgliteWorkerClient;

export type OpenOptions = {
  url?: string | undefined;
  dataDir?: string | undefined;
  /** An embedded database already open (tests share one per file). */
  pglite?: EmbeddedClient;
  /** Run PGlite on this event loop instead of a worker thread (tests that need PGlite itself; the benchmark's comparison). */
  inProcess?: boolean;
  /** Start the embedded database from a data-folder tarball (PGlite's dumpDataDir), e.g. the tests' migrated template. */
  loadDataDirFile?: string;
  /** Called if the embedded database's worker thread dies; by default its error is thrown, so the process stops. */
  onFatal?: (err: Error) => void;
};

/**
 * Opens PostgreSQL when a URL is given, otherwise the embedded PGlite database in `dataDir`
 * (in memory when no folder is given), run in a worker thread so that SQL does not hold up the
 * server's event loop. Both get the same drizzle schema and migrations.
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    // Every connection works in UTC; the deployment's time zone is applied where periods are computed.
    // Set at connection start-up (not by a query racing the first one, which pg deprecates).
    const pool = new pg.Pool({ connectionString: opts.url, max: 10, options: '-c TimeZone=UTC' });
    await pool.query('select 1');
    const db = drizzlePg(pool) as unknown as Db;
    const listeners = new Set<() => Promise<void>>();
    // The health probe has a connection of its own: under load every pooled connection is busy and
    // a probe through the pool would measure the queue for one, not whether the database answers.
    let probe: Promise<pg.Client> | null = null;
    const probeClient = () => {
      if (!probe) {
        const c = new pg.Client({ connectionString: opts.url, options: '-c TimeZone=UTC' });
        c.on('error', () => undefined); // 'end' follows
        c.on('end', () => (probe = null));
        probe = c.connect().then(() => c);
        probe.catch(() => (probe = null));
      }
      return probe;
    };
    return {
      db,
      kind: 'pg',
      query: async <T>(q: SQL) => ((await db.execute(q)) as unknown as { rows: T[] }).rows,
      ping: async () => {
        await (await probeClient()).query('select 1');
      },
      listen: async (channel, onMessage, lopts) => {
        const stop = await listenPg(opts.url!, channel, onMessage, lopts?.onReset);
        listeners.add(stop);
        return async () => {
          listeners.delete(stop);
          await stop();
        };
      },
      close: async () => {
        await Promise.all([...listeners].map((stop) => stop()));
        const p = probe;
        probe = null;
        if (p) await p.then((c) => c.end()).catch(() => undefined);
        await pool.end();
      },
    };
  }
  let client = opts.pglite;
  let folder: EmbeddedFolder | null = null;
  if (!client) {
    // One process per folder (a lock naming its holder), folders 0700 and files 0600: embedded-folder.ts.
    folder = opts.dataDir ? claimEmbeddedFolder(opts.dataDir) : null;
    client = await openEmbedded(opts).catch((e: unknown) => {
      folder?.release();
      throw e;
    });
    folder?.secure();
  }
  await client.exec(`SET TIME ZONE 'UTC'`);
  // The worker client implements the part of PGlite's interface drizzle's pglite session calls
  // (query with rowMode/parsers, exec, transaction): server/db/pglite-client.ts.
  const db = drizzlePglite(client as PGlite) as unknown as Db;
  const c = client;
  return {
    db,
    kind: 'pglite',
    query: async <T>(q: SQL) => ((await db.execute(q)) as unknown as { rows: T[] }).rows,
    ping: async () => {
      await (c instanceof PgliteWorkerClient ? c.ping() : c.query('select 1'));
    },
    listen: async (channel, onMessage) => {
      const unlisten = await c.listen(channel, onMessage);
      return async () => {
        if (!c.closed) await unlisten();
      };
    },
    close: async () => {
      await c.close();
      folder?.release();
    },
  };
}

/** Opens the embedded database in `dataDir` (in memory without one): in a worker thread unless `inProcess`. */
async function openEmbedded(opts: OpenOptions): Promise<EmbeddedClient> {
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  if (opts.inProcess) {
    const loadDataDir = opts.loadDataDirFile ? new Blob([fs.readFileSync(opts.loadDataDirFile)]) : undefined;
    return PGlite.create({ ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}) });
  }
  return PgliteWorkerClient.create({ dataDir: opts.dataDir, loadDataDirFile: opts.loadDataDirFile, ...(opts.onFatal ? { onFatal: opts.onFatal } : {}) });
}

/** A LISTEN connection that reconnects (with back-off) and reports each reconnection. */
async function listenPg(url: string, channel: string, onMessage: (payload: string) => void, onReset?: () => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let delay = 500;
  const connect = async (isReconnect: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onMessage(n.payload);
    });
    c.on('error', () => undefined); // 'end' follows; reconnect there
    c.on('end', () => {
      if (stopped) return;
      client = null;
      setTimeout(() => void connect(true).catch(() => undefined), delay).unref();
      delay = Math.min(delay * 2, 30_000);
    });
    await c.connect();
    await c.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    client = c;
    delay = 500;
    if (isReconnect) onReset?.();
  };
  await connect(false);
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
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
