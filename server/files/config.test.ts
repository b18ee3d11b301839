import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';

/** XUANBAO_FILE_STORE and XUANBAO_S3_*: a bad value stops the start with one line naming it. */
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems;
  }
};

describe('file store configuration', () => {
  it('defaults to local disk', () => {
    expect(loadConfig({}).fileStore).toEqual({ kind: 'local' });
  });

  it('reads an S3-compatible store from the environment', () => {
    const c = loadConfig({
      XUANBAO_FILE_STORE: 's3',
      XUANBAO_S3_ENDPOINT: 'https://minio.example.cn:9000',
      XUANBAO_S3_BUCKET: 'xuanbao-files',
      XUANBAO_S3_REGION: 'cn-north-1',
      XUANBAO_S3_ACCESS_KEY_ID: 'AKID',
      XUANBAO_S3_SECRET_ACCESS_KEY: 'very-secret',
      XUANBAO_S3_FORCE_PATH_STYLE: '1',
    });
    expect(c.fileStore).toEqual({
      kind: 's3',
      endpoint: 'https://minio.example.cn:9000',
      bucket: 'xuanbao-files',
      region: 'cn-north-1',
      accessKeyId: 'AKID',
      secretAccessKey: 'very-secret',
      forcePathStyle: true,
    });
    // No keys: the SDK's default credentials (environment, instance role); AWS's endpoint.
    expect(loadConfig({ XUANBAO_FILE_STORE: 's3', XUANBAO_S3_BUCKET: 'b-1' }).fileStore).toMatchObject({ endpoint: undefined, region: 'us-east-1', forcePathStyle: false, accessKeyId: undefined });
  });

  it.each([
    [{ XUANBAO_FILE_STORE: 'ftp' }, 'XUANBAO_FILE_STORE="ftp": must be local or s3'],
    [{ XUANBAO_FILE_STORE: 's3' }, 'XUANBAO_S3_BUCKET="": is required when XUANBAO_FILE_STORE=s3'],
    [{ XUANBAO_FILE_STORE: 's3', XUANBAO_S3_BUCKET: 'Bad_Bucket' }, 'XUANBAO_S3_BUCKET="Bad_Bucket": must be a bucket name'],
    [{ XUANBAO_FILE_STORE: 's3', XUANBAO_S3_BUCKET: 'ok-bucket', XUANBAO_S3_ENDPOINT: 'minio:9000' }, 'XUANBAO_S3_ENDPOINT="minio:9000": must be an http:// or https:// URL'],
    [{ XUANBAO_FILE_STORE: 's3', XUANBAO_S3_BUCKET: 'ok-bucket', XUANBAO_S3_FORCE_PATH_STYLE: 'maybe' }, 'XUANBAO_S3_FORCE_PATH_STYLE="maybe"'],
    [{ XUANBAO_FILE_STORE: 's3', XUANBAO_S3_BUCKET: 'ok-bucket', XUANBAO_S3_REGION: 'Beijing Region' }, 'XUANBAO_S3_REGION="Beijing Region": must be a region name'],
    [{ XUANBAO_FILE_STORE: 's3', XUANBAO_S3_BUCKET: 'ok-bucket', XUANBAO_S3_ACCESS_KEY_ID: 'AKID' }, 'XUANBAO_S3_SECRET_ACCESS_KEY="": must be set together with the other S3 key'],
  ])('refuses %o with one line naming the variable', (env, line) => {
    const p = problems(env);
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(line);
  });

  it('never prints the secret key in an error', () => {
    const p = problems({ XUANBAO_FILE_STORE: 's3', XUANBAO_S3_BUCKET: 'ok-bucket', XUANBAO_S3_SECRET_ACCESS_KEY: 'very-secret' });
    expect(p).toEqual([expect.stringContaining('XUANBAO_S3_ACCESS_KEY_ID=""')]);
    expect(p.join('\n')).not.toContain('very-secret');
  });
});
