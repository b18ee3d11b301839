/**
 * Submissions API (server/submissions/routes.ts) and the shapes it returns. The kinds, their rules and
 * the review state machine's types are shared with the server (pure modules), so the form validates
 * with the same rules the server applies on submit.
 */
import { call, fillPath, type BodyOf, type Narrow, type QueryOf, type ResponseOf } from '../../app/api';
import { download, upload } from '../../app/request';
import type { Sensitivity, SubmissionKind } from '../../../server/submissions/kinds';
import type { PersonalDataKind } from '../../../server/submissions/guards/personal-data';
import type { Holding, ReviewActionType, ReviewChain, ReviewStatus } from '../../../server/submissions/stages';

export type { Holding, PersonalDataKind, ReviewActionType, ReviewChain, ReviewStatus, SubmissionKind };

export type { Sensitivity };
export type TextField = 'title' | 'body' | 'situationNote';

export type KindsInfo = ResponseOf<'GET /api/submission-kinds'>;
export type KindInfo = KindsInfo['kinds'][number];
export type Category = KindsInfo['categories'][number];

export type ListItem = ResponseOf<'GET /api/submissions'>['items'][number];

/** A live finding (draft save or check): offsets into the text that was sent. */
export type LiveFinding = ResponseOf<'POST /api/submissions/check'>['findings'][number];

type Detail = ResponseOf<'GET /api/submissions/:id'>;
/** A stored finding: in a text field, or in a list (tags, material file names; offsets into the entries joined by newlines). */
export type StoredFinding = Narrow<Detail['findings'][number], { field: TextField | 'tags' | 'filenames'; kind: PersonalDataKind; confidence: 'high' | 'medium' | 'possible'; status: 'open' | 'confirmed' | 'redacted' }>;
export type Version = Detail['versions'][number];
export type Attachment = ResponseOf<'POST /api/submissions/:id/attachments'>;
export type HistoryEvent = Detail['history'][number];
/** A duplicate flag; an earlier item the viewer may not open is named only by its unit. */
export type Duplicate = Detail['duplicates'][number];
export type SubmissionDetail = Narrow<Detail, { findings: StoredFinding[] }>;

/** What the form edits (one version plus the item's flags). */
export type DraftValues = {
  title: string;
  body: string;
  situationNote: string;
  authorIds: string[];
  tags: string[];
  category: number | null;
  sensitive: boolean;
  sensitivity: Sensitivity | null;
  caseId: string | null;
};

export type SaveResult = ResponseOf<'PUT /api/submissions/:id/draft'>;
export type SubmitResult = ResponseOf<'POST /api/submissions/:id/submit'>;

export type ListQuery = QueryOf<'GET /api/submissions'> & { scope: 'mine' | 'unit' | 'all'; page: number; pageSize: number };
export type ExportQuery = QueryOf<'GET /api/submissions/export'>;
/** The columns the lists sort by on the server (server/submissions/schema.ts SUBMISSION_SORT_FIELDS). */
export const SORT_FIELDS = ['serial', 'title', 'kind', 'status', 'unit', 'submittedAt', 'updatedAt'] as const satisfies readonly NonNullable<ListQuery['sort']>[];
export type SortField = (typeof SORT_FIELDS)[number];

export type PersonOption = Pick<ResponseOf<'GET /api/people/:id'>, 'id' | 'name' | 'login' | 'unitName' | 'active'>;
export type CaseSummary = ResponseOf<'GET /api/cases'>[number];
export type CaseInfo = ResponseOf<'POST /api/cases'>;

export const fetchKinds = () => call('GET /api/submission-kinds');
/** 报送总览 as .xlsx: the list's filters and sort, every page. */
export const exportSubmissions = (q: ExportQuery, fallbackName: string) => download('/api/submissions/export', q, fallbackName);
export const fetchSubmissions = async (q: ListQuery) => {
  const r = await call('GET /api/submissions', { query: q });
  return r;
};
export const fetchSubmission = async (id: string) => (await call('GET /api/submissions/:id', { params: { id } })) as SubmissionDetail;
/** Makes a draft from what was typed (the server refuses an empty one: choosing a kind is not a draft). */
export const createDraft = (body: BodyOf<'POST /api/submissions'>) => call('POST /api/submissions', { body });
export const saveDraft = (id: string, values: Partial<DraftValues>, rev?: number) =>
  call('PUT /api/submissions/:id/draft', { params: { id }, body: rev === undefined ? values : { ...values, rev } });
export const checkText = (input: BodyOf<'POST /api/submissions/check'>) => call('POST /api/submissions/check', { body: input });
/** The live duplicate check of a draft (debounced by the form): earlier items like this text or sharing a file. */
export const checkDuplicates = (id: string, title: string, body: string) => call('POST /api/submissions/:id/duplicates-check', { params: { id }, body: { title, body } });
export const submitSubmission = (id: string) => call('POST /api/submissions/:id/submit', { params: { id } });
export const withdrawSubmission = (id: string) => call('POST /api/submissions/:id/withdraw', { params: { id } });
export const discardDraft = (id: string) => call('DELETE /api/submissions/:id', { params: { id } });
export const removeAttachment = (id: string, attachmentId: string) => call('DELETE /api/submissions/:id/attachments/:attachmentId', { params: { id, attachmentId } });
export const fetchUnitPeople = (unitId: string) => call('GET /api/people', { query: { unitId, pageSize: 200 } });
export const fetchCases = () => call('GET /api/cases');
export const createCase = (title: string, protectedNames: string[]) => call('POST /api/cases', { body: { title, protectedNames } });
export const updateCase = (id: string, changes: BodyOf<'PATCH /api/cases/:id'>) => call('PATCH /api/cases/:id', { params: { id }, body: changes });

export const attachmentUrl = (id: string, opts: { thumb?: boolean; inline?: boolean } = {}) =>
  `/api/attachments/${id}${opts.thumb ? '?thumb=1' : opts.inline ? '?inline=1' : ''}`;

/** Uploads one file with progress, through the one request/error path (app/request.ts upload). */
export function uploadAttachment(
  submissionId: string,
  file: File,
  purpose: 'material' | 'response_plan',
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<Attachment> {
  const query: QueryOf<'POST /api/submissions/:id/attachments'> = { purpose };
  return upload<Attachment>(fillPath('/api/submissions/:id/attachments', { id: submissionId }), file, { query, onProgress, ...(signal ? { signal } : {}) });
}
