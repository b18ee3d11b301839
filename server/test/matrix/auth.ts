/** Authorization matrix entries for sign-in, sessions, password and TOTP (see server/test/matrix/matrix.ts). */
import type { Caller, MatrixCtx, MatrixEntries } from './matrix';
import { TEST_PASSWORD } from '../app';
import { totpCode } from '../../org/auth/totp';

/** Starts TOTP setup for the caller and confirms it with a valid code; returns the secret. */
async function enableTotpFor(m: MatrixCtx, caller: Caller): Promise<string> {
  const setup = await m.t.request('POST', '/api/auth/totp/setup', { cookie: caller.cookie, body: {} });
  if (setup.status !== 200) throw new Error(`TOTP setup failed: ${JSON.stringify(setup.json)}`);
  const secret = (setup.data as { secret: string }).secret;
  const enable = await m.t.request('POST', '/api/auth/totp/enable', { cookie: caller.cookie, body: { code: totpCode(secret, m.t.clock()) } });
  if (enable.status !== 200) throw new Error(`TOTP enable failed: ${JSON.stringify(enable.json)}`);
  return secret;
}

export const authMatrix: MatrixEntries = {
  'POST /api/auth/sign-in': {
    allow: 'public',
    scoped: false,
    request: async (m) => ({ url: '/api/auth/sign-in', body: { login: m.member('own').login, password: TEST_PASSWORD } }),
  },
  'GET /api/auth/me': { allow: 'public', scoped: false, request: async () => ({ url: '/api/auth/me' }) },
  'POST /api/auth/sign-out': { allow: 'signedIn', scoped: false, caller: 'fresh', request: async () => ({ url: '/api/auth/sign-out' }) },
  'POST /api/auth/password': {
    allow: 'signedIn',
    scoped: false,
    caller: 'fresh',
    request: async () => ({ url: '/api/auth/password', body: { currentPassword: TEST_PASSWORD, newPassword: 'Neues-Kennw0rt!' } }),
  },
  // Setup only stores a pending secret (TOTP stays off until confirmed): the shared sessions may call it.
  'POST /api/auth/totp/setup': { allow: 'signedIn', scoped: false, request: async () => ({ url: '/api/auth/totp/setup' }) },
  'POST /api/auth/totp/enable': {
    allow: 'signedIn',
    scoped: false,
    caller: 'fresh',
    request: async (m, _target, caller) => {
      if (!caller) return { url: '/api/auth/totp/enable', body: { code: '123456' } };
      const setup = await m.t.request('POST', '/api/auth/totp/setup', { cookie: caller.cookie, body: {} });
      const secret = (setup.data as { secret: string }).secret;
      return { url: '/api/auth/totp/enable', body: { code: totpCode(secret, m.t.clock()) } };
    },
  },
  'POST /api/auth/totp/disable': {
    allow: 'signedIn',
    scoped: false,
    caller: 'fresh',
    request: async (m, _target, caller) => {
      if (!caller) return { url: '/api/auth/totp/disable', body: { code: '123456' } };
      const secret = await enableTotpFor(m, caller);
      // The code of the next 30-second step: the current one was spent enabling (no replay).
      return { url: '/api/auth/totp/disable', body: { code: totpCode(secret, new Date(m.t.clock().getTime() + 30_000)) } };
    },
  },
  'PUT /api/auth/locale': { allow: 'signedIn', scoped: false, request: async () => ({ url: '/api/auth/locale', body: { locale: 'zh-CN' } }) },
};
