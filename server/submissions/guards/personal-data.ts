/**
 * Pre-release check for personal data in Chinese official text (DOMAIN.md "Pre-release check",
 * SECURITY.md "Personal data in Chinese text").
 *
 * Pure core: no database, no I/O. Matching runs on an NFKC-normalised copy of the text (full-width
 * digits and letters, full-width punctuation, ideographic space; zero-width characters removed), and
 * every finding is mapped back to UTF-16 offsets into the ORIGINAL text so the caller can highlight
 * `text.slice(start, end)`.
 *
 * Digit-based kinds are matched on number runs, never with whole-string anchors: a run is a maximal
 * sequence of digit groups joined by single spaces or hyphens ("138 1234 5678", "0477-8512345").
 * A finding always consists of whole groups, so a valid ID inside a longer digit run (e.g. 20 digits)
 * is not reported, while "身份证号110101199003074514，" is.
 *
 * Fail closed (issue 7, item 16): before matching, runs of Chinese numerals (一三九…, 幺 = 1, 〇/零 = 0;
 * seven or more, separators allowed) are read as digits; after the usual scan, digit groups joined by
 * dots, Chinese commas (、，), middle dots or one space per digit are collapsed and checked again
 * (`medium`); "at"/"dot" e-mails and lower-case plates are recognised; and a number right after a
 * label (联系电话, 电话, 手机, 身份证号, 卡号, 账号, 车牌, 号牌…) that matched nothing else is reported as
 * `possible` with the label's kind. Service numbers (up to 6 digits: 110, 12389, 95588) and 400/800
 * numbers after a telephone label are not personal data.
 */

export type PersonalDataKind =
  | 'resident_id'
  | 'resident_id_15'
  | 'mobile'
  | 'landline'
  | 'bank_card'
  | 'email'
  | 'licence_plate'
  | 'credit_code'
  | 'protected_name';

/**
 * `high`: a value that validates (check digit, date, Luhn, known prefix) in a usual writing.
 * `medium`: validates, but its context or writing leaves doubt (a card number without card context, a
 * bare local number after a telephone label, a value in disguise: dotted groups, Chinese numerals…).
 * `possible`: does not validate, but stands right after a label saying what it is (联系电话, 身份证号,
 * 卡号, 车牌…): probably a mistyped value, so the editor confirms it (fail closed).
 */
export type PersonalDataConfidence = 'high' | 'medium' | 'possible';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** UTF-16 offset into the original text (inclusive). */
  start: number;
  /** UTF-16 offset into the original text (exclusive). */
  end: number;
  /** Always `text.slice(start, end)` of the original text. */
  match: string;
  confidence: PersonalDataConfidence;
}

export interface FindPersonalDataOptions {
  /** Names on the case's protected-names list; blank entries are ignored. */
  protectedNames?: readonly string[];
}

export const PERSONAL_DATA_KINDS: readonly PersonalDataKind[] = [
  'resident_id', 'resident_id_15', 'mobile', 'landline', 'bank_card', 'email', 'licence_plate', 'credit_code',
  'protected_name',
];

/** Labels for the UI (zh-CN first, English available). */
export const PERSONAL_DATA_KIND_LABELS: Readonly<Record<PersonalDataKind, { zh: string; en: string }>> = {
  resident_id: { zh: '居民身份证号码', en: 'Resident ID number' },
  resident_id_15: { zh: '居民身份证号码（15位旧号）', en: 'Resident ID number (old 15-digit form)' },
  mobile: { zh: '手机号码', en: 'Mobile number' },
  landline: { zh: '固定电话号码', en: 'Landline number' },
  bank_card: { zh: '银行卡号', en: 'Bank card number' },
  email: { zh: '电子邮箱', en: 'E-mail address' },
  licence_plate: { zh: '机动车号牌', en: 'Licence plate' },
  credit_code: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  protected_name: { zh: '受保护人员姓名', en: 'Protected name' },
};

// Most specific first: when two candidates overlap, the one earlier in this list is kept.
const PRIORITY: Readonly<Record<PersonalDataKind, number>> = {
  email: 0,
  resident_id: 1,
  credit_code: 2,
  bank_card: 3,
  resident_id_15: 4,
  mobile: 5,
  landline: 6,
  licence_plate: 7,
  protected_name: 8,
};

// ---------------------------------------------------------------------------------------------
// Normalisation with an offset map
// ---------------------------------------------------------------------------------------------

interface Normalised {
  text: string;
  /** For each UTF-16 unit of `text`: start of the original character it came from (null = identity). */
  origStart: Int32Array | null;
  /** For each UTF-16 unit of `text`: end of the original character it came from. */
  origEnd: Int32Array | null;
}

// Soft hyphen and zero-width characters: invisible, and a cheap way to split a number so that a
// naive matcher misses it. They are dropped from the normalised copy.
const charCache = new Map<number, string>();

