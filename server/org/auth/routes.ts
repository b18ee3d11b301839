import { isSecureRequest } from '../../http/app';
import { defineRoute, type RouteTable } from '../../http/route';
import { beginTotpSetup, changePassword, disableTotp, enableTotp, getMe, setMyLocale, signIn, signOut } from './auth';
import { ZChangePassword, ZLocale, ZSignIn, ZTotpCode } from './schema';
import { SESSION_COOKIE } from './sessions';

export const authRoutes = {
  signIn: defineRoute({
    method: 'POST',
    url: '/api/auth/sign-in',
    access: { public: true },
    body: ZSignIn,
    handler: async ({ ctx, body, req, reply }) => {
      const { token, mustChangePassword } = await signIn(ctx, body);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: isSecureRequest(req, ctx.config),
      });
      return { mustChangePassword };
    },
  }),

  signOut: defineRoute({
    method: 'POST',
    url: '/api/auth/sign-out',
    access: { signedIn: true, allowRestricted: true },
    handler: async ({ ctx, reply }) => {
      await signOut(ctx);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return null;
    },
  }),

  // Public so that the web app can ask "who am I?" before sign-in without a refused-access row.
  me: defineRoute({ method: 'GET', url: '/api/auth/me', access: { public: true }, handler: ({ ctx }) => getMe(ctx) }),

  changePassword: defineRoute({
    method: 'POST',
    url: '/api/auth/password',
    access: { signedIn: true, allowRestricted: true },
    body: ZChangePassword,
    handler: ({ ctx, body }) => changePassword(ctx, body),
  }),

  totpSetup: defineRoute({ method: 'POST', url: '/api/auth/totp/setup', access: { signedIn: true, allowRestricted: true }, handler: ({ ctx }) => beginTotpSetup(ctx) }),
  totpEnable: defineRoute({
    method: 'POST',
    url: '/api/auth/totp/enable',
    access: { signedIn: true, allowRestricted: true },
    body: ZTotpCode,
    handler: ({ ctx, body }) => enableTotp(ctx, body),
  }),
  totpDisable: defineRoute({
    method: 'POST',
    url: '/api/auth/totp/disable',
    access: { signedIn: true },
    body: ZTotpCode,
    handler: ({ ctx, body }) => disableTotp(ctx, body),
  }),
  setLocale: defineRoute({
    method: 'PUT',
    url: '/api/auth/locale',
    access: { signedIn: true, allowRestricted: true },
    body: ZLocale,
    handler: ({ ctx, body }) => setMyLocale(ctx, body.locale),
  }),
} satisfies RouteTable;
