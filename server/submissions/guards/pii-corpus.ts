/**
 * Synthetic, labelled corpus for the personal-data check (tests and bench/personal-data.bench.ts).
 *
 * Deterministic from a seed: official-style Chinese documents (notices, case briefings, contact
 * blocks like the seeds') with embedded personal data — valid resident IDs (18 and 15 digits),
 * mobiles in several writings, landlines, Luhn-valid bank cards, e-mails, plates, credit codes,
 * protected names — some rendered with full-width digits and letters; and decoys that must NOT be
 * flagged: document numbers 〔2018〕4号, dates, amounts, counts, IDs with a wrong check digit or an
 * impossible date, non-Luhn 16–19 digit numbers, valid IDs inside longer digit runs, plate-like
 * words (京A级景区), invalid credit codes, names that are not on the protected list.
 *
 * Labels are exact spans into the document text (UTF-16), so a detector is scored by exact match
 * of kind, start and end.
 *
 * Three families (`generateCorpus({ family })`), each scored on its own so that precision and recall
 * are known separately for what a checksum can confirm and for what it cannot:
 * - `valid`: well-formed values (the default; the decoys above are its negatives).
 * - `malformed`: a number right after a label (联系电话, 电话, 手机, 身份证号, 卡号, 银行账号, 车牌, 号牌…)
 *   that does not validate — a 10- or 12-digit "mobile", an ID with a wrong check digit, an impossible
 *   date or a digit too few, a card number failing Luhn, a plate with a letter too few. Such a value is
 *   still someone's personal data (mistyped), so it is a positive. Its kind is the label's: 身份证 →
 *   resident_id, 卡号/账号 → bank_card, 车牌/号牌 → licence_plate; after 电话/手机 a number starting
 *   with 1 is a mobile, any other a landline. The span is the value (digits, the separators between
 *   them and a trailing X), not the label.
 * - `disguised`: valid values written to slip past a matcher — digits grouped with dots, Chinese
 *   commas (、，) or one space per digit, Chinese numerals (一三九…, 幺 for 1, 〇/零 for 0), "at"/"dot"
 *   e-mails, lower-case plates. The span runs from the value's first to its last character.
 * All families share the decoys (negatives): document numbers 〔2024〕12号, dates in several writings,
 * money, statistics lists joined by 、, service numbers (12389, 95588) and 400/800 numbers in adverts
 * right after 电话, which are not personal data.
 *
 * These cases were written from the issue's description of what people type, before the detector
 * learnt about them; nothing here calls the detector.
 */
import {
  creditCodeCheckChar, luhnValid, PERSONAL_DATA_KINDS, residentIdCheckChar, RESIDENT_ID_PROVINCE_CODES,
  type PersonalDataKind,
} from './personal-data';

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  digits(n: number): string;
}

/** mulberry32: small, fast, good enough for test data, identical on every platform. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
    digits: (n: number) => {
      let s = '';
      for (let k = 0; k < n; k++) s += String(int(0, 9));
      return s;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Value makers
// ---------------------------------------------------------------------------------------------

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const DAYS_IN_MONTH = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

function areaCode(rng: Rng): string {
  return rng.pick(RESIDENT_ID_PROVINCE_CODES) + pad(rng.int(1, 20), 2) + pad(rng.int(1, 30), 2);
}

function birthDate(rng: Rng, fromYear: number, toYear: number): string {
  const y = rng.int(fromYear, toYear);
  const m = rng.int(1, 12);
  return `${y}${pad(m, 2)}${pad(rng.int(1, DAYS_IN_MONTH(y, m)), 2)}`;
}

/** Valid 18-digit resident ID (born 1930–2015). */
export function makeResidentId(rng: Rng): string {
  const first17 = areaCode(rng) + birthDate(rng, 1930, 2015) + rng.digits(3);
  return first17 + residentIdCheckChar(first17);
}

/** Well-formed 18-digit ID whose check character is wrong. */
export function makeResidentIdBadCheck(rng: Rng): string {
  const id = makeResidentId(rng);
  const wrong = '0123456789X'.replace(id[17] as string, '');
  return id.slice(0, 17) + rng.pick(wrong.split(''));
}