function normaliseChar(cp: number): string {
  if (cp < 0x80 || (cp >= 0x4e00 && cp <= 0x9fff)) return String.fromCharCode(cp); // NFKC-stable
  if (cp === 0xad || (cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0xfeff) return '';
  let n = charCache.get(cp);
  if (n === undefined) {
    n = String.fromCodePoint(cp).normalize('NFKC');
    if (charCache.size < 4096) charCache.set(cp, n);
  }
  return n;
}

/**
 * NFKC per code point, so every unit of the result knows which original character produced it.
 * (Whole-string NFKC could also compose across characters; none of the patterns we look for contain
 * combining sequences.) Almost all replacements in practice keep the length (full-width digits,
 * letters and punctuation, ideographic space): then offsets are unchanged and no map is built.
 */
export function normaliseForMatching(original: string): Normalised {
  let out = '';
  let copied = 0;
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i);
    if (c < 0x80 || (c >= 0x4e00 && c <= 0x9fff)) continue;
    let cp = c;
    let len = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < original.length) {
      const d = original.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        len = 2;
      }
    }
    const n = normaliseChar(cp);
    if (n.length !== len) return normaliseWithMap(original);
    if (len === 1 ? n.charCodeAt(0) !== c : n !== original.slice(i, i + 2)) {
      out += original.slice(copied, i) + n;
      copied = i + len;
    }
    i += len - 1;
  }
  return { text: copied === 0 ? original : out + original.slice(copied), origStart: null, origEnd: null };
}

function normaliseWithMap(original: string): Normalised {
  const pieces: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < original.length;) {
    const cp = original.codePointAt(i) as number; // i < length, so defined
    const len = cp > 0xffff ? 2 : 1;
    const n = normaliseChar(cp);
    for (let k = 0; k < n.length; k++) {
      starts.push(i);
      ends.push(i + len);
    }
    pieces.push(n);
    i += len;
  }
  return { text: pieces.join(''), origStart: Int32Array.from(starts), origEnd: Int32Array.from(ends) };
}

function toOriginal(norm: Normalised, start: number, end: number): [number, number] {
  if (!norm.origStart || !norm.origEnd) return [start, end];
  return [norm.origStart[start] as number, norm.origEnd[end - 1] as number];
}

// ---------------------------------------------------------------------------------------------
// Validators (exported for tests, the corpus generator and other callers)
// ---------------------------------------------------------------------------------------------

/** Province-level codes (GB/T 2260), as used by validator's isIdentityCard('zh-CN'). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44',
  '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '91',
]);
export const RESIDENT_ID_PROVINCE_CODES: readonly string[] = [...PROVINCE_CODES];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

function isValidDate(y: number, m: number, d: number, now: Date): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (d > (dim[m - 1] as number)) return false;
  const ny = now.getFullYear();
  if (y !== ny) return y < ny;
  const nm = now.getMonth() + 1;
  return m < nm || (m === nm && d <= now.getDate());
}

const num = (s: string, a: number, b: number): number => Number(s.slice(a, b));

/** Area code and birth date plausible (the check character is NOT examined). */
function idStructureValid18(id: string, now: Date): boolean {
  return /^\d{17}[\dX]$/.test(id) && PROVINCE_CODES.has(id.slice(0, 2))
    && isValidDate(num(id, 6, 10), num(id, 10, 12), num(id, 12, 14), now);
}

/** 18-digit resident ID: area, valid birth date (1900..today), GB 11643 check character ('x' accepted). */
export function isValidResidentId(id: string, now: Date = new Date()): boolean {
  const v = id.toUpperCase();
  return idStructureValid18(v, now) && residentIdCheckChar(v) === v[17];
}

/** Old 15-digit resident ID: area + YYMMDD (19YY) + 3-digit sequence, no check character. */
export function isValidResidentId15(id: string, now: Date = new Date()): boolean {
  return /^\d{15}$/.test(id) && PROVINCE_CODES.has(id.slice(0, 2))
    && isValidDate(1900 + num(id, 6, 8), num(id, 8, 10), num(id, 10, 12), now);
}

/** Luhn (mod 10) check over a digit string, the last digit being the check digit. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 check character (mod 31) for the first 17 characters; null if a character is outside the charset. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARSET.indexOf(first17[i] ?? '?');
    if (v < 0) return null;
    sum += v * (CREDIT_WEIGHTS[i] as number);
  }
  return CREDIT_CHARSET[(31 - (sum % 31)) % 31] as string;
}

/** Unified social credit code: 18 characters of the GB 32100 charset, digits 3–8, valid mod-31 check. */
export function isValidCreditCode(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code) && creditCodeCheckChar(code) === code[17];
}

// ---------------------------------------------------------------------------------------------
// Context words
// ---------------------------------------------------------------------------------------------

