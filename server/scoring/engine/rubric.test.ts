import { describe, expect, it } from 'vitest';
import { validateRubric, type RubricInput } from './rubric';
import { TEMPLATE_A, TEMPLATE_B } from './templates';
import { compiled, ev, itemsOf, run, totalOf } from './engine.testkit';

const one = (item: Record<string, unknown>, dedupe = 'rubric'): unknown => ({ name: 'r', dedupe, sections: [{ key: 's', name: 'S', items: [item] }] });
const problems = (x: unknown) => {
  const v = validateRubric(x);
  return v.ok ? [] : v.problems.map((p) => `${p.path}: ${p.message}`);
};

describe('rubric validation', () => {
  it('accepts both templates', () => {
    expect(problems(TEMPLATE_A)).toEqual([]);
    expect(problems(TEMPLATE_B)).toEqual([]);
  });

  it('names the place and the fault of every problem at once', () => {
    const bad = {
      name: 'r',
      dedupe: 'rubric',
      sections: [
        {
          key: 's',
          name: 'S',
          items: [
            { key: 'a', name: 'A', mode: 'deductive', rules: [{ key: 'x', clause: 'c', when: { kind: 'violation' }, points: '0.2' }] },
            { key: 'a', name: 'B', mode: 'additive', max: '1', floor: '0', rules: [{ key: 'y', clause: 'c', when: { kind: 'media' }, points: '2' }] },
          ],
        },
      ],
    };
    expect(problems(bad)).toEqual([
      'sections[0].items[0].max: max: a deductive item starts from its maximum, so it needs one',
      'sections[0].items[1].key: key "a" is used by two items',
      'sections[0].items[1].floor: floor: only a deductive item has a floor',
      "sections[0].items[1].rules[0].points: points: more than the item's maximum",
    ]);
    expect(problems(one({ key: 'i', name: 'I', mode: 'additive', max: '0.0001', rules: [{ key: 'r', clause: 'c', when: { kind: 'media' }, points: '0.1' }] }))).toEqual([
      'sections[0].items[0].max: points: a decimal with at most three decimals, e.g. 0.2',
    ]);
    expect(problems(one({ key: 'i', name: 'I', mode: 'additive', rules: [{ key: 'r', clause: 'c', when: { kind: 'parade' }, points: '0.1' }] }))[0]).toMatch(/^sections\[0\]\.items\[0\]\.rules\[0\]\.when\.kind/);
    expect(problems(one({ key: 'I', name: 'I', mode: 'additive', rules: [{ key: 'r', clause: 'c', when: { kind: 'media' }, points: '0.1', extra: 1 }] })).length).toBe(2);
  });

  it('a section or an item dedupe scope keeps the highest within it only', () => {
    const rubric = (dedupe: RubricInput['dedupe']): RubricInput => ({
      name: 'r',
      dedupe,
      sections: [
        { key: 's1', name: 'S1', items: [{ key: 'a', name: 'A', mode: 'additive', rules: [{ key: 'r', clause: 'c', when: { kind: 'media' }, points: '1' }] }] },
        { key: 's2', name: 'S2', items: [{ key: 'b', name: 'B', mode: 'additive', rules: [{ key: 'r', clause: 'c', when: { kind: 'upper_adoption' }, points: '2' }] }] },
      ],
    });
    const events = [ev({ kind: 'media', at: '2024-05-01', work: 'w' }), ev({ kind: 'media', at: '2024-05-02', work: 'w' }), ev({ kind: 'upper_adoption', at: '2024-05-03', work: 'w' })];
    expect(totalOf(run(compiled(rubric('rubric')), '2024', events))).toBe('2');
    expect(totalOf(run(compiled(rubric('section')), '2024', events))).toBe('3');
    expect(totalOf(run(compiled(rubric('item')), '2024', events))).toBe('3');
    expect(totalOf(run(compiled(rubric('none')), '2024', events))).toBe('4');
  });

  it('template B: +10 standalone, +3 comprehensive, every use counted, in the month of its own date', () => {
    const B = compiled(TEMPLATE_B);
    const events = [
      ev({ kind: 'briefing_use', at: '2024-03-31T23:59:59+08:00', work: 'w1', attrs: { mode: 'comprehensive' } }),
      ev({ kind: 'briefing_use', at: '2024-04-01T00:00:00+08:00', work: 'w1', attrs: { mode: 'standalone' } }),
      ev({ kind: 'briefing_use', at: '2024-04-09', work: 'w2', attrs: { mode: 'comprehensive' } }),
    ];
    expect(itemsOf(B, run(B, '2024-03', events)).adoption).toBe('3');
    expect(itemsOf(B, run(B, '2024-04', events)).adoption).toBe('13');
    expect(totalOf(run(B, '2024-Q2', events))).toBe('13');
    expect(totalOf(run(B, '2024', events))).toBe('16');
  });
});
