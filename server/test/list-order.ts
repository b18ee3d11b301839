import { expect } from 'vitest';
import type { TestApp } from './app';

/**
 * A server-sorted list's order, as the lists promise it: rows with the same sort value come together
 * (whatever the database's collation orders between values), and within one value by id. Returns
 * how many rows tied with the row before them, for tests that must see ties to mean anything.
 */
export function expectGroupedTiesById<R extends { id: string }>(rows: readonly R[], key: (r: R) => string): number {
  const keys = rows.map(key);
  const seen = new Set<string>();
  let ties = 0;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && keys[i] === keys[i - 1]) {
      ties++;
      expect(rows[i - 1]!.id < rows[i]!.id).toBe(true);
    } else {
      expect(seen.has(keys[i]!)).toBe(false);
      seen.add(keys[i]!);
    }
  }
  return ties;
}

type Client = Awaited<ReturnType<TestApp['as']>>;

/** `as(login)` that signs each login in once per file (a sign-in is itself an audit row; lists compared must not differ by it). */
export function signedInOnce(t: () => TestApp) {
  const clients = new Map<string, Client>();
  return async (login: string) => {
    if (!clients.has(login)) clients.set(login, await t().as(login));
    return clients.get(login)!;
  };
}

/** Every row of a paged list, page by page (`pageSize` at a time), and the total the list reported. */
export async function allPages<R>(c: Client, path: string, query: string, pageSize: number) {
  const rows: R[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const res = await c.get(`${path}?pageSize=${pageSize}&page=${page}&${query}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const data = res.data as { items: R[]; total: number };
    rows.push(...data.items);
    total = data.total;
    if (data.items.length < pageSize) return { rows, total };
  }
}

/**
 * A sort column not on the list's allow-list is refused with a field error on `sort` in the caller's
 * language that names the allowed columns: zh-CN by default, English with `x-locale: en`.
 */
export async function expectSortRefused(o: { t: TestApp; c: Client; path: string; zh: { sort: string; names: string }; en: { sort: string; names: string } }) {
  const zh = await o.c.get(`${o.path}?sort=${o.zh.sort}`);
  expect(zh.status).toBe(400);
  expect(zh.json?.errorMessage).toBe('输入有误，请检查标出的字段');
  expect(zh.json?.fields?.find((f) => f.path === 'sort')?.message).toMatch(new RegExp(`无效选项.*"${o.zh.names}"`));
  const en = await o.t.request('GET', `${o.path}?sort=${o.en.sort}`, { cookie: o.c.cookie, headers: { 'x-locale': 'en' } });
  expect(en.status).toBe(400);
  expect(en.json?.fields?.find((f) => f.path === 'sort')?.message).toMatch(new RegExp(`Invalid option.*"${o.en.names}"`));
}
