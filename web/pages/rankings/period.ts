/**
 * The period picker's pure part: a kind and a picked date (or two) → the period key the scoring API
 * takes (server/scoring/engine/periods.ts `periodFromKey`: 2024-03-H1, 2024-W05, 2024-03, 2024-Q1,
 * 2024, 2024-03-01..2024-03-20), and a key back to what the picker shows. The engine's own period
 * functions make the keys, so the web and the server never disagree on a week or a half-month.
 */
import { customPeriod, parseLocalDate, periodContaining, periodFromKey, type Period, type PeriodKind } from '../../../server/scoring/engine/periods';

export type { PeriodKind };
export const PICKER_KINDS: readonly PeriodKind[] = ['half_month', 'iso_week', 'month', 'quarter', 'year', 'custom'];

/** The key of the period of `kind` holding the calendar date `day` ("YYYY-MM-DD"); for custom, `day`..`lastDay`. */
export function periodKey(kind: PeriodKind, day: string, lastDay?: string): string {
  if (kind === 'custom') {
    const end = lastDay ?? day;
    return end < day ? customPeriod(end, day).key : customPeriod(day, end).key;
  }
  return periodContaining(kind, parseLocalDate(day)).key;
}

/** The period of a key, or null when the key is not one (a hand-edited URL). */
export function readPeriod(key: string | undefined | null): Period | null {
  if (!key) return null;
  try {
    return periodFromKey(key);
  } catch {
    return null;
  }
}

/** The default: this month in the deployment's zone. `today` is "YYYY-MM-DD". */
export function defaultPeriodKey(today: string): string {
  return periodKey('month', today);
}

/** Moves a period by one of its own length (← / → buttons); a custom range moves by its number of days. */
export function shiftPeriod(key: string, step: 1 | -1): string {
  const p = periodFromKey(key);
  if (p.kind === 'custom') {
    const days = Math.round((Date.parse(`${p.lastDay}T00:00:00Z`) - Date.parse(`${p.firstDay}T00:00:00Z`)) / 86_400_000) + 1;
    const move = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + step * days * 86_400_000).toISOString().slice(0, 10);
    return customPeriod(move(p.firstDay), move(p.lastDay)).key;
  }
  const anchor = step === 1 ? new Date(Date.parse(`${p.lastDay}T00:00:00Z`) + 86_400_000) : new Date(Date.parse(`${p.firstDay}T00:00:00Z`) - 86_400_000);
  return periodKey(p.kind, anchor.toISOString().slice(0, 10));
}

/** A label for a period in the user's language: "2024年3月上半月" / "1–15 Mar 2024". */
export function periodLabel(key: string, locale: 'zh-CN' | 'en'): string {
  const p = readPeriod(key);
  if (!p) return key;
  const [y, m] = [Number(p.firstDay.slice(0, 4)), Number(p.firstDay.slice(5, 7))];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const zh = locale === 'zh-CN';
  switch (p.kind) {
    case 'half_month': {
      const h1 = p.key.endsWith('H1');
      return zh ? `${y}年${m}月${h1 ? '上' : '下'}半月` : `${h1 ? '1–15' : `16–${Number(p.lastDay.slice(8))}`} ${MONTHS[m - 1]} ${y}`;
    }
    case 'iso_week': {
      const w = Number(p.key.slice(-2));
      return zh ? `${p.key.slice(0, 4)}年第${w}周（${p.firstDay.slice(5)}至${p.lastDay.slice(5)}）` : `Week ${w} of ${p.key.slice(0, 4)} (${p.firstDay.slice(5)} to ${p.lastDay.slice(5)})`;
    }
    case 'month':
      return zh ? `${y}年${m}月` : `${MONTHS[m - 1]} ${y}`;
    case 'quarter':
      return zh ? `${y}年第${p.key.slice(-1)}季度` : `Q${p.key.slice(-1)} ${y}`;
    case 'year':
      return zh ? `${y}年` : `${y}`;
    case 'custom':
      return zh ? `${p.firstDay} 至 ${p.lastDay}` : `${p.firstDay} to ${p.lastDay}`;
  }
}

/** A chart axis label: "3月" / "Mar" for a month, "第1季度" / "Q1" for a quarter, else the full label. */
export function shortPeriodLabel(key: string, locale: 'zh-CN' | 'en'): string {
  const m = /^\d{4}-(\d{2})$/.exec(key);
  if (m) return locale === 'zh-CN' ? `${Number(m[1])}月` : ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m[1]) - 1]!;
  const q = /^\d{4}-Q([1-4])$/.exec(key);
  if (q) return locale === 'zh-CN' ? `第${q[1]}季度` : `Q${q[1]}`;
  return periodLabel(key, locale);
}
