import { z } from 'zod';
import { ZDayRange, ZSort } from '../http/list';
import { ZPage } from '../http/route';
import { isCalendarDate } from '../records/kinds';
import { ZUrl } from '../records/schema';
import { isMonth, LEDGER_KINDS } from './ledger-kinds';
import { RUBRIC_SOURCES } from './rubrics';

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));
const ZDate = z.string().refine(isCalendarDate, { message: '日期须为有效的日历日期（YYYY-MM-DD） / A valid date (YYYY-MM-DD)' });
const ZMonth = z.string().refine(isMonth, { message: '月份须为 YYYY-MM / A month (YYYY-MM)' });
const optUrl = z.union([ZUrl, z.literal('')]).nullish().transform((v) => (v ? v : null));
const ZLevel = z.enum(['national', 'regional', 'city']);
/** A period key: 2024-03-H1, 2024-W05, 2024-03, 2024-Q1, 2024, 2024-03-01..2024-03-20 (checked by the engine). */
const ZPeriod = z.string().trim().min(4).max(40);

export const ZCreateRubric = z.strictObject({ name: text(100), from: z.enum(RUBRIC_SOURCES), unitId: z.uuid().optional() });
export const ZRubricDraft = z.strictObject({ yaml: z.string().max(200_000) });

export const ZRankingsQuery = z.strictObject({ rubricId: z.uuid(), period: ZPeriod, subject: z.enum(['units', 'people']).default('units'), group: z.string().trim().min(1).max(40).optional() });
export const ZExplainQuery = z
  .strictObject({ rubricId: z.uuid(), period: ZPeriod, unitId: z.uuid().optional(), personId: z.uuid().optional() })
  .refine((q) => !!q.unitId !== !!q.personId, { message: '须指定 unitId 或 personId 之一 / Give exactly one of unitId and personId', path: ['unitId'] });
export const ZSeriesQuery = z.strictObject({ rubricId: z.uuid(), year: z.coerce.number().int().min(2000).max(2100), by: z.enum(['month', 'quarter']).default('month'), unitId: z.uuid().optional() });
export const ZWhatIf = z.strictObject({ rubricId: z.uuid(), yaml: z.string().max(200_000), period: ZPeriod });

const F = {
  task_missed: { kind: z.literal('task_missed'), month: ZMonth, task: z.literal('repost_vote').default('repost_vote') },
  nomination_missed: { kind: z.literal('nomination_missed'), month: ZMonth },
  violation: { kind: z.literal('violation'), violation: z.enum(['unapproved_account', 'criticism']), negativeCoverage: z.boolean() },
  emergency_task: { kind: z.literal('emergency_task'), title: text(200) },
  award_person: { kind: z.literal('award_person'), personId: z.uuid(), title: text(100), level: ZLevel },
  award_work: { kind: z.literal('award_work'), title: text(200), level: ZLevel, field: z.enum(['news', 'culture']), authorIds: z.array(z.uuid()).max(20).default([]) },
};
const common = { occurredOn: ZDate, note: optText(500), evidenceUrl: optUrl, evidenceIds: z.array(z.uuid()).max(10).default([]) };
const entry = { unitId: z.uuid(), ...common, externalCode: optText(100) };

/** A ledger entry as entered (by kind). */
export const ZLedgerInput = z.discriminatedUnion('kind', [
  z.strictObject({ ...F.task_missed, ...entry }),
  z.strictObject({ ...F.nomination_missed, ...entry }),
  z.strictObject({ ...F.violation, ...entry }),
  z.strictObject({ ...F.emergency_task, ...entry }),
  z.strictObject({ ...F.award_person, ...entry }),
  z.strictObject({ ...F.award_work, ...entry }),
]);
/** A correction: the same kind's fields, the reason and the revision read. */
export const ZLedgerCorrect = z.strictObject({
  reason: text(500),
  rev: z.number().int().min(0),
  entry: z.discriminatedUnion('kind', [
    z.strictObject({ ...F.task_missed, ...common }),
    z.strictObject({ ...F.nomination_missed, ...common }),
    z.strictObject({ ...F.violation, ...common }),
    z.strictObject({ ...F.emergency_task, ...common }),
    z.strictObject({ ...F.award_person, ...common }),
    z.strictObject({ ...F.award_work, ...common }),
  ]),
  removeEvidenceIds: z.array(z.uuid()).max(20).default([]),
});
export const ZLedgerWithdraw = z.strictObject({ reason: text(500), rev: z.number().int().min(0).optional() });
/** The columns the ledger list sorts by (ledger.ts LEDGER_SORTS); newest first by default. */
export const LEDGER_SORT_FIELDS = ['occurredOn', 'unit', 'kind', 'status', 'createdAt'] as const;
export type LedgerSortField = (typeof LEDGER_SORT_FIELDS)[number];
/** A unit with the units below it, days of the entry (both included), kind, status; sorted and paged on the server. */
export const ZLedgerQuery = z.strictObject({
  unitId: z.uuid().optional(),
  ...ZDayRange,
  kind: z.enum(LEDGER_KINDS).optional(),
  status: z.enum(['active', 'withdrawn']).optional(),
  ...ZSort(LEDGER_SORT_FIELDS),
  ...ZPage,
});
