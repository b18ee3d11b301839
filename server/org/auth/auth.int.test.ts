import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../audit/tables';
import type { Database, Db } from '../../db/client';
import { people } from '../tables';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/app';
import { SESSION_COOKIE } from './sessions';
import { sessions } from './tables';
import { totpCode } from './totp';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let t: TestApp;
let rootId: string;
let unitId: string;
let admin: { id: string; login: string };

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot();
  rootId = root.id;
  unitId = (await t.makeUnit(rootId)).id;
  admin = await t.makePerson({ unitId: rootId, roles: [{ role: 'admin', unitId: rootId }] });
});
afterAll(async () => {
  await t?.close();
});

const correspondent = (o: { mustChangePassword?: boolean; login?: string } = {}) =>
  t.makePerson({ unitId, roles: [{ role: 'correspondent', unitId }], ...o });

async function personRow(id: string) {
  const [p] = await t.db.select().from(people).where(eq(people.id, id));
  return p!;
}

const auditOf = (login: string) => t.db.select().from(auditLog).where(eq(auditLog.actorLogin, login)).orderBy(asc(auditLog.seq));

/** A code for `secret` that matches none of the steps the server accepts at `at` (±1 step). */
function wrongCode(secret: string, at: Date): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, new Date(at.getTime() + d))));
  for (let i = 0; ; i++) {
    const c = String(i * 111_111 + 123).padStart(6, '0').slice(-6);
    if (!valid.has(c)) return c;
  }
}

/** Signs in, sets up and enables TOTP; returns the secret and a cookie of a session that has the second factor. */
async function enableTotpFor(login: string, app: TestApp = t) {
  const { cookie } = await app.signIn(login);
  const setup = await app.request('POST', '/api/auth/totp/setup', { cookie });
  expect(setup.status).toBe(200);
  const secret = setup.data.secret as string;
  expect(setup.data.uri).toMatch(/^otpauth:\/\/totp\//);
  const enable = await app.request('POST', '/api/auth/totp/enable', { cookie, body: { code: totpCode(secret, app.clock()) } });
  expect(enable.status).toBe(200);
  return { secret, cookie };
}

const INVALID = '账号或密码错误。连续失败 5 次的账号将锁定 15 分钟，期间无法登录；如需提前解锁请联系管理员';

describe('failed sign-ins and lockout', () => {
  it('locks after 5 wrong passwords for 15 minutes, refusing even the right password, then works and resets the counter', async () => {
    const p = await correspondent();
    for (let i = 1; i <= 4; i++) {
      const { res } = await t.signIn(p.login, `Wrong-pass-${i}!`);
      expect(res.status).toBe(401);
      expect(res.json?.errorCode).toBe('auth/invalid_credentials');
    }
    expect((await personRow(p.id)).failedAttempts).toBe(4);
    const fifth = await t.signIn(p.login, 'Wrong-pass-5!');
    // A locked login answers like any wrong password (nobody learns which logins exist or are locked).
    expect(fifth.res.status).toBe(401);
    expect(fifth.res.json?.errorCode).toBe('auth/invalid_credentials');
    expect(fifth.res.json?.errorMessage).toBe(INVALID);
    expect(fifth.cookie).toBe('');

    const rows = await auditOf(p.login);
    const failures = rows.filter((r) => r.event === 'auth.sign_in' && r.outcome === 'failure');
    expect(failures.map((r) => r.details)).toEqual([1, 2, 3, 4, 5].map((attempts) => ({ reason: 'bad_password', attempts })));
    const locked = rows.filter((r) => r.event === 'auth.locked');
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ actorId: p.id, outcome: 'success', ip: '127.0.0.1', details: { minutes: 15 } });

    // The right password is refused while locked, and that refusal is logged too.
    const right = await t.signIn(p.login);
    expect(right.res.status).toBe(401);
    expect(right.res.json?.errorCode).toBe('auth/invalid_credentials');
    expect(right.cookie).toBe('');
    expect((await auditOf(p.login)).at(-1)).toMatchObject({ event: 'auth.sign_in', outcome: 'failure', details: { reason: 'locked' } });

    t.clock.advance(14 * MIN);
    expect((await t.signIn(p.login)).res.status).toBe(401);
    expect((await personRow(p.id)).lockedUntil).not.toBeNull();

    t.clock.advance(1 * MIN);
    const after = await t.signIn(p.login);
    expect(after.res.status).toBe(200);
    expect(after.cookie).not.toBe('');
    const row = await personRow(p.id);
    expect(row.failedAttempts).toBe(0);
    expect(row.lockedUntil).toBeNull();

    // The counter starts again from zero: 4 more wrong passwords do not lock.
    for (let i = 0; i < 4; i++) expect((await t.signIn(p.login, 'Wrong-again-1!')).res.status).toBe(401);
    expect((await t.signIn(p.login)).res.status).toBe(200);
  });

  it('answers an unknown login exactly like a wrong password, and logs it', async () => {
    const p = await correspondent();
    const wrong = await t.signIn(p.login, 'Not-the-Passw0rd!');
    const unknown = await t.signIn('nobody-here', 'Not-the-Passw0rd!');
    expect(unknown.res.status).toBe(wrong.res.status);
    expect(unknown.res.json).toEqual(wrong.res.json);
    expect(unknown.res.json).toEqual({ success: false, errorCode: 'auth/invalid_credentials', errorMessage: INVALID });
    const rows = await auditOf('nobody-here');
    expect(rows.map((r) => [r.event, r.outcome, r.details])).toEqual([['auth.sign_in', 'failure', { reason: 'unknown_login' }]]);
  });
});

