import { z } from 'zod';
import { ZPage } from '../http/route';
import { ZDayRange, ZSort } from '../http/list';

export const BRIEFING_TYPES = ['zhuanbao', 'jianbao', 'tongbao'] as const;
export const ISSUE_KINDS = ['standalone', 'comprehensive'] as const;
export const ISSUE_STATUSES = ['draft', 'published'] as const;
export const DISTRIBUTION_PARTS = ['report', 'send', 'issue'] as const;
export type DistributionPart = (typeof DISTRIBUTION_PARTS)[number];

const name = z.string().trim().min(1).max(100);

export const ZCreateSeries = z.strictObject({
  unitId: z.uuid().optional(),
  type: z.enum(BRIEFING_TYPES),
  mastheadName: name,
  issuerName: name,
  documentPrefix: z.string().trim().min(1).max(30).nullable().optional(),
  restrictedMark: z.string().trim().min(1).max(40).optional(),
});
export const ZUpdateSeries = z.strictObject({
  mastheadName: name.optional(),
  issuerName: name.optional(),
  documentPrefix: z.string().trim().min(1).max(30).nullable().optional(),
  restrictedMark: z.string().trim().min(1).max(40).optional(),
  active: z.boolean().optional(),
});

/** The columns the issue list sorts by (issues.ts ISSUE_SORTS); drafts first, then newest, by default. */
export const ISSUE_SORT_FIELDS = ['issueDate', 'series', 'kind', 'status', 'updatedAt'] as const;
export type IssueSortField = (typeof ISSUE_SORT_FIELDS)[number];

export const ZBriefingsQuery = z.strictObject({
  /** Days of issue (a draft has none, so a day range shows published issues only), both included. */
  ...ZDayRange,
  ...ZSort(ISSUE_SORT_FIELDS),
  type: z.enum(BRIEFING_TYPES).optional(),
  year: z.coerce.number().int().min(1900).max(3000).optional(),
  status: z.enum(ISSUE_STATUSES).optional(),
  seriesId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  ...ZPage,
});

const issueFields = {
  supplement: z.boolean().optional(),
  kind: z.enum(ISSUE_KINDS).optional(),
  restricted: z.boolean().optional(),
  copies: z.number().int().min(0).max(100_000).optional(),
  editorNote: z.string().max(5_000).optional(),
};
export const ZCreateIssue = z.strictObject({ seriesId: z.uuid(), ...issueFields });
export const ZUpdateIssue = z.strictObject({ ...issueFields, rev: z.number().int().min(0).optional() });
export const ZSetItems = z.strictObject({ submissionIds: z.array(z.uuid()).max(100) });
export const ZItemParams = z.strictObject({ id: z.uuid(), submissionId: z.uuid() });
export const ZAttachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
export const ZWording = z.strictObject({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(100_000),
  source: z.string().trim().max(200).optional(),
});
const ZRecipient = z
  .strictObject({ part: z.enum(DISTRIBUTION_PARTS), unitId: z.uuid().optional(), personId: z.uuid().optional(), name: z.string().trim().min(1).max(100).optional() })
  .refine((r) => [r.unitId, r.personId].filter(Boolean).length + (r.unitId || r.personId ? 0 : r.name ? 1 : 0) === 1, {
    message: '每个分发对象须为一个单位、一个人员或一个名称 / each recipient is one unit, one person or one name',
  });
export const ZSetDistribution = z.strictObject({ recipients: z.array(ZRecipient).max(300) });
export const ZCandidatesQuery = z.strictObject({ issueId: z.uuid(), q: z.string().trim().max(100).optional(), ...ZPage });
export const ZRecipientsQuery = z.strictObject({ seriesId: z.uuid(), q: z.string().trim().max(50).optional() });
