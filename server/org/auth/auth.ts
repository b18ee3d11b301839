import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { writeAudit } from '../../audit/audit';
import { appError } from '../../errors';
import type { AuthedCtx, Ctx } from '../../http/context';
import { permissionsOf, PRIVILEGED_ROLES } from '../../access/roles';
import { people, units } from '../tables';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password';
import { createSession, loadGrants, revokeSession, revokeSessionsOf } from './sessions';
import { sessions } from './tables';
import { matchTotpStep, newTotpSecret, totpUri } from './totp';

/** A real argon2id hash of a random string: verifying against it costs as much as a real check. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$f9F/FLVducomxF9fSCJs+w$Xjy/eXLbVp/NpqSLOFQhBUVqnfmCuBxsyUY/O0qEJsI';

export type SignInResult = { token: string; mustChangePassword: boolean };

/** The one refusal for a wrong password and for an unknown, inactive or locked login. */
const invalidCredentials = (ctx: Ctx) =>
  appError('auth/invalid_credentials', { threshold: ctx.config.lockoutThreshold, minutes: Math.ceil(ctx.config.lockoutMs / 60_000) });

/**
 * Sign-in with an atomic lockout. Each attempt on a known, active, unlocked login first takes one
 * of the allowed failures in a single UPDATE (increment and return), and only then is the password
 * checked: parallel guesses queue on that row, so with a threshold of 5 at most 5 passwords are ever
 * checked before the account locks. A success (password and, if on, TOTP) gives the attempt back
 * by resetting the count. The attempt that takes the last allowed failure and fails locks the
 * account for `lockoutMs`; a lock ends when it expires, when an administrator unlocks the person
 * (人员管理) or resets the password, or when the operator runs `xuanbao user unlock`.
 *
 * Unknown, inactive and locked logins answer exactly like a wrong password (same code, same
 * message), after an argon2 verification against a dummy hash, so neither the answer nor its timing
 * tells which logins exist or are locked. The audit row keeps the real reason for the auditor.
 */
