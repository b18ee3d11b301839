import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../db/client';
import { cleanAndReport, cleanFileStore } from './clean';
import { BlobHashMismatch, openFileStore, type FileStore } from './files';
import { startLocalS3, type LocalS3 } from './local-s3.testkit';
import { LocalFileStore } from './local';
import type { BlobOwner } from './owners';

/** The same suite runs against every backend; the S3 one against a local S3 server started here. */
let s3: LocalS3;
const dirs: string[] = [];
const stores: FileStore[] = [];

beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  for (const s of stores) await s.close();
  await s3?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function newStore(kind: 'local' | 's3') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xb-store-'));
  dirs.push(dataDir);
  const store = openFileStore(kind === 's3' ? await s3.bucket() : { kind: 'local' }, dataDir);
  stores.push(store);
  return { store, dataDir };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
async function readAll(s: Readable) {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
async function keys(store: FileStore) {
  const out: string[] = [];
  for await (const b of store.list()) out.push(b.sha256);
  return out.sort();
}
/** A stream in many small chunks, so that a backend cannot get away with one buffer. */
const chunked = (b: Buffer, size = 65_536) => Readable.from((function* () {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
})());
const failing = (first: Buffer) =>
  new Readable({
    read() {
      this.push(first);
      this.destroy(new Error('client went away'));
    },
  });
const scratchFiles = (store: FileStore) => (fs.existsSync(store.scratchDir) ? fs.readdirSync(store.scratchDir) : []);
const owner = (refs: Set<string>): BlobOwner => ({
  name: 'test',
  referencedAmong: async (_db, shas) => new Set(shas.filter((s) => refs.has(s))),
  allReferenced: async function* () {
    yield* [...refs].sort();
  },
});
const noDb = {} as Tx; // the test owner never reads a database

describe.each(['local', 's3'] as const)('file store on %s', (kind) => {
  let store: FileStore;
  beforeAll(async () => {
    ({ store } = await newStore(kind));
  });

  it('stores a buffer under its SHA-256 and gives the same bytes back', async () => {
    const bytes = randomBytes(10_000);
    const r = await store.put(bytes);
    expect(r).toEqual({ sha256: sha(bytes), size: 10_000 });
    const o = await store.open(r.sha256);
    expect(o?.size).toBe(10_000);
    expect(sha(await readAll(o!.stream))).toBe(r.sha256);
    expect(await store.exists(r.sha256)).toBe(true);
    const st = await store.stat(r.sha256);
    expect(st).toMatchObject({ sha256: r.sha256, size: 10_000 });
    expect(Math.abs(st!.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('stores a stream of many chunks (3 MB) and an empty file', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const r = await store.put(chunked(bytes));
    expect(r).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect((await readAll((await store.open(r.sha256))!.stream)).equals(bytes)).toBe(true);
    const empty = await store.put(Readable.from([]));
    expect(empty).toEqual({ sha256: sha(Buffer.alloc(0)), size: 0 });
    expect((await readAll((await store.open(empty.sha256))!.stream)).length).toBe(0);
    expect(scratchFiles(store)).toEqual([]);
  });

  it('keeps one copy of identical bytes, and storing them again refreshes their age', async () => {
    const bytes = randomBytes(2000);
    const a = await store.put(bytes);
    const first = (await store.stat(a.sha256))!.modifiedAt;
    await new Promise((r) => setTimeout(r, 1100)); // S3 ages have one-second resolution
    const b = await store.put(chunked(bytes, 100));
    expect(b).toEqual(a);
    expect((await keys(store)).filter((k) => k === a.sha256)).toHaveLength(1);
    expect((await store.stat(a.sha256))!.modifiedAt.getTime()).toBeGreaterThan(first.getTime());
  });

  it('refuses bytes that do not hash to the expected key and stores nothing', async () => {
    const bytes = randomBytes(5000);
    const wrong = sha(Buffer.from('something else'));
    const before = await keys(store);
    await expect(store.put(bytes, { sha256: wrong })).rejects.toBeInstanceOf(BlobHashMismatch);
    await expect(store.put(chunked(bytes, 1000), { sha256: wrong })).rejects.toBeInstanceOf(BlobHashMismatch);
    expect(await keys(store)).toEqual(before);
    expect(await store.exists(wrong)).toBe(false);
    expect(await store.exists(sha(bytes))).toBe(false);
    expect(scratchFiles(store)).toEqual([]);
    // The right hash is accepted.
    expect((await store.put(bytes, { sha256: sha(bytes) })).sha256).toBe(sha(bytes));
  });

  it('stores nothing when the source stream fails half-way', async () => {
    const first = randomBytes(70_000);
    const before = await keys(store);
    await expect(store.put(failing(first))).rejects.toThrow('client went away');
    expect(await keys(store)).toEqual(before);
    expect(scratchFiles(store)).toEqual([]);
  });

  it('stores a local file, consuming it only when asked to', async () => {
    const { dataDir } = await newStore('local');
    const bytes = randomBytes(4096);
    const f = path.join(dataDir, 'incoming');
    fs.writeFileSync(f, bytes);
    expect(await store.putFile(f)).toEqual({ sha256: sha(bytes), size: 4096 });
    expect(fs.existsSync(f)).toBe(true);
    const other = randomBytes(100);
    fs.writeFileSync(f, other);
    expect(await store.putFile(f, { move: true })).toEqual({ sha256: sha(other), size: 100 });
    expect(fs.existsSync(f)).toBe(false);
    expect((await readAll((await store.open(sha(other)))!.stream)).equals(other)).toBe(true);
  });

  it('answers null for a missing blob, deletes idempotently and lists what is there', async () => {
    const { store: fresh } = await newStore(kind);
    const missing = sha(Buffer.from('never stored'));
    expect(await fresh.open(missing)).toBeNull();
    expect(await fresh.stat(missing)).toBeNull();
    expect(await fresh.exists(missing)).toBe(false);
    await fresh.delete(missing);
    const a = await fresh.put(Buffer.from('a'));
    const b = await fresh.put(Buffer.from('b'));
    expect(await keys(fresh)).toEqual([a.sha256, b.sha256].sort());
    await fresh.delete(a.sha256);
    expect(await keys(fresh)).toEqual([b.sha256]);
    expect(await fresh.open(a.sha256)).toBeNull();
  });

  it('refuses keys that are not SHA-256 hex (no paths, no other objects)', async () => {
    for (const bad of ['../../etc/passwd', 'ab', `${'A'.repeat(64)}`, `${'0'.repeat(63)}/`]) {
      await expect(store.open(bad)).rejects.toThrow(/not a SHA-256 key/);
      await expect(store.delete(bad)).rejects.toThrow(/not a SHA-256 key/);
    }
  });

  it('removes temporary files older than the safe age, and only those', async () => {
    const { store: fresh } = await newStore(kind);
    const old = path.join(fresh.scratchDir, 'upload-old');
    const young = path.join(fresh.scratchDir, 'upload-young');
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(young, 'y');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    expect(await fresh.removeStaleTemp(new Date(Date.now() - 3_600_000))).toBe(1);
    expect(scratchFiles(fresh)).toEqual(['upload-young']);
  });

  it('sweeps old blobs no owner refers to, keeps referenced and young ones', async () => {
    const { store: fresh } = await newStore(kind);
    const kept = await fresh.put(Buffer.from('referenced'));
    const orphan = await fresh.put(Buffer.from('orphan'));
    const refs = owner(new Set([kept.sha256]));
    // Young: nothing goes, whatever refers to it (an upload may be in flight in another process).
    expect(await cleanFileStore(fresh, { db: noDb, owners: [refs] })).toEqual({ tempRemoved: 0, unclaimedRemoved: 0, blobsRemoved: 0 });
    expect(await keys(fresh)).toEqual([kept.sha256, orphan.sha256].sort());
    // Two hours later: the orphan goes, the referenced blob stays.
    const later = new Date(Date.now() + 2 * 3_600_000);
    expect(await cleanFileStore(fresh, { db: noDb, owners: [refs], now: later })).toEqual({ tempRemoved: 0, unclaimedRemoved: 0, blobsRemoved: 1 });
    expect(await keys(fresh)).toEqual([kept.sha256]);
    // A blob only a second owner refers to stays too.
    const other = await fresh.put(Buffer.from('other domain'));
    await cleanFileStore(fresh, { db: noDb, owners: [refs, owner(new Set([other.sha256]))], now: later });
    expect(await keys(fresh)).toEqual([kept.sha256, other.sha256].sort());
  });
});

describe('local disk', () => {
  it('keeps blobs in DATA_DIR/files/ab/<sha256>, folders 0700 and files 0600, nothing left in .tmp', async () => {
    const { store, dataDir } = await newStore('local');
    const bytes = randomBytes(300);
    const r = await store.put(chunked(bytes, 7));
    const file = path.join(dataDir, 'files', r.sha256.slice(0, 2), r.sha256);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    for (const d of ['files', `files/${r.sha256.slice(0, 2)}`, 'files/.tmp', 'tmp']) expect({ d, mode: fs.statSync(path.join(dataDir, d)).mode & 0o777 }).toEqual({ d, mode: 0o700 });
    expect(fs.readdirSync(path.join(dataDir, 'files', '.tmp'))).toEqual([]);
    expect((store as LocalFileStore).blobPath(r.sha256)).toBe(file);
  });

  it('tightens an existing data folder made with looser modes', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xb-store-'));
    dirs.push(dataDir);
    fs.mkdirSync(path.join(dataDir, 'files'), { mode: 0o777 });
    fs.chmodSync(path.join(dataDir, 'files'), 0o777);
    openFileStore({ kind: 'local' }, dataDir);
    expect(fs.statSync(path.join(dataDir, 'files')).mode & 0o777).toBe(0o700);
  });

  it('removes unfinished writes (a crash mid-upload) from files/.tmp when old enough', async () => {
    const { store, dataDir } = await newStore('local');
    const partial = path.join(dataDir, 'files', '.tmp', 'deadbeef');
    fs.writeFileSync(partial, 'half a video');
    const old = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(partial, old, old);
    expect(await cleanFileStore(store, { db: noDb, owners: [] })).toEqual({ tempRemoved: 1, unclaimedRemoved: 0, blobsRemoved: 0 });
    expect(fs.existsSync(partial)).toBe(false);
    expect(await keys(store)).toEqual([]);
  });
});

describe('the files.clean job’s sweep', () => {
  const logger = () => {
    const lines: { level: string; msg: string }[] = [];
    return { lines, info: (_o: object, msg: string) => void lines.push({ level: 'info', msg }), error: (_o: object, msg: string) => void lines.push({ level: 'error', msg }) };
  };

  it('says in one log line how many temporary files and unreferenced blobs it removed', async () => {
    const { store, dataDir } = await newStore('local');
    const old = new Date(Date.now() - 2 * 3_600_000);
    const orphan = await store.put(Buffer.from('orphan'));
    const kept = await store.put(Buffer.from('kept'));
    const young = await store.put(Buffer.from('young orphan'));
    for (const b of [orphan, kept]) fs.utimesSync((store as LocalFileStore).blobPath(b.sha256), old, old);
    fs.writeFileSync(path.join(dataDir, 'tmp', 'upload-crashed'), 'half');
    fs.utimesSync(path.join(dataDir, 'tmp', 'upload-crashed'), old, old);
    const log = logger();
    expect(await cleanAndReport(store, { db: noDb, owners: [owner(new Set([kept.sha256]))], log })).toEqual({ tempRemoved: 1, unclaimedRemoved: 0, blobsRemoved: 1 });
    expect(log.lines).toEqual([{ level: 'info', msg: expect.stringContaining('file store cleaned: 1 temporary files, 0 unclaimed uploads and 1 unreferenced blobs removed') }]);
    expect(await keys(store)).toEqual([kept.sha256, young.sha256].sort());
  });

  it('logs an error and fails the attempt (to be retried) when the store cannot be read', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xb-store-'));
    dirs.push(dataDir);
    const cfg = await s3.bucket();
    const store = openFileStore({ ...cfg, bucket: 'no-such-bucket' }, dataDir);
    stores.push(store);
    const log = logger();
    await expect(cleanAndReport(store, { db: noDb, owners: [], log })).rejects.toThrow();
    expect(log.lines).toEqual([{ level: 'error', msg: expect.stringContaining('file store clean-up failed (S3 bucket no-such-bucket') }]);
  });
});
