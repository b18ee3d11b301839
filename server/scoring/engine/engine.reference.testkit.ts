/**
 * The engine as it was before its hot loop was rewritten for speed (dense slots, typed arrays, no
 * object per candidate): kept verbatim as the reference the rewrite must equal, result for result and
 * entry for entry (engine.equivalence.test.ts). Test code only; never imported by the server.
 */
import { rankInPlace, type Entry, type EntryStatus, type PersonScore, type ScoreEvent, type ScoreInput, type ScoreResult, type UnitScore } from './engine';
import { multiply, type Milli } from './points';
import { localMonthIndexOf, localMonthOf, DEFAULT_TIME_ZONE } from './periods';
import type { CompiledRule } from './rubric';

type Candidate = {
  e: ScoreEvent;
  rule: CompiledRule;
  points: Milli;
  multiplier: Entry['multiplier'];
  status: EntryStatus;
  keptInstead: Candidate | null;
  counted: Milli;
};

function matches(rule: CompiledRule, e: ScoreEvent): boolean {
  const attrs = rule.attrs;
  for (let i = 0; i < attrs.length; i++) {
    const v = e.attrs[attrs[i]![0]];
    if (v === undefined || !attrs[i]![1].includes(v)) return false;
  }
  if (rule.workKinds !== null && (e.work === undefined || !rule.workKinds.has(e.work.kind))) return false;
  if (rule.tags !== null) {
    if (e.work === undefined) return false;
    const tags = e.work.tags;
    for (let i = 0; i < rule.tags.length; i++) if (tags.includes(rule.tags[i]!)) return true;
    return false;
  }
  return true;
}

/** Whether a would-be entry (points, event, rule) beats a kept one, without building it. */
function beats(points: Milli, e: ScoreEvent, rule: CompiledRule, b: Candidate): boolean {
  if (points !== b.points) return points > b.points;
  if (e.at !== b.e.at) return e.at < b.e.at;
  if (e.id !== b.e.id) return e.id < b.e.id;
  return rule.itemIndex < b.rule.itemIndex;
}

/** Total order for "keep the single highest": more points, then earlier, then smaller id, then earlier item. */
function better(a: Candidate, b: Candidate): boolean {
  if (a.points !== b.points) return a.points > b.points;
  if (a.e.at !== b.e.at) return a.e.at < b.e.at;
  if (a.e.id !== b.e.id) return a.e.id < b.e.id;
  return a.rule.itemIndex < b.rule.itemIndex;
}

/** For once-per-month: the earliest event keeps its place. */
function earlier(a: Candidate, b: Candidate): boolean {
  if (a.e.at !== b.e.at) return a.e.at < b.e.at;
  if (a.e.id !== b.e.id) return a.e.id < b.e.id;
  return a.rule.itemIndex < b.rule.itemIndex;
}

function dedupeKey(e: ScoreEvent): string | null {
  if (e.work) return e.work.id;
  if (e.personId) return `honour|${e.personId}|${String(e.attrs.title ?? '')}|${e.kind}`;
  return null;
}

