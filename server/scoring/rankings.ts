/**
 * Scores of a rubric for a period: the rankings of units and people, the explanation of every point,
 * points over a year, and a draft rubric's ranking beside the current one (what-if). Each use case
 * opens with one access check (access.ts), loads the events once (events.ts) and runs the pure engine.
 * Every value leaves as an exact decimal string (formatPoints), never a float.
 */
import { appError } from '../errors';
import type { AuthedCtx, Ctx } from '../http/context';
import { mayExplain, requireEditor, requireReader } from './access';
import { compareRankings } from './engine/compare';
import { prepareEvents, score, type Entry, type PreparedEvents, type ScoreResult } from './engine/engine';
import { periodFromKey, periodsOfYear, type Period } from './engine/periods';
import { formatPoints } from './engine/points';
import { parseRubricYaml, type TextProblem } from './engine/rubric-text';
import { compileRubric, type CompiledRubric } from './engine/rubric';
import { loadScoreEvents, type EventLabel, type ScopePerson, type ScopeUnit } from './events';
import { dateOf, entryReason } from './reasons';
import { describeLedgerEntry } from './ledger-kinds';
import { appealsOfUnit, withAppeals } from './appeals';
import { currentVersion, loadRubric, type RubricRow } from './rubrics';

const compiledCache = new Map<string, CompiledRubric>();
/** Adopted versions never change: their compiled form is kept by version id. */
function compiledOf(version: { id: string; body: CompiledRubric['rubric'] }): CompiledRubric {
  let c = compiledCache.get(version.id);
  if (!c) {
    if (compiledCache.size > 200) compiledCache.clear();
    compiledCache.set(version.id, (c = compileRubric(version.body)));
  }
  return c;
}

export function periodOf(ctx: Ctx, key: string): Period {
  try {
    return periodFromKey(key, ctx.config.timeZone);
  } catch {
    throw appError('scoring/bad_period', { key });
  }
}

type Loaded = {
  rubric: RubricRow;
  versionNumber: number;
  compiled: CompiledRubric;
  period: Period;
  units: ScopeUnit[];
  people: ScopePerson[];
  events: Awaited<ReturnType<typeof loadScoreEvents>>['events'];
  /** The events as the engine's columns, made on the first score and reused (the what-if scores twice). */
  prepared?: PreparedEvents | undefined;
  labels: Map<string, EventLabel>;
};

/**
 * The preamble of every score read: the rubric (within the organisation, when one is named) and the
 * caller's access to it (reader or editor); then, on demand, the version in force and the events of a
 * period (a key of periodFromKey). Callers that check more input between the two (what-if's text) do
 * so before `loadPeriod`.
 */
async function openRubric(ctx: Ctx, o: { rubricId: string; orgId?: string | undefined; access: 'read' | 'edit' }) {
  const rubric = await loadRubric(ctx.db, o.rubricId);
  if (o.orgId && rubric.orgId !== o.orgId) throw appError('common/not_found');
  if (o.access === 'edit') requireEditor(ctx, rubric);
  else requireReader(ctx, rubric);
  return { rubric, loadPeriod: (period: string) => load(ctx, rubric, periodOf(ctx, period)) };
}

/** The rubric in force, the period and the events of its scope (no access check: openRubric checks). */
async function load(ctx: Ctx, rubric: RubricRow, period: Period): Promise<Loaded> {
  const v = await currentVersion(ctx.db, rubric);
  if (!v || !v.body) throw appError('scoring/no_version', { name: rubric.name });
  const data = await loadScoreEvents({ db: ctx.db, scope: { id: rubric.unitId, path: rubric.unitPath }, from: period.firstDay, to: period.lastDay, timeZone: ctx.config.timeZone });
  return { rubric, versionNumber: v.number, compiled: compiledOf({ id: v.id, body: v.body }), period, ...data };
}

