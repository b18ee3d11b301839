import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import { appError, type FieldIssue, type Locale } from '../errors';
import type { Permission } from '../access/roles';
import type { AuthedCtx, Ctx } from './context';

/**
 * Who may call a route. Every /api route must declare one (deny by default: a route without an
 * access rule makes the server refuse to start).
 * - public: anyone, signed in or not
 * - signedIn: any signed-in person; `allowRestricted` lets a session that must first change its
 *   password or set up TOTP through (only the few routes that do exactly that)
 * - permission: the caller must hold it on some unit; the service checks the unit itself
 */
export type Access = { public: true } | { signedIn: true; allowRestricted?: boolean } | { permission: Permission };

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

type HandlerArgs<B, Q, P, A extends Access> = {
  ctx: A extends { public: true } ? Ctx : AuthedCtx;
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  req: FastifyRequest;
  reply: FastifyReply;
};

/**
 * One route: its method and url, who may call it, the zod schemas of its input (the single source
 * for validation, the web's request types, the typed test client and the OpenAPI document) and the
 * handler. The answer's type is the handler's return type, or `response` when a route declares it.
 */
export type RouteDef<
  M extends Method,
  U extends string,
  B extends ZodType | undefined,
  Q extends ZodType | undefined,
  P extends ZodType | undefined,
  A extends Access,
  R,
  S extends ZodType | undefined = undefined,
> = {
  method: M;
  url: U;
  access: A;
  body?: B;
  query?: Q;
  params?: P;
  /** The answer's schema (documents `data`; the handler must return its input type). */
  response?: S;
  /** Multipart routes parse their own body (documented as one `file` part). */
  multipart?: boolean;
  /** Routes that send a file or a page themselves instead of `{ success, data }`: its content types. */
  produces?: readonly string[];
  /** One line for the API document. */
  summary?: string;
  handler: (args: HandlerArgs<B, Q, P, A>) => Promise<S extends ZodType ? z.input<S> : R>;
};

/** A route definition with its types erased (what registration and the OpenAPI document read). */
export type AnyRoute = {
  method: Method;
  url: string;
  access: Access;
  body?: ZodType | undefined;
  query?: ZodType | undefined;
  params?: ZodType | undefined;
  response?: ZodType | undefined;
  multipart?: boolean | undefined;
  produces?: readonly string[] | undefined;
  summary?: string | undefined;
  // Method syntax on purpose: a definition's handler takes its own narrower arguments (bivariant check).
  handler(args: HandlerArgs<ZodType | undefined, ZodType | undefined, ZodType | undefined, Access>): Promise<unknown>;
};

/** A domain's route definitions, by name. */
export type RouteTable = Record<string, AnyRoute>;

/** Declares a route as a typed value; `route()` / `registerRouteTable()` register it. */
export function defineRoute<
  const M extends Method,
  const U extends string,
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  P extends ZodType | undefined = undefined,
  const A extends Access = Access,
  R = unknown,
  S extends ZodType | undefined = undefined,
>(def: RouteDef<M, U, B, Q, P, A, R, S>): NoInfer<RouteDef<M, U, B, Q, P, A, R, S>> {
  return def;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    xbCtx?: Ctx;
  }
}

export const zodLocale = (locale: Locale) => (locale === 'en' ? z.locales.en() : z.locales.zhCN()).localeError;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces lone UTF-16 surrogates (not encodable as UTF-8) by U+FFFD, in every string of the input. */
export function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\ufffd');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)]));
  return value;
}

/** Paths of strings holding a NUL character (PostgreSQL text cannot store it; no user means to type it). */
function nulPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulPaths(v, [...path, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nulPaths(v, [...path, k]));
  return [];
}

/** Parses one part of the request with zod in the caller's language; unknown fields are rejected. */
export function parseInput<T extends ZodType>(schema: T, value: unknown, locale: Locale, prefix: string): z.infer<T> {
  const nul = nulPaths(value);
  if (nul.length) {
    const message = locale === 'en' ? 'Contains a NUL character' : '包含不可见的空字符（NUL），请删除后重试';
    throw appError('common/validation', {}, nul.map((p) => ({ path: [prefix, p].filter(Boolean).join('.'), message })));
  }
  const r = schema.safeParse(wellFormed(value ?? {}), { error: zodLocale(locale) });
  if (r.success) return r.data;
  const at = (p: PropertyKey[]) => [prefix, ...p.map(String)].filter(Boolean).join('.');
  // An unknown field is reported under its own name, so the caller can tell which one it was.
  const fields: FieldIssue[] = r.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ path: at([...i.path, k]), message: i.message })) : [{ path: at(i.path), message: i.message }],
  );
  throw appError('common/validation', {}, fields);
}

type Registered = { name: string | undefined; def: AnyRoute };
const registered = new WeakMap<FastifyInstance, Registered[]>();
let nextName: string | undefined;

/** Every route registered through `route()` on this app, in order, named `table.key` when it came from a table (the OpenAPI document reads them). */
export function registeredRoutes(app: FastifyInstance): readonly Registered[] {
  return registered.get(app) ?? [];
}

/** Registers a route: validate, authorize, call, present `{ success: true, data }`. */
export function route<M extends Method, U extends string, B extends ZodType | undefined, Q extends ZodType | undefined, P extends ZodType | undefined, A extends Access, R, S extends ZodType | undefined = undefined>(
  app: FastifyInstance,
  def: RouteDef<M, U, B, Q, P, A, R, S>,
): void {
  const list = registered.get(app) ?? [];
  registered.set(app, list);
  list.push({ name: nextName, def: def as unknown as AnyRoute });
  nextName = undefined;
  app.route({
    method: def.method,
    url: def.url,
    config: { access: def.access },
    handler: async (req, reply) => {
      const ctx = req.xbCtx;
      // Fail closed: an API handler never runs without the context the request hook builds.
      if (!ctx) throw appError('common/bad_path');
      await app.xb.authorize(req, def.access);
      const body = (def.body ? parseInput(def.body, req.body, ctx.locale, '') : undefined) as Infer<B>;
      const query = (def.query ? parseInput(def.query, req.query, ctx.locale, '') : undefined) as Infer<Q>;
      const params = (def.params ? parseInput(def.params, req.params, ctx.locale, '') : undefined) as Infer<P>;
      const data = await def.handler({ ctx: ctx as AuthedCtx, body, query, params, req, reply } as HandlerArgs<B, Q, P, A>);
      if (reply.sent) return reply;
      return reply.send({ success: true, data: data ?? null });
    },
  });
}

/** Registers every definition of a domain's route table (`name` prefixes the operation ids). */
export function registerRouteTable(app: FastifyInstance, table: RouteTable, name?: string): void {
  for (const [key, def] of Object.entries(table)) {
    nextName = name ? `${name}.${key}` : key;
    route(app, def);
  }
}

/** Common param/query schemas. */
export const ZIdParam = z.strictObject({ id: z.uuid() });
export const ZPage = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
