/** Properties of the engine under template A, over random events (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { score, type ScoreEvent, type ScoreResult } from './engine';
import { formatPoints } from './points';
import { periodFromKey } from './periods';
import { TEMPLATE_A, TEMPLATE_B } from './templates';
import { compiled } from './engine.testkit';

const A = compiled(TEMPLATE_A);
const B = compiled(TEMPLATE_B);
const UNITS = ['u1', 'u2', 'u3'].map((id) => ({ id }));
const PEOPLE = ['p1', 'p2', 'p3', 'p4'].map((id) => ({ id }));
const YEAR = periodFromKey('2024');
const Q2 = periodFromKey('2024-Q2');

const arbEvent: fc.Arbitrary<ScoreEvent> = fc
  .record({
    n: fc.integer({ min: 0, max: 1e9 }),
    kind: fc.constantFrom('upper_adoption', 'media', 'broadcast', 'award_work', 'award_person', 'task_missed', 'nomination_missed', 'violation', 'emergency_task', 'briefing_use'),
    day: fc.integer({ min: 0, max: 400 }),
    unit: fc.constantFrom('u1', 'u2', 'u3'),
    work: fc.constantFrom('w1', 'w2', 'w3', 'w4', 'w5', 'w6'),
    workKind: fc.constantFrom('photo', 'video', 'article'),
    tags: fc.subarray(['city_campaign']),
    authors: fc.subarray(['p1', 'p2', 'p3']),
    level: fc.constantFrom('county', 'city', 'province', 'ministry', 'national', 'regional'),
    flag: fc.boolean(),
    flag2: fc.boolean(),
    person: fc.constantFrom('p1', 'p2', 'p4'),
  })
  .map((r) => {
    const at = Date.parse('2023-12-15T00:00:00+08:00') + r.day * 86_400_000 + (r.n % 86_400) * 1000;
    const base = { id: `e${r.n}`, kind: r.kind, at, unitId: r.unit };
    const work = { id: `${r.unit}-${r.work}`, kind: r.workKind, tags: r.tags, authors: r.authors };
    switch (r.kind) {
      case 'award_person':
        return { ...base, personId: r.person, attrs: { title: '年度优秀通讯员', level: r.flag ? 'regional' : 'city' } };
      case 'task_missed':
        return { ...base, attrs: { task: 'repost_vote' } };
      case 'violation':
        return { ...base, attrs: { negative_coverage: r.flag } };
      case 'nomination_missed':
      case 'emergency_task':
        return { ...base, attrs: {} };
      case 'media':
        return { ...base, work, attrs: { central_main: r.flag, channel_qualifies: r.flag2 } };
      case 'award_work':
        return { ...base, work, attrs: { level: r.level, field: r.flag ? 'news' : 'culture' } };
      case 'briefing_use':
        return { ...base, work, attrs: { mode: r.flag ? 'standalone' : 'comprehensive' } };
      default:
        return { ...base, work, attrs: { level: r.level } };
    }
  });

const uniqueIds = (events: ScoreEvent[]) => [...new Map(events.map((e) => [e.id, e])).values()];
const events = fc.array(arbEvent, { maxLength: 120 }).map(uniqueIds);
const run = (evs: ScoreEvent[], period = YEAR, rubric = A, explain = false): ScoreResult =>
  score({ rubric, period, units: UNITS, people: PEOPLE, events: evs, explain: explain ? { units: new Set(UNITS.map((u) => u.id)) } : undefined });
const totals = (r: ScoreResult) => ({
  units: Object.fromEntries(r.units.map((u) => [u.unitId, [u.total, u.rank, ...u.items]])),
  people: Object.fromEntries(r.people.map((p) => [p.personId, [p.total, p.rank]])),
});

describe('engine properties (template A)', () => {
  it('the result does not depend on the order of events', () => {
    fc.assert(
      fc.property(events, fc.integer(), (evs, seed) => {
        const shuffled = [...evs].sort((a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 17 + seed) % 7) || (a.id < b.id ? 1 : -1));
        expect(totals(run(shuffled))).toEqual(totals(run(evs)));
        expect(totals(run(shuffled, Q2))).toEqual(totals(run(evs, Q2)));
      }),
      { numRuns: 150 },
    );
  });

  it('totals never exceed caps nor fall below floors', () => {
    fc.assert(
      fc.property(events, (evs) => {
        for (const u of run(evs).units) {
          A.items.forEach((it, i) => {
            const v = u.items[i]!;
            expect(v).toBeGreaterThanOrEqual(it.mode === 'additive' ? 0 : it.floor);
            expect(v).toBeLessThanOrEqual(it.max!);
          });
          expect(u.total).toBeLessThanOrEqual(A.max!);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('adding a lower-valued use of an already-counted work never changes a total', () => {
    fc.assert(
      fc.property(events, fc.integer({ min: 0, max: 1e6 }), (evs, salt) => {
        const provincial = evs.find((e) => e.kind === 'upper_adoption' && (e.attrs.level === 'province' || e.attrs.level === 'ministry') && e.at >= YEAR.from && e.at < YEAR.to);
        fc.pre(!!provincial);
        const lower: ScoreEvent = { ...provincial!, id: `z${salt}`, at: provincial!.at + 3_600_000 < YEAR.to ? provincial!.at + 3_600_000 : provincial!.at, attrs: { level: 'county' } };
        expect(totals(run([...evs, lower]))).toEqual(totals(run(evs)));
      }),
      { numRuns: 150 },
    );
  });

  it('sums are exact decimals, and the explanation adds up to every total', () => {
    fc.assert(
      fc.property(events, (evs) => {
        const r = run(evs, YEAR, A, true);
        for (const u of r.units) {
          expect(formatPoints(u.total)).toMatch(/^\d+(\.\d)?$/); // template A has tenths only
          const entries = r.unitEntries.get(u.unitId) ?? [];
          let expected = 0;
          A.items.forEach((it) => {
            const counted = entries.filter((e) => e.itemKey === it.key).reduce((a, e) => a + e.counted, 0);
            expected += it.mode === 'additive' ? counted : it.max! - counted;
          });
          expect(expected).toBe(u.total);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('template B counts every use: the total is 10 per standalone and 3 per comprehensive use', () => {
    fc.assert(
      fc.property(events, (evs) => {
        const r = run(evs, YEAR, B);
        for (const u of r.units) {
          const uses = evs.filter((e) => e.kind === 'briefing_use' && e.unitId === u.unitId && e.at >= YEAR.from && e.at < YEAR.to);
          expect(u.total).toBe(uses.reduce((a, e) => a + (e.attrs.mode === 'standalone' ? 10_000 : 3_000), 0));
        }
      }),
      { numRuns: 100 },
    );
  });
});
