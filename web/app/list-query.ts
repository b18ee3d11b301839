/**
 * The state of a list page (filters, page, page size, sort) read from and written to the URL query,
 * so a reload, a shared link or the back button shows the same list. Pure: used by useList and
 * tested without a browser.
 *
 * URL keys: each filter under its own name, `page` (left out when 1), `size` (left out when the
 * default), `sort` and `order` (left out when the default sort).
 */

/** How one filter is read from the URL (anything invalid is ignored) and written back. */
export type FilterCodec<V> = { parse: (raw: string) => V | undefined; format: (v: V) => string };

// The spec maps filter names to codecs of different value types; `any` here only lets a record of
// FilterCodec<string>, FilterCodec<boolean>… be one type; FilterValues recovers each exact type.
export type FilterSpec = Record<string, FilterCodec<any>>;
export type FilterValues<S extends FilterSpec> = { [K in keyof S]?: S[K] extends FilterCodec<infer V> ? V : never };

export type SortOrder = 'asc' | 'desc';
export type Sort<F extends string = string> = { field: F; order: SortOrder };

export type ListOptions<S extends FilterSpec, F extends string = string> = {
  filters: S;
  /**
   * Filters the page applies to the rows it has (the server does not take them): kept in the URL
   * like the others, but changing one neither reloads nor goes back to page 1.
   */
  local?: readonly (keyof S & string)[];
  /** Page sizes offered; the first is the default unless `defaultPageSize` says otherwise. */
  pageSizes?: readonly number[];
  defaultPageSize?: number;
  /** Fields the server can sort by; without them the list keeps the server's order. */
  sortable?: readonly F[];
  defaultSort?: Sort<F>;
};

export type ListState<S extends FilterSpec, F extends string = string> = {
  filters: FilterValues<S>;
  page: number;
  pageSize: number;
  sort: Sort<F> | undefined;
};

export const DEFAULT_PAGE_SIZES = [20, 50, 100] as const;

/** Free text, trimmed; empty means no filter. */
export const textFilter: FilterCodec<string> = {
  parse: (raw) => raw.trim() || undefined,
  format: (v) => v.trim(),
};

/** One of a fixed set of values (a status, a kind…); anything else in the URL is ignored. */
export function oneOf<V extends string>(values: readonly V[]): FilterCodec<V> {
  return { parse: (raw) => ((values as readonly string[]).includes(raw) ? (raw as V) : undefined), format: (v) => v };
}

/** An on/off switch: `1` in the URL when on, absent when off. */
export const flagFilter: FilterCodec<boolean> = {
  parse: (raw) => (raw === '1' ? true : undefined),
  format: (v) => (v ? '1' : ''),
};

/** An identifier (a unit, a person): a UUID, so a mangled link does not reach the server. */
export const idFilter: FilterCodec<string> = {
  parse: (raw) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw) ? raw.toLowerCase() : undefined),
  format: (v) => v,
};

/** A calendar day, YYYY-MM-DD. */
export const dayFilter: FilterCodec<string> = {
  parse: (raw) => (/^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) ? raw : undefined),
  format: (v) => v,
};

const pageSizesOf = (o: Pick<ListOptions<FilterSpec>, 'pageSizes'>) => o.pageSizes ?? DEFAULT_PAGE_SIZES;
const defaultSizeOf = (o: Pick<ListOptions<FilterSpec>, 'pageSizes' | 'defaultPageSize'>) => o.defaultPageSize ?? pageSizesOf(o)[0] ?? 20;

export function readListState<S extends FilterSpec, F extends string = string>(params: URLSearchParams, o: ListOptions<S, F>): ListState<S, F> {
  const filters: Record<string, unknown> = {};
  for (const [key, codec] of Object.entries(o.filters)) {
    const raw = params.get(key);
    if (raw === null) continue;
    const v: unknown = codec.parse(raw);
    if (v !== undefined) filters[key] = v;
  }
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  const field = params.get('sort');
  const order = params.get('order');
  const sort =
    field !== null && (o.sortable as readonly string[] | undefined)?.includes(field)
      ? { field: field as F, order: order === 'desc' ? ('desc' as const) : ('asc' as const) }
      : o.defaultSort;
  return {
    filters: filters as FilterValues<S>,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: pageSizesOf(o).includes(size) ? size : defaultSizeOf(o),
    sort,
  };
}

