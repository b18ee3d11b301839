/**
 * Records of use, pure: the kinds and their words, the default upper levels, the seven central main
 * media, URL and text normalisation and the key that makes "the same use of the same work" one record.
 * No database here (tested in kinds.test.ts).
 */
export const RECORD_KINDS = ['briefing_use', 'upper_adoption', 'recommendation', 'media', 'broadcast', 'award_work', 'award_person'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
/** Kinds a person records by hand (briefing use is written only by the briefings domain, or comes from an old ledger). */
export const MANUAL_KINDS = ['upper_adoption', 'recommendation', 'media', 'broadcast', 'award_work', 'award_person'] as const satisfies readonly RecordKind[];
export type ManualKind = (typeof MANUAL_KINDS)[number];
export type BriefingMode = 'standalone' | 'comprehensive';
export type BroadcastScope = 'national' | 'regional';
export const AWARD_LEVELS = ['national', 'regional', 'city'] as const;
export type AwardLevel = (typeof AWARD_LEVELS)[number];
export const OUTLET_TIERS = ['central', 'provincial', 'city', 'county'] as const;
export type OutletTier = (typeof OUTLET_TIERS)[number];
export type RecordSource = 'manual' | 'briefing' | 'forwarding' | 'ledger' | 'imported';
export type RecordStatus = 'active' | 'withdrawn';

export const KIND_LABELS: Record<RecordKind, { zh: string; en: string }> = {
  briefing_use: { zh: '简报采用', en: 'Used in a briefing' },
  upper_adoption: { zh: '上级采用', en: 'Adopted by an upper level' },
  recommendation: { zh: '推介', en: 'Recommended as a model' },
  media: { zh: '媒体刊发', en: 'Published by media' },
  broadcast: { zh: '展播', en: 'Broadcast' },
  award_work: { zh: '作品获奖', en: 'Award for the work' },
  award_person: { zh: '个人获奖', en: 'Award for a person' },
};
export const MODE_LABELS: Record<BriefingMode, { zh: string; en: string }> = {
  standalone: { zh: '单独刊发', en: 'Standalone issue' },
  comprehensive: { zh: '综合采用', en: 'In a comprehensive issue' },
};
export const AWARD_LEVEL_LABELS: Record<AwardLevel, { zh: string; en: string }> = {
  national: { zh: '国家级', en: 'National' },
  regional: { zh: '省（自治区）级', en: 'Regional' },
  city: { zh: '市级', en: 'City' },
};
export const SCOPE_LABELS: Record<BroadcastScope, { zh: string; en: string }> = {
  national: { zh: '国家级平台', en: 'National platform' },
  regional: { zh: '省（自治区）级平台', en: 'Regional platform' },
};
export const TIER_LABELS: Record<OutletTier, { zh: string; en: string }> = {
  central: { zh: '中央级', en: 'Central' },
  provincial: { zh: '省级', en: 'Provincial' },
  city: { zh: '市级', en: 'City' },
  county: { zh: '县级', en: 'County' },
};

export type Level = { code: string; nameZh: string; nameEn: string; rank: number; active: boolean; builtin: boolean };
/** The upper levels every organisation starts with (seed 001: 所队 → 旗局 → 市局 → 厅, and the ministry). */
export const DEFAULT_LEVELS: readonly Level[] = [
  { code: 'county', nameZh: '旗县局', nameEn: 'County bureau', rank: 1, active: true, builtin: true },
  { code: 'city', nameZh: '市局', nameEn: 'City bureau', rank: 2, active: true, builtin: true },
  { code: 'province', nameZh: '厅', nameEn: 'Provincial department', rank: 3, active: true, builtin: true },
  { code: 'ministry', nameZh: '部', nameEn: 'Ministry', rank: 4, active: true, builtin: true },
];

/** The organisation's levels: the defaults overridden by its rows, then its own, by rank. */
export function effectiveLevels(rows: readonly Omit<Level, 'builtin'>[]): Level[] {
  const byCode = new Map<string, Level>(DEFAULT_LEVELS.map((l) => [l.code, { ...l }]));
  for (const r of rows) byCode.set(r.code, { ...r, builtin: DEFAULT_LEVELS.some((d) => d.code === r.code) });
  return [...byCode.values()].sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code));
}

