import { z } from 'zod';
import { ZPage } from '../http/route';
import { ZDayRange, ZSort } from '../http/list';
import { SENSITIVITIES, SUBMISSION_KINDS } from './kinds';
import { REVIEW_STATUSES } from './stages';

const draftFields = {
  title: z.string().max(200).optional(),
  body: z.string().max(100_000).optional(),
  situationNote: z.string().max(5_000).optional(),
  authorIds: z.array(z.uuid()).max(20).optional(),
  tags: z.array(z.string().trim().min(1).max(30)).max(20).optional(),
  category: z.number().int().min(1).max(10).nullable().optional(),
  sensitive: z.boolean().optional(),
  sensitivity: z.enum(SENSITIVITIES).nullable().optional(),
  caseId: z.uuid().nullable().optional(),
};

export const ZCreateSubmission = z.strictObject({ kind: z.enum(SUBMISSION_KINDS), unitId: z.uuid().optional(), ...draftFields });
export const ZSaveDraft = z.strictObject({ ...draftFields, rev: z.number().int().min(0).optional() });
/** The columns a submission list sorts by (server/submissions/submissions.ts SUBMISSION_SORTS). */
export const SUBMISSION_SORT_FIELDS = ['serial', 'title', 'kind', 'status', 'unit', 'submittedAt', 'updatedAt'] as const;
export type SubmissionSortField = (typeof SUBMISSION_SORT_FIELDS)[number];
const listFilter = {
  scope: z.enum(['mine', 'unit', 'all']).default('all'),
  status: z.enum(REVIEW_STATUSES).optional(),
  kind: z.enum(SUBMISSION_KINDS).optional(),
  q: z.string().trim().max(100).optional(),
  /** A unit and everything below it. */
  unitId: z.uuid().optional(),
  /** Days of first submission (报送日期), both included. */
  ...ZDayRange,
  ...ZSort(SUBMISSION_SORT_FIELDS),
};
export const ZSubmissionsQuery = z.strictObject({ ...listFilter, ...ZPage });
/** 报送总览 as a spreadsheet: the list's filters and sort, every page. */
export const ZSubmissionsExportQuery = z.strictObject(listFilter);
export const ZAttachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
export const ZUploadQuery = z.strictObject({ purpose: z.enum(['material', 'response_plan']).default('material') });
export const ZDownloadQuery = z.strictObject({ thumb: z.enum(['0', '1']).optional(), inline: z.enum(['0', '1']).optional() });
export const ZCheckText = z.strictObject({
  title: z.string().max(200).default(''),
  body: z.string().max(100_000).default(''),
  situationNote: z.string().max(5_000).default(''),
  caseId: z.uuid().nullable().optional(),
});
export const ZCreateCase = z.strictObject({
  title: z.string().trim().min(1).max(200),
  unitId: z.uuid().optional(),
  protectedNames: z.array(z.string().trim().min(1).max(50)).max(200).default([]),
});
export const ZUpdateCase = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  protectedNames: z.array(z.string().trim().min(1).max(50)).max(200).optional(),
});

// Review: decisions, queue, sensitivity, findings, chains.
export const ZDecision = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('pass'), rev: z.number().int().optional() }),
  z.strictObject({ type: z.literal('return'), comment: z.string().trim().min(1).max(2000), rev: z.number().int().optional() }),
  z.strictObject({ type: z.literal('reject'), reason: z.string().trim().min(1).max(2000), rev: z.number().int().optional() }),
]);
export const ZBulkDecision = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(200),
  decision: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('pass') }),
    z.strictObject({ type: z.literal('return'), comment: z.string().trim().min(1).max(2000) }),
    z.strictObject({ type: z.literal('reject'), reason: z.string().trim().min(1).max(2000) }),
  ]),
  // Items flagged as suspected duplicates that the reviewer confirmed to pass anyway: a bulk pass refuses any other flagged item.
  confirmDuplicates: z.array(z.uuid()).max(200).optional(),
});
export const ZCheckDuplicates = z.strictObject({ title: z.string().max(200).default(''), body: z.string().max(100_000).default('') });
/** The columns the review queue sorts by (review.ts QUEUE_SORTS); oldest waiting first by default. */
export const QUEUE_SORT_FIELDS = ['serial', 'title', 'unit', 'heldSince', 'submittedAt'] as const;
export type QueueSortField = (typeof QUEUE_SORT_FIELDS)[number];
export const ZQueueQuery = z.strictObject({ kind: z.enum(SUBMISSION_KINDS).optional(), unitId: z.uuid().optional(), ...ZDayRange, ...ZSort(QUEUE_SORT_FIELDS), ...ZPage });
export const ZSensitivity = z.strictObject({ sensitive: z.boolean(), sensitivity: z.enum(SENSITIVITIES).nullable(), reason: z.string().trim().max(500).optional() });
export const ZResolveFinding = z.strictObject({ action: z.enum(['confirm', 'redact']), note: z.string().trim().max(500).optional() });
export const ZVersionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1).max(10_000) });
export const ZFindingParams = z.strictObject({ id: z.uuid(), findingId: z.uuid() });
const ZHolder = z.strictObject({
  roles: z.array(z.enum(['correspondent', 'unit_approver', 'editor', 'leader'])).max(4).optional(),
  people: z.array(z.uuid()).max(20).optional(),
});
export const ZSetChain = z.strictObject({
  rootUnitId: z.uuid(),
  kind: z.enum(SUBMISSION_KINDS),
  chain: z.strictObject({
    unitApproval: z.boolean(),
    stages: z.array(z.strictObject({ key: z.string().trim().min(1).max(30), name: z.string().trim().min(1).max(30), holder: ZHolder })).min(1).max(6),
    sensitiveApproval: ZHolder,
    distinctDeciders: z.boolean().optional(),
  }),
});
