import type { FastifyInstance } from 'fastify';
import { route } from '../http/route';
import { findMyNotifications, markNotificationsRead } from './notifications';
import { ZMarkRead, ZNotificationsQuery } from './schema';

export function notificationRoutes(app: FastifyInstance) {
  route(app, {
    method: 'GET',
    url: '/api/notifications',
    access: { signedIn: true },
    query: ZNotificationsQuery,
    handler: ({ ctx, query }) => findMyNotifications(ctx, { unreadOnly: query.unread === '1' }),
  });
  route(app, { method: 'POST', url: '/api/notifications/read', access: { signedIn: true }, body: ZMarkRead, handler: ({ ctx, body }) => markNotificationsRead(ctx, body.ids) });
}
