/**
 * The scoring notices (通报) as .docx, checked the way a reader would: LibreOffice converts them to PDF,
 * pdftotext -bbox-layout tells where every word landed, and the page is measured against GB/T 9704
 * (A4, the text block, the 公文 head, 落款, 版记), and each table is read back cell by cell, column by
 * column, in order, every cell of a row on the same level. PNG renders go to docs/screenshots/notice-*.png.
 * Needs soffice, pdftotext, pdftoppm and unzip; without them the tests FAIL, they never skip.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText, fixDecimals, noticeTables, periodLabelZh, quarterlyRankingNotice, topCorrespondentsNotice, zhNumber, type NoticeDocument, type NoticeTable } from './notice-document';
import { columnWidths, noticeClosing, renderNoticeDocx, tableSize } from './notice-docx';
import { DEMO_NOTICES, demoQuarterlyRankingData, demoTopCorrespondentsData } from './notice-fixture';
import { BOTTOM, bodyLines, footerLines, LEFT, mmPt, readPdf, requireTools, RIGHT, soffice, squash, TOP, unzipText, type Box, type Page } from './pdf.testkit';
import { dateZh, signaturePositions, SIZE } from './official-layout';

const here = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(resolve(here, '..', '..'), 'docs', 'screenshots');
const TOL = mmPt(1.5);

let work: string;
const docs: Record<string, NoticeDocument> = {};
const pages: Record<string, Page[]> = {};

beforeAll(async () => {
  requireTools();
  work = mkdtempSync(join(tmpdir(), 'notice-docx-'));
  for (const [name, make] of Object.entries(DEMO_NOTICES)) {
    docs[name] = make();
    writeFileSync(join(work, `${name}.docx`), await renderNoticeDocx(docs[name]));
  }
  soffice(Object.keys(DEMO_NOTICES).map((n) => join(work, `${n}.docx`)), 'pdf', work, join(work, 'profile'));
  mkdirSync(SHOTS, { recursive: true });
  for (const f of readdirSync(SHOTS)) if (/^notice-.*\.png$/.test(f)) rmSync(join(SHOTS, f));
  for (const name of Object.keys(DEMO_NOTICES)) {
    const pdf = join(work, `${name}.pdf`);
    pages[name] = readPdf(pdf);
    execFileSync('pdftoppm', ['-r', '60', '-png', pdf, join(SHOTS, `notice-${name}`)]);
  }
}, 360_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

type Word = Box & { page: number };
type ReadCell = { text: string; page: number; yMid: number };

/** Column edges of a table in points from the page's left edge (the table starts at the left margin). */
function columnEdges(t: NoticeTable): number[] {
  const edges = [LEFT];
  for (const w of columnWidths(t)) edges.push(edges.at(-1)! + w / 20);
  return edges;
}

/**
 * Reads the table `t` back from the rendered pages, starting after `from` (page, y): the first run of
 * lines whose every word lies inside one column is the table (a body paragraph spans columns); words
 * go to their column, and each column is consumed top to bottom against the cells expected in it (a
 * header repeated at the top of a page is allowed). Returns every row's cells as read, with their
 * vertical middles, and where the table ended.
 */