/** 18-digit ID with an impossible birth date (e.g. 0230, 1315) but a correct check character. */
export function makeResidentIdBadDate(rng: Rng): string {
  const y = rng.int(1950, 2010);
  const [m, d] = rng.pick([[2, 30], [2, 31], [4, 31], [13, 1], [0, 12], [6, 0], [11, 31]] as const);
  const first17 = areaCode(rng) + `${y}${pad(m, 2)}${pad(d, 2)}` + rng.digits(3);
  return first17 + residentIdCheckChar(first17);
}

/** Valid old 15-digit ID (born 1930–1999). */
export function makeResidentId15(rng: Rng): string {
  return areaCode(rng) + birthDate(rng, 1930, 1999).slice(2) + rng.digits(3);
}

export function makeMobile(rng: Rng): string {
  return `1${rng.int(3, 9)}${rng.digits(9)}`;
}

export function makeLandline(rng: Rng): { area: string; number: string } {
  if (rng.chance(0.3)) return { area: rng.pick(['010', '021', '022', '023', '024', '027', '029']), number: String(rng.int(2, 8)) + rng.digits(7) };
  const area = rng.pick(['0477', '0435', '0471', '0431', '0551', '0731', '0871', '0951', '0755', '0571']);
  return { area, number: String(rng.int(2, 8)) + rng.digits(rng.chance(0.6) ? 6 : 7) };
}

export function luhnCheckDigit(payload: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(payload + d)) return String(d);
  throw new Error('unreachable: one Luhn digit always fits');
}

/** Luhn-valid card number of the given length (UnionPay 62…, sometimes 4…/9558…). */
export function makeBankCard(rng: Rng, length: 16 | 17 | 19 = 19): string {
  const prefix = rng.pick(['622202', '622848', '621700', '622588', '623058', '436742', '955880']);
  const payload = prefix + rng.digits(length - 1 - prefix.length);
  return payload + luhnCheckDigit(payload);
}

/** Digit string of the given length that fails Luhn (and is not shaped like a resident ID). */
export function makeNonLuhnNumber(rng: Rng, length: number): string {
  const payload = String(rng.int(1, 9)) + rng.digits(length - 2);
  const good = Number(luhnCheckDigit(payload));
  return payload + String((good + rng.int(1, 9)) % 10);
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Valid unified social credit code; the organisation part usually contains letters. */
export function makeCreditCode(rng: Rng, allDigits = false): string {
  const authority = rng.pick(['91', '92', '93', '11', '12', '51', '52', '53']);
  let org = '';
  for (let k = 0; k < 9; k++) org += allDigits ? rng.digits(1) : (k < 2 && rng.chance(0.6) ? rng.pick(['M', 'A', 'L', 'K', 'C', 'E']) : rng.pick(CREDIT_CHARS.split('')));
  const first17 = authority + rng.pick(RESIDENT_ID_PROVINCE_CODES) + rng.digits(4) + org;
  const code = first17 + (creditCodeCheckChar(first17) as string);
  // all-digit codes are reported only with context; keep the two families apart
  if (allDigits ? /\D/.test(code) : /^\d{17}/.test(code)) return makeCreditCode(rng, allDigits);
  return code;
}

export function makeCreditCodeBadCheck(rng: Rng): string {
  let code = makeCreditCode(rng);
  while (!/[A-Z]/.test(code.slice(0, 17))) code = makeCreditCode(rng);
  const wrong = CREDIT_CHARS.replace(code[17] as string, '');
  return code.slice(0, 17) + rng.pick(wrong.split(''));
}

const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export function makePlate(rng: Rng): string {
  const head = rng.pick(PLATE_PROVINCES.split('')) + rng.pick(PLATE_LETTERS.split(''));
  if (rng.chance(0.25)) return head + rng.pick(['D', 'F']) + rng.pick(PLATE_LETTERS.split('')) + rng.digits(4); // new energy
  const letterAt = rng.chance(0.4) ? rng.int(0, 4) : -1;
  let body = '';
  for (let k = 0; k < 5; k++) body += k === letterAt ? rng.pick(PLATE_LETTERS.split('')) : rng.digits(1);
  return head + body;
}

export function makeEmail(rng: Rng): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let local = '';
  for (let k = rng.int(4, 10); k > 0; k--) local += rng.pick(letters.split(''));
  if (rng.chance(0.3)) local += rng.digits(rng.int(2, 4));
  if (rng.chance(0.2)) local = `${local.slice(0, 3)}.${local.slice(3)}`;
  return `${local}@${rng.pick(['163.com', '126.com', 'qq.com', 'sina.com', 'gov.cn', 'tl.gov.cn', 'mps.gov.cn'])}`;
}

