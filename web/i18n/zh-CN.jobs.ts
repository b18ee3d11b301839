/** 简体中文: the background jobs page (spread into zh-CN.ts). */
export const zhCNJobs = {
  'menu.jobs': '后台任务',

  'jobs.sub': '定时任务和后台作业的运行情况；失败的任务会自动重试',
  'jobs.name': '任务',
  'jobs.state': '状态',
  'jobs.attempts': '尝试次数',
  'jobs.runAt': '计划运行',
  'jobs.startedAt': '最近开始',
  'jobs.finishedAt': '结束',
  'jobs.lastError': '最近错误',
  'jobs.worker': '执行进程',
  'jobs.total': '共 {n} 个任务',
  'jobs.empty': '暂无任务',
  'jobs.state.queued': '等待中',
  'jobs.state.running': '运行中',
  'jobs.state.failed': '待重试',
  'jobs.state.dead': '已放弃',
  'jobs.state.done': '已完成',
  'jobs.deadHint': '已达最大尝试次数，不再重试，请根据错误信息排查',
  'jobs.job.audit.purge': '清理过期审计日志',
} as const satisfies Record<string, string>;
