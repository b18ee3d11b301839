/**
 * 报送总览 as a spreadsheet: exactly the rows the list shows with the same filters and sort, every page
 * of them (not just the one on screen), with column names and values in the caller's language.
 * Read through the list's own where-clause (visibility included), refused for a unit the caller may
 * not read, capped (a clear 400 asks for a narrower filter), and audited.
 */
import ExcelJS from 'exceljs';
import { desc, eq } from 'drizzle-orm';
import { auditEntryOf, writeAudit } from '../audit/audit';
import { appError, type Locale } from '../errors';
import { requireAccess, type Ctx } from '../http/context';
import { orderByAllowed } from '../http/list';
import { people, units } from '../org/tables';
import { KIND_LABELS } from './kinds';
import type { ReviewStatus } from './stages';
import { resolveListFilter, SUBMISSION_SORTS, submissionListWhere, type SubmissionListFilter } from './submissions';
import { submissions } from './tables';

/** More rows than this is refused: a spreadsheet of everything is not what 报送总览 is for. */
export const EXPORT_MAX_ROWS = 20_000;

type Label = { zh: string; en: string };
const STATUS: Record<ReviewStatus, Label> = {
  draft: { zh: '草稿', en: 'Draft' },
  unit_approval: { zh: '待单位审批', en: 'Unit approval' },
  in_review: { zh: '审核中', en: 'In review' },
  sensitive_approval: { zh: '待敏感审批', en: 'Sensitive approval' },
  returned: { zh: '已退回', en: 'Returned' },
  rejected: { zh: '已退稿', en: 'Rejected' },
  adopted: { zh: '已采用', en: 'Adopted' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

const COLUMNS: { zh: string; en: string; width: number }[] = [
  { zh: '编号', en: 'No.', width: 14 },
  { zh: '标题', en: 'Title', width: 48 },
  { zh: '类型', en: 'Kind', width: 16 },
  { zh: '状态', en: 'Status', width: 12 },
  { zh: '当前环节', en: 'Current step', width: 14 },
  { zh: '单位', en: 'Unit', width: 22 },
  { zh: '报送人', en: 'Submitted by', width: 12 },
  { zh: '报送时间', en: 'Submitted', width: 18 },
  { zh: '更新时间', en: 'Updated', width: 18 },
  { zh: '版本', en: 'Version', width: 7 },
  { zh: '敏感', en: 'Sensitive', width: 8 },
];

const pick = (l: Label, locale: Locale) => (locale === 'en' ? l.en : l.zh);
const fmt = (d: Date | null, timeZone: string) => (d ? new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(d) : '');
/** A cell that a spreadsheet would evaluate as a formula is prefixed, so exports cannot run code. */
const safeCell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export async function exportSubmissions(ctx: Ctx, f: Omit<SubmissionListFilter, 'page' | 'pageSize'>): Promise<{ buffer: Buffer; filename: string; rows: number }> {
  requireAccess(ctx, 'submission.read');
  const where = submissionListWhere(ctx, await resolveListFilter(ctx, f));
  const order = orderByAllowed(SUBMISSION_SORTS, f, [desc(submissions.updatedAt), desc(submissions.id)], submissions.id);
  const rows = await ctx.db
    .select({ s: submissions, unitName: units.name, authorName: people.name })
    .from(submissions)
    .innerJoin(units, eq(units.id, submissions.unitId))
    .innerJoin(people, eq(people.id, submissions.createdBy))
    .where(where)
    .orderBy(...order)
    .limit(EXPORT_MAX_ROWS + 1);
  if (rows.length > EXPORT_MAX_ROWS) throw appError('submission/export_too_large', { max: String(EXPORT_MAX_ROWS) });

  const { locale } = ctx;
  const tz = ctx.config.timeZone;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(locale === 'en' ? 'Submissions' : '报送总览');
  ws.addRow(COLUMNS.map((c) => pick(c, locale))).font = { bold: true };
  for (const { s, unitName, authorName } of rows) {
    ws.addRow(
      [
        s.serial ?? pick({ zh: '草稿', en: 'Draft' }, locale),
        s.title,
        pick(KIND_LABELS[s.kind], locale),
        pick(STATUS[s.status], locale),
        s.heldStepName ?? '',
        unitName,
        authorName,
        fmt(s.submittedAt, tz),
        fmt(s.updatedAt, tz),
        String(s.version),
        s.sensitive ? pick({ zh: '是', en: 'Yes' }, locale) : '',
      ].map(safeCell),
    );
  }
  ws.columns.forEach((c, i) => (c.width = COLUMNS[i]?.width ?? 12));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());

  // Flat details (the auditor's log reads them as labelled values): what was asked for and how much left.
  const asked = Object.fromEntries(Object.entries({ scope: f.scope, status: f.status, kind: f.kind, q: f.q, unitId: f.unitId, from: f.from, to: f.to, sort: f.sort, order: f.order }).filter(([, v]) => v !== undefined));
  await writeAudit(ctx.db, auditEntryOf(ctx, 'submission.export', f.unitId ? { type: 'unit', id: f.unitId } : { type: 'unit', id: ctx.auth.unitId }, { ...asked, rows: rows.length }));
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short' }).format(ctx.now);
  return { buffer, filename: `${locale === 'en' ? 'submissions' : '报送总览'}-${day}.xlsx`, rows: rows.length };
}
