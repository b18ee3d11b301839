/**
 * Submissions API (server/submissions/routes.ts) and the shapes it returns. The kinds, their rules and
 * the review state machine's types are shared with the server (pure modules), so the form validates
 * with the same rules the server applies on submit.
 */
import { api, ApiError } from '../../app/request';
import { getLocale, tr } from '../../i18n';
import type { Page } from '../../app/types';
import type { KindRules, SubmissionKind } from '../../../server/submissions/kinds';
import type { PersonalDataKind } from '../../../server/submissions/guards/personal-data';
import type { Holding, ReviewActionType, ReviewChain, ReviewStatus } from '../../../server/submissions/stages';

export type { Holding, PersonalDataKind, ReviewActionType, ReviewChain, ReviewStatus, SubmissionKind };

import type { Sensitivity } from '../../../server/submissions/kinds';
export type { Sensitivity };
export type TextField = 'title' | 'body' | 'situationNote';

export type KindInfo = { key: SubmissionKind; zh: string; en: string; rules: KindRules };
export type Category = { n: number; zh: string; en: string };
export type KindsInfo = { kinds: KindInfo[]; categories: Category[] };

export type ListItem = {
  id: string;
  /** Null until first submitted (shown as 草稿). */
  serial: string | null;
  kind: SubmissionKind;
  title: string;
  status: ReviewStatus;
  version: number;
  unitId: string;
  unitName: string;
  createdBy: string;
  createdByName: string;
  sensitive: boolean;
  openFindings: number;
  category: number | null;
  tags: string[];
  heldSince: string;
  submittedAt: string | null;
  updatedAt: string;
  holder: Holding;
};

/** A live finding (draft save or check): offsets into the text that was sent. */
export type LiveFinding = { field: TextField; kind: PersonalDataKind; start: number; end: number; confidence: 'high' | 'medium' };

export type StoredFinding = LiveFinding & {
  id: string;
  version: number;
  masked: string;
  status: 'open' | 'confirmed' | 'redacted';
  note: string | null;
  resolvedAt: string | null;
};

export type Version = {
  version: number;
  title: string;
  body: string;
  situationNote: string;
  authorIds: string[];
  tags: string[];
  category: number | null;
  attachmentIds: string[];
  savedAt: string;
  submittedAt: string | null;
};

export type Attachment = {
  id: string;
  filename: string;
  mime: string;
  size: number;
  fileKind: 'image' | 'video' | 'document';
  purpose: 'material' | 'response_plan';
  width: number | null;
  height: number | null;
  hasThumb: boolean;
  createdAt: string;
};

export type HistoryEvent = {
  type: 'submitted' | 'resubmitted' | 'withdrawn' | 'passed' | 'returned' | 'rejected';
  version: number;
  step: string | null;
  stepName: string | null;
  from: ReviewStatus;
  to: ReviewStatus;
  byId: string;
  byName: string;
  comment: string | null;
  at: string;
};

/** A duplicate flag; an earlier item the viewer may not open is named only by its unit. */
export type Duplicate =
  | { visible: true; earlierId: string; serial: string; title: string; unitName: string; reason: 'text' | 'file'; distance: number | null }
  | { visible: false; earlierId: null; serial: null; title: null; unitName: string; reason: 'text' | 'file'; distance: number | null };

export type SubmissionDetail = ListItem & {
  rev: number;
  sensitivity: Sensitivity | null;
  case: { id: string; title: string } | null;
  hasResponsePlan: boolean;
  isOwner: boolean;
  editable: boolean;
  chain: ReviewChain | null;
  actions: ReviewActionType[];
  versions: Version[];
  authors: { id: string; name: string }[];
  attachments: Attachment[];
  history: HistoryEvent[];
  findings: StoredFinding[];
  duplicates: Duplicate[];
};

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

export type SaveResult = { rev: number; version: number; savedAt: string; chars: number; findings: LiveFinding[] };
export type SubmitResult = { status: ReviewStatus; version: number; openFindings: number; duplicates: { earlierId: string; reason: 'text' | 'file'; distance: number | null }[] };

