import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config';
import { systemClock, type Clock } from '../clock';
import type { Database } from '../db/client';
import { appError, errorMessage, type AppError, type ErrorCode, type Locale } from '../errors';
import { hasPermission } from '../access/roles';
import type { Ctx } from './context';
import { installErrorHandler } from './errors';
import type { Access } from './route';

export type RouteInfo = { method: string; url: string; access: Access };

/** Told of every refused API request (401/403), e.g. to write it to the audit log. */
export type RefusalListener = (req: FastifyRequest, e: AppError) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    xb: {
      database: Database;
      config: Config;
      clock: Clock;
      /** Every /api route with its declared access rule (the authorization matrix test reads it). */
      routes: RouteInfo[];
      authorize(req: FastifyRequest, access: Access): Promise<void>;
      /** Domains subscribe here (the audit log records refusals); the HTTP layer knows no domain. */
      refusalListeners: RefusalListener[];
      /** The name of the unit at a path, for refusals that say where a role is needed (set by the composition: org owns units). */
      unitName: ((path: string) => Promise<string | null>) | null;
    };
  }
  interface FastifyRequest {
    xbSessionExpired?: boolean;
  }
}

export type BuildAppOptions = {
  database: Database;
  config: Config;
  clock?: Clock;
  /** Folder of the built web app to serve; omitted in API tests. */
  webDist?: string | undefined;
  /**
   * Installs everything domain-specific: the session hook, refusal listeners and the routes
   * (server/routes.ts in production; a test may pass a narrower set).
   */
  register: (app: FastifyInstance) => Promise<void> | void;
};

