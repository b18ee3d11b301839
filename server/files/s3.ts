import type { FileStoreConfig } from '../config';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { removeOldFiles } from './local';
import { assertSha256, checkExpected, isSha256, sha256Of, type BlobInfo, type FileStore, type PutResult } from './store';

/** The S3 settings, exactly as server/config.ts validates them from the environment. */
export type S3Options = Omit<Extract<FileStoreConfig, { kind: 's3' }>, 'kind'>;

const PREFIX = 'blobs/';

const notFound = (e: unknown) =>
  (e instanceof S3ServiceException && (e.$metadata.httpStatusCode === 404 || e.name === 'NotFound' || e.name === 'NoSuchKey')) ||
  (e as { name?: string })?.name === 'NoSuchKey';

/**
 * Blobs in an S3-compatible bucket under `blobs/<sha256>`. Uploads whose hash is not known yet are
 * spooled to the local scratch folder while hashing, then sent with their length; a blob is never
 * stored under a key its bytes do not hash to. Checksums are sent only where the protocol requires
 * them: the SDK's default (CRC32 trailers in aws-chunked bodies) is not understood by several
 * S3-compatible servers, which then store the framing as part of the object.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(
    opts: S3Options,
    readonly scratchDir: string,
  ) {
    this.bucket = opts.bucket;
    this.description = `S3 bucket ${opts.bucket}${opts.endpoint ? ` at ${opts.endpoint}` : ''}`;
    this.client = new S3Client({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      forcePathStyle: opts.forcePathStyle,
      ...(opts.accessKeyId && opts.secretAccessKey ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } } : {}),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    fs.mkdirSync(scratchDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(scratchDir, 0o700);
  }

  private key(sha256: string) {
    assertSha256(sha256);
    return `${PREFIX}${sha256}`;
  }

  private async send(body: Buffer | Readable, sha256: string, size: number) {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(sha256),
        Body: body,
        ContentLength: size,
        ContentType: 'application/octet-stream',
        Metadata: { sha256 },
      }),
    );
  }

  async put(source: Readable | Uint8Array, opts: { sha256?: string } = {}): Promise<PutResult> {
    if (!(source instanceof Readable)) {
      const buf = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
      const sha256 = sha256Of(buf);
      checkExpected(opts.sha256, sha256);
      await this.send(buf, sha256, buf.length);
      return { sha256, size: buf.length };
    }
    const spool = path.join(this.scratchDir, `s3-${randomBytes(12).toString('hex')}`);
    try {
      await pipeline(source, fs.createWriteStream(spool, { mode: 0o600, flags: 'wx' }));
      return await this.upload(spool, opts.sha256);
    } finally {
      await fsp.rm(spool, { force: true });
    }
  }

  private async upload(file: string, expected: string | undefined): Promise<PutResult> {
    const h = createHash('sha256');
    await pipeline(fs.createReadStream(file), h);
    const sha256 = h.digest('hex');
    checkExpected(expected, sha256);
    const { size } = await fsp.stat(file);
    // Put even when the key exists: it refreshes the object's age for the orphan sweep.
    await this.send(size === 0 ? Buffer.alloc(0) : fs.createReadStream(file), sha256, size);
    return { sha256, size };
  }

  async putFile(file: string, opts: { move?: boolean; sha256?: string } = {}): Promise<PutResult> {
    const r = await this.upload(file, opts.sha256);
    if (opts.move) await fsp.rm(file, { force: true });
    return r;
  }

  async open(sha256: string) {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
      if (!(r.Body instanceof Readable)) throw new Error('S3 GetObject returned no stream');
      return { stream: r.Body, size: Number(r.ContentLength ?? 0) };
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  async stat(sha256: string): Promise<BlobInfo | null> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
      return { sha256, size: Number(r.ContentLength ?? 0), modifiedAt: r.LastModified ?? new Date(0) };
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  async exists(sha256: string) {
    return (await this.stat(sha256)) !== null;
  }

  async delete(sha256: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
  }

  async *list(): AsyncIterable<BlobInfo> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: PREFIX, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const sha256 = (o.Key ?? '').slice(PREFIX.length);
        if (isSha256(sha256)) yield { sha256, size: Number(o.Size ?? 0), modifiedAt: o.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Only local spool files: a PutObject is all or nothing, so the bucket holds no partial blobs. */
  async removeStaleTemp(before: Date): Promise<number> {
    return removeOldFiles([this.scratchDir], before);
  }

  async close() {
    this.client.destroy();
  }
}
