/**
 * Labels and small formatting rules shared by the submission pages (list, form, item, queue,
 * notifications). Kinds, categories and personal-data kinds come from the server's pure modules, so
 * both sides always name them the same.
 */
import type { T } from '../../app/locale';
import { roleLabel } from '../../app/labels';
import type { Locale, MessageKey } from '../../i18n';
import { KIND_LABELS, MATERIAL_CATEGORIES, SUBMISSION_KINDS, type SubmissionKind } from '../../../server/submissions/kinds';
import { PERSONAL_DATA_KIND_LABELS, type PersonalDataKind } from '../../../server/submissions/guards/personal-data';
import { REVIEW_STATUSES, type Holding, type ReviewStatus } from '../../../server/submissions/stages';

export { SUBMISSION_KINDS, MATERIAL_CATEGORIES };

export const STATUSES: readonly ReviewStatus[] = REVIEW_STATUSES;

const STATUS_KEYS: Record<ReviewStatus, MessageKey> = {
  draft: 'sub.status.draft',
  unit_approval: 'sub.status.unit_approval',
  in_review: 'sub.status.in_review',
  sensitive_approval: 'sub.status.sensitive_approval',
  returned: 'sub.status.returned',
  rejected: 'sub.status.rejected',
  adopted: 'sub.status.adopted',
  withdrawn: 'sub.status.withdrawn',
};

/** antd Tag colours: waiting states warm, in-review blue, final states green / red / grey. */
export const STATUS_COLOR: Record<ReviewStatus, string> = {
  draft: 'default',
  unit_approval: 'orange',
  in_review: 'processing',
  sensitive_approval: 'purple',
  returned: 'gold',
  rejected: 'red',
  adopted: 'green',
  withdrawn: 'default',
};

export const statusLabel = (t: T, s: string): string => (s in STATUS_KEYS ? t(STATUS_KEYS[s as ReviewStatus]) : s);

export const kindLabel = (kind: string, locale: Locale): string => {
  const l = (KIND_LABELS as Record<string, { zh: string; en: string } | undefined>)[kind];
  return l ? (locale === 'en' ? l.en : l.zh) : kind;
};

export const KIND_COLOR: Record<SubmissionKind, string> = {
  briefing_item: 'volcano',
  lead: 'geekblue',
  material: 'cyan',
  article: 'magenta',
  original_work: 'lime',
};

const CIRCLED = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩'];

/** "⑤ 专项行动（…）" */
export function categoryLabel(n: number | null | undefined, locale: Locale): string {
  if (!n) return '';
  const c = MATERIAL_CATEGORIES.find((x) => x.n === n);
  if (!c) return String(n);
  return `${CIRCLED[n - 1] ?? n} ${locale === 'en' ? c.en : c.zh}`;
}

export const findingKindLabel = (kind: string, locale: Locale): string => {
  const l = (PERSONAL_DATA_KIND_LABELS as Record<string, { zh: string; en: string } | undefined>)[kind];
  return l ? (locale === 'en' ? l.en : l.zh) : kind;
};

const FIELD_KEYS: Record<string, MessageKey> = { title: 'sub.field.title', body: 'sub.field.body', situationNote: 'sub.field.situationNote', tags: 'sub.field.tags', filenames: 'sub.field.filenames' };
export const fieldLabel = (t: T, field: string): string => (FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field);

/** Step names are stored in Chinese (初审, 复审 …); the default ones have an English name too. */
const STEP_EN: Record<string, string> = { unit: 'Unit approval', first: 'First review', second: 'Second review', final: 'Final review', sensitive: 'Sensitive approval' };
export function stepLabel(key: string | null | undefined, name: string | null | undefined, locale: Locale): string {
  if (locale === 'en' && key && STEP_EN[key]) return STEP_EN[key];
  return name ?? key ?? '';
}

/** Who holds an item now, short: "复审 · 编辑/审核员", "报送人修改中", "—". */
export function holderText(h: Holding, t: T, locale: Locale): string {
  if (h.kind === 'submitter') return h.status === 'returned' ? t('sub.holder.returned') : t('sub.holder.draft');
  if (h.kind === 'nobody') return '—';
  const who = [...h.roles.map((r) => roleLabel(r, locale)), ...(h.people.length ? [t('sub.holder.people', { n: h.people.length })] : [])];
  return [stepLabel(h.step, h.name, locale), who.join('、')].filter(Boolean).join(' · ');
}

/** "刚刚", "5分钟前", "2小时前", "3天前"; older than 30 days: the date. */
export function sinceText(iso: string | null | undefined, now: number, t: T): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const min = Math.floor(Math.max(0, now - at) / 60_000);
  if (min < 1) return t('sub.since.now');
  if (min < 60) return t('sub.since.minutes', { n: min });
  const h = Math.floor(min / 60);
  if (h < 24) return t('sub.since.hours', { n: h });
  const d = Math.floor(h / 24);
  if (d <= 30) return t('sub.since.days', { n: d });
  const date = new Date(at);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Waiting longer than this is shown as overdue in lists and the queue. */
export const LONG_WAIT_MS = 48 * 3600_000;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Error codes of a bulk decision, by label (single decisions come with the server's message). */
const REFUSAL_KEYS: Record<string, MessageKey> = {
  'review/invalid_chain': 'queue.err.invalid_chain',
  'review/already_final': 'queue.err.already_final',
  'review/invalid_transition': 'queue.err.invalid_transition',
  'review/not_submitter': 'queue.err.not_submitter',
  'review/not_your_stage': 'queue.err.not_your_stage',
  'review/own_item': 'queue.err.own_item',
  'review/four_eyes': 'queue.err.four_eyes',
  'review/comment_required': 'queue.err.comment_required',
  'review/reason_required': 'queue.err.reason_required',
  'review/response_plan_required': 'queue.err.response_plan_required',
  'review/open_personal_data': 'queue.err.open_personal_data',
  'review/duplicate_unconfirmed': 'queue.err.duplicate_unconfirmed',
  'submission/stale': 'queue.err.stale',
  'common/not_found': 'queue.err.not_found',
  'auth/forbidden': 'queue.err.forbidden',
};
export const refusalLabel = (t: T, code: string | undefined): string => (code && REFUSAL_KEYS[code] ? t(REFUSAL_KEYS[code]) : (code ?? t('queue.err.unknown')));

export type { PersonalDataKind };
