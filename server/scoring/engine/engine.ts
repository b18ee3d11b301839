/**
 * The scoring engine: events + a rubric + a period → every unit's and person's points, ranks and, on
 * request, the explanation of every point. Pure: no database, no clock, no I/O; points are exact
 * integers of thousandths (points.ts). The order of evaluation is DOMAIN.md's, for every rubric:
 *
 * 1. Take the events whose own instant falls in the period.
 * 2. Each rule turns a matching event into a candidate entry (item, points); one event may match
 *    several items. A rule with a month window drops events outside it; a once-per-month rule keeps
 *    one entry per unit and month.
 * 3. Multipliers apply (negative coverage doubles a deduction).
 * 4. Dedupe: within the rubric's scope, of all positive entries for the same work (or the same honour:
 *    one person, one title) keep the single highest; ties go to the earliest event, then to the item
 *    that comes first in the rubric. Deductions and rules marked `dedupe: false` are never deduped.
 * 5. Items: additive = min(sum, max); deductive = max(max − deductions, floor).
 * 6. Sections and the total are sums; then rank (ties share a rank: 1, 2, 2, 4).
 *
 * People get the kept positive entries of works they authored (every author the full points) and of
 * honours given to them, with no item caps; unit deductions stay with the unit.
 * Every choice is by a total order on (points, instant, event id, item), never by input order, so the
 * result does not depend on the order of events.
 */
import { multiply, type Milli } from './points';
import { localMonthIndexOf, localMonthOf, DEFAULT_TIME_ZONE } from './periods';
import type { CompiledRubric, CompiledRule } from './rubric';

export type AttrValue = string | number | boolean;

export type ScoreEvent = {
  /** The record's or ledger entry's id: stable, and the last tie-breaker. */
  id: string;
  kind: string;
  /** The instant of the use (epoch ms), not of the submission. */
  at: number;
  /** The unit credited (the work's unit, or the unit a ledger entry is about). */
  unitId: string;
  work?: { id: string; kind: string; tags: readonly string[]; authors: readonly string[] } | undefined;
  /** An honour to a person (award_person): who received it. */
  personId?: string | undefined;
  attrs: Readonly<Record<string, AttrValue | undefined>>;
};

export type ScoreInput = {
  rubric: CompiledRubric;
  period: { from: number; to: number };
  timeZone?: string | undefined;
  /** Every unit in scope, listed even with nothing to count; `group` ranks units of one type apart. */
  units: readonly { id: string; group?: string | undefined }[];
  /** Every person in scope, listed even with nothing to count. */
  people?: readonly { id: string; group?: string | undefined }[] | undefined;
  events: Iterable<ScoreEvent>;
  /** Whose entries to keep for an explanation (all of them costs memory on a full recompute). */
  explain?: { units?: ReadonlySet<string> | undefined; people?: ReadonlySet<string> | undefined } | undefined;
};

export type EntryStatus = 'counted' | 'dedupe' | 'cap' | 'floor' | 'window' | 'once_per_month';

/** One line of an explanation: an event, the rule clause that matched, its points and what became of them. */
export type Entry = {
  eventId: string;
  kind: string;
  at: number;
  unitId: string;
  workId: string | null;
  personId: string | null;
  itemKey: string;
  ruleKey: string;
  clause: string;
  /** The rule's points before multipliers (a deduction is positive here; see `deduction`). */
  base: Milli;
  multiplier: { factor: Milli; reasons: string[] } | null;
  /** After multipliers. */
  points: Milli;
  deduction: boolean;
  /** What the entry finally added (or, for a deduction, took away) after dedupe, caps and floors. */
  counted: Milli;
  status: EntryStatus;
  /** For `dedupe`: the entry kept instead (event and item). For `once_per_month`: the entry kept that month. */
  keptInstead?: { eventId: string; itemKey: string; points: Milli } | undefined;
};

export type UnitScore = { unitId: string; group: string | undefined; total: Milli; rank: number; items: Milli[]; sections: Milli[] };
export type PersonScore = { personId: string; group: string | undefined; total: Milli; rank: number };

