/**
 * What every list route shares beyond paging: sorting by an allow-listed column (the server's ORDER BY,
 * stable with the id as the last key) and a range of calendar days in the deployment's time zone.
 *
 *   const SORTS = { serial: submissions.serial, updatedAt: submissions.updatedAt } as const;
 *   export const ZQuery = z.strictObject({ ...ZSort(SORT_FIELDS), ...ZDayRange, ...ZPage });
 *   .orderBy(...orderByAllowed(SORTS, q, [desc(submissions.updatedAt)], submissions.id))
 */
import { asc, desc, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { parseLocalDate, startOfLocalDay } from '../scoring/engine/periods';
import { appError } from '../errors';

export type SortOrder = 'asc' | 'desc';

/** `sort` (one of the list's columns, anything else is a 400) and `order` (asc by default). */
export function ZSort<const F extends readonly [string, ...string[]]>(fields: F) {
  return { sort: z.enum(fields).optional(), order: z.enum(['asc', 'desc']).optional() };
}

const isDay = (s: string) => {
  try {
    parseLocalDate(s);
    return true;
  } catch {
    return false;
  }
};
/** A calendar day, YYYY-MM-DD (a day that does not exist is refused). */
export const ZDay = z.string().refine(isDay, { message: '日期须为有效的日历日期（YYYY-MM-DD） / A valid date (YYYY-MM-DD)' });
/** `from` and `to`: the first and last day shown, both included. */
export const ZDayRange = { from: ZDay.optional(), to: ZDay.optional() };

/**
 * The instants of a day range in the deployment's time zone: `from` at 00:00 of its day, `until` at
 * 00:00 of the day after `to` (exclusive). A range that ends before it starts is a clear 400.
 */
export function dayRange(r: { from?: string | undefined; to?: string | undefined }, timeZone: string): { from?: Date; until?: Date } {
  if (r.from && r.to && r.from > r.to) throw appError('common/validation', {}, [{ path: 'to', message: '结束日期不能早于开始日期 / The end date is before the start date' }]);
  const out: { from?: Date; until?: Date } = {};
  if (r.from) out.from = new Date(startOfLocalDay(parseLocalDate(r.from), timeZone));
  if (r.to) {
    const d = parseLocalDate(r.to);
    const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
    out.until = new Date(startOfLocalDay({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, timeZone));
  }
  return out;
}

/**
 * The ORDER BY of a list: the requested column (from the allow-list only), then the id in the same
 * direction, so rows that tie keep one order and pages never repeat or skip a row. Nulls sort as
 * PostgreSQL's default (after every value ascending, before descending), so one index on
 * (column, id) serves both directions. Without a sort, `fallback` (which ends with the id).
 */
export function orderByAllowed<F extends string>(
  columns: Record<F, AnyColumn | SQL>,
  q: { sort?: F | undefined; order?: SortOrder | undefined },
  fallback: SQL[],
  id: AnyColumn,
): SQL[] {
  if (!q.sort || !Object.hasOwn(columns, q.sort)) return fallback;
  const col = columns[q.sort];
  return q.order === 'desc' ? [desc(col), desc(id)] : [asc(col), asc(id)];
}
