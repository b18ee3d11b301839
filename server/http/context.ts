import type { Config } from '../config';
import type { Clock } from '../clock';
import type { Database, Db } from '../db/client';
import type { Locale } from '../errors';
import { appError } from '../errors';
import { hasPermission, type Grant, type Permission } from '../access/roles';

/** The signed-in caller, resolved from the session once per request. */
export type Auth = {
  personId: string;
  login: string;
  name: string;
  unitId: string;
  unitPath: string;
  grants: Grant[];
  sessionHash: string;
  secondFactor: boolean;
  /** Set when the session may only do one thing first (change the initial password, set up TOTP). */
  restricted: null | 'password_change' | 'totp_setup';
};

/** What every service function receives: the database, who is asking, when, and from where. */
export type Ctx = {
  db: Db;
  database: Database;
  config: Config;
  now: Date;
  clock: Clock;
  auth: Auth | null;
  ip: string | null;
  userAgent: string | null;
  locale: Locale;
};

/** A Ctx whose caller is known. */
export type AuthedCtx = Ctx & { auth: Auth };

/**
 * The one access check at the top of a service function: the caller must hold `permission` on the
 * unit at `unitPath` (its subtree) — or anywhere, when no unit is involved. Throws 403 otherwise.
 */
export function requireAccess(ctx: Ctx, permission: Permission, unitPath?: string): asserts ctx is AuthedCtx {
  if (!ctx.auth) throw appError('auth/unauthenticated');
  if (!hasPermission(ctx.auth.grants, permission, unitPath)) throw appError('auth/forbidden', { permission });
}

export function can(ctx: Ctx, permission: Permission, unitPath?: string): boolean {
  return !!ctx.auth && hasPermission(ctx.auth.grants, permission, unitPath);
}
