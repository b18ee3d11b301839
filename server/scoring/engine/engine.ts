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
  /** The events, or the same events prepared once by prepareEvents (the loader's columns, reused across calls). */
  events: Iterable<ScoreEvent> | PreparedEvents;
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
  /** For a once-per-month entry: the event's index among the prepared events. */
  i?: number;
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

function dedupeKey(e: ScoreEvent): string | null {
  if (e.work) return e.work.id;
  if (e.personId) return `honour|${e.personId}|${String(e.attrs.title ?? '')}|${e.kind}`;
  return null;
}

/** A string inside a shape key: as it is, or escaped when it holds a separator (so keys stay unambiguous). */
const part = (x: string) => (x.indexOf('\u0000') < 0 && x.indexOf('\u0001') < 0 && x.indexOf('\u0002') < 0 ? x : '\u0002' + JSON.stringify(x));

/**
 * What a rule's test and multipliers read of an event: its kind, attributes (with their types, so 1,
 * '1' and true differ), work kind and tags. Attributes in their own order: two orders make two shapes
 * that match alike, which costs a rubric match, never a wrong one.
 */
function shapeKey(e: ScoreEvent): string {
  let k = part(e.kind);
  const w = e.work;
  if (w === undefined) k += '\u0000-';
  else {
    k += '\u0000+' + part(w.kind);
    const tags = w.tags;
    for (let i = 0; i < tags.length; i++) k += '\u0001' + part(tags[i]!);
  }
  const a = e.attrs;
  for (const key in a) {
    const v = a[key];
    if (v === undefined) continue;
    k += '\u0000' + part(key) + '\u0001' + (typeof v === 'string' ? 's' + part(v) : typeof v === 'number' ? 'n' + String(v) : v ? 't' : 'f');
  }
  return k;
}

/**
 * The events as columns of dense integers, made once by the loader and reused by every score() of the
 * same events (the ranking, the what-if beside it): the hot loop then reads typed arrays and looks up
 * no string. Scope-independent: units and people are interned here and matched to the lists of each
 * call by a small table. An event's *shape* is what rules read of it (kind, attributes, work kind and
 * tags); a rubric is matched once per shape, not once per event.
 */
export class PreparedEvents {
  readonly n: number;
  readonly events: readonly ScoreEvent[];
  readonly at: Float64Array;
  /** Interned unit id of each event. */
  readonly unit: Int32Array;
  readonly shape: Int32Array;
  /** Each shape's first event, to test rules on. */
  readonly shapeEvents: ScoreEvent[] = [];
  /** Interned dedupe key (a work id or an honour), −1 for none. */
  readonly key: Int32Array;
  readonly nKeys: number;
  /** Interned id of the honoured person, −1 for none. */
  readonly person: Int32Array;
  /** The event's list of authors (−1 none): persons listStart[l]..listStart[l + 1] of listPersons. */
  readonly authors: Int32Array;
  readonly listStart: Int32Array;
  readonly listPersons: Int32Array;
  readonly unitKeys = new Map<string, number>();
  readonly personKeys = new Map<string, number>();

  constructor(source: Iterable<ScoreEvent>) {
    const events = Array.isArray(source) ? (source as ScoreEvent[]) : [...source];
    const n = events.length;
    this.n = n;
    this.events = events;
    this.at = new Float64Array(n);
    this.unit = new Int32Array(n);
    this.shape = new Int32Array(n);
    this.key = new Int32Array(n);
    this.person = new Int32Array(n);
    this.authors = new Int32Array(n);
    const shapes = new Map<string, number>();
    const keys = new KeyIndex();
    const lists = new Map<readonly string[], number>();
    const starts: number[] = [0];
    const persons: number[] = [];
    const intern = (m: Map<string, number>, id: string) => {
      let k = m.get(id);
      if (k === undefined) m.set(id, (k = m.size));
      return k;
    };
    for (let i = 0; i < n; i++) {
      const e = events[i]!;
      this.at[i] = e.at;
      this.unit[i] = intern(this.unitKeys, e.unitId);
      const sk = shapeKey(e);
      let s = shapes.get(sk);
      if (s === undefined) {
        shapes.set(sk, (s = shapes.size));
        this.shapeEvents.push(e);
      }
      this.shape[i] = s;
      const dk = dedupeKey(e);
      this.key[i] = dk === null ? -1 : keys.indexOf(dk);
      this.person[i] = e.personId === undefined ? -1 : intern(this.personKeys, e.personId);
      if (e.work === undefined || e.work.authors.length === 0) this.authors[i] = -1;
      else {
        const list = e.work.authors;
        let l = lists.get(list);
        if (l === undefined) {
          lists.set(list, (l = lists.size));
          for (let j = 0; j < list.length; j++) persons.push(intern(this.personKeys, list[j]!));
          starts.push(persons.length);
        }
        this.authors[i] = l;
      }
    }
    this.nKeys = keys.keys.length;
    this.listStart = Int32Array.from(starts);
    this.listPersons = Int32Array.from(persons);
  }
  /** The source events, in order (so prepared events are accepted wherever events are). */
  [Symbol.iterator](): Iterator<ScoreEvent> {
    return this.events[Symbol.iterator]();
  }
}