// Given-name characters never used in the templates below, so a protected name occurs only where
// it is inserted.
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔汤';
const GIVEN = '骁昊婷钰泓菁琨瑶翊嵘芮曦璐珂娴彧晗琦璇皓煜祺霖奕桐妍琛瑜蕾淼熠珺瑾璟';

export function makePersonName(rng: Rng): string {
  let name = rng.pick(SURNAMES.split(''));
  for (let k = rng.chance(0.6) ? 2 : 1; k > 0; k--) name += rng.pick(GIVEN.split(''));
  return name;
}

/** ASCII → full-width (digits, letters, @ . - + ( ) :). */
export function toFullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

export type CorpusFamily = 'valid' | 'malformed' | 'disguised';
export const CORPUS_FAMILIES: readonly CorpusFamily[] = ['valid', 'malformed', 'disguised'];

export interface CorpusLabel {
  kind: PersonalDataKind;
  start: number;
  end: number;
  text: string;
}

export interface CorpusDoc {
  id: string;
  text: string;
  labels: CorpusLabel[];
  protectedNames: string[];
}

class DocBuilder {
  text = '';
  labels: CorpusLabel[] = [];
  add(s: string): this {
    this.text += s;
    return this;
  }
  pii(kind: PersonalDataKind, s: string): this {
    this.labels.push({ kind, start: this.text.length, end: this.text.length + s.length, text: s });
    this.text += s;
    return this;
  }
}

type Piece = (b: DocBuilder, ctx: DocContext) => void;

interface DocContext {
  rng: Rng;
  unit: string;
  names: string[];
  others: string[];
  /** render ASCII digits/letters full-width with this probability */
  fw: number;
}

const UNITS = ['二道江区扫黑办', '通化市公安局', '城关派出所', '县委宣传部', 'xx区政法委', '旗公安局新闻中心', '市场监督管理局', '区纪委监委'];
const FILLER = [
  '为进一步做好全区扫黑除恶专项斗争信息报送工作，根据上级有关要求，现将有关情况报告如下。',
  '各成员单位要按照方案确定的任务和要求，认真做好信息简报报送工作。',
  '信息简报是纵向沟通情况、指导工作，横向交流经验、以点带面的重要渠道和媒介。',
  '坚持问题导向，及时、准确、高效反映各成员单位进展情况，为区委、区政府决策提供参考。',
  '充分利用区属融媒体中心“两台一刊”“两微一端”、政府门户网站等平台，广泛开设专题专栏。',
  '及时召开舆论宣传工作会议对全区舆论宣传工作进行安排部署，确保各项任务落细落实。',
  '构建舆情监测网络体系，整合专业监测软件、人工巡查队伍及社会舆情观察员力量。',
  '针对热点舆情事件，及时发布权威信息，回应社会关切，引导公众理性看待问题。',
  '报送宣传报道线索须经各成员单位主管领导审核批准，并附简要情况说明。',
  '区扫黑办通过联络员微信群与各成员单位进行沟通联系，发布不涉密通知。',
  '对信息采用情况实行积分制考核，每月通报一次各成员单位信息报送采用情况。',
  '推动全面从严治党向纵深发展，营造风清气正的良好政治生态。',
  '通过深入报道案例详情、处理结果及社会影响，对相关责任人员形成强大舆论压力。',
  '要严格落实保密规定，案件细节未经批准不得对外发布。',
];

