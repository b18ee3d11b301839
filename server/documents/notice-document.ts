/**
 * Scoring notices (通报) as data: the monthly adoption notice and the quarterly ranking notice of seed
 * 003, and the year-end list of top correspondents (优秀宣传员) of seed 001. A notice is a 公文 head
 * (发文机关标志, 发文字号, title, 主送, 落款, 版记) and a body of paragraphs and tables; the same
 * NoticeDocument is written as a .docx (notice-docx.ts) and as an .xlsx (server/scoring/notices-xlsx.ts),
 * so both say the same thing by construction.
 *
 * Pure: no database, no clock, no floats. Every number arrives as an exact decimal string ("0.3",
 * "12.5") made by the scoring engine's formatPoints; a points column pads it to the column's decimals
 * ("12" → "12.0") and never rounds.
 */

export type NoticeKind = 'monthly_adoption' | 'quarterly_ranking' | 'top_correspondents';
export const NOTICE_KINDS: readonly NoticeKind[] = ['monthly_adoption', 'quarterly_ranking', 'top_correspondents'];

/** The 公文 parts around the body: who issues it, to whom, its number and date. */
export type NoticeHead = {
  /** 发文机关标志, printed in red, e.g. "二道江区扫黑除恶专项斗争领导小组办公室文件". */
  mastheadName: string;
  /** 发文字号, e.g. "二扫黑办通〔2024〕3号"; empty prints nothing under the masthead but the red rule. */
  documentNumber: string;
  /** 主送机关, ending in "：", e.g. "各成员单位，各乡（镇、街道）：". */
  addressee: string;
  /** 发文机关署名 over the date. */
  signature: string;
  /** 成文日期, "YYYY-MM-DD". */
  date: string;
  /** 版记: 抄送 recipients (may be empty) and the 印发机关 (printed with "<date>印发"). */
  copyTo: string[];
  printer: string;
  /** Printed above the masthead (e.g. "内部资料 注意保存"), when the notice is restricted. */
  restrictedMark?: string | undefined;
};

/** How a column's cells are written: text as is, a whole number (rank, count), or points with fixed decimals. */
export type NoticeColumn = {
  header: string;
  type: 'text' | 'integer' | 'points';
  /** For points: decimals shown (0 → "13", 1 → "13.0"). */
  decimals?: 0 | 1 | 2 | 3 | undefined;
  /** Relative width; text columns wrap within it. */
  width: number;
};

export type NoticeTable = {
  /** The sheet's name in the .xlsx (≤ 31 characters) and the table's caption there. */
  name: string;
  columns: NoticeColumn[];
  /** Cells as text: numbers are exact decimal strings. */
  rows: string[][];
};

/** A body block: a paragraph of text ("一、…" and "（一）…" become headings) or a table. */
export type NoticeBlock = { paragraph: string } | { table: NoticeTable };

export type NoticeDocument = {
  kind: NoticeKind;
  head: NoticeHead;
  title: string;
  /** The period in words, e.g. "2024年3月", "2024年第一季度", "2024年度" (a subtitle in the .xlsx). */
  periodLabel: string;
  body: NoticeBlock[];
};

// ------------------------------------------------------------------------------------------------
// Numbers as text

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * An exact decimal string with `decimals` decimals: padded with zeros, trailing zeros beyond them
 * dropped, never rounded ("12" → "12.0", "0.30" → "0.3" with 1, "0.25" stays "0.25" with 1).
 */
export function fixDecimals(value: string, decimals: number): string {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new Error(`通报中的分值不是十进制数：${JSON.stringify(value)} (not a decimal)`);
  let frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length < decimals) frac = frac.padEnd(decimals, '0');
  const whole = String(BigInt(m[2]!));
  const neg = m[1] && (BigInt(m[2]!) !== 0n || /[1-9]/.test(frac)) ? '-' : '';
  return neg + whole + (frac ? `.${frac}` : '');
}

