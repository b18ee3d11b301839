import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from '../db/columns';
import { people, units } from '../org/tables';
import { tsvector } from '../search/vector';
import type { Sensitivity, SubmissionKind } from './kinds';
import type { ReviewEvent, ReviewStatus } from './stages';

/**
 * A case (案件) that several submissions may be about. Its protected-names list (informants, their
 * relatives, staff) feeds the personal-data check; it is never shown in lists.
 */
export const cases = pgTable('cases', {
  id: id(),
  unitId: uuid('unit_id')
    .notNull()
    .references(() => units.id),
  title: text('title').notNull(),
  protectedNames: text('protected_names').array().notNull().default(sql`'{}'::text[]`),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => people.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * A submission (报送): one piece of work from a unit, with its review state. Content lives in
 * versions; the columns here are the current state and what lists need. `chain` is the review chain
 * snapshot taken at submission; `approvals` the passes on the current version.
 * Later capabilities key on this row: adoption records, briefing items, scoring events.
 */
export const submissions = pgTable(
  'submissions',
  {
    id: id(),
    /**
     * Human-facing number, e.g. 2026-000123: numbered per organisation (top-level unit) and year,
     * given at first submission (null while a draft: shown as 草稿). Unique within an organisation.
     */
    serial: text('serial'),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind').$type<SubmissionKind>().notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => people.id),
    title: text('title').notNull().default(''),
    status: text('status').$type<ReviewStatus>().notNull().default('draft'),
    stageIndex: integer('stage_index'),
    /** The version the review state refers to (the last submitted one; 1 while a first draft). */
    version: integer('version').notNull().default(1),
    approvals: jsonb('approvals').$type<{ step: string; by: string; version: number }[]>().notNull().default([]),
    chain: jsonb('chain').$type<Record<string, unknown>>(),
    sensitive: boolean('sensitive').notNull().default(false),
    sensitivity: text('sensitivity').$type<Sensitivity>(),
    caseId: uuid('case_id').references(() => cases.id),
    category: integer('category'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    openFindings: integer('open_findings').notNull().default(0),
    /** When the current holder received it ("held since"). */
    heldSince: ts('held_since'),
    /**
     * Who holds it now (the state machine's whoHolds, kept on the row at every transition) so the
     * review queue is one indexed query: the step, its roles (on the item's unit subtree) and people.
     */
    heldStep: text('held_step'),
    heldStepName: text('held_step_name'),
    heldRoles: text('held_roles').array().notNull().default(sql`'{}'::text[]`),
    heldPeople: uuid('held_people').array().notNull().default(sql`'{}'::uuid[]`),
    submittedAt: ts('submitted_at'),
    adoptedAt: ts('adopted_at'),
    /**
     * Set on an item a lower office forwarded here (forwarding.ts): the item it was copied from, in
     * the lower organisation. No foreign key (a row of the same table; submission_forwards has them).
     */
    forwardedFrom: uuid('forwarded_from'),
    /** The work's code in another system, for an item brought in by an interchange import (unique within an organisation, kept by the import). */
    externalCode: text('external_code'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Optimistic concurrency: every state change bumps it. */
    rev: integer('rev').notNull().default(0),
    /**
     * The archive's full-text index of the submitted content (title A, tags B, body C of the current
     * version; search/vector.ts), written in the statement that submits; null for a never-submitted
     * draft and until the start-up backfill reaches an older row.
     */
    searchVector: tsvector('search_vector'),
  },
  (t) => [
    index('submissions_serial_idx').on(t.serial),
    index('submissions_external_code_idx').on(t.externalCode),
    // Lists: newest first (updated_at desc, id desc: these indexes read backwards), by the filter that narrows most: mine, unit,
    // status, or none (the editor's "all"). These replace the single-column indexes on the same keys.
    index('submissions_creator_updated_idx').on(t.createdBy, t.updatedAt, t.id),
    index('submissions_unit_updated_idx').on(t.unitId, t.updatedAt, t.id),
    index('submissions_status_updated_idx').on(t.status, t.updatedAt, t.id),
    index('submissions_updated_idx').on(t.updatedAt, t.id),
    // Lists sorted or filtered by the day of submission (报送总览 ?sort=submittedAt, ?from/to), both directions;
    // and the archive (archive/archive.ts: one status, accepted by default, newest first, a year or none),
    // walked backwards with the status as a filter — a rare status goes by submissions_status_updated_idx.
    // (A (status, submitted_at, id) index for the archive was dropped: EXPLAIN showed this one serves it.)
    index('submissions_submitted_idx').on(t.submittedAt, t.id),
    index('submissions_search_idx').using('gin', t.searchVector),
    // The review queue: items someone holds, oldest first (review.ts findReviewQueue).
    index('submissions_queue_held_idx')
      .on(t.heldSince, t.id)
      .where(sql`${t.status} in ('unit_approval', 'in_review', 'sensitive_approval')`),
  ],
);

/**
 * Every version of a submission's content. The one with `submittedAt` null is the draft being edited
 * (the first draft, or the edit after a return); submitted versions never change.
 */
export const submissionVersions = pgTable(
  'submission_versions',
  {
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    version: integer('version').notNull(),
    title: text('title').notNull().default(''),
    body: text('body').notNull().default(''),
    /** News leads: the brief situation note 003 asks for. */
    situationNote: text('situation_note').notNull().default(''),
    authorIds: uuid('author_ids').array().notNull().default(sql`'{}'::uuid[]`),
    attachmentIds: uuid('attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    category: integer('category'),
    /** Near-duplicate fingerprint (signed 64-bit); the look-up index is built from these in memory. */
    fingerprint: bigint('fingerprint', { mode: 'bigint' }),
    savedAt: ts('saved_at').notNull(),
    savedBy: uuid('saved_by').references(() => people.id),
    submittedAt: ts('submitted_at'),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.version] })],
);

/** Authors of the current submitted version: individual points (scoring) key on this. */
export const submissionAuthors = pgTable(
  'submission_authors',
  {
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.personId] }), index('submission_authors_person_idx').on(t.personId)],
);

