import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { count, getTableColumns, is, sql } from 'drizzle-orm';
import * as tar from 'tar-stream';
import type { Database, Db, Tx } from '../db/client';
import { appError, isAppError } from '../errors';
import { BlobHashMismatch, isSha256, type FileStore } from '../files/files';
import type { BlobOwner } from '../files/owners';
import * as schema from '../tables';

/**
 * Logical backup of rows and files in ONE file, the same from PGlite and PostgreSQL, so a backup of
 * either restores into either, onto either file store. Version 2 is a gzip-compressed tar archive
 * (docs/backup-format.md):
 *
 *   xuanbao-backup.json        header {format, version: 2, createdAt, source}
 *   rows/00000001.jsonl …      rows as JSON lines `{"t": table, "r": row}`, tables in foreign-key order
 *   blobs/<sha256> …           every file the rows refer to, named by the SHA-256 of its bytes
 *   end.json                   trailer: counts (a file cut short has none)
 *
 * Both directions stream: neither the rows nor the files are ever held whole in memory. Version 1
 * (gzip of JSON lines, rows only) is still restored. Sessions are not backed up.
 */
const FORMAT = 'xuanbao-backup';
const VERSION = 2;
const SKIP = new Set(['sessions']);
const HEADER = 'xuanbao-backup.json';
const END = 'end.json';
/** Rows are written in entries of about this size; an entry is read into memory whole. */
const ROWS_PER_ENTRY_BYTES = 1024 * 1024;
const MAX_ROWS_ENTRY_BYTES = 256 * 1024 * 1024;

export type BackupFiles = { store: FileStore; owners: readonly BlobOwner[] };

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

/** Every blob any owner's rows refer to, each once, sorted (read inside the caller's snapshot). */
async function referencedBlobs(db: Tx, owners: readonly BlobOwner[]): Promise<string[]> {
  const all = new Set<string>();
  for (const o of owners) for await (const s of o.allReferenced(db)) all.add(s);
  return [...all].sort();
}

/** Adds one entry to the archive, waiting while the output is behind (back-pressure). */
async function addEntry(pack: tar.Pack, name: string, size: number, body: Buffer | AsyncIterable<Uint8Array>, mtime: Date) {
  let sink!: ReturnType<tar.Pack['entry']>;
  const done = new Promise<void>((resolve, reject) => {
    sink = pack.entry({ name, size, mode: 0o600, mtime }, (err) => (err ? reject(err) : resolve()));
  });
  const chunks: AsyncIterable<Uint8Array> | Uint8Array[] = Buffer.isBuffer(body) ? [body] : body;
  try {
    for await (const chunk of chunks) {
      if (!sink.write(chunk)) await new Promise<void>((r) => sink.once('drain', r));
    }
    (sink as unknown as { end(): void }).end(); // streamx types want an argument; none is the usual end
  } catch (e) {
    sink.destroy(e as Error);
    throw e;
  }
  await done;
}

export type BackupResult = { rows: number; tables: Record<string, number>; blobs: number; blobBytes: number; missing: string[] };

/**
 * Writes the backup to `file` (through `file.partial`, renamed at the end; mode 0600). Files are read
 * from the store and checked against their hash on the way: a damaged blob stops the backup.
 * Files that rows refer to but the store does not have are listed in `missing` (and in the trailer).
 */
