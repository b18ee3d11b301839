import { z } from 'zod';
import { defineRoute, type RouteTable } from '../http/route';
import { homeSummary } from './home';

export const ZHomeQuery = z.strictObject({ badges: z.enum(['0', '1']).optional() });

export const homeRoutes = {
  /** What needs the caller now, per role (the home page); `badges=1`: only the menu's counts. */
  summary: defineRoute({
    method: 'GET',
    url: '/api/home',
    access: { signedIn: true },
    query: ZHomeQuery,
    handler: ({ ctx, query }) => homeSummary(ctx, { badges: query.badges === '1' }),
  }),
} satisfies RouteTable;