const digitsish = (ctx: DocContext, s: string): string => (ctx.rng.chance(ctx.fw) ? toFullWidth(s) : s);
const name = (ctx: DocContext): string => ctx.rng.pick(ctx.names);
const other = (ctx: DocContext): string => ctx.rng.pick(ctx.others);
const date = (rng: Rng): string => `${rng.int(2016, 2024)}年${rng.int(1, 12)}月${rng.int(1, 28)}日`;

function mobileText(ctx: DocContext): string {
  const m = makeMobile(ctx.rng);
  const style = ctx.rng.int(0, 5);
  const s = style === 1 ? `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`
    : style === 2 ? `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`
      : style === 3 ? `+86 ${m}`
        : style === 4 ? `0086${m}`
          : m;
  return digitsish(ctx, s);
}

function cardText(ctx: DocContext): string {
  const c = makeBankCard(ctx.rng, ctx.rng.pick([16, 19, 19] as const));
  return digitsish(ctx, ctx.rng.chance(0.35) ? c.replace(/(\d{4})(?=\d)/g, '$1 ') : c);
}

// Sentences that carry personal data.
const PII: Piece[] = [
  (b, c) => b.add(`${date(c.rng)}，${c.unit}接到群众`).pii('protected_name', name(c)).add('（身份证号：')
    .pii('resident_id', digitsish(c, makeResidentId(c.rng))).add('）实名举报，反映有关问题。'),
  (b, c) => b.add('举报人').pii('protected_name', name(c)).add('，联系电话').pii('mobile', mobileText(c)).add('，要求对其身份严格保密。'),
  (b, c) => b.add('经核查，涉事车辆号牌为').pii('licence_plate', digitsish(c, makePlate(c.rng))).add('，登记在')
    .pii('protected_name', name(c)).add('名下。'),
  (b, c) => b.add(`涉案资金经${c.rng.pick(['中国农业银行', '中国工商银行', '农村信用社'])}银行卡号`).pii('bank_card', cardText(c)).add('转出。'),
  (b, c) => b.add('收款账号：').pii('bank_card', cardText(c)).add('，户名').pii('protected_name', name(c)).add('。'),
  (b, c) => b.add('资金流向明细显示，该笔款项最终流入尾部编码为').pii('bank_card', cardText(c)).add('的结算介质。'),
  (b, c) => b.add('涉事企业（统一社会信用代码：').pii('credit_code', digitsish(c, makeCreditCode(c.rng, c.rng.chance(0.2)))).add('）已被责令整改。'),
  (b, c) => b.add(`该公司营业执照注册号${c.rng.pick(['为', '：'])}`).pii('credit_code', makeCreditCode(c.rng)).add('，法定代表人为').add(other(c)).add('。'),
  (b, c) => {
    const { area, number } = makeLandline(c.rng);
    const style = c.rng.int(0, 3);
    const s = style === 0 ? `${area}-${number}` : style === 1 ? `（${area}）${number}` : style === 2 ? `(${area})${number}` : `${area} ${number}`;
    b.add(c.rng.pick(['值班电话：', '联系方式 ', '办公室'])).pii('landline', digitsish(c, s)).add('。');
  },
  (b, c) => b.add('    联系人:').pii('protected_name', name(c).split('').join(c.rng.pick(['', '  ', '　']))).add('          联系电话:')
    .pii('landline', digitsish(c, String(c.rng.int(2, 8)) + c.rng.digits(6))).add('(传真)\n'),
  (b, c) => b.add(c.rng.pick(['电子邮箱：', '来稿请发送至', '邮箱'])).pii('email', c.rng.chance(c.fw) ? toFullWidth(makeEmail(c.rng)) : makeEmail(c.rng))
    .add(c.rng.pick(['\n', '。', '，逾期不再受理。'])),
  (b, c) => b.add('当事人').pii('protected_name', name(c)).add('原身份证号').pii('resident_id_15', digitsish(c, makeResidentId15(c.rng)))
    .add('，现已换领新证。'),
  (b, c) => b.add('经查，').pii('protected_name', name(c)).add('（公民身份号码').pii('resident_id', makeResidentId(c.rng).replace(/X$/, 'x'))
    .add('）系该案关键证人，手机号码 ').pii('mobile', mobileText(c)).add('。'),
  (b, c) => b.add('座机号码').pii('landline', digitsish(c, String(c.rng.int(2, 8)) + c.rng.digits(c.rng.chance(0.5) ? 6 : 7))).add('，工作日办公。'),
];

