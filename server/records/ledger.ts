/**
 * Ledgers (台账) of adoptions and publications, pure: the columns, reading a sheet's cells into rows,
 * and checking each cell. One error per bad cell, naming the row, the column and what is wrong, in
 * the caller's language. The database look-ups (units, items, outlets, levels) are in ledger-import.ts.
 * The columns are documented in docs/ledger-import.md.
 */
import type { Locale } from '../errors';
import { AWARD_LEVEL_LABELS, isCalendarDate, KIND_LABELS, MODE_LABELS, normalizeUrl, normText, RECORD_KINDS, type AwardLevel, type BriefingMode, type BroadcastScope, type RecordKind } from './kinds';

export const LEDGER_COLUMNS = [
  { key: 'serial', zh: '编号', en: 'Serial' },
  { key: 'unit', zh: '单位', en: 'Unit' },
  { key: 'title', zh: '标题', en: 'Title' },
  { key: 'authors', zh: '作者', en: 'Authors' },
  { key: 'kind', zh: '类型', en: 'Kind' },
  { key: 'date', zh: '日期', en: 'Date' },
  { key: 'mode', zh: '刊发方式', en: 'Mode' },
  { key: 'issue', zh: '期号', en: 'Issue' },
  { key: 'level', zh: '层级', en: 'Level' },
  { key: 'outlet', zh: '媒体', en: 'Outlet' },
  { key: 'column', zh: '栏目', en: 'Column' },
  { key: 'url', zh: '链接', en: 'URL' },
  { key: 'platform', zh: '平台', en: 'Platform' },
  { key: 'award', zh: '奖项', en: 'Award' },
  { key: 'person', zh: '获奖人', en: 'Person' },
  { key: 'evidence', zh: '证明链接', en: 'Evidence link' },
  { key: 'note', zh: '备注', en: 'Note' },
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]['key'];

/** A cell as read from the file: text, a number, a date (Excel dates), or nothing. */
export type Cell = string | number | Date | null;
export type CellError = { row: number; column: string; message: string };

/** A row whose cells are well formed; names (unit, outlet, level, person) are resolved against the database later. */
export type LedgerRow = {
  row: number;
  serial: string | null;
  unit: string | null;
  title: string | null;
  authors: string | null;
  kind: RecordKind;
  usedOn: string;
  mode: BriefingMode | null;
  issue: string | null;
  level: string | null;
  awardLevel: AwardLevel | null;
  scope: BroadcastScope | null;
  outlet: string | null;
  column: string | null;
  url: string | null;
  platform: string | null;
  award: string | null;
  person: string | null;
  evidenceUrl: string | null;
  note: string | null;
};

const M = {
  missing: { zh: '必填，不能为空', en: 'Required; it is empty' },
  unknownKind: { zh: '类型“{v}”无法识别，可填：{list}', en: 'Unknown kind “{v}”; use one of: {list}' },
  badDate: { zh: '日期“{v}”无效，请填写如 2024-03-15 的日期', en: 'Invalid date “{v}”; write a date such as 2024-03-15' },
  futureDate: { zh: '日期“{v}”晚于今天', en: 'The date “{v}” is in the future' },
  badMode: { zh: '刊发方式“{v}”无效，可填：单独刊发、综合采用', en: 'Invalid mode “{v}”; use: standalone, comprehensive' },
  badAwardLevel: { zh: '层级“{v}”无效，可填：国家级、省级（自治区级）、市级', en: 'Invalid level “{v}”; use: national, regional, city' },
  badScope: { zh: '层级“{v}”无效，展播可填：国家级、省级（自治区级）', en: 'Invalid level “{v}”; a broadcast is national or regional' },
  badUrl: { zh: '“{v}”不是有效的网址（须以 http:// 或 https:// 开头）', en: '“{v}” is not a valid web address (http:// or https://)' },
  tooLong: { zh: '内容过长（最多 {max} 个字符）', en: 'Too long (at most {max} characters)' },
  needsSerialOrUnit: { zh: '未填编号时，单位和标题必填', en: 'Without a serial, the unit and the title are required' },
  unknownHeader: { zh: '无法识别的列名“{v}”', en: 'Unknown column name “{v}”' },
  missingHeader: { zh: '缺少必需的列“{v}”', en: 'The column “{v}” is missing' },
} as const;
export type LedgerMessage = keyof typeof M;

