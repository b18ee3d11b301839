import { z } from 'zod';
import { AWARD_LEVELS, isCalendarDate, normalizeUrl, OUTLET_TIERS } from '../records/kinds';
import { SUBMISSION_KINDS } from '../submissions/kinds';

/**
 * The interchange format (docs/interchange.md): one JSON document holding an organisation's units,
 * people, accepted works, records of use and scoring ledger entries, each element named by its
 * `code` in the system it comes from. `xuanbao import` reads it (all or nothing, idempotent by code)
 * and `xuanbao export` writes it. docs/interchange.schema.json is generated from this schema
 * (`npx tsx server/interchange/write-schema.ts`; a test holds the committed file to it).
 *
 * The schema checks the shape of each element; what needs the database (a unit type, an outlet, a
 * reference to a code in the file or already imported) is checked by the import, which reports every
 * problem with its JSON path.
 */
export const FORMAT = 'xuanbao-interchange';
export const VERSION = 1;

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullish();

/** An element's code in its own system: any text without control characters, 1–100 characters. */
export const ZCode = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[^\u0000-\u001f\u007f]+$/, { message: '编码不能含控制字符 / A code has no control characters' })
  .refine((s) => s.trim() === s, { message: '编码首尾不能有空格 / A code has no leading or trailing spaces' })
  .describe("The element's code in the system it comes from (unique per section within the organisation). Importing the same code again updates that element.");

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** A calendar date (2024-03-31), or a date-time with its offset (2024-03-31T23:30:00+08:00, …Z). A date-time without an offset is refused: it names no instant. */
export function isDateOrDateTime(s: string): boolean {
  if (isCalendarDate(s)) return true;
  const m = DATE_TIME.exec(s);
  return !!m && isCalendarDate(m[1]!) && !Number.isNaN(Date.parse(s));
}
export const ZWhen = z
  .string()
  .refine(isDateOrDateTime, { message: '须为日期（2024-03-31）或带时区偏移的日期时间（2024-03-31T23:30:00+08:00） / A date (2024-03-31) or a date-time with its offset (2024-03-31T23:30:00+08:00)' })
  .describe('A calendar date (YYYY-MM-DD, in the deployment time zone) or an RFC 3339 date-time with its offset (Z or ±hh:mm).');

const ZUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => normalizeUrl(v) !== null, { message: '须为 http(s) 网址 / An http(s) address' });

export const ZUnit = z
  .strictObject({
    code: ZCode,
    name: text(100),
    shortName: optText(30),
    type: text(40).describe('A unit type key of the deployment: office, bureau, department, brigade, police_station, detention_center, member_unit, township, …'),
    parent: ZCode.nullable().describe("The parent unit's code; null for the organisation itself (exactly one unit has no parent)."),
  })
  .describe('A unit of the organisation (the tree: parents before or after children, any order).');

export const ZPerson = z
  .strictObject({
    code: ZCode,
    name: text(50),
    unit: ZCode.describe("The code of the person's unit."),
    login: z
      .string()
      .trim()
      .min(2)
      .max(64)
      .regex(/^[a-zA-Z0-9._-]+$/, { message: '账号只能包含字母、数字和 . _ - / Letters, digits, . _ - only' })
      .nullish()
      .describe('The sign-in name (new people get it; without one, a name is made from the code). Imported people cannot sign in until an administrator resets their password.'),
  })
  .describe('A person (a correspondent, an author, an editor …).');

export const ZWork = z
  .strictObject({
    code: ZCode,
    kind: z.enum(SUBMISSION_KINDS).describe('briefing_item 信息简报, lead 宣传报道线索, material 图片、视频素材, article 外宣稿件, original_work 原创作品'),
    unit: ZCode.describe('The code of the unit credited with the work.'),
    authors: z.array(ZCode).min(1).max(50).describe('The codes of its authors (people), at least one; the first is shown as the one who submitted it.'),
    tags: z
      .array(text(40))
      .max(20)
      .default([])
      .describe('Tags, e.g. city_campaign: made for the city bureau’s planned campaign or commission (市局宣传策划、约稿、作品征集).'),
    title: text(200),
    body: z.string().max(20000).default(''),
    acceptedAt: ZWhen.describe('When the office accepted it (录用): a date (read as midnight in the deployment time zone) or a date-time with offset.'),
    media: z
      .enum(['photo', 'video'])
      .nullish()
      .describe('Only for material (图片、视频素材): a photo or a video. An imported work has no files, so this is how rubrics tell them apart (a photo when left out).'),
  })
  .describe('An accepted item (录用稿件). It is brought in as accepted and its review history says it was imported, reviewed by nobody in Xuanbao.');

const recordCommon = {
  code: ZCode,
  work: ZCode.nullish().describe("The work's code. Without one, `unit` and `title` name a work that is not in the system (an old ledger's row)."),
  unit: ZCode.nullish().describe('Only without `work`: the unit credited.'),
  title: optText(200).describe('Only without `work`: the title of the piece as written.'),
  authors: optText(200).describe('Only without `work`: its authors as written.'),
  at: ZWhen.describe('The date of the use; a date-time with offset is read as its calendar day in the deployment time zone.'),
  evidenceUrl: ZUrl.nullish(),
  note: optText(500),
};

