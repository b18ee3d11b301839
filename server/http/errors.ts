import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, errorMessage, isAppError, type ErrorCode, type Locale } from '../errors';
import { hasPermission, PERMISSIONS, ROLE_LABELS, rolesWith, type Permission } from '../access/roles';
import type { Ctx } from './context';

/**
 * What a refused caller needs, in their language: "：需要『通讯员』角色（嘎鲁图派出所）". The unit is
 * named only when the caller may see it (unit.read on it, or it is their own unit or above it), so a
 * refusal never tells anyone the name behind a unit id they could not read.
 */
export async function forbiddenNeed(ctx: Ctx | undefined, params: Record<string, string | number>, locale: Locale, unitName: ((path: string) => Promise<string | null>) | null): Promise<string> {
  const permission = params.permission;
  if (typeof permission !== 'string' || !(PERMISSIONS as readonly string[]).includes(permission)) return '';
  const roles = rolesWith(permission as Permission).map((r) => ROLE_LABELS[r][locale === 'en' ? 'en' : 'zh']);
  const path = typeof params.unitPath === 'string' ? params.unitPath : null;
  const auth = ctx?.auth;
  let unit: string | null = null;
  if (path && auth && unitName && (hasPermission(auth.grants, 'unit.read', path) || auth.unitPath.startsWith(path))) {
    try {
      unit = await unitName(path);
    } catch {
      unit = null;
    }
  }
  if (locale === 'en') return `: it needs the role ${roles.map((r) => `“${r}”`).join(' or ')}${unit ? ` on ${unit}` : ''}`;
  return `：需要『${roles.join('』或『')}』角色${unit ? `（${unit}）` : ''}`;
}

const SIGN_IN_AUDITED = new Set<ErrorCode>(['auth/invalid_credentials', 'auth/totp_required', 'auth/totp_invalid']);

/**
 * One error shape for the whole API: `{ success: false, errorCode, errorMessage, fields? }`.
 * Refused access (401/403) is handed to the refusal listeners (the audit log). Anything unexpected is logged and answered with a
 * generic message: the caller never sees internals or data (fail closed).
 */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler(async (err: FastifyError | AppError | Error, req, reply) => {
    const ctx = req.xbCtx;
    const locale: Locale = ctx?.locale ?? 'zh-CN';
    let e: AppError;
    if (isAppError(err)) e = err;
    else if ((err as FastifyError).statusCode === 413 || (err as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE') {
      e = new AppError('common/validation', {}, [{ path: '', message: locale === 'en' ? 'The upload is too large' : '上传内容过大' }]);
    } else if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500) {
      e = new AppError('common/validation', {}, [{ path: '', message: err.message }]);
    } else {
      req.log.error({ err }, 'unexpected error');
      e = new AppError('common/internal');
    }
    // A refused sign-in is already audited by the sign-in itself (one auth.sign_in row per attempt).
    const auditedBySignIn = req.routeOptions?.url === '/api/auth/sign-in' && SIGN_IN_AUDITED.has(e.code);
    // A 404 that hides an out-of-scope record is a refusal too: on the record, though the caller only sees "not found".
    if (e.status === 401 || e.status === 403 || e.hiddenRefusal) {
      // For operators: why a request was refused, on which route, for whom (no credentials, no body).
      const refusal = { code: e.code, status: e.status, method: req.method, route: req.routeOptions?.url ?? req.url.split('?')[0], caller: ctx?.auth?.login ?? null, ip: req.ip };
      if (e.status === 403 || e.hiddenRefusal) req.log.warn(refusal, 'request refused');
      else req.log.info(refusal, 'request refused');
    }
    if ((e.status === 401 || e.status === 403 || e.hiddenRefusal) && ctx && !auditedBySignIn) {
      for (const listener of app.xb.refusalListeners) {
        try {
          await listener(req, e);
        } catch (listenerErr) {
          req.log.error({ err: listenerErr }, 'refusal listener failed');
        }
      }
    }
    return reply.status(e.status).send({
      success: false,
      errorCode: e.code,
      errorMessage: errorMessage(e.code, locale, e.code === 'auth/forbidden' ? { ...e.params, need: await forbiddenNeed(ctx, e.params, locale, app.xb.unitName) } : e.params),
      ...(e.fields.length ? { fields: e.fields } : {}),
      ...(e.details ? { details: e.details } : {}),
    });
  });
}
