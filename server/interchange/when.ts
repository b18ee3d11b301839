import { isCalendarDate } from '../records/kinds';

/**
 * Dates and date-times of the interchange format in the deployment's time zone (pure). A date names
 * a calendar day there; a date-time carries its own offset and names an instant.
 */

/** Making a formatter costs far more than using one (thousands of records): one per zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(instant: number, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** The zone's offset from UTC at an instant, in minutes (Asia/Shanghai: 480). */
export function offsetMinutes(instant: number, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - (instant - (instant % 1000 + 1000) % 1000)) / 60000);
}

/** Offsets by zone and UTC hour (zones change offset on whole hours or half hours, never within a quarter hour of UTC's). */
const hourOffsets = new Map<string, number>();
function offsetAt(instant: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instant / 900_000)}`;
  let off = hourOffsets.get(key);
  if (off === undefined) {
    off = offsetMinutes(instant, timeZone);
    if (hourOffsets.size > 100_000) hourOffsets.clear();
    hourOffsets.set(key, off);
  }
  return off;
}

/** The calendar day (YYYY-MM-DD) a date or date-time names in the zone. */
export function localDateOf(when: string, timeZone: string): string {
  if (isCalendarDate(when)) return when;
  const t = Date.parse(when);
  return new Date(t + offsetAt(t, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** The instant a date-time names; for a date, the start of that day in the zone. */
export function instantOf(when: string, timeZone: string): Date {
  if (!isCalendarDate(when)) return new Date(Date.parse(when));
  const [y, m, d] = when.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - offsetMinutes(guess, timeZone) * 60000;
  t = guess - offsetMinutes(t, timeZone) * 60000;
  return new Date(t);
}

const two = (n: number) => String(n).padStart(2, '0');

/** An instant as an RFC 3339 date-time with the zone's offset there (milliseconds only when not zero). */
export function formatInstant(d: Date, timeZone: string): string {
  const t = d.getTime();
  const off = offsetMinutes(t, timeZone);
  const p = parts(t, timeZone);
  const ms = ((t % 1000) + 1000) % 1000;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}:${two(p.s)}${ms ? `.${String(ms).padStart(3, '0')}` : ''}${sign}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}
