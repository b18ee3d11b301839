import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPoints, formatPointsFixed, isPoints, multiply, parsePoints } from './points';

describe('exact points', () => {
  it.each([
    ['0.1', 100],
    ['0.2', 200],
    ['0.25', 250],
    ['28', 28000],
    ['-0.5', -500],
    ['0', 0],
    ['10.125', 10125],
  ])('%s is %i thousandths and prints back the same', (text, milli) => {
    expect(parsePoints(text)).toBe(milli);
    expect(formatPoints(milli)).toBe(text);
  });

  it('reads numbers typed in YAML or JSON by what was typed', () => {
    expect(parsePoints(0.1)).toBe(100);
    expect(parsePoints(0.3)).toBe(300);
    expect(parsePoints(2)).toBe(2000);
  });

  it('refuses what it cannot hold exactly, never rounding', () => {
    for (const bad of ['0.0001', 'abc', '1e3', '', '.5', '1.', '0.1.2', 'NaN']) expect(isPoints(bad), bad).toBe(false);
    expect(() => parsePoints(0.1 + 0.2)).toThrow(/at most three decimals/);
  });

  it('a hundred entries of 0.1 are exactly 10, and 0.1 + 0.2 is 0.3', () => {
    let sum = 0;
    for (let i = 0; i < 100; i++) sum += parsePoints('0.1');
    expect(formatPoints(sum)).toBe('10');
    expect(formatPoints(parsePoints('0.1') + parsePoints('0.2'))).toBe('0.3');
  });

  it('multiplies exactly (a doubled deduction of 0.2 is 0.4)', () => {
    expect(formatPoints(multiply(parsePoints('0.2'), parsePoints('2')))).toBe('0.4');
    expect(formatPoints(multiply(parsePoints('0.3'), parsePoints('1.5')))).toBe('0.45');
    expect(formatPoints(multiply(parsePoints('0.001'), parsePoints('0.5')))).toBe('0.001'); // half a thousandth rounds away from zero
  });

  it('prints fixed decimals for tables', () => {
    expect(formatPointsFixed(parsePoints('0.3'), 1)).toBe('0.3');
    expect(formatPointsFixed(parsePoints('7'), 2)).toBe('7.00');
  });

  it('sums of any decimals print the exact decimal sum (checked with BigInt)', () => {
    const decimal = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999 })).map(([w, f]) => `${w}.${String(f).padStart(3, '0')}`);
    fc.assert(
      fc.property(fc.array(decimal, { maxLength: 200 }), (xs) => {
        const ours = formatPoints(xs.reduce((a, x) => a + parsePoints(x), 0));
        const exact = xs.reduce((a, x) => a + BigInt(x.replace('.', '')), 0n);
        const expected = `${exact / 1000n}.${String(exact % 1000n).padStart(3, '0')}`.replace(/\.?0+$/, '') || '0';
        expect(ours).toBe(expected === '' ? '0' : expected);
        expect(ours).toMatch(/^-?\d+(\.\d{1,3})?$/);
      }),
    );
  });
});
