import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fingerprintTokens, hammingDistance, NEAR_DUPLICATE_MAX_DISTANCE, normalizeForFingerprint, similarity, textFingerprint,
} from './fingerprint';
import {
  addWhitespaceAndPunctuation, ALL_FIXTURE_TEXTS, changeDate, replaceChars, swapWidths,
  FRAUD_LEAD_A, FRAUD_LEAD_B, POLICE_PUBLICITY_A, POLICE_PUBLICITY_B, SAOHEI_REPORT_A, SAOHEI_REPORT_B,
} from './fixtures';

const T = NEAR_DUPLICATE_MAX_DISTANCE;
const TWO_POW_63 = 1n << 63n;

const TEXTS = {
  SAOHEI_REPORT_A, SAOHEI_REPORT_B, POLICE_PUBLICITY_A, POLICE_PUBLICITY_B, FRAUD_LEAD_A, FRAUD_LEAD_B,
} as const;

describe('textFingerprint', () => {
  it('is deterministic and in the signed 64-bit range of a PostgreSQL bigint', () => {
    for (const text of ALL_FIXTURE_TEXTS) {
      const fp = textFingerprint(text);
      expect(textFingerprint(text)).toBe(fp);
      expect(fp >= -TWO_POW_63 && fp < TWO_POW_63).toBe(true);
      expect(hammingDistance(fp, textFingerprint(String(text)))).toBe(0);
    }
  });

  it('gives 0n to texts without words (empty, punctuation, numbers only)', () => {
    for (const text of ['', '   \n\t', '。，、！？……——', '2024 12 31', '2024-12-31 ¥100 ①② 3.8%']) expect(textFingerprint(text)).toBe(0n);
  });

  it('ignores whitespace, punctuation, full-/half-width and letter case entirely (distance 0)', () => {
    for (const [name, text] of Object.entries(TEXTS)) {
      const fp = textFingerprint(text);
      for (const edited of [addWhitespaceAndPunctuation(text), swapWidths(text), text.toLowerCase(), swapWidths(addWhitespaceAndPunctuation(text))]) {
        expect(edited, name).not.toBe(text);
        expect(hammingDistance(fp, textFingerprint(edited)), name).toBe(0);
      }
    }
  });

  const lightEdits: [string, (t: string) => string][] = [
    ['a changed date', changeDate],
    ['one character changed', (t) => replaceChars(t, 1)],
    ['three characters changed', (t) => replaceChars(t, 3)],
    ['five characters changed', (t) => replaceChars(t, 5, '甲')],
    ['date + 3 characters + whitespace/punctuation + widths', (t) => swapWidths(addWhitespaceAndPunctuation(changeDate(replaceChars(t, 3))))],
  ];
  for (const [editName, edit] of lightEdits) {
    it(`keeps the same article within the threshold after ${editName}`, () => {
      for (const [name, text] of Object.entries(TEXTS)) {
        const edited = edit(text);
        expect(normalizeForFingerprint(edited), name).not.toBe(normalizeForFingerprint(text));
        const d = hammingDistance(textFingerprint(text), textFingerprint(edited));
        expect(d, `${name}: ${editName}`).toBeLessThanOrEqual(T);
      }
    });
  }

  it('keeps the longer reports within the threshold for any ≤ 5 random character changes', () => {
    const long = [SAOHEI_REPORT_A, SAOHEI_REPORT_B, POLICE_PUBLICITY_A, POLICE_PUBLICITY_B];
    const fps = long.map(textFingerprint);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: long.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...'的是警民案件宣传工作扫黑组织')), { minLength: 1, maxLength: 5 }),
        (which, changes) => {
          const chars = [...long[which]!];
          for (const [pos, c] of changes) chars[pos % chars.length] = c;
          expect(hammingDistance(fps[which]!, textFingerprint(chars.join('')))).toBeLessThanOrEqual(T);
        },
      ),
      { numRuns: 60, seed: 20240206 },
    );
  });

  it('tells different articles on the same topic apart (above the threshold)', () => {
    const sameTopic: [string, string, string][] = [
      ['扫黑除恶: county work summary vs district publicity report', SAOHEI_REPORT_A, SAOHEI_REPORT_B],
      ['公安宣传: city annual summary vs county media experience', POLICE_PUBLICITY_A, POLICE_PUBLICITY_B],
      ['反诈 leads: a solved case vs a publicity event', FRAUD_LEAD_A, FRAUD_LEAD_B],
    ];
    for (const [name, a, b] of sameTopic) {
      expect(hammingDistance(textFingerprint(a), textFingerprint(b)), name).toBeGreaterThan(T);
    }
    // and every other pair of different fixtures as well
    for (let i = 0; i < ALL_FIXTURE_TEXTS.length; i++) {
      for (let j = i + 1; j < ALL_FIXTURE_TEXTS.length; j++) {
        const d = hammingDistance(textFingerprint(ALL_FIXTURE_TEXTS[i]!), textFingerprint(ALL_FIXTURE_TEXTS[j]!));
        expect(d, `fixtures ${i} vs ${j}`).toBeGreaterThan(T);
      }
    }
  });

  it('uses every bit: over many unrelated clauses each bit is set about half the time', () => {
    const paragraphs = ALL_FIXTURE_TEXTS.flatMap((t) => t.split(/[。，；\n]/)).filter((p) => p.length >= 12);
    expect(paragraphs.length).toBeGreaterThan(150);
    const fps = paragraphs.map((p) => BigInt.asUintN(64, textFingerprint(p)));
    for (let bit = 0n; bit < 64n; bit++) {
      const share = fps.filter((fp) => (fp >> bit) & 1n).length / fps.length;
      expect(share, `bit ${bit}`).toBeGreaterThan(0.25);
      expect(share, `bit ${bit}`).toBeLessThan(0.75);
    }
    // and the bits are not copies of each other (64 independent samples of the text, not fewer)
    for (let i = 0n; i < 64n; i++) {
      for (let j = i + 1n; j < 64n; j++) {
        const agree = fps.filter((fp) => ((fp >> i) & 1n) === ((fp >> j) & 1n)).length / fps.length;
        expect(agree, `bits ${i} and ${j}`).toBeGreaterThan(0.2);
        expect(agree, `bits ${i} and ${j}`).toBeLessThan(0.8);
      }
    }
    let total = 0;
    for (let i = 1; i < fps.length; i++) total += hammingDistance(fps[i - 1]!, fps[i]!);
    const mean = total / (fps.length - 1);
    expect(mean).toBeGreaterThan(28);
    expect(mean).toBeLessThan(36);
  });
});

