/** In-app notifications (server/notifications/: decisions on one's items, items waiting for one). */
import { api } from '../../app/request';

export type Notification = {
  id: string;
  type: string;
  subject: { type: string; id: string } | null;
  data: { serial?: string; title?: string; step?: string | null; to?: string; comment?: string | null };
  createdAt: string;
  readAt: string | null;
};

export const fetchNotifications = (unreadOnly = false) => api.get<{ items: Notification[]; unread: number }>('/api/notifications', unreadOnly ? { unread: 1 } : undefined);
export const markRead = (ids: string[] | 'all') => api.post<unknown>('/api/notifications/read', { ids });

/** Where a notification leads: the page of the thing it is about. */
export function linkOf(n: Pick<Notification, 'subject'>): string | null {
  if (n.subject?.type === 'submission') return `/submission/${n.subject.id}`;
  return null;
}
