/** In-app notifications (server/notifications/: decisions on one's items, items waiting for one). */
import { call, type ResponseOf } from '../../app/api';

type Stored = ResponseOf<'GET /api/notifications'>['items'][number];
/** What `data` holds for the notification types the server sends (server/submissions/review.ts notify()). */
export type NotificationData = { serial?: string; title?: string; step?: string | null; to?: string; comment?: string | null; masthead?: string; label?: string; /** forward.status: the upper office */ office?: string };
export type Notification = Omit<Stored, 'data'> & { data: NotificationData };

export const fetchNotifications = async (unreadOnly = false) => {
  const r = await call('GET /api/notifications', unreadOnly ? { query: { unread: '1' } } : undefined);
  return r as Omit<typeof r, 'items'> & { items: Notification[] };
};
export const markRead = (ids: string[] | 'all') => call('POST /api/notifications/read', { body: { ids } });

/** Where a notification leads: the page of the thing it is about. */
export function linkOf(n: Pick<Notification, 'subject'>): string | null {
  if (n.subject?.type === 'submission') return `/submission/${n.subject.id}`;
  if (n.subject?.type === 'briefing') return `/briefings/${n.subject.id}`;
  return null;
}