describe('sessions', () => {
  it('expires after 30 minutes idle, but not after 29', async () => {
    const p = await correspondent();
    const c = await t.as(p.login);
    t.clock.advance(29 * MIN);
    expect((await c.get('/api/units')).status).toBe(200);
    t.clock.advance(29 * MIN);
    expect((await c.get('/api/units')).status).toBe(200);
    t.clock.advance(30 * MIN + 1000);
    const res = await c.get('/api/units');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ success: false, errorCode: 'auth/session_expired', errorMessage: '会话已过期，请重新登录' });
    // The expired session is ended on the server, not just refused once.
    const [s] = await t.db.select().from(sessions).where(eq(sessions.personId, p.id));
    expect(s!.revokedAt).not.toBeNull();
  });

  it('ends after 12 hours even with activity every 10 minutes', async () => {
    const p = await correspondent();
    const c = await t.as(p.login);
    for (let i = 1; i < 72; i++) {
      t.clock.advance(10 * MIN);
      const res = await c.get('/api/units');
      if (res.status !== 200) throw new Error(`refused after ${i * 10} minutes: ${JSON.stringify(res.json)}`);
    }
    t.clock.advance(10 * MIN); // 12 h after sign-in
    const res = await c.get('/api/units');
    expect(res.status).toBe(401);
    expect(res.json?.errorCode).toBe('auth/session_expired');
  });

  it('sign-out ends the session on the server: the old cookie is refused afterwards', async () => {
    const p = await correspondent();
    const c = await t.as(p.login);
    expect((await c.get('/api/units')).status).toBe(200);
    const out = await c.post('/api/auth/sign-out');
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    const again = await c.get('/api/units');
    expect(again.status).toBe(401);
    expect((await t.request('GET', '/api/auth/me', { cookie: c.cookie })).data).toBeNull();
    const rows = await t.db.select().from(sessions).where(eq(sessions.personId, p.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revokedAt).not.toBeNull();
    expect((await auditOf(p.login)).map((r) => r.event)).toContain('auth.sign_out');
  });

  it('deactivating a person ends their sessions', async () => {
    const p = await correspondent();
    const c = await t.as(p.login);
    const a = await t.as(admin.login);
    expect((await a.post(`/api/people/${p.id}/deactivate`)).status).toBe(200);
    const rows = await t.db.select().from(sessions).where(eq(sessions.personId, p.id));
    expect(rows.length).toBe(1);
    expect(rows.every((s) => s.revokedAt !== null)).toBe(true);
    expect((await c.get('/api/units')).status).toBe(401);
    expect((await t.signIn(p.login)).res.json?.errorCode).toBe('auth/invalid_credentials');
    // Reactivation does not bring the old session back: a new sign-in is needed.
    expect((await a.post(`/api/people/${p.id}/activate`)).status).toBe(200);
    expect((await c.get('/api/units')).status).toBe(401);
    expect((await t.signIn(p.login)).res.status).toBe(200);
  });

  it('an admin password reset ends the sessions, unlocks, and forces a change with the new password', async () => {
    const p = await correspondent();
    const c1 = await t.as(p.login);
    const c2 = await t.as(p.login);
    const a = await t.as(admin.login);
    const reset = await a.post(`/api/people/${p.id}/reset-password`);
    expect(reset.status).toBe(200);
    const newPassword = reset.data.initialPassword as string;
    expect(newPassword).toMatch(/^.{16}$/);
    expect((await c1.get('/api/units')).status).toBe(401);
    expect((await c2.get('/api/units')).status).toBe(401);
    expect((await t.signIn(p.login)).res.status).toBe(401);
    const { res, cookie } = await t.signIn(p.login, newPassword);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ mustChangePassword: true });
    const blocked = await t.request('GET', '/api/units', { cookie });
    expect(blocked.status).toBe(403);
    expect(blocked.json?.errorCode).toBe('auth/password_change_required');
  });
});

