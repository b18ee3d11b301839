/** In-app notifications (server/review/flow.ts: decisions on one's items, items waiting for one). */
import { api } from '../../app/request';

export type Notification = {
  id: string;
  type: string;
  submissionId: string | null;
  data: { serial?: string; title?: string; step?: string | null; to?: string; comment?: string | null };
  createdAt: string;
  readAt: string | null;
};

export const fetchNotifications = (unreadOnly = false) => api.get<{ items: Notification[]; unread: number }>('/api/notifications', unreadOnly ? { unread: 1 } : undefined);
export const markRead = (ids: string[] | 'all') => api.post<unknown>('/api/notifications/read', { ids });
