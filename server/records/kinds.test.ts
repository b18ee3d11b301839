import { describe, expect, it } from 'vitest';
import { dedupeKeyOf, effectiveLevels, isCalendarDate, normalizeUrl } from './kinds';

describe('normalizeUrl: one spelling per page', () => {
  const same: [string, string][] = [
    ['https://www.people.com.cn/n1/2024/0315/c1001-1.html', 'http://people.com.cn/n1/2024/0315/c1001-1.html'],
    ['https://www.people.com.cn/n1/a.html', 'HTTPS://WWW.PEOPLE.COM.CN/n1/a.html#comments'],
    ['https://www.people.com.cn/n1/a.html', 'https://people.com.cn/n1/a.html?utm_source=wechat&utm_medium=share'],
    ['https://www.people.com.cn/n1/a.html', 'https://people.com.cn:443/n1/a.html/'],
    ['https://news.cctv.com/a?id=1&p=2', 'https://news.cctv.com/a?p=2&id=1&spm=C94212.P4YnMod9m2uD.ENPMkWvfnaiV.4'],
    ['people.com.cn/n1/a.html', 'https://www.people.com.cn/n1/a.html'],
    ['ｈｔｔｐｓ：／／ｐｅｏｐｌｅ．ｃｏｍ．ｃｎ／ｎ１／ａ．ｈｔｍｌ', 'https://people.com.cn/n1/a.html'],
    [
      'https://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=1&sn=abc&chksm=8b&scene=21#wechat_redirect',
      'https://mp.weixin.qq.com/s?sn=abc&idx=1&mid=2650&__biz=MzA5&sharer_shareid=x',
    ],
    ['https://a.gov.cn/%E6%96%B0%E9%97%BB/1', 'https://a.gov.cn/新闻/1'],
  ];
  it.each(same)('%s = %s', (a, b) => {
    expect(normalizeUrl(a)).not.toBeNull();
    expect(normalizeUrl(a)).toBe(normalizeUrl(b));
  });
  const different: [string, string][] = [
    ['https://people.com.cn/n1/a.html', 'https://people.com.cn/n1/b.html'],
    ['https://news.cctv.com/a?id=1', 'https://news.cctv.com/a?id=2'],
    ['https://m.people.cn/a', 'https://people.cn/a'],
    ['https://a.gov.cn:8080/x', 'https://a.gov.cn/x'],
    ['https://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=1&sn=abc', 'https://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=2&sn=abc'],
  ];
  it.each(different)('%s ≠ %s', (a, b) => expect(normalizeUrl(a)).not.toBe(normalizeUrl(b)));
  it.each(['', '   ', 'javascript:alert(1)', 'ftp://a.cn/x', 'not a url', 'mailto:a@b.cn', 'http://localhost/x'])('refuses %j', (s) => expect(normalizeUrl(s)).toBeNull());
});

describe('dedupeKeyOf: which use a record is', () => {
  const o = 'b7f4c0de-0000-4000-8000-000000000001';
  it('media: outlet and page, else outlet, date and column', () => {
    expect(dedupeKeyOf({ kind: 'media', outletId: o, url: 'https://www.x.cn/a?utm_source=1', usedOn: '2024-01-01' })).toBe(dedupeKeyOf({ kind: 'media', outletId: o, url: 'http://x.cn/a', usedOn: '2024-02-01' }));
    expect(dedupeKeyOf({ kind: 'media', outletId: o, url: null, usedOn: '2024-01-01', columnName: ' 要闻 ' })).toBe(dedupeKeyOf({ kind: 'media', outletId: o, usedOn: '2024-01-01', columnName: '要闻' }));
    expect(dedupeKeyOf({ kind: 'media', outletId: o, usedOn: '2024-01-01', columnName: '要闻' })).not.toBe(dedupeKeyOf({ kind: 'media', outletId: o, usedOn: '2024-01-02', columnName: '要闻' }));
  });
  it('upper level, award, platform, briefing', () => {
    expect(dedupeKeyOf({ kind: 'upper_adoption', level: 'city', usedOn: '2024-01-01' })).toBe(dedupeKeyOf({ kind: 'upper_adoption', level: 'city', usedOn: '2024-05-01' }));
    expect(dedupeKeyOf({ kind: 'upper_adoption', level: 'city', usedOn: '2024-01-01' })).not.toBe(dedupeKeyOf({ kind: 'recommendation', level: 'city', usedOn: '2024-01-01' }));
    expect(dedupeKeyOf({ kind: 'award_work', level: 'city', awardName: '一等奖', usedOn: '2024-01-01' })).toBe(dedupeKeyOf({ kind: 'award_work', level: 'city', awardName: '一等奖 ', usedOn: '2024-03-01' }));
    expect(dedupeKeyOf({ kind: 'broadcast', scope: 'national', platform: 'Ａ平台', usedOn: '2024-01-01' })).toBe(dedupeKeyOf({ kind: 'broadcast', scope: 'national', platform: 'a平台', usedOn: '2024-01-01' }));
    expect(dedupeKeyOf({ kind: 'briefing_use', briefingId: o, usedOn: '2024-01-01' })).toBe(`briefing:${o}`);
  });
});

describe('levels and dates', () => {
  it('defaults, overridden and extended by rows, in rank order', () => {
    const l = effectiveLevels([
      { code: 'city', nameZh: '市公安局', nameEn: 'City PSB', rank: 2, active: true },
      { code: 'ministry', nameZh: '部', nameEn: 'Ministry', rank: 4, active: false },
      { code: 'x1', nameZh: '分局', nameEn: 'Branch', rank: 1, active: true },
    ]);
    expect(l.map((x) => `${x.nameZh}${x.active ? '' : '(停用)'}`)).toEqual(['旗县局', '分局', '市公安局', '厅', '部(停用)']);
    expect(l.find((x) => x.code === 'x1')?.builtin).toBe(false);
  });
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-1-1', false],
    ['1900-01-01', false],
  ])('isCalendarDate(%s) = %s', (s, ok) => expect(isCalendarDate(s)).toBe(ok));
});
