import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { evidenceFileColumns } from '../files/evidence-columns';
import { createdAt, id, ts, updatedAt } from '../db/columns';
import { people, units } from '../org/tables';
import { submissions } from '../submissions/tables';
import type { BriefingMode, BroadcastScope, OutletTier, RecordKind, RecordSource, RecordStatus } from './kinds';

/**
 * The outlet registry (媒体库). Rows with `unit_id` null are built in for every organisation (the
 * seven central main media of seed 001, seeded by the migration, keyed by `builtin_key`); an
 * organisation's administrators add their own (provincial, city, county outlets) on their unit.
 */
export const outlets = pgTable(
  'outlets',
  {
    id: id(),
    /** The unit whose registry it is (items of its subtree cite it); null: built in, for everyone. */
    unitId: uuid('unit_id').references(() => units.id),
    builtinKey: text('builtin_key'),
    name: text('name').notNull(),
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    tier: text('tier').$type<OutletTier>().notNull(),
    /** One of the seven central main media (中央主要媒体): counts only on its qualifying channels. */
    centralMain: boolean('central_main').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('outlets_builtin_key_uq').on(t.builtinKey), index('outlets_unit_idx').on(t.unitId)],
);

/** An outlet's channels and columns; `qualifies`: a central main medium's channel that counts (主网首页, 客户端推荐/热点/要文). */
export const outletChannels = pgTable(
  'outlet_channels',
  {
    id: id(),
    outletId: uuid('outlet_id')
      .notNull()
      .references(() => outlets.id),
    name: text('name').notNull(),
    qualifies: boolean('qualifies').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('outlet_channels_name_uq').on(t.outletId, t.name)],
);

/**
 * An organisation's upper levels (上级) for adoption records, set on a unit for its subtree. The defaults (county, city, province,
 * ministry: kinds.ts DEFAULT_LEVELS) need no row; a row overrides a default's names, order or
 * active flag, or adds a level of the organisation's own.
 */
export const upperLevels = pgTable(
  'upper_levels',
  {
    /** Set on an organisation's root unit (usually) or a unit below it: applies to items of its subtree. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    rank: integer('rank').notNull().default(0),
    active: boolean('active').notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('upper_levels_unit_code_uq').on(t.unitId, t.code)],
);

/**
 * A record of use (采用/刊发记录) of an accepted item: one dated use with its evidence. `work_key` is
 * the work (the item's id, or for a ledger row naming no item: unit + normalised title) and
 * `dedupe_key` the use (kinds.ts dedupeKeyOf); one active record per pair, enforced by a unique index
 * so that parallel requests cannot both record it.
 */
export const recordsOfUse = pgTable(
  'records_of_use',
  {
    id: id(),
    submissionId: uuid('submission_id').references(() => submissions.id),
    /** The credited unit: the item's unit (or the unit a ledger row names). */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    workKey: text('work_key').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind').$type<RecordKind>().notNull(),
    /** The date of the use (not of the submission), a calendar date. */
    usedOn: date('used_on', { mode: 'string' }).notNull(),
    mode: text('mode').$type<BriefingMode>(),
    briefingId: uuid('briefing_id'),
    briefingLabel: text('briefing_label'),
    /** upper_adoption / recommendation: an upper level's code; awards: national | regional | city. */
    level: text('level'),
    outletId: uuid('outlet_id').references(() => outlets.id),
    channelId: uuid('channel_id').references(() => outletChannels.id),
    columnName: text('column_name'),
    url: text('url'),
    platform: text('platform'),
    scope: text('scope').$type<BroadcastScope>(),
    awardName: text('award_name'),
    personId: uuid('person_id').references(() => people.id),
    personName: text('person_name'),
    evidenceUrl: text('evidence_url'),
    note: text('note'),
    /** A ledger row naming no item in the system: the work's title and authors as written. */
    title: text('title'),
    authors: text('authors'),
    source: text('source').$type<RecordSource>().notNull(),
    /** The forwarded item, or `file.xlsx#row`, or the briefing. */
    sourceRef: text('source_ref'),
    status: text('status').$type<RecordStatus>().notNull().default('active'),
    recordedBy: uuid('recorded_by').references(() => people.id),
    /** The record's code in another system (interchange import/export), unique within an organisation (kept by the import). */
    externalCode: text('external_code'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    rev: integer('rev').notNull().default(0),
  },
  (t) => [
    uniqueIndex('records_of_use_active_uq').on(t.workKey, t.dedupeKey).where(sql`${t.status} = 'active'`),
    index('records_of_use_submission_idx').on(t.submissionId),
    index('records_of_use_unit_date_idx').on(t.unitId, t.usedOn),
    index('records_of_use_external_code_idx').on(t.externalCode),
  ],
);

/** Every correction and withdrawal of a record: the reason, who, when, and the values before. */
export const recordRevisions = pgTable(
  'record_revisions',
  {
    id: id(),
    recordId: uuid('record_id')
      .notNull()
      .references(() => recordsOfUse.id),
    action: text('action').$type<'correct' | 'withdraw'>().notNull(),
    reason: text('reason').notNull(),
    previous: jsonb('previous').$type<Record<string, unknown>>().notNull(),
    byId: uuid('by_id').references(() => people.id),
    at: ts('at').notNull(),
  },
  (t) => [index('record_revisions_record_idx').on(t.recordId, t.at)],
);

/**
 * Evidence files (screenshots, scans, documents) in the file store, by content hash. Uploaded first
 * for an item (`record_id` null: seen only by the uploader), then claimed by the record that cites it.
 */
export const recordEvidence = pgTable(
  'record_evidence',
  {
    id: id(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    recordId: uuid('record_id').references(() => recordsOfUse.id),
    ...evidenceFileColumns(() => people.id),
  },
  (t) => [index('record_evidence_record_idx').on(t.recordId), index('record_evidence_submission_idx').on(t.submissionId)],
);
