import { describe, expect, it } from 'vitest';
import { rubricToYaml } from '../../../server/scoring/engine/rubric-text';
import { validateRubric } from '../../../server/scoring/engine/rubric';
import { TEMPLATE_A } from '../../../server/scoring/engine/templates';
import { attrsToRows, checkText, draftToText, getIn, moveIn, newSection, offsetOf, parsePath, pathText, problemsUnder, rowsToAttrs, setIn } from './rubric-edit';

const a = validateRubric(TEMPLATE_A);
if (!a.ok) throw new Error('template A must be valid');
const yamlA = rubricToYaml(a.rubric);

describe('rubric editor: text and form share one text', () => {
  it('a valid template has no problems and gives the form its object', () => {
    const c = checkText(yamlA);
    expect(c.problems).toEqual([]);
    expect(c.syntaxError).toBeNull();
    expect(getIn(c.draft, ['sections', 0, 'items', 0, 'name'])).toBe('市局矩阵策划');
  });

  it('a form edit goes back to text that reads the same, and its problem is placed by path, line and column', () => {
    const c = checkText(yamlA);
    const edited = setIn(c.draft!, ['sections', 0, 'items', 1, 'rules', 0, 'points'], '0.1234');
    const text = draftToText(edited);
    const again = checkText(text);
    expect(again.problems).toHaveLength(1);
    const p = again.problems[0]!;
    expect(p.path).toBe('sections[0].items[1].rules[0].points');
    expect(p.message).toContain('at most three decimals');
    expect(p.line).toBeGreaterThan(1);
    expect(text.split('\n')[p.line! - 1]).toContain('0.1234');
    expect(problemsUnder(again.problems, ['sections', 0])).toBe(1);
    expect(problemsUnder(again.problems, ['sections', 1])).toBe(0);
  });

  it('a YAML syntax error is reported with its line and the form waits for the text', () => {
    const c = checkText('name: x\nsections:\n  - key: [a\n');
    expect(c.draft).toBeNull();
    expect(c.syntaxError?.line).toBeGreaterThanOrEqual(3);
  });

  it('sets, removes and moves parts by path', () => {
    const d = { sections: [{ key: 'a' }, { key: 'b' }] };
    expect(setIn(d, ['sections', 1, 'name'], 'B')).toEqual({ sections: [{ key: 'a' }, { key: 'b', name: 'B' }] });
    expect(setIn(d, ['sections', 0], undefined)).toEqual({ sections: [{ key: 'b' }] });
    expect(setIn(d, ['sections', 0, 'key'], undefined)).toEqual({ sections: [{}, { key: 'b' }] });
    expect(moveIn(d, ['sections'], 0, 1)).toEqual({ sections: [{ key: 'b' }, { key: 'a' }] });
    expect(d).toEqual({ sections: [{ key: 'a' }, { key: 'b' }] }); // never mutated
    expect(setIn<{ sections?: unknown[] }>({}, ['sections'], [newSection(1)]).sections).toHaveLength(1);
  });

  it('reads and writes the engine spelling of paths', () => {
    expect(parsePath('sections[0].items[12].rules[3].when.kind')).toEqual(['sections', 0, 'items', 12, 'rules', 3, 'when', 'kind']);
    expect(pathText(['sections', 0, 'items', 12, 'max'])).toBe('sections[0].items[12].max');
    expect(parsePath('(rubric)')).toEqual([]);
  });

  it('attribute conditions round-trip, true/false as booleans', () => {
    const rows = attrsToRows({ level: ['province', 'ministry'], negative_coverage: true });
    expect(rows).toEqual([{ name: 'level', values: ['province', 'ministry'] }, { name: 'negative_coverage', values: ['true'] }]);
    expect(rowsToAttrs(rows)).toEqual({ level: ['province', 'ministry'], negative_coverage: true });
    expect(rowsToAttrs([{ name: 'level', values: ['city'] }, { name: '', values: ['x'] }])).toEqual({ level: 'city' });
    expect(rowsToAttrs([])).toBeUndefined();
  });

  it('finds the offset of a line and column', () => {
    expect(offsetOf('ab\ncd\nef', 2, 2)).toBe(4);
    expect(offsetOf('ab', 9, 1)).toBe(2);
  });
});
