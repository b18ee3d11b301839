import fc from 'fast-check';
import validator from 'validator';
import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckChar, findPersonalData, isValidResidentId, luhnValid, maskValue, PERSONAL_DATA_KINDS, redact,
  residentIdCheckChar, RESIDENT_ID_PROVINCE_CODES,
  type PersonalDataConfidence, type PersonalDataFinding, type PersonalDataKind,
} from './personal-data';
import { CORPUS_FAMILIES, createRng, generateCorpus, makeBankCard, scoreDetector, toFullWidth, type CorpusFamily } from './pii-corpus';

type Want = [PersonalDataKind, string, PersonalDataConfidence?];

/** Findings as [kind, match, confidence]; also checks that offsets point at the match in the original. */
function found(text: string, protectedNames?: string[]): Want[] {
  const fs = findPersonalData(text, protectedNames ? { protectedNames } : {});
  for (const f of fs) expect(text.slice(f.start, f.end)).toBe(f.match);
  return fs.map((f) => [f.kind, f.match, f.confidence]);
}

const withCheck = (first17: string): string => first17 + residentIdCheckChar(first17);

// ---- table: realistic sentences ---------------------------------------------------------------
interface Row {
  name: string;
  text: string;
  names?: string[];
  want: Want[];
}

const rows: Row[] = [
  // resident ID, 18 digits
  { name: 'ID after 身份证号, followed by a full stop', text: '身份证号110101199003074514，', want: [['resident_id', '110101199003074514', 'high']] },
  { name: 'ID with lowercase x', text: '经查，王某（公民身份号码44030419851231002x）系该案证人。', want: [['resident_id', '44030419851231002x', 'high']] },
  { name: 'ID in full-width digits', text: '身份证号：１１０１０１１９９００３０７４５１４。', want: [['resident_id', '１１０１０１１９９００３０７４５１４', 'high']] },
  { name: 'ID with full-width Ｘ', text: '身份证号44030419851231002Ｘ。', want: [['resident_id', '44030419851231002Ｘ', 'high']] },
  { name: 'ID written 6-8-4', text: '身份证号 110101 19900307 4514 已核实', want: [['resident_id', '110101 19900307 4514', 'high']] },
  { name: 'ID born 29 Feb of a leap year', text: '身份证号220502197202291030。', want: [['resident_id', '220502197202291030', 'high']] },
  // after an ID label a value that does not validate is still reported, as possible (fail closed)
  { name: 'wrong check digit after 身份证号: possible ID (not a card)', text: '身份证号110101199003074515，', want: [['resident_id', '110101199003074515', 'possible']] },
  { name: '29 Feb of a non-leap year, correct check digit: possible', text: '身份证号220502197302291038。', want: [['resident_id', '220502197302291038', 'possible']] },
  { name: '29 Feb of a non-leap year without a label: nothing', text: '编号220502197302291038。', want: [] },
  { name: 'birth year 1899: possible', text: '身份证号110101189903074510。', want: [['resident_id', '110101189903074510', 'possible']] },
  { name: 'birth year 2099 without a label: nothing', text: '序列110101209903074516。', want: [] },
  { name: 'unknown province code 99: possible', text: `身份证号${withCheck('99010119900307451')}。`, want: [['resident_id', withCheck('99010119900307451'), 'possible']] },
  { name: 'valid ID inside a 20-digit run', text: '快递单号12110101199003074514已签收', want: [] },
  { name: 'valid ID followed by another digit', text: '编号1101011990030745140', want: [] },
  { name: 'valid ID glued to letters on the right', text: '编码110101199003074514ABC', want: [] },
  { name: 'valid ID that also passes Luhn, next to 银行账号: ID wins', text: '开户银行账号：110105198806121151', want: [['resident_id', '110105198806121151', 'high']] },
  // resident ID, 15 digits
  { name: 'old 15-digit ID', text: '当事人原身份证号150102721108302，现已换领新证。', want: [['resident_id_15', '150102721108302', 'medium']] },
  { name: 'old 15-digit ID with month 13: possible', text: '原身份证号150102721308302。', want: [['resident_id_15', '150102721308302', 'possible']] },
  // mobile
  { name: 'mobile', text: '举报人联系电话13812345678，要求保密。', want: [['mobile', '13812345678', 'high']] },
  { name: 'mobile 3-4-4 with hyphens', text: '手机：138-1234-5678', want: [['mobile', '138-1234-5678', 'high']] },
  { name: 'mobile 3-4-4 with spaces', text: '手机号码 138 1234 5678；', want: [['mobile', '138 1234 5678', 'high']] },
  { name: 'mobile +86 and space', text: '境外来电+86 13812345678。', want: [['mobile', '+86 13812345678', 'high']] },
  { name: 'mobile +86 glued', text: '微信同号+8613812345678', want: [['mobile', '+8613812345678', 'high']] },
  { name: 'mobile 0086', text: '号码0086 13912345678', want: [['mobile', '0086 13912345678', 'high']] },
  { name: 'mobile 86-', text: '号码86-15012345678', want: [['mobile', '86-15012345678', 'high']] },
  { name: 'mobile in full-width digits', text: '电话：１３８１２３４５６７８', want: [['mobile', '１３８１２３４５６７８', 'high']] },
  { name: 'two mobiles separated by a space', text: '13812345678 13912345678', want: [['mobile', '13812345678', 'high'], ['mobile', '13912345678', 'high']] },
  { name: 'prefix 12 is not a mobile', text: '流水号12812345678。', want: [] },
  { name: '12 digits are not a mobile', text: '批次号138123456789。', want: [] },
  { name: 'mobile after an ASCII label', text: 'Tel13812345678', want: [['mobile', '13812345678', 'high']] },
  { name: 'digits glued to an arbitrary code are not a mobile', text: '型号AB13812345678', want: [] },
  // landline
  { name: 'landline with area code', text: '值班电话：0477-8512345。', want: [['landline', '0477-8512345', 'high']] },
  { name: 'landline (010)', text: '办公室(010)12345678', want: [['landline', '(010)12345678', 'high']] },
  { name: 'landline full-width parentheses and digits', text: '办公室（０２１）６２３４５６７８', want: [['landline', '（０２１）６２３４５６７８', 'high']] },
  { name: 'landline area code and space', text: '联系方式 010 62345678', want: [['landline', '010 62345678', 'high']] },
  { name: 'landline unseparated', text: '办公室04778512345', want: [['landline', '04778512345', 'high']] },
  { name: 'landline with extension: the number only', text: '电话0477-8512345-801', want: [['landline', '0477-8512345', 'high']] },
  { name: 'seed 003: bare number after 联系电话, before (传真)', text: '    联系人:臧  博          联系电话:3766708(传真)', want: [['landline', '3766708', 'medium']] },
  { name: 'bare number after 座机号码', text: '座机号码 82345678，工作日办公。', want: [['landline', '82345678', 'medium']] },
  { name: 'bare 7 digits without a telephone label', text: '累计阅读量3766708次。', want: [] },
  { name: '电话 not directly before the number', text: '召开电话会议，参会3766708人次。', want: [] },
  // bank card
  { name: 'card after 银行卡号', text: '涉案资金经农业银行卡号6222023602012345674转出。', want: [['bank_card', '6222023602012345674', 'high']] },
  { name: 'card in groups of four', text: '收款卡号：6228 4800 1234 5678 903', want: [['bank_card', '6228 4800 1234 5678 903', 'high']] },
  { name: 'card without context: medium', text: '款项流入尾部编码为4367420123456781的结算介质。', want: [['bank_card', '4367420123456781', 'medium']] },
  { name: 'card context in the previous sentence does not count', text: '已查询开户信息。编码4367420123456781', want: [['bank_card', '4367420123456781', 'medium']] },
  { name: 'Luhn fails after 银行卡号: possible', text: '银行卡号6222023602012345675', want: [['bank_card', '6222023602012345675', 'possible']] },
  { name: 'Luhn fails without a label: nothing', text: '编号6222023602012345675', want: [] },
  { name: '18 digits, Luhn ok, not an ID, no context', text: '编号990000000000001000', want: [] },
  { name: '18 digits, Luhn ok, not an ID, after 卡号', text: '卡号990000000000001000', want: [['bank_card', '990000000000001000', 'high']] },
  // e-mail
  { name: 'seed 003: e-mail', text: '电子邮箱：edjqshb@163.com', want: [['email', 'edjqshb@163.com', 'high']] },
  { name: 'e-mail in full-width', text: '邮箱ｅｄｊｑ＠１６３．ｃｏｍ。', want: [['email', 'ｅｄｊｑ＠１６３．ｃｏｍ', 'high']] },
  { name: 'e-mail containing a mobile: one e-mail finding', text: '请发送至13812345678@qq.com', want: [['email', '13812345678@qq.com', 'high']] },
  // licence plates
  { name: 'plate', text: '涉事车辆号牌为京A12345，登记在其名下。', want: [['licence_plate', '京A12345', 'high']] },
  { name: 'new-energy plate', text: '车牌粤BD12345', want: [['licence_plate', '粤BD12345', 'high']] },
  { name: 'plate with middle dot', text: '车牌沪A·B1234', want: [['licence_plate', '沪A·B1234', 'high']] },
  { name: 'police plate', text: '警车京A1234警', want: [['licence_plate', '京A1234警', 'high']] },
  { name: 'plate in full-width letters and digits', text: '车牌京Ａ１２３４５', want: [['licence_plate', '京Ａ１２３４５', 'high']] },
  { name: 'A-level scenic area is not a plate', text: '全市5个京A级景区、苏A类项目', want: [] },
  // credit code
  { name: 'credit code (published example)', text: '统一社会信用代码：91350100M000100Y43', want: [['credit_code', '91350100M000100Y43', 'high']] },
  { name: 'credit code without context, with letters', text: '营业执照注册号为91220502MA0Y3K7P2N。', want: [['credit_code', '91220502MA0Y3K7P2N', 'high']] },
  { name: 'credit code with wrong check character', text: '统一社会信用代码：91350100M000100Y44', want: [] },
  { name: 'all-digit credit code with context', text: '统一社会信用代码122205004123456781', want: [['credit_code', '122205004123456781', 'high']] },
  { name: 'all-digit credit code without context', text: '案卷编号122205004123456781', want: [] },
  // protected names
  { name: 'seed 003: spaced-out name and landline', text: '    联系人:臧  博          联系电话:3766708(传真)', names: ['臧博'],
    want: [['protected_name', '臧  博', 'high'], ['landline', '3766708', 'medium']] },
  { name: 'every occurrence of a name', text: '王骁昊反映，其妻李婷于当日报案。王骁昊称……', names: ['王骁昊', '李婷'],
    want: [['protected_name', '王骁昊', 'high'], ['protected_name', '李婷', 'high'], ['protected_name', '王骁昊', 'high']] },
  { name: 'longest name wins', text: '张三丰到场', names: ['张三', '张三丰'], want: [['protected_name', '张三丰', 'high']] },
  { name: 'blank names are ignored', text: '张三丰到场', names: ['', '   '], want: [] },
  { name: 'names are trimmed', text: '证人李婷', names: [' 李婷 '], want: [['protected_name', '李婷', 'high']] },
  { name: 'Latin name matches whole words only', text: 'Li Na met Lina', names: ['Lina'], want: [['protected_name', 'Lina', 'high']] },
  // decoys from the seeds
  { name: 'seed 003: document number', text: '通二区扫黑办发〔2018〕4号', want: [] },
  { name: 'dates and times', text: '2018年8月22日，2024-05-01 09:30召开会议', want: [] },
  { name: 'amounts', text: '涉案金额12345678.90元，追缴123,456,789元，办结率98.5%', want: [] },
  // fail closed: labelled but malformed (written from the issue, before the detector knew them)
  { name: '10-digit mobile after 联系电话', text: '举报人联系电话1381234567，要求保密。', want: [['mobile', '1381234567', 'possible']] },
  { name: '12-digit mobile after 手机', text: '手机：138123456789。', want: [['mobile', '138123456789', 'possible']] },
  { name: 'no such mobile prefix after 手机号', text: '手机号12812345678', want: [['mobile', '12812345678', 'possible']] },
  { name: 'short landline after 电话', text: '电话：0477-85123。', want: [['landline', '0477-85123', 'possible']] },
  { name: '17-digit ID after 身份证号码', text: '身份证号码11010119900307451，已退回。', want: [['resident_id', '11010119900307451', 'possible']] },
  { name: '19 digits after 身份证号 that pass Luhn: the label wins over a card', text: '身份证号1101011990030745146', want: [['resident_id', '1101011990030745146', 'possible']] },
  { name: 'account number failing Luhn after 银行账号', text: '银行账号1234567890123经核对', want: [['bank_card', '1234567890123', 'possible']] },
  { name: 'four-character plate after 车牌号', text: '车牌号：京A1234，登记信息待核。', want: [['licence_plate', '京A1234', 'possible']] },
  { name: 'malformed mobile in Chinese numerals after 电话', text: '电话一三八一二三四五六七', want: [['mobile', '一三八一二三四五六七', 'possible']] },
  // fail closed: valid values in disguise
  { name: 'mobile with dots', text: '举报人电话138.1234.5678，要求保密。', want: [['mobile', '138.1234.5678', 'medium']] },
  { name: 'mobile with Chinese commas', text: '手机138、1234、5678。', want: [['mobile', '138、1234、5678', 'medium']] },
  { name: 'mobile with full-width commas', text: '号码为138，1234，5678。', want: [['mobile', '138，1234，5678', 'medium']] },
  { name: 'mobile one digit per space', text: '留下号码1 3 8 1 2 3 4 5 6 7 8后离开', want: [['mobile', '1 3 8 1 2 3 4 5 6 7 8', 'medium']] },
  { name: 'mobile grouped 4-3-4', text: '联系人手机1381-234-5678', want: [['mobile', '1381-234-5678', 'medium']] },
  { name: 'mobile in Chinese numerals', text: '其号码为一三八一二三四五六七八。', want: [['mobile', '一三八一二三四五六七八', 'high']] },
  { name: 'mobile in Chinese numerals with 幺 and 零', text: '电话幺三八零二三四五六七八', want: [['mobile', '幺三八零二三四五六七八', 'high']] },
  { name: 'mobile in Chinese numerals, grouped', text: '手机 一三八 一二三四 五六七八。', want: [['mobile', '一三八 一二三四 五六七八', 'high']] },
  { name: 'ID grouped 4-4-4-4-2', text: '身份证号1101 0119 9003 0745 14，已核实。', want: [['resident_id', '1101 0119 9003 0745 14', 'medium']] },
  { name: 'ID with dots and X', text: '身份证号440304.1985.1231.002X。', want: [['resident_id', '440304.1985.1231.002X', 'medium']] },
  { name: 'card with dots after 卡号', text: '银行卡号6222.0236.0201.2345.674已冻结', want: [['bank_card', '6222.0236.0201.2345.674', 'medium']] },
  { name: 'e-mail with at and dot', text: '来稿请发送至edjqshb at 163 dot com。', want: [['email', 'edjqshb at 163 dot com', 'medium']] },
  { name: 'e-mail with [at]', text: '邮箱：edjqshb[at]163.com', want: [['email', 'edjqshb[at]163.com', 'medium']] },
  { name: 'e-mail with full-width (at)', text: '邮箱 edjq（at）mps.gov.cn。', want: [['email', 'edjq（at）mps.gov.cn', 'medium']] },
  { name: 'lower-case plate', text: '涉事车辆京a12345已扣押', want: [['licence_plate', '京a12345', 'medium']] },
  // ordinary news text stays quiet
  { name: 'document number 〔2024〕12号', text: '根据《公通字〔2024〕12号》文件要求', want: [] },
  { name: 'dotted date and Chinese-numeral date', text: '会议于2024.05.01召开，二〇二四年五月一日印发。', want: [] },
  { name: 'statistics joined by 、', text: '各类案件分别为138、234、567起，同比下降12.5%。', want: [] },
  { name: 'money with thousands separators', text: '发放奖金人民币123,456.78元，人均1234.56元。', want: [] },
  { name: '400 number after 客服电话 in an advert', text: '（广告）客服电话400-820-8820。', want: [] },
  { name: '800 number after 电话', text: '订购电话：800-810-1234', want: [] },
  { name: 'service numbers after 电话', text: '举报电话12389，服务电话95588，报警电话110，2017年7月17日开通。', want: [] },
  { name: '电话会议 with a count', text: '召开电话会议3次，参会1200人次。', want: [] },
  { name: 'list of numerals', text: '第一、四、七项工作已完成，一二三四级响应。', want: [] },
  { name: 'English at and dot in prose', text: 'We met at noon.', want: [] },
  // invisible characters and surrogate pairs (offsets must still point into the original)
  { name: 'zero-width spaces inside a mobile', text: '电话138\u200B1234\u200B5678。', want: [['mobile', '138\u200B1234\u200B5678', 'high']] },
  { name: 'mathematical bold digits', text: '电话𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖，', want: [['mobile', '𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖', 'high']] },
];

