import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForceFind, DuplicateIndex, type FingerprintedItem } from './duplicate-index';
import { NEAR_DUPLICATE_MAX_DISTANCE, textFingerprint } from './fingerprint';
import { ALL_FIXTURE_TEXTS, FRAUD_LEAD_A, mulberry32, POLICE_PUBLICITY_B, SAOHEI_REPORT_A } from './fixtures';

const U64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

function flip(fp: bigint, bits: readonly number[]): bigint {
  let x = BigInt.asUintN(64, fp);
  for (const b of bits) x ^= 1n << BigInt(b);
  return x;
}


function indexOf(items: readonly FingerprintedItem[], initialCapacity?: number): DuplicateIndex {
  const index = new DuplicateIndex(initialCapacity);
  for (const { id, fingerprint } of items) index.add(id, fingerprint);
  return index;
}

/**
 * A random set with clusters: some base fingerprints, each with neighbours at small random distances
 * (so that searches have something to find at every distance), stored in signed or unsigned form.
 */
const clusteredSet = fc
  .array(
    fc.record({
      base: U64,
      neighbours: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 14 }), { maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .chain((clusters) => {
    const fps = clusters.flatMap(({ base, neighbours }) => [base, ...neighbours.map((bits) => flip(base, bits))]);
    return fc.tuple(fc.shuffledSubarray(fps, { minLength: fps.length }), fc.array(fc.boolean(), { minLength: fps.length, maxLength: fps.length }));
  })
  .map(([fps, signed]) => fps.map((fp, i) => ({ id: `item-${i}`, fingerprint: signed[i] ? BigInt.asIntN(64, fp) : fp })));

describe('DuplicateIndex', () => {
  it('finds exactly what brute force finds, on random sets and distances (property)', () => {
    fc.assert(
      fc.property(
        clusteredSet,
        fc.integer({ min: 0, max: 16 }),
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 8 }),
        (items, maxDistance, queryNoise, capacity) => {
          const index = indexOf(items, capacity);
          expect(index.size).toBe(items.length);
          // queries: near a stored item, and a stored item itself
          const queries = queryNoise.map((bits, i) => flip(items[i % items.length]!.fingerprint, bits));
          queries.push(items[0]!.fingerprint);
          for (const q of queries) {
            const expected = bruteForceFind(items, q, maxDistance);
            expect(index.find(q, maxDistance)).toEqual(expected);
            expect(index.bruteForceFind(q, maxDistance)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays equal to brute force while adds and look-ups interleave over thousands of items (property)', () => {
    // Large enough that the index folds its recent additions into the compact lists several times.
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 2500, max: 4000 }),
        fc.integer({ min: 0, max: 13 }),
        fc.array(fc.integer({ min: 250, max: 1500 }), { minLength: 1, maxLength: 8 }),
        (seed, total, maxDistance, chunks) => {
          const random = mulberry32(seed);
          const u32 = () => (random() * 2 ** 32) >>> 0;
          const rand64 = () => (BigInt(u32()) << 32n) | BigInt(u32());
          const bases = Array.from({ length: 40 }, rand64);
          const items: FingerprintedItem[] = [];
          for (let i = 0; i < total; i++) {
            const fp = random() < 0.5 ? rand64() : flip(bases[i % bases.length]!, Array.from({ length: Math.floor(random() * 15) }, () => u32() % 64));
            items.push({ id: `i${i}`, fingerprint: random() < 0.5 ? BigInt.asIntN(64, fp) : fp });
          }
          const index = new DuplicateIndex(16);
          let added = 0;
          for (let c = 0; added < total; c++) {
            const upTo = Math.min(total, added + chunks[c % chunks.length]!);
            for (; added < upTo; added++) index.add(items[added]!.id, items[added]!.fingerprint);
            const sofar = items.slice(0, added);
            for (const q of [bases[c % bases.length]!, flip(bases[(c + 1) % bases.length]!, [c % 64, (7 * c) % 64]), items[added - 1]!.fingerprint]) {
              expect(index.find(q, maxDistance)).toEqual(bruteForceFind(sofar, q, maxDistance));
            }
          }
          expect(index.size).toBe(total);
        },
      ),
      { numRuns: 10 },
    );
  }, 30_000);

  it('finds every item at every distance up to the text threshold, even across all 4 bands', () => {
    const base = 0x0123_4567_89ab_cdefn;
    const items: FingerprintedItem[] = [];
    // d differing bits spread round-robin over the bands: the hardest case for banding
    for (let d = 0; d <= 12; d++) items.push({ id: `d${d}`, fingerprint: flip(base, Array.from({ length: d }, (_, i) => (i % 4) * 16 + Math.floor(i / 4))) });
    const index = indexOf(items);
    const found = index.find(base, NEAR_DUPLICATE_MAX_DISTANCE);
    expect(found.map((m) => m.id)).toEqual(Array.from({ length: NEAR_DUPLICATE_MAX_DISTANCE + 1 }, (_, d) => `d${d}`));
    expect(found.map((m) => m.distance)).toEqual(Array.from({ length: NEAR_DUPLICATE_MAX_DISTANCE + 1 }, (_, d) => d));
    expect(index.find(base, 3).map((m) => m.id)).toEqual(['d0', 'd1', 'd2', 'd3']);
    expect(index.find(base, 12)).toHaveLength(13);
  });

  it('lists the closest first, and the earlier submission first among equals', () => {
    const index = new DuplicateIndex(2);
    index.add('later-far', 0b111n);
    index.add('first', 0b1n);
    index.add('second', 0b1n);
    index.add('unrelated', -1n);
    expect(index.find(0b1n, 3)).toEqual([
      { id: 'first', distance: 0 },
      { id: 'second', distance: 0 },
      { id: 'later-far', distance: 2 },
    ]);
    expect(index.find(0b1n, 0)).toEqual([{ id: 'first', distance: 0 }, { id: 'second', distance: 0 }]);
  });

  it('returns nothing from an empty index, and rejects bad input', () => {
    const index = new DuplicateIndex();
    expect(index.find(42n)).toEqual([]);
    expect(index.bruteForceFind(42n)).toEqual([]);
    expect(() => index.add('x', 1n << 64n)).toThrow(RangeError);
    expect(() => index.find(0n, -1)).toThrow(RangeError);
    expect(() => index.find(0n, 2.5)).toThrow(RangeError);
    expect(index.size).toBe(0);
  });

  it('flags a lightly edited resubmission with the stored original, not with other texts on the topic', () => {
    const index = new DuplicateIndex();
    ALL_FIXTURE_TEXTS.forEach((text, i) => index.add(`sub-${i}`, textFingerprint(text)));
    // a unit resubmits report A with a new date, a few words changed and different punctuation
    const resubmitted = SAOHEI_REPORT_A.replace('今年以来', '2024年以来').replace('锦旗', '感谢信').replace(/，/g, ',');
    const hits = index.find(textFingerprint(resubmitted));
    expect(hits.map((h) => h.id)).toEqual([`sub-${ALL_FIXTURE_TEXTS.indexOf(SAOHEI_REPORT_A)}`]);
    expect(index.find(textFingerprint(FRAUD_LEAD_A + '（XX派出所供稿）')).map((h) => h.id)).toEqual([
      `sub-${ALL_FIXTURE_TEXTS.indexOf(FRAUD_LEAD_A)}`,
    ]);
    expect(index.find(textFingerprint(POLICE_PUBLICITY_B.slice(0, 300) + SAOHEI_REPORT_A.slice(300, 900)))).toEqual([]);
  });
});
