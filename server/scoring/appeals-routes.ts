/**
 * Appeals (申诉) against entries of an explanation: filed by the contested unit, decided by the office
 * keeping the rubric (appeals.ts says who exactly). docs/notices.md ("Appeals").
 */
import { z } from 'zod';
import { defineRoute, ZIdParam, type RouteTable } from '../http/route';
import { decideAppeal, fileAppeal, listAppeals } from './appeals';

const text = (max: number) => z.string().trim().min(1).max(max);

export const ZFileAppeal = z.strictObject({
  rubricId: z.uuid(),
  /** The period the explanation was read for (2024-03, 2024-Q1 …): the entry's date must lie in it. */
  period: z.string().trim().min(4).max(40),
  source: z.enum(['record', 'ledger']),
  /** The explanation entry's sourceId. */
  sourceId: z.uuid(),
  reason: text(1000),
  /** A link or a description of the evidence. */
  evidence: text(1000),
});
export const ZAcceptAppeal = z.strictObject({
  action: z.enum(['withdraw', 'correct']),
  reason: text(500),
  /** For `correct`: what the entry's own correct call takes, without its reason ({ rev, record } or { rev, entry }). */
  correction: z.record(z.string(), z.unknown()).optional(),
});
export const ZRejectAppeal = z.strictObject({ reason: text(500) });
export const ZAppealsQuery = z.strictObject({ rubricId: z.uuid(), status: z.enum(['pending', 'accepted', 'rejected']).optional() });

export const appealRoutes = {
  appeals: defineRoute({
    method: 'GET',
    url: '/api/scoring/appeals',
    access: { permission: 'scoring.read' },
    query: ZAppealsQuery,
    summary: "A rubric's appeals: all for the office, the own units' for a unit's staff",
    handler: ({ ctx, query }) => listAppeals(ctx, query),
  }),
  fileAppeal: defineRoute({
    method: 'POST',
    url: '/api/scoring/appeals',
    access: { permission: 'scoring.read' },
    body: ZFileAppeal,
    summary: "Contest an entry of the unit's explanation (its approvers, editors and leaders), with a reason and evidence",
    handler: ({ ctx, body }) => fileAppeal(ctx, body),
  }),
  acceptAppeal: defineRoute({
    method: 'POST',
    url: '/api/scoring/appeals/:id/accept',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    body: ZAcceptAppeal,
    summary: 'Accept an appeal: the entry is withdrawn or corrected with the appeal as the reason, scores recompute',
    handler: ({ ctx, params, body }) => decideAppeal(ctx, params.id, { decision: 'accept', ...body }),
  }),
  rejectAppeal: defineRoute({
    method: 'POST',
    url: '/api/scoring/appeals/:id/reject',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    body: ZRejectAppeal,
    summary: 'Reject an appeal with a reason',
    handler: ({ ctx, params, body }) => decideAppeal(ctx, params.id, { decision: 'reject', ...body }),
  }),
} satisfies RouteTable;
