// Identical files (same bytes) are recognised by their SHA-256, stored as lower-case hex.
import { createHash } from 'node:crypto';

/** SHA-256 of the bytes, 64 lower-case hex characters. */
export function fileHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
