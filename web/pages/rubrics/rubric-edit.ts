/**
 * The rubric editor's pure part. The YAML text is what is saved (kept even when invalid); the form
 * edits the same text through its parsed object. Both are checked by the engine's own validation
 * (server/scoring/engine/rubric.ts, rubric-text.ts): the same messages, located by path and, in the
 * text, by line and column.
 */
import { parseDocument, stringify } from 'yaml';
import { parseRubricYaml, type TextProblem } from '../../../server/scoring/engine/rubric-text';
import { EVENT_KINDS, type EventKind } from '../../../server/scoring/engine/rubric';

export { EVENT_KINDS, type EventKind, type TextProblem };

export type Path = (string | number)[];
/** The parsed text, unvalidated: what the form shows. */
export type Draft = Record<string, unknown>;

export type Checked = { syntaxError: TextProblem | null; draft: Draft | null; problems: TextProblem[] };

/** Parses and validates the text: the object the form edits (null on a YAML syntax error) and every problem. */
export function checkText(text: string): Checked {
  const doc = parseDocument(text, { uniqueKeys: true });
  const v = parseRubricYaml(text);
  const problems = v.ok ? [] : v.problems;
  if (doc.errors.length) return { syntaxError: problems[0] ?? { path: '(text)', message: doc.errors[0]!.message, line: null, column: null }, draft: null, problems };
  const js: unknown = doc.toJS();
  const draft = js && typeof js === 'object' && !Array.isArray(js) ? (js as Draft) : {};
  return { syntaxError: null, draft, problems };
}

/** The form's object back to text (the text's comments are not kept once the form edits it). */
export function draftToText(draft: Draft): string {
  return stringify(draft, { lineWidth: 0 });
}

/** `sections[0].items[1].rules[0].points` → ['sections', 0, 'items', 1, 'rules', 0, 'points']. */
export function parsePath(path: string): Path {
  if (path === '(rubric)' || path === '(text)') return [];
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** ['sections', 0, 'key'] → `sections[0].key` (the engine's spelling of a path). */
export function pathText(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : (out ? '.' : '') + p;
  return out || '(rubric)';
}

export function getIn(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/**
 * A copy of `obj` with `value` at `path` (objects and arrays made on the way). `undefined` removes an
 * object's key; in an array it removes the element.
 */
export function setIn<T>(obj: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [string | number, ...Path];
  const base: unknown = obj ?? (typeof head === 'number' ? [] : {});
  if (Array.isArray(base)) {
    const copy = [...(base as unknown[])];
    const i = head as number;
    const next = setIn(copy[i], rest, value);
    if (next === undefined && rest.length === 0) copy.splice(i, 1);
    else copy[i] = next;
    return copy as T;
  }
  const copy = { ...(base as Record<string, unknown>) };
  const next = setIn(copy[head], rest, value);
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy as T;
}

/** Moves an array element up or down by one. */
export function moveIn<T>(obj: T, path: Path, index: number, by: -1 | 1): T {
  const list = getIn(obj, path);
  if (!Array.isArray(list)) return obj;
  const j = index + by;
  if (j < 0 || j >= list.length) return obj;
  const copy = [...(list as unknown[])];
  [copy[index], copy[j]] = [copy[j], copy[index]];
  return setIn(obj, path, copy);
}

/** Problems grouped by the path they name, for the form's fields. */
export function problemsByPath(problems: readonly TextProblem[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of problems) m.set(p.path, [...(m.get(p.path) ?? []), p.message]);
  return m;
}

/** How many problems lie at or under a path (a section or item shows its count when folded). */
export function problemsUnder(problems: readonly TextProblem[], path: Path): number {
  const prefix = pathText(path);
  return problems.filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`)).length;
}

// ---- attribute conditions: { level: [city, province], negative_coverage: true } as rows -------------

export type AttrRow = { name: string; values: string[] };
type AttrValue = string | number | boolean;

const valueText = (v: AttrValue) => String(v);
/** A typed value back: true/false are booleans (negative_coverage: true), everything else text. */
const valueOf = (s: string): AttrValue => (s === 'true' ? true : s === 'false' ? false : s);

export function attrsToRows(attrs: unknown): AttrRow[] {
  if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs)) return [];
  return Object.entries(attrs as Record<string, AttrValue | AttrValue[]>).map(([name, v]) => ({ name, values: (Array.isArray(v) ? v : [v]).map(valueText) }));
}

/** Rows back to the rubric's shape: one value stays a value, several become a list; empty rows are dropped. */
export function rowsToAttrs(rows: readonly AttrRow[], single = false): Record<string, AttrValue | AttrValue[]> | undefined {
  const out: Record<string, AttrValue | AttrValue[]> = {};
  for (const r of rows) {
    if (!r.name.trim() || r.values.length === 0) continue;
    const vs = r.values.map(valueOf);
    out[r.name.trim()] = single || vs.length === 1 ? vs[0]! : vs;
  }
  return Object.keys(out).length ? out : undefined;
}

/** What the form adds: a new section, item or rule, ready to fill in. */
export function newRule(n: number) {
  return { key: `rule_${n}`, clause: '', when: { kind: 'upper_adoption' }, points: '0.1' };
}
export function newItem(n: number) {
  return { key: `item_${n}`, name: '', mode: 'additive', max: '1', rules: [newRule(1)] };
}
export function newSection(n: number) {
  return { key: `section_${n}`, name: '', items: [newItem(n)] };
}

/** The offset of a 1-based line and column in the text (to put the cursor on a problem). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}