/** A cell as printed: points padded to the column's decimals, integers checked, text trimmed. */
export function cellText(col: NoticeColumn, raw: string): string {
  if (col.type === 'points') return fixDecimals(raw, col.decimals ?? 0);
  if (col.type === 'integer') {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error(`通报中的“${col.header}”不是整数：${JSON.stringify(raw)} (not an integer)`);
    return raw.trim();
  }
  return raw.trim();
}

// ------------------------------------------------------------------------------------------------
// The parts every notice is built from

/** A column of whole numbers (序号, 名次, counts); 序号 and 名次 take the narrow default width. */
const integerCol = (header: string, width = 2.5): NoticeColumn => ({ header, type: 'integer', width });
const textCol = (header: string, width: number): NoticeColumn => ({ header, type: 'text', width });
const pointsCol = (header: string, decimals: 0 | 1 | 2 | 3, width: number): NoticeColumn => ({ header, type: 'points', decimals, width });
const tableBlock = (name: string, columns: NoticeColumn[], rows: string[][]): NoticeBlock => ({ table: { name, columns, rows } });

/** The parts of the data every notice kind takes. */
type NoticeData = { head: NoticeHead; rubricName: string; periodKey: string; decimals: 0 | 1 | 2 | 3; closing?: string | undefined };

/**
 * A notice of `kind`: titled 关于<period><subject>的通报, its body the blocks `bodyOf` makes from the
 * period's label, then the closing paragraph (the data's, else the kind's default).
 */
function notice(kind: NoticeKind, d: NoticeData, subject: string, defaultClosing: string, bodyOf: (label: string) => NoticeBlock[]): NoticeDocument {
  const label = periodLabelZh(d.periodKey);
  const body = [...bodyOf(label), { paragraph: d.closing ?? defaultClosing }];
  return { kind, head: d.head, title: `关于${label}${subject}的通报`, periodLabel: label, body };
}

// ------------------------------------------------------------------------------------------------
// Words

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1–99 in Chinese numerals (第一季度, 五名). */
export function zhNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n <= 10) return CN_DIGITS[n]!;
  const t = Math.floor(n / 10);
  const o = n % 10;
  return `${t === 1 ? '' : CN_DIGITS[t]}十${o ? CN_DIGITS[o] : ''}`;
}

/** "2024-03" → "2024年3月"; "2024-Q1" → "2024年第一季度"; "2024" → "2024年度". */
export function periodLabelZh(key: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return `${m[1]}年第${zhNumber(Number(m[2]))}季度`;
  m = /^(\d{4})$/.exec(key);
  if (m) return `${m[1]}年度`;
  m = /^(\d{4})-(\d{2})-H([12])$/.exec(key);
  if (m) return `${m[1]}年${Number(m[2])}月${m[3] === '1' ? '上' : '下'}半月`;
  m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) return `${m[1]}年第${Number(m[2])}周`;
  m = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (m) return `${m[1]}年${Number(m[2])}月${Number(m[3])}日至${m[4] === m[1] ? '' : `${m[4]}年`}${Number(m[5])}月${Number(m[6])}日`;
  return key;
}

// ------------------------------------------------------------------------------------------------
// (a) The monthly adoption notice (seed 003: 每月通报一次…信息报送采用情况)

export type AdoptionMode = 'standalone' | 'comprehensive';
export const ADOPTION_MODE_ZH: Record<AdoptionMode, string> = { standalone: '单独刊发', comprehensive: '综合采用' };

export type MonthlyAdoptionData = {
  head: NoticeHead;
  /** The rubric's name, quoted as the basis (《…》). */
  rubricName: string;
  /** Period key, e.g. "2024-03". */
  periodKey: string;
  /** Points shown with this many decimals. */
  decimals: 0 | 1 | 2 | 3;
  /** Every unit in scope, in the order to print (most points first), zero included. */
  units: { name: string; standalone: number; comprehensive: number; points: string }[];
  /** Every counted adoption of the month, in date order. */
  adoptions: { unitName: string; title: string; mode: AdoptionMode; issue: string; date: string; points: string }[];
  /** The closing paragraph; a default asks units to keep to the plan. */
  closing?: string | undefined;
};