export function ledgerMessage(key: LedgerMessage, locale: Locale, params: Record<string, string | number> = {}): string {
  const t = locale === 'en' ? M[key].en : M[key].zh;
  return t.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** The column's header in the caller's language, with its letter: "日期（F列）" / "Date (column F)". */
export function columnLabel(key: LedgerColumn, locale: Locale): string {
  const i = LEDGER_COLUMNS.findIndex((c) => c.key === key);
  const c = LEDGER_COLUMNS[i]!;
  return locale === 'en' ? c.en : c.zh;
}

/** Maps a header row to column keys (Chinese or English names, any case or width); unknown headers are errors. */
export function readHeader(cells: Cell[], locale: Locale): { map: (LedgerColumn | null)[]; errors: CellError[] } {
  const errors: CellError[] = [];
  const map = cells.map((c, i) => {
    const v = normText(cellText(c));
    if (!v) return null;
    const col = LEDGER_COLUMNS.find((k) => normText(k.zh) === v || normText(k.en) === v || k.key === v);
    if (!col) errors.push({ row: 1, column: letter(i), message: ledgerMessage('unknownHeader', locale, { v: cellText(c) }) });
    return col?.key ?? null;
  });
  for (const need of ['kind', 'date'] as const)
    if (!map.includes(need)) errors.push({ row: 1, column: columnLabel(need, locale), message: ledgerMessage('missingHeader', locale, { v: columnLabel(need, locale) }) });
  return { map, errors };
}

/** A spreadsheet column letter: 0 → A, 26 → AA. */
export function letter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return isoDate(c);
  return String(c).normalize('NFKC').trim();
}

const isoDate = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;

/** Reads a date cell: an Excel date, an Excel serial number, or 2024-03-15 / 2024/3/15 / 2024.3.15 / 2024年3月15日 / 20240315. */
export function parseLedgerDate(c: Cell): string | null {
  if (c instanceof Date) return isNaN(c.getTime()) ? null : isoDate(c);
  if (typeof c === 'number') {
    if (!Number.isInteger(c) || c < 1 || c > 100_000) return null;
    // Excel's day 1 is 1900-01-01, counting the 1900 leap day that never was.
    return isoDate(new Date(Date.UTC(1899, 11, 30) + c * 86_400_000));
  }
  const s = cellText(c);
  const m = /^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : null;
}

function kindOf(v: string): RecordKind | null {
  const n = normText(v);
  for (const k of RECORD_KINDS) if (k === n || normText(KIND_LABELS[k].zh) === n || normText(KIND_LABELS[k].en) === n) return k;
  const more: Record<string, RecordKind> = { 刊发: 'media', 媒体采用: 'media', 上级: 'upper_adoption', 获奖: 'award_work', 简报: 'briefing_use', 信息采用: 'briefing_use' };
  return more[n] ?? null;
}

function modeOf(v: string): BriefingMode | null {
  const n = normText(v);
  for (const k of ['standalone', 'comprehensive'] as const) if (k === n || normText(MODE_LABELS[k].zh) === n || normText(MODE_LABELS[k].en) === n) return k;
  if (['单独', '单独刊发一期', '专期'].includes(n)) return 'standalone';
  if (['综合', '综合性信息中采用', '综合性简报'].includes(n)) return 'comprehensive';
  return null;
}

/** 国家级 / 全国 → national; 省级 / 自治区级 / 省（自治区）级 → regional; 市级 → city. */
export function awardLevelOf(v: string): AwardLevel | null {
  const n = normText(v).replace(/[()（）]/g, '');
  if (['national', '国家级', '全国', '国家', '中央级'].includes(n) || n === normText(AWARD_LEVEL_LABELS.national.en)) return 'national';
  if (['regional', '省级', '自治区级', '省自治区级', '省区级', '地区级', '区级'].includes(n)) return 'regional';
  if (['city', '市级', '地市级'].includes(n)) return 'city';
  return null;
}

const MAX: Partial<Record<LedgerColumn, number>> = { serial: 40, unit: 100, title: 200, authors: 200, issue: 100, level: 40, outlet: 100, column: 100, platform: 100, award: 200, person: 50, note: 500, url: 2000, evidence: 2000 };

