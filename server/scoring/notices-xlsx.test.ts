/**
 * The notices as .xlsx: the same tables as the .docx, numbers as numeric cells holding exactly the
 * engine's decimals (the file's XML says 0.3, never 0.30000000000000004), shown with the column's
 * decimals. Read back three ways: by exceljs (values, formats), from the sheet XML itself, and as a
 * reader sees it (LibreOffice → CSV of every sheet, "as shown").
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText, monthlyAdoptionNotice, noticeTables, topCorrespondentsNotice, type NoticeDocument } from '../documents/notice-document';
import { DEMO_NOTICES, demoTopCorrespondentsData } from '../documents/notice-fixture';
import { zipEntry } from '../documents/zip.testkit';
import { requireTools, soffice } from '../documents/pdf.testkit';
import { formatPoints, parsePoints } from './engine/points';
import { numFmtOf, renderNoticeXlsx, xlsxValue } from './notices-xlsx';

let work: string;
const files: Record<string, Buffer> = {};
const docs: Record<string, NoticeDocument> = {};

/** A notice whose points are sums the engine made: 0.1 + 0.2, and a hundred entries of 0.1. */
function sumsNotice(): NoticeDocument {
  const tenths = Array.from({ length: 100 }, () => parsePoints('0.1')).reduce((a, b) => a + b, 0);
  const d = demoTopCorrespondentsData();
  return topCorrespondentsNotice({
    ...d,
    people: [
      { rank: 1, name: '王磊', unitName: '嘎鲁图派出所', total: formatPoints(tenths) },
      { rank: 2, name: '李娜', unitName: '交通管理大队', total: formatPoints(parsePoints('0.1') + parsePoints('0.2')) },
    ],
  });
}