const CARD_CONTEXT = /卡号|账号|帐号|账户|帐户|银行|开户|card/i;
const CARD_CONTEXT_WINDOW = 12;
// A bare 7–8 digit local number counts only right after a telephone label ("联系电话:3766708",
// "座机号码 3766708", "电话/传真：3766708") or right before "(传真)".
const LANDLINE_LABEL_BEFORE = /(?:电话|座机|传真|固话|总机|tel|fax)(?:号码|号)?(?:为|是)?[:\s]*$/i;
const LANDLINE_LABEL_AFTER = /^\s*\(?(?:传真|电话|座机)/;
const CREDIT_CONTEXT = /信用代码|社会信用|税号|纳税人识别号/;
const CREDIT_CONTEXT_WINDOW = 16;
const SENTENCE_END = /[。！？；!?;\n]/;

/** Up to `width` characters before `pos`, not reaching back past the end of the previous sentence. */
function contextBefore(t: string, pos: number, width: number): string {
  const w = t.slice(Math.max(0, pos - width), pos);
  for (let k = w.length - 1; k >= 0; k--) if (SENTENCE_END.test(w[k] as string)) return w.slice(k + 1);
  return w;
}

// ASCII labels that may be glued to a number ("Tel13812345678", "ID110101…").
const GLUED_LABEL = /^(?:tel|fax|id|no|mob|mobile|phone|cell|card|acct|account|sfz|sfzh)$/i;

// ---------------------------------------------------------------------------------------------
// Number runs
// ---------------------------------------------------------------------------------------------

interface RawFinding {
  kind: PersonalDataKind;
  start: number; // normalised offsets
  end: number;
  confidence: PersonalDataConfidence;
}

interface Part {
  s: number;
  e: number;
  digits: string;
  /** false when the group is a decimal ("12.5"): never part of a finding */
  plain: boolean;
}

// Groups of digits (a decimal such as "1234.56" is one group) joined by single spaces or hyphens.
const NUMBER_RUN = /\d+(?:\.\d+)*(?:[ -]\d+(?:\.\d+)*)*/g;
const DIGIT_GROUP = /\d+(?:\.\d+)*/g;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAsciiLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAsciiAlnum = (c: string | undefined): boolean => isDigit(c) || isAsciiLetter(c);

/** Left edge of a number run: not after a digit (guaranteed by the run), and not glued to a word. */
function leftEdgeOk(t: string, s: number): boolean {
  if (!isAsciiLetter(t[s - 1])) return true;
  let k = s - 1;
  while (k > 0 && isAsciiLetter(t[k - 1])) k--;
  return GLUED_LABEL.test(t.slice(k, s));
}

interface Group {
  parts: Part[];
  seps: string[];
  /** parts [i..j] of the run */
  i: number;
  j: number;
  digits: string;
  lens: number[];
  /** the run continues with a check character 'X' right after part j */
  x: boolean;
}

const sameSeps = (seps: string[], i: number, j: number): boolean => {
  for (let k = i + 1; k < j; k++) if (seps[k] !== seps[i]) return false;
  return true;
};
const lensAre = (lens: number[], ...want: number[]): boolean =>
  lens.length === want.length && lens.every((l, k) => l === want[k]);

function classifyGroup(t: string, g: Group, now: Date): RawFinding | null {
  const { parts, seps, i, j, digits, lens } = g;
  const first = parts[i] as Part;
  const last = parts[j] as Part;
  const s = first.s;
  const e = last.e;
  const uniform = j === i || sameSeps(seps, i, j);

  // --- resident ID, 18 characters (whole groups: 18 | 6-8-4 | 6-4-4-4) -------------------------
  if (uniform && g.x) {
    const withX = [...lens.slice(0, -1), (lens[lens.length - 1] as number) + 1];
    if (idShape18(withX) && isValidResidentId(`${digits}X`, now)) {
      return { kind: 'resident_id', start: s, end: e + 1, confidence: 'high' };
    }
  }
  // Every other kind ends at a digit, so a run followed directly by a letter is not one of them.
  if (j === parts.length - 1 && isAsciiLetter(t[e])) return null;

  if (uniform && idShape18(lens) && isValidResidentId(digits, now)) {
    return { kind: 'resident_id', start: s, end: e, confidence: 'high' };
  }

  // --- bank card: 16–19 digits, one group or groups of 4 (last 1–4), Luhn ---------------------
  if (uniform && digits.length >= 16 && digits.length <= 19 && cardShape(lens) && luhnValid(digits)) {
    const context = CARD_CONTEXT.test(contextBefore(t, s, CARD_CONTEXT_WINDOW));
    // 18 digits is the resident-ID length and a rare card length: such a number is a card only
    // with card context, and never when it is shaped like an ID (area + birth date) whose check
    // digit is wrong — that is a mistyped ID.
    if (digits.length !== 18 || (context && !idStructureValid18(digits, now))) {
      return { kind: 'bank_card', start: s, end: e, confidence: context ? 'high' : 'medium' };
    }
  }

  // --- resident ID, old 15-digit form (15 | 6-6-3) ----------------------------------------------
  if (uniform && (lensAre(lens, 15) || lensAre(lens, 6, 6, 3)) && isValidResidentId15(digits, now)) {
    return { kind: 'resident_id_15', start: s, end: e, confidence: 'medium' };
  }

  // --- mobile ------------------------------------------------------------------------------------
  const mobile = matchMobile(t, g);
  if (mobile) return mobile;

  // --- landline ----------------------------------------------------------------------------------
  return matchLandline(t, g);
}

function idShape18(lens: number[]): boolean {
  return lensAre(lens, 18) || lensAre(lens, 6, 8, 4) || lensAre(lens, 6, 4, 4, 4);
}

function cardShape(lens: number[]): boolean {
  if (lens.length === 1) return true;
  if (lens.length < 4) return false;
  for (let k = 0; k < lens.length - 1; k++) if (lens[k] !== 4) return false;
  const tail = lens[lens.length - 1] as number;
  return tail >= 1 && tail <= 4;
}

const MOBILE_CORE = /^1[3-9]\d{9}$/;

function mobileCore(g: Group, i: number): boolean {
  const lens = g.lens.slice(i - g.i);
  const digits = g.parts.slice(i, g.j + 1).map((p) => p.digits).join('');
  if (!MOBILE_CORE.test(digits)) return false;
  return lensAre(lens, 11) || (lensAre(lens, 3, 4, 4) && sameSeps(g.seps, i, g.j));
}

function matchMobile(t: string, g: Group): RawFinding | null {
  const { parts, seps, i, j, digits } = g;
  const first = parts[i] as Part;
  const e = (parts[j] as Part).e;
  const plus = i === 0 && t[first.s - 1] === '+';
  // No prefix: 13812345678 / 138-1234-5678 / 138 1234 5678
  if (mobileCore(g, i)) return { kind: 'mobile', start: first.s, end: e, confidence: 'high' };
  // Prefix as its own group: +86 138…, 0086 138…, 86-138…
  if (j > i && (first.digits === '0086' || (first.digits === '86' && (plus || seps[i] === '-'))) && mobileCore(g, i + 1)) {
    return { kind: 'mobile', start: plus ? first.s - 1 : first.s, end: e, confidence: 'high' };
  }
  // Prefix glued: +8613812345678, 008613812345678
  if (j === i) {
    if (plus && digits.length === 13 && digits.startsWith('86') && MOBILE_CORE.test(digits.slice(2))) {
      return { kind: 'mobile', start: first.s - 1, end: e, confidence: 'high' };
    }
    if (digits.length === 15 && digits.startsWith('0086') && MOBILE_CORE.test(digits.slice(4))) {
      return { kind: 'mobile', start: first.s, end: e, confidence: 'high' };
    }
  }
  return null;
}

// 010 and 02x are three-digit area codes with 8-digit numbers; 03xx–09xx are four-digit codes.
const AREA_CODE = /^(?:010|02\d|0[3-9]\d\d)$/;
const subscriberOk = (area: string, sub: string): boolean =>
  /^[1-9]\d{6,7}$/.test(sub) && (area.length === 4 || sub.length === 8);

function matchLandline(t: string, g: Group): RawFinding | null {
  const { parts, i, j, digits, lens } = g;
  const first = parts[i] as Part;
  const e = (parts[j] as Part).e;
  // 0477-8512345, 010 12345678
  if (j === i + 1 && AREA_CODE.test(first.digits) && subscriberOk(first.digits, (parts[j] as Part).digits)) {
    return { kind: 'landline', start: first.s, end: e, confidence: 'high' };
  }
  if (j !== i) return null;
  // 04778512345, 01012345678
  if ((lens[0] === 11 || lens[0] === 12) && digits[0] === '0') {
    const areaLen = digits[1] === '1' || digits[1] === '2' ? 3 : 4;
    const area = digits.slice(0, areaLen);
    if (AREA_CODE.test(area) && subscriberOk(area, digits.slice(areaLen))) {
      return { kind: 'landline', start: first.s, end: e, confidence: 'high' };
    }
  }
  if (lens[0] !== 7 && lens[0] !== 8) return null;
  // (010)12345678, (0477) 8512345, (0477)-8512345
  if (i === 0) {
    const paren = /\((0\d{2,3})\)[ -]?$/.exec(t.slice(Math.max(0, first.s - 8), first.s));
    if (paren && AREA_CODE.test(paren[1] as string) && subscriberOk(paren[1] as string, digits)) {
      return { kind: 'landline', start: first.s - paren[0].length, end: e, confidence: 'high' };
    }
  }
  // bare local number (first digit 2–9) right after a telephone label, or right before "(传真)"
  if (!/^[2-9]/.test(digits)) return null;
  const before = i === 0 ? t.slice(Math.max(0, first.s - 12), first.s) : '';
  if (LANDLINE_LABEL_BEFORE.test(before) || LANDLINE_LABEL_AFTER.test(t.slice(e, e + 6))) {
    return { kind: 'landline', start: first.s, end: e, confidence: 'medium' };
  }
  return null;
}

function scanNumbers(t: string, out: RawFinding[], now: Date): void {
  for (const m of t.matchAll(NUMBER_RUN)) {
    const runStart = m.index;
    const run = m[0];
    const parts: Part[] = [];
    const seps: string[] = [];
    for (const gm of run.matchAll(DIGIT_GROUP)) {
      const s = runStart + gm.index;
      if (parts.length > 0) seps.push(t[s - 1] as string);
      parts.push({ s, e: s + gm[0].length, digits: gm[0], plain: !gm[0].includes('.') });
    }
    const runEnd = runStart + run.length;
    const xTail = (t[runEnd] === 'X' || t[runEnd] === 'x') && !isAsciiAlnum(t[runEnd + 1]);
    // glued to a word on the left ("AB12345678"): only groups after a separator may start a finding
    const firstUsable = leftEdgeOk(t, runStart) ? 0 : 1;

    for (let i = firstUsable; i < parts.length;) {
      let found: RawFinding | null = null;
      let jFound = i;
      for (let j = Math.min(parts.length - 1, i + 4); j >= i && !found; j--) {
        let plain = true;
        let digits = '';
        const lens: number[] = [];
        for (let k = i; k <= j; k++) {
          const p = parts[k] as Part;
          if (!p.plain) {
            plain = false;
            break;
          }
          digits += p.digits;
          lens.push(p.digits.length);
        }
        if (!plain || digits.length > 19) continue;
        found = classifyGroup(t, { parts, seps, i, j, digits, lens, x: xTail && j === parts.length - 1 }, now);
        jFound = j;
      }
      if (found) {
        out.push(found);
        i = jFound + 1;
      } else {
        i++;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pattern kinds
// ---------------------------------------------------------------------------------------------

const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
// province + issuing-office letter + optional separator + 6 (new energy) | 5 | 4 + special suffix;
// or an embassy plate 使 + 6 digits.
const PLATE = new RegExp(
  `(?:[${PROVINCES}][A-HJ-NP-Z][·•・ ]?(?:[A-HJ-NP-Z0-9]{6}|[A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[挂学警港澳领试超])|使[·•・ ]?\\d{3}[·•・ ]?\\d{3})(?![A-Za-z0-9])`,
  'g',
);
const PLATE_NEV = /^(?:[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF])$/;

function plateValid(m: string): boolean {
  if (m.startsWith('使')) return true;
  const body = m.slice(2).replace(/^[·•・ ]/, '');
  if (body.length === 6) return PLATE_NEV.test(body);
  // ordinary plates carry at most two letters after the office letter
  return body.replace(/\D/g, '').length >= 3;
}

const CREDIT = /(?<![A-Za-z0-9])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![A-Za-z0-9])/g;

function scanPatterns(t: string, out: RawFinding[]): void {
  if (t.includes('@')) {
    for (const m of t.matchAll(EMAIL)) {
      out.push({ kind: 'email', start: m.index, end: m.index + m[0].length, confidence: 'high' });
    }
  }
  // Lower-case plates (京a12345): matched on an ASCII-upper-cased copy (same length), `medium`.
  const upper = LOWER_PLATE_HINT.test(t) ? t.replace(/[a-z]/g, (c) => c.toUpperCase()) : t;
  for (const m of upper.matchAll(PLATE)) {
    if (!plateValid(m[0])) continue;
    const lower = upper !== t && t.slice(m.index, m.index + m[0].length) !== m[0];
    out.push({ kind: 'licence_plate', start: m.index, end: m.index + m[0].length, confidence: lower ? 'medium' : 'high' });
  }
  for (const m of t.matchAll(CREDIT)) {
    const code = m[0];
    if (!isValidCreditCode(code)) continue;
    const context = CREDIT_CONTEXT.test(contextBefore(t, m.index, CREDIT_CONTEXT_WINDOW));
    // A string of 17 digits plus a check character passes mod 31 for one number in 31; without
    // context it is far more likely a mistyped ID or a case number than an organisation's code.
    if (/^\d{17}/.test(code) && !context) continue;
    out.push({ kind: 'credit_code', start: m.index, end: m.index + code.length, confidence: 'high' });
  }
}

const LOWER_PLATE_HINT = new RegExp(`[${PROVINCES}][a-z]`);

// ---------------------------------------------------------------------------------------------
// Fail closed: numerals, disguises, labelled values
// ---------------------------------------------------------------------------------------------

const NUMERAL_DIGIT: Readonly<Record<string, string>> = {
  '〇': '0', 零: '0', 一: '1', 幺: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
};
// Seven or more digits or numerals, single separators allowed, at least three numerals among them.
const NUMERAL_RUN = /[0-9〇零一幺二三四五六七八九](?:[ .\-、，,·]?[0-9〇零一幺二三四五六七八九]){6,}/g;
const HAS_NUMERAL = /[〇零一幺二三四五六七八九]/;

/** Reads runs of Chinese numerals as digits ("一三九…" → "139…"); keeps the length. */
export function readChineseNumerals(t: string): string {
  if (!HAS_NUMERAL.test(t)) return t;
  return t.replace(NUMERAL_RUN, (run) => {
    let n = 0;
    for (const c of run) if (c in NUMERAL_DIGIT) n++;
    return n >= 3 ? run.replace(/[〇零一幺二三四五六七八九]/g, (c) => NUMERAL_DIGIT[c] as string) : run;
  });
}

const overlapsAny = (raw: readonly RawFinding[], s: number, e: number): boolean => raw.some((f) => f.start < e && s < f.end);

// Digit groups joined by separators a matcher does not expect: dots, Chinese commas, middle dots,
// spaced hyphens, or single digits each followed by a space.
const DISGUISED_RUN = /\d+(?:[ \t.\-、，,·•_]{1,3}\d+)+/g;

/**
 * Collapses digit groups joined by unusual separators and checks the result as a mobile (three or more
 * groups), an 18-character resident ID or (with card context) a bank card. Runs already reported
 * by the usual scan are left alone.
 */
function scanDisguised(t: string, out: RawFinding[], now: Date): void {
  const found: RawFinding[] = [];
  for (const m of t.matchAll(DISGUISED_RUN)) {
    const groups = [...m[0].matchAll(/\d+/g)].map((g) => ({ s: m.index + g.index, e: m.index + g.index + g[0].length, d: g[0] }));
    if (groups.length < 2) continue;
    const xTail = (t[m.index + m[0].length] === 'X' || t[m.index + m[0].length] === 'x') && !isAsciiAlnum(t[m.index + m[0].length + 1]);
    for (let i = 0; i < groups.length;) {
      let hit: RawFinding | null = null;
      let jHit = i;
      let digits = '';
      const windows: { j: number; digits: string }[] = [];
      for (let j = i; j < groups.length && digits.length + groups[j]!.d.length <= 19; j++) {
        digits += groups[j]!.d;
        windows.push({ j, digits });
      }
      for (let w = windows.length - 1; w >= 0 && !hit; w--) {
        const { j, digits: d } = windows[w]!;
        if (j === i) break;
        const s = groups[i]!.s;
        const e = groups[j]!.e;
        if (i === 0 && isDigit(t[s - 1])) continue;
        const x = xTail && j === groups.length - 1;
        if (x && d.length === 17 && isValidResidentId(`${d}X`, now)) hit = { kind: 'resident_id', start: s, end: e + 1, confidence: 'medium' };
        else if (d.length === 18 && isValidResidentId(d, now)) hit = { kind: 'resident_id', start: s, end: e, confidence: 'medium' };
        else if (d.length === 11 && j - i >= 2 && MOBILE_CORE.test(d)) hit = { kind: 'mobile', start: s, end: e, confidence: 'medium' };
        else if (d.length >= 16 && luhnValid(d) && CARD_CONTEXT.test(contextBefore(t, s, CARD_CONTEXT_WINDOW))) {
          hit = { kind: 'bank_card', start: s, end: e, confidence: 'medium' };
        }
        if (hit && overlapsAny(out, hit.start, hit.end)) hit = null;
        jHit = j;
      }
      if (hit) {
        found.push(hit);
        i = jHit + 1;
      } else i++;
    }
  }
  out.push(...found);
}

// "name at 163 dot com", "name[at]qq.com", "name(at)qq(dot)com" (full-width brackets are ASCII after NFKC).
const AT_HINT = /\sat\s|\[at\]|\(at\)|【at】/i;
const EMAIL_DISGUISED =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}(?:\s*(?:\[at\]|\(at\)|【at】)\s*|\s+at\s+)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\s*(?:\[dot\]|\(dot\)|【dot】)\s*|\s+dot\s+|\.))+(?:com|cn|net|org|edu|gov|mil|int|info|biz|top|xyz|io|me|cc|co|hk|mo|tw)(?![A-Za-z0-9-])/gi;

function scanDisguisedEmail(t: string, out: RawFinding[]): void {
  if (!AT_HINT.test(t)) return;
  for (const m of t.matchAll(EMAIL_DISGUISED)) {
    if (!overlapsAny(out, m.index, m.index + m[0].length)) out.push({ kind: 'email', start: m.index, end: m.index + m[0].length, confidence: 'medium' });
  }
}

type LabelKind = 'phone' | 'id' | 'card' | 'plate';
// Longest first, so 银行卡号 is read before 卡号 and 身份证号码 before 身份证.
const LABELS: readonly [string, LabelKind][] = [
  ['身份证号码', 'id'], ['公民身份号码', 'id'], ['身份证号', 'id'], ['身份号码', 'id'], ['身份证', 'id'],
  ['联系电话', 'phone'], ['电话号码', 'phone'], ['手机号码', 'phone'], ['办公电话', 'phone'], ['联系方式', 'phone'], ['手机号', 'phone'],
  ['电话', 'phone'], ['手机', 'phone'], ['座机', 'phone'],
  ['银行卡号', 'card'], ['银行账号', 'card'], ['收款账号', 'card'], ['卡号', 'card'], ['账号', 'card'], ['帐号', 'card'],
  ['车牌号码', 'plate'], ['号牌号码', 'plate'], ['车牌号', 'plate'], ['车牌', 'plate'], ['号牌', 'plate'],
];
const LABEL_RE = new RegExp(`(?:${LABELS.map(([l]) => l).join('|')})(?:号码|号)?(?:[:\\s]|为|是){0,3}`, 'g');
const LABEL_KIND = new Map(LABELS);
// The value after a label: digits with single separators between groups (and an ID's trailing X).
const LABELLED_NUMBER = /^\d(?:\d|[ .\-、，,·]{1,2}(?=\d))*(?:[Xx](?![A-Za-z0-9]))?/;
const LABELLED_PLATE = new RegExp(`^[${PROVINCES}][A-Za-z][·•・ ]?[A-Za-z0-9]{3,8}[挂学警港澳领试超]?(?![A-Za-z0-9])`);

/**
 * A value right after a label that matched nothing else: `possible`, of the label's kind. A telephone
 * label's number is a mobile when it starts with 1, else a landline; 7 to 15 digits (shorter ones are
 * service numbers: 110, 12389, 95588), and 400/800 numbers are a company's, not a person's. An ID
 * label's value has 8 to 20 characters, a card's 10 to 23 digits. A card number without card
 * context (`medium`) right after an ID label is read as the ID it is labelled as.
 */
function scanLabelled(t: string, out: RawFinding[]): void {
  for (const m of t.matchAll(LABEL_RE)) {
    const label = LABELS.find(([l]) => m[0].startsWith(l))![0];
    const kind = LABEL_KIND.get(label)!;
    const at = m.index + m[0].length;
    const rest = t.slice(at, at + 40);
    const v = kind === 'plate' ? LABELLED_PLATE.exec(rest) : LABELLED_NUMBER.exec(rest);
    if (!v) continue;
    let value = v[0];
    // A comma joins the groups of a disguised number (138，1234，5678: three or more groups of at most
    // four), not a number and what follows it ("12389，2019年", "110，2017年"): else the value ends there.
    if (kind !== 'plate' && /[、，,]/.test(value)) {
      const groups = value.split(/[^0-9Xx]+/);
      if (groups.length < 3 || groups.some((g) => g.length > 4)) value = value.split(/ *[、，,]/)[0]!;
    }
    const s = at;
    const e = at + value.length;
    if (t[e] === '*') continue; // a value masked by redact(): what is left of it is not personal data
    const digits = value.replace(/[^0-9Xx]/g, '');
    let k: PersonalDataKind;
    if (kind === 'phone') {
      if (digits.length < 7 || digits.length > 15 || /^[48]00/.test(digits) || /x/i.test(digits)) continue;
      k = digits.startsWith('1') ? 'mobile' : 'landline';
    } else if (kind === 'id') {
      if (digits.length < 8 || digits.length > 20) continue;
      k = digits.length === 15 ? 'resident_id_15' : 'resident_id';
    } else if (kind === 'card') {
      if (digits.length < 10 || digits.length > 23 || /x/i.test(digits)) continue;
      k = 'bank_card';
    } else {
      k = 'licence_plate';
    }
    const clash = out.filter((f) => f.start < e && s < f.end);
    if (clash.length) {
      // An ID label over a card number found without card context: the label says what it is.
      const card = clash.length === 1 && clash[0]!.kind === 'bank_card' && clash[0]!.confidence === 'medium' && kind === 'id';
      if (!card) continue;
      out.splice(out.indexOf(clash[0]!), 1);
    }
    out.push({ kind: k, start: s, end: e, confidence: 'possible' });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regex for all names; characters may be spaced out ("臧  博" for 臧博). Longest names first. */
function namesPattern(names: readonly string[]): RegExp | null {
  const seen = new Set<string>();
  for (const raw of names) {
    const n = normaliseForMatching(raw.trim()).text.replace(/\s+/g, '');
    if (n) seen.add(n);
  }
  if (seen.size === 0) return null;
  const alts = [...seen]
    .sort((a, b) => b.length - a.length)
    .map((n) => {
      const body = Array.from(n, escapeRegExp).join('\\s*');
      return /^[A-Za-z]/.test(n) || /[A-Za-z]$/.test(n) ? `(?<![A-Za-z])${body}(?![A-Za-z])` : body;
    });
  return new RegExp(alts.join('|'), 'g');
}

function scanNames(t: string, names: readonly string[], out: RawFinding[]): void {
  const re = namesPattern(names);
  if (!re) return;
  for (const m of t.matchAll(re)) {
    if (m[0].length === 0) continue;
    out.push({ kind: 'protected_name', start: m.index, end: m.index + m[0].length, confidence: 'high' });
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * Keeps the most specific of overlapping candidates (PRIORITY, then the longer one, then the earlier
 * one); result sorted by start. Kept intervals are disjoint, so with them sorted by start a candidate
 * overlaps one iff it overlaps the last kept interval starting before its end: O(n log n) overall.
 */
function resolveOverlaps(raw: RawFinding[]): RawFinding[] {
  raw.sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: RawFinding[] = [];
  for (const f of raw) {
    let lo = 0;
    let hi = kept.length; // first index with start >= f.end
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((kept[mid] as RawFinding).start < f.end) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    if (before && before.end > f.start) continue;
    if (lo === kept.length) kept.push(f);
    else kept.splice(lo, 0, f);
  }
  return kept;
}

/**
 * Flags personal data in `text`. Findings do not overlap (the most specific kind wins: e-mail, then
 * resident ID, credit code, bank card, 15-digit ID, mobile, landline, plate, name), are unique and
 * sorted by start; offsets are into the original `text`.
 */
export function findPersonalData(text: string, opts: FindPersonalDataOptions = {}): PersonalDataFinding[] {
  if (text.length === 0) return [];
  const now = new Date();
  const norm = normaliseForMatching(text);
  // Same length as norm.text (one numeral, one digit), so the offset map still holds.
  const t = readChineseNumerals(norm.text);
  const raw: RawFinding[] = [];
  scanNumbers(t, raw, now);
  scanPatterns(t, raw);
  scanDisguised(t, raw, now);
  scanDisguisedEmail(t, raw);
  scanLabelled(t, raw);
  if (opts.protectedNames && opts.protectedNames.length > 0) scanNames(norm.text, opts.protectedNames, raw);

  return resolveOverlaps(raw).map((f) => {
    const [start, end] = toOriginal(norm, f.start, f.end);
    return { kind: f.kind, start, end, match: text.slice(start, end), confidence: f.confidence };
  });
}

// ---------------------------------------------------------------------------------------------
// Masking
// ---------------------------------------------------------------------------------------------

type Significant = (c: string) => boolean;
const alnumSig: Significant = (c) => /^[0-9A-Za-z]$/.test(normaliseChar(c.codePointAt(0) as number));
const nonSpaceSig: Significant = (c) => !/^\s*$/.test(normaliseChar(c.codePointAt(0) as number));

/**
 * Replaces the significant characters with index in [from, to) by '*', keeping separators and the
 * shape. If the value is shorter than the policy expects (`minLength`), every significant character
 * is masked: an odd value must never leak more than a well-formed one.
 */
function maskRange(value: string, isSig: Significant, range: (n: number) => [number, number], minLength: number): string {
  const chars = Array.from(value);
  const n = chars.reduce((acc, c) => acc + (isSig(c) ? 1 : 0), 0);
  const [from, to] = n < minLength ? [0, n] : range(n);
  let k = 0;
  return chars
    .map((c) => {
      if (!isSig(c)) return c;
      const masked = k >= from && k < to;
      k++;
      return masked ? '*' : c;
    })
    .join('');
}

/**
 * Masks one value for display (lists, exports): resident ID 110101********4514, mobile
 * 138****5678, landline 0477-***2345, card 6222 **** **** 7890, e-mail e******@163.com, plate
 * 京A****5, credit code 911101********ABCD, name 张* / 欧阳**.
 */
export function maskValue(kind: PersonalDataKind, value: string): string {
  switch (kind) {
    case 'resident_id':
      return maskRange(value, alnumSig, (n) => [6, n - 4], 18);
    case 'resident_id_15':
      return maskRange(value, alnumSig, (n) => [6, n - 3], 15);
    case 'mobile':
      return maskRange(value, alnumSig, (n) => [n - 8, n - 4], 11);
    case 'landline': {
      const digits = Array.from(value).filter(alnumSig).map((c) => normaliseChar(c.codePointAt(0) as number)).join('');
      const area = digits.startsWith('0') ? (digits[1] === '1' || digits[1] === '2' ? 3 : 4) : 0;
      return maskRange(value, alnumSig, (n) => [area, n - 4], area + 7);
    }
    case 'bank_card':
      return maskRange(value, alnumSig, (n) => [4, n - 4], 16);
    case 'credit_code':
      return maskRange(value, alnumSig, (n) => [6, n - 4], 18);
    case 'email': {
      const at = value.search(/[@＠]/);
      if (at < 0) return maskRange(value, nonSpaceSig, (n) => [1, n], 2);
      return maskRange(value.slice(0, at), nonSpaceSig, (n) => [1, n], 2) + value.slice(at);
    }
    case 'licence_plate':
      return maskRange(value, (c) => !'·•・'.includes(c) && nonSpaceSig(c), (n) => [2, n - 1], 7);
    case 'protected_name':
      return maskRange(value, nonSpaceSig, (n) => [1, n], 2);
  }
}

/**
 * Replaces every finding in `text` by its mask (see maskValue). Findings that are out of range or
 * overlap an earlier one are skipped. The masks keep the length for BMP text, so offsets of
 * later findings in the same text stay valid for the caller.
 */
export function redact(text: string, findings: readonly PersonalDataFinding[]): string {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let pos = 0;
  for (const f of sorted) {
    if (f.start < pos || f.end > text.length || f.end <= f.start) continue;
    out += text.slice(pos, f.start) + maskValue(f.kind, text.slice(f.start, f.end));
    pos = f.end;
  }
  return out + text.slice(pos);
}
