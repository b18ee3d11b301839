import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { formValuesOf, toFilter, urlFiltersOf } from './index';

describe('audit filters in the address', () => {
  it('reads back into the form what the form wrote', () => {
    const url = { from: '2026-11-01', to: '2026-11-27', actor: 'wsq.admin', event: 'auth', outcome: 'denied' as const };
    const form = formValuesOf(url);
    expect(form.range?.map((d) => d?.format('YYYY-MM-DD'))).toEqual(['2026-11-01', '2026-11-27']);
    expect(urlFiltersOf(form)).toEqual(url);
    expect(urlFiltersOf(formValuesOf({}))).toEqual({ from: undefined, to: undefined, actor: undefined, event: undefined, outcome: undefined });
  });

  it('asks the server for whole local days, the last one included', () => {
    const f = toFilter(formValuesOf({ from: '2026-11-01', to: '2026-11-27' }));
    expect(f.from).toBe(dayjs('2026-11-01').startOf('day').toISOString());
    expect(f.to).toBe(dayjs('2026-11-28').startOf('day').toISOString());
    // An open end stays open.
    expect(toFilter(formValuesOf({ to: '2026-11-27' })).from).toBeUndefined();
  });
});
