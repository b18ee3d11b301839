/**
 * What a briefing issue (简报 / 专报 / 通报) says, independent of where it is stored: the briefings
 * domain builds it from its tables, the document renderer (server/documents/) turns it into a .docx
 * in the GB/T 9704-2012 layout. Pure data: no database, no dates as Date objects (the issue's date is
 * the calendar date in the deployment's time zone, written "YYYY-MM-DD").
 */
export type BriefingType = 'zhuanbao' | 'jianbao' | 'tongbao';

/** Chinese names of the types, as printed (专报, 简报, 通报). */
export const BRIEFING_TYPE_ZH: Record<BriefingType, string> = { zhuanbao: '专报', jianbao: '简报', tongbao: '通报' };

export type BriefingDocument = {
  type: BriefingType;
  /** The masthead, printed in red, e.g. "扫黑除恶专项斗争简报" or "公安宣传简报". */
  mastheadName: string;
  year: number;
  /** The issue's number within its type and year (第12期); a supplement counts apart (增刊第1期). */
  number: number;
  supplement: boolean;
  /** The issuing unit, printed at the left under the masthead, e.g. "乌审旗公安局政治工作办公室". */
  issuer: string;
  /** Calendar date of issue, "YYYY-MM-DD"; printed as 2024年3月5日. */
  date: string;
  /** Only for a 通报: its 发文字号, e.g. "乌公政〔2024〕12号". */
  documentNumber?: string | undefined;
  /** Only for a 通报: the 主送机关 line under the title, e.g. "各派出所、局机关各部门：". */
  addressee?: string | undefined;
  /** Only for a 通报: the 发文机关署名 over the date at the end; the issuer when absent. */
  signature?: string | undefined;
  /** Restricted distribution: a mark such as "内部资料 注意保存" printed above the masthead. */
  restrictedMark?: string | undefined;
  /** 编者按, printed before the first item. */
  editorNote?: string | undefined;
  /** One item (a standalone issue) or several (a comprehensive issue), in print order. */
  items: BriefingDocumentItem[];
  /** The closing block (版记): 报 (up), 送 (across), 发 (down), each a list of recipient names. */
  distribution: { report: string[]; send: string[]; issue: string[] };
  /** 共印N份. */
  copies: number;
};

export type BriefingDocumentItem = {
  title: string;
  /**
   * The published wording: paragraphs separated by "\n". A paragraph starting "一、" is a level-1
   * heading (黑体), "（一）" a level-2 heading (楷体); anything else is body text (仿宋_GB2312).
   */
  body: string;
  /** The source line printed after the item, e.g. "（嘎鲁图派出所 王磊）"; omitted when empty. */
  source?: string | undefined;
};
