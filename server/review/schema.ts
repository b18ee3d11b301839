import { z } from 'zod';
import { SUBMISSION_KINDS } from '../submissions/kinds';

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
});
export const ZQueueQuery = z.strictObject({ kind: z.enum(SUBMISSION_KINDS).optional(), unitId: z.uuid().optional() });
export const ZSensitivity = z.strictObject({ sensitive: z.boolean(), sensitivity: z.enum(['misconduct', 'ongoing_case']).nullable() });
export const ZResolveFinding = z.strictObject({ action: z.enum(['confirm', 'redact']), note: z.string().trim().max(500).optional() });
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
export const ZNotificationsQuery = z.strictObject({ unread: z.enum(['0', '1']).optional() });
export const ZMarkRead = z.strictObject({ ids: z.union([z.array(z.uuid()).max(200), z.literal('all')]) });