function readTable(ps: Page[], t: NoticeTable, from: { page: number; y: number }): { header: ReadCell[]; rows: ReadCell[][]; end: { page: number; y: number } } {
  const edges = columnEdges(t);
  const colOf = (w: Box) => edges.findIndex((e, j) => j < edges.length - 1 && w.xMin >= e - 1 && w.xMax <= edges[j + 1]! + 1);
  const lines = ps.flatMap((p, page) => bodyLines(p).map((l) => ({ ...l, page }))).filter((l) => l.page > from.page || (l.page === from.page && l.yMin > from.y));
  const inTable = (l: (typeof lines)[number]) => l.words.every((w) => colOf(w) >= 0);
  const inFirst = (l: (typeof lines)[number]) => l.words.filter((w) => colOf(w) === 0);
  // the header's first cell (序号, 名次) is on one line; a header cell that wraps has lines above it,
  // with nothing in the first column (a heading before the table has its first characters there)
  let start = lines.findIndex((l) => inTable(l) && inFirst(l).some((w) => squash(t.columns[0]!.header).startsWith(squash(w.text))));
  if (start < 0) throw new Error(`table “${t.name}” not found`);
  while (start > 0 && lines[start - 1]!.page === lines[start]!.page && inTable(lines[start - 1]!) && inFirst(lines[start - 1]!).length === 0) start--;
  let stop = lines.findIndex((l, i) => i > start && !inTable(l));
  if (stop < 0) stop = lines.length;
  const region = lines.slice(start, stop);
  const end = { page: region.at(-1)!.page, y: region.at(-1)!.yMax };
  const byColumn: Word[][] = t.columns.map(() => []);
  for (const l of region) for (const w of l.words) byColumn[colOf(w)]!.push({ ...w, page: l.page });
  const header: ReadCell[] = [];
  const rows: ReadCell[][] = t.rows.map(() => []);
  t.columns.forEach((col, j) => {
    // the column's visual lines, top to bottom
    const vis: Word[] = [];
    for (const w of byColumn[j]!.sort((a, b) => a.page - b.page || a.yMin - b.yMin || a.xMin - b.xMin)) {
      const last = vis.at(-1);
      if (last && last.page === w.page && Math.abs(last.yMin - w.yMin) < 2) {
        vis[vis.length - 1] = { ...last, text: last.text + w.text, xMax: w.xMax, yMax: Math.max(last.yMax, w.yMax) };
      } else vis.push({ ...w });
    }
    let at = 0;
    const take = (expected: string, where: string): ReadCell => {
      const want = squash(expected);
      let got = '';
      const used: Word[] = [];
      while (got !== want) {
        const v = vis[at];
        if (!v) throw new Error(`${t.name} ${where}: expected “${want}”, the column ended after “${got}”`);
        got += squash(v.text);
        used.push(v);
        at++;
        if (!want.startsWith(got)) throw new Error(`${t.name} ${where}: expected “${want}”, read “${got}”`);
      }
      if (used.length === 0) return { text: '', page: vis[at - 1]?.page ?? 0, yMid: Number.NaN };
      return { text: got, page: used[0]!.page, yMid: (Math.min(...used.map((u) => u.yMin)) + Math.max(...used.map((u) => u.yMax))) / 2 };
    };
    header.push(take(col.header, `header ${j}`));
    t.rows.forEach((r, i) => {
      // a page break repeats the header row at the top of the next page
      const next = vis[at];
      if (next && next.page > (vis[at - 1]?.page ?? 0) && squash(col.header).startsWith(squash(next.text)) && squash(cellText(col, r[j]!)) !== squash(col.header)) take(col.header, `repeated header ${j}`);
      rows[i]!.push(take(cellText(col, r[j]!), `row ${i + 1} column ${j + 1}`));
    });
    if (at !== vis.length) throw new Error(`${t.name} column ${j + 1}: more text than expected: ${vis.slice(at).map((v) => v.text).join('|')}`);
  });
  return { header, rows, end };
}

/** Every table of a rendered notice, read back in order. */
function readTables(name: string) {
  const ps = pages[name]!;
  let from = { page: 0, y: 0 };
  return noticeTables(docs[name]!).map((t) => {
    const r = readTable(ps, t, from);
    from = r.end;
    return { table: t, ...r };
  });
}

