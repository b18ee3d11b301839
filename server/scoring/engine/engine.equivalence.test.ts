/**
 * The fast engine equals the reference engine (its code before the rewrite for speed) on random
 * events: every unit's and person's total, items, sections and rank, the stats, and every explained
 * entry in order — for both templates, every dedupe scope, and a rubric using what the templates do
 * not (several values of an attribute, numbers, a rule on two kinds, a value listed twice, a rule
 * without the attribute its siblings test, two rules of one item tying on one event, uncapped items,
 * multipliers that stack).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareEvents, score, type ScoreEvent, type ScoreInput } from './engine';
import { referenceScore } from './engine.reference.testkit';
import { periodFromKey } from './periods';
import type { RubricInput } from './rubric';
import { TEMPLATE_A, TEMPLATE_B } from './templates';
import { compiled } from './engine.testkit';

const ODD: RubricInput = {
  name: 'odd',
  dedupe: 'rubric',
  sections: [
    {
      key: 's1',
      name: 'S1',
      items: [
        {
          key: 'many',
          name: 'many values',
          mode: 'additive',
          rules: [
            { key: 'two_kinds', clause: 'c', when: { kind: ['upper_adoption', 'media'], attrs: { level: ['city', 'city', 'province'] } }, points: '0.3' },
            { key: 'numeric', clause: 'c', when: { kind: 'upper_adoption', attrs: { level: 'county', n: [1, 2] } }, points: '0.2' },
            { key: 'bool', clause: 'c', when: { kind: 'media', attrs: { central_main: true } }, points: '0.7' },
            // Ties with two_kinds on a city adoption (same event, item and points): the earlier rule stays.
            { key: 'same_again', clause: 'c', when: { kind: 'upper_adoption', attrs: { level: 'city' } }, points: '0.3' },
          ],
        },
        {
          key: 'capped',
          name: 'capped',
          mode: 'additive',
          max: '1',
          rules: [
            { key: 'same_points', clause: 'c', when: { kind: 'upper_adoption', attrs: { level: ['city', 'county'] }, tags: ['x', 'y'] }, points: '0.3' },
            { key: 'no_dedupe', clause: 'c', when: { kind: 'broadcast', attrs: { level: 'national' } }, points: '0.5', dedupe: false },
            { key: 'any_broadcast', clause: 'c', when: { kind: 'broadcast' }, points: '0.5' },
          ],
        },
      ],
    },
    {
      key: 's2',
      name: 'S2',
      items: [
        {
          key: 'minus',
          name: 'deductions',
          mode: 'deductive',
          max: '2',
          floor: '0.5',
          rules: [
            {
              key: 'v',
              clause: 'c',
              when: { kind: 'violation' },
              points: '0.3',
              multipliers: [
                { when: { negative_coverage: true }, factor: '2', reason: 'neg' },
                { when: { repeat: true }, factor: '1.5', reason: 'again' },
              ],
            },
            { key: 'm', clause: 'c', when: { kind: 'nomination_missed' }, points: '0.5', months: [1, 2, 11, 12], oncePer: 'month' },
          ],
        },
        {
          key: 'honours',
          name: 'honours',
          mode: 'additive',
          max: '0.9',
          rules: [
            { key: 'p', clause: 'c', when: { kind: 'award_person', attrs: { level: ['regional', 'city'] } }, points: '0.3' },
            { key: 'e', clause: 'c', when: { kind: 'emergency_task' }, points: '0.2', months: [1, 12] },
          ],
        },
      ],
    },
  ],
};

const RUBRICS = {
  A: compiled(TEMPLATE_A),
  B: compiled(TEMPLATE_B),
  A_section: compiled({ ...TEMPLATE_A, dedupe: 'section' }),
  A_item: compiled({ ...TEMPLATE_A, dedupe: 'item' }),
  A_none: compiled({ ...TEMPLATE_A, dedupe: 'none' }),
  odd: compiled(ODD),
  odd_item: compiled({ ...ODD, dedupe: 'item' }),
};

const KINDS = ['upper_adoption', 'media', 'broadcast', 'award_work', 'award_person', 'task_missed', 'nomination_missed', 'violation', 'emergency_task', 'briefing_use', 'unknown_kind'];
const LEVELS = ['county', 'city', 'province', 'ministry', 'national', 'regional', 1, true];

const arbEvent: fc.Arbitrary<ScoreEvent> = fc
  .record({
    id: fc.integer({ min: 0, max: 60 }),
    kind: fc.constantFrom(...KINDS),
    day: fc.integer({ min: -20, max: 390 }),
    second: fc.constantFrom(0, 1, 43_200),
    unit: fc.constantFrom('u1', 'u2', 'u3', 'u_out'),
    work: fc.option(fc.constantFrom('w1', 'w2', 'w3', 'w4'), { nil: undefined }),
    workKind: fc.constantFrom('photo', 'video', 'article', 'briefing'),
    tags: fc.subarray(['city_campaign', 'x', 'y']),
    authors: fc.array(fc.constantFrom('p1', 'p2', 'p3', 'p_out'), { maxLength: 3 }),
    person: fc.option(fc.constantFrom('p1', 'p2', 'p4', 'p_out'), { nil: undefined }),
    level: fc.option(fc.constantFrom(...LEVELS), { nil: undefined }),
    n: fc.constantFrom(1, 2, 3),
    flags: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    title: fc.constantFrom('年度优秀通讯员', '其他'),
  })
  .map((r) => {
    const attrs: Record<string, string | number | boolean | undefined> = {
      level: r.level as string | number | boolean | undefined,
      n: r.n,
      central_main: r.flags[0],
      channel_qualifies: r.flags[1],
      negative_coverage: r.flags[2],
      repeat: r.flags[3],
      field: r.flags[3] ? 'news' : 'culture',
      task: r.flags[0] ? 'repost_vote' : 'other',
      mode: r.flags[1] ? 'standalone' : 'comprehensive',
      title: r.title,
    };
    return {
      // A few ids repeat on purpose: ties are broken the same way.
      id: `e${r.id}`,
      kind: r.kind,
      at: Date.parse('2024-01-01T00:00:00+08:00') + r.day * 86_400_000 - r.second * 1000,
      unitId: r.unit,
      work: r.work ? { id: r.work, kind: r.workKind, tags: r.tags, authors: r.authors } : undefined,
      personId: r.person,
      attrs,
    };
  });

const arbInput = fc.record({
  rubric: fc.constantFrom(...(Object.keys(RUBRICS) as (keyof typeof RUBRICS)[])),
  period: fc.constantFrom('2024', '2024-Q1', '2024-03', '2024-12-H2', '2024-W01'),
  events: fc.array(arbEvent, { maxLength: 80 }),
  explainUnits: fc.option(fc.subarray(['u1', 'u2', 'u3', 'u_out']), { nil: undefined }),
  explainPeople: fc.option(fc.subarray(['p1', 'p2', 'p4']), { nil: undefined }),
  groups: fc.boolean(),
});

describe('the fast engine equals the reference engine', () => {
  it('on random events: totals, items, ranks, people, stats and every explained entry', () => {
    fc.assert(
      fc.property(arbInput, (r) => {
        const input: ScoreInput = {
          rubric: RUBRICS[r.rubric],
          period: periodFromKey(r.period),
          units: [{ id: 'u1', group: r.groups ? 'a' : undefined }, { id: 'u2' }, { id: 'u3', group: r.groups ? 'a' : undefined }],
          people: [{ id: 'p1' }, { id: 'p2' }, { id: 'p3', group: r.groups ? 'g' : undefined }, { id: 'p4' }, { id: 'p1' }],
          events: r.events,
          explain: r.explainUnits || r.explainPeople ? { units: r.explainUnits && new Set(r.explainUnits), people: r.explainPeople && new Set(r.explainPeople) } : undefined,
        };
        const expected = referenceScore(input);
        expect(score(input)).toEqual(expected);
        // The same events prepared once (the loader's columns) and scored twice, for two lists of units.
        const prepared = prepareEvents(r.events);
        expect(score({ ...input, events: prepared })).toEqual(expected);
        const fewer = { ...input, units: input.units.slice(1), people: input.people!.slice(2) };
        expect(score({ ...fewer, events: prepared })).toEqual(referenceScore(fewer));
      }),
      { numRuns: 1500 },
    );
  });

  it('on a larger year under template A (many events per work, explained for two units and a person)', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { minLength: 200, maxLength: 600 }), (events) => {
        const input: ScoreInput = {
          rubric: RUBRICS.A,
          period: periodFromKey('2024'),
          units: [{ id: 'u1' }, { id: 'u2' }, { id: 'u3' }],
          people: [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }],
          events,
          explain: { units: new Set(['u1', 'u3']), people: new Set(['p2']) },
        };
        expect(score(input)).toEqual(referenceScore(input));
        expect(score({ ...input, explain: undefined })).toEqual(referenceScore({ ...input, explain: undefined }));
      }),
      { numRuns: 60 },
    );
  });
});
