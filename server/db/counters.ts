import { sql } from 'drizzle-orm';
import type { Tx } from './client';
import { counters } from './tables';

/**
 * Next value of a named counter (1, 2, 3 …), atomic inside the caller's transaction. The row stays
 * locked until the transaction ends: take it late. Submission serials use the key
 * `submission:<organisation id>:<year>` in one statement of their own (submissions.ts assignSerial).
 */
export async function nextCounter(tx: Tx, key: string): Promise<number> {
  const [row] = await tx
    .insert(counters)
    .values({ key, value: 1 })
    .onConflictDoUpdate({ target: counters.key, set: { value: sql`${counters.value} + 1` } })
    .returning({ value: counters.value });
  return row!.value;
}
