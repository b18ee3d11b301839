/**
 * A briefing issue as a .docx: the customary 简报 / 专报 layout on the GB/T 9704-2012 page, and for a
 * 通报 the 公文 layout with its 发文字号. Pure: a BriefingDocument in, the bytes of the file out.
 * The layout pieces live in official-layout.ts; docs/briefing-layout.md explains the decisions.
 */
import { Document, Packer, Paragraph, TextRun, type Table } from 'docx';
import { BRIEFING_TYPE_ZH, type BriefingDocument } from './briefing-document';
import {
  blankLine,
  bodyParagraphs,
  briefingMasthead,
  closingBlock,
  dateZh,
  font,
  FONT,
  officialMasthead,
  officialSectionProperties,
  officialStyles,
  pageNumberFooters,
  rightLine,
  signatureBlock,
  STYLE,
  titleParagraph,
  type ClosingBlock,
} from './official-layout';

/** "2024年第12期", or for a supplement "增刊第1期"; number 0 is an unpublished draft's preview ("（草稿）"). */
export function issueLine(doc: Pick<BriefingDocument, 'year' | 'number' | 'supplement'>): string {
  if (doc.number === 0) return '（草稿 未编号）';
  return doc.supplement ? `增刊第${doc.number}期` : `${doc.year}年第${doc.number}期`;
}

/** The 版记 of an issue: 报 / 送 / 发 (each ending in 。), 共印N份, the issuing unit and 印发 date. */
export function briefingClosing(doc: BriefingDocument): ClosingBlock {
  const parts: [string, string[]][] = [
    ['报', doc.distribution.report],
    ['送', doc.distribution.send],
    ['发', doc.distribution.issue],
  ];
  const distribution = parts
    .map(([k, names]) => [k, names.map((n) => n.trim()).filter((n) => n !== '')] as const)
    .filter(([, names]) => names.length > 0)
    .map(([k, names]) => `${k}：${names.join('，')}。`);
  distribution.push(`（共印${doc.copies}份）`);
  return { distribution, lastLine: { left: doc.issuer, right: `${dateZh(doc.date)}印发` } };
}

function check(doc: BriefingDocument): void {
  const bad = (what: string) => {
    throw new Error(`简报无法导出：${what}`);
  };
  if (doc.items.length === 0) bad('没有稿件 (no items)');
  doc.items.forEach((it, i) => {
    if (it.title.trim() === '') bad(`第${i + 1}篇稿件没有标题 (item ${i + 1} has no title)`);
  });
  if (!doc.mastheadName.trim()) bad('报头名称为空 (empty masthead)');
  if (!Number.isInteger(doc.number) || doc.number < 0) bad(`期号无效 (bad number ${doc.number})`);
  if (!Number.isInteger(doc.copies) || doc.copies < 0) bad(`印数无效 (bad copies ${doc.copies})`);
  dateZh(doc.date);
}

function editorNote(text: string): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map(
      (l, i) =>
        new Paragraph({
          style: STYLE.body,
          children: [
            ...(i === 0 ? [new TextRun({ text: '编者按：', font: font(FONT.heiti) })] : []),
            new TextRun({ text: l, font: font(FONT.kaiti) }),
          ],
        }),
    );
}

function itemParagraphs(doc: BriefingDocument): Paragraph[] {
  const out: Paragraph[] = [];
  doc.items.forEach((item, i) => {
    if (i > 0) out.push(blankLine());
    out.push(titleParagraph(item.title));
    if (doc.type === 'tongbao' && i === 0 && doc.addressee) {
      out.push(blankLine());
      out.push(new Paragraph({ style: STYLE.body, indent: { firstLine: 0, firstLineChars: 0 }, children: [new TextRun(doc.addressee)] }));
    } else {
      out.push(blankLine());
    }
    out.push(...bodyParagraphs(item.body));
    if (item.source?.trim()) out.push(rightLine(item.source.trim(), 2));
  });
  return out;
}

/** The paragraphs of the whole issue, in order (exported for tests of the structure). */
export function briefingParagraphs(doc: BriefingDocument): Array<Paragraph | Table> {
  check(doc);
  const date = dateZh(doc.date);
  const out: Array<Paragraph | Table> = [];
  if (doc.type === 'tongbao') {
    out.push(...officialMasthead({ name: doc.mastheadName, documentNumber: doc.documentNumber?.trim() || issueLine(doc), restrictedMark: doc.restrictedMark }));
    out.push(blankLine(), blankLine());
    out.push(...itemParagraphs(doc));
    out.push(...signatureBlock(doc.signature?.trim() || doc.issuer, date));
  } else {
    out.push(...briefingMasthead({ name: doc.mastheadName, issueLine: issueLine(doc), issuer: doc.issuer, date, restrictedMark: doc.restrictedMark }));
    out.push(blankLine());
    if (doc.editorNote?.trim()) out.push(...editorNote(doc.editorNote), blankLine());
    out.push(...itemParagraphs(doc));
  }
  out.push(...closingBlock(briefingClosing(doc)));
  return out;
}

/** The .docx of a briefing issue. */
export async function renderBriefingDocx(doc: BriefingDocument): Promise<Buffer> {
  const children = briefingParagraphs(doc);
  const title = `${doc.mastheadName} ${issueLine(doc)}`;
  const document = new Document({
    title,
    subject: BRIEFING_TYPE_ZH[doc.type],
    creator: doc.issuer,
    description: doc.documentNumber ?? title,
    evenAndOddHeaderAndFooters: true,
    styles: officialStyles(),
    sections: [{ properties: officialSectionProperties(), footers: pageNumberFooters(), children }],
  });
  return Packer.toBuffer(document);
}