/**
 * Checks one data row (cells by column key). Returns the row, or the errors of its bad cells (every
 * bad cell, not just the first). `today` refuses dates after it.
 */
export function parseLedgerRow(rowNumber: number, cells: Partial<Record<LedgerColumn, Cell>>, locale: Locale, today: string): { row: LedgerRow | null; errors: CellError[] } {
  const errors: CellError[] = [];
  const err = (col: LedgerColumn, key: LedgerMessage, params: Record<string, string | number> = {}) => errors.push({ row: rowNumber, column: columnLabel(col, locale), message: ledgerMessage(key, locale, params) });
  const text = (col: LedgerColumn): string | null => {
    const v = cellText(cells[col] ?? null);
    const max = MAX[col];
    if (v && max && v.length > max) {
      err(col, 'tooLong', { max });
      return null;
    }
    return v || null;
  };
  const serial = text('serial');
  const unit = text('unit');
  const title = text('title');
  if (!serial) {
    if (!unit) err('unit', 'needsSerialOrUnit');
    if (!title) err('title', 'needsSerialOrUnit');
  }
  const kindText = text('kind');
  let kind: RecordKind | null = null;
  if (!kindText) err('kind', 'missing');
  else if (!(kind = kindOf(kindText))) err('kind', 'unknownKind', { v: kindText, list: RECORD_KINDS.map((k) => (locale === 'en' ? KIND_LABELS[k].en : KIND_LABELS[k].zh)).join(locale === 'en' ? ', ' : '、') });
  const dateCell = cells.date ?? null;
  let usedOn: string | null = null;
  if (!cellText(dateCell)) err('date', 'missing');
  else if (!(usedOn = parseLedgerDate(dateCell))) err('date', 'badDate', { v: cellText(dateCell) });
  else if (usedOn > today) {
    err('date', 'futureDate', { v: usedOn });
    usedOn = null;
  }
  const url = (col: 'url' | 'evidence') => {
    const v = text(col);
    if (v && normalizeUrl(v) === null) {
      err(col, 'badUrl', { v });
      return null;
    }
    return v && /^[a-z]+:\/\//i.test(v) ? v : v ? `http://${v}` : null;
  };
  const row: Omit<LedgerRow, 'kind' | 'usedOn'> = {
    row: rowNumber,
    serial,
    unit,
    title,
    authors: text('authors'),
    mode: null,
    issue: text('issue'),
    level: text('level'),
    awardLevel: null,
    scope: null,
    outlet: text('outlet'),
    column: text('column'),
    url: url('url'),
    platform: text('platform'),
    award: text('award'),
    person: text('person'),
    evidenceUrl: url('evidence'),
    note: text('note'),
  };
  const need = (col: LedgerColumn, v: string | null) => {
    if (!v && !errors.some((e) => e.column === columnLabel(col, locale))) err(col, 'missing');
    return v;
  };
  switch (kind) {
    case 'briefing_use': {
      need('issue', row.issue);
      const m = text('mode');
      if (!m) err('mode', 'missing');
      else if (!(row.mode = modeOf(m))) err('mode', 'badMode', { v: m });
      break;
    }
    case 'upper_adoption':
    case 'recommendation':
      need('level', row.level);
      break;
    case 'media':
      need('outlet', row.outlet);
      break;
    case 'broadcast': {
      need('platform', row.platform);
      if (need('level', row.level)) {
        const l = awardLevelOf(row.level!);
        if (l === 'national' || l === 'regional') row.scope = l;
        else err('level', 'badScope', { v: row.level! });
      }
      break;
    }
    case 'award_work':
    case 'award_person': {
      need('award', row.award);
      if (kind === 'award_person') need('person', row.person);
      if (need('level', row.level) && !(row.awardLevel = awardLevelOf(row.level!))) err('level', 'badAwardLevel', { v: row.level! });
      break;
    }
    case null:
      break;
  }
  if (errors.length || !kind || !usedOn) return { row: null, errors };
  return { row: { ...row, kind, usedOn }, errors };
}

/** Splits CSV text (RFC 4180: quotes, doubled quotes, line breaks inside quotes; comma, semicolon or tab). */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\ufeff/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const sep = [',', '\t', ';'].map((s) => [s, firstLine.split(s).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** Decodes a CSV file: UTF-8 (with or without BOM), else GB18030 (what Excel saves on Chinese Windows). */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
