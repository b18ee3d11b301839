import { describe, expect, it } from 'vitest';
import { dayFilter, flagFilter, idFilter, lastPage, listStorageKey, oneOf, readListState, rememberedQuery, restoreListState, serverFilters, textFilter, writeListState, type ListOptions } from './list-query';

const STATUSES = ['draft', 'in_review', 'adopted'] as const;
const spec = { status: oneOf(STATUSES), q: textFilter, inactive: flagFilter, unitId: idFilter, from: dayFilter, step: textFilter };
const opts: ListOptions<typeof spec, 'updatedAt' | 'serial'> = {
  filters: spec,
  local: ['step'],
  pageSizes: [20, 50, 100],
  sortable: ['updatedAt', 'serial'],
  defaultSort: { field: 'updatedAt', order: 'desc' },
};
const read = (qs: string) => readListState(new URLSearchParams(qs), opts);
const write = (qs: string, change: Parameters<typeof writeListState<typeof spec, 'updatedAt' | 'serial'>>[1]) => writeListState(new URLSearchParams(qs), change, opts).toString();
const UNIT = '0195c3a4-1f2e-7a3b-8c4d-5e6f7a8b9c0d';

describe('list state in the URL', () => {
  it('reads filters, page, size and sort, and ignores what is not valid', () => {
    expect(read(`status=in_review&q=%20巡逻%20&inactive=1&unitId=${UNIT}&from=2026-11-01&page=3&size=50&sort=serial&order=asc`)).toEqual({
      filters: { status: 'in_review', q: '巡逻', inactive: true, unitId: UNIT, from: '2026-11-01' },
      page: 3,
      pageSize: 50,
      sort: { field: 'serial', order: 'asc' },
    });
    // A mangled or hand-edited address falls back to the defaults instead of reaching the server.
    expect(read('status=nonsense&q=%20%20&inactive=yes&unitId=1%20or%201=1&from=2026-13-45&page=-2&size=7&sort=password')).toEqual({
      filters: {},
      page: 1,
      pageSize: 20,
      sort: { field: 'updatedAt', order: 'desc' },
    });
    expect(read('page=2.5').page).toBe(1);
  });

  it('keeps other keys of the query and leaves defaults out of it', () => {
    expect(write('tab=x', { filters: { status: 'draft' } })).toBe('tab=x&status=draft');
    expect(write('status=draft&size=50', { pageSize: 20 })).toBe('status=draft');
    expect(write('', { sort: { field: 'updatedAt', order: 'desc' } })).toBe('');
    expect(write('', { sort: { field: 'serial', order: 'asc' } })).toBe('sort=serial&order=asc');
    expect(write('sort=serial&order=asc', { sort: null })).toBe('');
    expect(write('inactive=1', { filters: { inactive: false } })).toBe('');
  });

  it('goes back to page 1 when a filter, the page size or the sort changes, not when the page does', () => {
    expect(write('page=4', { page: 5 })).toBe('page=5');
    expect(write('page=4', { page: 1 })).toBe('');
    expect(write('page=4&status=draft', { filters: { status: 'adopted' } })).toBe('status=adopted');
    expect(write('page=4&status=draft', { filters: { status: 'draft' } })).toBe('page=4&status=draft');
    expect(write('page=4', { page: 4, pageSize: 100 })).toBe('size=100');
    expect(write('page=4', { sort: { field: 'serial', order: 'asc' } })).toBe('sort=serial&order=asc');
    expect(write('page=4&q=a&status=draft', { clearFilters: true })).toBe('');
    expect(write('page=4&q=a', { clearFilters: true, filters: { q: 'b' } })).toBe('q=b');
  });

  it('keeps the page when a local filter (applied to the rows shown) changes, and does not send it', () => {
    expect(write('page=3', { filters: { step: 'first' } })).toBe('page=3&step=first');
    expect(write('page=3&step=first', { clearFilters: true })).toBe('page=3');
    expect(serverFilters(read('step=first&status=draft').filters, opts)).toEqual({ status: 'draft' });
  });

  it('round-trips: what is written reads back as the same state', () => {
    const qs = write('', { filters: { status: 'adopted', q: '反诈', inactive: true, unitId: UNIT, from: '2026-02-28' } });
    const again = write(qs, { page: 2, pageSize: 100 });
    expect(read(again)).toEqual({
      filters: { status: 'adopted', q: '反诈', inactive: true, unitId: UNIT, from: '2026-02-28' },
      page: 1, // a new page size starts at page 1
      pageSize: 100,
      sort: { field: 'updatedAt', order: 'desc' },
    });
    expect(read(write(again, { page: 2 })).page).toBe(2);
  });

  it('finds the last page with rows', () => {
    expect(lastPage(0, 20)).toBe(1);
    expect(lastPage(20, 20)).toBe(1);
    expect(lastPage(21, 20)).toBe(2);
  });
});

describe('remembered filters', () => {
  it('keeps filters, size and sort per user and list, not the page', () => {
    const p = new URLSearchParams(`status=in_review&page=3&size=50&sort=serial&order=asc&tab=x&unitId=${UNIT}`);
    expect(rememberedQuery(p, opts)).toBe(`status=in_review&unitId=${UNIT}&size=50&sort=serial&order=asc`);
    expect(listStorageKey('u1', 'submissions.all')).toBe('xb.list.u1.submissions.all');
    expect(listStorageKey('u1', 'submissions.all')).not.toBe(listStorageKey('u2', 'submissions.all'));
  });

  it('puts the remembered state back on a bare URL, and the URL wins when it has any', () => {
    const stored = `status=adopted&size=50&sort=serial&order=asc`;
    expect(restoreListState(new URLSearchParams('tab=x'), stored, opts)?.toString()).toBe(`tab=x&status=adopted&size=50&sort=serial&order=asc`);
    expect(restoreListState(new URLSearchParams('q=abc'), stored, opts)).toBeNull();
    expect(restoreListState(new URLSearchParams('page=2'), stored, opts)).toBeNull();
    expect(restoreListState(new URLSearchParams(''), '', opts)).toBeNull();
    expect(restoreListState(new URLSearchParams(''), null, opts)).toBeNull();
    // Keys that are not the list's are not taken from storage; bad values are dropped when read.
    const restored = restoreListState(new URLSearchParams(''), 'evil=1&status=nonsense&from=2026-01-02', opts)!;
    expect(restored.has('evil')).toBe(false);
    expect(read(restored.toString()).filters).toEqual({ from: '2026-01-02' });
  });
});
