import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * The file store: blobs addressed by the SHA-256 of their bytes. One interface, two backends (local
 * disk under the data folder, S3-compatible object storage). It knows nothing of who uses a blob:
 * rows that refer to blobs belong to their domains, which answer "which blobs are mine" through a
 * `BlobOwner` (see clean.ts and the backup).
 */
export type PutResult = { sha256: string; size: number };
export type BlobInfo = { sha256: string; size: number; modifiedAt: Date };

export type FileStoreKind = 'local' | 's3';

export interface FileStore {
  readonly kind: FileStoreKind;
  /** Where the blobs are, for log lines and messages (never a secret). */
  readonly description: string;
  /**
   * A local folder for temporary files (an upload being checked, an S3 upload being spooled).
   * Files in it older than the safe age are removed at start.
   */
  readonly scratchDir: string;
  /**
   * Stores bytes and returns their hash and size. With `sha256`, the bytes must hash to it or
   * nothing is stored (BlobHashMismatch). Storing bytes that are already there refreshes the
   * blob's age, so that the orphan sweep never removes a blob a new row is about to refer to.
   */
  put(source: Readable | Uint8Array, opts?: { sha256?: string }): Promise<PutResult>;
  /** Stores a local file; with `move`, the file is consumed (renamed when possible). */
  putFile(file: string, opts?: { move?: boolean; sha256?: string }): Promise<PutResult>;
  /** A read stream of the blob, or null when there is none. */
  open(sha256: string): Promise<{ stream: Readable; size: number } | null>;
  stat(sha256: string): Promise<BlobInfo | null>;
  exists(sha256: string): Promise<boolean>;
  /** Removes a blob; removing one that is not there is not an error. */
  delete(sha256: string): Promise<void>;
  /** Every blob with its size and age, in no particular order. */
  list(): AsyncIterable<BlobInfo>;
  /** Removes temporary files (scratch folder, unfinished writes) last changed before `before`. */
  removeStaleTemp(before: Date): Promise<number>;
  close(): Promise<void>;
}

export class BlobHashMismatch extends Error {
  constructor(
    public readonly expected: string,
    public readonly actual: string,
  ) {
    super(`blob bytes hash to ${actual}, expected ${expected}`);
    this.name = 'BlobHashMismatch';
  }
}

const SHA = /^[0-9a-f]{64}$/;
export const isSha256 = (s: string) => SHA.test(s);

export function assertSha256(s: string): void {
  if (!SHA.test(s)) throw new Error(`not a SHA-256 key: ${JSON.stringify(s.slice(0, 80))}`);
}

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Throws BlobHashMismatch when an expected hash is given and differs. */
export function checkExpected(expected: string | undefined, actual: string) {
  if (expected !== undefined && expected !== actual) throw new BlobHashMismatch(expected, actual);
}
