/**
 * The worker thread that owns the embedded PGlite (started by server/db/pglite-client.ts). SQL runs
 * here, so the server's event loop keeps answering while the database works.
 *
 * Statements outside a transaction, and transactions as a whole, run one at a time in arrival order
 * (PGlite has one connection), except that an urgent statement (the health check's probe) goes ahead
 * of those waiting: it still waits for the statement or transaction that is running. A transaction
 * is PGlite's own `transaction()`, held open until the other side says how it ends, and only
 * statements carrying its id run inside it. So nothing interleaves into a transaction, and an error
 * or a rollback ends it with ROLLBACK exactly as in-process.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import { NO_TX, toWire, type FromWorker, type ToWorker, type WorkerOpen } from './pglite-protocol';

const port = parentPort!;
const open = workerData as WorkerOpen;

const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const fail = (id: number, e: unknown) => send({ t: 'result', id, ok: false, error: toWire(e) });

/** Parsers that hand the column text back unchanged; the caller's own parsers run on its side. */
const rawParsers = (types: number[]) => (types.length ? Object.fromEntries(types.map((oid) => [oid, (v: string) => v])) : undefined);

const BYTEA = 17;
/** bytea values that own their whole buffer are moved to the other thread rather than copied. */
function transferables(results: Results[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const r of results) {
    const cols = r.fields.map((f, i) => (f.dataTypeID === BYTEA ? i : -1)).filter((i) => i >= 0);
    if (!cols.length) continue;
    for (const row of r.rows as unknown[]) {
      for (const i of cols) {
        const v = Array.isArray(row) ? row[i] : (row as Record<string, unknown>)[r.fields[i]!.name];
        if (v instanceof Uint8Array && v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && !out.includes(v.buffer)) out.push(v.buffer);
      }
    }
  }
  return out;
}

/** Work outside transactions (a statement, or a whole transaction), one piece at a time. */
type Job = () => Promise<unknown>;
const waiting: Job[] = [];
const urgent: Job[] = [];
let running = false;
let pumpSoon = false;
function schedule(job: Job, isUrgent = false): void {
  (isUrgent ? urgent : waiting).push(job);
  later();
}
/**
 * The next job starts from the event loop, never straight from a message or the end of a job: a
 * job's awaits are microtasks, so otherwise the queue would drain before messages that arrived
 * meanwhile (an urgent probe) are even read.
 */
function later(): void {
  if (running || pumpSoon) return;
  pumpSoon = true;
  setImmediate(pump);
}
function pump(): void {
  pumpSoon = false;
  if (running) return;
  const job = urgent.shift() ?? waiting.shift();
  if (!job) return;
  running = true;
  void job()
    .catch(() => undefined) // each job reports its own outcome
    .finally(() => {
      running = false;
      later();
    });
}

type OpenTx = { tx: Transaction; end: (commit: boolean) => void; done: Promise<void> };
const transactions = new Map<number, OpenTx>();
const listening = new Map<string, () => Promise<void>>();
/** Thrown inside PGlite's transaction to make it roll back when the caller asks for a rollback. */
const ROLLBACK = Symbol('rollback');

const pg = await PGlite.create({
  ...(open.dataDir ? { dataDir: open.dataDir } : {}),
  ...(open.loadDataDirFile ? { loadDataDir: new Blob([fs.readFileSync(open.loadDataDirFile)]) } : {}),
});

function target(tx: number): Pick<Transaction, 'query' | 'exec'> {
  if (tx === NO_TX) return pg;
  const open = transactions.get(tx);
  if (!open) throw new Error('Transaction is closed');
  return open.tx;
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.t) {
    case 'query': {
      const parsers = rawParsers(m.rawTypes);
      const run = async () => {
        const r = await target(m.tx).query<Record<string, unknown>>(m.sql, m.params, { ...(m.rowMode ? { rowMode: m.rowMode } : {}), ...(parsers ? { parsers } : {}), ...(m.paramTypes ? { paramTypes: m.paramTypes } : {}) });
        send({ t: 'result', id: m.id, ok: true, value: r }, transferables([r]));
      };
      if (m.tx !== NO_TX) return run();
      schedule(() => run().catch((e: unknown) => fail(m.id, e)), m.urgent);
      return;
    }
    case 'exec': {
      const parsers = rawParsers(m.rawTypes);
      const run = async () => {
        const r = await target(m.tx).exec(m.sql, parsers ? { parsers } : undefined);
        send({ t: 'result', id: m.id, ok: true, value: r }, transferables(r));
      };
      if (m.tx !== NO_TX) return run();
      schedule(() => run().catch((e: unknown) => fail(m.id, e)));
      return;
    }
    case 'begin': {
      // The whole transaction is one job: nothing else outside it runs until it ends.
      schedule(() => {
        let began = false;
        let end!: (commit: boolean) => void;
        const ended = new Promise<boolean>((r) => (end = r));
        const done: Promise<void> = pg.transaction(async (tx) => {
          transactions.set(m.tx, { tx, end, done });
          began = true;
          send({ t: 'result', id: m.id, ok: true, value: null });
          if (!(await ended)) throw ROLLBACK;
        });
        done.catch((e: unknown) => {
          if (!began) fail(m.id, e); // BEGIN itself failed; otherwise `end` reports
        });
        return done;
      });
      return;
    }
    case 'end': {
      const open = transactions.get(m.tx);
      if (!open) throw new Error('Transaction is closed');
      open.end(m.commit);
      try {
        await open.done;
      } catch (e) {
        if (e !== ROLLBACK) throw e; // e.g. COMMIT failed: the caller sees that error
      } finally {
        transactions.delete(m.tx);
      }
      send({ t: 'result', id: m.id, ok: true, value: null });
      return;
    }
    case 'listen': {
      if (!listening.has(m.channel)) {
        const channel = m.channel;
        listening.set(channel, await pg.listen(channel, (payload) => send({ t: 'notify', channel, payload })));
      }
      send({ t: 'result', id: m.id, ok: true, value: null });
      return;
    }
    case 'unlisten': {
      const stop = listening.get(m.channel);
      listening.delete(m.channel);
      if (stop && !pg.closed) await stop();
      send({ t: 'result', id: m.id, ok: true, value: null });
      return;
    }
    case 'close': {
      for (const t of transactions.values()) t.end(false); // left open by a caller: rolled back
      // After the statements already waiting.
      schedule(async () => {
        if (!pg.closed) await pg.close();
        send({ t: 'result', id: m.id, ok: true, value: null });
        port.close(); // nothing else keeps this thread alive: it ends with exit code 0
      });
      return;
    }
  }
}

port.on('message', (m: ToWorker) => {
  handle(m).catch((e: unknown) => fail(m.id, e));
});
send({ t: 'ready' });
