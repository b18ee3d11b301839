import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { cleanFileStore } from '../files/clean';
import { closeFileStoreFor, fileStoreFor, openFileStore, type FileStore } from '../files/files';
import { startLocalS3, type LocalS3 } from '../files/local-s3.testkit';
import { BLOB_OWNERS } from '../main';
import { createTestApp, type TestApp } from '../test/app';
import { openTestDatabase } from '../test/db';
import { archiveBytes, readArchive } from './archive.testkit';
import { backupToFile, restoreFromFile } from './backup';
import { multipartFile } from '../test/multipart';

/**
 * The recovery drill (a new machine): items with files made through the API, backed up, restored
 * into a fresh database and an EMPTY file store (local disk, and across backends onto S3), then
 * every file downloaded through the API and compared by hash with what the source served.
 */
/** A restore builds a whole database; on a busy 2-core machine that takes most of a minute. */
const SLOW = 300_000;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let s3: LocalS3;
let src: TestApp;
let dir: string;
let file: string;
let login: string;
/** attachment id → SHA-256 of what the source served, for the file and its thumbnail (if any). */
const served = new Map<string, { file: string; thumb: string | null }>();
let orphan: string;
const apps: TestApp[] = [];
const stores: FileStore[] = [];


async function upload(cookie: string, id: string, filename: string, bytes: Buffer) {
  const m = multipartFile(filename, bytes);
  const res = await src.app.inject({
    method: 'POST',
    url: `/api/submissions/${id}/attachments?purpose=material`,
    headers: { cookie, 'content-type': m.contentType, 'x-requested-with': 'xuanbao' },
    payload: m.payload,
  });
  expect(res.statusCode).toBe(200);
  return res.json().data as { id: string; hasThumb: boolean };
}

async function download(app: TestApp, cookie: string, id: string, thumb: boolean) {
  const res = await app.request('GET', `/api/attachments/${id}${thumb ? '?thumb=1' : ''}`, { cookie });
  return { status: res.status, hash: res.status === 200 ? sha(res.raw.rawPayload) : null };
}

const photo = (color: string, w: number) => sharp({ create: { width: w, height: 40, channels: 3, background: color } }).jpeg().toBuffer();

beforeAll(async () => {
  s3 = await startLocalS3();
  src = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-drill-'));
  file = path.join(dir, 'drill.xbk');
  const root = await src.makeRoot();
  const unit = await src.makeUnit(root.id, '演练派出所');
  login = (await src.makePerson({ unitId: unit.id, roles: [{ role: 'correspondent', unitId: unit.id }] })).login;
  const c = await src.as(login);

  const material = (await c.post('/api/submissions', { kind: 'material', title: '夜间巡逻现场', category: 6 })).data;
  const uploaded = [
    await upload(c.cookie, material.id, '巡逻一.jpg', await photo('#336699', 64)),
    await upload(c.cookie, material.id, '巡逻二.jpg', await photo('#993366', 80)),
    await upload(c.cookie, material.id, '巡逻二-重复.jpg', await photo('#993366', 80)), // same bytes: one blob, two rows
  ];
  const article = (await c.post('/api/submissions', { kind: 'article', title: '平安建设纪实', body: '正文内容'.repeat(30) })).data;
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n' + 'x'.repeat(200_000));
  uploaded.push(await upload(c.cookie, article.id, '稿件.pdf', pdf));
  // A removed file stays readable in history, so it must come back too.
  const removed = await upload(c.cookie, article.id, '旧稿.pdf', Buffer.from('%PDF-1.4\n% old draft\n%%EOF\n'));
  expect((await c.del(`/api/submissions/${article.id}/attachments/${removed.id}`)).status).toBe(200);
  uploaded.push(removed);
  for (const a of uploaded) {
    const f = await download(src, c.cookie, a.id, false);
    const t = a.hasThumb ? await download(src, c.cookie, a.id, true) : null;
    expect(f.status).toBe(200);
    served.set(a.id, { file: f.hash!, thumb: t?.hash ?? null });
  }
  // A blob no row refers to (a crashed upload): not part of the backup.
  orphan = (await fileStoreFor(src.config).put(Buffer.from('left by a crash'))).sha256;

  const r = await backupToFile(src.database, file, src.clock(), { store: fileStoreFor(src.config), owners: BLOB_OWNERS });
  // 3 distinct photos → 2 files + 2 thumbnails; 2 PDFs.
  expect(r).toMatchObject({ blobs: 6, missing: [] });
}, 180_000);