export const prepareEvents = (events: Iterable<ScoreEvent>) => new PreparedEvents(events);

export function score(input: ScoreInput): ScoreResult {
  const { rubric, period } = input;
  const from = period.from;
  const to = period.to;
  const tz = input.timeZone ?? DEFAULT_TIME_ZONE;
  const nItems = rubric.items.length;
  const nSections = rubric.sections.length;
  const P = input.events instanceof PreparedEvents ? input.events : new PreparedEvents(input.events);
  const sourceEvents = P.events;
  // This call's units and people by interned id: a unit listed twice is its last index (as a Map set
  // in order would be), a person listed twice the first.
  const unitIndex = new Map<string, number>();
  input.units.forEach((u, i) => unitIndex.set(u.id, i));
  const unitOf = new Int32Array(P.unitKeys.size).fill(-1);
  for (const [id, k] of P.unitKeys) unitOf[k] = unitIndex.get(id) ?? -1;
  const sums = new Float64Array(input.units.length * nItems);
  const personIndex = new Map<string, number>();
  const inputPeople = input.people ?? [];
  inputPeople.forEach((p, i) => {
    if (!personIndex.has(p.id)) personIndex.set(p.id, i);
  });
  const personOf = new Int32Array(P.personKeys.size).fill(-1);
  for (const [id, k] of P.personKeys) personOf[k] = personIndex.get(id) ?? -1;
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

  // The rubric against each shape, once: the rules it matches, in order, with their points after
  // multipliers; the event loop then only reads these.
  const nShapes = P.shapeEvents.length;
  const matchStart = new Int32Array(nShapes + 1);
  const mRule: number[] = [];
  const mPoints: number[] = [];
  const mMultiplier: Entry['multiplier'][] = [];
  for (let s = 0; s < nShapes; s++) {
    const e = P.shapeEvents[s]!;
    const plan = kinds.get(e.kind);
    if (plan !== undefined) {
      const bucket = plan.key === null ? plan : (plan.byValue.get(e.attrs[plan.key]) ?? EMPTY_RULES);
      for (let ri = 0; ri < bucket.rules.length; ri++) {
        if (!bucket.tests[ri]!(e)) continue;
        const rule = bucket.rules[ri]!;
        let points = rule.points;
        let multiplier: Entry['multiplier'] = null;
        for (const m of rule.multipliers) {
          if (m.when.every(([k, v]) => e.attrs[k] === v)) {
            points = multiply(points, m.factor);
            multiplier = multiplier ? { factor: multiply(multiplier.factor, m.factor), reasons: [...multiplier.reasons, m.reason] } : { factor: m.factor, reasons: [m.reason] };
          }
        }
        mRule.push(bucket.ids[ri]!);
        mPoints.push(points);
        mMultiplier.push(multiplier);
      }
    }
    matchStart[s + 1] = mRule.length;
  }
  const matchRule = Int32Array.from(mRule);
  const matchPoints = Float64Array.from(mPoints);
  const ruleItem = Int32Array.from(ruleList, (r) => r.itemIndex);
  const ruleScoped = Int32Array.from(ruleList, (r) => (rubric.dedupeScope === 'section' ? r.sectionIndex : r.itemIndex));
  const ruleSlow = Uint8Array.from(ruleList, (r) => (r.months !== null || r.oncePerMonth ? 1 : 0));
  const ruleDedupe = Uint8Array.from(ruleList, (r) => (r.dedupe ? 1 : 0));
  const ruleCredits = Uint8Array.from(ruleList, (r) => (r.deduction ? 0 : 1));
  const copyMultiplier = (m: Entry['multiplier']): Entry['multiplier'] => (m ? { factor: m.factor, reasons: [...m.reasons] } : null);

  // Dedupe: a key (work id or honour) → a slot in first-seen order; with a section or item scope,
  // (key, section or item) → a slot. Slot i's kept entry is b*[i].
  const scope = rubric.dedupeScope;
  const perScope = scope === 'rubric' ? 0 : scope === 'section' ? nSections : nItems;
  const slotOfKey = perScope === 0 ? new Int32Array(P.nKeys).fill(-1) : null;
  const scopedIndex = new Map<number, number>();
  let cap = perScope === 0 ? Math.max(16, P.nKeys) : 1024;
  let bPoints = new Float64Array(cap);
  let bAt = new Float64Array(cap);
  let bRule = new Int32Array(cap);
  let bEvent = new Int32Array(cap);
  let nSlots = 0;
  const bestCandidate: Candidate[] = []; // when explaining

  const monthly = new Map<string, Candidate>();
  let inPeriod = 0;
  let candidates = 0;

  const wanted = (e: ScoreEvent) =>
    !!explainUnits?.has(e.unitId) || (!!explainPeople && ((e.personId !== undefined && explainPeople.has(e.personId)) || (e.work?.authors.some((a) => explainPeople.has(a)) ?? false)));

  const atCol = P.at;
  const unitCol = P.unit;
  const shapeCol = P.shape;
  const keyCol = P.key;
  const personCol = P.person;
  const authorsCol = P.authors;
  const listStart = P.listStart;
  const listPersons = P.listPersons;
  /** Adds a kept positive entry (event i) to its work's authors and the honoured person. */
  const credit = (i: number, points: Milli) => {
    const l = authorsCol[i]!;
    if (l >= 0) {
      for (let j = listStart[l]!, end = listStart[l + 1]!; j < end; j++) {
        const p = personOf[listPersons[j]!]!;
        if (p >= 0) personTotals[p]! += points;
      }
    }
    const hp = personCol[i]!;
    if (hp >= 0) {
      const p = personOf[hp]!;
      if (p >= 0) personTotals[p]! += points;
    }
  };

  const n = P.n;
  for (let i = 0; i < n; i++) {
    const at = atCol[i]!;
    if (at < from || at >= to) continue;
    inPeriod++;
    const s = shapeCol[i]!;
    const mEnd = matchStart[s + 1]!;
    let mi = matchStart[s]!;
    if (mi === mEnd) continue;
    const u = unitOf[unitCol[i]!]!;
    if (u < 0) continue;
    for (; mi < mEnd; mi++) {
      candidates++;
      const ruleId = matchRule[mi]!;
      const points = matchPoints[mi]!;
      if (ruleSlow[ruleId] === 1) {
        const e = sourceEvents[i]!;
        const rule = ruleList[ruleId]!;
        if (rule.months !== null && !rule.months.has(localMonthOf(at, tz))) {
          if (explaining && wanted(e)) dropped.push({ e, rule, points, multiplier: copyMultiplier(mMultiplier[mi]!), status: 'window', keptInstead: null, counted: 0 });
          continue;
        }
        if (rule.oncePerMonth) {
          const c: Candidate = { e, rule, points, multiplier: copyMultiplier(mMultiplier[mi]!), status: 'counted', keptInstead: null, counted: 0, i };
          const key = `${e.unitId}|${rule.itemIndex}|${rule.ruleKey}|${localMonthIndexOf(at, tz)}`;
          const prev = monthly.get(key);
          if (!prev) monthly.set(key, c);
          else if (earlier(c, prev)) {
            monthly.set(key, c);
            if (explaining && wanted(prev.e)) dropped.push({ ...prev, status: 'once_per_month', keptInstead: c });
          } else if (explaining && wanted(e)) dropped.push({ ...c, status: 'once_per_month', keptInstead: prev });
          continue;
        }
      }
      const key = keyCol[i]!;
      if (key < 0 || ruleDedupe[ruleId] === 0) {
        // Never deduped: counts as it is.
        sums[u * nItems + ruleItem[ruleId]!]! += points;
        if (ruleCredits[ruleId] === 1) credit(i, points);
        if (explaining && wanted(sourceEvents[i]!)) keptDirect.push({ e: sourceEvents[i]!, rule: ruleList[ruleId]!, points, multiplier: copyMultiplier(mMultiplier[mi]!), status: 'counted', keptInstead: null, counted: 0 });
        continue;
      }
      let slot: number;
      let fresh = false;
      if (slotOfKey !== null) {
        slot = slotOfKey[key]!;
        if (slot < 0) {
          slotOfKey[key] = slot = nSlots++;
          fresh = true;
        }
      } else {
        const scoped = key * perScope + ruleScoped[ruleId]!;
        const got = scopedIndex.get(scoped);
        if (got !== undefined) slot = got;
        else {
          scopedIndex.set(scoped, (slot = nSlots++));
          fresh = true;
          if (nSlots > cap) {
            cap *= 2;
            const grow = <T extends Float64Array | Int32Array>(a: T, b: T) => (b.set(a), b);
            bPoints = grow(bPoints, new Float64Array(cap));
            bAt = grow(bAt, new Float64Array(cap));
            bRule = grow(bRule, new Int32Array(cap));
            bEvent = grow(bEvent, new Int32Array(cap));
          }
        }
      }
      if (fresh) {
        bPoints[slot] = points;
        bAt[slot] = at;
        bRule[slot] = ruleId;
        bEvent[slot] = i;
        if (explaining) bestCandidate.push({ e: sourceEvents[i]!, rule: ruleList[ruleId]!, points, multiplier: copyMultiplier(mMultiplier[mi]!), status: 'counted', keptInstead: null, counted: 0, slot });
        continue;
      }
      // Keep the single highest: more points, then earlier, then smaller id, then the earlier item.
      const bp = bPoints[slot]!;
      const bat = bAt[slot]!;
      let wins: boolean;
      if (points !== bp) wins = points > bp;
      else if (at !== bat) wins = at < bat;
      else {
        const id = sourceEvents[i]!.id;
        const bid = sourceEvents[bEvent[slot]!]!.id;
        wins = id !== bid ? id < bid : ruleItem[ruleId]! < ruleItem[bRule[slot]!]!;
      }
      if (wins) {
        bPoints[slot] = points;
        bAt[slot] = at;
        bRule[slot] = ruleId;
        bEvent[slot] = i;
        if (explaining) {
          dropped.push(bestCandidate[slot]!);
          bestCandidate[slot] = { e: sourceEvents[i]!, rule: ruleList[ruleId]!, points, multiplier: copyMultiplier(mMultiplier[mi]!), status: 'counted', keptInstead: null, counted: 0, slot };
        }
      } else if (explaining) dropped.push({ e: sourceEvents[i]!, rule: ruleList[ruleId]!, points, multiplier: copyMultiplier(mMultiplier[mi]!), status: 'counted', keptInstead: null, counted: 0, slot });
    }
  }
  const events = n;

  // Dropped-by-dedupe entries name the entry finally kept (it may have been replaced more than once).
  if (explaining) {
    for (const d of dropped) {
      if (d.status !== 'counted') continue;
      d.status = 'dedupe';
      d.keptInstead = bestCandidate[d.slot!]!;
    }
  }

  // The kept entry of each dedupe slot (its unit is its event's), then each month's entry.
  const kept: Candidate[] = keptDirect; // entries that reached the sums, when explaining
  for (let s = 0; s < nSlots; s++) {
    const ruleId = bRule[s]!;
    const i = bEvent[s]!;
    const points = bPoints[s]!;
    sums[unitOf[unitCol[i]!]! * nItems + ruleItem[ruleId]!]! += points;
    if (ruleCredits[ruleId] === 1) credit(i, points);
    if (explaining && wanted(sourceEvents[i]!)) kept.push(bestCandidate[s]!);
  }
  for (const c of monthly.values()) {
    sums[unitIndex.get(c.e.unitId)! * nItems + c.rule.itemIndex]! += c.points;
    if (!c.rule.deduction) credit(c.i!, c.points);
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
