/**
 * Why an entry did not count in full, as one sentence in the reader's language (zh-CN first, English).
 * Pure; every status but `counted` has one (reasons.test.ts).
 */
import type { Locale } from '../errors';
import type { Entry } from './engine/engine';
import { formatPoints } from './engine/points';
import type { CompiledRubric } from './engine/rubric';
import { DEFAULT_TIME_ZONE, formatLocalDate, localDateOf } from './engine/periods';

export function entryReason(e: Entry, rubric: CompiledRubric, locale: Locale, tz: string = DEFAULT_TIME_ZONE): string | null {
  const item = rubric.items.find((i) => i.key === e.itemKey)!;
  const en = locale === 'en';
  const pts = formatPoints(e.points);
  const counted = formatPoints(e.counted);
  switch (e.status) {
    case 'counted':
      return null;
    case 'dedupe': {
      const k = e.keptInstead;
      const keptItem = k ? (rubric.items.find((i) => i.key === k.itemKey)?.name ?? k.itemKey) : '';
      const keptPts = k ? formatPoints(k.points) : '';
      return en
        ? `The same work or honour scores once, at its highest: this entry (${pts}) is not counted; it counts ${keptPts} under "${keptItem}" instead.`
        : `同一作品、稿件、荣誉只计分1次，取最高分：本条（${pts}分）不计，已按“${keptItem}”${keptPts}分计入。`;
    }
    case 'cap':
      return en
        ? `"${item.name}" is capped at ${formatPoints(item.max ?? 0)}: of this entry's ${pts}, ${counted} counted.`
        : `“${item.name}”最高${formatPoints(item.max ?? 0)}分，已达上限：本条${pts}分中计入${counted}分。`;
    case 'floor':
      return en
        ? `"${item.name}" cannot fall below ${formatPoints(item.floor)}: of this deduction of ${pts}, ${counted} was deducted.`
        : `“${item.name}”扣分至${formatPoints(item.floor)}分为止：本条应扣${pts}分，实扣${counted}分。`;
    case 'window': {
      const rule = rubric.rubric.sections.flatMap((s) => s.items).find((i) => i.key === e.itemKey)?.rules.find((r) => r.key === e.ruleKey);
      const months = rule?.months ?? [];
      const range = months.length ? `${Math.min(...months)}–${Math.max(...months)}` : '';
      const month = localDateOf(e.at, tz).month;
      return en ? `"${item.name}" counts months ${range} only; this entry is of month ${month}.` : `“${item.name}”只计${range.replace('–', '至')}月，本条在${month}月，不计分。`;
    }
    case 'once_per_month': {
      const k = e.keptInstead;
      return en
        ? `"${item.name}" deducts at most once per month; this month's deduction is already made by another entry${k ? ` (${k.eventId.slice(0, 8)})` : ''}.`
        : `“${item.name}”每月至多扣分一次，本月已由另一条记录${k ? `（${k.eventId.slice(0, 8)}）` : ''}扣分，本条不再扣分。`;
    }
  }
}

/** The date of an instant in the zone, for explanations ("2024-03-05"). */
export const dateOf = (at: number, tz: string = DEFAULT_TIME_ZONE) => formatLocalDate(localDateOf(at, tz));
