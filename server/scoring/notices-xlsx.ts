/**
 * A scoring notice (通报) as an .xlsx: one worksheet per table of the notice (its title, period and
 * 发文字号 above the header row), and a last sheet with the notice's text (title, 主送, paragraphs,
 * 落款, date), so the workbook says what the .docx says. Pure: a NoticeDocument in, bytes out.
 *
 * Numbers are numeric cells, not text: a reader sorts, filters and sums them in Excel or WPS. They are
 * written from the exact decimal strings the engine made ("0.3"), never from arithmetic on floats:
 * Number("0.3") is the double nearest 0.3, and the XML holds its shortest round-trip form, "0.3" again
 * (exact for every value of up to 15 significant digits, which a point value of at most 12 whole
 * digits and 3 decimals is; anything longer is refused rather than rounded). A number format with the
 * column's decimals ('0.0') shows 12 as 12.0 and 0.3 as 0.3, as the .docx prints them.
 */
import ExcelJS from 'exceljs';
import { cellText, checkNotice, noticeTables, sheetName, type NoticeColumn, type NoticeDocument } from '../documents/notice-document';

/** The number format of a column: whole numbers '0', points with their decimals ('0.0'). */
export function numFmtOf(col: NoticeColumn): string | undefined {
  if (col.type === 'integer') return '0';
  if (col.type === 'points') return col.decimals ? `0.${'0'.repeat(col.decimals)}` : '0';
  return undefined;
}

/**
 * A cell's value: text as text; a number as the double whose shortest decimal form is exactly the
 * printed decimal (so the file stores "0.3", never 0.30000000000000004).
 */
export function xlsxValue(col: NoticeColumn, raw: string): string | number {
  const text = cellText(col, raw);
  if (col.type === 'text') return text;
  const n = Number(text);
  const canonical = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  if (!Number.isFinite(n) || String(n) !== (canonical === '-0' ? '0' : canonical)) {
    throw new Error(`通报中的数值无法精确写入Excel：${text} (not exactly representable)`);
  }
  return n;
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export async function renderNoticeXlsx(doc: NoticeDocument): Promise<Buffer> {
  checkNotice(doc);
  const wb = new ExcelJS.Workbook();
  wb.creator = doc.head.printer;
  wb.title = doc.title;
  wb.subject = '通报';
  const used = new Set<string>();
  const unique = (name: string) => {
    let n = sheetName(name);
    for (let i = 2; used.has(n); i++) n = sheetName(`${name.slice(0, 27)}（${i}）`);
    used.add(n);
    return n;
  };

  for (const t of noticeTables(doc)) {
    const ws = wb.addWorksheet(unique(t.name), { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    const n = t.columns.length;
    ws.addRow([doc.title]);
    ws.mergeCells(1, 1, 1, n);
    ws.getCell(1, 1).font = { bold: true, size: 14 };
    ws.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    ws.getRow(1).height = 36;
    ws.addRow([[doc.head.documentNumber, doc.periodLabel, t.name].filter((s) => s.trim() !== '').join('　')]);
    ws.mergeCells(2, 1, 2, n);
    ws.getCell(2, 1).alignment = { horizontal: 'center' };
    const header = ws.addRow(t.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    header.eachCell((c) => {
      c.border = THIN;
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    });
    for (const r of t.rows) {
      const row = ws.addRow(r.map((v, j) => xlsxValue(t.columns[j]!, v)));
      t.columns.forEach((col, j) => {
        const c = row.getCell(j + 1);
        c.border = THIN;
        const fmt = numFmtOf(col);
        if (fmt) c.numFmt = fmt;
        c.alignment = { horizontal: col.type === 'text' && col.width >= 8 ? 'left' : 'center', vertical: 'middle', wrapText: col.type === 'text' };
      });
    }
    t.columns.forEach((col, j) => (ws.getColumn(j + 1).width = Math.max(6, Math.round(col.width * 2.4))));
    ws.views = [{ state: 'frozen', ySplit: 3 }];
    ws.pageSetup.printTitlesRow = '3:3';
  }

  // The notice's words, as in the .docx, one paragraph a row.
  const text = wb.addWorksheet(unique('通报正文'));
  const lines: string[] = [
    doc.head.mastheadName,
    doc.head.documentNumber,
    '',
    doc.title,
    '',
    doc.head.addressee,
    ...doc.body.map((b) => ('table' in b ? `（见“${b.table.name}”表）` : b.paragraph)),
    '',
    doc.head.signature,
    doc.head.date.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, '$1年$2月$3日'),
  ];
  if (doc.head.copyTo.length > 0) lines.push('', `抄送：${doc.head.copyTo.join('，')}。`);
  for (const l of lines) text.addRow([l]);
  text.getColumn(1).width = 100;
  text.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
  text.getCell(4, 1).font = { bold: true, size: 14 };
  // exceljs' own Buffer type predates Node's generic Buffer.
  return Buffer.from(await wb.xlsx.writeBuffer());
}