function pickLocale(req: FastifyRequest): Locale {
  const h = req.headers['x-locale'];
  if (h === 'en' || h === 'zh-CN') return h;
  const al = req.headers['accept-language'] ?? '';
  return /^en\b/i.test(al) ? 'en' : 'zh-CN';
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

/**
 * True when a path could mean the API to some reader: percent-decoded until it no longer changes
 * (at most three times: `%2561` → `%61` → `a`), backslashes read as slashes, runs of slashes
 * collapsed, any case. Only the exact prefix `/api/` is the API's; every other spelling of it is
 * refused (400 common/bad_path) before any handler runs.
 */
export function looksLikeApi(path: string): boolean {
  let p = path;
  for (let i = 0; i < 3; i++) {
    let d: string;
    try {
      d = decodeURIComponent(p);
    } catch {
      break;
    }
    if (d === p) break;
    p = d;
  }
  p = p.replace(/\\/g, '/').replace(/\/{2,}/g, '/').toLowerCase();
  return p === '/api' || p.startsWith('/api/');
}

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const { config, database } = opts;
  const clock = opts.clock ?? systemClock;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // No credentials or personal data in logs.
            redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
          },
    // Requests are logged by the onResponse hook below: API calls at info, static files at debug.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // A url the router cannot decode gets the one error shape too (no framework text, no stack).
    frameworkErrors: (err, req, reply) => {
      const locale = pickLocale(req);
      const code: ErrorCode = err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_INVALID_URL' ? 'common/bad_path' : 'common/validation';
      return (reply as FastifyReply).status(400).header('cache-control', 'no-store').send({ success: false, errorCode: code, errorMessage: errorMessage(code, locale) });
    },
  });

  app.addHook('onResponse', async (req, reply) => {
    const line = { method: req.method, url: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (looksLikeApi(line.url ?? '')) req.log.info(line, 'request');
    else req.log.debug(line, 'static');
  });

  const routes: RouteInfo[] = [];
  app.decorate('xb', {
    database,
    config,
    clock,
    routes,
    refusalListeners: [],
    unitName: null,
    authorize: async (req: FastifyRequest, access: Access) => {
      if ('public' in access) return;
      const ctx = req.xbCtx!;
      if (!ctx.auth) throw appError(req.xbSessionExpired ? 'auth/session_expired' : 'auth/unauthenticated');
      if (ctx.auth.restricted && !('signedIn' in access && access.allowRestricted)) {
        throw appError(ctx.auth.restricted === 'password_change' ? 'auth/password_change_required' : 'auth/totp_setup_required');
      }
      if ('permission' in access && !hasPermission(ctx.auth.grants, access.permission)) {
        throw appError('auth/forbidden', { permission: access.permission });
      }
    },
  });

  // Deny by default: an /api route that declares no access rule stops the server from starting.
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/')) return;
    const access = r.config?.access;
    if (!access) throw new Error(`Route ${String(r.method)} ${r.url} declares no access rule`);
    for (const m of ([] as string[]).concat(r.method as string | string[])) if (m !== 'HEAD') routes.push({ method: m, url: r.url, access });
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.cookieSecure === 'always' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 20, fields: 50, fieldSize: 1024 * 1024 } });
  installErrorHandler(app);

  app.addHook('onRequest', async (req) => {
    // An API request is one the router matched to an /api route, or one whose path reads as /api in
    // any spelling; each gets its context here, so no API handler ever runs without it.
    const path = pathOf(req.url);
    const api = path.startsWith('/api/') || !!req.routeOptions.url?.startsWith('/api/') || looksLikeApi(path);
    if (!api) return;
    const locale = pickLocale(req);
    const ctx: Ctx = {
      db: database.db,
      database,
      config,
      now: clock(),
      clock,
      auth: null,
      ip: req.ip ?? null,
      userAgent: req.headers['user-agent'] ?? null,
      locale,
    };
    req.xbCtx = ctx;
    if (!path.startsWith('/api/')) throw appError('common/bad_path');
    // Cross-site request defence on top of SameSite cookies: state changes need our header.
    if (MUTATING.has(req.method) && req.headers['x-requested-with'] !== 'xuanbao') {
      throw appError('auth/forbidden', { reason: 'missing_request_header' });
    }
  });

  // Per-source limits (in memory, per process): sign-in attempts, and API requests without a valid
  // session. They run after the session is resolved and before any handler; over the limit the answer
  // is 429 common/rate_limited in the caller's language, with Retry-After.
  await app.register(rateLimit, { global: false });
  const signInLimit = app.createRateLimit({ max: config.rateLimit.signIn.max, timeWindow: config.rateLimit.signIn.windowMs });
  const anonymousLimit = app.createRateLimit({ max: config.rateLimit.anonymous.max, timeWindow: config.rateLimit.anonymous.windowMs });
  const limit = async (limiter: typeof signInLimit, req: FastifyRequest, reply: FastifyReply) => {
    const r = await limiter(req);
    if (r.isAllowed || !r.isExceeded) return;
    reply.header('retry-after', r.ttlInSeconds);
    throw appError('common/rate_limited', { seconds: r.ttlInSeconds });
  };
  app.addHook('preHandler', async (req, reply) => {
    const ctx = req.xbCtx;
    if (!ctx) return;
    if (req.method === 'POST' && req.routeOptions.url === '/api/auth/sign-in') await limit(signInLimit, req, reply);
    if (!ctx.auth) await limit(anonymousLimit, req, reply);
  });

  // Nothing the API answers is kept by a browser or a proxy: shared office PCs keep no copies of
  // lists, items or personal data; a download (a private file) says so too.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.xbCtx) return payload;
    reply.header('cache-control', reply.getHeader('content-disposition') ? 'private, no-store' : 'no-store');
    return payload;
  });

  await opts.register(app);

  app.setNotFoundHandler((req, reply) => {
    if (req.xbCtx || !opts.webDist) {
      return reply.status(404).send({ success: false, errorCode: 'common/not_found', errorMessage: errorMessage('common/not_found', req.xbCtx?.locale ?? pickLocale(req)) });
    }
    return reply.type('text/html').header('cache-control', INDEX_CACHE).sendFile('index.html');
  });
  if (opts.webDist && fs.existsSync(path.join(opts.webDist, 'index.html'))) {
    // wildcard: files built after start are served too; a missing file falls through to index.html.
    await app.register(fastifyStatic, {
      root: path.resolve(opts.webDist),
      wildcard: true,
      preCompressed: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (reply, file) => void reply.header('cache-control', staticCacheControl(path.relative(path.resolve(opts.webDist!), file))),
    });
  }
  return app;
}

/** index.html is checked on every load (it names the current build's files); see staticCacheControl. */
const INDEX_CACHE = 'no-cache';

/**
 * How long a browser keeps a built web file: Vite names everything under assets/ by its content
 * hash, so those never change and are kept for a year without a re-check; everything else
 * (index.html, the manifest, icons) is re-checked on each load.
 */
export function staticCacheControl(relativePath: string): string {
  const p = relativePath.split(path.sep).join('/');
  return p.startsWith('assets/') && /-[\w-]{8,}(\.\w+)+$/.test(p) ? 'public, max-age=31536000, immutable' : INDEX_CACHE;
}

export function isSecureRequest(req: FastifyRequest, config: Config): boolean {
  if (config.cookieSecure === 'always') return true;
  if (config.cookieSecure === 'never') return false;
  return req.protocol === 'https';
}
