/**
 * The one way a list page loads its rows: server paging, filters and sort kept in the URL query
 * (list-query.ts), a loading flag, refresh, and failures through the one error handler.
 *
 *   const list = useList({
 *     filters: { q: textFilter, status: oneOf(STATUSES) },
 *     fetch: ({ filters, page, pageSize }) => fetchThings({ ...filters, page, pageSize }),
 *   });
 *   list.filters.status; list.setFilters({ status: 'draft' }); <Table {...list.tableProps} />
 *
 * A filter that the server does not take (one the page applies to the rows it has) is listed in
 * `local`: it lives in the URL too, but changing it neither reloads nor goes back to page 1.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { TablePaginationConfig } from 'antd';
import type { SortOrder as AntSortOrder } from 'antd/es/table/interface';
import type { Page } from './types';
import { showError } from './request';
import { useSession } from './session';
import {
  DEFAULT_PAGE_SIZES,
  lastPage,
  listStorageKey,
  rememberedQuery,
  restoreListState,
  serverFilters,
  readListState,
  writeListState,
  type FilterSpec,
  type FilterValues,
  type ListChange,
  type ListOptions,
  type ListState,
  type Sort,
} from './list-query';

const storage = () => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // private mode: nothing is remembered
  }
};

export type UseListOptions<T, S extends FilterSpec, F extends string, Q> = ListOptions<S, F> & {
  /** What is sent to the server; the list reloads when this changes. Default: filters, page, pageSize, sort, order. */
  request?: (s: ListState<S, F>) => Q;
  /** `totalIsLowerBound`: the server stopped counting at `total` (large lists); shown as "1000+". */
  fetch: (q: Q) => Promise<Page<T> & { totalIsLowerBound?: boolean }>;
  /** Instead of the default handler (e.g. to put field errors on a filter form); it should still call showError. */
  onError?: (e: unknown) => void;
  /**
   * The list's name for remembered filters (e.g. 'submissions.all'): each user's last filters, size and
   * sort come back when the list is opened without any in the URL (list-query.ts restoreListState).
   */
  remember?: string;
};

export type List<T, S extends FilterSpec, F extends string = string> = {
  items: T[];
  /** The count to show: a number, or e.g. "1000+" when the server counted only that far. */
  total: number | string;
  /** The server stopped counting at the number in `total`: there are more rows. */
  totalIsLowerBound: boolean;
  loading: boolean;
  /** The last failure, until the next successful load (already shown to the user). */
  error: unknown;
  filters: FilterValues<S>;
  page: number;
  pageSize: number;
  pageSizes: readonly number[];
  sort: Sort<F> | undefined;
  setFilters: (filters: NonNullable<ListChange<S, F>['filters']>) => void;
  clearFilters: (then?: NonNullable<ListChange<S, F>['filters']>) => void;
  setPage: (page: number, pageSize?: number) => void;
  setSort: (sort: Sort<F> | null) => void;
  /** Loads the current page again (after an action, or from the refresh button). */
  refresh: () => Promise<void>;
  /** antd Table pagination for this list; `showTotal` is the page's own text. */
  pagination: (showTotal: (total: number | string) => string) => TablePaginationConfig;
  /** A column's sort props (`{...list.sortable('serial')}` on an antd column); the server sorts. */
  sortable: (field: F) => { key: F; sorter: true; sortOrder: AntSortOrder; sortDirections: AntSortOrder[] };
  /** antd Table onChange: a click on a column header sorts on the server (paging has its own handler). */
  onTableChange: (pagination: unknown, filters: unknown, sorter: unknown, extra: { action: string }) => void;
};

function defaultRequest<S extends FilterSpec, F extends string>(s: ListState<S, F>, o: ListOptions<S, F>) {
  return { ...serverFilters(s.filters, o), page: s.page, pageSize: s.pageSize, ...(s.sort ? { sort: s.sort.field, order: s.sort.order } : {}) };
}

/**
 * What a list shows for its total: "1000+" when the server stopped counting, and for the pagination
 * one page more than counted, so the next page can be opened (the server counts further then).
 */
export function totalView(page: { total: number; totalIsLowerBound?: boolean }, pageSize: number) {
  const lowerBound = page.totalIsLowerBound === true;
  return { lowerBound, shownTotal: lowerBound ? `${page.total}+` : page.total, paginationTotal: lowerBound ? page.total + pageSize : page.total };
}

