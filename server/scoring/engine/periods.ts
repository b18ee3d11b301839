/**
 * Scoring periods in the deployment's time zone (default Asia/Shanghai): half-month (1st–15th,
 * 16th–end), ISO week, month, quarter, year, or a custom range of calendar dates. A period is a
 * half-open range of instants [from, to): an event belongs to the period that holds its own instant,
 * so 2024-03-31T16:00:00Z (00:00 on 1 April in Shanghai) is April's. Pure: no database, no clock.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export type PeriodKind = 'half_month' | 'iso_week' | 'month' | 'quarter' | 'year' | 'custom';
export const PERIOD_KINDS: readonly PeriodKind[] = ['half_month', 'iso_week', 'month', 'quarter', 'year', 'custom'];

export type Period = {
  kind: PeriodKind;
  /** Stable key: 2024-03-H1, 2024-W01, 2024-03, 2024-Q1, 2024, 2024-03-05..2024-04-10. */
  key: string;
  /** First instant inside (epoch ms). */
  from: number;
  /** First instant after (epoch ms). */
  to: number;
  /** First and last calendar dates, "YYYY-MM-DD", in the time zone. */
  firstDay: string;
  lastDay: string;
};

export type LocalDate = { year: number; month: number; day: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
const HOUR = 3_600_000;
const DAY = 86_400_000;

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

/** Throws a RangeError naming the zone when it is not an IANA time zone this runtime knows. */
export function assertTimeZone(tz: string): void {
  try {
    formatter(tz);
  } catch {
    throw new RangeError(`unknown time zone: ${tz}`);
  }
}

/**
 * The zone's offset from UTC at an instant, in ms. Zones change offset on the hour (or half hour) at
 * most, so the offset is cached per quarter hour: a million events of one year cost a few thousand
 * Intl calls, not a million.
 */
export function offsetAt(ms: number, tz: string): number {
  const bucket = Math.floor(ms / (HOUR / 4));
  let cache = offsets.get(tz);
  if (!cache) offsets.set(tz, (cache = new Map()));
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  const parts = formatter(tz).formatToParts(new Date(bucket * (HOUR / 4)));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const off = asUtc - bucket * (HOUR / 4);
  if (cache.size > 200_000) cache.clear();
  cache.set(bucket, off);
  return off;
}

/** The calendar date of an instant in the zone. */
export function localDateOf(ms: number, tz: string = DEFAULT_TIME_ZONE): LocalDate {
  const d = new Date(ms + offsetAt(ms, tz));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The local month (1–12) of an instant: what month windows (March–August) test. */
export function localMonthOf(ms: number, tz: string = DEFAULT_TIME_ZONE): number {
  return new Date(ms + offsetAt(ms, tz)).getUTCMonth() + 1;
}

/** A year-month key (2024*12 + month − 1) of an instant, for "at most once per month". */
export function localMonthIndexOf(ms: number, tz: string = DEFAULT_TIME_ZONE): number {
  const d = new Date(ms + offsetAt(ms, tz));
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The instant of 00:00:00 on a calendar date in the zone. */
export function startOfLocalDay(date: LocalDate, tz: string = DEFAULT_TIME_ZONE): number {
  const naive = Date.UTC(date.year, date.month - 1, date.day);
  let guess = naive - offsetAt(naive, tz);
  // Twice: the offset at the guess can differ from the offset at the naive instant across a change.
  guess = naive - offsetAt(guess, tz);
  return naive - offsetAt(guess, tz);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const formatLocalDate = (d: LocalDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** "2024-02-29" → {2024, 2, 29}; throws on a date that does not exist. */
export function parseLocalDate(text: string): LocalDate {
  const m = DATE.exec(text);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${text}`);
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = new Date(Date.UTC(d.year, d.month - 1, d.day));
  if (check.getUTCFullYear() !== d.year || check.getUTCMonth() + 1 !== d.month || check.getUTCDate() !== d.day) throw new RangeError(`no such date: ${text}`);
  return d;
}

function addDays(d: LocalDate, n: number): LocalDate {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day) + n * DAY);
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** ISO 8601 week of a calendar date: the week belongs to the year of its Thursday. */
export function isoWeekOf(d: LocalDate): { year: number; week: number } {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { year: t.getUTCFullYear(), week: Math.ceil(((t.getTime() - yearStart) / DAY + 1) / 7) };
}

function isoWeekMonday(year: number, week: number): LocalDate {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const dow = jan4.getUTCDay() || 7;
  const monday = Date.UTC(year, 0, 4) - (dow - 1) * DAY + (week - 1) * 7 * DAY;
  const x = new Date(monday);
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

function make(kind: PeriodKind, key: string, first: LocalDate, last: LocalDate, tz: string): Period {
  return { kind, key, from: startOfLocalDay(first, tz), to: startOfLocalDay(addDays(last, 1), tz), firstDay: formatLocalDate(first), lastDay: formatLocalDate(last) };
}

/** The period of a kind that holds a calendar date. */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, d: LocalDate, tz: string = DEFAULT_TIME_ZONE): Period {
  switch (kind) {
    case 'half_month': {
      const h1 = d.day <= 15;
      const first = { year: d.year, month: d.month, day: h1 ? 1 : 16 };
      const last = { year: d.year, month: d.month, day: h1 ? 15 : daysInMonth(d.year, d.month) };
      return make(kind, `${d.year}-${pad(d.month)}-H${h1 ? 1 : 2}`, first, last, tz);
    }
    case 'iso_week': {
      const w = isoWeekOf(d);
      const monday = isoWeekMonday(w.year, w.week);
      return make(kind, `${w.year}-W${pad(w.week)}`, monday, addDays(monday, 6), tz);
    }
    case 'month':
      return make(kind, `${d.year}-${pad(d.month)}`, { year: d.year, month: d.month, day: 1 }, { year: d.year, month: d.month, day: daysInMonth(d.year, d.month) }, tz);
    case 'quarter': {
      const q = Math.floor((d.month - 1) / 3);
      return make(kind, `${d.year}-Q${q + 1}`, { year: d.year, month: q * 3 + 1, day: 1 }, { year: d.year, month: q * 3 + 3, day: daysInMonth(d.year, q * 3 + 3) }, tz);
    }
    case 'year':
      return make(kind, `${d.year}`, { year: d.year, month: 1, day: 1 }, { year: d.year, month: 12, day: 31 }, tz);
  }
}

/** The period of a kind that holds an instant. */
export function periodOfInstant(kind: Exclude<PeriodKind, 'custom'>, ms: number, tz: string = DEFAULT_TIME_ZONE): Period {
  return periodContaining(kind, localDateOf(ms, tz), tz);
}

/** A custom range of calendar dates, both ends included. */
export function customPeriod(firstDay: string, lastDay: string, tz: string = DEFAULT_TIME_ZONE): Period {
  const a = parseLocalDate(firstDay);
  const b = parseLocalDate(lastDay);
  if (formatLocalDate(b) < formatLocalDate(a)) throw new RangeError(`the range ends before it starts: ${firstDay} .. ${lastDay}`);
  return make('custom', `${firstDay}..${lastDay}`, a, b, tz);
}

const KEY_PATTERNS: [RegExp, (m: RegExpExecArray, tz: string) => Period][] = [
  [/^(\d{4})-(\d{2})-H([12])$/, (m, tz) => periodContaining('half_month', { year: +m[1]!, month: +m[2]!, day: m[3] === '1' ? 1 : 16 }, tz)],
  [/^(\d{4})-W(\d{2})$/, (m, tz) => periodContaining('iso_week', isoWeekMonday(+m[1]!, +m[2]!), tz)],
  [/^(\d{4})-(\d{2})$/, (m, tz) => periodContaining('month', { year: +m[1]!, month: +m[2]!, day: 1 }, tz)],
  [/^(\d{4})-Q([1-4])$/, (m, tz) => periodContaining('quarter', { year: +m[1]!, month: (+m[2]! - 1) * 3 + 1, day: 1 }, tz)],
  [/^(\d{4})$/, (m, tz) => periodContaining('year', { year: +m[1]!, month: 1, day: 1 }, tz)],
  [/^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/, (m, tz) => customPeriod(m[1]!, m[2]!, tz)],
];

/** A period from its key (2024-03-H2, 2024-W01, 2024-03, 2024-Q2, 2024, 2024-03-01..2024-03-20). */
export function periodFromKey(key: string, tz: string = DEFAULT_TIME_ZONE): Period {
  for (const [re, build] of KEY_PATTERNS) {
    const m = re.exec(key);
    if (!m) continue;
    if (/-W(\d{2})$/.test(key)) {
      const week = Number(key.slice(-2));
      const max = isoWeekOf({ year: Number(key.slice(0, 4)), month: 12, day: 28 }).week;
      if (week < 1 || week > max) throw new RangeError(`no such ISO week: ${key}`);
    }
    if (/^\d{4}-(\d{2})(-H[12])?$/.test(key)) {
      const month = Number(key.slice(5, 7));
      if (month < 1 || month > 12) throw new RangeError(`no such month: ${key}`);
    }
    return build(m, tz);
  }
  throw new RangeError(`not a period: ${key}`);
}

/** The periods of a kind that cover a year, in order (for charts of points over time). */
export function periodsOfYear(kind: Exclude<PeriodKind, 'custom' | 'year'>, year: number, tz: string = DEFAULT_TIME_ZONE): Period[] {
  const out: Period[] = [];
  let d: LocalDate = kind === 'iso_week' ? isoWeekMonday(year, 1) : { year, month: 1, day: 1 };
  for (;;) {
    const p = periodContaining(kind, d, tz);
    if (kind === 'iso_week' ? !p.key.startsWith(`${year}-`) : p.firstDay.slice(0, 4) !== String(year)) break;
    out.push(p);
    d = addDays(parseLocalDate(p.lastDay), 1);
  }
  return out;
}
