/**
 * The pieces of the GB/T 9704-2012 page (党政机关公文格式) shared by every document this folder writes:
 * page setup with its document grid, the fonts and sizes, the odd/even page-number footers, the red
 * mastheads (简报 and 公文), body paragraphs and headings, the signature block (落款) and the closing
 * block (版记). Pure: builds `docx` objects, touches no database and no file.
 *
 * Units: twips (1/20 pt) unless a name says otherwise. docs/briefing-layout.md explains the numbers.
 */
import {
  AlignmentType,
  BorderStyle,
  Footer,
  LineRuleType,
  OnOffElement,
  PageNumber,
  Paragraph,
  OverlapType,
  RelativeHorizontalPosition,
  RelativeVerticalPosition,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IBorderOptions,
  type IParagraphOptions,
  type IRunOptions,
  type ISectionPropertiesOptions,
  type IStylesOptions,
} from 'docx';

// ------------------------------------------------------------------------------------------------
// Page and grid

/** Millimetres to twips (1 in = 25.4 mm = 1440 twips). */
export const mm = (v: number): number => Math.round((v * 1440) / 25.4);

/** A4 portrait, 210 × 297 mm. */
export const PAGE = { width: mm(210), height: mm(297) } as const;
/** 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm: so the right margin is 26 mm and the bottom 35 mm. */
export const MARGIN = { top: mm(37), left: mm(28), right: mm(210 - 28 - 156), bottom: mm(297 - 37 - 225) } as const;
/** Width and height of the text block (版心) in twips. */
export const TEXT_BLOCK = { width: PAGE.width - MARGIN.left - MARGIN.right, height: PAGE.height - MARGIN.top - MARGIN.bottom } as const;

export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

/** Half-points, as OOXML counts font sizes: 初号 42 pt … 4号 14 pt. */
export const SIZE = { chuhao: 84, xiaochu: 72, yihao: 52, erhao: 44, sanhao: 32, sihao: 28 } as const;
const BODY_PT = SIZE.sanhao / 2;

/**
 * One grid line, the largest whole twips that still gives 22 lines in 225 mm: 579 twips = 28.95 pt
 * (Word's 公文 templates use the same "固定值 28.95 磅").
 */
export const LINE_PITCH = Math.floor(TEXT_BLOCK.height / LINES_PER_PAGE);
/**
 * Width of one body character on the line: 156 mm / 28 = 15.79 pt. The 3号 body is 16 pt, so each
 * character is tracked 0.25 pt tighter (CHAR_TRACKING) and 28 fit (28 × 15.75 pt = 441 pt ≤ 442.2 pt).
 * The section's grid is a line grid only (type "lines"): LibreOffice 7.4 lays a character grid with a
 * negative charSpace (the usual -842 of Word's 公文 templates) out at half the characters per line, and
 * a character grid at 16 pt would give Word 27 characters; tracking gives 28 in Word, WPS and
 * LibreOffice alike. docs/briefing-layout.md has the measurements.
 */
export const CHAR_PITCH = TEXT_BLOCK.width / CHARS_PER_LINE;
/** Twentieths of a point added to every body character (w:spacing w:val="-5"). */
export const CHAR_TRACKING = -5;

/** Twips of n body characters (一字 = the width of one 3号 character on the grid). */
export const chars = (n: number): number => Math.round(n * CHAR_PITCH);

// ------------------------------------------------------------------------------------------------
// Fonts and colours

/** The GB fonts by their Chinese names, as Word and WPS know them (LibreOffice substitutes). */
export const FONT = {
  fangsong: '仿宋_GB2312',
  xiaobiaosong: '方正小标宋简体',
  heiti: '黑体',
  kaiti: '楷体_GB2312',
  songti: '宋体',
} as const;

/** A run font for every character set, so Word and WPS use it for Chinese (eastAsia) and for digits. */
export const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });

export const RED = 'FF0000';

/** Paragraph style ids, written in styles.xml. */
export const STYLE = {
  body: 'GwBody',
  title: 'GwTitle',
  heading1: 'GwHeading1',
  heading2: 'GwHeading2',
  masthead: 'GwMasthead',
  pageNumber: 'GwPageNumber',
  closing: 'GwClosing',
} as const;

/**
 * Takes a paragraph off the document grid (w:snapToGrid w:val="0"), so its exact line spacing and its
 * characters' natural widths hold in Word, WPS and LibreOffice alike (LibreOffice otherwise rounds a
 * 22 pt line up to two grid lines and spreads large characters over several grid cells). docx has no
 * option for it on a paragraph, so the element is put into w:pPr where the schema wants it: before
 * w:spacing / w:ind / w:jc, after w:pBdr / w:tabs.
 */
