import { describe, expect, it } from 'vitest';
import { decodeCsv, letter, parseCsv, parseLedgerDate, parseLedgerRow, readHeader } from './ledger';

const TODAY = '2024-12-31';

describe('reading ledger cells', () => {
  it.each([
    ['2024-03-15', '2024-03-15'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['２０２４年３月５日', '2024-03-05'],
    ['20240305', '2024-03-05'],
    [45366, '2024-03-15'],
    [new Date(Date.UTC(2024, 2, 15)), '2024-03-15'],
    ['2024-02-30', null],
    ['3月5日', null],
    ['', null],
  ] as const)('date %j → %j', (cell, want) => expect(parseLedgerDate(cell as string | number | Date)).toBe(want));

  it('reads Chinese or English headers and names unknown and missing ones', () => {
    expect(readHeader(['单位', 'Title', '类型', ' 日期 '], 'zh-CN')).toEqual({ map: ['unit', 'title', 'kind', 'date'], errors: [] });
    const bad = readHeader(['单位', '稿件名'], 'zh-CN');
    expect(bad.errors.map((e) => e.message)).toEqual(['无法识别的列名“稿件名”', '缺少必需的列“类型”', '缺少必需的列“日期”']);
  });

  it('column letters', () => expect([0, 25, 26, 27, 701].map(letter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ']));
});

describe('checking a row', () => {
  it('a good media row', () => {
    const r = parseLedgerRow(2, { unit: '城关派出所', title: '旧稿', kind: '媒体刊发', date: '2024/3/15', outlet: '人民网', column: '要闻', url: 'www.people.com.cn/a.html' }, 'zh-CN', TODAY);
    expect(r.errors).toEqual([]);
    expect(r.row).toMatchObject({ kind: 'media', usedOn: '2024-03-15', outlet: '人民网', url: 'http://www.people.com.cn/a.html' });
  });
  it('one error per bad cell, in the user’s language', () => {
    const cells = { kind: '上报', date: '2025-01-01', url: 'notaurl' };
    expect(parseLedgerRow(7, cells, 'zh-CN', TODAY).errors).toEqual([
      { row: 7, column: '单位', message: '未填编号时，单位和标题必填' },
      { row: 7, column: '标题', message: '未填编号时，单位和标题必填' },
      { row: 7, column: '类型', message: '类型“上报”无法识别，可填：简报采用、上级采用、推介、媒体刊发、展播、作品获奖、个人获奖' },
      { row: 7, column: '日期', message: '日期“2025-01-01”晚于今天' },
      { row: 7, column: '链接', message: '“notaurl”不是有效的网址（须以 http:// 或 https:// 开头）' },
    ]);
    expect(parseLedgerRow(7, cells, 'en', TODAY).errors.map((e) => e.column)).toEqual(['Unit', 'Title', 'Kind', 'Date', 'URL']);
  });
  it('fields each kind needs', () => {
    const base = { serial: '2024-000001', date: '2024-01-01' };
    const errs = (kind: string, extra: Record<string, string> = {}) => parseLedgerRow(3, { ...base, kind, ...extra }, 'zh-CN', TODAY).errors.map((e) => `${e.column}:${e.message}`);
    expect(errs('简报采用')).toEqual(['期号:必填，不能为空', '刊发方式:必填，不能为空']);
    expect(errs('简报采用', { issue: '2024年第3期', mode: '综合' })).toEqual([]);
    expect(errs('上级采用')).toEqual(['层级:必填，不能为空']);
    expect(errs('媒体刊发')).toEqual(['媒体:必填，不能为空']);
    expect(errs('展播', { platform: 'X', level: '市级' })).toEqual(['层级:层级“市级”无效，展播可填：国家级、省级（自治区级）']);
    expect(errs('作品获奖', { award: '一等奖', level: '自治区级' })).toEqual([]);
    expect(errs('个人获奖', { award: '年度优秀通讯员', level: '省（自治区）级' })).toEqual(['获奖人:必填，不能为空']);
  });
});

describe('CSV', () => {
  it('quotes, doubled quotes, line breaks in cells, a BOM, and a semicolon separator', () => {
    expect(parseCsv('\ufeff单位,标题\r\n城关,"含,逗号与""引号""\n换行"\r\n\r\n')).toEqual([
      ['单位', '标题'],
      ['城关', '含,逗号与"引号"\n换行'],
    ]);
    expect(parseCsv('a;b\n1;2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
  it('decodes GB18030 (Excel on Chinese Windows) as well as UTF-8', () => {
    const gbk = Buffer.from([0xb5, 0xa5, 0xce, 0xbb]); // 单位
    expect(decodeCsv(gbk)).toBe('单位');
    expect(decodeCsv(Buffer.from('单位', 'utf8'))).toBe('单位');
  });
});
