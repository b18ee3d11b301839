import type { zhCNJobs } from './zh-CN.jobs';

/** English: the background jobs page (spread into en.ts). */
export const enJobs: { readonly [K in keyof typeof zhCNJobs]: string } = {
  'menu.jobs': 'Background jobs',

  'jobs.sub': 'Scheduled and background work; failed jobs are retried automatically',
  'jobs.name': 'Job',
  'jobs.state': 'State',
  'jobs.attempts': 'Attempts',
  'jobs.runAt': 'Runs at',
  'jobs.startedAt': 'Last started',
  'jobs.finishedAt': 'Finished',
  'jobs.lastError': 'Last error',
  'jobs.worker': 'Worker',
  'jobs.total': '{n} jobs',
  'jobs.empty': 'No jobs yet',
  'jobs.state.queued': 'Queued',
  'jobs.state.running': 'Running',
  'jobs.state.failed': 'Retrying',
  'jobs.state.dead': 'Given up',
  'jobs.state.done': 'Done',
  'jobs.deadHint': 'Reached its maximum attempts and will not be retried; see the error',
  'jobs.job.audit.purge': 'Purge expired audit log rows',
  'jobs.job.audit.checkpoint': 'Write an audit checkpoint',
  'jobs.job.jobs.prune': 'Delete old finished jobs',
  'jobs.job.files.clean': 'Remove leftover temporary and unreferenced files',
  'jobs.job.submissions.search_backfill': 'Index older items for the archive search',
};
