/**
 * Pages with capped totals for lists: an exact count(*) over a large list costs a scan of every
 * matching row on each page. Here a page reads one row more than it shows (so it knows whether more
 * follow); the total is counted only up to the cap, and past it the answer says the total is a lower
 * bound (the web shows "1000+"). Deep pages (past the cap) are not counted at all: the page's end,
 * plus the extra row, is the lower bound, and the page after stays reachable.
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

/** Counts the rows of `rows` (a select without order or limit) up to `cap`. */
async function countUpTo(db: Tx, rows: PgSelect, cap: number): Promise<CappedTotal> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(rows.limit(cap + 1).as('capped'));
  const n = Number(r?.n ?? 0);
  return n > cap ? { total: cap, totalIsLowerBound: true } : { total: n };
}

/**
 * One page of `fetch(limit, offset)` (ordered, limited by this function) and its total, counted on
 * `counted` (the same rows without order or limit) only when the page alone cannot tell.
 */
export async function pageWithTotal<R>(
  db: Tx,
  fetch: (limit: number, offset: number) => Promise<R[]>,
  counted: () => PgSelect,
  page: { page: number; pageSize: number },
): Promise<{ rows: R[] } & CappedTotal> {
  const offset = (page.page - 1) * page.pageSize;
  const cap = listCountCap();
  const deep = offset + page.pageSize >= cap;
  const [got, count] = await Promise.all([fetch(page.pageSize + 1, offset), deep ? undefined : countUpTo(db, counted(), cap)]);
  const rows = got.slice(0, page.pageSize);
  const more = got.length > page.pageSize;
  // The last page (or an empty list) knows the exact total.
  if (!more && (rows.length > 0 || offset === 0)) return { rows, total: offset + rows.length };
  if (count) return { rows, ...count };
  if (more) return { rows, total: offset + page.pageSize, totalIsLowerBound: true };
  // A page past the end (a stale link): count to it, so the list can go back to its last page.
  return { rows, ...(await countUpTo(db, counted(), offset)) };
}
