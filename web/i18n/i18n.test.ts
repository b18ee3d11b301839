import { describe, expect, it } from 'vitest';
import { format, MESSAGES, translate } from './index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n dictionaries', () => {
  const zh = MESSAGES['zh-CN'];
  const en = MESSAGES.en;

  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('use the same placeholders in both languages', () => {
    const diff = Object.keys(zh).filter((k) => {
      const key = k as keyof typeof zh;
      return placeholders(zh[key]).join() !== placeholders(en[key]).join();
    });
    expect(diff).toEqual([]);
  });

  it('have no empty texts, and the Chinese texts are Chinese', () => {
    for (const [k, v] of Object.entries(zh)) expect(v.trim(), k).not.toBe('');
    for (const [k, v] of Object.entries(en)) expect(v.trim(), k).not.toBe('');
    expect(zh['menu.units']).toBe('单位管理');
    expect(en['menu.units']).toBe('Units');
  });
});

describe('format / translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('共 {n} 人，{x}', { n: 3 })).toBe('共 3 人，{x}');
    expect(translate('zh-CN', 'people.total', { n: 12 })).toBe('共 12 人');
    expect(translate('en', 'people.total', { n: 12 })).toBe('12 people');
  });
});
