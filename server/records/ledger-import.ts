import ExcelJS from 'exceljs';
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { auditAction } from '../audit/audit';
import { appError, type Locale } from '../errors';
import { requireAccess, requireAccessOrHide, SYSTEM_ID, type Ctx } from '../http/context';
import { people, units } from '../org/tables';
import { submissionAuthors, submissions } from '../submissions/tables';
import { AWARD_LEVEL_LABELS, dedupeKeyOf, KIND_LABELS, ledgerWorkKey, MODE_LABELS, normText, todayIn, type AwardLevel } from './kinds';
import { cellText, columnLabel, decodeCsv, LEDGER_COLUMNS, parseCsv, parseLedgerRow, readHeader, type Cell, type CellError, type LedgerColumn, type LedgerRow } from './ledger';
import { insertRecordOnce } from './records';
import { idsOnPath, levelsAt, outletsAt } from './registry';
import { outletChannels, outlets, recordsOfUse } from './tables';

/** At most this many data rows per file (a ledger of several years fits; split anything larger). */
export const LEDGER_MAX_ROWS = 5000;

/** The sheet's cells: the first worksheet of an .xlsx, or the rows of a .csv. */
export async function readGrid(filename: string, bytes: Buffer): Promise<Cell[][]> {
  const isXlsx = bytes.subarray(0, 2).toString('latin1') === 'PK';
  if (isXlsx) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw appError('ledger/bad_file');
    }
    const ws = wb.worksheets[0];
    if (!ws) throw appError('ledger/bad_file');
    const grid: Cell[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellValue(cell.value);
      });
      grid[n - 1] = cells;
    });
    return grid.map((r) => r ?? []);
  }
  if (!/\.csv$/i.test(filename) && !/\.txt$/i.test(filename)) throw appError('ledger/bad_file');
  return parseCsv(decodeCsv(bytes));
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('hyperlink' in v) return (v as { hyperlink: string }).hyperlink;
    if ('result' in v) return cellValue((v as { result: ExcelJS.CellValue }).result);
    if ('text' in v) return String((v as { text: unknown }).text);
  }
  return null;
}

type Resolved = { row: LedgerRow; values: typeof recordsOfUse.$inferInsert; unitName: string; title: string };

/**
 * Checks a ledger against the unit's data: each row's item (by serial) or unit (by name), outlet,
 * level and person. Returns the records it would write, and one error per bad cell.
 */