export function monthlyAdoptionNotice(d: MonthlyAdoptionData): NoticeDocument {
  return notice('monthly_adoption', d, '信息采用情况', '请各单位对照方案要求，认真做好信息简报和宣传报道线索报送工作，进一步提高信息报送的数量和质量。', (label) => {
    const standalone = d.adoptions.filter((a) => a.mode === 'standalone').length;
    const comprehensive = d.adoptions.length - standalone;
    const adopted = d.units.filter((u) => u.standalone + u.comprehensive > 0);
    const none = d.units.filter((u) => u.standalone + u.comprehensive === 0).map((u) => u.name);
    const month = label.replace(/^\d{4}年/, '');
    const body: NoticeBlock[] = [
      { paragraph: `按照《${d.rubricName}》要求，现将${label}各单位信息采用情况通报如下：` },
      { paragraph: '一、总体情况' },
      {
        paragraph:
          d.adoptions.length === 0
            ? `${month}，各单位报送的信息均未被采用。`
            : `${month}，共采用各单位信息${d.adoptions.length}条，其中单独刊发${standalone}期，在综合性信息中采用${comprehensive}条，涉及${adopted.length}个单位。` +
              (none.length > 0 ? `${none.join('、')}${month}未有信息被采用。` : ''),
      },
      { paragraph: '二、各单位采用及积分情况' },
      tableBlock(
        '积分汇总',
        [integerCol('序号'), textCol('单位', 9), integerCol('单独刊发（期）', 4.5), integerCol('综合采用（条）', 4.5), pointsCol('积分', d.decimals, 4)],
        d.units.map((u, i) => [String(i + 1), u.name, String(u.standalone), String(u.comprehensive), u.points]),
      ),
    ];
    if (d.adoptions.length > 0) {
      body.push({ paragraph: '三、信息采用明细' });
      body.push(
        tableBlock(
          '采用明细',
          [integerCol('序号'), textCol('单位', 5.5), textCol('信息标题', 8), textCol('采用方式', 4.5), textCol('期号', 7.5), pointsCol('积分', d.decimals, 3)],
          d.adoptions.map((a, i) => [String(i + 1), a.unitName, a.title, ADOPTION_MODE_ZH[a.mode], a.issue, a.points]),
        ),
      );
    }
    return body;
  });
}

// ------------------------------------------------------------------------------------------------
// (b) The quarterly ranking notice (seed 003: 每季度通报一次…采用情况和积分排名)

export type RankingRow = { rank: number; name: string; total: string; items: Record<string, string> };

export type QuarterlyRankingData = {
  head: NoticeHead;
  rubricName: string;
  periodKey: string;
  decimals: 0 | 1 | 2 | 3;
  /** The rubric's items, in rubric order; with a single item its column would repeat the total and is left out. */
  items: { key: string; name: string }[];
  /** One ranking, or one per unit type (成员单位, 乡镇（街道）) each ranked apart. */
  groups: { name: string | null; rows: RankingRow[] }[];
  closing?: string | undefined;
};

const GROUP_NUMBERS = ['（一）', '（二）', '（三）', '（四）', '（五）', '（六）', '（七）', '（八）', '（九）', '（十）'];

