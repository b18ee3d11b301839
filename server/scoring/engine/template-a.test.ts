/**
 * Seed 001's 考核细则, clause by clause, under template A (DOMAIN.md "Settled readings of template A").
 * A unit with nothing recorded holds the deductive items' maxima: 矩阵响应 2 + 政务新媒体 1 + 典型选树 3 = 6.
 */
import { describe, expect, it } from 'vitest';
import { TEMPLATE_A } from './templates';
import { compiled, ev, itemsOf, personTotal, run, totalOf } from './engine.testkit';

const A = compiled(TEMPLATE_A);
const adoption = (level: string, at: string, work: string, workKind = 'photo', extra: { tags?: string[]; authors?: string[]; unitId?: string } = {}) =>
  ev({ kind: 'upper_adoption', at, work, workKind, attrs: { level }, ...extra });

describe('template A (seed 001), clause by clause', () => {
  it('is 28 points in five sections, 12 of them 基础业务', () => {
    expect(A.max).toBe(28000);
    expect(A.sections.map((s) => [s.name, s.max])).toEqual([
      ['基础业务', 12000],
      ['政务新媒体', 1000],
      ['典型选树', 3000],
      ['公安文化', 2000],
      ['外宣刊稿', 10000],
    ]);
  });

  it('a unit with nothing recorded keeps the deductive items whole (6) and is listed', () => {
    const r = run(A, '2024', []);
    expect(totalOf(r)).toBe('6');
    expect(r.units).toHaveLength(3);
    expect(r.units.map((u) => u.rank)).toEqual([1, 1, 1]);
  });

  it('市局矩阵策划: +0.2 by the city bureau, +0.3 by the provincial department (the ministry counts as provincial), only for campaign pieces', () => {
    const r = run(A, '2024-05', [
      adoption('city', '2024-05-02', 'w1', 'article', { tags: ['city_campaign'] }),
      adoption('province', '2024-05-03', 'w2', 'article', { tags: ['city_campaign'] }),
      adoption('ministry', '2024-05-04', 'w3', 'article', { tags: ['city_campaign'] }),
      adoption('city', '2024-05-05', 'w4', 'article'), // not made for the city bureau's campaign: not this item
    ]);
    expect(itemsOf(A, r).city_matrix).toBe('0.8');
  });

  it('图片、视频报送: +0.1 county, +0.2 city, +0.3 province, photos and videos only, capped at 7', () => {
    const r = run(A, '2024-05', [
      adoption('county', '2024-05-02', 'p1'),
      adoption('city', '2024-05-02', 'v1', 'video'),
      adoption('province', '2024-05-02', 'p2'),
      adoption('county', '2024-05-02', 'a1', 'article'),
    ]);
    expect(itemsOf(A, r).photo_video).toBe('0.6');
    const many = Array.from({ length: 80 }, (_, i) => adoption('county', '2024-05-02', `p${i}`));
    const capped = run(A, '2024-05', many, { explain: true });
    expect(itemsOf(A, capped).photo_video).toBe('7');
    const entries = capped.unitEntries.get('u1')!;
    expect(entries.filter((e) => e.status === 'counted')).toHaveLength(70);
    expect(entries.filter((e) => e.status === 'cap' && e.counted === 0)).toHaveLength(10);
  });

  it('the same work scores once, at its highest, across items (同一作品只计分1次，取最高分)', () => {
    // A campaign photo adopted by the city matches 市局矩阵策划 (0.2) and 图片、视频报送 (0.2): it counts once,
    // in the item that comes first in the rubric; the province's adoption (0.3) then beats both.
    const r = run(A, '2024-05', [adoption('city', '2024-05-02', 'w1', 'photo', { tags: ['city_campaign'] })], { explain: true });
    expect(itemsOf(A, r)).toMatchObject({ city_matrix: '0.2', photo_video: '0' });
    const dropped = r.unitEntries.get('u1')!.find((e) => e.status === 'dedupe')!;
    expect(dropped).toMatchObject({ itemKey: 'photo_video', keptInstead: { itemKey: 'city_matrix', points: 200 } });

    const r2 = run(A, '2024-05', [
      adoption('city', '2024-05-02', 'w1', 'photo', { tags: ['city_campaign'] }),
      adoption('province', '2024-05-09', 'w1', 'photo', { tags: ['city_campaign'] }),
      ev({ kind: 'award_work', at: '2024-05-10', work: 'w1', workKind: 'photo', attrs: { field: 'news', level: 'city' } }),
    ]);
    expect(itemsOf(A, r2)).toMatchObject({ city_matrix: '0.3', photo_video: '0', achievements: '0' });
    expect(totalOf(r2)).toBe('6.3');
  });

  it('dedupe happens inside the scored period: county in March (0.1), province in April (0.3)', () => {
    const events = [adoption('county', '2024-03-10', 'w1'), adoption('province', '2024-04-10', 'w1')];
    expect(itemsOf(A, run(A, '2024-03', events)).photo_video).toBe('0.1');
    expect(itemsOf(A, run(A, '2024-Q2', events)).photo_video).toBe('0.3');
    expect(itemsOf(A, run(A, '2024', events)).photo_video).toBe('0.3');
  });

  it('矩阵响应: −0.2 per task not done, never below 0, never deduped', () => {
    const missed = (n: number) => Array.from({ length: n }, (_, i) => ev({ kind: 'task_missed', at: '2024-05-03', attrs: { task: 'repost_vote' }, id: `t${i}` }));
    expect(itemsOf(A, run(A, '2024-05', missed(3))).matrix_response).toBe('1.4');
    expect(itemsOf(A, run(A, '2024-05', missed(11))).matrix_response).toBe('0');
  });

  it('创佳绩: works awards 0.3 / 0.2 / 0.1, excellent correspondent of the year 0.3 / 0.2 per person, emergency tasks 0.2 each, capped at 1', () => {
    const r = run(A, '2024', [
      ev({ kind: 'award_work', at: '2024-06-01', work: 'w1', attrs: { field: 'news', level: 'regional' } }),
      ev({ kind: 'award_person', at: '2024-12-20', personId: 'p1', attrs: { title: '年度优秀通讯员', level: 'regional' } }),
      ev({ kind: 'award_person', at: '2024-12-20', personId: 'p2', attrs: { title: '年度优秀通讯员', level: 'city' } }),
    ]);
    expect(itemsOf(A, r).achievements).toBe('0.7');
    expect(personTotal(r, 'p1')).toBe('0.3');
    expect(personTotal(r, 'p2')).toBe('0.2');

    // One person honoured at two levels keeps the higher: the honour is (person, title).
    const twice = run(A, '2024', [
      ev({ kind: 'award_person', at: '2024-12-20', personId: 'p1', attrs: { title: '年度优秀通讯员', level: 'city' } }),
      ev({ kind: 'award_person', at: '2024-12-21', personId: 'p1', attrs: { title: '年度优秀通讯员', level: 'regional' } }),
    ]);
    expect(itemsOf(A, twice).achievements).toBe('0.3');
    expect(personTotal(twice, 'p1')).toBe('0.3');

    const emergencies = Array.from({ length: 3 }, (_, i) => ev({ kind: 'emergency_task', at: '2024-07-01', id: `x${i}` }));
    expect(itemsOf(A, run(A, '2024', emergencies)).achievements).toBe('0.6');
    expect(itemsOf(A, run(A, '2024', [...emergencies, ...emergencies.map((e) => ({ ...e, id: e.id + 'b' }))])).achievements).toBe('1');
  });

  it('政务新媒体: −0.2 each, doubled with negative coverage, 扣满1分止', () => {
    const v = (neg: boolean, id: string) => ev({ kind: 'violation', at: '2024-05-03', attrs: { negative_coverage: neg }, id });
    expect(itemsOf(A, run(A, '2024', [v(false, 'a')])).new_media).toBe('0.8');
    expect(itemsOf(A, run(A, '2024', [v(true, 'a')])).new_media).toBe('0.6');
    const r = run(A, '2024', [v(true, 'a'), v(true, 'b'), v(false, 'c'), v(false, 'd')], { explain: true });
    expect(itemsOf(A, r).new_media).toBe('0');
    const entries = r.unitEntries.get('u1')!;
    // Points, what was actually deducted, and why: the fourth finds the item already at its floor.
    expect(entries.map((e) => [e.eventId, e.points, e.counted, e.status])).toEqual([
      ['a', 400, 400, 'counted'],
      ['b', 400, 400, 'counted'],
      ['c', 200, 200, 'counted'],
      ['d', 200, 0, 'floor'],
    ]);
    expect(entries[0]!.multiplier).toEqual({ factor: 2000, reasons: ['引发负面舆情的翻倍扣分'] });
  });

  it('典型选树: −0.5 per month from March to August the nomination was missed, at most once a month', () => {
    const miss = (at: string, id: string) => ev({ kind: 'nomination_missed', at, id });
    const r = run(A, '2024', [miss('2024-02-28', 'feb'), miss('2024-03-31', 'mar1'), miss('2024-03-05', 'mar2'), miss('2024-04-30', 'apr'), miss('2024-09-01', 'sep')], { explain: true });
    expect(itemsOf(A, r).nominations).toBe('2');
    const status = Object.fromEntries(r.unitEntries.get('u1')!.map((e) => [e.eventId, e.status]));
    expect(status).toEqual({ feb: 'window', mar2: 'counted', mar1: 'once_per_month', apr: 'counted', sep: 'window' });
    // 00:00 on 1 March Shanghai time is inside the window; 23:59:59 on 29 February is not.
    const edge = run(A, '2024', [miss('2024-02-29T23:59:59+08:00', 'a'), miss('2024-03-01T00:00:00+08:00', 'b')]);
    expect(itemsOf(A, edge).nominations).toBe('2.5');
  });

  it('公安文化: broadcasts 0.5 national / 0.2 regional, competitions 0.5 / 0.2, each capped at 1', () => {
    const r = run(A, '2024', [
      ev({ kind: 'broadcast', at: '2024-05-01', work: 'c1', attrs: { level: 'national' } }),
      ev({ kind: 'broadcast', at: '2024-05-01', work: 'c2', attrs: { level: 'national' } }),
      ev({ kind: 'broadcast', at: '2024-05-01', work: 'c3', attrs: { level: 'regional' } }),
      ev({ kind: 'award_work', at: '2024-05-01', work: 'c4', attrs: { field: 'culture', level: 'regional' } }),
    ]);
    expect(itemsOf(A, r)).toMatchObject({ broadcast: '1', competition: '0.2' });
  });

  it('外宣刊稿: only the seven central main media on a qualifying channel count', () => {
    const r = run(A, '2024', [
      ev({ kind: 'media', at: '2024-05-01', work: 'm1', attrs: { central_main: true, channel_qualifies: true, tier: 'central' } }),
      ev({ kind: 'media', at: '2024-05-01', work: 'm2', attrs: { central_main: true, channel_qualifies: false, tier: 'central' } }),
      ev({ kind: 'media', at: '2024-05-01', work: 'm3', attrs: { central_main: false, channel_qualifies: false, tier: 'provincial' } }),
      ev({ kind: 'media', at: '2024-05-01', work: 'm4', workKind: 'video', attrs: { central_main: true, channel_qualifies: true, tier: 'central' } }),
    ]);
    expect(itemsOf(A, r).central_media).toBe('1.5');
    expect(A.items.find((i) => i.key === 'central_media')!.note).toMatch(/占位值/);
  });

  it('every author gets the work\'s full points; a person has no item caps; deductions stay with the unit', () => {
    const events = [
      ...Array.from({ length: 80 }, (_, i) => adoption('county', '2024-05-02', `p${i}`, 'photo', { authors: ['p1'] })),
      adoption('city', '2024-05-02', 'shared', 'photo', { authors: ['p1', 'p2'] }),
      ev({ kind: 'task_missed', at: '2024-05-03', attrs: { task: 'repost_vote' } }),
    ];
    const r = run(A, '2024-05', events);
    expect(itemsOf(A, r).photo_video).toBe('7');
    expect(personTotal(r, 'p1')).toBe('8.2');
    expect(personTotal(r, 'p2')).toBe('0.2');
    expect(personTotal(r, 'p3')).toBe('0');
    expect(r.people.map((p) => [p.personId, p.rank])).toEqual([
      ['p1', 1],
      ['p2', 2],
      ['p3', 3],
    ]);
  });

  it('ranks by total, ties sharing a rank (1, 2, 2, 4), and ranks units of one type apart', () => {
    const events = [adoption('province', '2024-05-02', 'a', 'photo', { unitId: 'u1' }), adoption('city', '2024-05-02', 'b', 'photo', { unitId: 'u2' }), adoption('city', '2024-05-02', 'c', 'photo', { unitId: 'u3' })];
    const r = run(A, '2024-05', events, { units: ['u4', 'u3', 'u2', 'u1'] });
    expect(r.units.map((u) => [u.unitId, u.rank])).toEqual([
      ['u1', 1],
      ['u3', 2],
      ['u2', 2],
      ['u4', 4],
    ]);
  });
});
