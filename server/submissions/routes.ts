import { appError } from '../errors';
import { defineRoute, ZIdParam, type RouteTable } from '../http/route';
import { addAttachment, openAttachment, removeAttachment } from './attachments';
import { createCase, findCases, getCase, updateCase, usableCase } from './cases';
import { checkDraftDuplicates } from './duplicates';
import { scanContent } from './findings';
import { countChars, KIND_LABELS, KIND_RULES, MATERIAL_CATEGORIES, SUBMISSION_KINDS } from './kinds';
import { ZBulkDecision, ZDecision, ZFindingParams, ZQueueQuery, ZResolveFinding, ZSensitivity, ZSetChain, ZAttachmentParams, ZCheckText, ZCheckDuplicates, ZVersionParams, ZCreateCase, ZCreateSubmission, ZDownloadQuery, ZSaveDraft, ZSubmissionsExportQuery, ZSubmissionsQuery, ZUpdateCase, ZUploadQuery } from './schema';
import { bulkDecide, decideOnSubmission, findReviewQueue, resolveFinding, setSensitivity } from './review';
import { findChains, setChain } from './chains';
import { forwardSubmission } from './forwarding';
import { exportSubmissions } from './export';
import { createSubmission, discardDraft, findSubmissions, getSubmission, revealVersion, saveDraft, submitSubmission, withdrawSubmission } from './submissions';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const submissionRoutes = {
  kinds: defineRoute({
    method: 'GET',
    url: '/api/submission-kinds',
    access: { signedIn: true },
    handler: async () => ({
      kinds: SUBMISSION_KINDS.map((k) => ({ key: k, ...KIND_LABELS[k], rules: KIND_RULES[k] })),
      categories: MATERIAL_CATEGORIES,
    }),
  }),
  list: defineRoute({ method: 'GET', url: '/api/submissions', access: { permission: 'submission.read' }, query: ZSubmissionsQuery, handler: ({ ctx, query }) => findSubmissions(ctx, query) }),
  export: defineRoute({
    method: 'GET',
    url: '/api/submissions/export',
    access: { permission: 'submission.read' },
    query: ZSubmissionsExportQuery,
    produces: [XLSX],
    summary: '报送总览 as .xlsx: every row the list shows with these filters and sort (audited)',
    handler: async ({ ctx, query, reply }) => {
      const f = await exportSubmissions(ctx, query);
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`).header('cache-control', 'private, no-store').send(f.buffer);
    },
  }),
  create: defineRoute({ method: 'POST', url: '/api/submissions', access: { permission: 'submission.create' }, body: ZCreateSubmission, handler: ({ ctx, body }) => createSubmission(ctx, body) }),
  get: defineRoute({ method: 'GET', url: '/api/submissions/:id', access: { permission: 'submission.read' }, params: ZIdParam, handler: ({ ctx, params }) => getSubmission(ctx, params.id) }),
  saveDraft: defineRoute({
    method: 'PUT',
    url: '/api/submissions/:id/draft',
    access: { permission: 'submission.create' },
    params: ZIdParam,
    body: ZSaveDraft,
    handler: ({ ctx, params, body }) => saveDraft(ctx, params.id, body),
  }),
  submit: defineRoute({ method: 'POST', url: '/api/submissions/:id/submit', access: { permission: 'submission.create' }, params: ZIdParam, handler: ({ ctx, params }) => submitSubmission(ctx, params.id) }),
  withdraw: defineRoute({ method: 'POST', url: '/api/submissions/:id/withdraw', access: { permission: 'submission.create' }, params: ZIdParam, handler: ({ ctx, params }) => withdrawSubmission(ctx, params.id) }),
  discard: defineRoute({ method: 'DELETE', url: '/api/submissions/:id', access: { permission: 'submission.create' }, params: ZIdParam, handler: ({ ctx, params }) => discardDraft(ctx, params.id) }),

  // The live check the form runs as the correspondent types (nothing is stored).
  check: defineRoute({
    method: 'POST',
    url: '/api/submissions/check',
    access: { permission: 'submission.create' },
    body: ZCheckText,
    handler: async ({ ctx, body }) => ({
      chars: countChars(body.body),
      findings: scanContent(body, body.caseId ? (await usableCase(ctx, ctx.db, body.caseId)).protectedNames : []).map(({ field, kind, start, end, confidence }) => ({ field, kind, start, end, confidence })),
    }),
  }),

  // An earlier version's raw text (shown masked by default), for the editor deciding on a finding in it; audited.
  revealVersion: defineRoute({
    method: 'GET',
    url: '/api/submissions/:id/versions/:version/raw',
    access: { permission: 'review.resolve_findings' },
    params: ZVersionParams,
    handler: ({ ctx, params }) => revealVersion(ctx, params.id, params.version),
  }),
  // The live duplicate check the form runs (debounced) as the author types (nothing is stored).
  checkDuplicates: defineRoute({
    method: 'POST',
    url: '/api/submissions/:id/duplicates-check',
    access: { permission: 'submission.create' },
    params: ZIdParam,
    body: ZCheckDuplicates,
    handler: ({ ctx, params, body }) => checkDraftDuplicates(ctx, params.id, body),
  }),

  upload: defineRoute({
    method: 'POST',
    url: '/api/submissions/:id/attachments',
    access: { permission: 'submission.read' },
    params: ZIdParam,
    query: ZUploadQuery,
    multipart: true,
    handler: async ({ ctx, params, query, req }) => {
      if (!req.isMultipart()) throw appError('common/validation', {}, [{ path: 'file', message: ctx.locale === 'en' ? 'Send the file as multipart/form-data' : '请以 multipart/form-data 上传文件' }]);
      const part = await req.file();
      if (!part) throw appError('common/validation', {}, [{ path: 'file', message: ctx.locale === 'en' ? 'No file' : '未收到文件' }]);
      return addAttachment(ctx, params.id, { stream: part.file, filename: part.filename }, query.purpose);
    },
  }),
  removeAttachment: defineRoute({
    method: 'DELETE',
    url: '/api/submissions/:id/attachments/:attachmentId',
    access: { permission: 'submission.read' },
    params: ZAttachmentParams,
    handler: ({ ctx, params }) => removeAttachment(ctx, params.id, params.attachmentId),
  }),
  download: defineRoute({
    method: 'GET',
    url: '/api/attachments/:id',
    access: { permission: 'submission.read' },
    params: ZIdParam,
    query: ZDownloadQuery,
    produces: ['application/octet-stream'],
    handler: async ({ ctx, params, query, reply }) => {
      const f = await openAttachment(ctx, params.id, { thumb: query.thumb === '1' });
      const inline = (query.inline === '1' || query.thumb === '1') && f.inlineSafe;
      return reply
        .header('content-type', f.mime)
        .header('content-length', f.size)
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(f.stream);
    },
  }),

  listCases: defineRoute({ method: 'GET', url: '/api/cases', access: { permission: 'case.manage' }, handler: ({ ctx }) => findCases(ctx) }),
  getCase: defineRoute({ method: 'GET', url: '/api/cases/:id', access: { permission: 'case.manage' }, params: ZIdParam, handler: ({ ctx, params }) => getCase(ctx, params.id) }),
  createCase: defineRoute({ method: 'POST', url: '/api/cases', access: { permission: 'case.manage' }, body: ZCreateCase, handler: ({ ctx, body }) => createCase(ctx, body) }),
  updateCase: defineRoute({ method: 'PATCH', url: '/api/cases/:id', access: { permission: 'case.manage' }, params: ZIdParam, body: ZUpdateCase, handler: ({ ctx, params, body }) => updateCase(ctx, params.id, body) }),
  // Review: the queue, decisions, sensitivity, personal-data findings, chain settings.
  queue: defineRoute({ method: 'GET', url: '/api/review/queue', access: { permission: 'submission.read' }, query: ZQueueQuery, handler: ({ ctx, query }) => findReviewQueue(ctx, query) }),
  decide: defineRoute({
    method: 'POST',
    url: '/api/submissions/:id/decision',
    access: { permission: 'submission.read' },
    params: ZIdParam,
    body: ZDecision,
    handler: ({ ctx, params, body }) => decideOnSubmission(ctx, params.id, body),
  }),
  // 转报上级: an accepted item goes to the upper office's review queue (forwarding.ts).
  forward: defineRoute({
    method: 'POST',
    url: '/api/submissions/:id/forward',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    handler: ({ ctx, params }) => forwardSubmission(ctx, params.id),
  }),
  bulk: defineRoute({ method: 'POST', url: '/api/review/bulk', access: { permission: 'submission.read' }, body: ZBulkDecision, handler: ({ ctx, body }) => bulkDecide(ctx, body) }),
  setSensitivity: defineRoute({
    method: 'PUT',
    url: '/api/submissions/:id/sensitivity',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    body: ZSensitivity,
    handler: ({ ctx, params, body }) => setSensitivity(ctx, params.id, body),
  }),
  resolveFinding: defineRoute({
    method: 'POST',
    url: '/api/submissions/:id/findings/:findingId',
    access: { permission: 'review.resolve_findings' },
    params: ZFindingParams,
    body: ZResolveFinding,
    handler: ({ ctx, params, body }) => resolveFinding(ctx, params.id, params.findingId, body),
  }),
  chains: defineRoute({ method: 'GET', url: '/api/review/chains', access: { permission: 'review.configure' }, handler: ({ ctx }) => findChains(ctx) }),
  setChain: defineRoute({ method: 'PUT', url: '/api/review/chains', access: { permission: 'review.configure' }, body: ZSetChain, handler: ({ ctx, body }) => setChain(ctx, body) }),
} satisfies RouteTable;
