/**
 * A rubric as text (YAML), for administrators who prefer editing the whole rubric at once: printed from
 * the stored rubric, read back with every problem located by line and column, in the same words as
 * the form's validation. Pure.
 */
import { LineCounter, parseDocument, stringify } from 'yaml';
import { validateRubric, type Rubric, type RubricProblem } from './rubric';

export type TextProblem = RubricProblem & { line: number | null; column: number | null };

/** YAML of a rubric, keys in the schema's order, points as they were typed. */
export function rubricToYaml(rubric: Rubric): string {
  return stringify(rubric, { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
}

/** Reads YAML text into a validated rubric, or every problem with its line and column (1-based). */
export function parseRubricYaml(text: string): { ok: true; rubric: Rubric } | { ok: false; problems: TextProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { path: '(text)', message: e.message.split('\n')[0]!, line: pos.line, column: pos.col };
      }),
    };
  }
  const v = validateRubric(doc.toJS());
  if (v.ok) return v;
  return {
    ok: false,
    problems: v.problems.map((p) => {
      const path = pathParts(p.path);
      // The node the problem is about, or the closest ancestor that exists (a missing key's parent).
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node && typeof node === 'object' && node.range) {
          const pos = lines.linePos(node.range[0]);
          return { ...p, line: pos.line, column: pos.col };
        }
      }
      return { ...p, line: null, column: null };
    }),
  };
}

function pathParts(path: string): (string | number)[] {
  if (path === '(rubric)') return [];
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}
