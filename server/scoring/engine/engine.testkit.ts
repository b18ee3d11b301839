/** Builders for engine tests: events written the way a reader states them. */
import { score, type ScoreEvent, type ScoreResult } from './engine';
import { formatPoints } from './points';
import { periodFromKey } from './periods';
import { compileRubric, validateRubric, type CompiledRubric, type RubricInput } from './rubric';

export function compiled(input: RubricInput): CompiledRubric {
  const v = validateRubric(input);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return compileRubric(v.rubric);
}

let seq = 0;
export function ev(e: Omit<Partial<ScoreEvent>, 'at' | 'work'> & { kind: string; at: string; work?: string | undefined; workKind?: string; tags?: string[]; authors?: string[] }): ScoreEvent {
  seq++;
  return {
    id: e.id ?? `e${String(seq).padStart(6, '0')}`,
    kind: e.kind,
    at: Date.parse(e.at.includes('T') ? e.at : `${e.at}T10:00:00+08:00`),
    unitId: e.unitId ?? 'u1',
    work: e.work ? { id: e.work, kind: e.workKind ?? 'article', tags: e.tags ?? [], authors: e.authors ?? [] } : undefined,
    personId: e.personId,
    attrs: e.attrs ?? {},
  };
}

/** Scores a period given by key; units u1..u3 and people p1..p3 unless named. */
export function run(rubric: CompiledRubric, period: string, events: ScoreEvent[], opts: { units?: string[]; people?: string[]; explain?: boolean } = {}): ScoreResult {
  const units = (opts.units ?? ['u1', 'u2', 'u3']).map((id) => ({ id }));
  const people = (opts.people ?? ['p1', 'p2', 'p3']).map((id) => ({ id }));
  return score({
    rubric,
    period: periodFromKey(period),
    units,
    people,
    events,
    explain: opts.explain ? { units: new Set(units.map((u) => u.id)), people: new Set(people.map((p) => p.id)) } : undefined,
  });
}

/** A unit's points per item key, as decimal strings. */
export function itemsOf(rubric: CompiledRubric, r: ScoreResult, unitId = 'u1'): Record<string, string> {
  const u = r.units.find((x) => x.unitId === unitId)!;
  return Object.fromEntries(rubric.items.map((it, i) => [it.key, formatPoints(u.items[i]!)]));
}

export const totalOf = (r: ScoreResult, unitId = 'u1') => formatPoints(r.units.find((u) => u.unitId === unitId)!.total);
export const personTotal = (r: ScoreResult, personId: string) => formatPoints(r.people.find((p) => p.personId === personId)!.total);
