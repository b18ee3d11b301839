import { z } from 'zod';

export const ZNotificationsQuery = z.strictObject({ unread: z.enum(['0', '1']).optional() });
export const ZMarkRead = z.strictObject({ ids: z.union([z.array(z.uuid()).max(200), z.literal('all')]) });