export const ZRecord = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('briefing_use'),
      mode: z.enum(['standalone', 'comprehensive']).describe('standalone 单独刊发 or comprehensive 综合采用'),
      issue: text(100).describe('The briefing issue, e.g. 2024年第12期'),
      ...recordCommon,
    }),
    z.strictObject({ kind: z.literal('upper_adoption'), level: text(40).describe('An upper level code: county, city, province, ministry, or one of the organisation’s own'), ...recordCommon }),
    z.strictObject({ kind: z.literal('recommendation'), level: text(40).describe('An upper level code, as for upper_adoption'), ...recordCommon }),
    z.strictObject({
      kind: z.literal('media'),
      outlet: text(100).describe('The outlet’s name or an alias in the registry (人民日报, 人民网 …). An outlet not in the registry is added to the organisation’s registry when `tier` is given.'),
      tier: z.enum(OUTLET_TIERS).nullish().describe('central, provincial, city or county; must agree with the registry for a known outlet.'),
      channel: optText(100).describe("The channel or column (客户端要文 …); one of the outlet's channels, else kept as the column's name."),
      centralMainChannel: z
        .boolean()
        .nullish()
        .describe("True when the outlet is one of the seven central main media and the channel is a qualifying one (主网首页, 客户端推荐/热点/要文); must agree with the registry."),
      url: ZUrl.nullish(),
      ...recordCommon,
    }),
    z.strictObject({ kind: z.literal('broadcast'), level: z.enum(['national', 'regional']), platform: text(100), ...recordCommon }),
    z.strictObject({ kind: z.literal('award_work'), level: z.enum(AWARD_LEVELS), award: text(200), ...recordCommon }),
    z.strictObject({
      kind: z.literal('award_person'),
      level: z.enum(AWARD_LEVELS),
      award: text(100).describe('The award or the title given (年度优秀通讯员 …)'),
      person: ZCode.nullish().describe('The code of the person honoured.'),
      personName: optText(50).describe('Only without `person`: the name as written, for someone not in the system.'),
      ...recordCommon,
    }),
  ])
  .describe('A record of use (采用/刊发记录) of a work: one dated use, of one of seven kinds.');

export const LEDGER_KINDS = ['task_missed', 'nomination_missed', 'violation', 'emergency_task', 'award_person', 'award_work'] as const;
const ZMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '须为月份 YYYY-MM / A month, YYYY-MM' })
  .describe('The month the task belongs to (YYYY-MM). An entry dated after its month counts on the month’s last day.');
const ZAwardLevel = z.enum(AWARD_LEVELS);
const ledgerCommon = {
  code: ZCode,
  unit: ZCode.describe('The code of the unit the entry is on (in the file or already in the organisation).'),
  at: ZWhen.describe('The date of the event (a date-time with offset is read as its calendar day in the deployment time zone).'),
  note: optText(500),
  evidenceUrl: ZUrl.nullish().describe('Where the evidence is kept (an imported entry needs no uploaded file).'),
};

export const ZLedgerEntry = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('task_missed'),
      month: ZMonth,
      task: z.literal('repost_vote').default('repost_vote').describe('The task: repost_vote (转发、投票任务), the default.'),
      ...ledgerCommon,
    }),
    z.strictObject({ kind: z.literal('nomination_missed'), month: ZMonth, ...ledgerCommon }),
    z.strictObject({
      kind: z.literal('violation'),
      violation: z.enum(['unapproved_account', 'criticism']).describe('unapproved_account 未经审批开设新媒体账号, criticism 被通报、批评或考核扣分'),
      negativeCoverage: z.boolean().describe('True when it caused negative coverage (引发负面舆情: rubrics may double the deduction).'),
      ...ledgerCommon,
    }),
    z.strictObject({ kind: z.literal('emergency_task'), title: text(200).describe('The task done well (应急任务).'), ...ledgerCommon }),
    z.strictObject({
      kind: z.literal('award_person'),
      person: ZCode.describe('The code of the person honoured (in the file or already in the organisation).'),
      title: text(100).describe('The honour, e.g. 年度优秀通讯员'),
      level: ZAwardLevel,
      ...ledgerCommon,
    }),
    z.strictObject({
      kind: z.literal('award_work'),
      title: text(200).describe('The title of the work (a work outside the system; the unit and title name it).'),
      level: ZAwardLevel,
      field: z.enum(['news', 'culture']).describe('news 新闻宣传 or culture 公安文化'),
      authors: z.array(ZCode).max(20).default([]).describe('The codes of its authors (people in the file or the organisation), if any.'),
      ...ledgerCommon,
    }),
  ])
  .describe('A scoring ledger entry (考核台账事项): an event no screen records — a task or nomination missed in a month, a violation, an emergency task done well, an award to a person or to a work outside the system.');

export const ZInterchange = z
  .strictObject({
    format: z.literal(FORMAT),
    version: z.literal(VERSION),
    exportedAt: z.string().nullish().describe('When the file was written (informative).'),
    units: z.array(ZUnit).default([]),
    people: z.array(ZPerson).default([]),
    works: z.array(ZWork).default([]),
    records: z.array(ZRecord).default([]),
    ledger: z.array(ZLedgerEntry).default([]),
  })
  .describe("Xuanbao's interchange file: one organisation's units, people, accepted works, records of use and ledger entries.");

export type Interchange = z.infer<typeof ZInterchange>;
/** A file as written (defaults not yet filled in). */
export type InterchangeInput = z.input<typeof ZInterchange>;
export type UnitEl = z.infer<typeof ZUnit>;
export type PersonEl = z.infer<typeof ZPerson>;
export type WorkEl = z.infer<typeof ZWork>;
export type RecordEl = z.infer<typeof ZRecord>;
export type LedgerEl = z.infer<typeof ZLedgerEntry>;

/** The JSON Schema of the format (what docs/interchange.schema.json holds). */
export function interchangeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ZInterchange, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return { $schema: schema.$schema, title: 'Xuanbao interchange file, version 1', ...schema };
}

/** The schema as committed: two-space JSON with a final newline. */
export const interchangeJsonSchemaText = () => `${JSON.stringify(interchangeJsonSchema(), null, 2)}\n`;
