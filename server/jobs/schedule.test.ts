import { describe, expect, it } from 'vitest';
import { backoffMs } from './queue';
import { assertSchedule, nextSlot, slotKey, zonedTime } from './schedule';

const at = (iso: string) => new Date(iso);
const next = (s: Parameters<typeof nextSlot>[0], after: string, tz = 'Asia/Shanghai') => nextSlot(s, at(after), tz).toISOString();

describe('daily slots in the deployment time zone', () => {
  it('is 03:00 Shanghai time (19:00 UTC the day before), strictly after the given instant', () => {
    expect(next({ daily: '03:00' }, '2026-05-10T02:00:00Z')).toBe('2026-05-10T19:00:00.000Z');
    expect(next({ daily: '03:00' }, '2026-05-10T18:59:59.999Z')).toBe('2026-05-10T19:00:00.000Z');
    expect(next({ daily: '03:00' }, '2026-05-10T19:00:00Z')).toBe('2026-05-11T19:00:00.000Z');
    expect(next({ daily: '00:00' }, '2026-05-10T16:00:00Z')).toBe('2026-05-11T16:00:00.000Z');
  });
  it('crosses month and year ends', () => {
    expect(next({ daily: '03:00' }, '2026-01-31T20:00:00Z')).toBe('2026-02-01T19:00:00.000Z');
    expect(next({ daily: '23:30' }, '2026-12-31T15:31:00Z')).toBe('2027-01-01T15:30:00.000Z');
  });
  it('follows daylight saving time where there is one', () => {
    // Berlin: UTC+1 in winter, UTC+2 from 29 March 2026 (02:00 → 03:00).
    expect(next({ daily: '03:00' }, '2026-03-28T12:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T01:00:00.000Z');
    expect(next({ daily: '03:00' }, '2026-03-27T12:00:00Z', 'Europe/Berlin')).toBe('2026-03-28T02:00:00.000Z');
    // 02:30 does not exist on 29 March: it moves on by the gap, to 03:30 summer time (as Temporal's 'compatible').
    expect(zonedTime(2026, 3, 29, 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(next({ daily: '03:00' }, '2026-05-10T00:00:00Z', 'UTC')).toBe('2026-05-10T03:00:00.000Z');
  });
});

describe('interval slots', () => {
  it('are aligned to the epoch, so every process computes the same slot', () => {
    expect(next({ everyMinutes: 15 }, '2026-05-10T02:07:13Z')).toBe('2026-05-10T02:15:00.000Z');
    expect(next({ everyMinutes: 15 }, '2026-05-10T02:15:00Z')).toBe('2026-05-10T02:30:00.000Z');
    expect(slotKey('x.y', at('2026-05-10T02:15:00Z'))).toBe('x.y@2026-05-10T02:15:00.000Z');
  });
});

describe('schedule checks', () => {
  it('refuses a malformed schedule when it is defined', () => {
    for (const daily of ['3:00', '24:00', '03:60', '0300', '']) expect(() => assertSchedule({ daily })).toThrow(/HH:MM/);
    for (const everyMinutes of [0, -5, 1.5, Number.NaN]) expect(() => assertSchedule({ everyMinutes })).toThrow(/everyMinutes/);
    expect(() => assertSchedule({ daily: '23:59' })).not.toThrow();
  });
});

describe('back-off', () => {
  it('doubles from the base and stops at the cap', () => {
    const o = { baseMs: 30_000, maxMs: 3_600_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n, o))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000]);
  });
});