// Sentences with numbers that are NOT personal data.
const DECOYS: Piece[] = [
  (b, c) => b.add(`${c.rng.pick(['通二区扫黑办发', '市公安局发', '县委宣发'])}〔${c.rng.int(2015, 2024)}〕${c.rng.int(1, 120)}号\n`),
  (b, c) => b.add(`截至${date(c.rng)}，共编发简报${c.rng.int(10, 99)}期，刊发稿件${c.rng.int(100, 999)}篇，累计阅读量${c.rng.int(1000000, 9999999)}次。`),
  (b, c) => b.add(`涉案金额${c.rng.int(100000, 99999999)}.${c.rng.digits(2)}元，追缴违法所得${c.rng.int(10, 999)},${c.rng.digits(3)},${c.rng.digits(3)}元。`),
  (b, c) => b.add('系统导出的号码').add(makeResidentIdBadDate(c.rng)).add('出生日期不存在，已退回补正。'),
  (b, c) => b.add(`案件编号${makeNonLuhnNumber(c.rng, c.rng.pick([16, 17, 19]))}，卷宗编号${makeNonLuhnNumber(c.rng, 16)}。`),
  (b, c) => b.add(`物流单号${c.rng.int(10, 99)}${makeResidentId(c.rng).replace(/X$/, '7')}已签收。`),
  (b, c) => b.add(`批次号${makeMobile(c.rng)}${c.rng.digits(3)}、流水号${c.rng.int(10, 12)}${c.rng.digits(9)}。`),
  (b, c) => b.add(`全市${c.rng.int(3, 9)}个${c.rng.pick(['京A级', '苏A类', '浙江省A级'])}景区接待游客${c.rng.int(1000000, 9999999)}人次。`),
  (b, c) => b.add(`某公司登记代码${makeCreditCodeBadCheck(c.rng)}与登记机关记录不符。`),
  (b, c) => b.add(`举报电话${c.rng.pick(['12389', '12345', '110', '12388'])}全天开通，${date(c.rng)}召开电话会议${c.rng.int(2, 9)}次。`),
  (b, c) => b.add(`宣传科科长${other(c)}带队，于${c.rng.int(2016, 2024)}-${pad(c.rng.int(1, 12), 2)}-${pad(c.rng.int(1, 28), 2)} ${pad(c.rng.int(8, 18), 2)}:${pad(c.rng.int(0, 59), 2)}赴现场。`),
  (b, c) => b.add(`本年度共处置舆情${c.rng.int(10, 500)}起，办结率${c.rng.int(90, 99)}.${c.rng.int(0, 9)}%，较上年增长${c.rng.int(1, 30)}%。`),
  (b, c) => b.add(`专项资金${c.rng.int(1000000, 9999999)}元已拨付到位。`),
  // Added with the malformed and disguised families: numbers that look like the new shapes but are not
  // personal data.
  (b, c) => b.add(`根据《${c.rng.pick(['公通字', '宣发', '政办发', '扫黑办'])}〔${c.rng.int(2015, 2026)}〕${c.rng.int(1, 200)}号》文件要求，`),
  (b, c) => b.add(`${c.rng.pick(['会议于', '截至', '自'])}${c.rng.int(2016, 2026)}.${pad(c.rng.int(1, 12), 2)}.${pad(c.rng.int(1, 28), 2)}${c.rng.pick(['召开。', '起施行。', '，'])}`),
  (b, c) => b.add(`于${c.rng.pick(['二〇二四', '二〇二三', '二〇一九'])}年${c.rng.pick(['一', '三', '五', '十', '十二'])}月${c.rng.pick(['一', '八', '十五', '二十', '三十'])}日印发。`),
  (b, c) => b.add(`全年各类案件分别为${c.rng.int(10, 999)}、${c.rng.int(10, 999)}、${c.rng.int(10, 999)}起，同比下降${c.rng.int(1, 30)}.${c.rng.int(0, 9)}%。`),
  (b, c) => b.add(`发放奖金人民币${c.rng.int(1, 999)},${c.rng.digits(3)}.${c.rng.digits(2)}元，人均${c.rng.int(100, 9999)}.${c.rng.digits(2)}元。`),
  (b, c) => b.add(`（广告）${c.rng.pick(['客服电话', '服务电话', '全国统一服务热线', '订购电话：'])}${c.rng.pick(['400', '800'])}-${c.rng.digits(3)}-${c.rng.digits(4)}。`),
  (b, c) => b.add(`${c.rng.pick(['举报电话', '服务电话', '热线电话：'])}${c.rng.pick(['12389', '12345', '95588', '96110', '110'])}，`),
  (b, c) => b.add(`第${c.rng.pick(['一', '二', '三'])}、${c.rng.pick(['四', '五', '六'])}、${c.rng.pick(['七', '八', '九'])}项工作已完成。`),
];

