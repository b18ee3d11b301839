/**
 * A rubric (考核细则) is data: sections of items, each item additive (from 0, capped at its maximum)
 * or deductive (from its maximum, never below its floor), each with rules that turn matching events
 * into points. This file holds the schema (zod, so the same text validates a form, YAML, JSON and the
 * API), the validation that reads like a sentence, and the compiled form the engine runs. Pure.
 */
import { z } from 'zod';
import { isPoints, parsePoints, type Milli } from './points';

/** What a rule can count. The records of use, and the ledger entries editors record. */
export const EVENT_KINDS = [
  'briefing_use', // used in the office's own briefing (mode: standalone | comprehensive)
  'upper_adoption', // adopted by an upper level (level: county | city | province | ministry)
  'recommendation', // recommended as a model sample (推介)
  'media', // published by media (tier, central_main, channel_qualifies)
  'broadcast', // shown by a platform (level: national | regional)
  'award_work', // an award to a work (level: national | regional | city)
  'award_person', // an honour to a person (title, level)
  'task_missed', // an assigned repost / vote task not done (task: repost_vote)
  'nomination_missed', // the monthly nomination (最美之星) not done
  'violation', // an unapproved new-media account or an official criticism (negative_coverage)
  'emergency_task', // an emergency task done well
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const points = z
  .union([z.string(), z.number()])
  .refine((v) => isPoints(v), { message: 'points: a decimal with at most three decimals, e.g. 0.2' })
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()));

const positivePoints = points.refine((v) => parsePoints(v) > 0, { message: 'points: must be more than 0' });
const attrValue = z.union([z.string(), z.number(), z.boolean()]);

/** What an event must be for a rule to count it. Lists mean "any of". */
export const ZMatch = z
  .object({
    kind: z.union([z.enum(EVENT_KINDS), z.array(z.enum(EVENT_KINDS)).min(1)]),
    /** The event's attributes, each equal to the value or one of the listed values. */
    attrs: z.record(z.string(), z.union([attrValue, z.array(attrValue).min(1)])).optional(),
    /** The work's kind (briefing, lead, photo, video, article …), any of. */
    workKinds: z.array(z.string().min(1)).min(1).optional(),
    /** The work carries at least one of these tags. */
    tags: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type Match = z.infer<typeof ZMatch>;

export const ZRule = z
  .object({
    key: z.string().regex(/^[a-z0-9_]+$/, 'key: lower-case letters, digits and _'),
    /** The clause of the rubric this rule reads, quoted in every explanation. */
    clause: z.string().min(1),
    when: ZMatch,
    /** Added (additive item) or deducted (deductive item) per matching event. */
    points: positivePoints,
    /** Conditions that multiply the points, e.g. negative coverage doubles a deduction. */
    multipliers: z
      .array(z.object({ when: z.record(z.string(), attrValue), factor: positivePoints, reason: z.string().min(1) }).strict())
      .optional(),
    /** At most one entry per unit per calendar month (e.g. the monthly nomination). */
    oncePer: z.literal('month').optional(),
    /** Counts only events whose local month is listed (典型选树: 3–8). */
    months: z.array(z.number().int().min(1).max(12)).min(1).optional(),
    /** Set false for entries the "once per work" rule never touches (e.g. emergency tasks). */
    dedupe: z.boolean().optional(),
  })
  .strict();
export type Rule = z.infer<typeof ZRule>;

export const ZItem = z
  .object({
    key: z.string().regex(/^[a-z0-9_]+$/, 'key: lower-case letters, digits and _'),
    name: z.string().min(1),
    /** A heading the item is printed under inside its section (宣传策划). */
    group: z.string().min(1).optional(),
    mode: z.enum(['additive', 'deductive']),
    /** The cap of an additive item, the start of a deductive one; an additive item without one is uncapped. */
    max: positivePoints.optional(),
    /** Deductive items only: the lowest the item can go (default 0). */
    floor: points.optional(),
    rules: z.array(ZRule).min(1),
    /** A note shown with the item, e.g. that its values are placeholders to edit. */
    note: z.string().optional(),
  })
  .strict();
export type Item = z.infer<typeof ZItem>;

export const ZSection = z.object({ key: z.string().regex(/^[a-z0-9_]+$/, 'key: lower-case letters, digits and _'), name: z.string().min(1), items: z.array(ZItem).min(1) }).strict();

export const ZRubric = z
  .object({
    name: z.string().min(1),
    /** Where "the same work or honour scores once, at its highest" applies; none = every use counts. */
    dedupe: z.enum(['rubric', 'section', 'item', 'none']),
    sections: z.array(ZSection).min(1),
    description: z.string().optional(),
  })
  .strict();
export type RubricInput = z.input<typeof ZRubric>;
export type Rubric = z.infer<typeof ZRubric>;

export type RubricProblem = { path: string; message: string };

/** Validates a rubric: the schema, then the rules the schema cannot say. Returns every problem, not the first. */
export function validateRubric(input: unknown): { ok: true; rubric: Rubric } | { ok: false; problems: RubricProblem[] } {
  const parsed = ZRubric.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ path: pathText(i.path), message: i.message })) };
  }
  const r = parsed.data;
  const problems: RubricProblem[] = [];
  const sectionKeys = new Set<string>();
  const itemKeys = new Set<string>();
  r.sections.forEach((s, si) => {
    if (sectionKeys.has(s.key)) problems.push({ path: `sections[${si}].key`, message: `key "${s.key}" is used by two sections` });
    sectionKeys.add(s.key);
    s.items.forEach((it, ii) => {
      const at = `sections[${si}].items[${ii}]`;
      if (itemKeys.has(it.key)) problems.push({ path: `${at}.key`, message: `key "${it.key}" is used by two items` });
      itemKeys.add(it.key);
      if (it.mode === 'deductive' && it.max === undefined) problems.push({ path: `${at}.max`, message: 'max: a deductive item starts from its maximum, so it needs one' });
      if (it.mode === 'additive' && it.floor !== undefined) problems.push({ path: `${at}.floor`, message: 'floor: only a deductive item has a floor' });
      if (it.floor !== undefined && it.max !== undefined && parsePoints(it.floor) > parsePoints(it.max)) problems.push({ path: `${at}.floor`, message: 'floor: must not be above the maximum' });
      const ruleKeys = new Set<string>();
      it.rules.forEach((ru, ri) => {
        if (ruleKeys.has(ru.key)) problems.push({ path: `${at}.rules[${ri}].key`, message: `key "${ru.key}" is used twice in this item` });
        ruleKeys.add(ru.key);
        if (it.max !== undefined && parsePoints(ru.points) > parsePoints(it.max)) problems.push({ path: `${at}.rules[${ri}].points`, message: 'points: more than the item\'s maximum' });
        for (const [mi, m] of (ru.multipliers ?? []).entries()) {
          if (parsePoints(m.factor) > 100_000) problems.push({ path: `${at}.rules[${ri}].multipliers[${mi}].factor`, message: 'factor: at most 100' });
        }
      });
    });
  });
  return problems.length ? { ok: false, problems } : { ok: true, rubric: r };
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : (out ? '.' : '') + String(p);
  return out || '(rubric)';
}