/** The qualifying channels of a central main medium (seed 001: 主网首页, 客户端"推荐""热点""要文"). */
const CENTRAL_CHANNELS = [
  { name: '主网首页', qualifies: true },
  { name: '客户端推荐', qualifies: true },
  { name: '客户端热点', qualifies: true },
  { name: '客户端要文', qualifies: true },
  { name: '其他栏目', qualifies: false },
];
export type BuiltinOutlet = { key: string; name: string; aliases: string[]; channels: { name: string; qualifies: boolean }[] };
/** The seven central main media (中央主要媒体, seed 001), built into every deployment. */
export const CENTRAL_MAIN_MEDIA: readonly BuiltinOutlet[] = [
  { key: 'peoples_daily', name: '人民日报', aliases: ['人民网', '人民日报客户端', "People's Daily"], channels: CENTRAL_CHANNELS },
  { key: 'xinhua', name: '新华社', aliases: ['新华网', '新华社客户端', 'Xinhua'], channels: CENTRAL_CHANNELS },
  { key: 'qiushi', name: '求是', aliases: ['求是网', 'Qiushi'], channels: CENTRAL_CHANNELS },
  { key: 'cmg', name: '央视总台', aliases: ['中央广播电视总台', '央视', '央视新闻', 'CCTV', 'CMG'], channels: CENTRAL_CHANNELS },
  { key: 'guangming', name: '光明日报', aliases: ['光明网', 'Guangming Daily'], channels: CENTRAL_CHANNELS },
  { key: 'economic_daily', name: '经济日报', aliases: ['中国经济网', 'Economic Daily'], channels: CENTRAL_CHANNELS },
  { key: 'xuexi', name: '学习强国', aliases: ['学习强国平台', 'Xuexi Qiangguo'], channels: CENTRAL_CHANNELS },
];

/** Text for comparing: NFKC (full-width to half-width), white space collapsed, lower case. */
export function normText(s: string | null | undefined): string {
  return (s ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Query parameters that only say where a click came from, never which page it is. */
const TRACKING = /^(utm_.*|spm|from|fromsource|share.*|isappinstalled|scene|clicktime|enterid|wfr|timestamp|ts|src|source|ref|chksm|sessionid|pass_ticket|mpshare|srcid|sharer_.*|subscene|ascene|devicetype|version|nettype|lang|exportkey|wx_header|abt|poc_token)$/i;
/** WeChat articles: the page is named by these parameters alone. */
const WEIXIN_KEEP = new Set(['__biz', 'mid', 'idx', 'sn']);

/**
 * One spelling per web page, so the same article recorded twice is caught: scheme, `www.`, default
 * port, fragment, tracking parameters, parameter order, a trailing slash and letter case of the host
 * do not matter; full-width characters are read as their half-width forms. Returns null for text that
 * is not an http(s) address.
 */
export function normalizeUrl(raw: string): string | null {
  const text = raw.normalize('NFKC').trim();
  if (!text) return null;
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  // No host without a dot (localhost), no credentials (also what `mailto:a@b.cn` reads as once prefixed).
  if (!u.hostname.includes('.') || u.username || u.password) return null;
  const host = u.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  const weixin = host === 'mp.weixin.qq.com';
  const params = [...u.searchParams.entries()]
    .filter(([k]) => (weixin ? WEIXIN_KEEP.has(k) : !TRACKING.test(k)))
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  let pathname = u.pathname;
  try {
    pathname = encodeURI(decodeURI(pathname));
  } catch {
    /* keep as written when it does not decode */
  }
  pathname = pathname.replace(/\/+$/, '') || '';
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const port = u.port && !['80', '443'].includes(u.port) ? `:${u.port}` : '';
  return `${host}${port}${pathname}${query}`;
}

/** The fields of a use that say which use it is. */
export type UseKeyFields = {
  kind: RecordKind;
  briefingId?: string | null;
  briefingLabel?: string | null;
  level?: string | null;
  outletId?: string | null;
  url?: string | null;
  usedOn: string;
  columnName?: string | null;
  platform?: string | null;
  scope?: string | null;
  awardName?: string | null;
  personId?: string | null;
  personName?: string | null;
};

/**
 * Which use a record is, as one string: the same outlet and page (or, without an address, the same
 * outlet, date and column), the same upper level, the same award, the same platform, the same briefing.
 */
export function dedupeKeyOf(f: UseKeyFields): string {
  switch (f.kind) {
    case 'briefing_use':
      return `briefing:${f.briefingId ?? `label:${normText(f.briefingLabel)}`}`;
    case 'upper_adoption':
      return `upper:${f.level}`;
    case 'recommendation':
      return `recommend:${f.level}`;
    case 'media': {
      const url = f.url ? normalizeUrl(f.url) : null;
      return url ? `media:${f.outletId}:${url}` : `media:${f.outletId}:${f.usedOn}:${normText(f.columnName)}`;
    }
    case 'broadcast':
      return `broadcast:${f.scope}:${normText(f.platform)}`;
    case 'award_work':
      return `award:${f.level}:${normText(f.awardName)}`;
    case 'award_person':
      return `award_person:${f.personId ?? `name:${normText(f.personName)}`}:${f.level}:${normText(f.awardName)}`;
  }
}

/** The work a ledger row without an item stands for: its unit and its title. */
export function ledgerWorkKey(unitId: string, title: string): string {
  return `ledger:${unitId}:${normText(title)}`;
}

/** A calendar date YYYY-MM-DD that exists (2024-02-30 does not). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1949 && dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Today's date in a time zone, as YYYY-MM-DD. */
export function todayIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
