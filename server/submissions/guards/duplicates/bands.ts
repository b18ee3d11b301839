// Band keys for finding fingerprints within a Hamming distance without scanning everything.
//
// A 64-bit fingerprint is cut into 4 bands of 16 bits (band 0 = bits 0–15 … band 3 = bits 48–63).
// Pigeonhole: if two fingerprints differ in d bits, some band holds at most ⌊d/4⌋ of them. So with
// r = ⌊maxDistance/4⌋, every stored fingerprint within maxDistance of a query has, in some band, a
// value within r bits of the query's value in that band. For maxDistance ≤ 3 that means "equal in
// some band" (r = 0: 4 exact look-ups); for the text threshold 10, r = 2 and each band is probed
// with the 1 + 16 + 120 = 137 values within 2 bits (548 look-ups, each hitting ≈ N/65536 items).
// Probing then checking the full distance is exact: it finds what a full scan finds.
//
// A key is `band · 65536 + value` (0 … 262143), unique across bands, so the database layer can
// store the 4 keys of each item in one indexed `integer[]` column (GIN, `band_keys && $probes`) or
// in 4 integer columns, and probe with probeKeysOf(). Candidates must then be checked with
// hammingDistance(), because sharing a key does not mean being within the distance.
import { FINGERPRINT_BITS, popcount32, toHalves } from './hamming';

export const BAND_COUNT = 4;
export const BAND_BITS = 16;
export const BAND_VALUES = 1 << BAND_BITS; // 65536

/** The 4 band values (0 … 65535) of a fingerprint given as unsigned halves. */
export function bandValues(hi: number, lo: number): [number, number, number, number] {
  return [lo & 0xffff, lo >>> 16, hi & 0xffff, hi >>> 16];
}

/** The 4 band keys of a fingerprint (`band · 65536 + value`), to store in an indexed column. */
export function bandsOf(fp: bigint): number[] {
  const [hi, lo] = toHalves(fp);
  return bandValues(hi, lo).map((v, band) => band * BAND_VALUES + v);
}

/** Per-band probe radius that makes a banded search exact for `maxDistance`. */
export function probeRadius(maxDistance: number): number {
  assertMaxDistance(maxDistance);
  return Math.floor(maxDistance / BAND_COUNT);
}

export function assertMaxDistance(maxDistance: number): void {
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > FINGERPRINT_BITS) {
    throw new RangeError(`maxDistance must be an integer 0…64, got ${maxDistance}`);
  }
}

const masksByRadius: Uint16Array[] = [];

/** All 16-bit masks with at most `radius` bits set, fewest bits first (0 first). Cached. */
export function masksWithin(radius: number): Uint16Array {
  const r = Math.min(radius, BAND_BITS);
  let masks = masksByRadius[r];
  if (!masks) {
    const all: number[] = [];
    for (let v = 0; v < BAND_VALUES; v++) if (popcount32(v) <= r) all.push(v);
    all.sort((a, b) => popcount32(a) - popcount32(b) || a - b);
    masks = Uint16Array.from(all);
    masksByRadius[r] = masks;
  }
  return masks;
}

/**
 * The band keys to look up so that every stored fingerprint within `maxDistance` of `fp` shares at
 * least one of them (see the top of this file). 4 keys for maxDistance ≤ 3, 548 for ≤ 11.
 */
export function probeKeysOf(fp: bigint, maxDistance: number): number[] {
  const masks = masksWithin(probeRadius(maxDistance));
  const [hi, lo] = toHalves(fp);
  const keys: number[] = [];
  bandValues(hi, lo).forEach((v, band) => {
    for (const m of masks) keys.push(band * BAND_VALUES + (v ^ m));
  });
  return keys;
}