// ---- compiled form ---------------------------------------------------------------------------------

export type CompiledRule = {
  itemIndex: number;
  sectionIndex: number;
  ruleKey: string;
  clause: string;
  points: Milli;
  attrs: [string, (string | number | boolean)[]][];
  workKinds: Set<string> | null;
  tags: string[] | null;
  multipliers: { when: [string, string | number | boolean][]; factor: Milli; reason: string }[];
  oncePerMonth: boolean;
  months: Set<number> | null;
  deduction: boolean;
  dedupe: boolean;
};

/** `max` is null for an uncapped additive item. */
export type CompiledItem = { key: string; name: string; group: string | undefined; sectionIndex: number; mode: 'additive' | 'deductive'; max: Milli | null; floor: Milli; note: string | undefined };

export type CompiledRubric = {
  rubric: Rubric;
  items: CompiledItem[];
  /** A section's (and the rubric's) maximum is null when an item in it is uncapped. */
  sections: { key: string; name: string; max: Milli | null; itemIndexes: number[] }[];
  /** Rules by event kind, in rubric order. */
  rulesByKind: Map<string, CompiledRule[]>;
  dedupeScope: Rubric['dedupe'];
  max: Milli | null;
};

export function compileRubric(rubric: Rubric): CompiledRubric {
  const items: CompiledItem[] = [];
  const sections: CompiledRubric['sections'] = [];
  const rulesByKind = new Map<string, CompiledRule[]>();
  rubric.sections.forEach((s, si) => {
    const itemIndexes: number[] = [];
    let sectionMax: Milli | null = 0;
    for (const it of s.items) {
      const itemIndex = items.length;
      itemIndexes.push(itemIndex);
      const max = it.max === undefined ? null : parsePoints(it.max);
      sectionMax = sectionMax === null || max === null ? null : sectionMax + max;
      items.push({ key: it.key, name: it.name, group: it.group, sectionIndex: si, mode: it.mode, max, floor: it.floor === undefined ? 0 : parsePoints(it.floor), note: it.note });
      for (const ru of it.rules) {
        const deduction = it.mode === 'deductive';
        const c: CompiledRule = {
          itemIndex,
          sectionIndex: si,
          ruleKey: ru.key,
          clause: ru.clause,
          points: parsePoints(ru.points),
          attrs: Object.entries(ru.when.attrs ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
          workKinds: ru.when.workKinds ? new Set(ru.when.workKinds) : null,
          tags: ru.when.tags ?? null,
          multipliers: (ru.multipliers ?? []).map((m) => ({ when: Object.entries(m.when), factor: parsePoints(m.factor), reason: m.reason })),
          oncePerMonth: ru.oncePer === 'month',
          months: ru.months ? new Set(ru.months) : null,
          deduction,
          dedupe: !deduction && ru.dedupe !== false && rubric.dedupe !== 'none',
        };
        for (const k of Array.isArray(ru.when.kind) ? ru.when.kind : [ru.when.kind]) {
          const list = rulesByKind.get(k) ?? [];
          list.push(c);
          rulesByKind.set(k, list);
        }
      }
    }
    sections.push({ key: s.key, name: s.name, max: sectionMax, itemIndexes });
  });
  const max = sections.reduce<Milli | null>((a, s) => (a === null || s.max === null ? null : a + s.max), 0);
  return { rubric, items, sections, rulesByKind, dedupeScope: rubric.dedupe, max };
}
