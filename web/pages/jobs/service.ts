import { api } from '../../app/request';
import type { JobState } from '../../../server/jobs/tables';

export type { JobState };

/** One row of GET /api/jobs (times as ISO strings). */
export type JobView = {
  id: string;
  name: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  /** When it runs next (queued, failed); when it was due (others). */
  runAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
};

export type JobsPage = { items: JobView[]; total: number; states: Partial<Record<JobState, number>> };

export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'failed', 'dead', 'done'];

export const fetchJobs = (q: { state?: JobState | undefined; page: number; pageSize: number }) => api.get<JobsPage>('/api/jobs', q);
