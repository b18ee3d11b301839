import type { FastifyInstance } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Db, Tx } from '../../db/client';
import { people, roleAssignments, units } from '../tables';
import { PRIVILEGED_ROLES, type Grant, type Role } from '../../access/roles';
import type { Auth } from '../../http/context';
import { sessions } from './tables';

export { SESSION_COOKIE } from '../../http/context';
import { SESSION_COOKIE } from '../../http/context';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(
  tx: Tx,
  opts: { personId: string; now: Date; config: Config; secondFactor: boolean; ip: string | null; userAgent: string | null },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.insert(sessions).values({
    tokenHash: hashToken(token),
    personId: opts.personId,
    createdAt: opts.now,
    lastSeenAt: opts.now,
    expiresAt: new Date(opts.now.getTime() + opts.config.sessionAbsoluteMs),
    secondFactor: opts.secondFactor,
    ip: opts.ip,
    userAgent: opts.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

export async function revokeSession(tx: Tx, tokenHash: string, now: Date) {
  await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
}

/** Ends every open session of a person (sign-out everywhere, deactivation, password reset). */
export async function revokeSessionsOf(tx: Tx, personId: string, now: Date, exceptHash?: string) {
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.personId, personId), isNull(sessions.revokedAt), exceptHash ? ne(sessions.tokenHash, exceptHash) : undefined));
}

export async function loadGrants(db: Tx, personId: string): Promise<Grant[]> {
  const rows = await db
    .select({ role: roleAssignments.role, unitId: roleAssignments.unitId, unitPath: units.path })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(eq(roleAssignments.personId, personId));
  return rows.map((r) => ({ role: r.role as Role, unitId: r.unitId, unitPath: r.unitPath }));
}

/**
 * The session, its person, the person's unit and grants in one round trip, prepared once per
 * database (every API request runs it: built once, and on PostgreSQL parsed and planned once per
 * connection as a named statement).
 */
function buildSessionLookup(db: Db) {
  const grantsSql = sql<Grant[]>`coalesce((select json_agg(json_build_object('role', ra.role, 'unitId', ra.unit_id, 'unitPath', gu.path))
    from ${roleAssignments} ra join ${units} gu on gu.id = ra.unit_id where ra.person_id = ${people.id}), '[]'::json)`;
  return db
    .select({ s: sessions, p: people, unitPath: units.path, grants: grantsSql })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .innerJoin(units, eq(units.id, people.unitId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare('xb_session_lookup');
}
const sessionLookups = new WeakMap<Db, ReturnType<typeof buildSessionLookup>>();
function sessionLookup(db: Db) {
  let q = sessionLookups.get(db);
  if (!q) sessionLookups.set(db, (q = buildSessionLookup(db)));
  return q;
}

export type SessionLookup = { auth: Auth } | { auth: null; expired: boolean };

/** Resolves a session token: idle and absolute timeouts, revocation and deactivation are enforced here. */
export async function resolveSession(db: Db, token: string, now: Date, config: Config): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const [row] = await sessionLookup(db).execute({ tokenHash });
  if (!row) return { auth: null, expired: false };
  const { s, p } = row;
  const t = now.getTime();
  const dead = s.revokedAt !== null || !p.active || t >= s.expiresAt.getTime() || t - s.lastSeenAt.getTime() >= config.sessionIdleMs;
  if (dead) {
    if (s.revokedAt === null) await revokeSession(db, tokenHash, now);
    return { auth: null, expired: true };
  }
  if (t - s.lastSeenAt.getTime() > 15_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  const grants = row.grants;
  const rotationDue =
    config.passwordRotationDays > 0 && t - p.passwordChangedAt.getTime() > config.passwordRotationDays * 86_400_000;
  const privileged = grants.some((g) => PRIVILEGED_ROLES.includes(g.role));
  const restricted =
    p.mustChangePassword || rotationDue
      ? 'password_change'
      : config.requireAdminTotp && privileged && !(p.totpEnabled && s.secondFactor)
        ? 'totp_setup'
        : null;
  return {
    auth: {
      personId: p.id,
      login: p.login,
      name: p.name,
      unitId: p.unitId,
      unitPath: row.unitPath,
      grants,
      sessionHash: tokenHash,
      secondFactor: s.secondFactor,
      restricted,
    },
  };
}

/** Resolves the session cookie of every API request into `ctx.auth` (after the HTTP layer built ctx). */
export function installSessions(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    const ctx = req.xbCtx;
    if (!ctx) return;
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await resolveSession(ctx.db, token, ctx.now, ctx.config);
    if (found.auth) ctx.auth = found.auth;
    else req.xbSessionExpired = found.expired;
  });
}
