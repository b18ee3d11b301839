/**
 * Near-duplicate fingerprints for submitted texts ("the same work counts once", DOMAIN.md).
 *
 * Choice: a 64-bit **1-bit MinHash** (b-bit minwise hashing with b = 1, Li & König 2010) over jieba
 * word unigrams + word bigrams, searched with a **banded index** (bands.ts, duplicate-index.ts).
 *
 * Why not plain SimHash, and why not classic MinHash/LSH:
 * - Both SimHash and 1-bit MinHash give one 64-bit value per text, compared by Hamming distance, so
 *   storage is one PostgreSQL `bigint` (+ 4 small band keys) and lookup is the same banded index.
 *   Classic MinHash/LSH keeps 64–128 hash values (256–512 bytes) per item: too heavy for 1M items.
 * - Measured on 200–3000-character official-style texts (seed documents cut into windows, plus the
 *   fixtures; see bench/duplicates.bench.ts, "threshold tuning"), a 1-bit MinHash separates "same
 *   text, lightly edited" from "different text on the same topic" better than a TF(-IDF) SimHash:
 *   SimHash measures the cosine of word-count vectors, and two different reports in the same official
 *   register share most of their vocabulary (工作, 宣传, 扫黑除恶 …), which pulls unrelated reports
 *   towards each other (some pairs at distance 8–14), while a few edited characters in a 200-character
 *   lead move SimHash by up to 10–15 bits. Jaccard over word bigrams is low for different texts
 *   (their 64-bit distances stayed ≥ 16, median ≈ 31) and high for edited copies.
 * - Cost: one pass of jieba, then 64 cheap 32-bit hash mixes per distinct feature; ≈ 0.5 ms for a
 *   1000-character text (most of it jieba), see the benchmark.
 *
 * Pipeline: NFKC (full-width → half-width), lower-case, drop whitespace, punctuation, symbols and
 * invisible characters; segment with jieba (dictionary mode, no HMM guessing of unknown words); drop stop words
 * and tokens without a letter (numbers, so a changed date or count barely matters); features = the
 * set of remaining words and of adjacent word pairs, each hashed to 32 bits (FNV-1a + murmur3 fmix);
 * for k = 0..63, bit k = lowest bit of min over features of fmix32(feature ⊕ seed_k).
 *
 * The value is returned in **signed** 64-bit form (fits a PostgreSQL `bigint` as is; hamming.ts
 * accepts signed and unsigned alike). It depends on this code and on jieba's dictionary: if either
 * changes, bump FINGERPRINT_VERSION and recompute stored fingerprints.
 */
import { createRequire } from 'node:module';
import type { Jieba as JiebaType } from '@node-rs/jieba';
import { fromHalves } from './hamming';

export { hammingDistance, similarity } from './hamming';

/** Bump when the fingerprint of some text would change (code, stop words, jieba dictionary). */
export const FINGERPRINT_VERSION = 1;

/**
 * Two texts whose fingerprints differ in at most this many bits are flagged as near-duplicates.
 * Tuned by measurement (bench/duplicates.bench.ts prints the table): light edits of a 200–3000
 * character text (1–3 characters replaced, a changed date, added spaces or punctuation, full-width
 * forms, all together) stayed within 10 bits in 99.8 % of trials — the misses are 200-character
 * texts, where one edit touches a larger share of the words; from 500 characters on, p99 ≤ 5 —
 * while different texts of the same register and topics never came closer than 16 (median ≈ 30).
 * The classic "≤ 3 with 4 exact bands" would miss over 10 % of those edits (1.6 % of the planted copies in the index run).
 * False flags: for unrelated texts each bit differs with probability ≈ 1/2, so a stored item lies
 * within 10 bits with probability ≈ 10⁻⁸ (≈ 0.01 per look-up over a million items; measured 10 in
 * 1,000 look-ups); texts in the same official register sit a little closer (≈ 0.47 per bit, ≈ 10⁻⁷),
 * so a flag is a prompt for the reviewer, who sees the earlier item, not a verdict.
 */
export const NEAR_DUPLICATE_MAX_DISTANCE = 10;