export function offGrid(p: Paragraph): Paragraph {
  // Paragraph.properties and XmlComponent.root/rootKey are private in docx's types; this reads them
  // through a narrow structural cast, and the .docx test asserts the element lands in w:pPr.
  const props = (p as unknown as { properties: { root: Array<{ rootKey?: string }> } }).properties;
  const after = new Set(['w:spacing', 'w:ind', 'w:contextualSpacing', 'w:jc', 'w:outlineLvl', 'w:rPr', 'w:sectPr']);
  let at = props.root.findIndex((c) => typeof c === 'object' && c !== null && after.has(c.rootKey ?? ''));
  if (at < 0) at = props.root.length;
  props.root.splice(at, 0, new OnOffElement('w:snapToGrid', false) as unknown as { rootKey?: string });
  return p;
}

const exactLines = (n: number) => ({ line: n * LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 });

/**
 * The document's styles: defaults are the body (仿宋_GB2312 3号, one grid line each), the title
 * 方正小标宋简体 2号, headings 黑体 (一、) and 楷体_GB2312 (（一）), page numbers 宋体 4号.
 */
export function officialStyles(): IStylesOptions {
  return {
    default: {
      document: {
        run: { font: font(FONT.fangsong), size: SIZE.sanhao, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
        paragraph: { spacing: exactLines(1) },
      },
    },
    paragraphStyles: [
      {
        // Word's Normal again, with the body font and size written out: LibreOffice sizes its
        // character grid from this style, not from the document defaults.
        id: 'Normal',
        name: 'Normal',
        quickFormat: true,
        run: { font: font(FONT.fangsong), size: SIZE.sanhao },
        paragraph: { spacing: exactLines(1) },
      },
      {
        id: STYLE.body,
        name: 'GB Body 正文',
        basedOn: 'Normal',
        quickFormat: true,
        run: { font: font(FONT.fangsong), size: SIZE.sanhao, characterSpacing: CHAR_TRACKING },
        paragraph: { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: chars(2), firstLineChars: 200 }, spacing: exactLines(1) },
      },
      {
        id: STYLE.heading1,
        name: 'GB Heading 一、',
        basedOn: STYLE.body,
        next: STYLE.body,
        run: { font: font(FONT.heiti), size: SIZE.sanhao },
        paragraph: { keepNext: true, outlineLevel: 0 },
      },
      {
        id: STYLE.heading2,
        name: 'GB Heading （一）',
        basedOn: STYLE.body,
        next: STYLE.body,
        run: { font: font(FONT.kaiti), size: SIZE.sanhao },
        paragraph: { keepNext: true, outlineLevel: 1 },
      },
      {
        id: STYLE.title,
        name: 'GB Title 标题',
        basedOn: 'Normal',
        next: STYLE.body,
        run: { font: font(FONT.xiaobiaosong), size: SIZE.erhao },
        paragraph: { alignment: AlignmentType.CENTER, keepNext: true, keepLines: true, spacing: exactLines(1) },
      },
      {
        id: STYLE.masthead,
        name: 'GB Masthead 版头',
        basedOn: 'Normal',
        run: { font: font(FONT.xiaobiaosong), color: RED, size: SIZE.xiaochu },
        paragraph: { alignment: AlignmentType.CENTER, keepNext: true },
      },
      {
        id: STYLE.pageNumber,
        name: 'GB Page number 页码',
        basedOn: 'Normal',
        run: { font: font(FONT.songti), size: SIZE.sihao },
        paragraph: { spacing: { line: SIZE.sihao * 10, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
      },
      {
        id: STYLE.closing,
        name: 'GB Closing 版记',
        basedOn: 'Normal',
        run: { font: font(FONT.fangsong), size: SIZE.sihao },
        paragraph: { indent: { left: chars(1), right: chars(1) }, spacing: exactLines(1) },
      },
    ],
  };
}

// ------------------------------------------------------------------------------------------------
// Section: page setup, grid, footers

/**
 * Where the page-number line sits: GB/T 9704 puts the 一字线 7 mm below the text block; the footer's
 * distance from the paper's edge is chosen so the line's top is there.
 */
const FOOTER_DISTANCE = mm(35 - 7) - SIZE.sihao * 10;

/** The page number line "— 1 —": 宋体 4号, odd pages one character in from the right, even pages from the left. */
export function pageNumberParagraph(side: 'odd' | 'even'): Paragraph {
  const one = SIZE.sihao * 10; // 一字 at 4号
  return new Paragraph({
    style: STYLE.pageNumber,
    alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
    indent: side === 'odd' ? { right: one } : { left: one },
    children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONT.songti), size: SIZE.sihao })],
  });
}

