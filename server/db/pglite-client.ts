/**
 * The embedded PGlite in a worker thread, seen from the server's event loop. `PgliteWorkerClient`
 * implements the part of PGlite's interface that drizzle's pglite driver and server/db/client.ts use
 * (`query`, `exec`, `transaction`, `listen`, `close`), so `drizzle(client)` works unchanged while the
 * SQL runs in the worker (server/db/pglite-worker.ts) and the event loop stays free for requests.
 *
 * - Results and errors come back as PGlite gives them in-process: rows parsed by PGlite's parsers in
 *   the worker, the caller's own parsers (drizzle passes some for dates) applied here, errors rebuilt
 *   as PGlite's DatabaseError with every field (`code` first: server/db/errors.ts maps it).
 * - A transaction is pinned in the worker: until it ends, statements from outside wait.
 * - The worker holds the process open only while it has work (like a socket), so a forgotten close
 *   does not hang the process, and a query in flight is never cut off.
 * - If the worker dies, every pending and later call fails with a clear error and `onFatal` runs
 *   (by default the error is thrown, so the process stops with a non-zero code rather than serving
 *   errors or hanging).
 */
import { Worker } from 'node:worker_threads';
import { messages, type QueryOptions, type Results } from '@electric-sql/pglite';
import { NO_TX, type FromWorker, type ToWorker, type WireError, type WorkerOpen } from './pglite-protocol';

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = Distribute<ToWorker>;
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** What drizzle's session gets as the client inside a transaction. */
export type WorkerTransaction = {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
  readonly closed: boolean;
};

export type WorkerOptions = WorkerOpen & {
  /** Called once if the worker dies unexpectedly; the default throws the error (uncaught). */
  onFatal?: (err: Error) => void;
};

/** The worker's entry: registers tsx in the new thread (the parent's loader hooks do not reach it), then runs pglite-worker.ts. */
const ENTRY = new URL('./pglite-worker-boot.mjs', import.meta.url);

