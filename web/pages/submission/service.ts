/** Item page API: the item, decisions, personal-data findings, sensitivity (server/submissions/routes.ts). */
import { call, type BodyOf } from '../../app/api';
import type { Sensitivity } from '../submissions/service';

export { fetchSubmission, submitSubmission, withdrawSubmission, discardDraft, type SubmissionDetail } from '../submissions/service';

export type Decision = BodyOf<'POST /api/submissions/:id/decision'>;

export const decide = (id: string, decision: Decision, rev?: number) =>
  call('POST /api/submissions/:id/decision', { params: { id }, body: rev === undefined ? decision : { ...decision, rev } });
export const resolveFinding = (id: string, findingId: string, action: 'confirm' | 'redact', note?: string) =>
  call('POST /api/submissions/:id/findings/:findingId', { params: { id, findingId }, body: note ? { action, note } : { action } });
/** Clearing a mark needs a reason (audited). */
export const setSensitivity = (id: string, sensitive: boolean, sensitivity: Sensitivity | null, reason?: string) =>
  call('PUT /api/submissions/:id/sensitivity', { params: { id }, body: { sensitive, sensitivity, ...(reason ? { reason } : {}) } });
/** 转报上级: the accepted item goes to the upper office's review queue (server/submissions/forwarding.ts). */
export const forwardSubmission = (id: string) => call('POST /api/submissions/:id/forward', { params: { id } });
/** An earlier version's raw text (editors deciding on a finding in it; the server records it in the audit log). */
export const revealVersion = (id: string, version: number) => call('GET /api/submissions/:id/versions/:version/raw', { params: { id, version } });
