import { describe, expect, it } from 'vitest';
import type { T } from '../../app/locale';
import { MESSAGES, translate, type Locale } from '../../i18n';
import { categoryLabel, holderText, refusalLabel, sinceText, statusLabel, STATUSES } from './labels';
import { REVIEW_ERROR_CODES } from '../../../server/submissions/stages';

const tOf = (l: Locale): T => (k, p) => translate(l, k, p);
const zh = tOf('zh-CN');
const en = tOf('en');

describe('where an item is and who holds it', () => {
  it('names the step, the holders and the wait', () => {
    expect(holderText({ kind: 'step', step: 'second', name: '复审', roles: ['editor'], people: [] }, zh, 'zh-CN')).toBe('复审 · 编辑/审核员');
    expect(holderText({ kind: 'step', step: 'second', name: '复审', roles: ['editor'], people: [] }, en, 'en')).toBe('Second review · Editor');
    expect(holderText({ kind: 'step', step: 'x', name: '专家审读', roles: [], people: ['a', 'b'] }, zh, 'zh-CN')).toBe('专家审读 · 指定人员 2 人');
    expect(holderText({ kind: 'submitter', status: 'returned' }, zh, 'zh-CN')).toBe('退回修改 · 报送人');
    expect(holderText({ kind: 'nobody' }, zh, 'zh-CN')).toBe('—');
  });

  it('says since when in words, and the date after a month', () => {
    const now = Date.parse('2025-03-10T12:00:00Z');
    expect(sinceText('2025-03-10T11:59:30Z', now, zh)).toBe('刚刚');
    expect(sinceText('2025-03-10T11:55:00Z', now, zh)).toBe('5分钟前');
    expect(sinceText('2025-03-10T10:00:00Z', now, zh)).toBe('2小时前');
    expect(sinceText('2025-03-07T12:00:00Z', now, zh)).toBe('3天前');
    expect(sinceText('2025-03-10T10:00:00Z', now, en)).toBe('2 h ago');
    expect(sinceText('2025-01-02T12:00:00Z', now, zh)).toMatch(/^2025-01-0[23]$/);
    expect(sinceText(null, now, zh)).toBe('');
  });
});

describe('labels', () => {
  it('cover every status in both languages', () => {
    for (const s of STATUSES) {
      expect(statusLabel(zh, s)).not.toBe(s);
      expect(statusLabel(en, s)).not.toBe(s);
    }
    expect(statusLabel(zh, 'in_review')).toBe('审核中');
  });

  it('number the ten material categories ①–⑩', () => {
    expect(categoryLabel(1, 'zh-CN')).toBe('① 党建工作');
    expect(categoryLabel(10, 'zh-CN')).toBe('⑩ 民警日常工作生活');
    expect(categoryLabel(5, 'en')).toMatch(/^⑤ Special campaigns/);
    expect(categoryLabel(null, 'zh-CN')).toBe('');
  });

  it('explain every refusal code of the review state machine in a bulk result', () => {
    for (const code of REVIEW_ERROR_CODES) {
      expect(refusalLabel(zh, code)).not.toBe(code);
      expect(refusalLabel(en, code)).not.toBe(code);
    }
    expect(refusalLabel(zh, 'review/four_eyes')).toBe('您已通过上一环节，须由他人审核');
    expect(refusalLabel(zh, 'something/else')).toBe('something/else');
    expect(refusalLabel(zh, undefined)).toBe(MESSAGES['zh-CN']['queue.err.unknown']);
  });
});