describe('findPersonalData: table', () => {
  it.each(rows)('$name', ({ text, names, want }) => {
    expect(found(text, names)).toEqual(want);
  });

  it('reports several kinds in one text, sorted by start, with offsets into the original', () => {
    const text = '举报人王骁昊（身份证号：１１０１０１１９９００３０７４５１４），手机138-1234-5678，'
      + '车牌京A12345，收款卡号6222023602012345674，邮箱edjqshb@163.com。';
    const fs = findPersonalData(text, { protectedNames: ['王骁昊'] });
    const want = ['王骁昊', '１１０１０１１９９００３０７４５１４', '138-1234-5678', '京A12345', '6222023602012345674', 'edjqshb@163.com'];
    expect(fs.map((f) => f.kind)).toEqual(['protected_name', 'resident_id', 'mobile', 'licence_plate', 'bank_card', 'email']);
    expect(fs.map((f) => [f.start, f.end])).toEqual(want.map((w) => [text.indexOf(w), text.indexOf(w) + w.length]));
  });

  it('offsets stay right when expanding characters precede the finding', () => {
    // ㍿ (1 unit) normalises to 株式会社 (4 units); ⒈ to "1."
    const text = '㍿⒈㍿手机13812345678'; // 5 units before the number
    expect(findPersonalData(text)).toEqual([
      { kind: 'mobile', start: 5, end: 16, match: '13812345678', confidence: 'high' },
    ]);
  });
});

