import { describe, expect, it } from 'vitest';
import { countingDate, isMonth } from './ledger-kinds';
import { honourTitleOf, tagsOf, useAttrs, workKindOf } from './work-kinds';

const use = (o: Partial<Parameters<typeof useAttrs>[0]> & { kind: string }) => ({ mode: null, level: null, scope: null, outletTier: null, centralMain: false, channelQualifies: false, awardName: null, ...o });

describe('records of use as the engine reads them', () => {
  it.each([
    ['briefing_item', [], 'briefing'],
    ['lead', [], 'lead'],
    ['article', [], 'article'],
    ['original_work', [], 'original'],
    ['material', ['image'], 'photo'],
    ['material', ['image', 'video'], 'video'],
  ])('a %s with files %j is a %s', (kind, files, want) => expect(workKindOf(kind, files)).toBe(want));

  // An imported material has no files: its media tag (interchange `media`) decides; files win when there are any.
  it.each([
    ['material', [], ['media:video'], 'video'],
    ['material', [], ['media:photo'], 'photo'],
    ['material', [], [], 'photo'],
    ['material', ['image'], ['media:video'], 'photo'],
    ['material', ['video'], ['media:photo'], 'video'],
    ['material', ['document'], ['media:video'], 'video'],
    ['article', [], ['media:video'], 'article'],
  ])('a %s with files %j and tags %j is a %s', (kind, files, tags, want) => expect(workKindOf(kind, files, tags)).toBe(want));

  it('reads the city bureau campaign tag in the words people type, keeping the tags as typed', () => {
    expect(tagsOf(['市局策划', ' 扫黑除恶 '])).toEqual(['市局策划', 'city_campaign', '扫黑除恶']);
    expect(tagsOf(['市局约稿'])).toContain('city_campaign');
    expect(tagsOf(['省厅策划'])).not.toContain('city_campaign');
  });

  it.each([
    [use({ kind: 'briefing_use', mode: 'standalone' }), null, { mode: 'standalone' }],
    [use({ kind: 'upper_adoption', level: 'ministry' }), 'photo', { level: 'ministry' }],
    [use({ kind: 'media', outletTier: 'central', centralMain: true, channelQualifies: true }), 'article', { tier: 'central', central_main: true, channel_qualifies: true }],
    [use({ kind: 'media', outletTier: 'city', centralMain: false, channelQualifies: true }), 'article', { tier: 'city', central_main: false, channel_qualifies: false }],
    [use({ kind: 'broadcast', scope: 'national' }), 'original', { level: 'national' }],
    [use({ kind: 'award_work', level: 'regional', awardName: '优秀作品' }), 'original', { level: 'regional', field: 'culture', title: '优秀作品' }],
    [use({ kind: 'award_work', level: 'city', awardName: '好新闻' }), 'article', { level: 'city', field: 'news', title: '好新闻' }],
    [use({ kind: 'award_person', level: 'city', awardName: '2024年度全市优秀通讯员' }), null, { level: 'city', title: '年度优秀通讯员' }],
  ])('%j → %j', (r, wk, want) => expect(useAttrs(r, wk)).toEqual(want));

  it('names any 优秀通讯员 honour by the title template A counts', () => {
    expect(honourTitleOf('自治区级年度优秀通讯员')).toBe('年度优秀通讯员');
    expect(honourTitleOf('先进个人')).toBe('先进个人');
  });
});

describe('ledger entries', () => {
  it('a month entry entered outside its month counts on the month’s last day; inside, on its own date', () => {
    expect(countingDate({ occurredOn: '2024-04-02', month: '2024-03' })).toBe('2024-03-31');
    expect(countingDate({ occurredOn: '2024-03-26', month: '2024-03' })).toBe('2024-03-26');
    expect(countingDate({ occurredOn: '2024-03-05', month: '2024-02' })).toBe('2024-02-29');
    expect(countingDate({ occurredOn: '2024-03-05', month: null })).toBe('2024-03-05');
    expect([isMonth('2024-12'), isMonth('2024-13'), isMonth('2024-1')]).toEqual([true, false, false]);
  });
});