function run(ctx: Ctx, l: Loaded, compiled: CompiledRubric, o: { group?: string | undefined; explain?: { units?: string[]; people?: string[] } | undefined } = {}): ScoreResult {
  const units = o.group ? l.units.filter((u) => u.type === o.group) : l.units;
  const people = o.group ? l.people.filter((p) => p.unitType === o.group) : l.people;
  return score({
    rubric: compiled,
    period: l.period,
    timeZone: ctx.config.timeZone,
    units: units.map((u) => ({ id: u.id })),
    people: people.map((p) => ({ id: p.id })),
    events: (l.prepared ??= prepareEvents(l.events)),
    explain: o.explain ? { units: new Set(o.explain.units ?? []), people: new Set(o.explain.people ?? []) } : undefined,
  });
}

/**
 * The scores of a rubric's units and people for a period (a key of periodFromKey). `draftYaml` scores
 * a draft text instead of the version in force (what-if); `explain` keeps the entries of those units
 * and people. One access check: the caller reads scores in the rubric's organisation.
 */
export async function computeScores(o: {
  ctx: Ctx;
  rubricId: string;
  orgId?: string | undefined;
  period: string;
  group?: string | undefined;
  explain?: { units?: string[]; people?: string[] } | undefined;
  draftYaml?: string | undefined;
}): Promise<Loaded & { result: ScoreResult; problems: TextProblem[] }> {
  const l = await (await openRubric(o.ctx, { rubricId: o.rubricId, orgId: o.orgId, access: 'read' })).loadPeriod(o.period);
  let compiled = l.compiled;
  if (o.draftYaml !== undefined) {
    const parsed = parseRubricYaml(o.draftYaml);
    if (!parsed.ok) return { ...l, result: emptyResult(), problems: parsed.problems };
    compiled = compileRubric(parsed.rubric);
  }
  return { ...l, compiled, result: run(o.ctx, l, compiled, o), problems: [] };
}

const emptyResult = (): ScoreResult => ({ units: [], people: [], unitEntries: new Map(), personEntries: new Map(), stats: { events: 0, inPeriod: 0, candidates: 0 } });

function itemsHead(c: CompiledRubric) {
  return c.items.map((it) => ({ key: it.key, name: it.name, sectionName: c.sections[it.sectionIndex]!.name, mode: it.mode, max: it.max === null ? null : formatPoints(it.max), note: it.note ?? null }));
}

function unitRows(l: Loaded, c: CompiledRubric, r: ScoreResult) {
  const byId = new Map(l.units.map((u) => [u.id, u]));
  return r.units.map((u) => ({
    id: u.unitId,
    name: byId.get(u.unitId)!.name,
    group: byId.get(u.unitId)!.type,
    total: formatPoints(u.total),
    rank: u.rank,
    items: Object.fromEntries(c.items.map((it, i) => [it.key, formatPoints(u.items[i]!)])),
  }));
}

function personRows(l: Loaded, r: ScoreResult) {
  const byId = new Map(l.people.map((p) => [p.id, p]));
  return r.people.map((p) => {
    const x = byId.get(p.personId)!;
    return { id: p.personId, name: x.name, unitId: x.unitId, unitName: x.unitName, group: x.unitType, total: formatPoints(p.total), rank: p.rank, items: {} as Record<string, string> };
  });
}

const head = (l: Loaded, c: CompiledRubric) => ({
  period: { key: l.period.key, from: l.period.firstDay, to: l.period.lastDay },
  rubric: { id: l.rubric.id, name: l.rubric.name, versionNumber: l.versionNumber },
  items: itemsHead(c),
});

/** GET /api/scoring/rankings: every unit (or person) in scope, zero totals included, ties sharing a rank. */
export async function getRankings(ctx: Ctx, q: { rubricId: string; period: string; subject: 'units' | 'people'; group?: string | undefined }) {
  const s = await computeScores({ ctx, rubricId: q.rubricId, period: q.period, group: q.group });
  return { ...head(s, s.compiled), subject: q.subject, rows: q.subject === 'people' ? personRows(s, s.result) : unitRows(s, s.compiled, s.result) };
}

