import fs from 'node:fs';
import zlib from 'node:zlib';
import * as tar from 'tar-stream';

/** Tests only: a backup archive read whole into memory, and written back (to make damaged copies). */
export type Entry = { name: string; body: Buffer };

export async function readArchive(file: string): Promise<Entry[]> {
  const extract = tar.extract();
  const out: Entry[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        out.push({ name: header.name, body: Buffer.concat(chunks) });
        next();
      });
      stream.resume();
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  extract.end(zlib.gunzipSync(fs.readFileSync(file)));
  await done;
  return out;
}

export async function archiveBytes(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const e of entries) pack.entry({ name: e.name, mode: 0o600 }, e.body);
  pack.finalize();
  await done;
  return zlib.gzipSync(Buffer.concat(chunks));
}

export const rowLines = (entries: Entry[]) =>
  entries.filter((e) => e.name.startsWith('rows/')).flatMap((e) => e.body.toString('utf8').split('\n').filter(Boolean));