export async function signIn(ctx: Ctx, input: { login: string; password: string; totpCode?: string | undefined }): Promise<SignInResult> {
  const login = input.login.trim().toLowerCase();
  const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>, actorId: string | null = null) =>
    writeAudit(ctx.db, { event: 'auth.sign_in', outcome, actorId, actorLogin: login, ip: ctx.ip, at: ctx.now, details });
  const threshold = ctx.config.lockoutThreshold;

  // Take one allowed failure, atomically: only an active login, not locked, with failures left.
  // An expired lock is cleared by the same statement (the count restarted when it locked).
  const notLocked = or(isNull(people.lockedUntil), lte(people.lockedUntil, ctx.now));
  const [claim] = await ctx.db
    .update(people)
    .set({ failedAttempts: sql`${people.failedAttempts} + 1`, lockedUntil: null })
    .where(and(eq(people.login, login), eq(people.active, true), notLocked, lt(people.failedAttempts, threshold)))
    .returning({
      id: people.id,
      attempts: people.failedAttempts,
      passwordHash: people.passwordHash,
      mustChangePassword: people.mustChangePassword,
      totpEnabled: people.totpEnabled,
      totpSecret: people.totpSecret,
      totpLastStep: people.totpLastStep,
    });
  if (!claim) {
    // Unknown, inactive or locked: the same work and the same answer as a wrong password.
    await verifyPassword(DUMMY_HASH, input.password);
    const [known] = await ctx.db.select({ id: people.id, active: people.active }).from(people).where(eq(people.login, login));
    await audit('failure', { reason: !known ? 'unknown_login' : !known.active ? 'inactive' : 'locked' }, known?.id ?? null);
    throw invalidCredentials(ctx);
  }
  const person = claim;

  /** The attempt failed: it is already counted; the one that used the last allowed failure locks. */
  const fail = async (reason: string) => {
    const lock = person.attempts >= threshold;
    await ctx.db.transaction(async (tx) => {
      if (lock) {
        await tx.update(people).set({ failedAttempts: 0, lockedUntil: new Date(ctx.now.getTime() + ctx.config.lockoutMs) }).where(eq(people.id, person.id));
      }
      await writeAudit(tx, { event: 'auth.sign_in', outcome: 'failure', actorId: person.id, actorLogin: login, ip: ctx.ip, at: ctx.now, details: { reason, attempts: person.attempts } });
      if (lock) {
        await writeAudit(tx, { event: 'auth.locked', outcome: 'success', actorId: person.id, actorLogin: login, ip: ctx.ip, at: ctx.now, details: { minutes: ctx.config.lockoutMs / 60_000 } });
      }
    });
  };

  if (!(await verifyPassword(person.passwordHash, input.password))) {
    await fail('bad_password');
    throw invalidCredentials(ctx);
  }
  let totpStep: number | null = null;
  if (person.totpEnabled && person.totpSecret) {
    if (!input.totpCode) {
      // The password was right: this was no guess, so the attempt is given back.
      await ctx.db
        .update(people)
        .set({ failedAttempts: sql`greatest(${people.failedAttempts} - 1, 0)` })
        .where(and(eq(people.id, person.id), isNull(people.lockedUntil)));
      await audit('failure', { reason: 'totp_required' }, person.id);
      throw appError('auth/totp_required');
    }
    totpStep = matchTotpStep(person.totpSecret, input.totpCode.trim(), ctx.now);
    if (totpStep === null || (person.totpLastStep !== null && totpStep <= person.totpLastStep)) {
      await fail(totpStep === null ? 'bad_totp' : 'totp_replay');
      throw appError('auth/totp_invalid');
    }
  }
  return ctx.db.transaction(async (tx) => {
    await tx
      .update(people)
      .set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: ctx.now, ...(totpStep !== null ? { totpLastStep: totpStep } : {}) })
      .where(eq(people.id, person.id));
    const token = await createSession(tx, {
      personId: person.id,
      now: ctx.now,
      config: ctx.config,
      secondFactor: totpStep !== null,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await writeAudit(tx, { event: 'auth.sign_in', outcome: 'success', actorId: person.id, actorLogin: login, ip: ctx.ip, at: ctx.now, details: { secondFactor: totpStep !== null } });
    return { token, mustChangePassword: person.mustChangePassword };
  });
}

export async function signOut(ctx: AuthedCtx): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await revokeSession(tx, ctx.auth.sessionHash, ctx.now);
    await writeAudit(tx, { event: 'auth.sign_out', outcome: 'success', actorId: ctx.auth.personId, actorLogin: ctx.auth.login, ip: ctx.ip, at: ctx.now });
  });
}

export async function changePassword(ctx: AuthedCtx, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const [person] = await ctx.db.select().from(people).where(eq(people.id, ctx.auth.personId));
  if (!person) throw appError('auth/unauthenticated');
  if (!(await verifyPassword(person.passwordHash, input.currentPassword))) {
    await writeAudit(ctx.db, { event: 'auth.password_change', outcome: 'failure', actorId: person.id, actorLogin: person.login, ip: ctx.ip, at: ctx.now, details: { reason: 'wrong_password' } });
    throw appError('auth/wrong_password');
  }
  checkPasswordPolicy(input.newPassword, person.login);
  if (input.newPassword === input.currentPassword) throw appError('auth/password_reused');
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(people).set({ passwordHash, mustChangePassword: false, passwordChangedAt: ctx.now, updatedAt: ctx.now }).where(eq(people.id, person.id));
    await revokeSessionsOf(tx, person.id, ctx.now, ctx.auth.sessionHash);
    await writeAudit(tx, { event: 'auth.password_change', outcome: 'success', actorId: person.id, actorLogin: person.login, ip: ctx.ip, at: ctx.now });
  });
}

