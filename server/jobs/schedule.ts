/**
 * When a recurring job runs. Pure: the next time slot after a given instant, in the deployment's
 * time zone. A slot is identified by its instant, so every process computes the same key for it.
 */
export type Schedule =
  /** Every day at this wall-clock time ('HH:MM', 24 h) in the deployment's time zone. */
  | { daily: string }
  /** Every n minutes, aligned to the epoch (slots at the same instants in every process). */
  | { everyMinutes: number };

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Checks a schedule once, when it is defined: a typo stops the start instead of never running. */
export function assertSchedule(s: Schedule): void {
  if ('daily' in s) {
    if (!HHMM.test(s.daily)) throw new Error(`schedule: daily time must be HH:MM (24 h), got "${s.daily}"`);
  } else if (!Number.isInteger(s.everyMinutes) || s.everyMinutes < 1) {
    throw new Error(`schedule: everyMinutes must be a positive whole number, got ${s.everyMinutes}`);
  }
}

export function describeSchedule(s: Schedule): string {
  return 'daily' in s ? `daily ${s.daily}` : `every ${s.everyMinutes} min`;
}

type Parts = { y: number; mo: number; d: number; h: number; mi: number; s: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(date: Date, timeZone: string): Parts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(date)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
}

/** How far the zone's wall clock is ahead of UTC at an instant (ms). */
function offsetAt(t: number, timeZone: string): number {
  const p = partsIn(new Date(t), timeZone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(t / 1000) * 1000;
}

/** The instant at which the zone's wall clock shows this date and time (a time skipped by DST moves on). */
export function zonedTime(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let t = wall - offsetAt(wall, timeZone);
  t = wall - offsetAt(t, timeZone);
  return new Date(t);
}

/** The first slot strictly after `after`. */
export function nextSlot(s: Schedule, after: Date, timeZone: string): Date {
  if ('everyMinutes' in s) {
    const step = s.everyMinutes * 60_000;
    return new Date((Math.floor(after.getTime() / step) + 1) * step);
  }
  const [, hh, mm] = HHMM.exec(s.daily)!;
  const today = partsIn(after, timeZone);
  for (let add = 0; add < 3; add++) {
    // Date.UTC normalises day overflow (31 + 1 → the 1st of the next month).
    const day = new Date(Date.UTC(today.y, today.mo - 1, today.d + add));
    const slot = zonedTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), Number(hh), Number(mm), timeZone);
    if (slot.getTime() > after.getTime()) return slot;
  }
  throw new Error('unreachable: a daily slot always falls within two days');
}

/** The unique key of one slot of one job: enqueueing it twice (two processes) keeps one row. */
export const slotKey = (name: string, slot: Date) => `${name}@${slot.toISOString()}`;
