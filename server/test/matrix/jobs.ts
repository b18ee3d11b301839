/** Authorization matrix entries for the job queue (see server/test/matrix/matrix.ts). */
import type { MatrixEntries } from './matrix';

export const jobsMatrix: MatrixEntries = {
  'GET /api/jobs': {
    allow: ['admin'],
    scoped: false,
    unscopedReason: 'background jobs belong to the deployment, not to a unit',
    request: async () => ({ url: '/api/jobs?pageSize=5' }),
  },
};
