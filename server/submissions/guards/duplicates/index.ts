// Near-duplicate detection for submissions: a pure core (no database).
//   fingerprint.ts      text → 64-bit fingerprint (1-bit MinHash over jieba words), threshold
//   hamming.ts          distance, similarity, signed/unsigned 64-bit helpers
//   bands.ts            band keys to store and to probe (exact banded search)
//   duplicate-index.ts  in-memory banded index + brute-force reference
//   file-hash.ts        SHA-256 of file bytes (identical files)
export {
  FINGERPRINT_VERSION, NEAR_DUPLICATE_MAX_DISTANCE, fingerprintTokens, normalizeForFingerprint, textFingerprint,
  warmUpFingerprinting,
} from './fingerprint';
export { FINGERPRINT_BITS, fromHalves, hammingDistance, similarity, toHalves, toUnsigned } from './hamming';
export { BAND_BITS, BAND_COUNT, bandsOf, probeKeysOf, probeRadius } from './bands';
export { DuplicateIndex, bruteForceFind, type DuplicateMatch, type FingerprintedItem } from './duplicate-index';
export { fileHash } from './file-hash';
