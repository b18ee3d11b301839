/**
 * Capped totals for lists: an exact count(*) over a large list costs a scan of every matching row on
 * each page; counting stops past the cap instead and the answer says the total is a lower bound
 * (the web shows "1000+"). The cap grows with the page asked for, so the page after the current one
 * is always reachable.
 */
import { sql } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client';

/** XUANBAO_LIST_COUNT_CAP (read per request so a test can lower it); 1,000 by default. */
export function listCountCap(): number {
  const v = Number(process.env.XUANBAO_LIST_COUNT_CAP);
  return Number.isInteger(v) && v > 0 ? v : 1000;
}

/** `totalIsLowerBound` only when capped: an exact answer keeps the plain { items, total } shape. */
export type CappedTotal = { total: number; totalIsLowerBound?: true };

/** Counts the rows of `rows` (a select without order or limit) up to the cap, or to the end of the page asked for. */
export async function cappedCount(db: Tx, rows: PgSelect, page: { page: number; pageSize: number }): Promise<CappedTotal> {
  const cap = Math.max(listCountCap(), page.page * page.pageSize);
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(rows.limit(cap + 1).as('capped'));
  const n = Number(r?.n ?? 0);
  return n > cap ? { total: cap, totalIsLowerBound: true } : { total: n };
}
