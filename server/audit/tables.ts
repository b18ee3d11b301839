import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../db/columns';

/**
 * Append-only audit log. A row is appended without any lock (`seq`, `prev_hash`, `hash` null); the
 * chainer (audit.ts chainAudit) then gives each row its place in the chain in order, under an
 * advisory lock only it takes: `seq` gap-free from 1 (or a purge anchor), every row carrying the hash
 * of the previous one, so editing or deleting any chained row breaks the chain (`xuanbao audit verify`).
 * `id` is a time-ordered UUID made by the application: the order in which pending rows are chained.
 * A database trigger refuses UPDATE (except the one-time chaining of a pending row), TRUNCATE and
 * DELETE (except the retention purge and a restore).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    actorLogin: text('actor_login'),
    event: text('event').notNull(),
    outcome: text('outcome').$type<'success' | 'failure' | 'denied'>().notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_seq_uq').on(t.seq),
    index('audit_pending_idx').on(t.id).where(sql`${t.seq} is null`),
    index('audit_at_idx').on(t.at),
    index('audit_actor_idx').on(t.actorId),
    index('audit_event_idx').on(t.event),
  ],
);

/** Written by the retention purge: where the chain now starts and the hash it continues from. */
export const auditAnchor = pgTable('audit_anchor', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  prevHash: text('prev_hash').notNull(),
  purgedAt: ts('purged_at').notNull(),
});
