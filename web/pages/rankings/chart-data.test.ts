import { describe, expect, it } from 'vitest';
import { barSpec, lineSpec } from './chart-data';

describe('chart data', () => {
  it('keeps the API strings for labels and tooltips', () => {
    const s = lineSpec([{ label: '1月' }, { label: '2月' }], ['0.3', '10'], '总分', [{ name: '图片', values: ['0.1', '0.2'] }]);
    expect(s.categories).toEqual(['1月', '2月']);
    expect(s.series[0]).toEqual({ name: '总分', points: [{ value: 0.3, text: '0.3' }, { value: 10, text: '10' }] });
    expect(s.series[1]!.points.map((p) => p.text)).toEqual(['0.1', '0.2']);
  });

  it('lists every item of the rubric, zero where the row has none', () => {
    const b = barSpec([{ key: 'a', name: 'A', max: '2' }, { key: 'b', name: 'B' }], { a: '0.2' });
    expect(b.points).toEqual([{ value: 0.2, text: '0.2' }, { value: 0, text: '0' }]);
    expect(b.maxes).toEqual(['2', null]);
  });
});
