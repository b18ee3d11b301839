import { describe, expect, it } from 'vitest';
import { periodKey, periodLabel, readPeriod, shiftPeriod, shortPeriodLabel } from './period';

describe('period picker keys', () => {
  it('makes the keys the scoring API reads', () => {
    expect(periodKey('half_month', '2024-03-15')).toBe('2024-03-H1');
    expect(periodKey('half_month', '2024-03-16')).toBe('2024-03-H2');
    expect(periodKey('iso_week', '2024-12-30')).toBe('2025-W01'); // ISO week 1 across New Year
    expect(periodKey('iso_week', '2021-01-03')).toBe('2020-W53');
    expect(periodKey('month', '2024-02-29')).toBe('2024-02');
    expect(periodKey('quarter', '2024-08-01')).toBe('2024-Q3');
    expect(periodKey('year', '2024-08-01')).toBe('2024');
    expect(periodKey('custom', '2024-03-01', '2024-03-20')).toBe('2024-03-01..2024-03-20');
    expect(periodKey('custom', '2024-03-20', '2024-03-01')).toBe('2024-03-01..2024-03-20');
  });

  it('reads a key back, and refuses what is not one', () => {
    expect(readPeriod('2024-03-H2')).toMatchObject({ kind: 'half_month', firstDay: '2024-03-16', lastDay: '2024-03-31' });
    expect(readPeriod('2024-W05')).toMatchObject({ kind: 'iso_week', firstDay: '2024-01-29', lastDay: '2024-02-04' });
    expect(readPeriod('2024-13')).toBeNull();
    expect(readPeriod('soon')).toBeNull();
    expect(readPeriod(undefined)).toBeNull();
  });

  it('steps a period by its own length', () => {
    expect(shiftPeriod('2024-03-H2', 1)).toBe('2024-04-H1');
    expect(shiftPeriod('2024-03-H1', -1)).toBe('2024-02-H2');
    expect(shiftPeriod('2024-12', 1)).toBe('2025-01');
    expect(shiftPeriod('2024-Q1', -1)).toBe('2023-Q4');
    expect(shiftPeriod('2024-W52', 1)).toBe('2025-W01');
    expect(shiftPeriod('2024', -1)).toBe('2023');
    expect(shiftPeriod('2024-02-28..2024-03-01', 1)).toBe('2024-03-02..2024-03-04');
  });

  it('labels periods in both languages', () => {
    expect(periodLabel('2024-03-H1', 'zh-CN')).toBe('2024年3月上半月');
    expect(periodLabel('2024-02-H2', 'en')).toBe('16–29 Feb 2024');
    expect(periodLabel('2024-Q2', 'zh-CN')).toBe('2024年第2季度');
    expect(periodLabel('2024-03', 'en')).toBe('Mar 2024');
    expect(shortPeriodLabel('2024-03', 'zh-CN')).toBe('3月');
    expect(shortPeriodLabel('2024-Q4', 'en')).toBe('Q4');
  });
});