async function checkLedger(ctx: Ctx, unit: { id: string; path: string }, grid: Cell[][], source: string) {
  const locale: Locale = ctx.locale;
  const errors: CellError[] = [];
  const [head, ...body] = grid;
  if (!head || !head.some((c) => cellText(c))) throw appError('ledger/bad_file');
  const dataRows = body.map((cells, i) => ({ n: i + 2, cells })).filter((r) => r.cells.some((c) => cellText(c)));
  if (dataRows.length > LEDGER_MAX_ROWS) throw appError('ledger/too_many_rows', { max: LEDGER_MAX_ROWS });
  const header = readHeader(head, locale);
  errors.push(...header.errors);
  if (header.errors.length) return { errors, resolved: [] as Resolved[] };
  const today = todayIn(ctx.now, ctx.config.timeZone);
  const parsed: LedgerRow[] = [];
  for (const r of dataRows) {
    const cells: Partial<Record<LedgerColumn, Cell>> = {};
    header.map.forEach((k, i) => {
      if (k) cells[k] = r.cells[i] ?? null;
    });
    const p = parseLedgerRow(r.n, cells, locale, today);
    errors.push(...p.errors);
    if (p.row) parsed.push(p.row);
  }
  // Look-ups within the unit's subtree.
  const subtree = await ctx.db.select({ id: units.id, name: units.name, shortName: units.shortName, path: units.path }).from(units).where(sql`${units.path} like ${unit.path + '%'}`);
  const serials = [...new Set(parsed.map((r) => r.serial).filter((s): s is string => !!s))];
  const items = serials.length
    ? await ctx.db
        .select({ id: submissions.id, serial: submissions.serial, unitId: submissions.unitId, status: submissions.status, title: submissions.title })
        .from(submissions)
        .innerJoin(units, eq(units.id, submissions.unitId))
        .where(and(inArray(submissions.serial, serials), sql`${units.path} like ${unit.path + '%'}`))
    : [];
  const root = `/${idsOnPath(unit.path)[0]}/`;
  const persons = await ctx.db.select({ id: people.id, name: people.name }).from(people).innerJoin(units, eq(units.id, people.unitId)).where(sql`${units.path} like ${root + '%'}`);
  const outletCache = new Map<string, Awaited<ReturnType<typeof outletsAt>>>();
  const levelCache = new Map<string, Awaited<ReturnType<typeof levelsAt>>>();
  const msg = (zh: string, en: string) => (locale === 'en' ? en : zh);
  const resolved: Resolved[] = [];
  for (const r of parsed) {
    const err = (col: LedgerColumn, message: string) => errors.push({ row: r.row, column: columnLabel(col, locale), message });
    let submissionId: string | null = null;
    let u: (typeof subtree)[number] | undefined;
    let title = r.title ?? '';
    if (r.serial) {
      const item = items.find((i) => i.serial === r.serial);
      if (!item) {
        err('serial', msg(`编号“${r.serial}”在本单位及下级单位中不存在`, `No item numbered “${r.serial}” in this unit or below`));
        continue;
      }
      if (item.status !== 'adopted') {
        err('serial', msg(`编号“${r.serial}”的稿件尚未录用`, `The item “${r.serial}” is not accepted`));
        continue;
      }
      submissionId = item.id;
      u = subtree.find((x) => x.id === item.unitId);
      title = item.title;
    } else {
      const matches = subtree.filter((x) => normText(x.name) === normText(r.unit) || (x.shortName && normText(x.shortName) === normText(r.unit)));
      if (matches.length !== 1) {
        err('unit', matches.length ? msg(`有多个名为“${r.unit}”的单位，请改填编号`, `Several units are named “${r.unit}”; give the serial instead`) : msg(`单位“${r.unit}”不在本单位及下级单位中`, `No unit “${r.unit}” in this unit or below`));
        continue;
      }
      u = matches[0];
    }
    if (!u) continue;
    const values: typeof recordsOfUse.$inferInsert = {
      submissionId,
      unitId: u.id,
      workKey: submissionId ?? ledgerWorkKey(u.id, title),
      dedupeKey: '',
      kind: r.kind,
      usedOn: r.usedOn,
      evidenceUrl: r.evidenceUrl,
      note: r.note,
      title: submissionId ? null : title,
      authors: submissionId ? null : r.authors,
      source: 'ledger',
      sourceRef: `${source}#${r.row}`,
      recordedBy: ctx.auth && ctx.auth.personId !== SYSTEM_ID ? ctx.auth.personId : null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    let ok = true;
    switch (r.kind) {
      case 'briefing_use':
        Object.assign(values, { mode: r.mode, briefingLabel: r.issue });
        break;
      case 'upper_adoption':
      case 'recommendation': {
        if (!levelCache.has(u.path)) levelCache.set(u.path, await levelsAt(ctx.db, u.path));
        const l = levelCache.get(u.path)!.find((x) => x.active && [x.code, normText(x.nameZh), normText(x.nameEn)].includes(normText(r.level)));
        if (!l) {
          ok = false;
          err('level', msg(`层级“${r.level}”无法识别，可填：${levelCache.get(u.path)!.filter((x) => x.active).map((x) => x.nameZh).join('、')}`, `Unknown level “${r.level}”; use one of: ${levelCache.get(u.path)!.filter((x) => x.active).map((x) => x.nameEn).join(', ')}`));
        } else values.level = l.code;
        break;
      }
      case 'media': {
        if (!outletCache.has(u.path)) outletCache.set(u.path, await outletsAt(ctx.db, u.path));
        const o = outletCache.get(u.path)!.find((x) => [x.name, ...x.aliases].some((n) => normText(n) === normText(r.outlet)));
        if (!o) {
          ok = false;
          err('outlet', msg(`媒体“${r.outlet}”不在媒体库中（可请管理员添加，或填写其名称/别名）`, `The outlet “${r.outlet}” is not in the registry (ask an administrator to add it, or use its name or an alias)`));
          break;
        }
        const ch = r.column ? o.channels.find((c) => normText(c.name) === normText(r.column)) : undefined;
        Object.assign(values, { outletId: o.id, channelId: ch?.id ?? null, columnName: ch ? null : r.column, url: r.url });
        break;
      }
      case 'broadcast':
        Object.assign(values, { platform: r.platform, scope: r.scope });
        break;
      case 'award_work':
        Object.assign(values, { level: r.awardLevel, awardName: r.award });
        break;
      case 'award_person': {
        const named = persons.filter((p) => normText(p.name) === normText(r.person));
        Object.assign(values, { level: r.awardLevel, awardName: r.award, personId: named.length === 1 ? named[0]!.id : null, personName: r.person });
        break;
      }
    }
    if (!ok) continue;
    values.dedupeKey = dedupeKeyOf({ ...values, kind: r.kind, usedOn: r.usedOn, briefingLabel: values.briefingLabel ?? null });
    resolved.push({ row: r, values, unitName: u.name, title });
  }
  errors.sort((a, b) => a.row - b.row);
  return { errors, resolved };
}

/** Which of these records exist already (the same use of the same work, or the same briefing issue by its label). */
async function alreadyRecorded(ctx: Ctx, resolved: Resolved[]): Promise<Set<number>> {
  const keys = [...new Set(resolved.map((r) => r.values.workKey))];
  if (!keys.length) return new Set();
  const rows = await ctx.db
    .select({ workKey: recordsOfUse.workKey, dedupeKey: recordsOfUse.dedupeKey, kind: recordsOfUse.kind, label: recordsOfUse.briefingLabel })
    .from(recordsOfUse)
    .where(and(inArray(recordsOfUse.workKey, keys), eq(recordsOfUse.status, 'active')));
  const have = new Set(rows.map((r) => `${r.workKey}|${r.dedupeKey}`));
  const labels = new Set(rows.filter((r) => r.kind === 'briefing_use' && r.label).map((r) => `${r.workKey}|${normText(r.label)}`));
  const out = new Set<number>();
  for (const [i, r] of resolved.entries()) {
    const k = `${r.values.workKey}|${r.values.dedupeKey}`;
    const lk = `${r.values.workKey}|${normText(r.values.briefingLabel)}`;
    if (have.has(k) || (r.values.kind === 'briefing_use' && labels.has(lk))) out.add(i);
    // A row repeated further down the same file is the same use too.
    have.add(k);
    if (r.values.kind === 'briefing_use') labels.add(lk);
  }
  return out;
}

async function ledgerUnit(ctx: Ctx, unitId: string | undefined) {
  requireAccess(ctx, 'review.decide');
  const [u] = await ctx.db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(eq(units.id, unitId ?? ctx.auth.unitId));
  if (!u) throw appError('common/not_found');
  requireAccessOrHide(ctx, 'review.decide', u.path, 'unit.read');
  return u;
}

/**
 * Imports a ledger for a unit's subtree. `dryRun`: the preview (every row, new or already recorded,
 * and every bad cell). Otherwise all or nothing: any bad cell refuses the whole file (400
 * ledger/invalid with the errors); rows already recorded are skipped, so importing again adds nothing.
 */
export async function importLedger(ctx: Ctx, input: { unitId?: string | undefined; filename: string; bytes: Buffer; dryRun: boolean }) {
  const unit = await ledgerUnit(ctx, input.unitId);
  const grid = await readGrid(input.filename, input.bytes);
  const { errors, resolved } = await checkLedger(ctx, unit, grid, input.filename.slice(0, 100));
  const existing = await alreadyRecorded(ctx, resolved);
  const preview = resolved.map((r, i) => ({
    row: r.row.row,
    kind: r.row.kind,
    usedOn: r.row.usedOn,
    unitName: r.unitName,
    title: r.title,
    linked: !!r.values.submissionId,
    status: existing.has(i) ? ('existing' as const) : ('new' as const),
  }));
  const summary = { total: resolved.length + new Set(errors.filter((e) => e.row > 1).map((e) => e.row)).size, valid: resolved.length, new: resolved.length - existing.size, existing: existing.size, errors };
  if (input.dryRun) return { dryRun: true, ...summary, rows: preview, imported: 0 };
  if (errors.length) {
    throw appError(
      'ledger/invalid',
      { count: errors.length },
      errors.slice(0, 200).map((e) => ({ path: `${ctx.locale === 'en' ? 'row' : '第'}${e.row}${ctx.locale === 'en' ? '' : '行'}·${e.column}`, message: e.message })),
      { errors },
    );
  }
  const imported = await ctx.db.transaction(async (tx) => {
    let n = 0;
    for (const [i, r] of resolved.entries()) {
      if (existing.has(i)) continue;
      const res = await insertRecordOnce(tx, r.values);
      if (!res.row) continue; // recorded meanwhile by someone else: the same use, nothing to add
      n++;
      await auditAction(tx, ctx, 'record.add', r.values.submissionId ? { type: 'submission', id: r.values.submissionId } : { type: 'unit', id: r.values.unitId }, {
        recordId: res.row.id,
        kind: r.values.kind,
        usedOn: r.values.usedOn,
        via: 'ledger',
        source: r.values.sourceRef,
      });
    }
    await auditAction(tx, ctx, 'ledger.import', { type: 'unit', id: unit.id }, { file: input.filename.slice(0, 100), rows: resolved.length, imported: n, skipped: resolved.length - n });
    return n;
  });
  return { dryRun: false, ...summary, rows: preview, imported };
}

// ---- template and export -------------------------------------------------------------------------

function sheetWithHeader(wb: ExcelJS.Workbook, locale: Locale, name: string) {
  const ws = wb.addWorksheet(name);
  ws.columns = LEDGER_COLUMNS.map((c) => ({ header: locale === 'en' ? c.en : c.zh, key: c.key, width: ['title', 'url', 'evidence', 'award'].includes(c.key) ? 36 : 14 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return ws;
}

/** A blank ledger with the columns, three example rows, and a sheet explaining each column. */
export async function ledgerTemplate(ctx: Ctx): Promise<Buffer> {
  requireAccess(ctx, 'review.decide');
  const en = ctx.locale === 'en';
  const wb = new ExcelJS.Workbook();
  const ws = sheetWithHeader(wb, ctx.locale, en ? 'Ledger' : '台账');
  ws.addRow({ unit: en ? 'Galutu police station' : '嘎鲁图派出所', title: en ? 'A fraud case solved' : '嘎鲁图派出所破获一起电信网络诈骗案', authors: '张三、李四', kind: KIND_LABELS.media[en ? 'en' : 'zh'], date: '2024-03-15', outlet: '人民日报', column: '客户端要文', url: 'https://www.people.com.cn/n1/2024/0315/c1001-0000.html' });
  ws.addRow({ unit: en ? 'Galutu police station' : '嘎鲁图派出所', title: en ? 'Night patrols in the pastures' : '“平安牧区”巡逻防控', kind: KIND_LABELS.upper_adoption[en ? 'en' : 'zh'], date: '2024-04-02', level: en ? 'City bureau' : '市局', evidence: 'https://example.gov.cn/xxgk/2024/0402.html' });
  ws.addRow({ unit: en ? 'Galutu police station' : '嘎鲁图派出所', title: en ? 'Photo series' : '警营风采摄影作品', kind: KIND_LABELS.award_work[en ? 'en' : 'zh'], date: '2024-06-30', level: AWARD_LEVEL_LABELS.regional[en ? 'en' : 'zh'], award: en ? 'Second prize' : '全区公安新闻宣传作品评选二等奖' });
  const help = wb.addWorksheet(en ? 'Columns' : '填写说明');
  help.columns = [
    { header: en ? 'Column' : '列名', key: 'c', width: 14 },
    { header: en ? 'What to write' : '填写说明', key: 'd', width: 100 },
  ];
  const d = ledgerColumnHelp(ctx.locale);
  for (const c of LEDGER_COLUMNS) help.addRow({ c: en ? c.en : c.zh, d: d[c.key] });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** What each column takes (the template's help sheet; docs/ledger-import.md says the same). */
export function ledgerColumnHelp(locale: Locale): Record<LedgerColumn, string> {
  const kinds = Object.values(KIND_LABELS).map((l) => (locale === 'en' ? l.en : l.zh)).join(locale === 'en' ? ', ' : '、');
  return locale === 'en'
    ? {
        serial: 'The item’s serial in Xuanbao (e.g. 2024-000123), if it is in the system; then unit and title may stay empty',
        unit: 'The unit credited (its name or short name, in this unit or below); required without a serial',
        title: 'The title of the piece; required without a serial',
        authors: 'Authors, separated by 、 or commas (kept as written)',
        kind: `Required: ${kinds}`,
        date: 'Required: the date of the use (2024-03-15, 2024/3/15, 2024年3月15日 or an Excel date), not later than today',
        mode: 'Used in a briefing: standalone (单独刊发) or comprehensive (综合采用)',
        issue: 'Used in a briefing: the issue, e.g. 2024年第12期',
        level: 'Upper adoption / recommendation: an upper level (county bureau, city bureau, …); awards: national, regional, city; broadcast: national or regional',
        outlet: 'Media: the outlet’s name or an alias from the registry (e.g. 人民日报, 人民网)',
        column: 'Media: the channel or column (e.g. 客户端要文)',
        url: 'Media: the address of the published piece',
        platform: 'Broadcast: the platform',
        award: 'Awards: the award, or the person’s title (e.g. 年度优秀通讯员)',
        person: 'Award for a person: their name',
        evidence: 'A link to evidence (optional)',
        note: 'Anything else (optional)',
      }
    : {
        serial: '稿件在宣报中的编号（如 2024-000123）；填写编号时单位、标题可不填',
        unit: '计分单位（本单位及下级单位的名称或简称）；未填编号时必填',
        title: '稿件标题；未填编号时必填',
        authors: '作者，多人用“、”或逗号分隔（按原文保存）',
        kind: `必填：${kinds}`,
        date: '必填：采用/刊发的日期（2024-03-15、2024/3/15、2024年3月15日或 Excel 日期），不得晚于今天',
        mode: '简报采用：单独刊发 或 综合采用',
        issue: '简报采用：期号，如 2024年第12期',
        level: '上级采用/推介：上级层级（旗县局、市局、厅、部等）；获奖：国家级、省级（自治区级）、市级；展播：国家级 或 省级',
        outlet: '媒体刊发：媒体库中的媒体名称或别名（如 人民日报、人民网）',
        column: '媒体刊发：频道或栏目（如 客户端要文）',
        url: '媒体刊发：刊发稿件的网址',
        platform: '展播：平台名称',
        award: '获奖：奖项名称，或个人获得的称号（如 年度优秀通讯员）',
        person: '个人获奖：获奖人姓名',
        evidence: '证明材料链接（选填）',
        note: '其他说明（选填）',
      };
}

/** The ledger of a unit's subtree for a period (active records, by date), in the import's columns: importing it back adds nothing. */
export async function exportLedger(ctx: Ctx, q: { unitId?: string | undefined; from: string; to: string }): Promise<{ buffer: Buffer; filename: string }> {
  const unit = await ledgerUnit(ctx, q.unitId);
  const en = ctx.locale === 'en';
  const rows = await ctx.db
    .select({ r: recordsOfUse, unitName: units.name, unitPath: units.path, serial: submissions.serial, itemTitle: submissions.title, outletName: outlets.name, channelName: outletChannels.name })
    .from(recordsOfUse)
    .innerJoin(units, eq(units.id, recordsOfUse.unitId))
    .leftJoin(submissions, eq(submissions.id, recordsOfUse.submissionId))
    .leftJoin(outlets, eq(outlets.id, recordsOfUse.outletId))
    .leftJoin(outletChannels, eq(outletChannels.id, recordsOfUse.channelId))
    .where(and(sql`${units.path} like ${unit.path + '%'}`, eq(recordsOfUse.status, 'active'), gte(recordsOfUse.usedOn, q.from), lte(recordsOfUse.usedOn, q.to)))
    .orderBy(asc(recordsOfUse.usedOn), asc(recordsOfUse.createdAt));
  const itemIds = [...new Set(rows.map((r) => r.r.submissionId).filter((x): x is string => !!x))];
  const authors = itemIds.length
    ? await ctx.db.select({ submissionId: submissionAuthors.submissionId, name: people.name }).from(submissionAuthors).innerJoin(people, eq(people.id, submissionAuthors.personId)).where(inArray(submissionAuthors.submissionId, itemIds))
    : [];
  const levelCache = new Map<string, Awaited<ReturnType<typeof levelsAt>>>();
  const wb = new ExcelJS.Workbook();
  const ws = sheetWithHeader(wb, ctx.locale, en ? 'Ledger' : '台账');
  for (const x of rows) {
    const r = x.r;
    let level: string | null = null;
    if (r.kind === 'upper_adoption' || r.kind === 'recommendation') {
      if (!levelCache.has(x.unitPath)) levelCache.set(x.unitPath, await levelsAt(ctx.db, x.unitPath));
      const l = levelCache.get(x.unitPath)!.find((v) => v.code === r.level);
      level = l ? (en ? l.nameEn : l.nameZh) : r.level;
    } else if (r.kind === 'broadcast' && r.scope) level = AWARD_LEVEL_LABELS[r.scope][en ? 'en' : 'zh'];
    else if (r.level) level = AWARD_LEVEL_LABELS[r.level as AwardLevel]?.[en ? 'en' : 'zh'] ?? r.level;
    ws.addRow({
      serial: x.serial ?? '',
      unit: x.unitName,
      title: x.itemTitle ?? r.title ?? '',
      authors: r.submissionId ? authors.filter((a) => a.submissionId === r.submissionId).map((a) => a.name).join('、') : (r.authors ?? ''),
      kind: KIND_LABELS[r.kind][en ? 'en' : 'zh'],
      date: r.usedOn,
      mode: r.mode ? MODE_LABELS[r.mode][en ? 'en' : 'zh'] : '',
      issue: r.briefingLabel ?? '',
      level: level ?? '',
      outlet: x.outletName ?? '',
      column: x.channelName ?? r.columnName ?? '',
      url: r.url ?? '',
      platform: r.platform ?? '',
      award: r.awardName ?? '',
      person: r.personName ?? '',
      evidence: r.evidenceUrl ?? '',
      note: r.note ?? '',
    });
  }
  await ctx.db.transaction((tx) => auditAction(tx, ctx, 'ledger.export', { type: 'unit', id: unit.id }, { from: q.from, to: q.to, rows: rows.length }));
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), filename: `${en ? 'ledger' : '台账'}-${q.from}-${q.to}.xlsx` };
}
