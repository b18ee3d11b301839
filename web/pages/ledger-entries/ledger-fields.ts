/**
 * The ledger form's pure part: which facts each kind asks for, the form's values as the API's fields
 * of that kind (server/scoring/schema.ts ZLedgerInput), and a stored entry back into the form.
 */
import dayjs, { type Dayjs } from 'dayjs';
import type { LedgerCorrection, LedgerEntry, LedgerKind } from './service';

export type Values = {
  unitId: string;
  kind: LedgerKind;
  occurredOn: Dayjs;
  month?: Dayjs;
  personId?: string;
  title?: string;
  level?: 'national' | 'regional' | 'city';
  field?: 'news' | 'culture';
  violation?: 'unapproved_account' | 'criticism';
  negativeCoverage?: boolean;
  note?: string;
  evidenceUrl?: string;
  reason?: string;
};

const LEVELS = ['national', 'regional', 'city'] as const;
/** Which facts each kind asks for (the attributes the rubric templates test, docs/rubric-schema.md). */
export const KIND_FIELDS: Record<LedgerKind, { month?: boolean; person?: boolean; title?: boolean; levels?: readonly (typeof LEVELS)[number][]; field?: boolean; violation?: boolean }> = {
  task_missed: { month: true },
  nomination_missed: { month: true },
  violation: { violation: true },
  emergency_task: { title: true },
  award_person: { person: true, title: true, levels: LEVELS },
  award_work: { title: true, levels: LEVELS, field: true },
};

type Fields = LedgerCorrection['entry'];

/** The form's values as the API's fields of that kind (and the common ones). */
export function toFields(v: Values, evidenceIds: string[]): Fields {
  const common = { occurredOn: v.occurredOn.format('YYYY-MM-DD'), note: v.note?.trim() || null, evidenceUrl: v.evidenceUrl?.trim() || null, evidenceIds };
  const month = (v.month ?? v.occurredOn).format('YYYY-MM');
  switch (v.kind) {
    case 'task_missed':
      return { kind: 'task_missed', month, task: 'repost_vote', ...common };
    case 'nomination_missed':
      return { kind: 'nomination_missed', month, ...common };
    case 'violation':
      return { kind: 'violation', violation: v.violation ?? 'unapproved_account', negativeCoverage: v.negativeCoverage === true, ...common };
    case 'emergency_task':
      return { kind: 'emergency_task', title: (v.title ?? '').trim(), ...common };
    case 'award_person':
      return { kind: 'award_person', personId: v.personId ?? '', title: (v.title ?? '').trim(), level: v.level ?? 'city', ...common };
    case 'award_work':
      return { kind: 'award_work', title: (v.title ?? '').trim(), level: v.level ?? 'city', field: v.field ?? 'news', authorIds: [], ...common };
  }
}

/** A stored entry back into the form. */
export function valuesOf(e: LedgerEntry): Values {
  const a = e.attrs as Record<string, string | number | boolean | undefined>;
  const v: Values = { unitId: e.unitId, kind: e.kind as LedgerKind, occurredOn: dayjs(e.occurredOn), note: e.note ?? undefined, evidenceUrl: e.evidenceUrl ?? undefined };
  if (e.month) v.month = dayjs(`${e.month}-01`);
  if (e.personId) v.personId = e.personId;
  if (typeof a.title === 'string') v.title = a.title;
  if (a.level === 'national' || a.level === 'regional' || a.level === 'city') v.level = a.level;
  if (a.field === 'news' || a.field === 'culture') v.field = a.field;
  if (a.violation === 'unapproved_account' || a.violation === 'criticism') v.violation = a.violation;
  v.negativeCoverage = a.negative_coverage === true;
  return v;
}