// ---- validators -------------------------------------------------------------------------------
describe('check characters', () => {
  it('GB 11643 check character', () => {
    expect(residentIdCheckChar('11010119900307451')).toBe('4');
    expect(residentIdCheckChar('44030419851231002')).toBe('X');
    expect(validator.isIdentityCard('110101199003074514', 'zh-CN')).toBe(true);
    expect(validator.isIdentityCard('44030419851231002X', 'zh-CN')).toBe(true);
  });

  it('GB 32100 check character (mod 31)', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91350100M000100I4')).toBeNull(); // I is not in the charset
  });

  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('6222023602012345674')).toBe(true);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('41111111111111a1')).toBe(false);
  });
});

// ---- masking ----------------------------------------------------------------------------------
describe('maskValue', () => {
  const cases: [PersonalDataKind, string, string][] = [
    ['resident_id', '110101199003074514', '110101********4514'],
    ['resident_id', '44030419851231002X', '440304********002X'],
    ['resident_id', '１１０１０１１９９００３０７４５１４', '１１０１０１********４５１４'],
    ['resident_id_15', '150102721108302', '150102******302'],
    ['mobile', '13812345678', '138****5678'],
    ['mobile', '+86 138-1234-5678', '+86 138-****-5678'],
    ['mobile', '１３８１２３４５６７８', '１３８****５６７８'],
    ['landline', '0477-8512345', '0477-***2345'],
    ['landline', '(010)12345678', '(010)****5678'],
    ['landline', '3766708', '***6708'],
    ['bank_card', '6222023602012345674', '6222***********5674'],
    ['bank_card', '6228 4800 1234 5678 903', '6228 **** **** ***8 903'],
    ['email', 'edjqshb@163.com', 'e******@163.com'],
    ['licence_plate', '京A12345', '京A****5'],
    ['licence_plate', '沪A·B1234', '沪A·****4'],
    ['credit_code', '91350100M000100Y43', '913501********0Y43'],
    ['protected_name', '张三', '张*'],
    ['protected_name', '欧阳娜娜', '欧***'],
    ['protected_name', '臧  博', '臧  *'],
    // odd values never reveal more than well-formed ones
    ['mobile', '12345', '*****'],
    ['resident_id', '123', '***'],
    ['protected_name', '李', '*'],
    ['email', 'nobody', 'n*****'],
  ];
  it.each(cases)('%s %s → %s', (kind, value, masked) => {
    expect(maskValue(kind, value)).toBe(masked);
  });
});

