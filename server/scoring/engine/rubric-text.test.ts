import { describe, expect, it } from 'vitest';
import { compareRankings } from './compare';
import { compiled, ev, run } from './engine.testkit';
import { validateRubric } from './rubric';
import { parseRubricYaml, rubricToYaml } from './rubric-text';
import { TEMPLATE_A, TEMPLATE_B } from './templates';

describe('a rubric as YAML', () => {
  it('round-trips both templates exactly', () => {
    for (const t of [TEMPLATE_A, TEMPLATE_B]) {
      const v = validateRubric(t);
      if (!v.ok) throw new Error('template invalid');
      const back = parseRubricYaml(rubricToYaml(v.rubric));
      expect(back).toEqual({ ok: true, rubric: v.rubric });
    }
  });

  it('reads points typed as numbers and keeps them exact', () => {
    const text = `name: r\ndedupe: none\nsections:\n  - key: s\n    name: S\n    items:\n      - key: i\n        name: I\n        mode: additive\n        max: 7\n        rules:\n          - key: r\n            clause: c\n            when: { kind: media }\n            points: 0.1\n`;
    const r = parseRubricYaml(text);
    expect(r.ok && r.rubric.sections[0]!.items[0]!.rules[0]!.points).toBe('0.1');
    expect(r.ok && r.rubric.sections[0]!.items[0]!.max).toBe('7');
  });

  it('locates every problem by line and column', () => {
    const text = `name: r\ndedupe: rubric\nsections:\n  - key: s\n    name: S\n    items:\n      - key: i\n        name: I\n        mode: additive\n        max: 2\n        rules:\n          - key: r\n            clause: c\n            when: { kind: media }\n            points: 3\n`;
    const r = parseRubricYaml(text);
    expect(r).toEqual({ ok: false, problems: [{ path: 'sections[0].items[0].rules[0].points', message: "points: more than the item's maximum", line: 15, column: 21 }] });
    const broken = parseRubricYaml('name: r\n  dedupe: [');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.problems[0]!.line).toBeGreaterThanOrEqual(1);
    const dup = parseRubricYaml('name: a\nname: b\n');
    expect(!dup.ok && dup.problems[0]!.message).toMatch(/unique/i);
  });
});

describe('what-if', () => {
  it('shows each unit\'s change in rank under a draft rubric', () => {
    const A = compiled(TEMPLATE_A);
    const draftInput = structuredClone(TEMPLATE_A);
    // The draft values city adoptions of photos at 0.5 instead of 0.2.
    draftInput.sections[0]!.items[1]!.rules[1]!.points = '0.5';
    const D = compiled(draftInput);
    const events = [
      ev({ kind: 'upper_adoption', at: '2024-05-01', unitId: 'u1', work: 'a', workKind: 'photo', attrs: { level: 'province' } }),
      ev({ kind: 'upper_adoption', at: '2024-05-01', unitId: 'u2', work: 'b', workKind: 'photo', attrs: { level: 'city' } }),
    ];
    const rows = compareRankings(run(A, '2024', events).units, run(D, '2024', events).units);
    expect(rows.map((r) => [r.unitId, r.current.rank, r.draft.rank, r.rankChange, r.totalChange])).toEqual([
      ['u2', 2, 1, 1, 300],
      ['u1', 1, 2, -1, 0],
      ['u3', 3, 3, 0, 0],
    ]);
  });
});