export type ScoreResult = {
  units: UnitScore[];
  people: PersonScore[];
  /** Entries for the units and people asked for in `explain`, by unit id / person id, in time order. */
  unitEntries: Map<string, Entry[]>;
  personEntries: Map<string, Entry[]>;
  /** Events in the period that matched a rule (candidates), and events read. */
  stats: { events: number; inPeriod: number; candidates: number };
};

type Candidate = {
  e: ScoreEvent;
  rule: CompiledRule;
  points: Milli;
  multiplier: Entry['multiplier'];
  status: EntryStatus;
  keptInstead: Candidate | null;
  counted: Milli;
  /** For an entry dropped by dedupe: the dedupe slot, whose final winner it names. */
  slot?: number;
};

// ---- the compiled plan ------------------------------------------------------------------------------
//
// A full recompute folds a million events, so the hot loop allocates nothing per event and looks up
// nothing by a composed string: rules are found by kind and then by the value of an attribute every
// rule of that kind tests (upper_adoption → level), each rule's remaining test is a precompiled
// closure, dedupe keys (a work id, an honour) become dense integer slots in first-seen order (KeyIndex),
// and the kept entry of each slot lives in a typed array (points, instant, rule, unit) beside an array
// of its events instead of an object per candidate. Sums go to typed arrays by unit and person index.
// Candidate objects are made only when explaining. engine.equivalence.test.ts holds the result, entry
// for entry, to the plain engine this replaced (engine.reference.testkit.ts).

/** SameValueZero, like Array.prototype.includes and Set.prototype.has. */
const sameValueZero = (a: unknown, b: unknown) => a === b || (a !== a && b !== b);

type RuleTest = (e: ScoreEvent) => boolean;

/** A rule's test, without the attribute its kind was dispatched on (already equal to one of its values). */
function compileTest(rule: CompiledRule, dispatched: string | null): RuleTest {
  const checks = rule.attrs.filter(([k]) => k !== dispatched);
  const keys = checks.map(([k]) => k);
  // One value: compare with ===; several (or NaN): a Set, which compares like includes().
  const single = checks.map(([, vs]) => (vs.length === 1 && vs[0] === vs[0] ? vs[0] : undefined));
  const sets = checks.map(([, vs]) => (vs.length === 1 && vs[0] === vs[0] ? null : new Set<unknown>(vs)));
  const n = keys.length;
  const workKinds = rule.workKinds;
  const tags = rule.tags;
  return (e) => {
    if (n !== 0) {
      const a = e.attrs;
      for (let i = 0; i < n; i++) {
        const v = a[keys[i]!];
        if (v === undefined) return false;
        const set = sets[i]!;
        if (set === null ? v !== single[i] : !set.has(v)) return false;
      }
    }
    if (workKinds !== null && (e.work === undefined || !workKinds.has(e.work.kind))) return false;
    if (tags !== null) {
      if (e.work === undefined) return false;
      const have = e.work.tags;
      for (let i = 0; i < tags.length; i++) if (have.includes(tags[i]!)) return true;
      return false;
    }
    return true;
  };
}

/** The rules of one event kind: all of them, or by the value of the attribute every one of them tests. */
type RuleSet = { rules: CompiledRule[]; tests: RuleTest[]; ids: number[] };
type KindPlan = ({ key: null } & RuleSet) | { key: string; byValue: Map<unknown, RuleSet> };

/** `ids`: each rule's index in the rubric's rule list (the dedupe slots store it). */
function planKind(rules: readonly CompiledRule[], ids: ReadonlyMap<CompiledRule, number>): KindPlan {
  // An attribute every rule of the kind constrains: an event without one of its values matches none.
  const key = rules[0]?.attrs.map(([k]) => k).find((k) => rules.every((r) => r.attrs.some(([k2]) => k2 === k))) ?? null;
  if (key === null) return { key: null, rules: [...rules], tests: rules.map((r) => compileTest(r, null)), ids: rules.map((r) => ids.get(r)!) };
  const byValue = new Map<unknown, RuleSet>();
  // Rubric order is kept within each value (ties between items of one event go to the earlier item).
  for (const r of rules) {
    const values = r.attrs.find(([k]) => k === key)![1];
    // A rule listing one value twice still runs once per event.
    const seen: unknown[] = [];
    for (const v of values) {
      if (seen.some((s) => sameValueZero(s, v))) continue;
      seen.push(v);
      // Map keys compare by SameValueZero too, so NaN finds NaN as includes() would.
      let bucket = byValue.get(v);
      if (!bucket) byValue.set(v, (bucket = { rules: [], tests: [], ids: [] }));
      bucket.rules.push(r);
      bucket.tests.push(compileTest(r, key));
      bucket.ids.push(ids.get(r)!);
    }
  }
  return { key, byValue };
}

