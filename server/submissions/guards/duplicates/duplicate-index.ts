// In-memory banded index of fingerprints (see bands.ts for why probing bands is exact).
//
// Layout, all typed arrays (no object per item or per bucket):
// - fingerprints interleaved [hi, lo, hi, lo, …] (8 bytes per item), ids in a plain array;
// - per band, a compact "CSR" posting list over the items added before the last compaction:
//   offsets[band][value] … offsets[band][value + 1] delimit the entries whose band equals value.
//   An entry is [slot, other half]: the item's slot and the 32-bit half of its fingerprint that does
//   not hold this band (8 bytes; 32 bytes per item over 4 bands). A probe reads a contiguous run and
//   rules out almost every candidate from those 48 known bits without touching the fingerprint
//   array, whose random reads (cache misses) would otherwise dominate the look-up time;
// - items added since then (the tail) sit in per-bucket linked lists (head per bucket, newest first,
//   links indexed by slot − frozen) so add() stays O(1). find() folds the tail into the compact
//   lists once it exceeds an eighth of them, so the amortised cost of an add stays O(1).
// ≈ 42 MiB of typed arrays for a million items (measured by the benchmark), plus the id strings.
import { BAND_COUNT, BAND_VALUES, bandValues, masksWithin, probeRadius, assertMaxDistance } from './bands';
import { NEAR_DUPLICATE_MAX_DISTANCE } from './fingerprint';
import { assertFingerprint, popcount32, toHalves } from './hamming';

export interface DuplicateMatch {
  id: string;
  /** Hamming distance to the query, 0 … maxDistance. */
  distance: number;
}

export interface FingerprintedItem {
  id: string;
  fingerprint: bigint;
}

const NONE = -1;
const MIN_TAIL = 1024;

type Found = { order: number; distance: number };

/** Orders matches closest first; among equals, the earlier-added item first ("flag the earlier one"). */
function byDistanceThenOrder(a: Found, b: Found): number {
  return a.distance - b.distance || a.order - b.order;
}

export class DuplicateIndex {
  #ids: string[] = [];
  /** fps[2·slot] = bits 63..32, fps[2·slot + 1] = bits 31..0 (unsigned). */
  #fps: Uint32Array;
  /** Items [0, frozen) are in the compact lists; [frozen, size) in the tail lists. */
  #frozen = 0;
  /** offsets[band · (65536 + 1) + value]: start of that bucket in postings[band]. */
  #offsets = new Int32Array(BAND_COUNT * (BAND_VALUES + 1));
  /** postings[band][2·i] = slot, postings[band][2·i + 1] = the other 32-bit half of that item. */
  #postings: Uint32Array[] = Array.from({ length: BAND_COUNT }, () => new Uint32Array(0));
  /** tailHeads[band · 65536 + value] = newest tail slot in that bucket, or −1. */
  readonly #tailHeads = new Int32Array(BAND_COUNT * BAND_VALUES).fill(NONE);
  /** tailNext[band][slot − frozen] = next (older) tail slot in the same bucket, or −1. */
  #tailNext: Int32Array[];

  constructor(initialCapacity = 1024) {
    const cap = Math.max(1, Math.floor(initialCapacity));
    this.#fps = new Uint32Array(2 * cap);
    this.#tailNext = Array.from({ length: BAND_COUNT }, () => new Int32Array(Math.min(cap, MIN_TAIL)));
  }

  /** Number of stored fingerprints. */
  get size(): number {
    return this.#ids.length;
  }

  /** Bytes held in typed arrays (fingerprints, posting lists, tail lists); id strings not included. */
  get typedArrayBytes(): number {
    const sum = (arrays: (Int32Array | Uint32Array)[]) => arrays.reduce((s, a) => s + a.byteLength, 0);
    return this.#fps.byteLength + this.#offsets.byteLength + sum(this.#postings) + this.#tailHeads.byteLength + sum(this.#tailNext);
  }

  /**
   * Stores a fingerprint (signed or unsigned 64-bit form) under an id. Ids are not checked for
   * uniqueness: adding the same id twice stores it twice.
   */
  add(id: string, fp: bigint): void {
    const [hi, lo] = toHalves(fp);
    const slot = this.#ids.length;
    if (2 * slot === this.#fps.length) {
      const grown = new Uint32Array(this.#fps.length * 2);
      grown.set(this.#fps);
      this.#fps = grown;
    }
    const t = slot - this.#frozen;
    if (t === this.#tailNext[0]!.length) {
      this.#tailNext = this.#tailNext.map((a) => {
        const grown = new Int32Array(a.length * 2);
        grown.set(a);
        return grown;
      });
    }
    this.#ids.push(id);
    this.#fps[2 * slot] = hi;
    this.#fps[2 * slot + 1] = lo;
    const values = bandValues(hi, lo);
    for (let band = 0; band < BAND_COUNT; band++) {
      const head = band * BAND_VALUES + values[band]!;
      this.#tailNext[band]![t] = this.#tailHeads[head]!;
      this.#tailHeads[head] = slot;
    }
  }

