/**
 * The HTTP layer against a determined caller (issue 7, items 10 and 14): every spelling of the API
 * prefix other than `/api/` is refused before any handler runs; no answer carries a stack trace;
 * nothing the API answers may be cached (downloads are `private, no-store`); sign-in attempts and
 * requests without a session are limited per source, answered 429 in the caller's language.
 */
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { people } from '../org/tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { looksLikeApi } from './app';

let t: TestApp;
let corr: string;

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot();
  const a = await t.makeUnit(root.id, '甲派出所');
  corr = (await t.makePerson({ unitId: a.id, roles: [{ role: 'correspondent', unitId: a.id }] })).login;
}, 120_000);
afterAll(() => t?.close());

/** No stack trace, file path or framework error text in an answer. */
const leaksInternals = (body: string) => /\bat .+\(.*:\d+:\d+\)|node_modules|\.ts:\d+|FST_|Error:/.test(body);

describe('the API prefix', () => {
  const spellings = ['/%61pi/units', '/%2561pi/units', '/%252561pi/units', '/%61PI/units', '/%41%50%49/units', '//api/units', '///api/units', '/API/units', '/Api/people', '/%2Fapi/units', '/%5Capi/units', '/api%2Funits', '/%61pi/auth/me', '/%61pi'];

  it('reads every spelling of /api as the API (the guard the hook uses)', () => {
    for (const p of spellings) expect({ p, api: looksLikeApi(p) }).toEqual({ p, api: true });
    for (const p of ['/', '/people', '/apiary', '/assets/app.js', '/%62pi/units']) expect({ p, api: looksLikeApi(p) }).toEqual({ p, api: false });
  });

  it('refuses each of them with 400 common/bad_path before any handler, as anonymous and signed in, without internals', async () => {
    const c = await t.as(corr);
    for (const url of spellings) {
      for (const cookie of [undefined, c.cookie]) {
        for (const method of ['GET', 'POST'] as const) {
          const res = await t.app.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), 'x-requested-with': 'xuanbao' }, ...(method === 'POST' ? { payload: {} } : {}) });
          const what = `${method} ${url} ${cookie ? 'signed in' : 'anonymous'}`;
          expect({ what, status: res.statusCode, code: res.json().errorCode }).toEqual({ what, status: 400, code: 'common/bad_path' });
          expect(leaksInternals(res.body), `${what}: ${res.body}`).toBe(false);
          expect(res.headers['cache-control']).toBe('no-store');
        }
      }
    }
    // In English too.
    const en = await t.app.inject({ method: 'GET', url: '/%61pi/units', headers: { 'x-locale': 'en' } });
    expect(en.json()).toEqual({ success: false, errorCode: 'common/bad_path', errorMessage: 'Invalid request path' });
  });

  it('answers a url the router cannot decode in the one error shape, without framework text', async () => {
    for (const url of ['/%E0%A4%A', '/api/%E0%A4%A', '/api/units/%']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.json()).toMatchObject({ success: false });
      expect(leaksInternals(res.body), res.body).toBe(false);
    }
  });

  it('still serves the canonical prefix', async () => {
    const c = await t.as(corr);
    expect((await c.get('/api/units')).status).toBe(200);
    expect((await t.request('GET', '/api/units')).json?.errorCode).toBe('auth/unauthenticated');
  });
});

describe('caching', () => {
  it('marks every /api answer no-store: data, refusals, validation errors, unknown routes', async () => {
    const c = await t.as(corr);
    const answers = [
      await c.get('/api/units'),
      await c.get('/api/auth/me'),
      await t.request('GET', '/api/units'),
      await t.request('GET', '/api/health'),
      await t.request('GET', '/api/no-such-route'),
      await c.get('/api/people?pageSize=100000'),
      await t.request('POST', '/api/auth/sign-in', { body: { login: 'x' } }),
    ];
    for (const r of answers) expect({ status: r.status, cc: r.headers['cache-control'] }).toEqual({ status: r.status, cc: 'no-store' });
  });

  it('marks a private file download private, no-store (never kept on a shared PC)', async () => {
    const c = await t.as(corr);
    const item = (await c.post('/api/submissions', { kind: 'material', title: '缓存测试', category: 6 })).data as { id: string };
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).jpeg().toBuffer();
    const boundary = '----xb' + Math.random().toString(16).slice(2);
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      jpeg,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/submissions/${item.id}/attachments?purpose=material`,
      headers: { cookie: c.cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-requested-with': 'xuanbao' },
      payload,
    });
    expect(up.statusCode).toBe(200);
    const id = up.json().data.id as string;
    for (const q of ['', '?inline=1', '?thumb=1']) {
      const res = await t.request('GET', `/api/attachments/${id}${q}`, { cookie: c.cookie });
      expect({ q, status: res.status, cc: res.headers['cache-control'] }).toEqual({ q, status: 200, cc: 'private, no-store' });
    }
  });
});

describe('per-source rate limits', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({
      database: t.database,
      config: { rateLimit: { signIn: { max: 3, windowMs: 60_000 }, anonymous: { max: 6, windowMs: 60_000 } } },
    });
  });
  afterAll(() => limited?.app.close());

  const from = (ip: string, extra: Record<string, string> = {}) => ({ remoteAddress: ip, headers: { 'x-requested-with': 'xuanbao', ...extra } });

  it('refuses the sign-in attempt over the limit with 429 in the caller\'s language, per source, without checking the password', async () => {
    const ip = '10.0.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await limited.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: corr, password: 'Wrong-Passw0rd!' }, ...from(ip) });
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401]);
    const over = await limited.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: corr, password: 'Wrong-Passw0rd!' }, ...from(ip) });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ success: false, errorCode: 'common/rate_limited' });
    expect(over.json().errorMessage).toMatch(/^请求过于频繁，请 \d+ 秒后再试$/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.headers['cache-control']).toBe('no-store');
    const en = await limited.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: corr, password: 'x' }, ...from(ip, { 'accept-language': 'en-GB' }) });
    expect(en.json().errorMessage).toMatch(/^Too many requests; try again in \d+ seconds$/);
    // The limited attempts never reached the password check: only 3 failures are counted on the person.
    const [me] = await t.db.select({ failedAttempts: people.failedAttempts }).from(people).where(eq(people.login, corr));
    expect(me?.failedAttempts).toBe(3);
    // Another source is not affected.
    const other = await limited.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: corr, password: 'Wrong-Passw0rd!' }, ...from('10.0.0.2') });
    expect(other.statusCode).toBe(401);
    // Reset the counter for the other tests.
    await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: corr, password: 'Test-Passw0rd!' }, headers: { 'x-requested-with': 'xuanbao' } });
  });

  it('limits requests without a session per source, and leaves signed-in requests alone', async () => {
    const ip = '10.0.1.1';
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await limited.app.inject({ method: 'GET', url: '/api/health', ...from(ip) })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    // Unknown routes and refusals count too (an anonymous flood of 401s is cut off).
    const ip2 = '10.0.1.2';
    const refused: number[] = [];
    for (let i = 0; i < 8; i++) refused.push((await limited.app.inject({ method: 'GET', url: '/api/units', ...from(ip2) })).statusCode);
    expect(refused).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);

    // A signed-in caller from a limited source is not limited by the anonymous limit.
    const signIn = await limited.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login: corr, password: 'Test-Passw0rd!' }, ...from('10.0.1.3') });
    expect(signIn.statusCode).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    for (let i = 0; i < 10; i++) expect((await limited.app.inject({ method: 'GET', url: '/api/units', ...from(ip, { cookie }) })).statusCode).toBe(200);
  });
});