describe('redact', () => {
  it('masks every finding in place and keeps the rest of the text', () => {
    const text = '举报人王骁昊（身份证号110101199003074514），联系电话138-1234-5678，邮箱edjqshb@163.com。';
    const out = redact(text, findPersonalData(text, { protectedNames: ['王骁昊'] }));
    expect(out).toBe('举报人王**（身份证号110101********4514），联系电话138-****-5678，邮箱e******@163.com。');
    expect(out.length).toBe(text.length);
    expect(findPersonalData(out, { protectedNames: ['王骁昊'] })).toEqual([]);
  });

  it('skips overlapping and out-of-range findings instead of corrupting the text', () => {
    const text = '手机13812345678';
    const f: PersonalDataFinding = { kind: 'mobile', start: 2, end: 13, match: '13812345678', confidence: 'high' };
    expect(redact(text, [f, { ...f, start: 5 }, { ...f, start: 20, end: 30 }])).toBe('手机138****5678');
  });
});

// ---- corpus -----------------------------------------------------------------------------------
describe('synthetic corpus', () => {
  const docs = generateCorpus({ seed: 11, count: 300 });

  it('is deterministic and labels point at their text', () => {
    expect(generateCorpus({ seed: 11, count: 300 })).toEqual(docs);
    expect(generateCorpus({ seed: 12, count: 3 })[0]?.text).not.toBe(docs[0]?.text);
    for (const d of docs) {
      for (const l of d.labels) expect(d.text.slice(l.start, l.end)).toBe(l.text);
      const sorted = [...d.labels].sort((a, b) => a.start - b.start);
      for (let k = 1; k < sorted.length; k++) expect(sorted[k]!.start).toBeGreaterThanOrEqual(sorted[k - 1]!.end);
    }
    const kinds = new Set(docs.flatMap((d) => d.labels.map((l) => l.kind)));
    expect([...kinds].sort()).toEqual([...PERSONAL_DATA_KINDS].sort());
  });

  it('precision and recall ≥ 0.99 for every kind', () => {
    const score = scoreDetector(docs, (d) => findPersonalData(d.text, { protectedNames: d.protectedNames }));
    for (const k of PERSONAL_DATA_KINDS) {
      expect({ kind: k, p: score.perKind[k].precision >= 0.99, r: score.perKind[k].recall >= 0.99, ex: score.examples.filter((e) => e.kind === k).slice(0, 3) })
        .toEqual({ kind: k, p: true, r: true, ex: [] });
    }
  });

  it('each family (valid, labelled-but-malformed, disguised) keeps its precision and recall floor', () => {
    const floors: Record<CorpusFamily, { p: number; r: number }> = { valid: { p: 0.99, r: 0.99 }, malformed: { p: 0.98, r: 0.97 }, disguised: { p: 0.98, r: 0.97 } };
    for (const family of CORPUS_FAMILIES) {
      const fam = generateCorpus({ seed: 23, count: 300, family });
      expect(fam.reduce((n, d) => n + d.labels.length, 0)).toBeGreaterThan(300);
      const score = scoreDetector(fam, (d) => findPersonalData(d.text, { protectedNames: d.protectedNames })).overall;
      expect({ family, p: score.precision >= floors[family].p, r: score.recall >= floors[family].r }).toEqual({ family, p: true, r: true });
    }
  });

  it('after redaction nothing is found any more', () => {
    for (const d of docs.slice(0, 100)) {
      const fs = findPersonalData(d.text, { protectedNames: d.protectedNames });
      expect(findPersonalData(redact(d.text, fs), { protectedNames: d.protectedNames })).toEqual([]);
    }
  });
});

