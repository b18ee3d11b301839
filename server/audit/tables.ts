import { bigint, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../db/columns';

/**
 * Append-only audit log. `seq` is gap-free and assigned under a lock; every row carries the hash of
 * the previous row, so editing or deleting any row breaks the chain (`xuanbao audit verify`).
 * A database trigger refuses UPDATE, TRUNCATE and DELETE (except the retention purge).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    actorLogin: text('actor_login'),
    event: text('event').notNull(),
    outcome: text('outcome').$type<'success' | 'failure' | 'denied'>().notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_actor_idx').on(t.actorId), index('audit_event_idx').on(t.event)],
);

/** Written by the retention purge: where the chain now starts and the hash it continues from. */
export const auditAnchor = pgTable('audit_anchor', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  prevHash: text('prev_hash').notNull(),
  purgedAt: ts('purged_at').notNull(),
});
