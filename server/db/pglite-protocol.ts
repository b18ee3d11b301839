/**
 * Messages between the server's event loop and the worker thread that runs the embedded PGlite
 * (server/db/pglite-client.ts ↔ server/db/pglite-worker.ts). Everything here crosses the thread
 * boundary by structured clone, so no functions: a parser the caller gives for a type is replaced in
 * the worker by "hand the text back" (the type ids travel as `rawTypes`), and applied on this side.
 */

/** How the worker opens its database (sent as workerData). */
export type WorkerOpen = {
  /** A data folder on disk; none means in memory. */
  dataDir?: string | undefined;
  /** A data-folder tarball (PGlite's dumpDataDir) to start from, read by the worker. */
  loadDataDirFile?: string | undefined;
};

export type ToWorker =
  | { t: 'query'; id: number; tx: number; sql: string; params: unknown[]; rowMode: 'array' | 'object' | undefined; rawTypes: number[]; paramTypes: number[] | undefined; urgent?: boolean }
  | { t: 'exec'; id: number; tx: number; sql: string; rawTypes: number[] }
  | { t: 'begin'; id: number; tx: number }
  | { t: 'end'; id: number; tx: number; commit: boolean }
  | { t: 'listen'; id: number; channel: string }
  | { t: 'unlisten'; id: number; channel: string }
  | { t: 'close'; id: number };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: WireError }
  | { t: 'notify'; channel: string; payload: string };

/** An error's message, class name and own fields (PostgreSQL's `code`, `constraint`, `detail`, …). */
export type WireError = { message: string; name: string; stack?: string | undefined; fields: Record<string, unknown> };

/** `tx` of a statement that runs outside any transaction. */
export const NO_TX = 0;

export function toWire(e: unknown): WireError {
  if (!(e instanceof Error)) return { message: String(e), name: 'Error', fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'queryOptions' || typeof v === 'function') continue; // holds parser functions
    try {
      fields[k] = structuredClone(v);
    } catch {
      // a field that cannot cross the boundary is left out
    }
  }
  return { message: e.message, name: e.name, stack: e.stack, fields };
}