/** Different footers on odd and even pages (the document must set evenAndOddHeaderAndFooters). */
export function pageNumberFooters(): { default: Footer; even: Footer } {
  return {
    default: new Footer({ children: [pageNumberParagraph('odd')] }),
    even: new Footer({ children: [pageNumberParagraph('even')] }),
  };
}

/** A4, the GB margins, the line grid of 22 lines. */
export function officialSectionProperties(): ISectionPropertiesOptions {
  return {
    page: {
      size: { width: PAGE.width, height: PAGE.height },
      margin: { ...MARGIN, header: mm(15), footer: FOOTER_DISTANCE, gutter: 0 },
    },
    grid: { type: 'lines', linePitch: LINE_PITCH },
  };
}

// ------------------------------------------------------------------------------------------------
// Text

/** "2024-03-05" → "2024年3月5日" (年份标全称, 月日不编虚位). */
export function dateZh(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`date must be YYYY-MM-DD, got "${isoDate}"`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Width of a string in body characters: CJK and full-width count 1, ASCII (digits) ½. */
export function widthInChars(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! < 0x2e80 ? 0.5 : 1;
  return w;
}

/** One grid line with nothing on it. */
export const blankLine = (): Paragraph => new Paragraph({ style: STYLE.body, indent: { firstLine: 0, firstLineChars: 0 }, children: [] });

/**
 * A paragraph of the published wording: "一、…" a level-1 heading (黑体), "（一）…" a level-2 heading
 * (楷体_GB2312), anything else body text (仿宋_GB2312). All indent two characters (每个自然段左空二字).
 */
export function bodyParagraph(text: string): Paragraph {
  const t = text.trim();
  const level = /^[一二三四五六七八九十]+、/.test(t) ? 1 : /^（[一二三四五六七八九十]+）/.test(t) ? 2 : 0;
  if (level === 0) return new Paragraph({ style: STYLE.body, children: [new TextRun(t)] });
  // A heading followed by text in the same paragraph ("（一）以案说法。民警选取……"): the heading up to
  // its first full stop in the heading's font, the rest in the body's.
  const stop = t.indexOf('。');
  if (stop >= 0 && stop < t.length - 1) {
    return new Paragraph({
      style: STYLE.body,
      children: [new TextRun({ text: t.slice(0, stop + 1), font: font(level === 1 ? FONT.heiti : FONT.kaiti) }), new TextRun(t.slice(stop + 1))],
    });
  }
  return new Paragraph({ style: level === 1 ? STYLE.heading1 : STYLE.heading2, children: [new TextRun(t)] });
}

/** The text of an item or notice, split into paragraphs at line breaks, blank lines dropped. */
export function bodyParagraphs(text: string): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map(bodyParagraph);
}

/** A title, 方正小标宋简体 2号, centred, one grid line per printed line. */
export function titleParagraph(text: string, opts: Partial<IParagraphOptions> = {}): Paragraph {
  return offGrid(new Paragraph({ style: STYLE.title, ...opts, children: [new TextRun(text.trim())] }));
}

/** A line right-aligned with `right` characters of space after it (e.g. an item's source line). */
export function rightLine(text: string, right: number, run: IRunOptions = {}): Paragraph {
  return new Paragraph({
    style: STYLE.body,
    alignment: AlignmentType.RIGHT,
    indent: { firstLine: 0, firstLineChars: 0, right: chars(right) },
    children: [new TextRun({ ...run, text })],
  });
}

// ------------------------------------------------------------------------------------------------
// Mastheads (版头)

/** The size (half-points) of a red masthead of `text`: as large as 小初, but always on one line. */
export function mastheadSize(text: string): number {
  const w = Math.max(1, widthInChars(text));
  // 0.96: leave a little room for the font's side bearings.
  const fit = Math.floor(((TEXT_BLOCK.width / 20) * 0.96) / w) * 2;
  return Math.max(SIZE.sanhao, Math.min(SIZE.xiaochu, fit));
}

/** Grid lines a run of `halfPoints` needs (a line ~1.3 × the size). */
const linesFor = (halfPoints: number): number => Math.ceil((halfPoints * 10 * 1.3) / LINE_PITCH);