describe('the printed notice (LibreOffice → PDF)', () => {
  it('is A4 and keeps every line inside the text block (28 mm from the left, 184 mm from the left edge at most)', () => {
    for (const [name, ps] of Object.entries(pages)) {
      expect(ps.length, name).toBeGreaterThan(0);
      for (const p of ps) {
        expect(Math.abs(p.width - 595.3), name).toBeLessThanOrEqual(1);
        expect(Math.abs(p.height - 841.9), name).toBeLessThanOrEqual(1);
        for (const l of bodyLines(p)) {
          expect(l.xMin, `${name}: ${l.text}`).toBeGreaterThanOrEqual(LEFT - 1);
          expect(l.xMax, `${name}: ${l.text}`).toBeLessThanOrEqual(RIGHT + 16); // a hanging full stop may pass the edge
          expect(l.yMin, `${name}: ${l.text}`).toBeGreaterThanOrEqual(TOP - 1);
        }
      }
    }
  });

  it('prints the 公文 head: 发文机关标志, 发文字号, title, 主送 at the left margin', () => {
    for (const name of Object.keys(DEMO_NOTICES)) {
      const doc = docs[name]!;
      const first = bodyLines(pages[name]![0]!);
      expect(first[0]!.text, name).toBe(doc.head.mastheadName);
      expect(first[0]!.yMin - TOP, name).toBeGreaterThan(mmPt(33));
      expect(first[0]!.yMin - TOP, name).toBeLessThan(mmPt(42));
      expect(squash(first[1]!.text), name).toBe(squash(doc.head.documentNumber));
      expect(squash(first[2]!.text), name).toBe(squash(doc.title));
      const addressee = first[3]!;
      expect(doc.head.addressee.startsWith(squash(addressee.text)), name).toBe(true);
      expect(Math.abs(addressee.xMin - LEFT), name).toBeLessThanOrEqual(TOL);
    }
  });

  it('titles each notice for its period', () => {
    expect(docs.monthly!.title).toBe('关于2024年3月信息采用情况的通报');
    expect(docs.quarterly!.title).toBe('关于2024年第一季度积分排名情况的通报');
    expect(docs.correspondents!.title).toBe('关于2024年度优秀宣传员的通报');
  });

  it('reads the monthly adoption tables back cell by cell: every unit with its standalone and comprehensive counts and points, then each adoption', () => {
    const [summary, detail] = readTables('monthly');
    expect(summary!.header.map((c) => c.text)).toEqual(['序号', '单位', '单独刊发（期）', '综合采用（条）', '积分']);
    expect(summary!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['1', '区公安分局', '1', '2', '16'],
      ['2', '桃源街道', '1', '0', '10'],
      ['3', '区人民法院', '0', '2', '6'],
      ['4', '鸭园镇', '0', '1', '3'],
      ['5', '区人民检察院', '0', '0', '0'],
      ['6', '五道江镇', '0', '0', '0'],
    ]);
    expect(detail!.header.map((c) => c.text)).toEqual(['序号', '单位', '信息标题', '采用方式', '期号', '积分']);
    expect(detail!.rows.map((r) => r.map((c) => c.text))).toEqual(
      docs.monthly!.body.flatMap((b) => ('table' in b && b.table.name === '采用明细' ? b.table.rows : [])).map((r) => r.map(squash)),
    );
    expect(detail!.rows[0]!.map((c) => c.text)).toEqual(['1', '区公安分局', '区公安分局打掉一个盘踞城乡接合部的恶势力犯罪团伙', '单独刊发', '2024年第9期', '10']);
    expect(detail!.rows[1]![3]!.text).toBe('综合采用');
    expect(detail!.rows[1]![5]!.text).toBe('3');
  });

  it('sets every cell of a row on the same level (cells are centred vertically)', () => {
    for (const name of Object.keys(DEMO_NOTICES)) {
      for (const t of readTables(name)) {
        for (const row of [t.header, ...t.rows]) {
          const cells = row.filter((c) => c.text !== '');
          for (const c of cells) {
            expect(c.page, `${name} ${t.table.name}`).toBe(cells[0]!.page);
            expect(Math.abs(c.yMid - cells[0]!.yMid), `${name} ${t.table.name}: ${row.map((x) => x.text).join('|')}`).toBeLessThan(2);
          }
        }
      }
    }
  });

  it('reads the quarterly ranking back per unit type, ties sharing a rank (1, 2, 2, 4)', () => {
    const [members, townships] = readTables('quarterly');
    expect(members!.header.map((c) => c.text)).toEqual(['名次', '单位', '总积分']);
    expect(members!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['1', '区公安分局', '42'],
      ['2', '区人民法院', '19'],
      ['2', '区人民检察院', '19'],
      ['4', '区司法局', '6'],
      ['5', '区民政局', '0'],
    ]);
    expect(townships!.rows.map((r) => r[0]!.text)).toEqual(['1', '2', '3', '3', '5']);
    const text = pages.quarterly!.flatMap(bodyLines).map((l) => squash(l.text));
    expect(text.indexOf('（一）成员单位')).toBeGreaterThan(0);
    expect(text.indexOf('（二）乡镇（街道）')).toBeGreaterThan(text.indexOf('（一）成员单位'));
  });

  it('prints template A’s ranking with every item, points to one decimal exactly as given (2.0, 0.0, 7.6), never on two lines', () => {
    const [t] = readTables('ranking-a');
    expect(t!.header.map((c) => c.text)).toEqual(['名次', '单位', '总积分', '市局矩阵策划', '图片、视频报送', '矩阵响应', '创佳绩', '政务新媒体', '典型选树', '展播', '评比', '外宣刊稿']);
    expect(t!.rows[1]!.map((c) => c.text)).toEqual(['2', '交通管理大队', '7.6', '0.2', '0.7', '1.8', '0.2', '1.0', '2.5', '0.0', '0.0', '1.2']);
    expect(t!.rows[2]![0]!.text).toBe('2');
    expect(t!.rows[3]![0]!.text).toBe('4');
    const pointsCells = t!.rows.flatMap((r) => r.slice(2));
    expect(pointsCells.every((c) => /^\d+\.\d$/.test(c.text))).toBe(true);
    // twelve columns do not fit in 4号: the table is set smaller, and numbers stay on one line
    expect(tableSize(t!.table)).toBeLessThan(SIZE.sihao);
  });

  it('names the top correspondents with unit and yearly points, the tie at the last place included', () => {
    const [t] = readTables('correspondents');
    expect(t!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['1', '王磊', '嘎鲁图派出所', '2.3'],
      ['2', '李娜', '交通管理大队', '1.9'],
      ['3', '张伟', '刑事侦查大队', '1.5'],
      ['4', '乌云其木格', '图克派出所', '1.2'],
      ['5', '赵志刚', '政治工作办公室', '0.3'],
      ['5', '巴图', '无定河派出所', '0.3'],
    ]);
    const all = squash(pages.correspondents!.flatMap(bodyLines).map((l) => l.text).join(''));
    expect(all).toContain('等六名同志为2024年度优秀宣传员（第五名积分相同，并列评选）');
  });

  it('signs and dates after the body (date two characters from the right) and ends with the 版记 at the bottom of the last page', () => {
    for (const name of Object.keys(DEMO_NOTICES)) {
      const doc = docs[name]!;
      const all = pages[name]!.flatMap((p, page) => bodyLines(p).map((l) => ({ ...l, page })));
      const sig = all.find((l) => squash(l.text) === squash(doc.head.signature))!;
      const date = all.find((l) => squash(l.text) === squash(doc.head.date.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')))!;
      expect(sig, name).toBeDefined();
      expect(date, name).toBeDefined();
      expect(date.yMin, name).toBeGreaterThan(sig.yMin);
      // GB/T 9704 7.3.5.2: the signature two characters from the right and the date two characters
      // further in; when the date is the longer, the date two from the right and the signature before it
      const anchored = signaturePositions(doc.head.signature, dateZh(doc.head.date)).anchor === 'date' ? date : sig;
      expect(Math.abs(RIGHT - anchored.xMax - 2 * 15.79), name).toBeLessThan(6);
      expect(Math.abs(date.xMin - sig.xMin - 2 * 15.79), name).toBeLessThan(8);
      const last = bodyLines(pages[name]!.at(-1)!);
      const closing = noticeClosing(doc);
      const copy = last.find((l) => squash(l.text).startsWith('抄送：'))!;
      expect(squash(copy.text), name).toBe(squash(closing.distribution[0]!));
      const printed = last.filter((l) => squash(l.text).endsWith('印发'));
      expect(printed, name).toHaveLength(1);
      const lastRow = last.filter((l) => Math.abs(l.yMin - printed[0]!.yMin) < 1).map((l) => squash(l.text));
      expect(lastRow.join(''), name).toBe(squash(`${doc.head.printer}${dateZh(doc.head.date)}印发`));
      expect(squash(last.find((l) => Math.abs(l.yMin - printed[0]!.yMin) < 1)!.text).startsWith(squash(doc.head.printer)), name).toBe(true);
      expect(copy.yMin).toBeLessThan(printed[0]!.yMin);
      expect(BOTTOM - printed[0]!.yMax, name).toBeGreaterThanOrEqual(0);
      expect(BOTTOM - printed[0]!.yMax, name).toBeLessThan(28.95);
      // the signature comes after the last table
      const tables = readTables(name);
      const endOfTables = tables.at(-1)!.end;
      expect(sig.page > endOfTables.page || (sig.page === endOfTables.page && sig.yMin > endOfTables.y), name).toBe(true);
    }
  });

  it('numbers pages "— N —" in the footer', () => {
    for (const [name, ps] of Object.entries(pages)) {
      ps.forEach((p, i) => {
        const f = footerLines(p);
        expect(f, `${name} p${i + 1}`).toHaveLength(1);
        expect(f[0]!.text.replace(/\s+/g, ' ').trim()).toBe(`— ${i + 1} —`);
      });
    }
  });

  it('wrote PNG renders of every page to docs/screenshots/', () => {
    const shots = readdirSync(SHOTS).filter((f) => /^notice-.*\.png$/.test(f));
    for (const name of Object.keys(DEMO_NOTICES)) expect(shots.filter((f) => f.startsWith(`notice-${name}-`)).length, name).toBe(pages[name]!.length);
  });
});

