import { z } from 'zod';
import { appError } from '../errors';
import { defineRoute, ZIdParam, type RouteTable } from '../http/route';
import { correctLedgerEntry, createLedgerEntry, listLedgerEntries, openLedgerEvidence, uploadLedgerEvidence, withdrawLedgerEntry } from './ledger';
import { explainScores, getRankings, scoreSeries, whatIf } from './rankings';
import { adoptRubricDraft, createRubric, getRubric, listRubrics, saveRubricDraft } from './rubrics';
import { ZCreateRubric, ZExplainQuery, ZLedgerCorrect, ZLedgerInput, ZLedgerQuery, ZLedgerWithdraw, ZRankingsQuery, ZRubricDraft, ZSeriesQuery, ZWhatIf } from './schema';

const ZInline = z.strictObject({ inline: z.enum(['0', '1']).optional() });

/**
 * Scoring (积分考核): rubrics and their versions, rankings, explanations, series, what-if, ledger
 * entries. Who may: scoring/access.ts (rankings: `scoring.read` in the organisation; rubrics:
 * `scoring.edit` on the rubric's unit; explanations: the office or the unit's own staff; ledger entries:
 * `review.decide` on the unit).
 */
export const scoringRoutes = {
  rubrics: defineRoute({ method: 'GET', url: '/api/scoring/rubrics', access: { permission: 'scoring.read' }, summary: 'The rubrics of the organisations where the caller reads scores', handler: ({ ctx }) => listRubrics(ctx) }),
  createRubric: defineRoute({
    method: 'POST',
    url: '/api/scoring/rubrics',
    access: { permission: 'scoring.edit' },
    body: ZCreateRubric,
    summary: 'Create a rubric from template A, template B or a blank skeleton (its first draft)',
    handler: ({ ctx, body }) => createRubric(ctx, body),
  }),
  rubric: defineRoute({ method: 'GET', url: '/api/scoring/rubrics/:id', access: { permission: 'scoring.read' }, params: ZIdParam, summary: 'A rubric: the version in force, the draft (editors), the versions', handler: ({ ctx, params }) => getRubric(ctx, params.id) }),
  saveDraft: defineRoute({
    method: 'PUT',
    url: '/api/scoring/rubrics/:id/draft',
    access: { permission: 'scoring.edit' },
    params: ZIdParam,
    body: ZRubricDraft,
    summary: 'Save the draft as YAML (kept even when invalid); answers its problems with line and column',
    handler: ({ ctx, params, body }) => saveRubricDraft(ctx, params.id, body),
  }),
  adopt: defineRoute({
    method: 'POST',
    url: '/api/scoring/rubrics/:id/adopt',
    access: { permission: 'scoring.edit' },
    params: ZIdParam,
    summary: 'Adopt the valid draft as the next version (409 scoring/rubric_invalid naming the problems otherwise)',
    handler: ({ ctx, params }) => adoptRubricDraft(ctx, params.id),
  }),
  rankings: defineRoute({
    method: 'GET',
    url: '/api/scoring/rankings',
    access: { permission: 'scoring.read' },
    query: ZRankingsQuery,
    summary: 'Units (or people) of a rubric for a period, zero totals included, ties sharing a rank; points as decimal strings',
    handler: ({ ctx, query }) => getRankings(ctx, query),
  }),
  explain: defineRoute({
    method: 'GET',
    url: '/api/scoring/explain',
    access: { permission: 'scoring.read' },
    query: ZExplainQuery,
    summary: 'Every entry of a unit or person in a period, counted or dropped, each with its rule clause and reason',
    handler: ({ ctx, query }) => explainScores(ctx, query),
  }),
  series: defineRoute({
    method: 'GET',
    url: '/api/scoring/series',
    access: { permission: 'scoring.read' },
    query: ZSeriesQuery,
    summary: 'A year of points by month or quarter, in total and by item (a unit, or every unit summed)',
    handler: ({ ctx, query }) => scoreSeries(ctx, query),
  }),
  whatIf: defineRoute({
    method: 'POST',
    url: '/api/scoring/what-if',
    access: { permission: 'scoring.edit' },
    body: ZWhatIf,
    summary: "A draft text's ranking beside the version in force, with each unit's change in rank",
    handler: ({ ctx, body }) => whatIf(ctx, body),
  }),
  ledger: defineRoute({ method: 'GET', url: '/api/scoring/ledger', access: { permission: 'scoring.read' }, query: ZLedgerQuery, summary: 'Ledger entries of the units the caller sees', handler: ({ ctx, query }) => listLedgerEntries(ctx, query) }),
  createLedger: defineRoute({
    method: 'POST',
    url: '/api/scoring/ledger',
    access: { permission: 'review.decide' },
    body: ZLedgerInput,
    summary: 'Enter a ledger entry with evidence (a link and/or uploaded files)',
    handler: ({ ctx, body }) => createLedgerEntry(ctx, body),
  }),
  withdrawLedger: defineRoute({
    method: 'POST',
    url: '/api/scoring/ledger/:id/withdraw',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    body: ZLedgerWithdraw,
    summary: 'Withdraw a ledger entry (a reason is required)',
    handler: ({ ctx, params, body }) => withdrawLedgerEntry(ctx, params.id, body),
  }),
  correctLedger: defineRoute({
    method: 'POST',
    url: '/api/scoring/ledger/:id/correct',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    body: ZLedgerCorrect,
    summary: 'Correct a ledger entry (a reason is required; the previous values are kept)',
    handler: ({ ctx, params, body }) => correctLedgerEntry(ctx, params.id, body),
  }),
  uploadLedgerEvidence: defineRoute({
    method: 'POST',
    url: '/api/scoring/ledger-evidence',
    access: { permission: 'review.decide' },
    multipart: true,
    summary: 'Upload an evidence file for a ledger entry about to be entered or corrected',
    handler: async ({ ctx, req }) => {
      if (!req.isMultipart()) throw appError('common/validation', {}, [{ path: 'file', message: ctx.locale === 'en' ? 'Send the file as multipart/form-data' : '请以 multipart/form-data 上传文件' }]);
      const part = await req.file();
      if (!part) throw appError('common/validation', {}, [{ path: 'file', message: ctx.locale === 'en' ? 'No file' : '未收到文件' }]);
      return uploadLedgerEvidence(ctx, { stream: part.file, filename: part.filename });
    },
  }),
  ledgerEvidence: defineRoute({
    method: 'GET',
    url: '/api/scoring/ledger-evidence/:id',
    access: { permission: 'scoring.read' },
    params: ZIdParam,
    query: ZInline,
    produces: ['application/octet-stream'],
    handler: async ({ ctx, params, query, reply }) => {
      const f = await openLedgerEvidence(ctx, params.id);
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
} satisfies RouteTable;
