import { defineRoute, ZIdParam, type RouteTable } from '../http/route';
import { bulkDecide, decideOnSubmission, findChains, findMyNotifications, findReviewQueue, markNotificationsRead, resolveFinding, setChain, setSensitivity } from './flow';
import { ZBulkDecision, ZDecision, ZFindingParams, ZMarkRead, ZNotificationsQuery, ZQueueQuery, ZResolveFinding, ZSensitivity, ZSetChain } from './schema';

export const reviewRoutes = {
  queue: defineRoute({ method: 'GET', url: '/api/review/queue', access: { permission: 'submission.read' }, query: ZQueueQuery, handler: ({ ctx, query }) => findReviewQueue(ctx, query) }),
  decide: defineRoute({
    method: 'POST',
    url: '/api/submissions/:id/decision',
    access: { permission: 'submission.read' },
    params: ZIdParam,
    body: ZDecision,
    handler: ({ ctx, params, body }) => decideOnSubmission(ctx, params.id, body),
  }),
  bulk: defineRoute({ method: 'POST', url: '/api/review/bulk', access: { permission: 'submission.read' }, body: ZBulkDecision, handler: ({ ctx, body }) => bulkDecide(ctx, body) }),
  setSensitivity: defineRoute({
    method: 'PUT',
    url: '/api/submissions/:id/sensitivity',
    access: { permission: 'review.decide' },
    params: ZIdParam,
    body: ZSensitivity,
    handler: ({ ctx, params, body }) => setSensitivity(ctx, params.id, body),
  }),
  resolveFinding: defineRoute({
    method: 'POST',
    url: '/api/submissions/:id/findings/:findingId',
    access: { permission: 'review.resolve_findings' },
    params: ZFindingParams,
    body: ZResolveFinding,
    handler: ({ ctx, params, body }) => resolveFinding(ctx, params.id, params.findingId, body),
  }),
  chains: defineRoute({ method: 'GET', url: '/api/review/chains', access: { permission: 'review.configure' }, handler: ({ ctx }) => findChains(ctx) }),
  setChain: defineRoute({ method: 'PUT', url: '/api/review/chains', access: { permission: 'review.configure' }, body: ZSetChain, handler: ({ ctx, body }) => setChain(ctx, body) }),
  notifications: defineRoute({
    method: 'GET',
    url: '/api/notifications',
    access: { signedIn: true },
    query: ZNotificationsQuery,
    handler: ({ ctx, query }) => findMyNotifications(ctx, { unreadOnly: query.unread === '1' }),
  }),
  markNotificationsRead: defineRoute({ method: 'POST', url: '/api/notifications/read', access: { signedIn: true }, body: ZMarkRead, handler: ({ ctx, body }) => markNotificationsRead(ctx, body.ids) }),
} satisfies RouteTable;