export function useList<T, S extends FilterSpec, F extends string = string, Q = ReturnType<typeof defaultRequest<S, F>>>(options: UseListOptions<T, S, F, Q>): List<T, S, F> {
  const [urlParams, setParams] = useSearchParams();
  // The options object is new on every render; the latest one is read through a ref.
  const opts = useRef(options);
  opts.current = options;
  const userId = useSession().me?.id;
  const storeKey = options.remember && userId ? listStorageKey(userId, options.remember) : null;
  // A bare URL gets the user's remembered filters (the URL wins when it has any): used from the first
  // render, so the list loads once, and written into the URL right after.
  const restoring = useRef<URLSearchParams | null | undefined>(undefined);
  if (restoring.current === undefined) restoring.current = storeKey ? restoreListState(urlParams, storage()?.getItem(storeKey) ?? null, options) : null;
  const params = restoring.current ?? urlParams;
  useEffect(() => {
    if (!restoring.current) return;
    setParams(restoring.current, { replace: true });
    restoring.current = null;
  }, [setParams]);
  useEffect(() => {
    if (!storeKey) return;
    try {
      storage()?.setItem(storeKey, rememberedQuery(params, opts.current));
    } catch {
      // storage full or unavailable: the filters are only not remembered
    }
  }, [params, storeKey]);
  const state = useMemo(() => readListState<S, F>(params, opts.current), [params]);
  const request = options.request ? options.request(state) : (defaultRequest(state, options) as Q);
  const key = JSON.stringify(request);
  const [data, setData] = useState<Page<T> & { totalIsLowerBound?: boolean }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const paramsRef = useRef(params);
  paramsRef.current = params;

  // The query is replaced, not pushed: the back button leaves the list (and coming back restores it).
  const change = useCallback((c: ListChange<S, F>) => setParams(writeListState(paramsRef.current, c, opts.current), { replace: true }), [setParams]);

  const load = useCallback(async (q: Q) => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const page = await opts.current.fetch(q);
      if (mine !== seq.current) return; // a newer request (other filters) answers instead
      setData(page);
      setError(null);
    } catch (e) {
      if (mine !== seq.current) return;
      setError(e);
      (opts.current.onError ?? showError)(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  // `key` is `request` as text: the list reloads when what would be sent changes, not on every render.
  const requestRef = useRef(request);
  requestRef.current = request;
  useEffect(() => {
    void load(requestRef.current);
  }, [key, load]);

  useEffect(() => () => void seq.current++, []);

  // A page emptied by actions (the last items were decided) or a stale link: go to the last page with rows.
  useEffect(() => {
    const last = lastPage(data.total, state.pageSize);
    if (!loading && !error && data.items.length === 0 && data.total > 0 && state.page > last) change({ page: last });
  }, [loading, error, data, state.page, state.pageSize, change]);

  const pageSizes = options.pageSizes ?? DEFAULT_PAGE_SIZES;
  const { lowerBound, shownTotal, paginationTotal } = totalView(data, state.pageSize);
  return {
    items: data.items,
    total: shownTotal,
    totalIsLowerBound: lowerBound,
    loading,
    error,
    filters: state.filters,
    page: state.page,
    pageSize: state.pageSize,
    pageSizes,
    sort: state.sort,
    setFilters: (filters) => change({ filters }),
    clearFilters: (then) => change({ clearFilters: true, ...(then ? { filters: then } : {}) }),
    setPage: (page, pageSize) => change({ page, ...(pageSize !== undefined ? { pageSize } : {}) }),
    setSort: (sort) => change({ sort }),
    sortable: (field) => ({
      key: field,
      sorter: true,
      sortOrder: state.sort?.field === field ? (state.sort.order === 'asc' ? 'ascend' : 'descend') : null,
      sortDirections: ['ascend', 'descend', 'ascend'],
    }),
    onTableChange: (_p, _f, sorter, extra) => {
      if (extra.action !== 'sort') return;
      const s = (Array.isArray(sorter) ? sorter[0] : sorter) as { columnKey?: unknown; order?: AntSortOrder } | undefined;
      const field = typeof s?.columnKey === 'string' ? (s.columnKey as F) : undefined;
      change({ sort: field && s?.order ? { field, order: s.order === 'ascend' ? 'asc' : 'desc' } : null });
    },
    refresh: () => load(requestRef.current),
    pagination: (showTotal) => ({
      current: state.page,
      pageSize: state.pageSize,
      total: paginationTotal,
      showSizeChanger: true,
      pageSizeOptions: [...pageSizes],
      showTotal: () => showTotal(shownTotal),
      onChange: (p, s) => change({ page: p, pageSize: s }),
      style: { padding: '0 16px' },
    }),
  };
}