const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 地 得 了 着 过 和 与 及 或 而 并 且 并且 以及 同时 在 于 是 为 为了 对 对于 等 也 又 还 更 都 就 才 ' +
    '将 把 被 从 以 由 向 到 给 让 使 之 其 此 该 这 那 这些 那些 这个 那个 有 没有 不 没 要 会 能 可 可以 ' +
    '个 一 一个 各 每 所 我 我们 你 你们 他 他们 她 它 们 自己 中 上 下 里 通过 进行 按照 根据 关于 如下 ' +
    '如 若 但 但是 因 因为 所以 因此 如果 即 即使 则 已 已经 正在 目前 现 现将 其中 啊 吗 呢 吧'
  ).split(' '),
);

const HAS_LETTER = /\p{L}/u;
// Whitespace, punctuation, symbols, separators and control/format/unassigned characters.
const STRIP = /[\p{P}\p{S}\p{Z}\p{C}\s]+/gu;

let segmenter: JiebaType | undefined;

/** The jieba segmenter with its default dictionary, loaded on first use (≈ 0.4 s). */
function jieba(): JiebaType {
  if (!segmenter) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict');
    segmenter = Jieba.withDict(dict);
  }
  return segmenter;
}

/** Loads the segmenter now (e.g. at server start) so the first fingerprint is not slow. */
export function warmUpFingerprinting(): void {
  jieba();
}

/** NFKC, lower-case, and without whitespace, punctuation, symbols or invisible characters. */
export function normalizeForFingerprint(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(STRIP, '');
}

/** The words that enter the fingerprint, in text order (stop words and numbers dropped). */
export function fingerprintTokens(text: string): string[] {
  const normalized = normalizeForFingerprint(text);
  if (normalized.length === 0) return [];
  return jieba()
    .cut(normalized, false)
    .filter((w) => !STOP_WORDS.has(w) && HAS_LETTER.test(w));
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a string: FNV-1a over UTF-16 code units, then the murmur3 finaliser. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** Hash of the ordered pair (a, b); asymmetric, and apart from unigram hashes. */
function hashPair(a: number, b: number): number {
  return fmix32((Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) + b) ^ 0x27d4eb2f);
}

// One seed per fingerprint bit; fixed forever (changing one changes every fingerprint).
const SEEDS = new Uint32Array(64);
for (let k = 0; k < 64; k++) SEEDS[k] = fmix32(Math.imul(k + 1, 0x9e3779b9));

/** Distinct feature hashes of a text: its words and its adjacent word pairs. */
function featureHashes(tokens: readonly string[]): Uint32Array {
  const n = tokens.length;
  const out = new Uint32Array(n === 0 ? 0 : 2 * n - 1);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const h = hashString(tokens[i] as string);
    out[i] = h;
    if (i > 0) out[n + i - 1] = hashPair(prev, h);
    prev = h;
  }
  out.sort();
  let m = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[m - 1]) out[m++] = out[i] as number;
  return out.subarray(0, m);
}

/** 64-bit 1-bit MinHash of a set of feature hashes, as unsigned halves. 0 for the empty set. */
function minHashBits(features: Uint32Array): [hi: number, lo: number] {
  if (features.length === 0) return [0, 0];
  const mins = new Uint32Array(64).fill(0xffffffff);
  for (let i = 0; i < features.length; i++) {
    const f = features[i] as number;
    for (let k = 0; k < 64; k++) {
      let h = f ^ (SEEDS[k] as number);
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      h >>>= 0;
      if (h < (mins[k] as number)) mins[k] = h;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < 32; k++) {
    lo |= ((mins[k] as number) & 1) << k;
    hi |= ((mins[k + 32] as number) & 1) << k;
  }
  return [hi >>> 0, lo >>> 0];
}

/**
 * The near-duplicate fingerprint of a text, as a **signed** 64-bit bigint (PostgreSQL `bigint`).
 * Texts with no words at all (empty, only punctuation or numbers) get 0n; callers should not flag
 * on those.
 */
export function textFingerprint(text: string): bigint {
  const [hi, lo] = minHashBits(featureHashes(fingerprintTokens(text)));
  return fromHalves(hi, lo);
}
