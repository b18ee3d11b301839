import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandsOf, masksWithin, probeKeysOf, probeRadius } from './bands';
import { hammingDistance } from './hamming';

const U64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

/** Flips the given bit positions (0…63) of a fingerprint. */
function flip(fp: bigint, bits: readonly number[]): bigint {
  let x = BigInt.asUintN(64, fp);
  for (const b of bits) x ^= 1n << BigInt(b);
  return x;
}

describe('bandsOf', () => {
  it('cuts the 64 bits into 4 × 16-bit values, keyed band · 65536 + value', () => {
    expect(bandsOf(0x0004_0003_0002_0001n)).toEqual([1, 65536 + 2, 2 * 65536 + 3, 3 * 65536 + 4]);
    expect(bandsOf(0n)).toEqual([0, 65536, 131072, 196608]);
  });

  it('gives the same keys for the signed and unsigned form', () => {
    expect(bandsOf(-1n)).toEqual([65535, 131071, 196607, 262143]);
    expect(bandsOf(-1n)).toEqual(bandsOf((1n << 64n) - 1n));
    expect(bandsOf(-(1n << 63n))).toEqual([0, 65536, 131072, 196608 + 0x8000]);
  });

  it('rejects values that are not 64-bit', () => {
    expect(() => bandsOf(1n << 64n)).toThrow(RangeError);
  });
});

describe('probeKeysOf', () => {
  it('needs the 4 own keys up to distance 3, and 4 × 137 keys up to distance 10', () => {
    const fp = 0x1234_5678_9abc_def0n;
    for (const d of [0, 1, 2, 3]) expect(probeKeysOf(fp, d).sort()).toEqual(bandsOf(fp).sort());
    expect(probeKeysOf(fp, 7)).toHaveLength(4 * 17);
    expect(probeKeysOf(fp, 10)).toHaveLength(4 * (1 + 16 + 120));
    expect(new Set(probeKeysOf(fp, 10)).size).toBe(4 * 137);
  });

  it('always shares a key with any fingerprint within the distance (pigeonhole, property)', () => {
    fc.assert(
      fc.property(
        U64,
        fc.integer({ min: 0, max: 16 }).chain((d) =>
          fc.record({ d: fc.constant(d), bits: fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { minLength: d, maxLength: d }) }),
        ),
        (fp, { d, bits }) => {
          const other = flip(fp, bits);
          expect(hammingDistance(fp, other)).toBe(d);
          const probes = new Set(probeKeysOf(fp, d));
          expect(bandsOf(other).some((k) => probes.has(k))).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('with exact keys (distance ≤ 3), misses a fingerprint that differs in one bit of every band', () => {
    // 4 bits, one per band: distance 4 is beyond what 4 exact keys guarantee, and indeed no key matches.
    const fp = 0n;
    const other = flip(fp, [0, 16, 32, 48]);
    const probes = new Set(probeKeysOf(fp, 3));
    expect(bandsOf(other).some((k) => probes.has(k))).toBe(false);
    expect(bandsOf(other).some((k) => new Set(probeKeysOf(fp, 4)).has(k))).toBe(true);
  });

  it('validates maxDistance', () => {
    expect(probeRadius(0)).toBe(0);
    expect(probeRadius(11)).toBe(2);
    expect(probeRadius(64)).toBe(16);
    for (const bad of [-1, 65, 1.5, Number.NaN]) expect(() => probeKeysOf(0n, bad)).toThrow(RangeError);
  });

  it('lists masks by number of bits', () => {
    expect(Array.from(masksWithin(0))).toEqual([0]);
    const m2 = masksWithin(2);
    expect(m2).toHaveLength(137);
    expect(m2[0]).toBe(0);
    expect(new Set(m2).size).toBe(137);
  });
});
