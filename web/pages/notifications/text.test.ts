import { describe, expect, it } from 'vitest';
import { translate, type Locale } from '../../i18n';
import type { T } from '../../app/locale';
import { notificationText } from './text';

const tOf = (l: Locale): T => (k, p) => translate(l, k, p);
const zh = tOf('zh-CN');
const en = tOf('en');

describe('notification texts', () => {
  it('say what happened to which item, at which step', () => {
    expect(notificationText({ type: 'review.passed', data: { serial: '2025-000001', title: '反诈宣传进社区', step: '初审', to: 'in_review' } }, zh, 'zh-CN').title).toBe('《反诈宣传进社区》已通过初审');
    expect(notificationText({ type: 'review.passed', data: { title: '反诈宣传进社区', step: '终审', to: 'adopted' } }, zh, 'zh-CN').title).toBe('《反诈宣传进社区》已采用');
    expect(notificationText({ type: 'review.waiting', data: { title: '线索', step: '复审' } }, en, 'en').title).toBe('“线索” is waiting for you (Second review)');
  });

  it('carry the return comment or rejection reason as detail', () => {
    const r = notificationText({ type: 'review.returned', data: { title: '稿件', step: '复审', comment: '  请补充时间地点  ' } }, zh, 'zh-CN');
    expect(r).toEqual({ title: '《稿件》被退回（复审）', detail: '请补充时间地点' });
    expect(notificationText({ type: 'review.rejected', data: { title: '稿件', step: '终审', comment: '重复报送' } }, zh, 'zh-CN').detail).toBe('重复报送');
  });

  it('fall back to the serial for an untitled item and to a generic text for unknown types', () => {
    expect(notificationText({ type: 'review.passed', data: { serial: '2025-000009', title: '', step: '初审', to: 'in_review' } }, zh, 'zh-CN').title).toBe('《2025-000009》已通过初审');
    expect(notificationText({ type: 'something.new', data: { title: '稿件' } }, zh, 'zh-CN').title).toBe('《稿件》有新动态');
  });
});
