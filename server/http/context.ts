import type { Config } from '../config';
import { systemClock, type Clock } from '../clock';
import type { Database, Db } from '../db/client';
import type { Locale } from '../errors';
import { appError, hiddenRefusal } from '../errors';
import { hasPermission, ROLES, type Grant, type Permission } from '../access/roles';

/** The session cookie's name (set by sign-in, read on every request, named in the API document). */
export const SESSION_COOKIE = 'xb_session';

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
  /** Set only for the system caller (a job, an operator's command): how it acts, named in its audit rows. */
  system?: SystemActor;
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
  if (!hasPermission(ctx.auth.grants, permission, unitPath)) throw appError('auth/forbidden', forbiddenParams(permission, unitPath));
}

/** What a refusal names (the error handler turns it into "需要『通讯员』角色（嘎鲁图派出所）"): the permission and the unit. */
export const forbiddenParams = (permission: Permission, unitPath?: string): Record<string, string> => ({ permission, ...(unitPath ? { unitPath } : {}) });

/**
 * The access check on a record the caller names by id (a person, a unit): without `permission` on
 * its unit, a caller who cannot even see it (`seen`) is answered 404 common/not_found, exactly as if it
 * did not exist (as submissions do), and a caller who sees it but may not act is answered 403.
 */
export function requireAccessOrHide(ctx: Ctx, permission: Permission, unitPath: string, seen: Permission): asserts ctx is AuthedCtx {
  if (!ctx.auth) throw appError('auth/unauthenticated');
  if (hasPermission(ctx.auth.grants, permission, unitPath)) return;
  if (hasPermission(ctx.auth.grants, seen, unitPath)) throw appError('auth/forbidden', forbiddenParams(permission, unitPath));
  throw hiddenRefusal({ permission });
}

/** True for an operator's command on the server's machine (not the web app, not a job). */
export function isOperator(ctx: Ctx): boolean {
  return ctx.auth?.system?.via === 'cli';
}

export function can(ctx: Ctx, permission: Permission, unitPath?: string): boolean {
  return !!ctx.auth && hasPermission(ctx.auth.grants, permission, unitPath);
}

/**
 * Who acts when no person does: a background job, an operator's command on the server's machine,
 * or the server itself at start. Audit rows written with a system context carry actorLogin 'system'
 * ('cli:<operating-system user>' for commands) and these fields in their details.
 */
export type SystemActor =
  | { via: 'job'; job: string; jobId: string }
  | { via: 'cli'; command: string; operator: string }
  | { via: 'server'; task: string };

/** The id in the system caller's `auth.personId` and `unitId`; no person or unit has it, audit rows store null. */
export const SYSTEM_ID = '00000000-0000-0000-0000-000000000000';

/**
 * A context for jobs and CLI commands, so they call the same use cases as the API. The system
 * caller holds every role above every organisation (unit path '/'), which only it can: whoever runs
 * jobs or commands on the server already holds the database.
 */
export function systemCtx(o: { database: Database; config: Config; actor: SystemActor; clock?: Clock; locale?: Locale }): AuthedCtx {
  const clock = o.clock ?? systemClock;
  return {
    db: o.database.db,
    database: o.database,
    config: o.config,
    now: clock(),
    clock,
    auth: {
      personId: SYSTEM_ID,
      login: o.actor.via === 'cli' ? `cli:${o.actor.operator}` : 'system',
      name: '系统 / system',
      unitId: SYSTEM_ID,
      unitPath: '/',
      grants: ROLES.map((role) => ({ role, unitId: SYSTEM_ID, unitPath: '/' })),
      sessionHash: '',
      secondFactor: true,
      restricted: null,
      system: o.actor,
    },
    ip: null,
    userAgent: null,
    locale: o.locale ?? 'zh-CN',
  };
}