/** Files, stored once by content hash under DATA_DIR/files; this row says who attached what where. */
export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    sha256: text('sha256').notNull(),
    /** Hash of the bytes as uploaded (before re-encoding), for recognising identical files. */
    originalSha256: text('original_sha256').notNull(),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    fileKind: text('file_kind').notNull(),
    purpose: text('purpose').notNull().default('material'),
    width: integer('width'),
    height: integer('height'),
    thumbSha256: text('thumb_sha256'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => people.id),
    createdAt: createdAt(),
    removedAt: ts('removed_at'),
  },
  (t) => [index('attachments_submission_idx').on(t.submissionId), index('attachments_original_sha_idx').on(t.originalSha256)],
);

/**
 * Personal-data findings of a version. The raw value is not stored: offsets into the version's
 * text, a masked form, and a hash to carry a decision over to the next version.
 */
export const personalDataFindings = pgTable(
  'personal_data_findings',
  {
    id: id(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    version: integer('version').notNull(),
    field: text('field').notNull(),
    kind: text('kind').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    masked: text('masked').notNull(),
    valueHash: text('value_hash').notNull(),
    confidence: text('confidence').notNull(),
    status: text('status').notNull().default('open'),
    resolvedBy: uuid('resolved_by').references(() => people.id),
    resolvedAt: ts('resolved_at'),
    note: text('note'),
  },
  (t) => [index('pdf_submission_idx').on(t.submissionId, t.version)],
);

/** "The same work counts once": a submission flagged as (near-)duplicate of an earlier one. */
export const duplicateFlags = pgTable(
  'duplicate_flags',
  {
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    earlierId: uuid('earlier_id')
      .notNull()
      .references(() => submissions.id),
    reason: text('reason').$type<'text' | 'file'>().notNull(),
    distance: integer('distance'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.earlierId, t.reason] })],
);

/** The review chain per organisation (root unit) and kind; absent ⇒ the default 三审 chain. */
export const reviewChains = pgTable(
  'review_chains',
  {
    rootUnitId: uuid('root_unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind').$type<SubmissionKind>().notNull(),
    chain: jsonb('chain').$type<Record<string, unknown>>().notNull(),
    updatedBy: uuid('updated_by').references(() => people.id),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.rootUnitId, t.kind] })],
);

/** Every action on a submission: submit, pass, return, reject, resubmit, withdraw, with who and why. */
export const reviewEvents = pgTable(
  'review_events',
  {
    id: id(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    version: integer('version').notNull(),
    type: text('type').$type<ReviewEvent['type']>().notNull(),
    step: text('step'),
    stepName: text('step_name'),
    fromStatus: text('from_status').$type<ReviewStatus>().notNull(),
    toStatus: text('to_status').$type<ReviewStatus>().notNull(),
    /** Null only for `imported`: an item brought in by the operator's import, which nobody reviewed here. */
    byId: uuid('by_id').references(() => people.id),
    comment: text('comment'),
    at: ts('at').notNull(),
  },
  (t) => [index('review_events_submission_idx').on(t.submissionId, t.at)],
);

/**
 * An accepted item forwarded to the upper office (forwarding.ts): the original in the lower
 * organisation, the copy (`forwardedId`) that entered the upper office's review queue. Once per
 * original and upper office. `upperLevel` is the link's level at the time (市局 …).
 */
export const submissionForwards = pgTable(
  'submission_forwards',
  {
    id: id(),
    originalId: uuid('original_id')
      .notNull()
      .references(() => submissions.id),
    forwardedId: uuid('forwarded_id')
      .notNull()
      .references(() => submissions.id),
    fromOrgId: uuid('from_org_id')
      .notNull()
      .references(() => units.id),
    upperOrgId: uuid('upper_org_id')
      .notNull()
      .references(() => units.id),
    upperLevel: text('upper_level'),
    forwardedBy: uuid('forwarded_by')
      .notNull()
      .references(() => people.id),
    forwardedAt: ts('forwarded_at').notNull(),
  },
  (t) => [uniqueIndex('submission_forwards_once_uq').on(t.originalId, t.upperOrgId), uniqueIndex('submission_forwards_forwarded_uq').on(t.forwardedId)],
);