/** The red masthead line itself (报头 / 发文机关标志), in 方正小标宋简体. */
export function mastheadNameParagraph(text: string, opts: { before?: number } = {}): Paragraph {
  const size = mastheadSize(text);
  return offGrid(new Paragraph({
    style: STYLE.masthead,
    spacing: { ...exactLines(linesFor(size)), before: opts.before ?? 0 },
    children: [new TextRun({ text, size, color: RED, font: font(FONT.xiaobiaosong) })],
  }));
}

/** A restricted-distribution mark (内部资料 注意保存), 黑体 3号, at the top left (GB: 密级的位置). */
export function restrictedMarkParagraph(mark: string): Paragraph {
  return new Paragraph({
    style: STYLE.body,
    alignment: AlignmentType.LEFT,
    indent: { firstLine: 0, firstLineChars: 0 },
    children: [new TextRun({ text: mark, font: font(FONT.heiti) })],
  });
}

/** A red rule across the text block, drawn under an empty grid line. */
export function redRule(opts: { size?: number; lines?: number } = {}): Paragraph {
  return new Paragraph({
    style: STYLE.body,
    indent: { firstLine: 0, firstLineChars: 0 },
    spacing: exactLines(opts.lines ?? 1),
    border: { bottom: { style: BorderStyle.SINGLE, size: opts.size ?? 18, color: RED, space: 1 } },
    children: [],
  });
}

/**
 * The customary 简报 masthead: the red name, the issue number centred under it, the issuing unit at
 * the left and the date at the right, then a red rule.
 */
export function briefingMasthead(m: { name: string; issueLine: string; issuer: string; date: string; restrictedMark?: string | undefined }): Paragraph[] {
  const out: Paragraph[] = [];
  out.push(m.restrictedMark ? restrictedMarkParagraph(m.restrictedMark) : blankLine());
  out.push(blankLine());
  out.push(mastheadNameParagraph(m.name));
  out.push(
    new Paragraph({
      style: STYLE.body,
      alignment: AlignmentType.CENTER,
      indent: { firstLine: 0, firstLineChars: 0 },
      children: [new TextRun({ text: m.issueLine, font: font(FONT.kaiti) })],
    }),
  );
  out.push(blankLine());
  out.push(
    new Paragraph({
      style: STYLE.body,
      indent: { firstLine: 0, firstLineChars: 0 },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_BLOCK.width }],
      border: { bottom: { style: BorderStyle.THICK_THIN_SMALL_GAP, size: 24, color: RED, space: 4 } },
      children: [new TextRun(m.issuer), new TextRun({ text: `\t${m.date}` })],
    }),
  );
  return out;
}

/**
 * The 公文 版头 (GB/T 9704 7.2): 发文机关标志 in red 35 mm below the top of the text block, the 发文字号
 * centred two lines under it, the red rule 4 mm below the 发文字号.
 */