const EMPTY_RULES: RuleSet = { rules: [], tests: [], ids: [] };

/** For once-per-month: the earliest event keeps its place. */
function earlier(a: Candidate, b: Candidate): boolean {
  if (a.e.at !== b.e.at) return a.e.at < b.e.at;
  if (a.e.id !== b.e.id) return a.e.id < b.e.id;
  return a.rule.itemIndex < b.rule.itemIndex;
}

/**
 * Strings → dense indexes in first-seen order: an open-addressing table of Int32 slots (off the JS
 * heap) over an array of the keys. A year of a large deployment has some 300,000 works; a Map of them
 * costs more per look-up and leaves tens of MB of garbage per recompute.
 */
class KeyIndex {
  keys: string[] = [];
  private slots = new Int32Array(1024).fill(-1);
  private mask = 1023;

  private static hash(s: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h ^ (h >>> 15);
  }

  /** The key's index, adding it if new. */
  indexOf(key: string): number {
    let i = KeyIndex.hash(key) & this.mask;
    for (;;) {
      const k = this.slots[i]!;
      if (k === -1) break;
      if (this.keys[k] === key) return k;
      i = (i + 1) & this.mask;
    }
    const k = this.keys.push(key) - 1;
    this.slots[i] = k;
    // At most half full, so probes stay short.
    if (this.keys.length * 2 > this.mask) this.grow();
    return k;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let k = 0; k < this.keys.length; k++) {
      let i = KeyIndex.hash(this.keys[k]!) & mask;
      while (slots[i] !== -1) i = (i + 1) & mask;
      slots[i] = k;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** Per dedupe slot, the kept entry's points, instant, rule id and unit index, side by side; grown by doubling. */
const BEST = 4;

function dedupeKey(e: ScoreEvent): string | null {
  if (e.work) return e.work.id;
  if (e.personId) return `honour|${e.personId}|${String(e.attrs.title ?? '')}|${e.kind}`;
  return null;
}

export function score(input: ScoreInput): ScoreResult {
  const { rubric, period } = input;
  const from = period.from;
  const to = period.to;
  const tz = input.timeZone ?? DEFAULT_TIME_ZONE;
  const nItems = rubric.items.length;
  const nSections = rubric.sections.length;
  const unitIndex = new Map<string, number>();
  input.units.forEach((u, i) => unitIndex.set(u.id, i));
  const sums = new Float64Array(input.units.length * nItems);
  // People by index; a person listed twice is one person (the first index), as a Map keyed by id would be.
  const personIndex = new Map<string, number>();
  const inputPeople = input.people ?? [];
  inputPeople.forEach((p, i) => {
    if (!personIndex.has(p.id)) personIndex.set(p.id, i);
  });
  const personTotals = new Float64Array(inputPeople.length);
  const explainUnits = input.explain?.units;
  const explainPeople = input.explain?.people;
  const explaining = !!(explainUnits?.size || explainPeople?.size);
  const keptDirect: Candidate[] = []; // direct entries that reached the sums, when explaining
  const dropped: Candidate[] = [];

  const ruleIndex = new Map<CompiledRule, number>();
  const ruleList: CompiledRule[] = [];
  for (const rules of rubric.rulesByKind.values()) for (const r of rules) if (!ruleIndex.has(r)) ruleIndex.set(r, ruleList.push(r) - 1);
  const kinds = new Map<string, KindPlan>();
  for (const [kind, rules] of rubric.rulesByKind) kinds.set(kind, planKind(rules, ruleIndex));

  // Dedupe: a key (work id or honour) → its index in first-seen order; with a section or item scope,
  // (key, section or item) → a slot in first-seen order. Slot i's kept entry is best*[i].
  const scope = rubric.dedupeScope;
  const perScope = scope === 'rubric' ? 0 : scope === 'section' ? nSections : nItems;
  const keyIndex = new KeyIndex();
  const scopedIndex = new Map<number, number>();
  let best = new Float64Array(BEST * 1024);
  let nSlots = 0;
  const bestEvent: ScoreEvent[] = [];
  const bestCandidate: Candidate[] = []; // when explaining

  const monthly = new Map<string, Candidate>();
  let events = 0;
  let inPeriod = 0;
  let candidates = 0;

  const wanted = (e: ScoreEvent) =>
    !!explainUnits?.has(e.unitId) || (!!explainPeople && ((e.personId !== undefined && explainPeople.has(e.personId)) || (e.work?.authors.some((a) => explainPeople.has(a)) ?? false)));

  /** Adds a kept positive entry to its work's authors and the honoured person. */
  const credit = (e: ScoreEvent, points: Milli) => {
    if (e.work) {
      const authors = e.work.authors;
      for (let i = 0; i < authors.length; i++) {
        const p = personIndex.get(authors[i]!);
        if (p !== undefined) personTotals[p]! += points;
      }
    }
    if (e.personId !== undefined) {
      const p = personIndex.get(e.personId);
      if (p !== undefined) personTotals[p]! += points;
    }
  };

  for (const e of input.events) {
    events++;
    const at = e.at;
    if (at < from || at >= to) continue;
    inPeriod++;
    const plan = kinds.get(e.kind);
    if (plan === undefined) continue;
    const u = unitIndex.get(e.unitId);
    if (u === undefined) continue;
    const bucket = plan.key === null ? plan : (plan.byValue.get(e.attrs[plan.key]) ?? EMPTY_RULES);
    const rules = bucket.rules;
    const tests = bucket.tests;
    const ruleIds = bucket.ids;
    let slotKey = -2; // the event's dedupe key index: -2 not looked up yet, -1 none
    for (let ri = 0; ri < rules.length; ri++) {
      if (!tests[ri]!(e)) continue;
      const rule = rules[ri]!;
      candidates++;
      let points = rule.points;
      let multiplier: Entry['multiplier'] = null;
      if (rule.multipliers.length) for (const m of rule.multipliers) {
        if (m.when.every(([k, v]) => e.attrs[k] === v)) {
          points = multiply(points, m.factor);
          multiplier = multiplier ? { factor: multiply(multiplier.factor, m.factor), reasons: [...multiplier.reasons, m.reason] } : { factor: m.factor, reasons: [m.reason] };
        }
      }
      if (rule.months !== null && !rule.months.has(localMonthOf(at, tz))) {
        if (explaining && wanted(e)) dropped.push({ e, rule, points, multiplier, status: 'window', keptInstead: null, counted: 0 });
        continue;
      }
      if (rule.oncePerMonth) {
        const c: Candidate = { e, rule, points, multiplier, status: 'counted', keptInstead: null, counted: 0 };
        const key = `${e.unitId}|${rule.itemIndex}|${rule.ruleKey}|${localMonthIndexOf(at, tz)}`;
        const prev = monthly.get(key);
        if (!prev) monthly.set(key, c);
        else if (earlier(c, prev)) {
          monthly.set(key, c);
          if (explaining && wanted(prev.e)) dropped.push({ ...prev, status: 'once_per_month', keptInstead: c });
        } else if (explaining && wanted(e)) dropped.push({ ...c, status: 'once_per_month', keptInstead: prev });
        continue;
      }
      if (rule.dedupe && slotKey === -2) {
        const key = dedupeKey(e);
        if (key === null) slotKey = -1;
        else slotKey = keyIndex.indexOf(key);
      }
      if (!rule.dedupe || slotKey === -1) {
        // Never deduped: counts as it is.
        sums[u * nItems + rule.itemIndex]! += points;
        if (!rule.deduction) credit(e, points);
        if (explaining && wanted(e)) keptDirect.push({ e, rule, points, multiplier, status: 'counted', keptInstead: null, counted: 0 });
        continue;
      }
      let slot: number;
      if (perScope === 0) slot = slotKey;
      else {
        const scoped = slotKey * perScope + (scope === 'section' ? rule.sectionIndex : rule.itemIndex);
        const s = scopedIndex.get(scoped);
        if (s !== undefined) slot = s;
        else scopedIndex.set(scoped, (slot = scopedIndex.size));
      }
      const ruleId = ruleIds[ri]!;
      if (slot === nSlots) {
        if (BEST * (nSlots + 1) > best.length) {
          const grown = new Float64Array(best.length * 2);
          grown.set(best);
          best = grown;
        }
        const b = BEST * nSlots++;
        best[b] = points;
        best[b + 1] = at;
        best[b + 2] = ruleId;
        best[b + 3] = u;
        bestEvent.push(e);
        if (explaining) bestCandidate.push({ e, rule, points, multiplier, status: 'counted', keptInstead: null, counted: 0, slot });
        continue;
      }
      // Keep the single highest: more points, then earlier, then smaller id, then the earlier item.
      const b = BEST * slot;
      const bp = best[b]!;
      const bat = best[b + 1]!;
      let wins: boolean;
      if (points !== bp) wins = points > bp;
      else if (at !== bat) wins = at < bat;
      else {
        const bid = bestEvent[slot]!.id;
        wins = e.id !== bid ? e.id < bid : rule.itemIndex < ruleList[best[b + 2]!]!.itemIndex;
      }
      if (wins) {
        best[b] = points;
        best[b + 1] = at;
        best[b + 2] = ruleId;
        best[b + 3] = u;
        bestEvent[slot] = e;
        if (explaining) {
          dropped.push(bestCandidate[slot]!);
          bestCandidate[slot] = { e, rule, points, multiplier, status: 'counted', keptInstead: null, counted: 0, slot };
        }
      } else if (explaining) dropped.push({ e, rule, points, multiplier, status: 'counted', keptInstead: null, counted: 0, slot });
    }
  }

  // Dropped-by-dedupe entries name the entry finally kept (it may have been replaced more than once).
  if (explaining) {
    for (const d of dropped) {
      if (d.status !== 'counted') continue;
      d.status = 'dedupe';
      d.keptInstead = bestCandidate[d.slot!]!;
    }
  }

  // The kept entry of each dedupe slot, then each month's entry.
  const kept: Candidate[] = keptDirect; // entries that reached the sums, when explaining
  for (let s = 0; s < nSlots; s++) {
    const b = BEST * s;
    const rule = ruleList[best[b + 2]!]!;
    const points = best[b]!;
    sums[best[b + 3]! * nItems + rule.itemIndex]! += points;
    if (!rule.deduction) credit(bestEvent[s]!, points);
    if (explaining && wanted(bestEvent[s]!)) kept.push(bestCandidate[s]!);
  }
  for (const c of monthly.values()) {
    sums[unitIndex.get(c.e.unitId)! * nItems + c.rule.itemIndex]! += c.points;
    if (!c.rule.deduction) credit(c.e, c.points);
    if (explaining && wanted(c.e)) kept.push(c);
  }

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
  const personScores: PersonScore[] = inputPeople.map((p) => ({ personId: p.id, group: p.group, total: personTotals[personIndex.get(p.id)!]!, rank: 0 }));
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

/**
 * Standard competition ranking by descending total within each group (units of one type can be ranked
 * apart): ties share a rank and the next rank skips (1, 2, 2, 4). Sorts the array: by group, then rank,
 * then input order.
 */
export function rankInPlace<T extends { group: string | undefined; rank: number }>(rows: T[], total: (r: T) => Milli): void {
  const indexed = rows.map((r, i) => ({ r, i }));
  indexed.sort((a, b) => {
    const ga = a.r.group ?? '';
    const gb = b.r.group ?? '';
    if (ga !== gb) return ga < gb ? -1 : 1;
    return total(b.r) - total(a.r) || a.i - b.i;
  });
  let group: string | undefined | null = null;
  let pos = 0;
  let prevTotal = NaN;
  let prevRank = 0;
  for (const { r } of indexed) {
    if (r.group !== group) {
      group = r.group;
      pos = 0;
      prevTotal = NaN;
    }
    pos++;
    const t = total(r);
    r.rank = t === prevTotal ? prevRank : pos;
    prevTotal = t;
    prevRank = r.rank;
  }
  rows.splice(0, rows.length, ...indexed.map((x) => x.r));
}
