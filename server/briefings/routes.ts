import { defineRoute, ZIdParam, type RouteTable } from '../http/route';
import { createIssue, discardIssue, editItemWording, findCandidates, findIssues, findReceipts, findRecipientOptions, getIssue, openIssueAttachment, publishBriefing, setDistribution, setIssueItems, updateIssue } from './issues';
import { ZAttachmentParams, ZBriefingsQuery, ZCandidatesQuery, ZCreateIssue, ZCreateSeries, ZItemParams, ZRecipientsQuery, ZSetDistribution, ZSetItems, ZUpdateIssue, ZUpdateSeries, ZWording } from './schema';
import { createSeries, findSeries, updateSeries } from './series';
import { exportBriefingDocx } from './export';

export const briefingRoutes = {
  // Series (刊物): everyone of the organisation sees their names; administrators set them up.
  series: defineRoute({ method: 'GET', url: '/api/briefing-series', access: { signedIn: true }, handler: ({ ctx }) => findSeries(ctx) }),
  createSeries: defineRoute({ method: 'POST', url: '/api/briefing-series', access: { permission: 'briefing.configure' }, body: ZCreateSeries, handler: ({ ctx, body }) => createSeries(ctx, body) }),
  updateSeries: defineRoute({
    method: 'PATCH',
    url: '/api/briefing-series/:id',
    access: { permission: 'briefing.configure' },
    params: ZIdParam,
    body: ZUpdateSeries,
    handler: ({ ctx, params, body }) => updateSeries(ctx, params.id, body),
  }),

  // Issues: list and read (restricted issues only for their recipients and editors).
  list: defineRoute({ method: 'GET', url: '/api/briefings', access: { permission: 'briefing.read' }, query: ZBriefingsQuery, handler: ({ ctx, query }) => findIssues(ctx, query) }),
  get: defineRoute({ method: 'GET', url: '/api/briefings/:id', access: { permission: 'briefing.read' }, params: ZIdParam, handler: ({ ctx, params }) => getIssue(ctx, params.id) }),
  attachment: defineRoute({
    method: 'GET',
    url: '/api/briefings/:id/attachments/:attachmentId',
    access: { permission: 'briefing.read' },
    params: ZAttachmentParams,
    produces: ['application/octet-stream'],
    handler: async ({ ctx, params, reply }) => {
      const f = await openIssueAttachment(ctx, params.id, params.attachmentId);
      return reply
        .header('content-type', f.mime)
        .header('content-length', f.size)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(f.stream);
    },
  }),
  docx: defineRoute({
    method: 'GET',
    url: '/api/briefings/:id/docx',
    access: { permission: 'briefing.read' },
    params: ZIdParam,
    produces: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    handler: async ({ ctx, params, reply }) => {
      const f = await exportBriefingDocx(ctx, params.id);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(f.bytes);
    },
  }),
  receipts: defineRoute({ method: 'GET', url: '/api/briefings/:id/receipts', access: { permission: 'briefing.edit' }, params: ZIdParam, handler: ({ ctx, params }) => findReceipts(ctx, params.id) }),

  // Composing (the series' editors).
  candidates: defineRoute({ method: 'GET', url: '/api/briefing-candidates', access: { permission: 'briefing.edit' }, query: ZCandidatesQuery, handler: ({ ctx, query }) => findCandidates(ctx, query) }),
  recipients: defineRoute({ method: 'GET', url: '/api/briefing-recipients', access: { permission: 'briefing.edit' }, query: ZRecipientsQuery, handler: ({ ctx, query }) => findRecipientOptions(ctx, query) }),
  create: defineRoute({ method: 'POST', url: '/api/briefings', access: { permission: 'briefing.edit' }, body: ZCreateIssue, handler: ({ ctx, body }) => createIssue(ctx, body) }),
  update: defineRoute({ method: 'PATCH', url: '/api/briefings/:id', access: { permission: 'briefing.edit' }, params: ZIdParam, body: ZUpdateIssue, handler: ({ ctx, params, body }) => updateIssue(ctx, params.id, body) }),
  discard: defineRoute({ method: 'DELETE', url: '/api/briefings/:id', access: { permission: 'briefing.edit' }, params: ZIdParam, handler: ({ ctx, params }) => discardIssue(ctx, params.id) }),
  items: defineRoute({ method: 'PUT', url: '/api/briefings/:id/items', access: { permission: 'briefing.edit' }, params: ZIdParam, body: ZSetItems, handler: ({ ctx, params, body }) => setIssueItems(ctx, params.id, body) }),
  wording: defineRoute({
    method: 'PUT',
    url: '/api/briefings/:id/items/:submissionId',
    access: { permission: 'briefing.edit' },
    params: ZItemParams,
    body: ZWording,
    handler: ({ ctx, params, body }) => editItemWording(ctx, params.id, params.submissionId, body),
  }),
  distribution: defineRoute({
    method: 'PUT',
    url: '/api/briefings/:id/distribution',
    access: { permission: 'briefing.edit' },
    params: ZIdParam,
    body: ZSetDistribution,
    handler: ({ ctx, params, body }) => setDistribution(ctx, params.id, body),
  }),
  publish: defineRoute({ method: 'POST', url: '/api/briefings/:id/publish', access: { permission: 'briefing.edit' }, params: ZIdParam, handler: ({ ctx, params }) => publishBriefing(ctx, params.id) }),
} satisfies RouteTable;
