import { z } from 'zod';
import { ZPage } from '../http/route';
import { JOB_STATES } from './tables';

export const ZJobsQuery = z.strictObject({
  state: z.enum(JOB_STATES).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  ...ZPage,
});