afterAll(async () => {
  for (const a of apps) {
    await closeFileStoreFor(a.config);
    await a.close();
  }
  for (const s of stores) await s.close();
  await closeFileStoreFor(src.config);
  await src?.close();
  await s3?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new, migrated, empty database (as after `xuanbao migrate` on a new machine). */
const freshDatabase = (): Promise<Database> => openTestDatabase();

async function keys(store: FileStore) {
  const out: string[] = [];
  for await (const b of store.list()) out.push(b.sha256);
  return out.sort();
}

/** Every attachment downloaded through the restored server, compared with what the source served. */
async function expectEveryFileBack(app: TestApp) {
  app.clock.set(src.clock());
  const c = await app.as(login);
  for (const [id, want] of served) {
    const f = await download(app, c.cookie, id, false);
    const t = want.thumb ? await download(app, c.cookie, id, true) : null;
    expect({ id, file: f.hash, thumb: t?.hash ?? null }).toEqual({ id, ...want });
  }
}

describe('backup → restore on a new machine', () => {
  it('the backup holds every referenced file once, named by its hash, and not the orphan', async () => {
    const entries = await readArchive(file);
    const blobs = entries.filter((e) => e.name.startsWith('blobs/'));
    const want = new Set([...served.values()].flatMap((v) => [v.file, v.thumb]).filter((v): v is string => !!v));
    expect(blobs.map((b) => b.name.slice(6)).sort()).toEqual([...want].sort());
    for (const b of blobs) expect(sha(b.body)).toBe(b.name.slice(6));
    expect(blobs.map((b) => b.name)).not.toContain(`blobs/${orphan}`);
  });

  it.each(['local', 's3'] as const)('restores into a fresh database and an empty %s store: every attachment downloads with the same hash', async (kind) => {
    const database = await freshDatabase();
    const dataDir = fs.mkdtempSync(path.join(dir, `${kind}-`));
    const app = await createTestApp({ database, config: { dataDir, fileStore: kind === 's3' ? await s3.bucket() : { kind: 'local' } } });
    apps.push(app);
    const store = fileStoreFor(app.config);
    expect(await keys(store)).toEqual([]);
    const r = await restoreFromFile(database, file, { store, owners: BLOB_OWNERS });
    expect(r).toMatchObject({ blobs: 6, version: 2, missing: [] });
    await expectEveryFileBack(app);
    expect(await store.exists(orphan)).toBe(false);
    // The real owner (attachments) answers for its rows: nothing restored is an orphan, even hours later.
    expect(await cleanFileStore(store, { db: database.db, owners: BLOB_OWNERS, now: new Date(Date.now() + 2 * 3_600_000) })).toEqual({ tempRemoved: 0, unclaimedRemoved: 0, blobsRemoved: 0 });
    expect((await keys(store)).length).toBe(6);
  }, SLOW);

  it('the sweep at start removes the source store\'s orphan and nothing an attachment refers to', async () => {
    const store = fileStoreFor(src.config);
    expect(await cleanFileStore(store, { db: src.db, owners: BLOB_OWNERS })).toMatchObject({ blobsRemoved: 0 }); // too young
    expect(await cleanFileStore(store, { db: src.db, owners: BLOB_OWNERS, now: new Date(Date.now() + 2 * 3_600_000) })).toMatchObject({ blobsRemoved: 1 });
    expect(await store.exists(orphan)).toBe(false);
    await expectEveryFileBack(src);
  });
});

describe('a damaged backup restores nothing, on either store', () => {
  it.each(['local', 's3'] as const)('%s: a changed byte in a file, a file cut short, a referenced file left out', async (kind) => {
    const entries = await readArchive(file);
    const blobIndex = entries.findIndex((e) => e.name.startsWith('blobs/'));
    const flipped = entries.map((e, i) => (i === blobIndex ? { ...e, body: Buffer.from(e.body.map((b, j) => (j === 100 ? b ^ 1 : b))) } : e));
    const lastBlob = entries.findLastIndex((e) => e.name.startsWith('blobs/'));
    const endJson = JSON.parse(entries.at(-1)!.body.toString()) as { blobs: number };
    const leftOut = [...entries.slice(0, lastBlob), { name: 'end.json', body: Buffer.from(JSON.stringify({ ...endJson, blobs: endJson.blobs - 1 })) }];
    const whole = fs.readFileSync(file);
    const cases: [string, Buffer, string][] = [
      ['flipped', await archiveBytes(flipped), 'backup/blob_mismatch'],
      ['cut in the files', whole.subarray(0, Math.floor(whole.length * 0.9)), 'backup/bad_file'],
      ['left out', await archiveBytes(leftOut), 'backup/bad_file'],
    ];
    const database = await freshDatabase();
    const store = openFileStore(kind === 's3' ? await s3.bucket() : { kind: 'local' }, fs.mkdtempSync(path.join(dir, `bad-${kind}-`)));
    stores.push(store);
    try {
      for (const [name, bytes, code] of cases) {
        const p = path.join(dir, `${kind}-${name}.xbk`);
        fs.writeFileSync(p, bytes);
        const err = await restoreFromFile(database, p, { store, owners: BLOB_OWNERS }).then(
          () => null,
          (e: unknown) => e,
        );
        expect({ name, code: (err as { code?: string } | null)?.code }).toEqual({ name, code });
        // Nothing half-restored: no rows, and none of the files this attempt had stored.
        expect({ name, units: (await database.query<{ n: number }>(sqlCount('units')))[0]!.n, files: await keys(store) }).toEqual({ name, units: 0, files: [] });
      }
      // The same target then takes the good backup.
      expect(await restoreFromFile(database, file, { store, owners: BLOB_OWNERS })).toMatchObject({ blobs: 6 });
    } finally {
      await database.close();
    }
  }, SLOW);
});

const sqlCount = (table: string) => sql`select count(*)::int as n from ${sql.identifier(table)}`;