/** An engine entry as the explanation shows it. */
function entryView(ctx: Ctx, l: Loaded, c: CompiledRubric, e: Entry) {
  const label = l.labels.get(e.eventId);
  const item = c.items.find((i) => i.key === e.itemKey)!;
  const sign = (v: number) => formatPoints(e.deduction ? -v : v);
  const kept = e.keptInstead;
  return {
    eventId: e.eventId,
    source: label?.source ?? 'record',
    sourceId: label?.sourceId ?? e.eventId,
    kind: e.kind,
    at: new Date(e.at).toISOString(),
    date: dateOf(e.at, ctx.config.timeZone),
    work: label?.work ?? null,
    /** What the entry is when it has no work of its own to show (a ledger entry: its kind and facts, in the user's language); null for records of use. */
    what: label?.ledger ? describeLedgerEntry(label.ledger, ctx.locale) : null,
    itemKey: e.itemKey,
    itemName: item.name,
    ruleKey: e.ruleKey,
    clause: e.clause,
    deduction: e.deduction,
    base: sign(e.base),
    multiplier: e.multiplier ? { factor: formatPoints(e.multiplier.factor), reasons: e.multiplier.reasons } : null,
    points: sign(e.points),
    counted: sign(e.counted),
    status: e.status,
    reason: entryReason(e, c, ctx.locale, ctx.config.timeZone),
    keptInstead: kept ? { eventId: kept.eventId, itemKey: kept.itemKey, itemName: c.items.find((i) => i.key === kept.itemKey)?.name ?? kept.itemKey, points: formatPoints(kept.points), work: l.labels.get(kept.eventId)?.work ?? null } : null,
  };
}

/**
 * GET /api/scoring/explain: every entry of a unit or a person in a period — counted, or dropped by
 * dedupe, a cap, a floor, a month window or once-per-month, each with its reason. Readable by the
 * office and by the unit's own staff (access.ts mayExplain).
 */
export async function explainScores(ctx: Ctx, q: { rubricId: string; period: string; unitId?: string | undefined; personId?: string | undefined }) {
  const subjectUnit = q.unitId;
  const subjectPerson = q.unitId ? undefined : q.personId;
  const s = await computeScores({ ctx, rubricId: q.rubricId, period: q.period, explain: subjectUnit ? { units: [subjectUnit] } : { people: subjectPerson ? [subjectPerson] : [] } });
  const a = ctx as AuthedCtx;
  if (subjectUnit) {
    const u = s.units.find((x) => x.id === subjectUnit);
    if (!u) throw appError('scoring/outside_rubric');
    if (!mayExplain(a, s.rubric.unitPath, u.path)) throw appError('auth/forbidden', { permission: 'submission.read', unitPath: u.path });
    const score = s.result.units.find((x) => x.unitId === u.id)!;
    return {
      ...head(s, s.compiled),
      subject: { type: 'unit' as const, id: u.id, name: u.name, group: u.type },
      total: formatPoints(score.total),
      rank: score.rank,
      items: Object.fromEntries(s.compiled.items.map((it, i) => [it.key, formatPoints(score.items[i]!)])),
      entries: await withAppeals(ctx.db, s.rubric.id, (s.result.unitEntries.get(u.id) ?? []).map((e) => entryView(ctx, s, s.compiled, e))),
      appeals: await appealsOfUnit(ctx.db, s.rubric.id, u.id),
    };
  }
  const p = s.people.find((x) => x.id === subjectPerson);
  if (!p) throw appError('scoring/outside_rubric');
  const unit = s.units.find((x) => x.id === p.unitId)!;
  if (!mayExplain(a, s.rubric.unitPath, unit.path, p.id)) throw appError('auth/forbidden', { permission: 'submission.read', unitPath: unit.path });
  const score = s.result.people.find((x) => x.personId === p.id)!;
  const mine = s.result.personEntries.get(p.id) ?? [];
  return {
    ...head(s, s.compiled),
    subject: { type: 'person' as const, id: p.id, name: p.name, unitName: p.unitName, group: p.unitType },
    total: formatPoints(score.total),
    rank: score.rank,
    // The person's points by item: what their entries credited them (no caps for people; deductions fall on the unit, not on a person).
    items: Object.fromEntries(s.compiled.items.map((it) => [it.key, formatPoints(mine.reduce((a, e) => (e.itemKey === it.key && !e.deduction ? a + e.counted : a), 0))])) as Record<string, string>,
    entries: await withAppeals(ctx.db, s.rubric.id, mine.map((e) => entryView(ctx, s, s.compiled, e))),
  };
}

