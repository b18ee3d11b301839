import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffStats, diffText, diffTokens, type DiffPart } from './diff';

const oldText = (parts: DiffPart[]) => parts.filter((p) => p.op !== 'ins').map((p) => p.text).join('');
const newText = (parts: DiffPart[]) => parts.filter((p) => p.op !== 'del').map((p) => p.text).join('');
const show = (parts: DiffPart[]) => parts.map((p) => (p.op === 'eq' ? p.text : p.op === 'ins' ? `[+${p.text}]` : `[-${p.text}]`)).join('');

/** Length of the longest common subsequence, by the textbook table (for small inputs). */
function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j]!, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

describe('diffText', () => {
  it('marks the changed characters of a Chinese sentence', () => {
    expect(show(diffText('今天天气很好，适合巡逻。', '今天天气不好，适合巡逻和演练。'))).toBe('今天天气[-很][+不]好，适合巡逻[+和演练]。');
  });

  it('handles pure insertions, deletions, empty sides and equal texts', () => {
    expect(diffText('', '')).toEqual([]);
    expect(diffText('同一段文字', '同一段文字')).toEqual([{ op: 'eq', text: '同一段文字' }]);
    expect(diffText('', '新增')).toEqual([{ op: 'ins', text: '新增' }]);
    expect(diffText('删除', '')).toEqual([{ op: 'del', text: '删除' }]);
    expect(show(diffText('派出所开展反诈宣传', '嘎鲁图派出所开展反诈宣传'))).toBe('[+嘎鲁图]派出所开展反诈宣传');
    expect(show(diffText('派出所开展反诈宣传活动', '派出所开展宣传'))).toBe('派出所开展[-反诈]宣传[-活动]');
  });

  it('never splits a character outside the Basic Multilingual Plane', () => {
    const parts = diffText('警𠀀营', '警𠀁营');
    expect(show(parts)).toBe('警[-𠀀][+𠀁]营');
  });

  it('puts the deletion before the insertion in a replaced stretch', () => {
    const parts = diffText('第一段\n旧的第二段\n第三段\n', '第一段\n全新的段落\n第三段\n');
    expect(oldText(parts)).toBe('第一段\n旧的第二段\n第三段\n');
    expect(newText(parts)).toBe('第一段\n全新的段落\n第三段\n');
    for (let i = 1; i < parts.length; i++) expect(parts[i - 1]!.op === 'ins' && parts[i]!.op === 'del').toBe(false);
  });

  it('rebuilds both texts and keeps a longest common subsequence (property)', () => {
    const alphabet = fc.constantFrom('警', '民', '安', '全', 'a', 'b', ' ', '\n', '𠀀');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), fc.array(alphabet, { maxLength: 40 }), (xs, ys) => {
        const a = xs.join('');
        const b = ys.join('');
        const parts = diffText(a, b);
        expect(oldText(parts)).toBe(a);
        expect(newText(parts)).toBe(b);
        const kept = parts.filter((p) => p.op === 'eq').reduce((n, p) => n + Array.from(p.text).length, 0);
        expect(kept).toBe(lcs(xs, ys));
      }),
      { numRuns: 300 },
    );
  });

  it('stays correct and fast on long texts that differ a lot (line-first fallback)', () => {
    const para = (seed: number) => Array.from({ length: 120 }, (_, i) => String.fromCharCode(0x4e00 + ((seed * 7919 + i * 31) % 3000))).join('');
    const a = Array.from({ length: 60 }, (_, i) => para(i)).join('\n');
    const b = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? para(i + 1000) : para(i))).join('\n');
    const t0 = performance.now();
    const parts = diffText(a, b);
    const ms = performance.now() - t0;
    expect(oldText(parts)).toBe(a);
    expect(newText(parts)).toBe(b);
    // Unchanged paragraphs stay equal.
    expect(parts.filter((p) => p.op === 'eq').some((p) => p.text.includes(para(1)))).toBe(true);
    expect(ms).toBeLessThan(2000);
  });
});

describe('diffTokens', () => {
  it('gives up beyond the edit budget', () => {
    expect(diffTokens(['a', 'b', 'c'], ['x', 'y', 'z'], 2)).toBeNull();
    expect(diffTokens(['a', 'b', 'c'], ['x', 'y', 'z'], 6)).toEqual([
      { op: 'del', items: ['a', 'b', 'c'] },
      { op: 'ins', items: ['x', 'y', 'z'] },
    ]);
  });
});

describe('diffStats', () => {
  it('counts changed characters without white space', () => {
    expect(diffStats(diffText('巡逻 防控', '巡逻 防控 演练 宣传'))).toEqual({ inserted: 4, deleted: 0 });
    expect(diffStats(diffText('甲乙丙', '甲丁'))).toEqual({ inserted: 1, deleted: 2 });
  });
});
