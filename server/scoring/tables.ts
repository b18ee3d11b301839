import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { evidenceFileColumns } from '../files/evidence-columns';
import { createdAt, id, ts, updatedAt } from '../db/columns';
import { people, units } from '../org/tables';
import type { Rubric } from './engine/rubric';
import type { TextProblem } from './engine/rubric-text';
import type { LedgerKind, LedgerStatus } from './ledger-kinds';

/**
 * A rubric (考核细则) of an organisation. `unit_id` is the unit it is kept on (the organisation's root
 * by default): its editors, leaders and administrators edit and adopt it, and it ranks the units
 * below that unit. `current_version_id` is the adopted version in force (null until the first adoption).
 */
export const scoringRubrics = pgTable(
  'scoring_rubrics',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => units.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    /** The template it was made from: 'A' (seed 001), 'B' (seed 003), or null (blank). */
    template: text('template').$type<'A' | 'B'>(),
    currentVersionId: uuid('current_version_id'),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('scoring_rubrics_org_idx').on(t.orgId)],
);

/**
 * The versions of a rubric: numbered 1..n; adopted ones carry `adopted_at` and never change. The one
 * row with `adopted_at` null is the draft being edited: its YAML is kept as typed even when invalid
 * (`body` null then, `problems` saying why); adoption turns a valid draft into the next version.
 */
export const scoringRubricVersions = pgTable(
  'scoring_rubric_versions',
  {
    id: id(),
    rubricId: uuid('rubric_id')
      .notNull()
      .references(() => scoringRubrics.id),
    number: integer('number').notNull(),
    yaml: text('yaml').notNull(),
    body: jsonb('body').$type<Rubric>(),
    problems: jsonb('problems').$type<TextProblem[]>().notNull().default([]),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    adoptedAt: ts('adopted_at'),
    adoptedBy: uuid('adopted_by').references(() => people.id),
  },
  (t) => [
    uniqueIndex('scoring_rubric_versions_number_uq').on(t.rubricId, t.number),
    uniqueIndex('scoring_rubric_versions_draft_uq').on(t.rubricId).where(sql`${t.adoptedAt} is null`),
  ],
);

/**
 * Ledger entries: the events rubrics count that no screen records (a repost/vote task not done in a
 * month, a monthly nomination missed, a violation with or without negative coverage, an emergency task
 * done well, an award to a person or to a work outside the system), entered by editors with evidence.
 * `month` (YYYY-MM) is the month a task outcome belongs to. `external_code` makes imports idempotent.
 */
export const scoringLedgerEntries = pgTable(
  'scoring_ledger_entries',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => units.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    personId: uuid('person_id').references(() => people.id),
    kind: text('kind').$type<LedgerKind>().notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    month: text('month'),
    attrs: jsonb('attrs').$type<Record<string, string | number | boolean>>().notNull().default({}),
    note: text('note'),
    evidenceUrl: text('evidence_url'),
    externalCode: text('external_code'),
    status: text('status').$type<LedgerStatus>().notNull().default('active'),
    withdrawReason: text('withdraw_reason'),
    withdrawnBy: uuid('withdrawn_by').references(() => people.id),
    withdrawnAt: ts('withdrawn_at'),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    rev: integer('rev').notNull().default(0),
  },
  (t) => [
    uniqueIndex('scoring_ledger_external_code_uq').on(t.orgId, t.externalCode).where(sql`${t.externalCode} is not null`),
    index('scoring_ledger_org_date_idx').on(t.orgId, t.occurredOn),
    index('scoring_ledger_unit_idx').on(t.unitId),
  ],
);

/** Every correction of a ledger entry: the reason, who, when, and the values before. */
export const scoringLedgerRevisions = pgTable(
  'scoring_ledger_revisions',
  {
    id: id(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => scoringLedgerEntries.id),
    action: text('action').$type<'correct' | 'withdraw'>().notNull(),
    reason: text('reason').notNull(),
    previous: jsonb('previous').$type<Record<string, unknown>>().notNull(),
    byId: uuid('by_id').references(() => people.id),
    at: ts('at').notNull(),
  },
  (t) => [index('scoring_ledger_revisions_entry_idx').on(t.entryId, t.at)],
);

/**
 * Evidence files of ledger entries, in the file store by content hash. Uploaded first (`entry_id` null:
 * seen only by its uploader), then claimed by the entry that cites it.
 */
export const scoringLedgerEvidence = pgTable(
  'scoring_ledger_evidence',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => units.id),
    entryId: uuid('entry_id').references(() => scoringLedgerEntries.id),
    ...evidenceFileColumns(() => people.id),
  },
  (t) => [index('scoring_ledger_evidence_entry_idx').on(t.entryId)],
);