/**
 * GET /api/scoring/series: a year's points by month or quarter — a unit's (with unitId) or the sum of
 * every unit's — in total and by item, for charts. The year's events are read once.
 */
export async function scoreSeries(ctx: Ctx, q: { rubricId: string; year: number; by: 'month' | 'quarter'; unitId?: string | undefined }) {
  const { rubric, loadPeriod } = await openRubric(ctx, { rubricId: q.rubricId, access: 'read' });
  const l = await loadPeriod(String(q.year));
  if (q.unitId && !l.units.some((u) => u.id === q.unitId)) throw appError('scoring/outside_rubric');
  const periods = periodsOfYear(q.by, q.year, ctx.config.timeZone);
  const totals: string[] = [];
  const byItem: Record<string, string[]> = Object.fromEntries(l.compiled.items.map((it) => [it.key, [] as string[]]));
  for (const p of periods) {
    const r = run(ctx, { ...l, period: p }, l.compiled);
    const rows = q.unitId ? r.units.filter((u) => u.unitId === q.unitId) : r.units;
    totals.push(formatPoints(rows.reduce((a, u) => a + u.total, 0)));
    l.compiled.items.forEach((it, i) => byItem[it.key]!.push(formatPoints(rows.reduce((a, u) => a + u.items[i]!, 0))));
  }
  return {
    rubric: { id: rubric.id, name: rubric.name, versionNumber: l.versionNumber },
    items: itemsHead(l.compiled),
    periods: periods.map((p) => ({ key: p.key, label: q.by === 'month' ? `${Number(p.key.slice(5, 7))}月` : `第${p.key.slice(-1)}季度`, from: p.firstDay, to: p.lastDay })),
    totals,
    byItem,
  };
}

/** POST /api/scoring/what-if: a draft text's ranking beside the version in force, with each unit's change in rank. */
export async function whatIf(ctx: Ctx, input: { rubricId: string; yaml: string; period: string }) {
  const { loadPeriod } = await openRubric(ctx, { rubricId: input.rubricId, access: 'edit' });
  const parsed = parseRubricYaml(input.yaml);
  if (!parsed.ok) return { problems: parsed.problems, current: null, draft: null, changes: [] };
  const l = await loadPeriod(input.period);
  const draftCompiled = compileRubric(parsed.rubric);
  const cur = run(ctx, l, l.compiled);
  const dr = run(ctx, l, draftCompiled);
  const names = new Map(l.units.map((u) => [u.id, u.name]));
  return {
    problems: [] as TextProblem[],
    period: { key: l.period.key, from: l.period.firstDay, to: l.period.lastDay },
    current: { versionNumber: l.versionNumber, items: itemsHead(l.compiled), rows: unitRows(l, l.compiled, cur) },
    draft: { items: itemsHead(draftCompiled), rows: unitRows(l, draftCompiled, dr) },
    changes: compareRankings(cur.units, dr.units).map((c) => ({
      unitId: c.unitId,
      name: names.get(c.unitId)!,
      current: { total: formatPoints(c.current.total), rank: c.current.rank },
      draft: { total: formatPoints(c.draft.total), rank: c.draft.rank },
      rankChange: c.rankChange,
      totalChange: formatPoints(c.totalChange),
    })),
  };
}
