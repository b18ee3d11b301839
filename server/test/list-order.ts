import { expect } from 'vitest';

/**
 * A server-sorted list's order, as the lists promise it: rows with the same sort value come together
 * (whatever the database's collation orders between values), and within one value by id. Returns
 * how many rows tied with the row before them, for tests that must see ties to mean anything.
 */
export function expectGroupedTiesById<R extends { id: string }>(rows: readonly R[], key: (r: R) => string): number {
  const keys = rows.map(key);
  const seen = new Set<string>();
  let ties = 0;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && keys[i] === keys[i - 1]) {
      ties++;
      expect(rows[i - 1]!.id < rows[i]!.id).toBe(true);
    } else {
      expect(seen.has(keys[i]!)).toBe(false);
      seen.add(keys[i]!);
    }
  }
  return ties;
}