// Labelled but malformed values (family `malformed`): still someone's data, mistyped.
function malformedMobile(rng: Rng): string {
  const m = makeMobile(rng);
  return rng.pick([
    () => m.slice(0, 10), // a digit missing
    () => m + rng.digits(1), // a digit too many
    () => `1${rng.pick(['0', '1', '2'])}${m.slice(2)}`, // no such mobile prefix
  ])();
}

function malformedLandline(rng: Rng): string {
  const { area, number } = makeLandline(rng);
  return rng.pick([() => `${area}-${number.slice(0, 5)}`, () => `${area}${number}${rng.digits(2)}`, () => `${area}-${number}${rng.digits(1)}`])();
}

function malformedId(rng: Rng): string {
  return rng.pick([
    () => makeResidentIdBadCheck(rng),
    () => makeResidentIdBadDate(rng),
    () => makeResidentId(rng).slice(0, 17), // a digit too few
    () => `${makeResidentId(rng).slice(0, 17)}${rng.digits(2)}`, // a digit too many
  ])();
}

function malformedPlate(rng: Rng): string {
  const p = makePlate(rng);
  return rng.pick([() => p.slice(0, 6), () => `${p.slice(0, 2)}${p.slice(2).replace(/\d/, 'I')}`, () => `${p}${rng.digits(2)}`])();
}

const MALFORMED: Piece[] = [
  (b, c) => b.add(`举报人${c.rng.pick(['联系电话', '电话', '联系电话：', '电话：'])}`).pii('mobile', malformedMobile(c.rng)).add('，要求保密。'),
  (b, c) => b.add(c.rng.pick(['手机', '手机号', '手机号码：', '手机：'])).pii('mobile', malformedMobile(c.rng)).add(c.rng.pick(['。', '，请核实。', '\n'])),
  (b, c) => b.add(c.rng.pick(['办公电话：', '联系电话', '电话 '])).pii('landline', malformedLandline(c.rng)).add('。'),
  (b, c) => b.add(`${c.rng.pick(['登记表中身份证号', '身份证号：', '身份证号码', '公民身份号码'])}`).pii('resident_id', malformedId(c.rng)).add(c.rng.pick(['校验有误，经核实系录入错误。', '。', '，已退回补正。'])),
  (b, c) => b.add(c.rng.pick(['银行卡号', '卡号：', '银行账号', '收款账号：'])).pii('bank_card', makeNonLuhnNumber(c.rng, c.rng.pick([12, 16, 17, 19]))).add(c.rng.pick(['经核对并非有效卡号。', '。', '，户名不详。'])),
  (b, c) => b.add(c.rng.pick(['涉事车辆车牌', '号牌为', '车牌号：', '号牌号码'])).pii('licence_plate', malformedPlate(c.rng)).add('，登记信息待核。'),
];

