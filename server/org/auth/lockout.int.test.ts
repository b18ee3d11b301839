/**
 * The lockout against a determined guesser (issue 7, items 10 and 11): parallel guesses cannot beat
 * it (each attempt takes one allowed failure atomically before its password is checked), unknown,
 * inactive and locked logins answer exactly like a wrong password and take about as long, and a lock
 * ends by time, by an administrator (人员管理 → 解锁) or by the operator (`xuanbao user unlock`).
 */
import { and, asc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../audit/tables';
import { systemCtx } from '../../http/context';
import { unlockPerson } from '../people';
import { people } from '../tables';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/app';

let t: TestApp;
let unitId: string;
let admin: { id: string; login: string };

beforeAll(async () => {
  t = await createTestApp();
  const root = await t.makeRoot();
  unitId = (await t.makeUnit(root.id)).id;
  admin = await t.makePerson({ unitId: root.id, roles: [{ role: 'admin', unitId: root.id }] });
});
afterAll(async () => {
  await t?.close();
});

const person = () => t.makePerson({ unitId, roles: [{ role: 'correspondent', unitId }] });
const row = async (id: string) => (await t.db.select().from(people).where(eq(people.id, id)))[0]!;
const signInRows = (login: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.actorLogin, login), eq(auditLog.event, 'auth.sign_in'))).orderBy(asc(auditLog.seq));

describe('parallel guesses', () => {
  it('10 parallel wrong guesses with 5 allowed failures check at most 5 passwords, and the account is locked', async () => {
    const p = await person();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => t.signIn(p.login, `Wrong-guess-${i}!`)));
    expect(answers.map((a) => [a.res.status, a.res.json?.errorCode])).toEqual(Array(10).fill([401, 'auth/invalid_credentials']));
    const reasons = (await signInRows(p.login)).map((r) => r.details.reason);
    // A password is checked only for the attempts that took one of the 5 allowed failures.
    expect(reasons.filter((r) => r === 'bad_password')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(5);
    expect((await row(p.id)).lockedUntil).not.toBeNull();
    // Now the right password is refused too.
    expect((await t.signIn(p.login)).res.json?.errorCode).toBe('auth/invalid_credentials');
  });

  it('9 wrong guesses and the right password in parallel: at most 5 passwords are checked, whichever wins', async () => {
    for (let round = 0; round < 3; round++) {
      const p = await person();
      const guesses = [...Array.from({ length: 9 }, (_, i) => `Wrong-guess-${i}!`), TEST_PASSWORD];
      const answers = await Promise.all(guesses.map((g) => t.signIn(p.login, g)));
      const rows = await signInRows(p.login);
      const checked = rows.filter((r) => r.details.reason === 'bad_password' || r.outcome === 'success');
      expect(checked.length).toBeLessThanOrEqual(5);
      const won = answers.filter((a) => a.res.status === 200).length;
      expect(won).toBe(rows.filter((r) => r.outcome === 'success').length);
      expect(won).toBeLessThanOrEqual(1);
    }
  });
});