export async function beginTotpSetup(ctx: AuthedCtx): Promise<{ secret: string; uri: string }> {
  const [person] = await ctx.db.select({ totpEnabled: people.totpEnabled }).from(people).where(eq(people.id, ctx.auth.personId));
  // A second factor that is on is only turned off with a valid code (disableTotp), never by a new setup.
  if (person?.totpEnabled) throw appError('auth/totp_already_enabled');
  const secret = newTotpSecret();
  await ctx.db.transaction(async (tx) => {
    // A new secret is only stored as pending; it takes effect once a code from it is confirmed.
    await tx.update(people).set({ totpSecret: secret, totpEnabled: false, updatedAt: ctx.now }).where(eq(people.id, ctx.auth.personId));
    await writeAudit(tx, { event: 'auth.totp_setup', outcome: 'success', actorId: ctx.auth.personId, actorLogin: ctx.auth.login, ip: ctx.ip, at: ctx.now });
  });
  return { secret, uri: totpUri(secret, ctx.auth.login) };
}

export async function enableTotp(ctx: AuthedCtx, input: { code: string }): Promise<void> {
  const [person] = await ctx.db.select().from(people).where(eq(people.id, ctx.auth.personId));
  if (!person?.totpSecret) throw appError('auth/totp_invalid');
  const step = matchTotpStep(person.totpSecret, input.code.trim(), ctx.now);
  if (step === null || (person.totpLastStep !== null && step <= person.totpLastStep)) {
    await writeAudit(ctx.db, { event: 'auth.totp_enable', outcome: 'failure', actorId: person.id, actorLogin: person.login, ip: ctx.ip, at: ctx.now });
    throw appError('auth/totp_invalid');
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(people).set({ totpEnabled: true, totpLastStep: step, updatedAt: ctx.now }).where(eq(people.id, person.id));
    await tx.update(sessions).set({ secondFactor: true }).where(eq(sessions.tokenHash, ctx.auth.sessionHash));
    await writeAudit(tx, { event: 'auth.totp_enable', outcome: 'success', actorId: person.id, actorLogin: person.login, ip: ctx.ip, at: ctx.now });
  });
}

export async function disableTotp(ctx: AuthedCtx, input: { code: string }): Promise<void> {
  const [person] = await ctx.db.select().from(people).where(eq(people.id, ctx.auth.personId));
  if (!person?.totpSecret || !person.totpEnabled) return;
  if (ctx.config.requireAdminTotp && ctx.auth.grants.some((g) => PRIVILEGED_ROLES.includes(g.role))) throw appError('auth/totp_setup_required');
  const step = matchTotpStep(person.totpSecret, input.code.trim(), ctx.now);
  if (step === null || (person.totpLastStep !== null && step <= person.totpLastStep)) throw appError('auth/totp_invalid');
  await ctx.db.transaction(async (tx) => {
    await tx.update(people).set({ totpEnabled: false, totpSecret: null, totpLastStep: step, updatedAt: ctx.now }).where(eq(people.id, person.id));
    await writeAudit(tx, { event: 'auth.totp_disable', outcome: 'success', actorId: person.id, actorLogin: person.login, ip: ctx.ip, at: ctx.now });
  });
}

/** The signed-in person as the web app needs it: name, unit, roles with their units, permissions. */
export async function getMe(ctx: Ctx) {
  if (!ctx.auth) return null;
  const [person] = await ctx.db
    .select({ id: people.id, login: people.login, name: people.name, unitId: people.unitId, unitName: units.name, locale: people.locale, totpEnabled: people.totpEnabled })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(eq(people.id, ctx.auth.personId));
  if (!person) return null;
  const grants = await loadGrants(ctx.db, person.id);
  const unitNames = grants.length
    ? await ctx.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, grants.map((g) => g.unitId)))
    : [];
  return {
    ...person,
    roles: grants.map((g) => ({ role: g.role, unitId: g.unitId, unitName: unitNames.find((u) => u.id === g.unitId)?.name ?? '' })),
    permissions: permissionsOf(grants),
    restricted: ctx.auth.restricted,
    secondFactor: ctx.auth.secondFactor,
  };
}

export async function setMyLocale(ctx: AuthedCtx, locale: 'zh-CN' | 'en') {
  await ctx.db.update(people).set({ locale }).where(eq(people.id, ctx.auth.personId));
}


