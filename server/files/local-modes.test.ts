import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from './local';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('the local file store keeps its files to the operator', () => {
  it('writes folders 0700 and files 0600, and repairs a shard an earlier version left readable', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-local-modes-'));
    dirs.push(base);
    const root = path.join(base, 'files');
    const store = new LocalFileStore(root, path.join(base, 'tmp'));
    const { sha256 } = await store.put(Buffer.from('照片'));
    const blob = store.blobPath(sha256);
    expect([root, path.dirname(blob), path.join(base, 'tmp')].map(mode)).toEqual([0o700, 0o700, 0o700]);
    expect(mode(blob)).toBe(0o600);

    fs.chmodSync(root, 0o755);
    fs.chmodSync(path.dirname(blob), 0o777);
    fs.chmodSync(blob, 0o666);
    new LocalFileStore(root, path.join(base, 'tmp'));
    expect([root, path.dirname(blob)].map(mode)).toEqual([0o700, 0o700]);
    expect(mode(blob)).toBe(0o600);
  });
});