beforeAll(async () => {
  requireTools();
  if (!existsSync('/usr/lib/libreoffice/program/libsclo.so')) throw new Error('LibreOffice Calc is missing: install libreoffice-calc (npx tsx scripts/system-deps.ts office)');
  work = mkdtempSync(join(tmpdir(), 'notice-xlsx-'));
  const all: Record<string, () => NoticeDocument> = { ...DEMO_NOTICES, sums: sumsNotice };
  for (const [name, make] of Object.entries(all)) {
    docs[name] = make();
    files[name] = await renderNoticeXlsx(docs[name]);
    writeFileSync(join(work, `${name}.xlsx`), files[name]);
  }
  // every sheet to its own CSV, cells as shown (the 12th token -1: all sheets; the 9th: as shown)
  soffice(Object.keys(all).map((n) => join(work, `${n}.xlsx`)), 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', work, join(work, 'profile'));
}, 360_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function load(name: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs' own Buffer type predates Node's generic Buffer.
  await wb.xlsx.load(files[name] as unknown as ArrayBuffer);
  return wb;
}

/** The CSV LibreOffice wrote for a sheet, as rows of cells. */
function csv(name: string, sheet: string): string[][] {
  const f = readdirSync(work).find((x) => x === `${name}-${sheet}.csv`);
  if (!f) throw new Error(`no CSV for ${name} / ${sheet}: ${readdirSync(work).filter((x) => x.endsWith('.csv')).join(', ')}`);
  return readFileSync(join(work, f), 'utf8')
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split(/\r?\n/)
    .map((l) => [...l.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1));
}

describe('the .xlsx of a notice', () => {
  it('has one sheet per table, in order, and the notice’s words last', async () => {
    const wb = await load('monthly');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['积分汇总', '采用明细', '通报正文']);
    const q = await load('quarterly');
    expect(q.worksheets.map((w) => w.name)).toEqual(['排名（成员单位）', '排名（乡镇（街道））', '通报正文']);
    const words = (await load('monthly')).getWorksheet('通报正文')!;
    const text = words.getColumn(1).values.filter((v) => typeof v === 'string');
    expect(text).toContain('关于2024年3月信息采用情况的通报');
    expect(text).toContain('二扫黑办通〔2024〕4号');
    expect(text).toContain('二道江区扫黑除恶专项斗争领导小组办公室');
    expect(text).toContain('2024年4月3日');
  });

  it('writes the title, the number and period, the header and every row, numbers as numbers with the column’s format', async () => {
    const ws = (await load('monthly')).getWorksheet('积分汇总')!;
    expect(ws.getCell('A1').value).toBe('关于2024年3月信息采用情况的通报');
    expect(ws.getCell('A2').value).toBe('二扫黑办通〔2024〕4号　2024年3月　积分汇总');
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '单位', '单独刊发（期）', '综合采用（条）', '积分']);
    expect(ws.getRow(4).values).toEqual([undefined, 1, '区公安分局', 1, 2, 16]);
    expect(ws.getCell('E4').numFmt).toBe('0');
    expect(ws.rowCount).toBe(3 + 6);
    const a = (await load('ranking-a')).worksheets[0]!;
    expect(a.getRow(5).values).toEqual([undefined, 2, '交通管理大队', 7.6, 0.2, 0.7, 1.8, 0.2, 1, 2.5, 0, 0, 1.2]);
    expect(a.getCell('C5').numFmt).toBe('0.0');
  });

  it('stores exactly the engine’s decimals in the XML: 0.3 and 10, no floating-point residue', () => {
    const xml = zipEntry(files.sums!, 'xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(xml).toMatch(/<c r="D4"[^>]*><v>10<\/v><\/c>/);
    expect(xml).toMatch(/<c r="D5"[^>]*><v>0.3<\/v><\/c>/);
    for (const [name, buf] of Object.entries(files)) {
      for (let i = 1; i <= 4; i++) {
        const sheet = zipEntry(buf, `xl/worksheets/sheet${i}.xml`)?.toString('utf8') ?? '';
        expect(sheet, name).not.toMatch(/<v>-?\d+\.\d*(0000000|9999999)\d*<\/v>/);
      }
    }
  });

  it('shows the numbers as the .docx prints them (LibreOffice, cells as shown)', () => {
    expect(csv('sums', '优秀宣传员').slice(3)).toEqual([
      ['1', '王磊', '嘎鲁图派出所', '10.0'],
      ['2', '李娜', '交通管理大队', '0.3'],
    ]);
    expect(csv('ranking-a', '积分排名')[4]).toEqual(['2', '交通管理大队', '7.6', '0.2', '0.7', '1.8', '0.2', '1.0', '2.5', '0.0', '0.0', '1.2']);
    const summary = csv('monthly', '积分汇总');
    expect(summary[2]).toEqual(['序号', '单位', '单独刊发（期）', '综合采用（条）', '积分']);
    expect(summary.slice(3).map((r) => r[4])).toEqual(['16', '10', '6', '3', '0', '0']);
    // the same rows as the .docx table, cell for cell
    for (const name of Object.keys(DEMO_NOTICES)) {
      for (const t of noticeTables(docs[name]!)) {
        const rows = csv(name, t.name).slice(3);
        expect(rows.map((r) => r.slice(0, t.columns.length)), `${name} ${t.name}`).toEqual(
          t.rows.map((r) => r.map((v, j) => cellText(t.columns[j]!, v))),
        );
      }
    }
  });

  it('refuses a value it cannot store exactly, and a notice with a bad number, with a clear message', async () => {
    expect(() => xlsxValue({ header: '积分', type: 'points', decimals: 1, width: 1 }, '123456789012345.678')).toThrow(/无法精确写入Excel/);
    const d = monthlyAdoptionNotice({ ...(await import('../documents/notice-fixture')).demoMonthlyAdoptionData(), units: [{ name: '区公安分局', standalone: 1, comprehensive: 0, points: 'ten' }] });
    await expect(renderNoticeXlsx(d)).rejects.toThrow(/不是十进制数/);
    expect(numFmtOf({ header: 'x', type: 'points', decimals: 2, width: 1 })).toBe('0.00');
    expect(numFmtOf({ header: 'x', type: 'text', width: 1 })).toBeUndefined();
  });
});