describe('forced password change', () => {
  it('lets a new person only see who they are and change the password, then everything', async () => {
    const p = await correspondent({ mustChangePassword: true });
    const { res, cookie } = await t.signIn(p.login);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ mustChangePassword: true });

    const units = await t.request('GET', '/api/units', { cookie });
    expect(units.status).toBe(403);
    expect(units.json).toEqual({ success: false, errorCode: 'auth/password_change_required', errorMessage: '请先修改初始密码' });
    expect(units.data).toBeUndefined();

    const me = await t.request('GET', '/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.data).toMatchObject({ login: p.login, restricted: 'password_change' });

    const change = (newPassword: string, headers?: Record<string, string>) =>
      t.request('POST', '/api/auth/password', { cookie, body: { currentPassword: TEST_PASSWORD, newPassword }, ...(headers ? { headers } : {}) });
    const refusals: [string, string, string, string][] = [
      ['Ab1!xy', 'auth/password_too_short', '密码至少 8 位', 'The password needs at least 8 characters'],
      ['abcdefghijkl', 'auth/password_too_weak', '密码须包含大写字母、小写字母、数字、符号中的至少三类', 'Use at least three of: upper-case, lower-case, digits, symbols'],
      [`X-${p.login.toUpperCase()}-9z`, 'auth/password_contains_login', '密码不得包含账号名', 'The password must not contain the login name'],
      [TEST_PASSWORD, 'auth/password_reused', '新密码不能与当前密码相同', 'The new password must differ from the current one'],
    ];
    for (const [pw, code, zh, en] of refusals) {
      const r = await change(pw);
      expect({ pw, status: r.status, code: r.json?.errorCode, msg: r.json?.errorMessage }).toEqual({ pw, status: 400, code, msg: zh });
      const rEn = await change(pw, { 'x-locale': 'en' });
      expect({ pw, code: rEn.json?.errorCode, msg: rEn.json?.errorMessage }).toEqual({ pw, code, msg: en });
    }
    const wrongCurrent = await t.request('POST', '/api/auth/password', { cookie, body: { currentPassword: 'Nope-Nope-1', newPassword: 'Fresh-Passw0rd#1' } });
    expect(wrongCurrent.json?.errorCode).toBe('auth/wrong_password');
    // Nothing was changed by the refusals.
    expect((await personRow(p.id)).mustChangePassword).toBe(true);
    expect((await t.request('GET', '/api/units', { cookie })).status).toBe(403);

    const ok = await change('Fresh-Passw0rd#1');
    expect(ok.status).toBe(200);
    const after = await t.request('GET', '/api/units', { cookie });
    expect(after.status).toBe(200);
    expect(after.data.map((u: { id: string }) => u.id)).toContain(unitId);
    expect((await t.signIn(p.login)).res.status).toBe(401);
    const fresh = await t.signIn(p.login, 'Fresh-Passw0rd#1');
    expect(fresh.res.data).toEqual({ mustChangePassword: false });
  });

  it('forces a change when the password is older than the rotation period (90 days)', async () => {
    const rot = await createTestApp({ database: t.database, config: { passwordRotationDays: 90 } });
    try {
      rot.clock.set(t.clock());
      const p = await rot.makePerson({ unitId, roles: [{ role: 'correspondent', unitId }] });
      expect((await (await rot.as(p.login)).get('/api/units')).status).toBe(200);
      rot.clock.advance(90 * DAY - MIN);
      expect((await (await rot.as(p.login)).get('/api/units')).status).toBe(200);
      rot.clock.advance(1 * DAY + MIN); // 91 days
      const { cookie } = await rot.signIn(p.login);
      const blocked = await rot.request('GET', '/api/units', { cookie });
      expect(blocked.status).toBe(403);
      expect(blocked.json?.errorCode).toBe('auth/password_change_required');
      expect((await rot.request('GET', '/api/auth/me', { cookie })).data?.restricted).toBe('password_change');
      const change = await rot.request('POST', '/api/auth/password', { cookie, body: { currentPassword: TEST_PASSWORD, newPassword: 'Rotated-Passw0rd!' } });
      expect(change.status).toBe(200);
      expect((await rot.request('GET', '/api/units', { cookie })).status).toBe(200);
    } finally {
      await rot.app.close();
    }
  });
});