export class PgliteWorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, Set<(payload: string) => void>>();
  readonly #onFatal: (err: Error) => void;
  #nextId = 1;
  #nextTx = 1;
  #dead: Error | null = null;
  #closing: Promise<void> | null = null;
  #exited: Promise<void>;
  #ready: Promise<void>;
  /** Until the database is open, a failure rejects `create`; afterwards it goes to onFatal. */
  #started = false;

  private constructor(opts: WorkerOptions) {
    this.#onFatal =
      opts.onFatal ??
      ((err) => {
        throw err;
      });
    const open: WorkerOpen = { dataDir: opts.dataDir, loadDataDirFile: opts.loadDataDirFile };
    this.#worker = new Worker(ENTRY, { execArgv: [], workerData: open });
    let ready!: () => void;
    let notReady!: (e: Error) => void;
    this.#ready = new Promise<void>((res, rej) => {
      ready = res;
      notReady = rej;
    });
    this.#worker.on('message', (m: FromWorker) => {
      if (m.t === 'result') {
        const p = this.#pending.get(m.id);
        if (!p) return;
        this.#pending.delete(m.id);
        if (!this.#pending.size && !this.#closing) this.#worker.unref();
        if (m.ok) p.resolve(m.value);
        else p.reject(fromWire(m.error));
      } else if (m.t === 'notify') {
        for (const cb of this.#listeners.get(m.channel) ?? []) cb(m.payload);
      } else if (m.t === 'ready') {
        this.#worker.unref();
        ready();
      }
    });
    let failed: Error | null = null;
    this.#worker.on('error', (e) => {
      failed = e;
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        resolve();
        const clean = this.#closing && !failed && code === 0; // closed as asked
        const cause = failed ?? new Error(`exit code ${code}`);
        const err = clean ? new Error('the embedded database is closed') : new Error(`the embedded database (PGlite worker thread) stopped: ${cause.message}`, { cause });
        if (!clean) this.#dead = err;
        for (const p of this.#pending.values()) p.reject(err);
        this.#pending.clear();
        notReady(err);
        if (!clean && this.#started && !this.#closing) this.#onFatal(err);
      });
    });
  }

  /** Starts the worker and waits until its database is open (a failure to open rejects). */
  static async create(opts: WorkerOptions = {}): Promise<PgliteWorkerClient> {
    const client = new PgliteWorkerClient(opts);
    await client.#ready;
    client.#started = true;
    return client;
  }

  get closed(): boolean {
    return this.#closing !== null || this.#dead !== null;
  }

  #call<T>(req: Request): Promise<T> {
    if (this.#dead) return Promise.reject(this.#dead);
    if (this.#closing && req.t !== 'close') return Promise.reject(new Error('the embedded database is closed'));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!this.#pending.size) this.#worker.ref();
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ ...req, id } as ToWorker);
    });
  }

  #query<T>(tx: number, sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    refuseFunctions(options);
    const parsers = options?.parsers;
    const rawTypes = parsers ? Object.keys(parsers).map(Number) : [];
    const result = this.#call<Results<T>>({ t: 'query', tx, sql, params, rowMode: options?.rowMode, rawTypes, paramTypes: options?.paramTypes });
    return parsers && rawTypes.length ? result.then((r) => applyParsers(r, parsers)) : result;
  }

  #exec(tx: number, sql: string, options?: QueryOptions): Promise<Results[]> {
    refuseFunctions(options);
    const parsers = options?.parsers;
    const rawTypes = parsers ? Object.keys(parsers).map(Number) : [];
    const result = this.#call<Results[]>({ t: 'exec', tx, sql, rawTypes });
    return parsers && rawTypes.length ? result.then((rs) => rs.map((r) => applyParsers(r, parsers))) : result;
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(NO_TX, sql, params, options);
  }

  exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.#exec(NO_TX, sql, options);
  }

  /**
   * `select 1`, ahead of the statements waiting in the worker (it still waits for the one running,
   * or the open transaction): a health check that answers while the database is busy.
   */
  async ping(): Promise<void> {
    await this.#call({ t: 'query', tx: NO_TX, sql: 'select 1', params: [], rowMode: undefined, rawTypes: [], paramTypes: undefined, urgent: true });
  }

  /**
   * Runs `fn` in a transaction held open in the worker: COMMIT when it returns, ROLLBACK when it
   * throws (the error is rethrown). Statements outside it wait until it ends.
   */
  async transaction<T>(fn: (tx: WorkerTransaction) => Promise<T>): Promise<T> {
    const id = this.#nextTx++;
    await this.#call({ t: 'begin', tx: id });
    let closed = false;
    const check = () => {
      if (closed) throw new Error('Transaction is closed');
    };
    const tx: WorkerTransaction = {
      query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => (check(), this.#query<R>(id, sql, params, options)),
      exec: async (sql: string, options?: QueryOptions) => (check(), this.#exec(id, sql, options)),
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (e) {
      closed = true;
      await this.#call({ t: 'end', tx: id, commit: false }).catch(() => undefined); // the first error is the one to report
      throw e;
    }
    closed = true;
    await this.#call({ t: 'end', tx: id, commit: true });
    return result;
  }

  /** LISTEN on a channel; payloads of NOTIFY arrive after the notifying transaction commits. */
  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.#listeners.get(channel);
    if (!set) {
      set = new Set();
      this.#listeners.set(channel, set);
    }
    const first = set.size === 0;
    set.add(callback);
    if (first) {
      try {
        await this.#call({ t: 'listen', channel });
      } catch (e) {
        set.delete(callback);
        throw e;
      }
    }
    return async () => {
      if (!set.delete(callback) || set.size) return;
      this.#listeners.delete(channel);
      if (!this.closed) await this.#call({ t: 'unlisten', channel });
    };
  }

  /** Ends open work, closes PGlite in the worker, then waits for the thread to end. */
  close(): Promise<void> {
    if (this.#dead) return Promise.resolve();
    this.#closing ??= (async () => {
      this.#worker.ref(); // until the thread has ended
      try {
        await this.#call({ t: 'close' });
      } finally {
        await Promise.race([this.#exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
        await this.#worker.terminate();
      }
    })();
    return this.#closing;
  }

  /** For tests: ends the thread abruptly, as a crash would. */
  crashForTest(): Promise<number> {
    return this.#worker.terminate();
  }
}

/** Parsers and serializers are functions: they cannot go to the worker, and drizzle passes none that must. */
function refuseFunctions(options: QueryOptions | undefined) {
  if (!options) return;
  if (options.serializers || options.blob || options.onNotice) throw new Error('the embedded database worker does not take serializers, blob or onNotice options');
}

/** Applies the caller's parsers to the columns the worker handed back as text. */
function applyParsers<T>(r: Results<T>, parsers: NonNullable<QueryOptions['parsers']>): Results<T> {
  const cols = r.fields.map((f, i) => ({ i, name: f.name, type: f.dataTypeID, parse: parsers[f.dataTypeID] })).filter((c) => c.parse);
  if (!cols.length) return r;
  for (const row of r.rows as unknown[]) {
    for (const c of cols) {
      if (Array.isArray(row)) {
        if (row[c.i] !== null) row[c.i] = c.parse!(row[c.i] as string);
      } else {
        const o = row as Record<string, unknown>;
        if (o[c.name] !== null) o[c.name] = c.parse!(o[c.name] as string);
      }
    }
  }
  return r;
}

/** PGlite's DatabaseError again (same class, message and fields) or a plain Error for anything else. */
function fromWire(w: WireError): Error {
  const e: Error = w.name === 'error' ? new messages.DatabaseError(w.message, Number(w.fields.length ?? 0), 'error') : new Error(w.message);
  for (const [k, v] of Object.entries(w.fields)) {
    if (k === 'length' || k === 'name') continue;
    (e as unknown as Record<string, unknown>)[k] = v;
  }
  if (!(e instanceof messages.DatabaseError) && w.name !== 'Error') e.name = w.name;
  if (w.stack) e.stack = `${e.name}: ${w.message}\n    (in the embedded database worker)\n${w.stack.split('\n').slice(1).join('\n')}`;
  return e;
}
