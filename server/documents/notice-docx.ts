/**
 * A scoring notice (通报) as a .docx in the 公文 layout of GB/T 9704-2012: 发文机关标志 in red, 发文字号,
 * red rule, title, 主送机关, the body with its tables, 发文机关署名 and 成文日期, 版记 at the bottom of
 * the last page. Pure: a NoticeDocument in, the bytes of the file out. The page pieces are
 * official-layout.ts's; docs/notices.md explains the table layout.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IBorderOptions,
} from 'docx';
import { cellText, checkNotice, type NoticeDocument, type NoticeTable } from './notice-document';
import {
  blankLine,
  bodyParagraph,
  closingBlock,
  dateZh,
  font,
  FONT,
  LINE_PITCH,
  offGrid,
  officialMasthead,
  officialSectionProperties,
  officialStyles,
  pageNumberFooters,
  signatureBlock,
  SIZE,
  STYLE,
  TEXT_BLOCK,
  titleParagraph,
  widthInChars,
  type ClosingBlock,
} from './official-layout';

/** Sizes a table may be set in (half-points): 4号 14 pt, 小四 12 pt, 五号 10.5 pt. The largest that fits is used. */
export const TABLE_SIZES = [SIZE.sihao, 24, 21] as const;
/** Left and right padding of a cell, twips. */
export const CELL_PAD = 60;

/** Column widths in twips: the relative widths scaled to the text block, the rest to the last column. */
export function columnWidths(t: NoticeTable): number[] {
  const sum = t.columns.reduce((a, c) => a + c.width, 0);
  const w = t.columns.map((c) => Math.floor((c.width / sum) * TEXT_BLOCK.width));
  w[w.length - 1]! += TEXT_BLOCK.width - w.reduce((a, b) => a + b, 0);
  return w;
}

/**
 * The table's font size: the largest of TABLE_SIZES at which every number fits on one line of its
 * column and every column holds at least two characters a line (headers and names wrap, numbers never).
 */
export function tableSize(t: NoticeTable): number {
  const widths = columnWidths(t);
  for (const size of TABLE_SIZES) {
    const charTw = size * 10;
    const ok = t.columns.every((col, j) => {
      const room = (widths[j]! - 2 * CELL_PAD) / charTw;
      if (room < 2) return false;
      if (col.type === 'text') return true;
      return t.rows.every((r) => widthInChars(cellText(col, r[j]!)) + 0.5 <= room);
    });
    if (ok) return size;
  }
  return TABLE_SIZES.at(-1)!;
}

/** Line height of a table at `size`: one grid line at 4号 (so the body stays on the grid), else 1.4 lines. */
export const tableLine = (size: number): number => (size === SIZE.sihao ? LINE_PITCH : Math.round(size * 10 * 1.4));

function dataTable(t: NoticeTable): Table {
  const widths = columnWidths(t);
  const size = tableSize(t);
  const line = { line: tableLine(size), lineRule: LineRuleType.EXACT, before: 0, after: 0 };
  const edge: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' }; // 0.5 pt
  const para = (text: string, align: (typeof AlignmentType)[keyof typeof AlignmentType], head: boolean) =>
    offGrid(
      new Paragraph({
        style: STYLE.body,
        alignment: align,
        indent: { firstLine: 0, firstLineChars: 0 },
        spacing: line,
        children: [new TextRun({ text, size, characterSpacing: 0, ...(head ? { font: font(FONT.heiti) } : {}) })],
      }),
    );
  const cell = (text: string, j: number, head: boolean) =>
    new TableCell({
      width: { size: widths[j]!, type: WidthType.DXA },
      margins: { left: CELL_PAD, right: CELL_PAD, top: 0, bottom: 0 },
      verticalAlign: VerticalAlign.CENTER,
      children: [para(text, head || t.columns[j]!.type !== 'text' || t.columns[j]!.width < 8 ? AlignmentType.CENTER : AlignmentType.LEFT, head)],
    });
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: t.columns.map((c, j) => cell(c.header, j, true)) });
  const rows = t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, j) => cell(cellText(t.columns[j]!, v), j, false)) }));
  return new Table({
    width: { size: TEXT_BLOCK.width, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: edge, bottom: edge, left: edge, right: edge, insideHorizontal: edge, insideVertical: edge },
    rows: [header, ...rows],
  });
}

/** The 版记 of a notice: 抄送 (when any), then the 印发机关 and "<date>印发". */
export function noticeClosing(doc: NoticeDocument): ClosingBlock {
  const copy = doc.head.copyTo.map((n) => n.trim()).filter((n) => n !== '');
  return {
    distribution: copy.length > 0 ? [`抄送：${copy.join('，')}。`] : [],
    lastLine: { left: doc.head.printer, right: `${dateZh(doc.head.date)}印发` },
  };
}

/** The blocks of the whole notice, in order (exported for tests of the structure). */
export function noticeParagraphs(doc: NoticeDocument): Array<Paragraph | Table> {
  checkNotice(doc);
  const out: Array<Paragraph | Table> = [];
  out.push(...officialMasthead({ name: doc.head.mastheadName, documentNumber: doc.head.documentNumber.trim(), restrictedMark: doc.head.restrictedMark }));
  out.push(blankLine(), blankLine());
  out.push(titleParagraph(doc.title));
  out.push(blankLine());
  if (doc.head.addressee.trim()) {
    out.push(new Paragraph({ style: STYLE.body, indent: { firstLine: 0, firstLineChars: 0 }, children: [new TextRun(doc.head.addressee.trim())] }));
  }
  for (const b of doc.body) {
    if ('table' in b) out.push(dataTable(b.table));
    else if (b.paragraph.trim()) out.push(bodyParagraph(b.paragraph));
  }
  out.push(...signatureBlock(doc.head.signature.trim(), dateZh(doc.head.date)));
  out.push(...closingBlock(noticeClosing(doc)));
  return out;
}

/** The .docx of a scoring notice. */
export async function renderNoticeDocx(doc: NoticeDocument): Promise<Buffer> {
  const children = noticeParagraphs(doc);
  const document = new Document({
    title: doc.title,
    subject: '通报',
    creator: doc.head.printer,
    description: doc.head.documentNumber || doc.title,
    evenAndOddHeaderAndFooters: true,
    styles: officialStyles(),
    sections: [{ properties: officialSectionProperties(), footers: pageNumberFooters(), children }],
  });
  return Packer.toBuffer(document);
}