export function referenceScore(input: ScoreInput): ScoreResult {
  const { rubric, period } = input;
  const tz = input.timeZone ?? DEFAULT_TIME_ZONE;
  const nItems = rubric.items.length;
  const unitIndex = new Map<string, number>();
  input.units.forEach((u, i) => unitIndex.set(u.id, i));
  const sums = new Float64Array(input.units.length * nItems);
  const explainUnits = input.explain?.units;
  const explainPeople = input.explain?.people;
  const explaining = !!(explainUnits?.size || explainPeople?.size);
  const kept: Candidate[] = []; // entries that reached the sums, when explaining
  const dropped: Candidate[] = [];

  const dedupe = new Map<string, Candidate>();
  const scope = rubric.dedupeScope;
  const monthly = new Map<string, Candidate>();
  const direct: Candidate[] = [];
  let events = 0;
  let inPeriod = 0;
  let candidates = 0;

  const wanted = (e: ScoreEvent) =>
    !!explainUnits?.has(e.unitId) || (!!explainPeople && ((e.personId !== undefined && explainPeople.has(e.personId)) || (e.work?.authors.some((a) => explainPeople.has(a)) ?? false)));

  for (const e of input.events) {
    events++;
    if (e.at < period.from || e.at >= period.to) continue;
    inPeriod++;
    const rules = rubric.rulesByKind.get(e.kind);
    if (rules === undefined || !unitIndex.has(e.unitId)) continue;
    for (let ri = 0; ri < rules.length; ri++) {
      const rule = rules[ri]!;
      if (!matches(rule, e)) continue;
      candidates++;
      let points = rule.points;
      let multiplier: Entry['multiplier'] = null;
      if (rule.multipliers.length) for (const m of rule.multipliers) {
        if (m.when.every(([k, v]) => e.attrs[k] === v)) {
          points = multiply(points, m.factor);
          multiplier = multiplier ? { factor: multiply(multiplier.factor, m.factor), reasons: [...multiplier.reasons, m.reason] } : { factor: m.factor, reasons: [m.reason] };
        }
      }
      if (rule.months !== null && !rule.months.has(localMonthOf(e.at, tz))) {
        if (explaining && wanted(e)) dropped.push({ e, rule, points, multiplier, status: 'window', keptInstead: null, counted: 0 });
        continue;
      }
      if (rule.oncePerMonth) {
        const c: Candidate = { e, rule, points, multiplier, status: 'counted', keptInstead: null, counted: 0 };
        const key = `${e.unitId}|${rule.itemIndex}|${rule.ruleKey}|${localMonthIndexOf(e.at, tz)}`;
        const prev = monthly.get(key);
        if (!prev) monthly.set(key, c);
        else if (earlier(c, prev)) {
          monthly.set(key, c);
          if (explaining && wanted(prev.e)) dropped.push({ ...prev, status: 'once_per_month', keptInstead: c });
        } else if (explaining && wanted(e)) dropped.push({ ...c, status: 'once_per_month', keptInstead: prev });
        continue;
      }
      const key = rule.dedupe ? dedupeKey(e) : null;
      if (key === null) {
        direct.push({ e, rule, points, multiplier, status: 'counted', keptInstead: null, counted: 0 });
        continue;
      }
      const scoped = scope === 'rubric' ? key : scope === 'section' ? `${rule.sectionIndex}|${key}` : `${rule.itemIndex}|${key}`;
      const prev = dedupe.get(scoped);
      if (prev === undefined) dedupe.set(scoped, { e, rule, points, multiplier, status: 'counted', keptInstead: null, counted: 0 });
      else if (beats(points, e, rule, prev)) {
        dedupe.set(scoped, { e, rule, points, multiplier, status: 'counted', keptInstead: null, counted: 0 });
        if (explaining) dropped.push(prev);
      } else if (explaining) dropped.push({ e, rule, points, multiplier, status: 'counted', keptInstead: null, counted: 0 });
    }
  }

  // Dropped-by-dedupe entries name the entry finally kept (it may have been replaced more than once).
  if (explaining) {
    for (const d of dropped) {
      if (d.status !== 'counted') continue;
      const key = dedupeKey(d.e)!;
      const scoped = rubric.dedupeScope === 'rubric' ? key : rubric.dedupeScope === 'section' ? `${d.rule.sectionIndex}|${key}` : `${d.rule.itemIndex}|${key}`;
      d.status = 'dedupe';
      d.keptInstead = dedupe.get(scoped)!;
    }
  }

  const people = new Map<string, number>();
  input.people?.forEach((p) => people.set(p.id, 0));
  const add = (c: Candidate) => {
    const u = unitIndex.get(c.e.unitId)!;
    sums[u * nItems + c.rule.itemIndex]! += c.points;
    if (!c.rule.deduction) {
      if (c.e.work) for (const a of c.e.work.authors) if (people.has(a)) people.set(a, people.get(a)! + c.points);
      if (c.e.personId !== undefined && people.has(c.e.personId)) people.set(c.e.personId, people.get(c.e.personId)! + c.points);
    }
    if (explaining && wanted(c.e)) kept.push(c);
  };
  for (const c of direct) add(c);
  for (const c of dedupe.values()) add(c);
  for (const c of monthly.values()) add(c);

  const units: UnitScore[] = input.units.map((u, ui) => {
    const items: Milli[] = new Array<Milli>(nItems);
    for (let i = 0; i < nItems; i++) {
      const it = rubric.items[i]!;
      const s = sums[ui * nItems + i]!;
      items[i] = it.mode === 'additive' ? (it.max === null ? s : Math.min(s, it.max)) : Math.max(it.max! - s, it.floor);
    }
    const sections = rubric.sections.map((s) => s.itemIndexes.reduce((a, i) => a + items[i]!, 0));
    return { unitId: u.id, group: u.group, total: sections.reduce((a, b) => a + b, 0), rank: 0, items, sections };
  });
  rankInPlace(units, (u) => u.total);
  const personScores: PersonScore[] = (input.people ?? []).map((p) => ({ personId: p.id, group: p.group, total: people.get(p.id) ?? 0, rank: 0 }));
  rankInPlace(personScores, (p) => p.total);

  const unitEntries = new Map<string, Entry[]>();
  const personEntries = new Map<string, Entry[]>();
  if (explaining) {
    // Caps and floors: walk each unit's kept entries of an item in time order; what passes the cap is cut.
    const byUnitItem = new Map<string, Candidate[]>();
    for (const c of kept) {
      const k = `${c.e.unitId}|${c.rule.itemIndex}`;
      const list = byUnitItem.get(k) ?? [];
      list.push(c);
      byUnitItem.set(k, list);
    }
    for (const list of byUnitItem.values()) {
      list.sort((a, b) => (earlier(a, b) ? -1 : 1));
      const it = rubric.items[list[0]!.rule.itemIndex]!;
      const room = it.mode === 'additive' ? (it.max ?? Number.MAX_SAFE_INTEGER) : it.max! - it.floor;
      let acc = 0;
      for (const c of list) {
        c.counted = Math.max(0, Math.min(c.points, room - acc));
        acc += c.counted;
        if (c.counted < c.points) c.status = it.mode === 'additive' ? 'cap' : 'floor';
      }
    }
    const toEntry = (c: Candidate, personId: string | null): Entry => {
      const item = rubric.items[c.rule.itemIndex]!;
      const k = c.keptInstead;
      return {
        eventId: c.e.id,
        kind: c.e.kind,
        at: c.e.at,
        unitId: c.e.unitId,
        workId: c.e.work?.id ?? null,
        personId: c.e.personId ?? null,
        itemKey: item.key,
        ruleKey: c.rule.ruleKey,
        clause: c.rule.clause,
        base: c.rule.points,
        multiplier: c.multiplier,
        points: c.points,
        deduction: c.rule.deduction,
        // A person's total has no caps: what the person got is the entry's points when it was kept.
        counted: personId ? (c.status === 'counted' || c.status === 'cap' ? c.points : 0) : c.counted,
        status: personId && c.status === 'cap' ? 'counted' : c.status,
        keptInstead: k ? { eventId: k.e.id, itemKey: rubric.items[k.rule.itemIndex]!.key, points: k.points } : undefined,
      };
    };
    const order = (a: Entry, b: Entry) => a.at - b.at || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0) || a.itemKey.localeCompare(b.itemKey);
    for (const c of [...kept, ...dropped]) {
      if (explainUnits?.has(c.e.unitId)) {
        const list = unitEntries.get(c.e.unitId) ?? [];
        list.push(toEntry(c, null));
        unitEntries.set(c.e.unitId, list);
      }
      if (explainPeople && !c.rule.deduction) {
        const who = new Set<string>();
        if (c.e.personId !== undefined && explainPeople.has(c.e.personId)) who.add(c.e.personId);
        for (const a of c.e.work?.authors ?? []) if (explainPeople.has(a)) who.add(a);
        for (const p of who) {
          const list = personEntries.get(p) ?? [];
          list.push(toEntry(c, p));
          personEntries.set(p, list);
        }
      }
    }
    for (const l of unitEntries.values()) l.sort(order);
    for (const l of personEntries.values()) l.sort(order);
  }
  return { units, people: personScores, unitEntries, personEntries, stats: { events, inPeriod, candidates } };
}
