import { defineRoute, type RouteTable } from '../http/route';
import { searchArchive } from './archive';
import { ZArchiveQuery } from './schema';

export const archiveRoutes = {
  // Anyone signed in: each type finds only what the caller may open (items: submission.read on the item's unit subtree).
  search: defineRoute({ method: 'GET', url: '/api/archive', access: { signedIn: true }, query: ZArchiveQuery, handler: ({ ctx, query }) => searchArchive(ctx, query) }),
} satisfies RouteTable;
