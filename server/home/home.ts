/**
 * The home page's summary: what needs the caller now, per role they hold. Every count and list here
 * is scoped exactly as the page it leads to, by reusing that page's where-clause (the submission
 * lists, the review queue, the people list, the audit log's scope); nothing re-implements access.
 * A handful of indexed statements; `badges` asks only for the menu's counts.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { findAuditEntries } from '../audit/audit';
import { callerScope } from '../audit/routes';
import { can, type AuthedCtx } from '../http/context';
import { countJobsByState } from '../jobs/queue';
import { countUnread } from '../notifications/notifications';
import { findPeople } from '../org/people';
import { units } from '../org/tables';
import { reviewQueueWhere } from '../submissions/review';
import { submissionListWhere } from '../submissions/submissions';
import { submissions } from '../submissions/tables';

/** My items that need me or that I wait on: drafts, returned, and those in review. */
const MINE_OPEN = ['draft', 'returned', 'unit_approval', 'in_review', 'sensitive_approval'] as const;
const IN_REVIEW = ['unit_approval', 'in_review', 'sensitive_approval'] as const;
/** How far back the auditor's "recent refusals" look. */
export const REFUSALS_DAYS = 7;
const LIST = 8;

const itemColumns = {
  id: submissions.id,
  serial: submissions.serial,
  title: submissions.title,
  kind: submissions.kind,
  status: submissions.status,
  unitId: submissions.unitId,
  unitName: units.name,
  stepName: submissions.heldStepName,
  heldSince: submissions.heldSince,
  updatedAt: submissions.updatedAt,
};

export async function homeSummary(ctx: AuthedCtx, o: { badges: boolean }) {
  const reviews = can(ctx, 'submission.read') && (can(ctx, 'review.decide') || can(ctx, 'submission.approve_unit'));
  const [mine, queue, sensitive, accounts, system, refusals, unread] = await Promise.all([
    can(ctx, 'submission.create') ? mySubmissions(ctx, o) : null,
    reviews ? myQueue(ctx, o) : null,
    !o.badges && can(ctx, 'review.approve_sensitive') ? sensitiveItems(ctx) : null,
    !o.badges && can(ctx, 'person.manage') ? lockedAccounts(ctx) : null,
    !o.badges && can(ctx, 'system.jobs') ? systemHealth(ctx) : null,
    !o.badges && can(ctx, 'audit.read') ? recentRefusals(ctx) : null,
    countUnread(ctx),
  ]);
  return { mine, queue, sensitive, accounts, system, refusals, unread };
}

/** The correspondent's own items by status (the list "my submissions"), and the latest of them. */
async function mySubmissions(ctx: AuthedCtx, o: { badges: boolean }) {
  const where = and(submissionListWhere(ctx, { scope: 'mine' }), inArray(submissions.status, [...MINE_OPEN]));
  const [counts, items] = await Promise.all([
    ctx.db
      .select({ status: submissions.status, n: sql<number>`count(*)::int` })
      .from(submissions)
      .innerJoin(units, eq(units.id, submissions.unitId))
      .where(where)
      .groupBy(submissions.status),
    o.badges
      ? []
      : ctx.db.select(itemColumns).from(submissions).innerJoin(units, eq(units.id, submissions.unitId)).where(where).orderBy(desc(submissions.updatedAt), desc(submissions.id)).limit(3 * LIST),
  ]);
  const n = (statuses: readonly string[]) => counts.filter((c) => statuses.includes(c.status)).reduce((a, c) => a + Number(c.n), 0);
  const pick = (statuses: readonly string[]) => items.filter((i) => statuses.includes(i.status)).slice(0, LIST);
  return {
    drafts: n(['draft']),
    returned: n(['returned']),
    inReview: n(IN_REVIEW),
    items: { drafts: pick(['draft']), returned: pick(['returned']), inReview: pick(IN_REVIEW) },
  };
}

/** What waits for the caller's decision (the review queue), by step, with the oldest waiting. */
async function myQueue(ctx: AuthedCtx, o: { badges: boolean }) {
  const where = reviewQueueWhere(ctx);
  const [byStep, oldest] = await Promise.all([
    ctx.db
      .select({ step: submissions.heldStep, stepName: submissions.heldStepName, n: sql<number>`count(*)::int`, oldestSince: sql<string | null>`min(${submissions.heldSince})` })
      .from(submissions)
      .innerJoin(units, eq(units.id, submissions.unitId))
      .where(where)
      .groupBy(submissions.heldStep, submissions.heldStepName)
      .orderBy(sql`min(${submissions.heldSince})`),
    o.badges ? [] : ctx.db.select(itemColumns).from(submissions).innerJoin(units, eq(units.id, submissions.unitId)).where(where).orderBy(asc(submissions.heldSince), asc(submissions.id)).limit(5),
  ]);
  const stages = byStep.map((s) => ({ step: s.step ?? '', stepName: s.stepName ?? '', count: Number(s.n), oldestSince: s.oldestSince ? new Date(s.oldestSince) : null }));
  return { total: stages.reduce((a, s) => a + s.count, 0), stages, oldest };
}

/** Items marked sensitive that are still in review, in the leader's scope (the list "all submissions"). */
async function sensitiveItems(ctx: AuthedCtx) {
  const rows = await ctx.db
    .select({ ...itemColumns, total: sql<number>`count(*) over ()` })
    .from(submissions)
    .innerJoin(units, eq(units.id, submissions.unitId))
    .where(and(submissionListWhere(ctx, { scope: 'all' }), eq(submissions.sensitive, true), inArray(submissions.status, [...IN_REVIEW])))
    .orderBy(asc(submissions.heldSince), asc(submissions.id))
    .limit(LIST);
  return { total: Number(rows[0]?.total ?? 0), items: rows.map(({ total: _t, ...r }) => r) };
}

/** Locked accounts the administrator may unlock (the people list, filtered to locked). */
async function lockedAccounts(ctx: AuthedCtx) {
  const r = await findPeople(ctx, { locked: true, page: 1, pageSize: 5 });
  return { total: r.total, items: r.items.map((p) => ({ id: p.id, name: p.name, login: p.login, unitName: p.unitName })) };
}

/** The deployment's health as the jobs page and /api/health see it. */
async function systemHealth(ctx: AuthedCtx) {
  const [states, database] = await Promise.all([
    countJobsByState(ctx.db),
    ctx.database.ping().then(
      () => 'ok' as const,
      () => 'down' as const,
    ),
  ]);
  return { database, databaseKind: ctx.database.kind, jobs: { queued: states.queued ?? 0, running: states.running ?? 0, failed: states.failed ?? 0, dead: states.dead ?? 0 } };
}

/** Refused requests of the last days in the auditor's scope (the audit log, filtered). */
async function recentRefusals(ctx: AuthedCtx) {
  const from = new Date(ctx.now.getTime() - REFUSALS_DAYS * 86_400_000);
  const r = await findAuditEntries(ctx.db, { event: 'access', outcome: 'denied', from, scope: callerScope(ctx), page: 1, pageSize: 5, now: ctx.now });
  return {
    days: REFUSALS_DAYS,
    total: r.total,
    items: r.items.map((e) => {
      const d = (e.details ?? {}) as { route?: string; method?: string; reason?: string; count?: number };
      return { id: e.id, at: e.at, actorLogin: e.actorLogin, route: d.route ?? null, method: d.method ?? null, reason: d.reason ?? null, count: d.count ?? 1 };
    }),
  };
}
