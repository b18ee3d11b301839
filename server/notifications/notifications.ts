import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { AuthedCtx } from '../http/context';
import { notifications } from './tables';

/** What a notification is about, so the web app can link to it (e.g. `{ type: 'submission', id }`). */
export type Subject = { type: string; id: string };

export type NotifyInput = {
  /** Recipients; duplicates are dropped. Resolve "a unit's role holders" with org's findRoleHolders. */
  personIds: readonly string[];
  /** Stable event key, e.g. `review.returned`; the web app words it in the reader's language. */
  type: string;
  subject?: Subject | null;
  data?: Record<string, unknown>;
  at: Date;
};

/**
 * A delivery channel. In-app is written in the caller's transaction (so a notice exists exactly
 * when the change it reports does); e-mail, WeCom or DingTalk channels plug in here later and
 * should deliver from a job after commit, never inside the transaction.
 */
export type Channel = { name: string; deliver(tx: Tx, input: NotifyInput & { personIds: string[] }): Promise<void> };

const inApp: Channel = {
  name: 'in_app',
  async deliver(tx, input) {
    await tx.insert(notifications).values(
      input.personIds.map((personId) => ({
        personId,
        type: input.type,
        subjectType: input.subject?.type ?? null,
        subjectId: input.subject?.id ?? null,
        data: input.data ?? {},
        createdAt: input.at,
      })),
    );
  },
};

const channels: Channel[] = [inApp];

/** Notifies people of something, on every channel, inside the caller's transaction. */
export async function notify(tx: Tx, input: NotifyInput): Promise<void> {
  const personIds = [...new Set(input.personIds)];
  if (!personIds.length) return;
  for (const c of channels) await c.deliver(tx, { ...input, personIds });
}

export async function findMyNotifications(ctx: AuthedCtx, f: { unreadOnly: boolean }) {
  const mine = eq(notifications.personId, ctx.auth.personId);
  const rows = await ctx.db
    .select({
      id: notifications.id,
      type: notifications.type,
      subjectType: notifications.subjectType,
      subjectId: notifications.subjectId,
      data: notifications.data,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(and(mine, f.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(sql`${notifications.createdAt} desc`)
    .limit(100);
  const [{ unread } = { unread: 0 }] = await ctx.db
    .select({ unread: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(mine, isNull(notifications.readAt)));
  const items = rows.map(({ subjectType, subjectId, ...n }) => ({ ...n, subject: subjectType && subjectId ? { type: subjectType, id: subjectId } : null }));
  return { items, unread: Number(unread) };
}

export async function markNotificationsRead(ctx: AuthedCtx, ids: string[] | 'all') {
  if (ids !== 'all' && !ids.length) return;
  await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now })
    .where(and(eq(notifications.personId, ctx.auth.personId), isNull(notifications.readAt), ids === 'all' ? undefined : inArray(notifications.id, ids)));
}

/** Marks the caller's unread notifications about one thing read (they opened it). One statement. */
export async function markReadAbout(ctx: AuthedCtx, subject: Subject) {
  await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now })
    .where(and(eq(notifications.personId, ctx.auth.personId), isNull(notifications.readAt), eq(notifications.subjectType, subject.type), eq(notifications.subjectId, subject.id)));
}

/** How many notifications the caller has not read (the menu's badge). */
export async function countUnread(ctx: AuthedCtx): Promise<number> {
  const [r] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.personId, ctx.auth.personId), isNull(notifications.readAt)));
  return Number(r?.n ?? 0);
}
