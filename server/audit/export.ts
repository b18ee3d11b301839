import ExcelJS from 'exceljs';
import type { Db } from '../db/client';
import type { Locale } from '../errors';
import { iterateAuditEntries, type AuditFilter } from './audit';
import { auditDetailsText } from './details';
import { AUDIT_EVENTS, AUDIT_TARGET_TYPES } from './events';

const HEADERS = {
  'zh-CN': ['序号', '时间', '账号', '事件', '事件代码', '结果', '对象类型', '对象', '对象编号', '来源地址', '详情', '哈希'],
  en: ['Seq', 'Time', 'Login', 'Event', 'Event code', 'Outcome', 'Target type', 'Target', 'Target id', 'Source', 'Details', 'Hash'],
};

const OUTCOMES = { success: { zh: '成功', en: 'success' }, failure: { zh: '失败', en: 'failure' }, denied: { zh: '拒绝', en: 'denied' } } as const;
type Label = { zh: string; en: string };
const pick = (l: Label | undefined, locale: Locale, raw: string) => (l ? (locale === 'en' ? l.en : l.zh) : raw);

function fmt(d: Date, timeZone: string) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(d);
}

/** A cell that a spreadsheet would evaluate as a formula is prefixed, so exports cannot run code. */
export const safeCell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export async function exportAudit(db: Db, f: AuditFilter, opts: { format: 'xlsx' | 'csv'; locale: Locale; timeZone: string; now?: Date }): Promise<Buffer> {
  const rows: string[][] = [];
  for await (const r of iterateAuditEntries(db, f, opts.now)) {
    rows.push([
      String(r.seq),
      fmt(r.at, opts.timeZone),
      r.actorLogin ?? '',
      pick((AUDIT_EVENTS as Record<string, Label>)[r.event], opts.locale, r.event),
      r.event,
      pick(OUTCOMES[r.outcome], opts.locale, r.outcome),
      r.targetType ? pick((AUDIT_TARGET_TYPES as Record<string, Label>)[r.targetType], opts.locale, r.targetType) : '',
      r.targetName ?? '',
      r.targetId ?? '',
      r.ip ?? '',
      auditDetailsText(r.event, r.details, opts.locale, r.outcome),
      r.hash ?? '',
    ].map(safeCell));
  }
  const header = HEADERS[opts.locale];
  if (opts.format === 'csv') {
    const esc = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    return Buffer.from('\ufeff' + [header, ...rows].map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n', 'utf8');
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.locale === 'en' ? 'Audit log' : '审计日志');
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c, i) => (c.width = [8, 20, 14, 22, 22, 10, 12, 24, 38, 16, 60, 20][i] ?? 12));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
