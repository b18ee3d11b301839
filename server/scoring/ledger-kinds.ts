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

const VIOLATION_WORDS: Record<string, { zh: string; en: string }> = {
  unapproved_account: { zh: '未经审批开设新媒体账号', en: 'new-media account opened without approval' },
  criticism: { zh: '被上级通报批评', en: 'officially criticised by an upper level' },
};
const LEVEL_WORDS: Record<string, { zh: string; en: string }> = {
  national: { zh: '国家级', en: 'national' },
  regional: { zh: '自治区级', en: 'regional' },
  city: { zh: '市级', en: 'city' },
};
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * What a ledger entry is, in a line of the user's language, for an explanation's entry that has no
 * work: its kind and its own facts, e.g. "转发/投票任务未完成 · 2024年3月", "高质量完成应急任务 · 那达慕安保宣传",
 * "新媒体违规或被通报批评 · 被上级通报批评（引发负面舆情）", "个人荣誉 · 张三 · 优秀通讯员（市级）".
 */
export function describeLedgerEntry(e: { kind: string; month: string | null; attrs: Record<string, unknown>; personName?: string | null | undefined }, locale: 'zh-CN' | 'en'): string {
  const en = locale === 'en';
  const word = (w: { zh: string; en: string } | undefined, fallback: string) => (w ? (en ? w.en : w.zh) : fallback);
  const parts: string[] = [word(LEDGER_KIND_LABELS[e.kind as LedgerKind], e.kind)];
  if (e.month && isMonth(e.month)) {
    const [y, m] = e.month.split('-').map(Number) as [number, number];
    parts.push(en ? `${MONTH_EN[m - 1]} ${y}` : `${y}年${m}月`);
  }
  const a = e.attrs;
  if (typeof a.violation === 'string') parts.push(`${word(VIOLATION_WORDS[a.violation], a.violation)}${a.negative_coverage === true ? (en ? ' (negative coverage)' : '（引发负面舆情）') : ''}`);
  if (e.personName) parts.push(e.personName);
  if (typeof a.title === 'string' && a.title) parts.push(`${a.title}${typeof a.level === 'string' ? (en ? ` (${word(LEVEL_WORDS[a.level], a.level)})` : `（${word(LEVEL_WORDS[a.level], a.level)}）`) : ''}`);
  return parts.join(' · ');
}
