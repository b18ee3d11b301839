import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from '../db/columns';
import { people, units } from '../org/tables';
import { submissions } from '../submissions/tables';
import { tsvector } from '../search/vector';
import type { BriefingDocument, BriefingType } from '../documents/briefing-document';

/**
 * A briefing series (刊物): one masthead of an organisation, e.g. "扫黑除恶专项斗争简报" of type 简报.
 * `orgId` is the organisation (top-level unit) it belongs to; `unitId` the office that edits it (the
 * organisation itself or a unit under it): its editors are the holders of briefing.edit there.
 * Issues are numbered per series and year.
 */
export const briefingSeries = pgTable(
  'briefing_series',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => units.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    type: text('type').$type<BriefingType>().notNull(),
    mastheadName: text('masthead_name').notNull(),
    issuerName: text('issuer_name').notNull(),
    /** 通报 only: the 发文字号 prefix, e.g. "乌公政" → 乌公政〔2024〕12号. */
    documentPrefix: text('document_prefix'),
    /** Printed above the masthead of a restricted issue (e.g. "内部资料 注意保存"). */
    restrictedMark: text('restricted_mark').notNull().default('内部资料 注意保存'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('briefing_series_org_idx').on(t.orgId), uniqueIndex('briefing_series_org_name_uq').on(t.orgId, t.mastheadName)],
);

/**
 * One issue (一期). A draft has no number; publishing numbers it per series and year (a supplement,
 * 增刊, counts apart), dates it, and freezes what it says in `snapshot` (the BriefingDocument as
 * published: later changes to the series' names or to the items never alter a published issue).
 */
export const briefingIssues = pgTable(
  'briefing_issues',
  {
    id: id(),
    seriesId: uuid('series_id')
      .notNull()
      .references(() => briefingSeries.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => units.id),
    status: text('status').$type<'draft' | 'published'>().notNull().default('draft'),
    supplement: boolean('supplement').notNull().default(false),
    /** standalone: one item (单独刊发); comprehensive: several (综合性). */
    kind: text('kind').$type<'standalone' | 'comprehensive'>().notNull().default('comprehensive'),
    restricted: boolean('restricted').notNull().default(false),
    editorNote: text('editor_note').notNull().default(''),
    copies: integer('copies').notNull().default(0),
    year: integer('year'),
    number: integer('number'),
    /** Calendar date of issue in the deployment's time zone, YYYY-MM-DD (set at publication). */
    issueDate: text('issue_date'),
    documentNumber: text('document_number'),
    snapshot: jsonb('snapshot').$type<BriefingDocument>(),
    /** Words of every item (titles and wording) for the list's search, refreshed on every change. */
    searchText: text('search_text').notNull().default(''),
    /** The archive's words (jieba, `simple` tsvector: search/vector.ts) of a published issue: masthead, number, titles, wording. */
    searchVector: tsvector('search_vector'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => people.id),
    publishedBy: uuid('published_by').references(() => people.id),
    publishedAt: ts('published_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    rev: integer('rev').notNull().default(0),
  },
  (t) => [
    // The guard behind the counter: two issues of a series never share a number in a year.
    uniqueIndex('briefing_issues_number_uq').on(t.seriesId, t.year, t.supplement, t.number).where(sql`${t.number} is not null`),
    index('briefing_issues_org_idx').on(t.orgId, t.updatedAt, t.id),
    index('briefing_issues_search_idx').using('gin', t.searchVector),
  ],
);

/**
 * An accepted item in an issue, in print order, with its published wording (edited by the editor; the
 * submission's own versions never change). `version` is the submitted version the wording started from.
 */
export const briefingItems = pgTable(
  'briefing_items',
  {
    issueId: uuid('issue_id')
      .notNull()
      .references(() => briefingIssues.id),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id),
    position: integer('position').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    source: text('source').notNull().default(''),
    editedBy: uuid('edited_by').references(() => people.id),
    editedAt: ts('edited_at'),
  },
  (t) => [primaryKey({ columns: [t.issueId, t.submissionId] }), index('briefing_items_submission_idx').on(t.submissionId)],
);

/**
 * The distribution (发放范围) in three parts: report (报, up), send (送, across), issue (发, down).
 * A recipient is a unit or a person of the organisation (who may then open a restricted issue), or a
 * name only, for recipients outside the system (区委、区政府分管领导同志, 市扫黑办).
 */
export const briefingRecipients = pgTable(
  'briefing_recipients',
  {
    id: id(),
    issueId: uuid('issue_id')
      .notNull()
      .references(() => briefingIssues.id),
    part: text('part').$type<'report' | 'send' | 'issue'>().notNull(),
    position: integer('position').notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    personId: uuid('person_id').references(() => people.id),
    name: text('name').notNull(),
  },
  (t) => [index('briefing_recipients_issue_idx').on(t.issueId), index('briefing_recipients_person_idx').on(t.personId), index('briefing_recipients_unit_idx').on(t.unitId)],
);

/** Read receipts: who opened a published issue, first and last time, how often. */
export const briefingReads = pgTable(
  'briefing_reads',
  {
    issueId: uuid('issue_id')
      .notNull()
      .references(() => briefingIssues.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    firstAt: ts('first_at').notNull(),
    lastAt: ts('last_at').notNull(),
    count: integer('count').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.issueId, t.personId] })],
);