describe('TOTP second factor', () => {
  it('needs the code at sign-in, refuses a replayed code, counts wrong codes toward lockout, and survives a password reset', async () => {
    const p = await correspondent();
    const { secret } = await enableTotpFor(p.login);
    expect((await personRow(p.id)).totpEnabled).toBe(true);

    const noCode = await t.signIn(p.login);
    expect(noCode.res.status).toBe(401);
    expect(noCode.res.json?.errorCode).toBe('auth/totp_required');
    expect(noCode.cookie).toBe('');

    // The code that enabled TOTP cannot be used again, although it is still inside the window.
    const sameCode = totpCode(secret, t.clock());
    const replayAfterEnable = await t.signIn(p.login, TEST_PASSWORD, sameCode);
    expect(replayAfterEnable.res.json?.errorCode).toBe('auth/totp_invalid');

    t.clock.advance(30_000);
    const code = totpCode(secret, t.clock());
    const ok = await t.signIn(p.login, TEST_PASSWORD, code);
    expect(ok.res.status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { cookie: ok.cookie })).data?.secondFactor).toBe(true);

    t.clock.advance(10_000);
    const replay = await t.signIn(p.login, TEST_PASSWORD, code);
    expect(replay.res.status).toBe(401);
    expect(replay.res.json).toEqual({ success: false, errorCode: 'auth/totp_invalid', errorMessage: '动态验证码错误或已使用' });
    expect(replay.cookie).toBe('');

    // Replays and wrong codes count toward the lockout (1 so far after the success reset it).
    expect((await personRow(p.id)).failedAttempts).toBe(1);
    for (let i = 2; i <= 4; i++) {
      const r = await t.signIn(p.login, TEST_PASSWORD, wrongCode(secret, t.clock()));
      expect(r.res.json?.errorCode).toBe('auth/totp_invalid');
      expect((await personRow(p.id)).failedAttempts).toBe(i);
    }
    const fifth = await t.signIn(p.login, TEST_PASSWORD, wrongCode(secret, t.clock()));
    expect([fifth.res.status, fifth.res.json?.errorCode]).toEqual([401, 'auth/totp_invalid']);
    expect((await personRow(p.id)).lockedUntil).not.toBeNull();
    t.clock.advance(30_000);
    // Locked: even the right password and code answer like a wrong password.
    const locked = await t.signIn(p.login, TEST_PASSWORD, totpCode(secret, t.clock()));
    expect([locked.res.status, locked.res.json?.errorCode]).toEqual([401, 'auth/invalid_credentials']);
    const reasons = (await auditOf(p.login)).filter((r) => r.event === 'auth.sign_in' && r.outcome === 'failure').map((r) => r.details.reason);
    expect(reasons).toEqual(expect.arrayContaining(['totp_replay', 'bad_totp', 'locked']));

    // An admin reset unlocks and sets a new password, but the second factor stays on.
    const reset = await (await t.as(admin.login)).post(`/api/people/${p.id}/reset-password`);
    const newPassword = reset.data.initialPassword as string;
    const row = await personRow(p.id);
    expect({ totpEnabled: row.totpEnabled, hasSecret: !!row.totpSecret, locked: row.lockedUntil }).toEqual({ totpEnabled: true, hasSecret: true, locked: null });
    const withoutCode = await t.signIn(p.login, newPassword);
    expect(withoutCode.res.json?.errorCode).toBe('auth/totp_required');
    expect(withoutCode.cookie).toBe('');
    t.clock.advance(30_000);
    const withCode = await t.signIn(p.login, newPassword, totpCode(secret, t.clock()));
    expect(withCode.res.status).toBe(200);
    expect(withCode.res.data).toEqual({ mustChangePassword: true });
  });

  it('with requireAdminTotp, keeps an admin out of admin routes until TOTP is on; a correspondent is unaffected', async () => {
    const strict = await createTestApp({ database: t.database, config: { requireAdminTotp: true } });
    try {
      strict.clock.set(t.clock());
      const adm = await strict.makePerson({ unitId: rootId, roles: [{ role: 'admin', unitId: rootId }] });
      const c = await strict.as(adm.login);
      const create = () => strict.request('POST', '/api/units', { cookie: c.cookie, body: { name: `新单位-${adm.login}`, type: 'police_station', parentId: rootId } });
      const refused = await create();
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({ success: false, errorCode: 'auth/totp_setup_required', errorMessage: '管理员账号须先启用双因素认证' });
      expect((await c.get('/api/people')).json?.errorCode).toBe('auth/totp_setup_required');
      expect((await c.get('/api/auth/me')).data?.restricted).toBe('totp_setup');
      // Nothing was created.
      const listed = await (await t.as(admin.login)).get('/api/units');
      expect(listed.data.some((u: { name: string }) => u.name === `新单位-${adm.login}`)).toBe(false);

      const setup = await c.post('/api/auth/totp/setup');
      expect(setup.status).toBe(200);
      expect((await c.post('/api/auth/totp/enable', { code: totpCode(setup.data.secret, strict.clock()) })).status).toBe(200);
      const created = await create();
      expect(created.status).toBe(200);
      expect(created.data.name).toBe(`新单位-${adm.login}`);

      // A later sign-in without the code is not possible; with it, admin routes work.
      strict.clock.advance(30_000);
      const again = await strict.signIn(adm.login, TEST_PASSWORD, totpCode(setup.data.secret, strict.clock()));
      expect((await strict.request('GET', '/api/people', { cookie: again.cookie })).status).toBe(200);

      const corr = await strict.makePerson({ unitId, roles: [{ role: 'correspondent', unitId }] });
      expect((await (await strict.as(corr.login)).get('/api/units')).status).toBe(200);
    } finally {
      await strict.app.close();
    }
  });
});

