import type { FastifyInstance } from 'fastify';
import { fakeClock } from '../clock';
import { testConfig, type Config } from '../config';
import type { Database } from '../db/client';
import { buildApp } from '../http/app';
import { registerRoutes } from '../routes';
import { insertPerson, type RoleInput } from '../org/people';
import { createRootUnit } from '../org/units';
import { units } from '../org/tables';
import { openTestDatabase } from './db';
import { randomUUID } from 'node:crypto';
import type { Api } from '../routes';
import type { KeysFor, UrlPattern } from '../http/contract';
import type { Method } from '../http/route';

type UrlOf<K> = K extends `${string} ${infer U}` ? U : never;
/** The routes a concrete url (with or without a query string) can reach with this method. */
type Matching<M extends Method, U extends string> = {
  [K in KeysFor<Api, M>]: U extends UrlPattern<UrlOf<K>> | `${UrlPattern<UrlOf<K>>}?${string}` ? K : never;
}[KeysFor<Api, M>];
/**
 * What `data` holds on success for a call: the route's response type from the Api contract, or
 * `unknown` for a url no route matches (or one typed only as `string`). On a failure `data` is
 * absent; tests check `status` first.
 */
export type DataFor<M extends Method, U extends string> = [Matching<M, U>] extends [never] ? unknown : Api[Matching<M, U>]['response'];

export const TEST_PASSWORD = 'Test-Passw0rd!';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * One database and one app per test file (creating a database costs seconds; share it).
 * Factories build real rows; `as(login)` signs in through the real sign-in route.
 */
export async function createTestApp(opts: { config?: Partial<Config>; database?: Database } = {}) {
  const database = opts.database ?? (await openTestDatabase());
  const clock = fakeClock();
  const config = testConfig(opts.config);
  const app: FastifyInstance = await buildApp({ database, config, clock, register: registerRoutes });
  await app.ready();

  async function request<M extends Method, U extends string>(method: M, url: U, o: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {}) {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(method !== 'GET' ? { 'x-requested-with': 'xuanbao' } : {}),
        ...(o.cookie ? { cookie: o.cookie } : {}),
        ...o.headers,
      },
      ...(o.body !== undefined ? { payload: o.body as object } : {}),
    });
    let json: { success: boolean; data?: unknown; errorCode?: string; errorMessage?: string; fields?: { path: string; message: string }[] } | null = null;
    try {
      json = res.json();
    } catch {
      json = null;
    }
    return { status: res.statusCode, json, data: json?.data as DataFor<M, U>, headers: res.headers, raw: res };
  }

  async function signIn(login: string, password = TEST_PASSWORD, totpCode?: string) {
    const res = await request('POST', '/api/auth/sign-in', { body: { login, password, ...(totpCode ? { totpCode } : {}) } });
    const setCookie = res.headers['set-cookie'];
    const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0];
    return { res, cookie: cookie ?? '' };
  }

  /** A signed-in client for a login (created with TEST_PASSWORD and no forced change). */
  async function as(login: string) {
    const { res, cookie } = await signIn(login);
    if (res.status !== 200) throw new Error(`sign-in as ${login} failed: ${JSON.stringify(res.json)}`);
    return {
      cookie,
      get: <U extends string>(url: U) => request('GET', url, { cookie }),
      post: <U extends string>(url: U, body?: unknown) => request('POST', url, { cookie, body: body ?? {} }),
      patch: <U extends string>(url: U, body?: unknown) => request('PATCH', url, { cookie, body: body ?? {} }),
      put: <U extends string>(url: U, body?: unknown) => request('PUT', url, { cookie, body: body ?? {} }),
      del: <U extends string>(url: U) => request('DELETE', url, { cookie }),
    };
  }

  async function makeRoot(name = `根单位-${randomUUID().slice(0, 6)}`, type = 'bureau') {
    return createRootUnit(database.db, { name, type, now: clock() });
  }

  async function makeUnit(parentId: string, name = `单位-${randomUUID().slice(0, 6)}`, type = 'police_station') {
    const { getUnitById } = await import('../org/units');
    const parent = await getUnitById(database.db, parentId);
    const id = randomUUID();
    const [u] = await database.db
      .insert(units)
      .values({ id, parentId, name, type, path: `${parent.path}${id}/`, depth: parent.depth + 1, createdAt: clock(), updatedAt: clock() })
      .returning();
    return u!;
  }

  async function makePerson(o: { unitId: string; roles?: RoleInput[]; login?: string; name?: string; mustChangePassword?: boolean }) {
    const login = o.login ?? `p${randomUUID().slice(0, 8)}`;
    const { id } = await insertPerson(database.db, {
      login,
      name: o.name ?? `测试${login.slice(-4)}`,
      unitId: o.unitId,
      roles: o.roles ?? [],
      password: TEST_PASSWORD,
      now: clock(),
      mustChangePassword: o.mustChangePassword ?? false,
    });
    return { id, login };
  }

  return {
    app,
    database,
    db: database.db,
    clock,
    config,
    request,
    signIn,
    as,
    makeRoot,
    makeUnit,
    makePerson,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