describe('the .docx itself (WordprocessingML)', () => {
  it('sets A4, the GB margins and grid, a fixed-layout table as wide as the text block with a repeating header row', () => {
    const xml = unzipText(join(work, 'monthly.docx'), 'word/document.xml');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"\/>/);
    expect(xml).toMatch(/<w:tblW w:type="dxa" w:w="8845"\/>/);
    expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('<w:cantSplit/>');
    // the header cells in 黑体, the 发文机关标志 in red
    expect(xml).toMatch(/w:eastAsia="黑体"[\s\S]*?序号/);
    expect(xml).toMatch(/<w:color w:val="FF0000"\/>[\s\S]*?二道江区扫黑办文件/);
    // no floating-point residue anywhere
    expect(xml).not.toMatch(/\d\.\d*0000000/);
  });
});

describe('the pieces', () => {
  it('writes points with the column’s decimals, exactly, never rounding', () => {
    expect(fixDecimals('12', 1)).toBe('12.0');
    expect(fixDecimals('0.3', 1)).toBe('0.3');
    expect(fixDecimals('0.30', 1)).toBe('0.3');
    expect(fixDecimals('0.25', 1)).toBe('0.25');
    expect(fixDecimals('13', 0)).toBe('13');
    expect(fixDecimals('-0.2', 2)).toBe('-0.20');
    expect(fixDecimals('-0', 1)).toBe('0.0');
    expect(fixDecimals('123456789012.125', 1)).toBe('123456789012.125');
    expect(() => fixDecimals('0.30000000000000004e0', 1)).toThrow(/不是十进制数/);
    expect(() => fixDecimals('1,5', 1)).toThrow(/not a decimal/);
  });

  it('names periods the way a notice says them', () => {
    expect(periodLabelZh('2024-03')).toBe('2024年3月');
    expect(periodLabelZh('2024-Q4')).toBe('2024年第四季度');
    expect(periodLabelZh('2024')).toBe('2024年度');
    expect(periodLabelZh('2024-03-H2')).toBe('2024年3月下半月');
    expect(periodLabelZh('2024-03-01..2024-04-15')).toBe('2024年3月1日至4月15日');
    expect(zhNumber(5)).toBe('五');
    expect(zhNumber(12)).toBe('十二');
    expect(zhNumber(21)).toBe('二十一');
  });

  it('leaves a single item’s column out of a ranking (it would repeat the total) and keeps them all otherwise', () => {
    const t = noticeTables(quarterlyRankingNotice(demoQuarterlyRankingData()));
    expect(t[0]!.columns.map((c) => c.header)).toEqual(['名次', '单位', '总积分']);
    expect(noticeTables(DEMO_NOTICES['ranking-a']!())[0]!.columns).toHaveLength(12);
  });

  it('says so when nobody scored, and prints no table', () => {
    const doc = topCorrespondentsNotice({ ...demoTopCorrespondentsData(), people: [] });
    expect(noticeTables(doc)).toHaveLength(0);
    expect(doc.body[0]).toEqual({ paragraph: expect.stringContaining('本年度不评选优秀宣传员') });
  });

  it('refuses a notice with a bad number or date, with a clear message', async () => {
    const d = demoTopCorrespondentsData();
    await expect(renderNoticeDocx(topCorrespondentsNotice({ ...d, people: [{ ...d.people[0]!, total: '2.3.1' }] }))).rejects.toThrow(/不是十进制数/);
    await expect(renderNoticeDocx(topCorrespondentsNotice({ ...d, head: { ...d.head, date: '10 Jan' } }))).rejects.toThrow(/YYYY-MM-DD/);
    await expect(renderNoticeDocx(topCorrespondentsNotice({ ...d, head: { ...d.head, signature: ' ' } }))).rejects.toThrow(/落款为空/);
  });

  it('prints a cell as the column says', () => {
    expect(cellText({ header: '积分', type: 'points', decimals: 1, width: 1 }, '7')).toBe('7.0');
    expect(() => cellText({ header: '名次', type: 'integer', width: 1 }, '1.5')).toThrow(/不是整数/);
  });
});
