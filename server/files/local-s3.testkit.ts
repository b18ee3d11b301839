import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { FileStoreConfig } from '../config';

/**
 * A local S3-compatible server for tests (s3rver, a dev dependency), on a free loopback port, with
 * its objects in a temporary folder. It checks request signatures like S3 does. Tests only.
 */
export async function startLocalS3() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true });
  const addr = await server.run();
  const endpoint = `http://127.0.0.1:${addr.port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const admin = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  return {
    endpoint,
    /** A new empty bucket and the file-store configuration that points at it. */
    async bucket(): Promise<Extract<FileStoreConfig, { kind: 's3' }>> {
      const bucket = `xb-${randomBytes(6).toString('hex')}`;
      await admin.send(new CreateBucketCommand({ Bucket: bucket }));
      return { kind: 's3', endpoint, bucket, region: 'us-east-1', forcePathStyle: true, ...credentials };
    },
    async stop() {
      admin.destroy();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type LocalS3 = Awaited<ReturnType<typeof startLocalS3>>;