export function officialMasthead(m: { name: string; documentNumber: string; restrictedMark?: string | undefined }): Paragraph[] {
  const out: Paragraph[] = [];
  let before = mm(35);
  if (m.restrictedMark) {
    out.push(restrictedMarkParagraph(m.restrictedMark));
    before -= LINE_PITCH;
  }
  out.push(mastheadNameParagraph(m.name, { before }));
  out.push(blankLine());
  out.push(
    new Paragraph({
      style: STYLE.body,
      alignment: AlignmentType.CENTER,
      indent: { firstLine: 0, firstLineChars: 0 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
      children: [new TextRun(m.documentNumber)],
    }),
  );
  return out;
}

// ------------------------------------------------------------------------------------------------
// 落款 and 版记

/**
 * Printed width in body characters of a line mixing Chinese and digits, as Word and LibreOffice set
 * it: a digit about 0.55 of a character, and 0.2 of a character between Chinese and a digit (the
 * automatic spacing between Asian text and numbers, on by default in both).
 */
export function printedWidth(s: string): number {
  let w = 0;
  let prevAscii: boolean | undefined;
  for (const ch of s) {
    const ascii = ch.codePointAt(0)! < 0x2e80;
    w += ascii ? 0.55 : 1;
    if (prevAscii !== undefined && prevAscii !== ascii) w += 0.2;
    prevAscii = ascii;
  }
  return Math.round(w * 100) / 100;
}

/** Where the signature and the date start, in body characters from the left edge (see signatureBlock). */
export function signaturePositions(signature: string, date: string): { sigStart: number; dateStart: number; anchor: 'signature' | 'date' } {
  const s = printedWidth(signature);
  const d = printedWidth(date);
  let sigStart = CHARS_PER_LINE - 2 - s;
  let dateStart = sigStart + 2;
  let anchor: 'signature' | 'date' = 'signature';
  if (dateStart + d > CHARS_PER_LINE - 2) {
    dateStart = CHARS_PER_LINE - 2 - d;
    sigStart = dateStart - 2;
    anchor = 'date';
  }
  return { sigStart: Math.max(0, sigStart), dateStart: Math.max(0, dateStart), anchor };
}

/**
 * 发文机关署名 and 成文日期 without a seal (GB/T 9704 7.3.5.2): one blank line under the text, the
 * signature two characters from the right, the date under it starting two characters further right;
 * when the date is the longer, the date keeps two characters from the right and the signature moves left.
 */
export function signatureBlock(signature: string, date: string): Paragraph[] {
  const { sigStart, dateStart, anchor } = signaturePositions(signature, date);
  // The element anchored two characters from the right is right-aligned there, so its own width need
  // not be known; the other starts at an indent computed from printedWidth.
  const line = (text: string, start: number, right: boolean) =>
    new Paragraph({
      style: STYLE.body,
      alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT,
      indent: right ? { firstLine: 0, firstLineChars: 0, right: chars(2) } : { firstLine: 0, firstLineChars: 0, left: chars(Math.max(0, start)) },
      children: [new TextRun(text)],
    });
  return [blankLine(), line(signature, sigStart, anchor === 'signature'), line(date, dateStart, anchor === 'date')];
}

/** Width of the 版记 table (see closingBlock). */
export const CLOSING_WIDTH = TEXT_BLOCK.width - 360;

export type ClosingBlock = {
  /** Lines such as ["报：…", "送：…", "发：…"]; a long line wraps under the first character after the colon. */
  distribution: string[];
  /** The last line: text at the left (印发机关) and at the right (印发日期 or 共印N份). */
  lastLine: { left?: string; right: string };
};

/**
 * 版记 (GB/T 9704 7.4) at the bottom of the last page: a thick rule above the first line, the
 * distribution in 仿宋 4号 one character in from both sides, a thin rule, the last line (印发机关 at the
 * left, 印发日期 at the right), and a thick rule on the bottom edge of the text block.
 *
 * It is a floating table anchored to the bottom of the text block (w:tblpPr tblpYSpec="bottom"), so it
 * sits at the bottom of whichever page the text ends on and text that would run into it moves on.
 * Two details are for LibreOffice: the table is 360 twips (6.4 mm) narrower than the text block and
 * centred (LibreOffice 7.4 keeps a floating table nearly as wide as the text area in line instead of
 * floating it: 8,500 twips float, 8,600 do not), and an empty paragraph follows it (a document must end
 * with a paragraph anyway).
 */
export function closingBlock(c: ClosingBlock): Array<Paragraph | Table> {
  const width = CLOSING_WIDTH;
  const thick: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' }; // 1 pt (GB: 0.35 mm)
  const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' }; // 0.75 pt (GB: 0.25 mm)
  const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const cell = (children: Paragraph[], top: IBorderOptions, bottom: IBorderOptions) =>
    new TableRow({
      cantSplit: true,
      children: [
        new TableCell({
          width: { size: width, type: WidthType.DXA },
          margins: { left: 0, right: 0, top: 0, bottom: 0 },
          borders: { top, bottom, left: none, right: none },
          children,
        }),
      ],
    });
  const distribution = c.distribution.map((line) => {
    const colon = line.indexOf('：');
    const hang = colon >= 0 ? (colon + 1) * SIZE.sihao * 10 : 0; // the 4号 characters up to the colon
    return new Paragraph({ style: STYLE.closing, indent: { left: chars(1) + hang, hanging: hang, right: chars(1) }, children: [new TextRun(line)] });
  });
  const last = new Paragraph({
    style: STYLE.closing,
    tabStops: [{ type: TabStopType.RIGHT, position: width - chars(1) }],
    children: [new TextRun(c.lastLine.left ?? ''), new TextRun(`\t${c.lastLine.right}`)],
  });
  const rows = c.distribution.length > 0 ? [cell(distribution, thick, thin), cell([last], thin, thick)] : [cell([last], thick, thick)];
  const table = new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [width],
    layout: TableLayoutType.FIXED,
    float: {
      horizontalAnchor: TableAnchorType.MARGIN,
      verticalAnchor: TableAnchorType.MARGIN,
      relativeHorizontalPosition: RelativeHorizontalPosition.CENTER,
      relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
      overlap: OverlapType.NEVER,
    },
    borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows,
  });
  const after = new Paragraph({ style: STYLE.body, indent: { firstLine: 0, firstLineChars: 0 }, spacing: { line: 20, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, children: [] });
  return [table, after];
}