describe('normalisation and tokens', () => {
  it('normalises width, case, whitespace and punctuation', () => {
    expect(normalizeForFingerprint('ＸＸ派出所　破获 “电诈” 案件，共２起！\u200b')).toBe('xx派出所破获电诈案件共2起');
  });

  it('drops stop words and numbers, keeps content words', () => {
    const tokens = fingerprintTokens('2024年3月12日，XX派出所的民警成功破获了一起电信诈骗案件。');
    expect(tokens).toEqual(expect.arrayContaining(['派出所', '民警', '破获', '电信', '诈骗', '案件', 'xx']));
    for (const dropped of ['的', '了', '2024', '3', '12', '，', '。']) expect(tokens).not.toContain(dropped);
  });
});

describe('hammingDistance and similarity', () => {
  it('counts differing bits, mixing signed and unsigned forms', () => {
    expect(hammingDistance(0n, 0n)).toBe(0);
    expect(hammingDistance(1n, 2n)).toBe(2);
    expect(hammingDistance(0n, -1n)).toBe(64);
    expect(hammingDistance(-1n, (1n << 64n) - 1n)).toBe(0);
    expect(hammingDistance(-TWO_POW_63, TWO_POW_63)).toBe(0);
    expect(hammingDistance(0x0f0f_0000_0000_00f0n, 0x0f00_0000_0000_00ffn)).toBe(8);
  });

  it('rejects values that are not 64-bit', () => {
    expect(() => hammingDistance(1n << 64n, 0n)).toThrow(RangeError);
    expect(() => hammingDistance(0n, -TWO_POW_63 - 1n)).toThrow(RangeError);
  });

  it('agrees with a bit-by-bit count (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -TWO_POW_63, max: TWO_POW_63 - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (a, b) => {
        let n = 0;
        for (let i = 0n; i < 64n; i++) if (((BigInt.asUintN(64, a) >> i) & 1n) !== ((b >> i) & 1n)) n++;
        expect(hammingDistance(a, b)).toBe(n);
        expect(hammingDistance(b, a)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('maps distance to a 0..1 similarity: 1 when equal, 0 at half the bits or more', () => {
    expect(similarity(5n, 5n)).toBe(1);
    expect(similarity(0n, 0xffn)).toBeCloseTo(0.75);
    expect(similarity(0n, 0xffff_ffffn)).toBe(0);
    expect(similarity(0n, -1n)).toBe(0);
    const fpA = textFingerprint(SAOHEI_REPORT_A);
    expect(similarity(fpA, textFingerprint(replaceChars(SAOHEI_REPORT_A, 3)))).toBeGreaterThan(0.8);
    expect(similarity(fpA, textFingerprint(SAOHEI_REPORT_B))).toBeLessThan(0.5);
  });
});
