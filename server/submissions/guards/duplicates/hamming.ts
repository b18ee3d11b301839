// Bit helpers for 64-bit fingerprints.
//
// A fingerprint travels through the code as a `bigint`. `textFingerprint` produces the *signed*
// 64-bit form (−2^63 … 2^63−1) so it can be written to a PostgreSQL `bigint` column as is, and
// node-postgres / PGlite hand it back the same way. Every function here also accepts the unsigned
// form (0 … 2^64−1): both name the same 64 bits. Inside, the bits are handled as two unsigned 32-bit
// halves, because numbers are much faster than BigInt arithmetic in hot loops.

const TWO_POW_63 = 1n << 63n;
const TWO_POW_64 = 1n << 64n;
const LOW_32 = 0xffffffffn;

/** Number of bits in a fingerprint. */
export const FINGERPRINT_BITS = 64;

/** Number of set bits in a 32-bit value (any number; only its low 32 bits count). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Throws unless `fp` is a 64-bit value in signed or unsigned form. */
export function assertFingerprint(fp: bigint): void {
  if (typeof fp !== 'bigint' || fp < -TWO_POW_63 || fp >= TWO_POW_64) {
    throw new RangeError(`not a 64-bit fingerprint: ${String(fp)}`);
  }
}

/** Splits a fingerprint into unsigned 32-bit halves `[hi, lo]` (bits 63..32 and 31..0). */
export function toHalves(fp: bigint): [hi: number, lo: number] {
  assertFingerprint(fp);
  const u = BigInt.asUintN(64, fp);
  return [Number(u >> 32n), Number(u & LOW_32)];
}

/** Joins two unsigned 32-bit halves into the signed 64-bit form stored in PostgreSQL. */
export function fromHalves(hi: number, lo: number): bigint {
  return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
}

/** The unsigned form (0 … 2^64−1) of a fingerprint, e.g. for hex display. */
export function toUnsigned(fp: bigint): bigint {
  assertFingerprint(fp);
  return BigInt.asUintN(64, fp);
}

/** Number of differing bits between two fingerprints (0 … 64). Signed and unsigned forms mix freely. */
export function hammingDistance(a: bigint, b: bigint): number {
  const [ah, al] = toHalves(a);
  const [bh, bl] = toHalves(b);
  return popcount32(ah ^ bh) + popcount32(al ^ bl);
}

/**
 * Similarity 0..1 derived from the Hamming distance. The fingerprint is a 1-bit MinHash (see
 * fingerprint.ts): two texts whose feature sets have Jaccard similarity J agree on each bit with
 * probability J + (1 − J)/2, so E[distance] = 32·(1 − J) and J ≈ 1 − distance/32. The estimate is
 * clamped to 0 for unrelated texts (distance ≥ 32, about half the bits). Identical → 1.
 */
export function similarity(a: bigint, b: bigint): number {
  return Math.max(0, 1 - hammingDistance(a, b) / (FINGERPRINT_BITS / 2));
}
