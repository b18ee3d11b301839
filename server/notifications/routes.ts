import { defineRoute, type RouteTable } from '../http/route';
import { findMyNotifications, markNotificationsRead } from './notifications';
import { ZMarkRead, ZNotificationsQuery } from './schema';

export const notificationRoutes = {
  list: defineRoute({
    method: 'GET',
    url: '/api/notifications',
    access: { signedIn: true },
    query: ZNotificationsQuery,
    handler: ({ ctx, query }) => findMyNotifications(ctx, { unreadOnly: query.unread === '1' }),
  }),
  markRead: defineRoute({ method: 'POST', url: '/api/notifications/read', access: { signedIn: true }, body: ZMarkRead, handler: ({ ctx, body }) => markNotificationsRead(ctx, body.ids) }),
} satisfies RouteTable;