// Valid values in disguise (family `disguised`).
const ZH_DIGITS = '〇一二三四五六七八九';
function chineseNumerals(rng: Rng, digits: string): string {
  return Array.from(digits, (d) => (d === '1' && rng.chance(0.4) ? '幺' : d === '0' && rng.chance(0.5) ? '零' : ZH_DIGITS[Number(d)]!)).join('');
}
function grouped(digits: string, sizes: number[], sep: string): string {
  const out: string[] = [];
  let k = 0;
  for (const n of sizes) {
    out.push(digits.slice(k, k + n));
    k += n;
  }
  if (k < digits.length) out.push(digits.slice(k));
  return out.join(sep);
}

function disguisedMobile(rng: Rng): string {
  const m = makeMobile(rng);
  return rng.pick([
    () => grouped(m, [3, 4, 4], '.'),
    () => grouped(m, [3, 4, 4], '、'),
    () => grouped(m, [3, 4, 4], '，'),
    () => grouped(m, [3, 4, 4], ' - '),
    () => grouped(m, [4, 3, 4], '-'),
    () => m.split('').join(' '),
    () => chineseNumerals(rng, m),
    () => grouped(chineseNumerals(rng, m), [3, 4, 4], ' '),
  ])();
}

function disguisedEmail(rng: Rng): string {
  const e = makeEmail(rng);
  const [local, domain] = e.split('@') as [string, string];
  return rng.pick([
    () => `${local} at ${domain.replace(/\./g, ' dot ')}`,
    () => `${local}[at]${domain}`,
    () => `${local}(at)${domain.replace(/\./g, '(dot)')}`,
    () => `${local} AT ${domain}`,
    () => `${local}（at）${domain}`,
  ])();
}

function makeResidentIdWithoutX(rng: Rng): string {
  for (;;) {
    const id = makeResidentId(rng);
    if (!id.endsWith('X')) return id;
  }
}

const DISGUISED: Piece[] = [
  (b, c) => b.add(`举报人${c.rng.pick(['联系电话', '电话', '手机', '称其号码为', '留下号码'])}`).pii('mobile', disguisedMobile(c.rng)).add(c.rng.pick(['，要求保密。', '。', '（微信同号）。'])),
  (b, c) => b.add('当事人身份证号').pii('resident_id', c.rng.pick([
    (id: string) => grouped(id, [4, 4, 4, 4], ' '),
    (id: string) => grouped(id, [6, 4, 4, 4], '.'),
    (id: string) => grouped(id, [6, 8, 4], '、'),
  ])(makeResidentIdWithoutX(c.rng))).add('，已核实。'),
  (b, c) => b.add(c.rng.pick(['来稿请发送至', '邮箱：', '联系邮箱 '])).pii('email', disguisedEmail(c.rng)).add(c.rng.pick(['。', '，逾期不再受理。', '\n'])),
  (b, c) => b.add(c.rng.pick(['涉事车辆', '车牌', '号牌为'])).pii('licence_plate', (() => {
    const p = makePlate(c.rng);
    return p.slice(0, 1) + p.slice(1).toLowerCase();
  })()).add('，已依法扣押。'),
  (b, c) => b.add('银行卡号').pii('bank_card', grouped(makeBankCard(c.rng, 19), [4, 4, 4, 4], c.rng.pick(['.', '、']))).add('已冻结。'),
];

const FAMILY_PIECES: Record<CorpusFamily, Piece[]> = { valid: PII, malformed: MALFORMED, disguised: DISGUISED };

