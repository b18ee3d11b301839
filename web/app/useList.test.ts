import { describe, expect, it } from 'vitest';
import { totalView } from './useList';

describe('a list total', () => {
  it('is shown as "1000+" when the server stopped counting, and the next page stays reachable', () => {
    expect(totalView({ total: 1000, totalIsLowerBound: true }, 20)).toEqual({ lowerBound: true, shownTotal: '1000+', paginationTotal: 1020 });
  });
  it('is the number itself when exact', () => {
    expect(totalView({ total: 37 }, 20)).toEqual({ lowerBound: false, shownTotal: 37, paginationTotal: 37 });
  });
});
