/** What a notification says, in the person's language. Pure (tested in text.test.ts). */
import type { T } from '../../app/locale';
import type { Locale } from '../../i18n';
import { stepLabel } from '../submissions/labels';
import type { Notification } from './service';

export function notificationText(n: Pick<Notification, 'type' | 'data'>, t: T, locale: Locale): { title: string; detail: string | null } {
  const title = n.data.title?.trim() || n.data.serial || '';
  const step = n.data.step ? stepLabel(stepKeyOf(n.data.step), n.data.step, locale) : '';
  const comment = n.data.comment?.trim() || null;
  switch (n.type) {
    case 'review.passed':
      return n.data.to === 'adopted' ? { title: t('notif.adopted', { title }), detail: null } : { title: t('notif.passed', { title, step }), detail: null };
    case 'review.returned':
      return { title: t('notif.returned', { title, step }), detail: comment };
    case 'review.rejected':
      return { title: t('notif.rejected', { title, step }), detail: comment };
    case 'review.waiting':
      return { title: t('notif.waiting', { title, step }), detail: null };
    case 'forward.status':
      return { title: t('notif.forwardStatus', { title, office: n.data.office ?? '', status: n.data.to ? t(`sub.status.${n.data.to}` as Parameters<T>[0]) : '' }), detail: null };
    case 'review.withdrawn':
      return { title: t('notif.withdrawn', { title }), detail: null };
    case 'briefing.published':
      return { title: t('notif.briefingPublished', { masthead: n.data.masthead ?? '', label: n.data.label ?? '' }), detail: null };
    default:
      return { title: t('notif.other', { title }), detail: comment };
  }
}

/** Notifications carry the step's stored (Chinese) name; map the default names back to their keys. */
const DEFAULT_STEPS: Record<string, string> = { 单位审批: 'unit', 初审: 'first', 复审: 'second', 终审: 'final', 敏感内容审批: 'sensitive' };
function stepKeyOf(name: string): string | null {
  return DEFAULT_STEPS[name] ?? null;
}