  /** Moves the tail into the compact posting lists (counting sort by band value, slots ascending). */
  #compact(): void {
    const n = this.#ids.length;
    const fps = this.#fps;
    const offsets = this.#offsets;
    offsets.fill(0);
    for (let band = 0; band < BAND_COUNT; band++) {
      const base = band * (BAND_VALUES + 1);
      const shift = band % 2 === 0 ? 0 : 16;
      const word = band < 2 ? 1 : 0; // bands 0–1 are in lo (fps[2·slot + 1]), 2–3 in hi (fps[2·slot])
      for (let slot = 0; slot < n; slot++) offsets[base + 1 + ((fps[2 * slot + word]! >>> shift) & 0xffff)]!++;
      for (let v = 1; v <= BAND_VALUES; v++) offsets[base + v]! += offsets[base + v - 1]!;
      const old = this.#postings[band]!;
      const postings = old.length >= 2 * n ? old : new Uint32Array(Math.max(2 * n, 2 * old.length));
      const fill = offsets.slice(base, base + BAND_VALUES);
      for (let slot = 0; slot < n; slot++) {
        const at = 2 * fill[(fps[2 * slot + word]! >>> shift) & 0xffff]!++;
        postings[at] = slot;
        postings[at + 1] = fps[2 * slot + 1 - word]!;
      }
      this.#postings[band] = postings;
    }
    this.#frozen = n;
    this.#tailHeads.fill(NONE);
    const tailCapacity = Math.max(MIN_TAIL, n >>> 3) + 1;
    if (this.#tailNext[0]!.length > 2 * tailCapacity) this.#tailNext = this.#tailNext.map(() => new Int32Array(tailCapacity));
  }

  /**
   * Stored items within `maxDistance` bits of `fp`, closest first, earlier-added first among equals.
   * Probes the band buckets (bands.ts); returns exactly what bruteForceFind returns.
   */
  find(fp: bigint, maxDistance: number = NEAR_DUPLICATE_MAX_DISTANCE): DuplicateMatch[] {
    const radius = probeRadius(maxDistance);
    const [qhi, qlo] = toHalves(fp);
    if (this.#ids.length - this.#frozen > Math.max(MIN_TAIL, this.#frozen >>> 3)) this.#compact();
    const q = bandValues(qhi, qlo);
    const masks = masksWithin(radius);
    const fps = this.#fps;
    const offsets = this.#offsets;
    const tailHeads = this.#tailHeads;
    const found: Found[] = [];
    const consider = (slot: number, band: number): void => {
      const hi = fps[2 * slot]!;
      const lo = fps[2 * slot + 1]!;
      const distance = popcount32(hi ^ qhi) + popcount32(lo ^ qlo);
      if (distance > maxDistance) return;
      // An item lies in one bucket per band, so it can only be met again in a later band.
      // Keep it only from the first band where it is within the probe radius.
      if (band > 0 && seenInEarlierBand(hi, lo, q, band, radius)) return;
      found.push({ order: slot, distance });
    };
    for (let band = 0; band < BAND_COUNT; band++) {
      const postings = this.#postings[band]!;
      const tailNext = this.#tailNext[band]!;
      const frozen = this.#frozen;
      const csrBase = band * (BAND_VALUES + 1);
      const tailBase = band * BAND_VALUES;
      const qv = q[band]!;
      const qOther = band < 2 ? qhi : qlo;
      for (let m = 0; m < masks.length; m++) {
        const mask = masks[m]!;
        const value = qv ^ mask;
        // distance ≥ bits differing in this band (= the mask's) + bits differing in the other half
        const budget = maxDistance - popcount32(mask);
        for (let i = 2 * offsets[csrBase + value]!, end = 2 * offsets[csrBase + value + 1]!; i < end; i += 2) {
          if (popcount32(postings[i + 1]! ^ qOther) <= budget) consider(postings[i]!, band);
        }
        for (let slot = tailHeads[tailBase + value]!; slot !== NONE; slot = tailNext[slot - frozen]!) consider(slot, band);
      }
    }
    return found.sort(byDistanceThenOrder).map((f) => ({ id: this.#ids[f.order]!, distance: f.distance }));
  }

  /** The same answer as find(), by comparing with every stored item (for checks and benchmarks). */
  bruteForceFind(fp: bigint, maxDistance: number = NEAR_DUPLICATE_MAX_DISTANCE): DuplicateMatch[] {
    assertMaxDistance(maxDistance);
    const [qhi, qlo] = toHalves(fp);
    const fps = this.#fps;
    const found: Found[] = [];
    for (let slot = 0, n = this.#ids.length; slot < n; slot++) {
      const distance = popcount32(fps[2 * slot]! ^ qhi) + popcount32(fps[2 * slot + 1]! ^ qlo);
      if (distance <= maxDistance) found.push({ order: slot, distance });
    }
    return found.sort(byDistanceThenOrder).map((f) => ({ id: this.#ids[f.order]!, distance: f.distance }));
  }
}

function seenInEarlierBand(hi: number, lo: number, q: readonly number[], band: number, radius: number): boolean {
  const v = bandValues(hi, lo);
  for (let b = 0; b < band; b++) if (popcount32(v[b]! ^ q[b]!) <= radius) return true;
  return false;
}

/**
 * Reference search over a plain list with BigInt arithmetic, independent of the index's storage:
 * items within `maxDistance` of `fp`, closest first, list order among equals.
 */
export function bruteForceFind(items: Iterable<FingerprintedItem>, fp: bigint, maxDistance: number = NEAR_DUPLICATE_MAX_DISTANCE): DuplicateMatch[] {
  assertMaxDistance(maxDistance);
  assertFingerprint(fp);
  const q = BigInt.asUintN(64, fp);
  const found: { id: string; order: number; distance: number }[] = [];
  let order = 0;
  for (const item of items) {
    assertFingerprint(item.fingerprint);
    let x = BigInt.asUintN(64, item.fingerprint) ^ q;
    let distance = 0;
    while (x !== 0n) {
      x &= x - 1n;
      distance++;
    }
    if (distance <= maxDistance) found.push({ id: item.id, order, distance });
    order++;
  }
  return found.sort(byDistanceThenOrder).map(({ id, distance }) => ({ id, distance }));
}
