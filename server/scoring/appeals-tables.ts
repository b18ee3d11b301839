import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from '../db/columns';
import { people, units } from '../org/tables';
import { scoringRubrics } from './tables';

export type AppealSource = 'record' | 'ledger';
export type AppealStatus = 'pending' | 'accepted' | 'rejected';
/** What accepting did to the contested entry. */
export type AppealAction = 'withdraw' | 'correct';

/**
 * Appeals (申诉): a unit contests one entry of its explanation — a record of use or a ledger entry —
 * under a rubric and period, with a reason and evidence. The office keeping the rubric accepts (the
 * entry is withdrawn or corrected through its own use case, with the appeal as the reason, so scores
 * recompute) or rejects with a reason. One open appeal per entry at a time.
 */
export const scoringAppeals = pgTable(
  'scoring_appeals',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => units.id),
    rubricId: uuid('rubric_id')
      .notNull()
      .references(() => scoringRubrics.id),
    /** The period key the explanation was read for (2024-Q1 …). */
    period: text('period').notNull(),
    /** The unit contesting: the unit the entry credits or charges. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    source: text('source').$type<AppealSource>().notNull(),
    /** The record of use's id or the ledger entry's id (the explanation entry's sourceId). */
    sourceId: uuid('source_id').notNull(),
    reason: text('reason').notNull(),
    /** A link or a description of the evidence. */
    evidence: text('evidence').notNull(),
    status: text('status').$type<AppealStatus>().notNull().default('pending'),
    filedBy: uuid('filed_by')
      .notNull()
      .references(() => people.id),
    filedAt: ts('filed_at').notNull(),
    action: text('action').$type<AppealAction>(),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by').references(() => people.id),
    decidedAt: ts('decided_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('scoring_appeals_rubric_idx').on(t.rubricId, t.status),
    index('scoring_appeals_source_idx').on(t.sourceId),
    uniqueIndex('scoring_appeals_open_uq').on(t.sourceId).where(sql`${t.status} = 'pending'`),
  ],
);
