import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSha256, checkExpected, isSha256, type BlobInfo, type FileStore, type PutResult } from './store';

/**
 * Blobs on local disk: ROOT/ab/abcdef… (the layout uploads have always used, so existing data folders
 * keep working). Folders 0700, files 0600. Every write goes to ROOT/.tmp first, is flushed, and is
 * then renamed into place, so a blob is either whole or absent, even after kill -9.
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;
  readonly description: string;
  private readonly tmpDir: string;

  constructor(
    readonly root: string,
    readonly scratchDir: string,
  ) {
    this.description = `local disk ${root}`;
    this.tmpDir = path.join(root, '.tmp');
    for (const d of [root, this.tmpDir, scratchDir]) {
      fs.mkdirSync(d, { recursive: true, mode: 0o700 });
      fs.chmodSync(d, 0o700);
    }
    privateShards(root);
  }

  blobPath(sha256: string) {
    assertSha256(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  private tempName() {
    return path.join(this.tmpDir, randomBytes(12).toString('hex'));
  }

  /** Moves a complete temporary file into place (or drops it when the blob is already there). */
  private async commit(tmp: string, sha256: string): Promise<void> {
    const dest = this.blobPath(sha256);
    await fsp.mkdir(path.dirname(dest), { recursive: true, mode: 0o700 });
    try {
      await fsp.stat(dest);
      // Already stored: keep the old copy, refresh its age (see FileStore.put).
      await fsp.rm(tmp, { force: true });
      const now = new Date();
      await fsp.utimes(dest, now, now);
    } catch {
      await fsp.rename(tmp, dest);
    }
  }

  async put(source: Readable | Uint8Array, opts: { sha256?: string } = {}): Promise<PutResult> {
    const tmp = this.tempName();
    try {
      const h = createHash('sha256');
      let size = 0;
      const fh = await fsp.open(tmp, 'wx', 0o600);
      try {
        const input = source instanceof Readable ? source : Readable.from([source]);
        for await (const chunk of input as AsyncIterable<Uint8Array>) {
          h.update(chunk);
          size += chunk.length;
          await fh.write(chunk);
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      const sha256 = h.digest('hex');
      checkExpected(opts.sha256, sha256);
      await this.commit(tmp, sha256);
      return { sha256, size };
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  async putFile(file: string, opts: { move?: boolean; sha256?: string } = {}): Promise<PutResult> {
    if (!opts.move) return this.put(fs.createReadStream(file), opts);
    const h = createHash('sha256');
    await pipeline(fs.createReadStream(file), h);
    const sha256 = h.digest('hex');
    checkExpected(opts.sha256, sha256);
    const { size } = await fsp.stat(file);
    const tmp = this.tempName();
    try {
      await fsp.rename(file, tmp);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      // Another file system: copy (flushed) then remove the source.
      const r = await this.put(fs.createReadStream(file), { sha256 });
      await fsp.rm(file, { force: true });
      return r;
    }
    try {
      await fsp.chmod(tmp, 0o600);
      await this.commit(tmp, sha256);
    } finally {
      await fsp.rm(tmp, { force: true });
    }
    return { sha256, size };
  }

  async open(sha256: string) {
    const p = this.blobPath(sha256);
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(p, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const { size } = await fh.stat();
    return { stream: fh.createReadStream() as Readable, size };
  }

  async stat(sha256: string): Promise<BlobInfo | null> {
    try {
      const s = await fsp.stat(this.blobPath(sha256));
      return { sha256, size: s.size, modifiedAt: s.mtime };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async exists(sha256: string) {
    return (await this.stat(sha256)) !== null;
  }

  async delete(sha256: string) {
    await fsp.rm(this.blobPath(sha256), { force: true });
  }

  async *list(): AsyncIterable<BlobInfo> {
    const shards = await fsp.readdir(this.root, { withFileTypes: true });
    for (const shard of shards) {
      if (!shard.isDirectory() || !/^[0-9a-f]{2}$/.test(shard.name)) continue;
      const dir = path.join(this.root, shard.name);
      for (const name of await fsp.readdir(dir)) {
        if (!isSha256(name) || !name.startsWith(shard.name)) continue;
        try {
          const s = await fsp.stat(path.join(dir, name));
          if (s.isFile()) yield { sha256: name, size: s.size, modifiedAt: s.mtime };
        } catch {
          // removed meanwhile
        }
      }
    }
  }

  async removeStaleTemp(before: Date): Promise<number> {
    return removeOldFiles([this.tmpDir, this.scratchDir], before);
  }

  async close() {}
}

/**
 * A shard folder others could enter (made by an earlier version, or by hand) is set to 0700 and its
 * files to 0600. Shards this store made are 0700 already and are not walked: a start stays cheap.
 */
function privateShards(root: string) {
  for (const shard of fs.readdirSync(root, { withFileTypes: true })) {
    if (!shard.isDirectory() || !/^[0-9a-f]{2}$/.test(shard.name)) continue;
    const dir = path.join(root, shard.name);
    if ((fs.statSync(dir).mode & 0o077) === 0) continue;
    fs.chmodSync(dir, 0o700);
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) if (f.isFile()) fs.chmodSync(path.join(dir, f.name), 0o600);
  }
}

/** Removes plain files directly inside the folders that were last changed before `before`. */
export async function removeOldFiles(dirs: string[], before: Date): Promise<number> {
  let n = 0;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      try {
        const s = await fsp.lstat(p);
        if (s.isFile() && s.mtime < before) {
          await fsp.rm(p, { force: true });
          n++;
        }
      } catch {
        // gone meanwhile
      }
    }
  }
  return n;
}
