/**
 * Types derived from the route definitions (server/routes.ts): the request and response of every
 * `METHOD url`. Type-only: the web app and the test client import these with `import type`, so no
 * server code reaches the browser bundle.
 */
import type { FastifyReply } from 'fastify';
import type { z, ZodType } from 'zod';
import type { AnyRoute, Method, RouteTable } from './route';

/** A value as it arrives after JSON.stringify → JSON.parse (Date → ISO string, functions dropped). */
export type Jsonify<T> = T extends Date
  ? string
  : T extends string | number | boolean | null
    ? T
    : T extends undefined | void
      ? null
      : T extends (infer E)[]
        ? Jsonify<E>[]
        : T extends readonly (infer E)[]
          ? readonly Jsonify<E>[]
        : T extends object
          ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: JsonField<T[K]> }
          : T;
/** Inside an object an undefined member is dropped (not turned into null). */
type JsonField<T> = undefined extends T ? Jsonify<Exclude<T, undefined>> | undefined : Jsonify<T>;

/** Marks an answer that is a file or a page, not `{ success, data }` (fetch it as a Blob). */
export type FileResponse = { readonly __file: true };

/** One query value as a URL carries it (numbers and flags are sent as text). */
export type QueryValue = string | number | boolean | null | undefined;

/** The schema of an optional property (`body?: B` reads as `B | undefined`), or never. */
type Schema<S> = Extract<S, ZodType>;
type InputOf<S> = [Schema<S>] extends [never] ? undefined : z.input<Schema<S>>;
/** Query input: fields zod coerces (input `unknown`) accept any query value. */
type QueryOf<S> = [Schema<S>] extends [never]
  ? undefined
  : { [K in keyof z.input<Schema<S>>]: unknown extends z.input<Schema<S>>[K] ? QueryValue : z.input<Schema<S>>[K] };

type ResponseOf<D extends AnyRoute> = [Schema<D['response']>] extends [never] ? HandlerResponse<D> : Jsonify<z.output<Schema<D['response']>>>;
/** A handler that answers through `reply` itself (a file, a page) returns the reply. */
type HandlerResponse<D extends AnyRoute> = Awaited<ReturnType<D['handler']>> extends FastifyReply ? FileResponse : Jsonify<Awaited<ReturnType<D['handler']>>>;

export type Endpoint<D extends AnyRoute> = {
  method: D['method'];
  url: D['url'];
  params: InputOf<D['params']>;
  query: QueryOf<D['query']>;
  body: InputOf<D['body']>;
  response: ResponseOf<D>;
};

type DefsOf<T extends Record<string, RouteTable>> = { [K in keyof T]: T[K][keyof T[K]] }[keyof T];

/** `{ 'GET /api/units': Endpoint, … }` for every definition of every table. */
export type ApiOf<T extends Record<string, RouteTable>> = { [D in DefsOf<T> as `${D['method']} ${D['url']}`]: Endpoint<D> };

/** The keys of an Api for one method. */
export type KeysFor<A, M extends Method> = Extract<keyof A, `${M} ${string}`>;

/** '/api/units/:id/move' → `/api/units/${string}/move` (what a concrete url looks like). */
export type UrlPattern<U extends string> = U extends `${infer Head}:${infer _Param}/${infer Rest}`
  ? `${Head}${string}/${UrlPattern<Rest>}`
  : U extends `${infer Head}:${infer _Param}`
    ? `${Head}${string}`
    : U;
