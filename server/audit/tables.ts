import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    /**
     * How `hash` was made: 1 = plain SHA-256 (rows chained before migration 0008), 2 = HMAC-SHA-256
     * with the audit key kept outside the database (server/audit/key.ts). Set when the row is chained.
     */
    chainVersion: smallint('chain_version'),
  },
  (t) => [
    uniqueIndex('audit_seq_uq').on(t.seq),
    index('audit_pending_idx').on(t.id).where(sql`${t.seq} is null`),
    index('audit_at_idx').on(t.at),
    index('audit_actor_idx').on(t.actorId),
    // The auditor's list sorts by these columns with the id after them (server/http/list.ts): each
    // (column, id) index turns a sort of the whole log into a walk of one index (100,000 rows on
    // PostgreSQL 15: 300–470 ms → 3–8 ms per page; bench notes in the commit). `at` is served by
    // audit_at_idx with an incremental sort on the id.
    index('audit_event_id_idx').on(t.event, t.id),
    index('audit_actor_login_idx').on(t.actorLogin, t.id),
    index('audit_outcome_idx').on(t.outcome, t.id),
    index('audit_ip_idx').on(t.ip, t.id),
  ],
);

/** Written by the retention purge: where the chain now starts and the hash it continues from. */
export const auditAnchor = pgTable('audit_anchor', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  prevHash: text('prev_hash').notNull(),
  purgedAt: ts('purged_at').notNull(),
  /** HMAC of (seq, prev_hash, purged_at) with the audit key; null on anchors written before 0008. */
  mac: text('mac'),
});

/**
 * Refusals counted per source (IP + person, or IP alone when anonymous) and minute. The first
 * refusal of a source in a minute is written to the log at once, in full; the others only raise
 * `count` here (one upsert, atomic across processes). When the minute is over the chainer turns a
 * row whose count is above 1 into one `access.denied_repeated` log row and deletes it.
 */
export const auditRefusals = pgTable(
  'audit_refusals',
  {
    source: text('source').notNull(),
    minute: ts('minute').notNull(),
    ip: text('ip'),
    actorId: uuid('actor_id'),
    actorLogin: text('actor_login'),
    firstAt: ts('first_at').notNull(),
    lastAt: ts('last_at').notNull(),
    count: integer('count').notNull(),
    /** The first refusal's details (method, route, reason). */
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.minute] }), index('audit_refusals_minute_idx').on(t.minute)],
);
