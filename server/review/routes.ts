import type { FastifyInstance } from 'fastify';
import { route, ZIdParam } from '../http/route';
import { bulkDecide, decideOnSubmission, findChains, findMyNotifications, findReviewQueue, markNotificationsRead, resolveFinding, setChain, setSensitivity } from './flow';
import { ZBulkDecision, ZDecision, ZFindingParams, ZMarkRead, ZNotificationsQuery, ZQueueQuery, ZResolveFinding, ZSensitivity, ZSetChain } from './schema';

export function reviewRoutes(app: FastifyInstance) {
  route(app, { method: 'GET', url: '/api/review/queue', access: { permission: 'submission.read' }, query: ZQueueQuery, handler: ({ ctx, query }) => findReviewQueue(ctx, query) });
  route(app, {
    method: 'POST',
    url: '/api/submissions/:id/decision',
    access: { permission: 'submission.read' },
    params: ZIdParam,
    body: ZDecision,
    handler: ({ ctx, params, body }) => decideOnSubmission(ctx, params.id, body),
  });
  route(app, { method: 'POST', url: '/api/review/bulk', access: { permission: 'submission.read' }, body: ZBulkDecision, handler: ({ ctx, body }) => bulkDecide(ctx, body) });
  route(app, {
    method: 'PUT',
    url: '/api/submissions/:id/sensitivity',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    body: ZSensitivity,
    handler: ({ ctx, params, body }) => setSensitivity(ctx, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/submissions/:id/findings/:findingId',
    access: { permission: 'review.resolve_findings' },
    params: ZFindingParams,
    body: ZResolveFinding,
    handler: ({ ctx, params, body }) => resolveFinding(ctx, params.id, params.findingId, body),
  });
  route(app, { method: 'GET', url: '/api/review/chains', access: { permission: 'review.configure' }, handler: ({ ctx }) => findChains(ctx) });
  route(app, { method: 'PUT', url: '/api/review/chains', access: { permission: 'review.configure' }, body: ZSetChain, handler: ({ ctx, body }) => setChain(ctx, body) });
  route(app, {
    method: 'GET',
    url: '/api/notifications',
    access: { signedIn: true },
    query: ZNotificationsQuery,
    handler: ({ ctx, query }) => findMyNotifications(ctx, { unreadOnly: query.unread === '1' }),
  });
  route(app, { method: 'POST', url: '/api/notifications/read', access: { signedIn: true }, body: ZMarkRead, handler: ({ ctx, body }) => markNotificationsRead(ctx, body.ids) });
}
