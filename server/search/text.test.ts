import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexText, indexWords, queryTerms, snippet, tsqueryText, type QueryTerm } from './text';

const terms = (q: string) => queryTerms(q);
const marked = (text: string, q: string, max?: number) =>
  snippet(text, terms(q), max)
    .map((p) => (p.hit ? `[${p.text}]` : p.text))
    .join('');

describe('indexWords: text → stored words', () => {
  it.each([
    ['城关派出所开展防范电信诈骗进社区宣传活动', ['城关', '派出', '派出所', '开展', '防范', '电信', '诈骗', '社区', '进社区', '宣传', '活动']],
    // search mode: a long word also gives its dictionary sub-words, so 诈骗 finds 诈骗案
    ['诈骗案', ['诈骗', '骗案', '诈骗案']],
    // punctuation and spaces go; Latin is lower-cased; digits stay
    ['GB/T 9704-2012 标准，', ['gb', 't', '9704', '2012', '标准']],
    // full-width forms fold (NFKC)
    ['ＡＢＣ１２３', ['abc123']],
    // stop words are not stored
    ['民警的救助和宣传', ['民警', '救助', '宣传']],
    ['', []],
    ['。，、！？……——  \n', []],
  ])('%s', (text, words) => {
    expect(indexWords(text)).toEqual(words);
  });

  it('joins the words with single spaces, each of letters and digits only (what to_tsvector gets)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom('', '民警救助走失老人', 'Hello, 世界！2024年'), (noise, zh) => {
        const t = indexText(noise + zh + noise);
        if (t === '') return;
        for (const w of t.split(' ')) expect(w).toMatch(/^[\p{L}\p{M}\p{N}]+$/u);
      }),
    );
  });
});

describe('queryTerms and tsqueryText: a user query → a safe tsquery', () => {
  it.each<[string, string | null]>([
    ['电信诈骗', "'电信' & '诈骗'"],
    ['诈骗', "'诈骗'"],
    // a single character is a prefix (the index keeps words, not characters)
    ['火', "'火':*"],
    ['走失 老人', "'走失' & '老人'"],
    // Latin lower-cased, digits kept
    ['Hello 2024', "'hello' & '2024'"],
    // tsquery syntax typed by the user is just text
    ["诈骗 & !民警 | (x:*) <-> 'a'", "'诈骗' & '民警' & 'x':* & 'a':*"],
    ["O'Brien\\", "'o':* & 'brien'"],
    // repeated words once
    ['诈骗 诈骗 诈骗', "'诈骗'"],
    // nothing searchable: no condition at all
    ['', null],
    ['   ', null],
    ['！？。、', null],
    ['的', null],
    ['&|!()<->:*', null],
  ])('%s → %s', (q, expected) => {
    expect(tsqueryText(q)).toBe(expected);
  });

  it('never lets anything but quoted words and our operators through (any input)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (q) => {
        const t = tsqueryText(q);
        if (t === null) return;
        expect(t).toMatch(/^'[\p{L}\p{M}\p{N}]+'(:\*)?( & '[\p{L}\p{M}\p{N}]+'(:\*)?)*$/u);
      }),
    );
  });

  it('caps a long query at twelve words', () => {
    expect(queryTerms('民警 救助 老人 社区 宣传 活动 校园 安全 消防 演练 反诈 巡逻 禁毒 讲座 交警').length).toBe(12);
  });

  it('finds what was indexed: every query word of a passage is among the passage’s stored words', () => {
    for (const text of ['城关派出所开展防范电信诈骗进社区宣传活动', '交警大队夏季治安专项行动成效显著', '民警救助走失老人，群众送来锦旗']) {
      const stored = new Set(indexWords(text));
      for (const t of queryTerms(text)) expect(t.prefix || stored.has(t.word), t.word).toBe(true);
    }
  });
});

describe('snippet: the passage around the first hit, hits marked', () => {
  it.each<[string, string, string, number?]>([
    ['民警救助走失老人', '老人', '民警救助走失[老人]'],
    ['民警救助走失老人', '走失 老人', '民警救助[走失老人]'],
    ['Hello World', 'world', 'Hello [World]'],
    ['ＡＢＣ电信诈骗', 'abc', '[ＡＢＣ]电信诈骗'],
    ['没有命中', '诈骗', '没有命中'],
    ['火灾救火', '火', '[火]灾救[火]'],
    // a long text: a window around the first hit, with ellipses
    ['一'.repeat(100) + '电信诈骗' + '二'.repeat(100), '诈骗', '…' + '一'.repeat(5) + '电信[诈骗]' + '二'.repeat(21) + '…', 30],
    ['电信诈骗' + '二'.repeat(100), '诈骗', '电信[诈骗]' + '二'.repeat(6) + '…', 10],
  ])('%s / %s', (text, q, expected, max) => {
    expect(marked(text, q, max)).toBe(expected);
  });

  it('gives back the original text when joined, hits or not (no HTML is made)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.string({ maxLength: 10 }), (text, q) => {
        const parts = snippet(text, terms(q) as QueryTerm[], 1000);
        expect(parts.map((p) => p.text).join('')).toBe(text);
      }),
    );
  });
});
