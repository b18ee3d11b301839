/**
 * Ledger entries, pure: the kinds of event editors enter by hand (no screen records them), their words,
 * and the date a task outcome counts on. Tested in ledger-kinds.test.ts.
 */
export const LEDGER_KINDS = ['task_missed', 'nomination_missed', 'violation', 'emergency_task', 'award_person', 'award_work'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export type LedgerStatus = 'active' | 'withdrawn';
/** Kinds that belong to a month (the month of the task, not the day it was entered). */
export const MONTHLY_KINDS: readonly LedgerKind[] = ['task_missed', 'nomination_missed'];

export const LEDGER_KIND_LABELS: Record<LedgerKind, { zh: string; en: string }> = {
  task_missed: { zh: '转发/投票任务未完成', en: 'Repost/vote task not done' },
  nomination_missed: { zh: '月度“最美之星”推荐未落实', en: 'Monthly nomination not done' },
  violation: { zh: '新媒体违规或被通报批评', en: 'New-media violation or official criticism' },
  emergency_task: { zh: '高质量完成应急任务', en: 'Emergency task done well' },
  award_person: { zh: '个人荣誉', en: 'Honour to a person' },
  award_work: { zh: '作品获奖（系统外作品）', en: 'Award to a work outside the system' },
};

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The calendar date an entry counts on: its own date, except that an entry of a month (a task outcome)
 * entered outside that month counts on the month's last day (when the month's task fell due), so a
 * March task missed and entered on 2 April scores in March.
 */
export function countingDate(e: { occurredOn: string; month: string | null }): string {
  if (!e.month || e.occurredOn.startsWith(`${e.month}-`)) return e.occurredOn;
  const [y, m] = e.month.split('-').map(Number) as [number, number];
  return `${e.month}-${pad(lastDay(y, m))}`;
}

/** "2024-03" that is a real month. */
export const isMonth = (s: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
