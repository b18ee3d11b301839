import { z } from 'zod';
import { AWARD_LEVELS, isCalendarDate, normalizeUrl, OUTLET_TIERS } from './kinds';

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));
/** A calendar date (YYYY-MM-DD) that exists. */
export const ZDate = z.string().refine(isCalendarDate, { message: '日期须为有效的日历日期（YYYY-MM-DD） / A valid date (YYYY-MM-DD)' });
/** An http(s) address. */
export const ZUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => normalizeUrl(v) !== null, { message: '链接须为 http(s) 网址 / An http(s) address' });
const optUrl = z.union([ZUrl, z.literal('')]).nullish().transform((v) => (v ? v : null));

const common = {
  usedOn: ZDate,
  evidenceUrl: optUrl,
  evidenceIds: z.array(z.uuid()).max(10).default([]),
  note: optText(500),
};

/** What a person records by hand, by kind (briefing use is never typed by hand). */
export const ZRecordInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('upper_adoption'), level: text(40), ...common }),
  z.strictObject({ kind: z.literal('recommendation'), level: text(40), ...common }),
  z.strictObject({ kind: z.literal('media'), outletId: z.uuid(), channelId: z.uuid().nullish().transform((v) => v ?? null), columnName: optText(100), url: optUrl, ...common }),
  z.strictObject({ kind: z.literal('broadcast'), platform: text(100), scope: z.enum(['national', 'regional']), ...common }),
  z.strictObject({ kind: z.literal('award_work'), level: z.enum(AWARD_LEVELS), awardName: text(200), ...common }),
  z.strictObject({ kind: z.literal('award_person'), level: z.enum(AWARD_LEVELS), awardName: text(100), personId: z.uuid(), ...common }),
]);
export type RecordInput = z.infer<typeof ZRecordInput>;

export const ZReason = text(500);
export const ZCorrectRecord = z.strictObject({
  reason: ZReason,
  rev: z.number().int().min(0),
  record: ZRecordInput,
  removeEvidenceIds: z.array(z.uuid()).max(20).default([]),
});
export const ZWithdrawRecord = z.strictObject({ reason: ZReason, rev: z.number().int().min(0).optional() });

const ZChannel = z.strictObject({ id: z.uuid().optional(), name: text(50), qualifies: z.boolean().default(false), active: z.boolean().default(true) });
export const ZOutletsQuery = z.strictObject({ unitId: z.uuid().optional(), includeInactive: z.enum(['0', '1']).optional() });
export const ZCreateOutlet = z.strictObject({
  unitId: z.uuid(),
  name: text(100),
  aliases: z.array(text(100)).max(20).default([]),
  tier: z.enum(OUTLET_TIERS),
  channels: z.array(ZChannel.omit({ id: true })).max(50).default([]),
});
export const ZUpdateOutlet = z.strictObject({
  name: text(100).optional(),
  aliases: z.array(text(100)).max(20).optional(),
  tier: z.enum(OUTLET_TIERS).optional(),
  active: z.boolean().optional(),
  channels: z.array(ZChannel).max(50).optional(),
});

export const ZLevelsQuery = z.strictObject({ unitId: z.uuid().optional() });
export const ZCreateLevel = z.strictObject({ unitId: z.uuid(), nameZh: text(40), nameEn: text(60), rank: z.number().int().min(0).max(100) });
export const ZLevelParams = z.strictObject({ unitId: z.uuid(), code: z.string().regex(/^[a-z0-9_-]{1,40}$/) });
export const ZUpdateLevel = z.strictObject({ nameZh: text(40).optional(), nameEn: text(60).optional(), rank: z.number().int().min(0).max(100).optional(), active: z.boolean().optional() });

export const ZLedgerQuery = z.strictObject({ dryRun: z.enum(['0', '1']).default('1') });
export const ZLedgerExportQuery = z.strictObject({ from: ZDate, to: ZDate, unitId: z.uuid().optional() });