describe('cookies and request headers', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie without Secure on plain http, and no HSTS', async () => {
    const p = await correspondent();
    const { res } = await t.signIn(p.login);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{40,};`));
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/i);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it("sets Secure and sends HSTS with cookieSecure 'always'", async () => {
    const secure = await createTestApp({ database: t.database, config: { cookieSecure: 'always' } });
    try {
      const p = await secure.makePerson({ unitId, roles: [{ role: 'correspondent', unitId }] });
      const { res } = await secure.signIn(p.login);
      expect(res.status).toBe(200);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).toMatch(/; SameSite=Strict/);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    } finally {
      await secure.app.close();
    }
  });

  it('refuses a state-changing request without x-requested-with: xuanbao (403), and does not act on it', async () => {
    const p = await correspondent();
    const bare = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: p.login, password: TEST_PASSWORD } });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().errorCode).toBe('auth/forbidden');
    expect(bare.headers['set-cookie']).toBeUndefined();
    expect((await personRow(p.id)).lastLoginAt).toBeNull();

    const c = await t.as(p.login);
    const signOut = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie: c.cookie, 'x-requested-with': 'XMLHttpRequest' } });
    expect(signOut.statusCode).toBe(403);
    expect((await c.get('/api/units')).status).toBe(200); // still signed in
  });
});

describe('fail closed', () => {
  it('answers a database failure with the generic internal error, without data or internals', async () => {
    const SECRET = 'relation "people" leaked-detail 13904771234';
    // The database fails once the app has started (its start checks the audit key against it).
    let failed = false;
    const failing = (db: Db): Db =>
      new Proxy(db, {
        get(target, prop, receiver) {
          if (failed && ['select', 'insert', 'update', 'delete', 'transaction', 'execute'].includes(String(prop))) {
            return () => {
              throw new Error(SECRET);
            };
          }
          return Reflect.get(target, prop, receiver) as unknown;
        },
      });
    const broken: Database = { ...t.database, db: failing(t.database.db), query: () => Promise.reject(new Error(SECRET)), ping: () => Promise.reject(new Error(SECRET)), close: async () => undefined };
    const b = await createTestApp({ database: broken });
    failed = true;
    try {
      const p = await correspondent();
      const c = await t.as(p.login); // a real session, presented to the broken app
      const attempts = [
        await b.request('POST', '/api/auth/sign-in', { body: { login: p.login, password: TEST_PASSWORD } }),
        await b.request('GET', '/api/units', { cookie: c.cookie }),
        await b.request('GET', '/api/health'),
        await b.request('GET', '/api/auth/me', { cookie: c.cookie, headers: { 'x-locale': 'en' } }),
      ];
      for (const r of attempts) {
        expect(r.status).toBe(500);
        expect(r.json?.success).toBe(false);
        expect(r.json?.errorCode).toBe('common/internal');
        expect(Object.keys(r.json ?? {}).sort()).toEqual(['errorCode', 'errorMessage', 'success']);
        expect(r.raw.payload).not.toContain('leaked-detail');
        expect(r.raw.payload).not.toMatch(/\bat .*\.ts:\d+/);
        expect(r.headers['set-cookie']).toBeUndefined();
      }
      expect(attempts[0]!.json?.errorMessage).toBe('服务器内部错误，请稍后重试');
      expect(attempts[3]!.json?.errorMessage).toBe('Internal error, please try again later');
    } finally {
      await b.app.close();
    }
  });
});

describe('audit rows of sign-in', () => {
  it('writes one row per sign-in attempt, with the source address', async () => {
    const p = await correspondent();
    const before = await t.db.select().from(auditLog).where(eq(auditLog.actorLogin, p.login));
    expect(before).toHaveLength(0);
    await t.signIn(p.login, 'Wrong-Passw0rd!');
    await t.signIn(p.login);
    const rows = await auditOf(p.login);
    expect(rows.map((r) => [r.event, r.outcome, r.ip])).toEqual([
      ['auth.sign_in', 'failure', '127.0.0.1'],
      ['auth.sign_in', 'success', '127.0.0.1'],
    ]);
  });
});