export function quarterlyRankingNotice(d: QuarterlyRankingData): NoticeDocument {
  return notice('quarterly_ranking', d, '积分排名情况', '希望排名靠前的单位再接再厉，排名靠后的单位认真查找差距，切实加强信息报送工作，推动信息宣传工作再上新台阶。', (label) => {
    const itemCols = d.items.length > 1 ? d.items : [];
    const body: NoticeBlock[] = [
      { paragraph: `按照《${d.rubricName}》要求，现将${label}各单位积分及排名情况通报如下（积分相同的，名次并列）：` },
    ];
    const columns = [
      integerCol('名次'),
      textCol('单位', itemCols.length > 4 ? 7.5 : 9),
      pointsCol('总积分', d.decimals, 3.5),
      ...itemCols.map((it) => pointsCol(it.name, d.decimals, 2.8)),
    ];
    const named = d.groups.length > 1 || (d.groups.length === 1 && d.groups[0]!.name);
    d.groups.forEach((g, i) => {
      if (named) body.push({ paragraph: `${GROUP_NUMBERS[i] ?? `（${zhNumber(i + 1)}）`}${g.name ?? '其他单位'}` });
      body.push(tableBlock(sheetName(named ? `排名（${g.name ?? '其他单位'}）` : '积分排名'), columns, g.rows.map((r) => [String(r.rank), r.name, r.total, ...itemCols.map((it) => r.items[it.key] ?? '0')])));
    });
    return body;
  });
}

// ------------------------------------------------------------------------------------------------
// (c) The year-end list of top correspondents (seed 001: 设立优秀宣传员5名)

export type TopCorrespondentsData = {
  head: NoticeHead;
  rubricName: string;
  /** Period key of the year, e.g. "2024". */
  periodKey: string;
  decimals: 0 | 1 | 2 | 3;
  /** The people named, best first; ties at the last place are all named (so there may be more than `places`). */
  people: { rank: number; name: string; unitName: string; total: string }[];
  /** How many places the plan sets (5). */
  places: number;
  closing?: string | undefined;
};

export function topCorrespondentsNotice(d: TopCorrespondentsData): NoticeDocument {
  return notice('top_correspondents', d, '优秀宣传员', '希望受到表彰的同志珍惜荣誉、再接再厉，充分发挥示范带动作用；全体民警辅警要以先进为榜样，积极投身新闻宣传工作，讲好警察故事，发好公安声音。', (label) => {
    const n = d.people.length;
    const tie = n > d.places ? `（第${zhNumber(d.people.at(-1)!.rank)}名积分相同，并列评选）` : '';
    const body: NoticeBlock[] = [
      {
        paragraph:
          n === 0
            ? `按照《${d.rubricName}》，${label}没有个人获得宣传积分，本年度不评选优秀宣传员。`
            : `按照《${d.rubricName}》，根据${label}个人宣传积分，经统计排名，评选${d.people.map((p) => p.name).join('、')}等${zhNumber(n)}名同志为${label}优秀宣传员${tie}。名单如下：`,
      },
    ];
    if (n > 0) body.push(tableBlock('优秀宣传员', [integerCol('名次'), textCol('姓名', 5), textCol('单位', 10), pointsCol('年度积分', d.decimals, 4)], d.people.map((p) => [String(p.rank), p.name, p.unitName, p.total])));
    return body;
  });
}

/** A worksheet name Excel accepts: at most 31 characters, none of []:*?/\. */
export function sheetName(s: string): string {
  return s.replace(/[[\]:*?/\\]/g, '·').slice(0, 31) || 'Sheet';
}

/** The tables of a notice, in print order. */
export function noticeTables(doc: NoticeDocument): NoticeTable[] {
  return doc.body.flatMap((b) => ('table' in b ? [b.table] : []));
}

/** Checks a notice before it is written; a bad one is refused with a message naming what is wrong. */
export function checkNotice(doc: NoticeDocument): void {
  const bad = (what: string) => {
    throw new Error(`通报无法导出：${what}`);
  };
  if (!doc.head.mastheadName.trim()) bad('发文机关标志为空 (empty masthead)');
  if (!doc.head.signature.trim()) bad('落款为空 (empty signature)');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(doc.head.date)) bad(`日期应为YYYY-MM-DD (date must be YYYY-MM-DD, got "${doc.head.date}")`);
  for (const t of noticeTables(doc)) {
    for (const [i, r] of t.rows.entries()) {
      if (r.length !== t.columns.length) bad(`“${t.name}”第${i + 1}行有${r.length}格，应为${t.columns.length}格 (row ${i + 1} has ${r.length} cells)`);
      r.forEach((c, j) => cellText(t.columns[j]!, c));
    }
  }
}
