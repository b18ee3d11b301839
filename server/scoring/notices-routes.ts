/**
 * Scoring notices (通报) as files: GET /api/scoring/notices/:kind?rubricId&period&format=docx|xlsx.
 * Who may: the office keeping the rubric (`scoring.edit`; notices.ts). docs/notices.md.
 */
import { z } from 'zod';
import { NOTICE_KINDS } from '../documents/notice-document';
import { defineRoute, type RouteTable } from '../http/route';
import { exportNotice, NOTICE_CONTENT_TYPES } from './notices';

export const ZNoticeParams = z.strictObject({ kind: z.enum(NOTICE_KINDS as unknown as ['monthly_adoption', 'quarterly_ranking', 'top_correspondents']) });
export const ZNoticeQuery = z.strictObject({
  rubricId: z.uuid(),
  /** A period key: 2024-03, 2024-Q1, 2024 (any key of periodFromKey). */
  period: z.string().trim().min(4).max(40),
  format: z.enum(['docx', 'xlsx']).default('docx'),
  /** 发文字号, printed as given. */
  documentNumber: z.string().trim().max(40).optional(),
  /** 成文日期; today when absent. */
  date: z.iso.date().optional(),
  /** quarterly_ranking: one table per unit type, each ranked apart. */
  byType: z.enum(['0', '1']).optional(),
  /** top_correspondents: the number of places (default 5). */
  places: z.coerce.number().int().min(1).max(100).optional(),
});

export const noticeRoutes = {
  notice: defineRoute({
    method: 'GET',
    url: '/api/scoring/notices/:kind',
    access: { permission: 'scoring.edit' },
    params: ZNoticeParams,
    query: ZNoticeQuery,
    produces: [NOTICE_CONTENT_TYPES.docx, NOTICE_CONTENT_TYPES.xlsx],
    summary: 'A scoring notice (monthly adoption, quarterly ranking, top correspondents) as .docx (GB/T 9704) or .xlsx; points as exact decimals',
    handler: async ({ ctx, params, query, reply }) => {
      const f = await exportNotice(ctx, { kind: params.kind, ...query, byType: query.byType === '1' });
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(f.bytes);
    },
  }),
} satisfies RouteTable;