describe('answers that tell nothing', () => {
  it('answers a wrong password, an unknown, an inactive and a locked login with the same status, code and message', async () => {
    const wrong = await person();
    const inactive = await person();
    await t.db.update(people).set({ active: false }).where(eq(people.id, inactive.id));
    const locked = await person();
    await t.db.update(people).set({ lockedUntil: new Date(t.clock().getTime() + 10 * 60_000) }).where(eq(people.id, locked.id));

    const answers = {
      wrong: await t.signIn(wrong.login, 'Not-the-Passw0rd!'),
      unknown: await t.signIn('nobody-at-all', 'Not-the-Passw0rd!'),
      inactive: await t.signIn(inactive.login, TEST_PASSWORD),
      locked: await t.signIn(locked.login, TEST_PASSWORD),
    };
    const shapes = Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, [a.res.status, a.res.json, a.cookie]]));
    const expected = [401, answers.wrong.res.json, ''];
    expect(shapes).toEqual({ wrong: expected, unknown: expected, inactive: expected, locked: expected });
    expect(answers.wrong.res.json?.errorCode).toBe('auth/invalid_credentials');
    // English as well.
    const en = await t.request('POST', '/api/auth/sign-in', { body: { login: locked.login, password: TEST_PASSWORD }, headers: { 'x-locale': 'en' } });
    expect(en.json?.errorMessage).toBe('Wrong login or password. After 5 failed attempts an account is locked for 15 minutes; ask an administrator to unlock it sooner');
    // The auditor still learns the real reason.
    expect((await signInRows(locked.login)).map((r) => r.details.reason)).toEqual(['locked', 'locked']);
    expect((await signInRows(inactive.login)).map((r) => r.details.reason)).toEqual(['inactive']);
  });

  it('takes about as long for unknown and locked logins as for a wrong password (a dummy argon2 check)', async () => {
    const wrong = await person();
    const locked = await person();
    await t.db.update(people).set({ lockedUntil: new Date(t.clock().getTime() + 10 * 60_000) }).where(eq(people.id, locked.id));
    const time = async (login: string, password: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        await t.signIn(login, password);
        times.push(performance.now() - start);
      }
      return times.sort((x, y) => x - y)[2]!;
    };
    // Reset the wrong login's count in between so it never locks during the measurement.
    const wrongMs = await time(wrong.login, 'Not-the-Passw0rd!');
    await t.db.update(people).set({ failedAttempts: 0 }).where(eq(people.id, wrong.id));
    const unknownMs = await time('nobody-timed', 'Not-the-Passw0rd!');
    const lockedMs = await time(locked.login, TEST_PASSWORD);
    // Without the dummy check an unknown or locked login answered in a fraction of the time.
    expect(unknownMs / wrongMs, `unknown ${unknownMs} ms, wrong ${wrongMs} ms`).toBeGreaterThan(0.5);
    expect(lockedMs / wrongMs, `locked ${lockedMs} ms, wrong ${wrongMs} ms`).toBeGreaterThan(0.5);
  });
});

describe('unlock paths', () => {
  const lock = async (login: string) => {
    for (let i = 0; i < t.config.lockoutThreshold; i++) await t.signIn(login, `Wrong-${i}-Passw0rd!`);
  };

  it('an administrator unlocks in 人员管理: the right password works again at once; audited', async () => {
    const p = await person();
    await lock(p.login);
    expect((await t.signIn(p.login)).res.status).toBe(401);
    const a = await t.as(admin.login);
    expect((await a.get(`/api/people/${p.id}`)).data.locked).toBe(true);
    const before = (await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(asc(auditLog.seq))).at(-1)?.seq ?? 0;
    const res = await a.post(`/api/people/${p.id}/unlock`);
    expect([res.status, res.data.locked]).toEqual([200, false]);
    const rows = await t.db.select().from(auditLog).where(and(gt(auditLog.seq, before), eq(auditLog.event, 'person.unlock')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: admin.id, targetType: 'person', targetId: p.id });
    expect((await t.signIn(p.login)).res.status).toBe(200);
  });

  it('the operator unlocks with the command line (system caller, audited as cli)', async () => {
    const p = await person();
    await lock(p.login);
    const cli = systemCtx({ database: t.database, config: t.config, clock: t.clock, actor: { via: 'cli', command: 'user unlock', operator: 'ops' } });
    await unlockPerson(cli, p.id);
    expect(await row(p.id)).toMatchObject({ failedAttempts: 0, lockedUntil: null });
    const [r] = await t.db.select().from(auditLog).where(and(eq(auditLog.event, 'person.unlock'), eq(auditLog.targetId, p.id)));
    expect(r).toMatchObject({ actorLogin: 'cli:ops', details: { via: 'cli', command: 'user unlock', operator: 'ops' } });
    expect((await t.signIn(p.login)).res.status).toBe(200);
  });

  it('a lock expires by itself after the lockout minutes', async () => {
    const p = await person();
    await lock(p.login);
    t.clock.advance(t.config.lockoutMs - 1000);
    expect((await t.signIn(p.login)).res.status).toBe(401);
    t.clock.advance(1000);
    expect((await t.signIn(p.login)).res.status).toBe(200);
  });
});
