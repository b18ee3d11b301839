import { describe, expect, it } from 'vitest';
import { formValuesOf, toFilter, urlFiltersOf } from './index';

describe('audit filters in the address', () => {
  it('reads back into the form what the form wrote', () => {
    const url = { from: '2026-11-01', to: '2026-11-27', unitId: '0b5e4a52-5f0e-4c3b-9f57-3f2f5d0f6a11', actor: 'wsq.admin', event: 'auth', outcome: 'denied' as const };
    const form = formValuesOf(url);
    expect(form.range?.map((d) => d?.format('YYYY-MM-DD'))).toEqual(['2026-11-01', '2026-11-27']);
    expect(urlFiltersOf(form)).toEqual(url);
    expect(urlFiltersOf(formValuesOf({}))).toEqual({ from: undefined, to: undefined, unitId: undefined, actor: undefined, event: undefined, outcome: undefined });
  });

  it('asks the server for the calendar days as chosen (the server reads them in the deployment’s time zone, both ends included)', () => {
    const f = toFilter({ from: '2026-11-01', to: '2026-11-27', unitId: '0b5e4a52-5f0e-4c3b-9f57-3f2f5d0f6a11' });
    expect(f).toMatchObject({ from: '2026-11-01', to: '2026-11-27', unitId: '0b5e4a52-5f0e-4c3b-9f57-3f2f5d0f6a11' });
    // An open end stays open.
    expect(toFilter({ to: '2026-11-27' }).from).toBeUndefined();
  });
});