// ---- properties -------------------------------------------------------------------------------
const CJK = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const PUNCT = fc.constantFrom('，', '。', '、', '；', '：', '！', '？', '“', '”', '（', '）', '《', '》', '〔', '〕', '—', '…', '　', '\n');
const chineseText = fc.array(fc.oneof({ arbitrary: CJK, weight: 5 }, { arbitrary: PUNCT, weight: 1 }), { maxLength: 60 }).map((a) => a.join(''));

const pad2 = (n: number): string => String(n).padStart(2, '0');
const validId = fc
  .record({
    province: fc.constantFrom(...RESIDENT_ID_PROVINCE_CODES),
    city: fc.integer({ min: 0, max: 9999 }),
    birth: fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2020, 11, 31)), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, city, birth, seq }) =>
    withCheck(`${province}${String(city).padStart(4, '0')}${birth.getUTCFullYear()}${pad2(birth.getUTCMonth() + 1)}${pad2(birth.getUTCDate())}${String(seq).padStart(3, '0')}`));

describe('properties', () => {
  it('a valid ID anywhere in Chinese text is found at its offsets', () => {
    fc.assert(
      fc.property(chineseText, validId, chineseText, fc.boolean(), fc.boolean(), (before, id, after, fullWidth, lowerX) => {
        expect(validator.isIdentityCard(id, 'zh-CN')).toBe(true);
        const shown = (fullWidth ? toFullWidth(id) : id).replace(/X$/, lowerX ? 'x' : 'X');
        const text = before + shown + after;
        expect(findPersonalData(text)).toEqual([
          { kind: 'resident_id', start: before.length, end: before.length + shown.length, match: shown, confidence: 'high' },
        ]);
      }),
      { numRuns: 400 },
    );
  });

  it('Chinese text without digits or Latin letters yields no findings', () => {
    fc.assert(fc.property(chineseText, (text) => {
      expect(findPersonalData(text)).toEqual([]);
    }), { numRuns: 400 });
  });

  it('agrees with validator.isIdentityCard on 18-character strings', () => {
    const candidate = fc.record({
      province: fc.constantFrom(...RESIDENT_ID_PROVINCE_CODES, '00', '19', '99'),
      rest: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 4, maxLength: 4 }),
      y: fc.integer({ min: 1900, max: 2035 }),
      m: fc.integer({ min: 0, max: 13 }),
      d: fc.integer({ min: 0, max: 32 }),
      seq: fc.integer({ min: 0, max: 999 }),
      check: fc.constantFrom(...'0123456789Xx'),
    }).map((r) => `${r.province}${r.rest}${r.y}${pad2(r.m)}${pad2(r.d)}${String(r.seq).padStart(3, '0')}${r.check}`);
    fc.assert(fc.property(candidate, (id) => {
      expect(isValidResidentId(id)).toBe(validator.isIdentityCard(id, 'zh-CN'));
      const fs = findPersonalData(`身份证号${id}。`);
      expect(fs.some((f) => f.kind === 'resident_id' && f.confidence === 'high')).toBe(validator.isIdentityCard(id, 'zh-CN'));
      // fail closed: after the label, an invalid one is still reported, as possible
      expect(fs.map((f) => [f.kind, f.confidence === 'possible'])).toEqual([['resident_id', !validator.isIdentityCard(id, 'zh-CN')]]);
    }), { numRuns: 2000 });
  });

  it('agrees with validator.isMobilePhone on 11 digits starting with 1', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 10, maxLength: 10 }), (rest) => {
      const phone = `1${rest}`;
      const fs = findPersonalData(`联系电话${phone}。`);
      expect(fs.length === 1 && fs[0]?.kind === 'mobile' && fs[0]?.confidence === 'high').toBe(validator.isMobilePhone(phone, 'zh-CN'));
      // fail closed: whatever follows the label is reported
      expect(fs.map((f) => f.kind)).toEqual(['mobile']);
    }), { numRuns: 1000 });
  });

  it('a Luhn-valid card is found; any single changed digit is not a card', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(16 as const, 19 as const), fc.nat(), fc.integer({ min: 1, max: 9 }),
      (seed, length, pos, delta) => {
        const card = makeBankCard(createRng(seed), length);
        expect(found(`银行卡号${card}。`)).toEqual([['bank_card', card, 'high']]);
        const k = pos % card.length;
        const changed = card.slice(0, k) + String((Number(card[k]) + delta) % 10) + card.slice(k + 1);
        expect(found(`银行卡号${changed}。`)).toEqual([['bank_card', changed, 'possible']]);
        expect(found(`编号${changed}。`).filter(([k]) => k === 'bank_card')).toEqual([]);
      }), { numRuns: 500 });
  });

  it('never backtracks catastrophically on pathological input (100 KB each)', () => {
    // Not a speed target (that is bench/personal-data.bench.ts): a catastrophic regular expression
    // takes minutes on these inputs, so a generous bound holds on a loaded machine and still catches it.
    const inputs = ['1 '.repeat(50_000), '12-'.repeat(33_000), 'a@'.repeat(50_000), `a@${'a.'.repeat(50_000)}!`, '…1'.repeat(50_000), '臧 '.repeat(50_000)];
    for (const text of inputs) {
      const t0 = performance.now();
      const fs = findPersonalData(text, { protectedNames: ['臧'] });
      expect({ ms: performance.now() - t0 < 15_000, n: fs.length }).toEqual({ ms: true, n: text.startsWith('臧') ? 50_000 : 0 });
    }
  });

  it('on arbitrary input: sorted, disjoint, in range, match equals the original slice', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.string({ unit: fc.constantFrom(...'0123456789０１２３４５６７８９ -Xx+()（）'), maxLength: 22 }),
      validId,
      fc.constantFrom('卡号', '电话:', '身份证号', '@163.com', '京A', '\u200B', '㍿', '𝟏𝟑'),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }), (pieces, names) => {
      const text = pieces.join('');
      const fs = findPersonalData(text, { protectedNames: names });
      let prevEnd = 0;
      for (const f of fs) {
        expect(f.start).toBeGreaterThanOrEqual(prevEnd);
        expect(f.end).toBeGreaterThan(f.start);
        expect(f.end).toBeLessThanOrEqual(text.length);
        expect(text.slice(f.start, f.end)).toBe(f.match);
        prevEnd = f.end;
      }
    }), { numRuns: 300 });
  });
});
