import { z } from 'zod';
import { appError } from '../errors';
import { defineRoute, ZIdParam, type RouteTable } from '../http/route';
import { addRecord, correctRecord, listRecordsOfItem, openEvidence, uploadEvidence, withdrawRecord } from './records';
import { createLevel, createOutlet, deleteOutlet, listLevels, listOutlets, updateLevel, updateOutlet } from './registry';
import { ZCorrectRecord, ZCreateLevel, ZCreateOutlet, ZLevelParams, ZLevelsQuery, ZOutletsQuery, ZRecordInput, ZUpdateLevel, ZUpdateOutlet, ZWithdrawRecord } from './schema';
import { ledgerRoutes } from './ledger-routes';

const ZInline = z.strictObject({ inline: z.enum(['0', '1']).optional() });

/**
 * Records of use, the outlet registry and upper levels, ledgers. Recording takes `review.decide` on
 * the item's unit (editors, leaders); reading an item's records, `submission.read` on it; the
 * registry and levels are managed with `review.configure` (administrators) and read with `unit.read`.
 */
export const recordRoutes = {
  list: defineRoute({
    method: 'GET',
    url: '/api/submissions/:id/records',
    access: { permission: 'submission.read' },
    params: ZIdParam,
    summary: 'The records of use of an item (timeline), with evidence and corrections',
    handler: ({ ctx, params }) => listRecordsOfItem(ctx, params.id),
  }),
  add: defineRoute({
    method: 'POST',
    url: '/api/submissions/:id/records',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    body: ZRecordInput,
    summary: 'Record a use of an accepted item (409 records/duplicate with details.existingId when it is already recorded)',
    handler: ({ ctx, params, body }) => addRecord(ctx, params.id, body),
  }),
  uploadEvidence: defineRoute({
    method: 'POST',
    url: '/api/submissions/:id/record-evidence',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    multipart: true,
    summary: 'Upload an evidence file for a record about to be added or corrected',
    handler: async ({ ctx, params, req }) => {
      if (!req.isMultipart()) throw appError('common/validation', {}, [{ path: 'file', message: ctx.locale === 'en' ? 'Send the file as multipart/form-data' : '请以 multipart/form-data 上传文件' }]);
      const part = await req.file();
      if (!part) throw appError('common/validation', {}, [{ path: 'file', message: ctx.locale === 'en' ? 'No file' : '未收到文件' }]);
      return uploadEvidence(ctx, params.id, { stream: part.file, filename: part.filename });
    },
  }),
  evidence: defineRoute({
    method: 'GET',
    url: '/api/record-evidence/:id',
    access: { permission: 'submission.read' },
    params: ZIdParam,
    query: ZInline,
    produces: ['application/octet-stream'],
    handler: async ({ ctx, params, query, reply }) => {
      const f = await openEvidence(ctx, params.id);
      const inline = query.inline === '1' && f.inlineSafe;
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
  correct: defineRoute({
    method: 'PATCH',
    url: '/api/records/:id',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    body: ZCorrectRecord,
    summary: 'Correct a record (a reason is required; the previous values are kept)',
    handler: ({ ctx, params, body }) => correctRecord(ctx, params.id, body),
  }),
  withdraw: defineRoute({
    method: 'POST',
    url: '/api/records/:id/withdraw',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    body: ZWithdrawRecord,
    summary: 'Withdraw a record (a reason is required)',
    handler: ({ ctx, params, body }) => withdrawRecord(ctx, params.id, body),
  }),

  outlets: defineRoute({
    method: 'GET',
    url: '/api/outlets',
    access: { permission: 'unit.read' },
    query: ZOutletsQuery,
    summary: 'Outlets items of a unit may cite: the built-in central main media and those set on the unit or above',
    handler: ({ ctx, query }) => listOutlets(ctx, { unitId: query.unitId, includeInactive: query.includeInactive === '1' }),
  }),
  createOutlet: defineRoute({ method: 'POST', url: '/api/outlets', access: { permission: 'review.configure' }, body: ZCreateOutlet, handler: ({ ctx, body }) => createOutlet(ctx, body) }),
  updateOutlet: defineRoute({
    method: 'PATCH',
    url: '/api/outlets/:id',
    access: { permission: 'review.configure' },
    params: ZIdParam,
    body: ZUpdateOutlet,
    handler: ({ ctx, params, body }) => updateOutlet(ctx, params.id, body),
  }),
  deleteOutlet: defineRoute({ method: 'DELETE', url: '/api/outlets/:id', access: { permission: 'review.configure' }, params: ZIdParam, handler: ({ ctx, params }) => deleteOutlet(ctx, params.id) }),

  levels: defineRoute({ method: 'GET', url: '/api/record-levels', access: { permission: 'unit.read' }, query: ZLevelsQuery, handler: ({ ctx, query }) => listLevels(ctx, query.unitId) }),
  createLevel: defineRoute({ method: 'POST', url: '/api/record-levels', access: { permission: 'review.configure' }, body: ZCreateLevel, handler: ({ ctx, body }) => createLevel(ctx, body) }),
  updateLevel: defineRoute({
    method: 'PATCH',
    url: '/api/record-levels/:unitId/:code',
    access: { permission: 'review.configure' },
    params: ZLevelParams,
    body: ZUpdateLevel,
    handler: ({ ctx, params, body }) => updateLevel(ctx, params.unitId, params.code, body),
  }),
  ...ledgerRoutes,
} satisfies RouteTable;