export type ListQuery = { scope: 'mine' | 'unit' | 'all'; status?: ReviewStatus | undefined; kind?: SubmissionKind | undefined; q?: string | undefined; page: number; pageSize: number };

export type PersonOption = { id: string; name: string; login: string; unitName: string; active: boolean };
export type CaseSummary = { id: string; title: string; unitId: string; unitName: string; protectedNameCount: number };
export type CaseInfo = { id: string; title: string; unitId: string; protectedNames: string[] };

export const fetchKinds = () => api.get<KindsInfo>('/api/submission-kinds');
export const fetchSubmissions = (q: ListQuery) => api.get<Page<ListItem>>('/api/submissions', q);
export const fetchSubmission = (id: string) => api.get<SubmissionDetail>(`/api/submissions/${id}`);
export const createDraft = (kind: SubmissionKind) => api.post<{ id: string; serial: string | null }>('/api/submissions', { kind });
export const saveDraft = (id: string, values: Partial<DraftValues>, rev?: number) =>
  api.put<SaveResult>(`/api/submissions/${id}/draft`, rev === undefined ? values : { ...values, rev });
export const checkText = (input: { title: string; body: string; situationNote: string; caseId?: string | null }) =>
  api.post<{ chars: number; findings: LiveFinding[] }>('/api/submissions/check', input);
export const submitSubmission = (id: string) => api.post<SubmitResult>(`/api/submissions/${id}/submit`);
export const withdrawSubmission = (id: string) => api.post<{ status: ReviewStatus }>(`/api/submissions/${id}/withdraw`);
export const discardDraft = (id: string) => api.del<unknown>(`/api/submissions/${id}`);
export const removeAttachment = (id: string, attachmentId: string) => api.del<unknown>(`/api/submissions/${id}/attachments/${attachmentId}`);
export const fetchUnitPeople = (unitId: string) => api.get<Page<PersonOption>>('/api/people', { unitId, pageSize: 200 });
export const fetchCases = () => api.get<CaseSummary[]>('/api/cases');
export const createCase = (title: string, protectedNames: string[]) => api.post<CaseInfo>('/api/cases', { title, protectedNames });
export const updateCase = (id: string, changes: { title?: string; protectedNames?: string[] }) => api.patch<CaseInfo>(`/api/cases/${id}`, changes);

export const attachmentUrl = (id: string, opts: { thumb?: boolean; inline?: boolean } = {}) =>
  `/api/attachments/${id}${opts.thumb ? '?thumb=1' : opts.inline ? '?inline=1' : ''}`;

/**
 * Uploads one file (multipart field `file`) with progress. fetch cannot report upload progress, so
 * this is the one XMLHttpRequest in the app; it sends the same headers and turns failures into the
 * same ApiError as the central request function.
 */
export function uploadAttachment(
  submissionId: string,
  file: File,
  purpose: 'material' | 'response_plan',
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/submissions/${submissionId}/attachments?purpose=${purpose}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Locale', getLocale());
    xhr.setRequestHeader('X-Requested-With', 'xuanbao');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network/unreachable', tr('error.network')));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      type Envelope = { success: true; data: Attachment } | { success: false; errorCode: string; errorMessage: string; fields?: { path: string; message: string }[] };
      let body: Envelope | null = null;
      try {
        body = JSON.parse(xhr.responseText) as Envelope;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body?.success) resolve(body.data);
      else if (body && !body.success) reject(new ApiError(xhr.status, body.errorCode, body.errorMessage, body.fields ?? []));
      else reject(new ApiError(xhr.status, xhr.status >= 500 ? 'common/internal' : 'common/unexpected', tr('error.server', { status: xhr.status })));
    };
    signal?.addEventListener('abort', () => xhr.abort());
    const fd = new FormData();
    fd.append('file', file, file.name);
    xhr.send(fd);
  });
}
