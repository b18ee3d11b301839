import { describe, expect, it } from 'vitest';
import { containsStateSecretMarking, contentIssues, countChars } from './kinds';

describe('countChars (white space not counted)', () => {
  it.each([
    ['', 0],
    ['扫黑除恶', 4],
    ['扫 黑\n除\t恶　', 4], // ideographic space too
    ['ABC 123', 6],
    ['𠀀𠀁', 2], // astral characters count once
  ])('%j → %i', (s, n) => expect(countChars(s)).toBe(n));
});

describe('contentIssues', () => {
  const ok = { title: '标题', body: '正文', situationNote: '', category: null, attachmentCount: 0 };
  it('accepts a briefing item of exactly 3,000 characters and refuses 3,001', () => {
    expect(contentIssues('briefing_item', { ...ok, body: '字'.repeat(3000) + ' \n'.repeat(50) })).toEqual([]);
    const issues = contentIssues('briefing_item', { ...ok, body: '字'.repeat(3001) });
    expect(issues.map((i) => [i.field, i.code])).toEqual([['body', 'too_long']]);
    expect(issues[0]!.zh).toContain('3001');
  });
  it('requires a situation note for a lead and a category and files for material', () => {
    expect(contentIssues('lead', ok).map((i) => i.field)).toEqual(['situationNote']);
    expect(contentIssues('material', { ...ok, body: '' }).map((i) => i.field).sort()).toEqual(['attachments', 'category']);
    expect(contentIssues('material', { ...ok, category: 5, attachmentCount: 2 })).toEqual([]);
    expect(contentIssues('material', { ...ok, category: 11, attachmentCount: 2 }).map((i) => i.field)).toEqual(['category']);
  });
  it('refuses classified markings, also in full-width or with a space', () => {
    expect(containsStateSecretMarking('机密★10年')).toBe(true);
    expect(containsStateSecretMarking('绝密 ★')).toBe(true);
    expect(containsStateSecretMarking('秘密☆')).toBe(true);
    expect(containsStateSecretMarking('保守秘密是义务')).toBe(false);
    expect(contentIssues('article', { ...ok, title: '秘密★ 通报' }).map((i) => i.code)).toEqual(['state_secret']);
  });
});
