import { describe, expect, it } from 'vitest';
import { customPeriod, isoWeekOf, localDateOf, periodFromKey, periodOfInstant, periodsOfYear, type PeriodKind } from './periods';

const at = (iso: string) => Date.parse(iso);
const key = (kind: Exclude<PeriodKind, 'custom'>, iso: string, tz?: string) => periodOfInstant(kind, at(iso), tz).key;

describe('periods in Asia/Shanghai', () => {
  it('an event at 2024-03-31T16:00:00Z belongs to April; one millisecond earlier to March', () => {
    expect(key('month', '2024-03-31T16:00:00Z')).toBe('2024-04');
    expect(key('month', '2024-03-31T15:59:59.999Z')).toBe('2024-03');
    const april = periodFromKey('2024-04');
    expect(april.from).toBe(at('2024-03-31T16:00:00Z'));
    expect(april.to).toBe(at('2024-04-30T16:00:00Z'));
  });

  it('23:59:59 and 00:00:00 local time fall on either side of every boundary', () => {
    const cases: [Exclude<PeriodKind, 'custom'>, string, string, string][] = [
      ['half_month', '2024-05-15T23:59:59+08:00', '2024-05-H1', '2024-05-H2'],
      ['month', '2024-05-31T23:59:59+08:00', '2024-05', '2024-06'],
      ['quarter', '2024-06-30T23:59:59+08:00', '2024-Q2', '2024-Q3'],
      ['year', '2024-12-31T23:59:59+08:00', '2024', '2025'],
      ['iso_week', '2024-03-10T23:59:59+08:00', '2024-W10', '2024-W11'],
    ];
    for (const [kind, last, before, after] of cases) {
      expect(key(kind, last), `${kind} ${last}`).toBe(before);
      expect(key(kind, new Date(at(last) + 1000).toISOString()), `${kind} after ${last}`).toBe(after);
    }
  });

  it('the second half of February ends on the leap day', () => {
    expect(periodFromKey('2024-02-H2').lastDay).toBe('2024-02-29');
    expect(periodFromKey('2023-02-H2').lastDay).toBe('2023-02-28');
    expect(key('half_month', '2024-02-29T23:59:59+08:00')).toBe('2024-02-H2');
    expect(key('half_month', '2024-03-01T00:00:00+08:00')).toBe('2024-03-H1');
    expect(periodFromKey('2024-04-H2').lastDay).toBe('2024-04-30');
  });

  it('ISO week 1 crosses New Year', () => {
    expect(isoWeekOf({ year: 2024, month: 12, day: 30 })).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf({ year: 2021, month: 1, day: 3 })).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf({ year: 2026, month: 1, day: 1 })).toEqual({ year: 2026, week: 1 });
    const w = periodFromKey('2025-W01');
    expect([w.firstDay, w.lastDay]).toEqual(['2024-12-30', '2025-01-05']);
    expect(w.from).toBe(at('2024-12-30T00:00:00+08:00'));
    expect(periodsOfYear('iso_week', 2020)).toHaveLength(53);
    expect(periodsOfYear('iso_week', 2024)).toHaveLength(52);
  });

  it('covers a year with no gap and no overlap', () => {
    for (const kind of ['half_month', 'iso_week', 'month', 'quarter'] as const) {
      const ps = periodsOfYear(kind, 2024);
      expect(ps.length).toBe({ half_month: 24, iso_week: 52, month: 12, quarter: 4 }[kind]);
      for (let i = 1; i < ps.length; i++) expect(ps[i]!.from).toBe(ps[i - 1]!.to);
    }
  });

  it('custom ranges include both end dates', () => {
    const p = customPeriod('2024-03-05', '2024-03-20');
    expect(p.from).toBe(at('2024-03-05T00:00:00+08:00'));
    expect(p.to).toBe(at('2024-03-21T00:00:00+08:00'));
    expect(periodFromKey('2024-03-05..2024-03-20')).toEqual(p);
    expect(() => customPeriod('2024-03-20', '2024-03-05')).toThrow(/ends before it starts/);
    expect(() => customPeriod('2023-02-29', '2023-03-01')).toThrow(/no such date/);
  });

  it('keys round-trip and bad keys are named', () => {
    for (const k of ['2024-03-H1', '2024-W09', '2024-03', '2024-Q1', '2024']) expect(periodFromKey(k).key).toBe(k);
    for (const bad of ['2024-13', '2024-W54', '2024-Q5', 'March', '2024-00-H1']) expect(() => periodFromKey(bad), bad).toThrow();
  });

  it('works in a zone with daylight saving time', () => {
    const march = periodFromKey('2024-03', 'America/New_York');
    expect(march.from).toBe(at('2024-03-01T05:00:00Z'));
    expect(march.to).toBe(at('2024-04-01T04:00:00Z'));
    expect(localDateOf(at('2024-03-10T06:59:59Z'), 'America/New_York')).toEqual({ year: 2024, month: 3, day: 10 });
  });
});