function buildDoc(rng: Rng, index: number, family: CorpusFamily): CorpusDoc {
  const names: string[] = [];
  while (names.length < rng.int(1, 3)) {
    const n = makePersonName(rng);
    if (!names.some((m) => m.includes(n) || n.includes(m))) names.push(n);
  }
  const others: string[] = [];
  while (others.length < 2) {
    const n = makePersonName(rng);
    if (!names.some((m) => m.includes(n) || n.includes(m))) others.push(n);
  }
  const ctx: DocContext = { rng, unit: rng.pick(UNITS), names, others, fw: rng.chance(0.2) ? 0.6 : 0.08 };
  const b = new DocBuilder();
  rng.pick(DECOYS.slice(0, 1))(b, ctx);
  b.add(`\n关于${ctx.unit}${rng.pick(['信访举报线索', '专项斗争进展', '宣传报道线索', '舆情处置'])}情况的报告\n\n`);
  const paragraphs = rng.int(4, 9);
  for (let p = 0; p < paragraphs; p++) {
    b.add(rng.chance(0.5) ? '　　' : '    ');
    for (let k = rng.int(2, 5); k > 0; k--) {
      const r = rng.next();
      if (r < 0.4) rng.pick(FILLER.map((f): Piece => (bb) => bb.add(f)))(b, ctx);
      else if (r < 0.7) rng.pick(FAMILY_PIECES[family])(b, ctx);
      else rng.pick(DECOYS)(b, ctx);
    }
    b.add('\n');
  }
  b.add(`\n${ctx.unit}\n${date(rng)}\n`);
  return { id: `doc-${index}`, text: b.text, labels: b.labels, protectedNames: names };
}

/**
 * `count` documents, identical for the same seed. A document carries personal data of its family only
 * (plus the shared decoys), so each family's precision and recall are measured on its own documents.
 */
export function generateCorpus(opts: { seed: number; count: number; family?: CorpusFamily }): CorpusDoc[] {
  const rng = createRng(opts.seed);
  const family = opts.family ?? 'valid';
  return Array.from({ length: opts.count }, (_, i) => buildDoc(rng, i, family));
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

export interface KindScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface CorpusScore {
  perKind: Record<PersonalDataKind, KindScore>;
  overall: KindScore;
  /** a few misses and false alarms, for debugging */
  examples: { doc: string; type: 'fp' | 'fn'; kind: PersonalDataKind; text: string; context: string }[];
}

export interface Detection {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

/** Exact-span scoring: a detection counts only if kind, start and end all equal a label's. */
export function scoreDetector(docs: readonly CorpusDoc[], detect: (doc: CorpusDoc) => readonly Detection[]): CorpusScore {
  const counts = Object.fromEntries(PERSONAL_DATA_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<
    PersonalDataKind, { tp: number; fp: number; fn: number }
  >;
  const examples: CorpusScore['examples'] = [];
  const ctxOf = (doc: CorpusDoc, s: number, e: number): string => doc.text.slice(Math.max(0, s - 12), e + 6);
  for (const doc of docs) {
    const want = new Map(doc.labels.map((l) => [`${l.kind}:${l.start}:${l.end}`, l]));
    const seen = new Set<string>();
    for (const d of detect(doc)) {
      const key = `${d.kind}:${d.start}:${d.end}`;
      if (want.has(key) && !seen.has(key)) {
        counts[d.kind].tp++;
        seen.add(key);
      } else {
        counts[d.kind].fp++;
        if (examples.length < 40) examples.push({ doc: doc.id, type: 'fp', kind: d.kind, text: doc.text.slice(d.start, d.end), context: ctxOf(doc, d.start, d.end) });
      }
    }
    for (const [key, l] of want) {
      if (seen.has(key)) continue;
      counts[l.kind].fn++;
      if (examples.length < 40) examples.push({ doc: doc.id, type: 'fn', kind: l.kind, text: l.text, context: ctxOf(doc, l.start, l.end) });
    }
  }
  const score = (c: { tp: number; fp: number; fn: number }): KindScore => ({
    ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn),
  });
  const total = Object.values(counts).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  return {
    perKind: Object.fromEntries(PERSONAL_DATA_KINDS.map((k) => [k, score(counts[k])])) as Record<PersonalDataKind, KindScore>,
    overall: score(total),
    examples,
  };
}
