import path from 'node:path';
import type { Config, FileStoreConfig } from '../config';
import { LocalFileStore } from './local';
import { S3FileStore } from './s3';
import type { FileStore } from './store';

export type { BlobInfo, FileStore, PutResult } from './store';
export { BlobHashMismatch, isSha256 } from './store';

/**
 * Opens the configured file store. Local disk keeps blobs in DATA_DIR/files; either backend uses
 * DATA_DIR/tmp for temporary files. The caller closes it (the CLI), or uses `fileStoreFor`.
 */
export function openFileStore(fileStore: FileStoreConfig, dataDir: string): FileStore {
  const scratch = path.join(dataDir, 'tmp');
  if (fileStore.kind === 's3') return new S3FileStore(fileStore, scratch);
  return new LocalFileStore(path.join(dataDir, 'files'), scratch);
}

const open = new WeakMap<Config, FileStore>();

/** The one store of a running configuration (one S3 client per process, not one per request). */
export function fileStoreFor(config: Config): FileStore {
  let s = open.get(config);
  if (!s) {
    s = openFileStore(config.fileStore, config.dataDir);
    open.set(config, s);
  }
  return s;
}

/** Closes the store `fileStoreFor(config)` opened, if any (on server stop). */
export async function closeFileStoreFor(config: Config) {
  const s = open.get(config);
  open.delete(config);
  await s?.close();
}
