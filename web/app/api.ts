/**
 * The typed API client: `call('GET /api/people/:id', { params: { id }, query: { unmask: '1' } })`
 * returns the route's answer as the server's definition types it. The types come from the server's
 * route definitions (server/routes.ts) through `import type` only: no server code is bundled.
 * Failures go through the one request/error path of ./request (sign-in on an expired session …).
 */
import type { Api } from '../../server/routes';
import { request, type Query } from './request';

export type { Api };
export type ApiKey = keyof Api;
/** The answer of a route (as JSON: dates are ISO strings). */
export type ResponseOf<K extends ApiKey> = Api[K]['response'];
export type BodyOf<K extends ApiKey> = Api[K]['body'];
export type QueryOf<K extends ApiKey> = Api[K]['query'];
export type ParamsOf<K extends ApiKey> = Api[K]['params'];

type Part<Name extends string, T, Optional extends boolean> = [T] extends [undefined] ? unknown : Optional extends true ? { [N in Name]?: T } : { [N in Name]: T };
/** What a call needs: params when the url has them, the body when the route takes one, an optional query. */
export type CallInput<K extends ApiKey> = Part<'params', ParamsOf<K>, false> & Part<'body', BodyOf<K>, false> & Part<'query', QueryOf<K>, true> & { signal?: AbortSignal };
type CallArgs<K extends ApiKey> = object extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>];

/** '/api/units/:id' with { id } → '/api/units/1b9…' (each value URL-encoded). */
export function fillPath(url: string, params: Record<string, string> | undefined): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${url}`);
    return encodeURIComponent(v);
  });
}

/** Calls one route of the API by its `METHOD url` key. */
export function call<K extends ApiKey>(key: K, ...[input]: CallArgs<K>): Promise<ResponseOf<K>> {
  const space = key.indexOf(' ');
  const method = key.slice(0, space) as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const i = (input ?? {}) as { params?: Record<string, string>; body?: unknown; query?: Query; signal?: AbortSignal };
  const url = fillPath(key.slice(space + 1), i.params);
  // As before: state changes other than DELETE always carry a JSON body.
  const body = i.body !== undefined ? i.body : method === 'GET' || method === 'DELETE' ? undefined : {};
  return request<ResponseOf<K>>(method, url, {
    ...(body !== undefined ? { body } : {}),
    ...(i.query ? { query: i.query } : {}),
    ...(i.signal ? { signal: i.signal } : {}),
  });
}

/**
 * Narrows top-level fields the server still types as plain text to the shared unions (the
 * submission's status, kind and sensitivity, its history and duplicate flags are typed by their
 * columns; the personal-data findings' columns are not yet). Remove a field once the server types it.
 */
export type Narrow<T, N> = { [K in keyof T]: K extends keyof N ? N[K] | (null extends T[K] ? null : never) : T[K] };
