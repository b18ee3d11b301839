import { appError } from '../errors';
import { defineRoute, type RouteTable } from '../http/route';
import { exportLedger, importLedger, ledgerTemplate } from './ledger-import';
import { z } from 'zod';
import { ZLedgerExportQuery } from './schema';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZImportQuery = z.strictObject({ dryRun: z.enum(['0', '1']).default('1'), unitId: z.uuid().optional() });
/** Ledgers are small: read whole into memory, at most this many bytes. */
const MAX_LEDGER_BYTES = 10 * 1024 * 1024;

/** Old ledgers (台账) in and out: import with a preview (all or nothing), a template, an export for a period. */
export const ledgerRoutes = {
  ledgerTemplate: defineRoute({
    method: 'GET',
    url: '/api/ledgers/template',
    access: { permission: 'review.decide' },
    produces: [XLSX],
    summary: 'The blank ledger (.xlsx) with the columns the import reads',
    handler: async ({ ctx, reply }) => {
      const buf = await ledgerTemplate(ctx);
      const name = ctx.locale === 'en' ? 'ledger-template.xlsx' : '台账导入模板.xlsx';
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`).header('cache-control', 'private, no-store').send(buf);
    },
  }),
  ledgerImport: defineRoute({
    method: 'POST',
    url: '/api/ledgers/import',
    access: { permission: 'review.decide' },
    query: ZImportQuery,
    multipart: true,
    summary: 'Import a ledger (.xlsx or .csv): dryRun=1 previews; dryRun=0 writes all rows or none',
    handler: async ({ ctx, query, req }) => {
      if (!req.isMultipart()) throw appError('common/validation', {}, [{ path: 'file', message: ctx.locale === 'en' ? 'Send the file as multipart/form-data' : '请以 multipart/form-data 上传文件' }]);
      const part = await req.file({ limits: { fileSize: MAX_LEDGER_BYTES } });
      if (!part) throw appError('common/validation', {}, [{ path: 'file', message: ctx.locale === 'en' ? 'No file' : '未收到文件' }]);
      const bytes = await part.toBuffer();
      return importLedger(ctx, { unitId: query.unitId, filename: part.filename, bytes, dryRun: query.dryRun === '1' });
    },
  }),
  ledgerExport: defineRoute({
    method: 'GET',
    url: '/api/ledgers/export',
    access: { permission: 'review.decide' },
    query: ZLedgerExportQuery,
    produces: [XLSX],
    summary: 'The ledger of a unit and its subtree for a period (.xlsx, the import’s columns)',
    handler: async ({ ctx, query, reply }) => {
      const f = await exportLedger(ctx, query);
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`).header('cache-control', 'private, no-store').send(f.buffer);
    },
  }),
} satisfies RouteTable;