export type ListChange<S extends FilterSpec, F extends string = string> = {
  /** Filters to set; `undefined` (or an empty value) removes one. Changing a filter goes back to page 1. */
  filters?: Partial<{ [K in keyof S]: FilterValues<S>[K] | undefined }>;
  /** All filters off (then `filters` applies). */
  clearFilters?: boolean;
  page?: number;
  pageSize?: number;
  /** A new sort, or null for the default order. Changing the sort goes back to page 1. */
  sort?: Sort<F> | null;
};

/**
 * The URL query after a change: other keys of the query stay as they are. A new filter, page size
 * or sort starts again at page 1 (the old page number would point somewhere else).
 */
export function writeListState<S extends FilterSpec, F extends string = string>(params: URLSearchParams, change: ListChange<S, F>, o: ListOptions<S, F>): URLSearchParams {
  const next = new URLSearchParams(params);
  const current = readListState(params, o);
  let backToFirst = false;
  if (change.clearFilters) {
    for (const key of Object.keys(o.filters)) {
      if (next.has(key) && !o.local?.includes(key)) backToFirst = true;
      next.delete(key);
    }
  }
  for (const [key, value] of Object.entries(change.filters ?? {})) {
    const codec = o.filters[key];
    if (!codec) continue;
    const formatted = value === undefined || value === null ? '' : codec.format(value);
    if ((next.get(key) ?? '') !== formatted && !o.local?.includes(key)) backToFirst = true;
    if (formatted === '') next.delete(key);
    else next.set(key, formatted);
  }
  if (change.pageSize !== undefined && change.pageSize !== current.pageSize) {
    backToFirst = true;
    if (change.pageSize === defaultSizeOf(o)) next.delete('size');
    else next.set('size', String(change.pageSize));
  }
  if (change.sort !== undefined) {
    const s = change.sort ?? o.defaultSort;
    const same = s?.field === current.sort?.field && s?.order === current.sort?.order;
    if (!same) backToFirst = true;
    if (!s || (s.field === o.defaultSort?.field && s.order === o.defaultSort?.order)) {
      next.delete('sort');
      next.delete('order');
    } else {
      next.set('sort', s.field);
      next.set('order', s.order);
    }
  }
  const page = backToFirst ? 1 : (change.page ?? current.page);
  if (page <= 1) next.delete('page');
  else next.set('page', String(page));
  return next;
}

/** The filters sent to the server: all but the local ones. */
export function serverFilters<S extends FilterSpec>(filters: FilterValues<S>, o: Pick<ListOptions<S>, 'local'>): FilterValues<S> {
  if (!o.local?.length) return filters;
  return Object.fromEntries(Object.entries(filters).filter(([k]) => !o.local!.includes(k))) as FilterValues<S>;
}

/** The last page that has rows (1 for an empty list): where to go when the current page emptied. */
export function lastPage(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * Remembered filters: each user's last filters, page size and sort per list, kept in localStorage
 * under `xb.list.<user id>.<list>` (the page number is not kept). A URL that carries any list state
 * wins; a bare URL (the menu, a fresh tab) gets the remembered state.
 */
export const listStorageKey = (userId: string, list: string) => `xb.list.${userId}.${list}`;

const stateKeys = (o: Pick<ListOptions<FilterSpec>, 'filters'>) => [...Object.keys(o.filters), 'size', 'sort', 'order'];

/** True when the URL says anything about the list (a filter, the size, the sort or a page). */
export function hasListState(params: URLSearchParams, o: Pick<ListOptions<FilterSpec>, 'filters'>): boolean {
  return [...stateKeys(o), 'page'].some((k) => params.has(k));
}

/** What to remember of the list: its filters, size and sort, as a query string ('' when all default). */
export function rememberedQuery(params: URLSearchParams, o: Pick<ListOptions<FilterSpec>, 'filters'>): string {
  const keep = new URLSearchParams();
  for (const k of stateKeys(o)) {
    const v = params.get(k);
    if (v !== null) keep.set(k, v);
  }
  return keep.toString();
}

/**
 * The URL with the remembered state put back, or null when there is nothing to restore (the URL
 * already has list state, or nothing was remembered). Only the list's own keys are taken from
 * storage, and each is read through its codec later, so a tampered entry cannot reach the server.
 */
export function restoreListState(params: URLSearchParams, stored: string | null, o: Pick<ListOptions<FilterSpec>, 'filters'>): URLSearchParams | null {
  if (!stored || hasListState(params, o)) return null;
  const saved = new URLSearchParams(stored);
  const next = new URLSearchParams(params);
  let any = false;
  for (const k of stateKeys(o)) {
    const v = saved.get(k);
    if (v !== null && v !== '') {
      next.set(k, v);
      any = true;
    }
  }
  return any ? next : null;
}
