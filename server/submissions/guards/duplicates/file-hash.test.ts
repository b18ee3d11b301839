import { describe, expect, it } from 'vitest';
import { fileHash } from './file-hash';

describe('fileHash', () => {
  it('is the SHA-256 of the bytes in lower-case hex (FIPS 180-2 test vectors)', () => {
    expect(fileHash(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(fileHash(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('recognises identical files and tells a one-byte change apart', () => {
    const a = new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff);
    const copy = Uint8Array.from(a);
    const changed = Uint8Array.from(a);
    changed[50_000] = changed[50_000]! ^ 1;
    expect(fileHash(copy)).toBe(fileHash(a));
    expect(fileHash(changed)).not.toBe(fileHash(a));
    expect(fileHash(Buffer.from(a))).toBe(fileHash(a));
  });
});
