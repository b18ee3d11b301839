/** Briefings API (server/briefings/routes.ts) and the shapes it returns. */
import { call, type BodyOf, type QueryOf, type ResponseOf } from '../../app/api';
import type { BriefingType } from '../../../server/documents/briefing-document';

export type { BriefingType };
export const BRIEFING_TYPES: readonly BriefingType[] = ['zhuanbao', 'jianbao', 'tongbao'];
export type IssueStatus = 'draft' | 'published';
export type Part = 'report' | 'send' | 'issue';
export const PARTS: readonly Part[] = ['report', 'send', 'issue'];

export type Series = ResponseOf<'GET /api/briefing-series'>['items'][number];
export type IssueRow = ResponseOf<'GET /api/briefings'>['items'][number];
export type Issue = ResponseOf<'GET /api/briefings/:id'>;
export type IssueItem = Issue['items'][number];
export type Candidate = ResponseOf<'GET /api/briefing-candidates'>['items'][number];
export type RecipientOptions = ResponseOf<'GET /api/briefing-recipients'>;
export type Receipts = ResponseOf<'GET /api/briefings/:id/receipts'>;
export type RecipientInput = BodyOf<'PUT /api/briefings/:id/distribution'>['recipients'][number];

export const fetchSeries = () => call('GET /api/briefing-series');
export const createSeries = (body: BodyOf<'POST /api/briefing-series'>) => call('POST /api/briefing-series', { body });
export const updateSeries = (id: string, body: BodyOf<'PATCH /api/briefing-series/:id'>) => call('PATCH /api/briefing-series/:id', { params: { id }, body });
/** The columns the issue list sorts by on the server (server/briefings/schema.ts ISSUE_SORT_FIELDS). */
export const ISSUE_SORT_FIELDS = ['issueDate', 'series', 'kind', 'status', 'updatedAt'] as const satisfies readonly NonNullable<QueryOf<'GET /api/briefings'>['sort']>[];
export const fetchIssues = (query: QueryOf<'GET /api/briefings'>) => call('GET /api/briefings', { query });
export const fetchIssue = (id: string) => call('GET /api/briefings/:id', { params: { id } });
export const createIssue = (body: BodyOf<'POST /api/briefings'>) => call('POST /api/briefings', { body });
export const updateIssue = (id: string, body: BodyOf<'PATCH /api/briefings/:id'>) => call('PATCH /api/briefings/:id', { params: { id }, body });
export const discardIssue = (id: string) => call('DELETE /api/briefings/:id', { params: { id } });
export const setItems = (id: string, submissionIds: string[]) => call('PUT /api/briefings/:id/items', { params: { id }, body: { submissionIds } });
export const saveWording = (id: string, submissionId: string, body: BodyOf<'PUT /api/briefings/:id/items/:submissionId'>) =>
  call('PUT /api/briefings/:id/items/:submissionId', { params: { id, submissionId }, body });
export const setDistribution = (id: string, recipients: RecipientInput[]) => call('PUT /api/briefings/:id/distribution', { params: { id }, body: { recipients } });
export const publishIssue = (id: string) => call('POST /api/briefings/:id/publish', { params: { id } });
export const fetchCandidates = (query: QueryOf<'GET /api/briefing-candidates'>) => call('GET /api/briefing-candidates', { query });
export const fetchRecipientOptions = (seriesId: string, q?: string) => call('GET /api/briefing-recipients', { query: { seriesId, ...(q ? { q } : {}) } });
export const fetchReceipts = (id: string) => call('GET /api/briefings/:id/receipts', { params: { id } });
/** The issue as .docx in the GB/T 9704 layout (a draft comes out as a preview numbered 0). */
export const docxUrl = (id: string) => `/api/briefings/${encodeURIComponent(id)}/docx`;
export const attachmentUrl = (id: string, attachmentId: string) => `/api/briefings/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}`;