export async function backupToFile(database: Database, file: string, now: Date, files: BackupFiles): Promise<BackupResult> {
  const partial = `${file}.partial`;
  // A fresh file only ('wx' after removing a leftover): never one someone else made or linked.
  fs.rmSync(partial, { force: true });
  try {
    const r = await backupToStream(database, fs.createWriteStream(partial, { mode: 0o600, flags: 'wx' }), now, files);
    fs.renameSync(partial, file);
    return r;
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

/** Writes the backup (gzip'd tar) to `out`, e.g. the admin socket; `out` is ended when it is complete. */
export async function backupToStream(database: Database, out: Writable, now: Date, files: BackupFiles): Promise<BackupResult> {
  const pack = tar.pack();
  // Level 1: photos and videos do not compress; rows still shrink several-fold, at a fraction of the CPU.
  const written = pipeline(pack as unknown as Readable, zlib.createGzip({ level: 1 }), out);
  written.catch(() => {}); // awaited below; a failure also surfaces through the entries
  const tables: Record<string, number> = {};
  let rows = 0;
  let blobs = 0;
  let blobBytes = 0;
  const missing: string[] = [];
  let entryNo = 0;
  const writeJson = (name: string, value: unknown) => {
    const body = Buffer.from(JSON.stringify(value) + '\n');
    return addEntry(pack, name, body.length, body, now);
  };
  try {
    await writeJson(HEADER, { format: FORMAT, version: VERSION, createdAt: now.toISOString(), source: database.kind });
    let lines: Buffer[] = [];
    let bytes = 0;
    const flush = async () => {
      if (!lines.length) return;
      const body = Buffer.concat(lines);
      lines = [];
      bytes = 0;
      entryNo++;
      await addEntry(pack, `rows/${String(entryNo).padStart(8, '0')}.jsonl`, body.length, body, now);
    };
    // One snapshot for the rows and the list of files they refer to (PGlite has one connection anyway).
    const referenced = await database.db.transaction(async (tx) => {
      if (database.kind === 'pg') await tx.execute(sql`set transaction isolation level repeatable read`);
      for (const table of backupTables()) {
        const name = getTableConfig(table).name;
        tables[name] = 0;
        for await (const r of dumpRows(tx as unknown as Db, table)) {
          const line = Buffer.from(encode({ t: name, r }) + '\n');
          lines.push(line);
          bytes += line.length;
          tables[name]++;
          rows++;
          if (bytes >= ROWS_PER_ENTRY_BYTES) await flush();
        }
      }
      await flush();
      return referencedBlobs(tx, files.owners);
    });
    // Blobs are immutable and never removed while referenced, so they can be read after the snapshot.
    for (const sha256 of referenced) {
      const blob = await files.store.open(sha256);
      if (!blob) {
        missing.push(sha256);
        continue;
      }
      const h = createHash('sha256');
      async function* hashed() {
        for await (const chunk of blob!.stream as AsyncIterable<Buffer>) {
          h.update(chunk);
          yield chunk;
        }
      }
      await addEntry(pack, `blobs/${sha256}`, blob.size, hashed(), now);
      const actual = h.digest('hex');
      if (actual !== sha256) throw new Error(`the file store's copy of ${sha256} is damaged (its bytes hash to ${actual}); backup stopped`);
      blobs++;
      blobBytes += blob.size;
    }
    await writeJson(END, { rows, tables, blobs, blobBytes, missing });
    pack.finalize();
    await written;
    return { rows, tables, blobs, blobBytes, missing };
  } catch (e) {
    pack.destroy(e as Error);
    await written.catch(() => {});
    throw e;
  }
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

const badFile = () => appError('backup/bad_file');

/** Iterates a source, turning any error of the source itself (zlib, tar, reading) into bad_file. */
async function* guarded<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  for (;;) {
    let r: IteratorResult<T>;
    try {
      r = await it.next();
    } catch (e) {
      if (isAppError(e)) throw e;
      throw badFile();
    }
    if (r.done) return;
    yield r.value;
  }
}

/** Inserts rows in order, 500 at a time; tables must come in the order the backup writes them. */
class RowSink {
  private readonly tables = backupTables();
  private readonly byName = new Map(this.tables.map((t, i) => [getTableConfig(t).name, { table: t, index: i }]));
  private current = -1;
  private batch: Record<string, unknown>[] = [];
  rows = 0;
  readonly counts: Record<string, number> = {};
  constructor(private readonly tx: Tx) {}

  async add(line: string) {
    let entry: { t?: unknown; r?: unknown };
    try {
      entry = JSON.parse(line) as { t?: unknown; r?: unknown };
    } catch {
      throw badFile();
    }
    const { t, r } = entry ?? {};
    const known = typeof t === 'string' ? this.byName.get(t) : undefined;
    if (!known || typeof t !== 'string' || !r || typeof r !== 'object' || Array.isArray(r)) throw badFile();
    if (known.index < this.current) throw badFile(); // out of order: parents must come first
    if (known.index !== this.current) {
      await this.flush();
      this.current = known.index;
    }
    this.batch.push(revive(known.table, r as Record<string, unknown>));
    this.counts[t] = (this.counts[t] ?? 0) + 1;
    this.rows++;
    if (this.batch.length >= 500) await this.flush();
  }

  async flush() {
    if (!this.batch.length) return;
    const table = this.tables[this.current]!;
    const rows = this.batch;
    this.batch = [];
    await this.tx.insert(table).values(rows);
  }
}

/** Empties every table after checking the target (see restoreFromFile). */
async function prepareTarget(tx: Tx, force: boolean) {
  const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(schema.people);
  const [{ u } = { u: 0 }] = await tx.select({ u: count() }).from(schema.units);
  if ((Number(n) > 0 || Number(u) > 0) && !force) throw appError('backup/not_empty');
  // Empty every table, children first (the audit guard allows this only inside a restore).
  const names = backupTables().map((t) => getTableConfig(t).name);
  await tx.execute(sql`select set_config('xuanbao.audit_purge', 'on', true)`);
  await tx.execute(sql.raw(`TRUNCATE ${['sessions', ...names.reverse()].map((n) => `"${n}"`).join(', ')} CASCADE`));
  await tx.execute(sql`select set_config('xuanbao.audit_purge', 'off', true)`);
}

/** The first decompressed bytes, to tell version 1 (JSON lines) from version 2 (tar). */
async function sniff(file: string): Promise<'v1' | 'v2'> {
  const gunzip = zlib.createGunzip();
  const input = fs.createReadStream(file);
  input.pipe(gunzip);
  try {
    for await (const chunk of guarded(gunzip as AsyncIterable<Buffer>)) {
      if (chunk.length) return chunk[0] === 0x7b /* { */ ? 'v1' : 'v2';
    }
    throw badFile();
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

export type RestoreResult = { rows: number; blobs: number; version: number; missing: string[] };

/**
 * Restores a backup into a migrated database and the configured file store, all or nothing. The
 * target must hold no units or people (a fresh install) unless `force`, which first empties every
 * table. Every file is checked against its SHA-256 as it is stored; a damaged, cut-short or
 * inconsistent backup is refused (backup/bad_file, backup/blob_mismatch), the database is left as it
 * was and the files this restore added to the store are removed again.
 */
export async function restoreFromFile(database: Database, file: string, opts: { force?: boolean } & BackupFiles): Promise<RestoreResult> {
  const version = await sniff(file);
  const added: string[] = [];
  try {
    return await database.db.transaction(async (tx) => {
      await prepareTarget(tx, !!opts.force);
      const sink = new RowSink(tx);
      const restored = new Set<string>();
      let listedMissing: string[] = [];
      if (version === 'v1') {
        await restoreV1(file, sink);
      } else {
        listedMissing = await restoreV2(file, sink, async (sha256, body) => {
          const existed = await opts.store.exists(sha256);
          try {
            await opts.store.put(body, { sha256 });
          } catch (e) {
            if (e instanceof BlobHashMismatch) throw appError('backup/blob_mismatch', { sha256 });
            throw e;
          }
          if (!existed) added.push(sha256);
          restored.add(sha256);
        });
      }
      await sink.flush();
      // Every file the restored rows refer to came back (or was already missing when backed up).
      const missing: string[] = [];
      for (const sha of await referencedBlobs(tx, opts.owners)) {
        if (restored.has(sha)) continue;
        if (version === 'v2' && !listedMissing.includes(sha)) throw badFile();
        if (!(await opts.store.exists(sha))) missing.push(sha);
      }
      return { rows: sink.rows, blobs: restored.size, version: version === 'v1' ? 1 : 2, missing };
    });
  } catch (e) {
    for (const sha of added) await opts.store.delete(sha).catch(() => {});
    throw e;
  }
}

/** Lines of a text stream (errors of the stream propagate). */
async function* linesOf(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source) {
    rest += decoder.write(chunk);
    for (let i = rest.indexOf('\n'); i >= 0; i = rest.indexOf('\n')) {
      yield rest.slice(0, i);
      rest = rest.slice(i + 1);
    }
  }
  rest += decoder.end();
  if (rest) yield rest;
}

/** Version 1: gzip of JSON lines, a header line then rows; no files. */
async function restoreV1(file: string, sink: RowSink) {
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  let first = true;
  try {
    for await (const line of guarded(linesOf(gunzip))) {
      if (!line) continue;
      if (first) {
        first = false;
        let header: { format?: string; version?: number };
        try {
          header = JSON.parse(line) as typeof header;
        } catch {
          throw badFile();
        }
        if (header?.format !== FORMAT || header?.version !== 1) throw badFile();
        continue;
      }
      await sink.add(line);
    }
    if (first) throw badFile(); // empty
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

async function readEntry(entry: AsyncIterable<unknown>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of guarded(entry)) {
    const b = c as Uint8Array;
    n += b.length;
    if (n > limit) throw badFile();
    chunks.push(Buffer.from(b));
  }
  return Buffer.concat(chunks);
}

/** Reads a version 2 archive; returns the hashes the trailer lists as missing at backup time. */
async function restoreV2(file: string, sink: RowSink, putBlob: (sha256: string, body: Readable) => Promise<void>): Promise<string[]> {
  const extract = tar.extract();
  const feeding = pipeline(fs.createReadStream(file), zlib.createGunzip(), extract as unknown as NodeJS.WritableStream);
  feeding.catch((e: unknown) => extract.destroy(e as Error));
  let seenHeader = false;
  let end = null as { rows?: unknown; blobs?: unknown; missing?: unknown } | null;
  let blobs = 0;
  try {
    for await (const entry of guarded(extract)) {
      const name = entry.header.name;
      if (end || entry.header.type !== 'file') throw badFile(); // nothing may follow the trailer
      if (!seenHeader) {
        if (name !== HEADER) throw badFile();
        let header: { format?: string; version?: number };
        try {
          header = JSON.parse((await readEntry(entry, 64 * 1024)).toString('utf8')) as typeof header;
        } catch (e) {
          if (isAppError(e)) throw e;
          throw badFile();
        }
        if (header?.format !== FORMAT || header?.version !== VERSION) throw badFile();
        seenHeader = true;
      } else if (/^rows\/\d{8}\.jsonl$/.test(name)) {
        if (blobs) throw badFile(); // rows come before files
        const text = (await readEntry(entry, MAX_ROWS_ENTRY_BYTES)).toString('utf8');
        for (const line of text.split('\n')) if (line) await sink.add(line);
      } else if (name.startsWith('blobs/') && isSha256(name.slice(6))) {
        await putBlob(name.slice(6), Readable.from(guarded(entry as AsyncIterable<Uint8Array>), { objectMode: false }));
        blobs++;
      } else if (name === END) {
        try {
          end = JSON.parse((await readEntry(entry, 64 * 1024 * 1024)).toString('utf8')) as typeof end;
        } catch (e) {
          if (isAppError(e)) throw e;
          throw badFile();
        }
      } else {
        throw badFile();
      }
    }
    await feeding.catch(() => {
      throw badFile();
    });
  } finally {
    extract.destroy();
  }
  // The trailer must be there (a file cut short at an entry boundary has none) and agree.
  if (!end || end.rows !== sink.rows || end.blobs !== blobs || !Array.isArray(end.missing) || !end.missing.every((s: unknown) => typeof s === 'string' && isSha256(s))) throw badFile();
  return end.missing as string[];
}
