/**
 * The briefing .docx checked the way a reader would: LibreOffice converts it to PDF, pdftotext -bbox-layout
 * tells where every line landed, and the page is measured against GB/T 9704-2012 (A4, 天头 37 mm,
 * 订口 28 mm, 22 lines × 28 characters, page numbers, 版记 at the bottom of the last page). The XML in the
 * .docx is read too (fonts, sizes, colour, grid). PNG renders of every page go to docs/screenshots/.
 *
 * Needs soffice, pdftotext, pdftoppm and unzip (`npm test` installs them: scripts/system-deps.ts, dep
 * "office"); without them the tests FAIL, they never skip. One LibreOffice run converts all documents.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BriefingDocument } from './briefing-document';
import { briefingClosing, issueLine, renderBriefingDocx } from './briefing-docx';
import { demoComprehensiveBriefing, demoNotice, demoStandaloneBriefing } from './briefing-fixture';
import { dateZh, LINE_PITCH, printedWidth, signatureBlock, signaturePositions, widthInChars } from './official-layout';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const SHOTS = join(repo, 'docs', 'screenshots');

const PT_PER_MM = 72 / 25.4;
const mmPt = (v: number) => v * PT_PER_MM;
const TOP = mmPt(37);
const LEFT = mmPt(28);
const RIGHT = mmPt(28 + 156);
const BOTTOM = mmPt(37 + 225);
const TOL = mmPt(1.5);
const PITCH = LINE_PITCH / 20; // 28.95 pt

type Line = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };
type Page = { width: number; height: number; lines: Line[] };

/** pdftotext -bbox-layout: pages and their lines (words joined), top to bottom. */
function readPdf(pdf: string): Page[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const num = (s: string, k: string) => Number(new RegExp(`${k}="([\\d.]+)"`).exec(s)![1]);
  return xml
    .split('<page ')
    .slice(1)
    .map((chunk) => {
      const lines: Line[] = [];
      for (const m of chunk.matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)) {
        const words = [...m[2]!.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => w[1]!);
        lines.push({ text: words.join(' '), xMin: num(m[1]!, 'xMin'), yMin: num(m[1]!, 'yMin'), xMax: num(m[1]!, 'xMax'), yMax: num(m[1]!, 'yMax') });
      }
      lines.sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
      return { width: num(chunk, 'width'), height: num(chunk, 'height'), lines };
    });
}

const bodyLines = (p: Page) => p.lines.filter((l) => l.yMax <= BOTTOM + 1);
const footerLines = (p: Page) => p.lines.filter((l) => l.yMin > BOTTOM);
/** Characters a reader counts on a line: every CJK character and punctuation mark one, Latin runs as they are. */
const charCount = (s: string) => [...s.replace(/\s+/g, '')].length;

/** A long standalone issue of plain paragraphs: its middle pages are full pages of body text. */
function longPlainBriefing(): BriefingDocument {
  const p =
    '今年以来，各派出所坚持把群众安全感和满意度作为检验工作成效的根本标准，深入开展矛盾纠纷排查化解，全面落实社区民警包片责任，推动警力下沉、服务前移，努力把问题解决在基层、把矛盾化解在萌芽状态，辖区治安秩序持续平稳向好。';
  return {
    ...demoStandaloneBriefing(),
    restrictedMark: undefined,
    supplement: false,
    number: 3,
    items: [{ title: '全旗公安机关扎实推进社区警务工作', body: Array.from({ length: 14 }, () => p).join('\n') }],
  };
}

const DOCS: Record<string, () => BriefingDocument> = {
  comprehensive: demoComprehensiveBriefing,
  standalone: demoStandaloneBriefing,
  notice: demoNotice,
  long: longPlainBriefing,
};

let work: string;
const docx: Record<string, Buffer> = {};
const pages: Record<string, Page[]> = {};

function requireTool(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error !== undefined) {
    throw new Error(`${cmd} is missing (${String(r.error)}): install libreoffice-writer, poppler-utils and unzip (npx tsx scripts/system-deps.ts office)`);
  }
}

function unzip(name: string, part: string): string {
  return execFileSync('unzip', ['-p', join(work, `${name}.docx`), part], { encoding: 'utf8' });
}

beforeAll(async () => {
  for (const [cmd, args] of [['soffice', ['--version']], ['pdftotext', ['-v']], ['pdftoppm', ['-v']], ['unzip', ['-v']]] as const) requireTool(cmd, [...args]);
  work = mkdtempSync(join(tmpdir(), 'briefing-docx-'));
  for (const [name, make] of Object.entries(DOCS)) {
    docx[name] = await renderBriefingDocx(make());
    writeFileSync(join(work, `${name}.docx`), docx[name]);
  }
  // One LibreOffice run for every document, with a profile of its own; the GB font names mapped to
  // Debian's free CJK fonts (server/documents/fonts.conf).
  const r = spawnSync(
    'soffice',
    [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, ...Object.keys(DOCS).map((n) => join(work, `${n}.docx`))],
    { encoding: 'utf8', env: { ...process.env, FONTCONFIG_FILE: join(here, 'fonts.conf') }, timeout: 300_000 },
  );
  if (r.status !== 0) throw new Error(`soffice failed (${r.status ?? r.signal}): ${r.stderr}`);
  mkdirSync(SHOTS, { recursive: true });
  for (const f of readdirSync(SHOTS)) if (/^briefing-.*\.png$/.test(f)) rmSync(join(SHOTS, f));
  for (const name of Object.keys(DOCS)) {
    const pdf = join(work, `${name}.pdf`);
    pages[name] = readPdf(pdf);
    if (name !== 'long') execFileSync('pdftoppm', ['-r', '60', '-png', pdf, join(SHOTS, `briefing-${name}`)]);
  }
}, 360_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the printed page (LibreOffice → PDF)', () => {
  it('is A4 on every page of every document', () => {
    for (const [name, ps] of Object.entries(pages)) {
      expect(ps.length, name).toBeGreaterThan(0);
      for (const p of ps) {
        expect(Math.abs(p.width - 595.3), name).toBeLessThanOrEqual(1);
        expect(Math.abs(p.height - 841.9), name).toBeLessThanOrEqual(1);
      }
    }
  });

  it('keeps the text block: left edge at 28 mm, right edge at 184 mm, first line at 37 mm', () => {
    const ps = pages.long!;
    expect(ps.length).toBeGreaterThanOrEqual(3);
    for (const p of ps.slice(1, -1)) {
      const body = bodyLines(p);
      const left = Math.min(...body.map((l) => l.xMin));
      expect(Math.abs(left - LEFT)).toBeLessThanOrEqual(TOL);
      // full lines end at the right edge (a hanging full stop may go past it)
      const fullRight = body.filter((l) => l.xMax > RIGHT - 20 && l.xMax < RIGHT + 2);
      expect(fullRight.length).toBeGreaterThan(10);
      // the first line's grid cell starts at the top of the text block: its glyphs sit at the
      // bottom of a 28.95 pt line, so the line's top is its box's bottom less one line pitch
      const first = body[0]!;
      expect(Math.abs(first.yMax - PITCH - TOP)).toBeLessThanOrEqual(TOL);
      expect(first.yMin).toBeGreaterThan(TOP - 1);
      expect(first.yMin).toBeLessThan(TOP + PITCH);
    }
  });

  it('sets 22 lines on a full page, one line pitch (28.95 pt) apart', () => {
    const p = pages.long![1]!;
    const body = bodyLines(p);
    expect(body).toHaveLength(22);
    for (let i = 1; i < body.length; i++) expect(Math.abs(body[i]!.yMin - body[i - 1]!.yMin - PITCH)).toBeLessThan(0.6);
    expect(body[21]!.yMax).toBeLessThanOrEqual(BOTTOM + 0.5);
  });

  it('sets 28 characters on a full line', () => {
    const counts = pages
      .long!.slice(1, -1)
      .flatMap(bodyLines)
      .filter((l) => l.xMin < LEFT + 2 && l.xMax > RIGHT - 20) // starts at the margin, runs to the end
      .map((l) => charCount(l.text.replace(/[，。、；：”）]$/, (m) => (l.xMax > RIGHT + 2 ? '' : m)))); // a hanging stop is outside the block
    expect(counts.length, String(counts)).toBeGreaterThanOrEqual(15);
    const exactly28 = counts.filter((c) => c === 28).length;
    // A line may hold 27 when a punctuation mark may not start the next one (禁则); never 29.
    expect(Math.max(...counts), String(counts)).toBe(28);
    expect(exactly28 / counts.length).toBeGreaterThan(0.8);
  });

  it('numbers pages "— N —" in the footer: odd pages at the right, even pages at the left, one character in', () => {
    for (const [name, ps] of Object.entries(pages)) {
      ps.forEach((p, i) => {
        const n = i + 1;
        const f = footerLines(p);
        expect(f, `${name} p${n}`).toHaveLength(1);
        const line = f[0]!;
        expect(line.text.replace(/\s+/g, ' ').trim(), `${name} p${n}`).toBe(`— ${n} —`);
        // 7 mm under the text block (GB/T 9704 7.5), give or take
        expect(line.yMin - BOTTOM).toBeGreaterThan(mmPt(4));
        expect(line.yMin - BOTTOM).toBeLessThan(mmPt(10));
        if (n % 2 === 1) expect(Math.abs(line.xMax - (RIGHT - 14)), `${name} p${n} right`).toBeLessThanOrEqual(TOL);
        else expect(Math.abs(line.xMin - (LEFT + 14)), `${name} p${n} left`).toBeLessThanOrEqual(TOL);
      });
    }
  });

  it('prints the 简报 masthead first: name, issue number centred, issuer left and date right', () => {
    const first = bodyLines(pages.comprehensive![0]!);
    expect(first[0]!.text).toBe('公安宣传工作简报');
    const centre = (l: Line) => (l.xMin + l.xMax) / 2;
    expect(Math.abs(centre(first[0]!) - (LEFT + RIGHT) / 2)).toBeLessThan(3);
    expect(first[1]!.text.replace(/\s/g, '')).toBe('2024年第12期');
    expect(Math.abs(centre(first[1]!) - (LEFT + RIGHT) / 2)).toBeLessThan(3);
    const issuerLine = first.filter((l) => Math.abs(l.yMin - first[2]!.yMin) < 1);
    expect(issuerLine.map((l) => l.text.replace(/\s/g, '')).join('|')).toContain('乌审旗公安局政治工作办公室');
    const issuer = issuerLine.find((l) => l.text.startsWith('乌审旗'))!;
    expect(Math.abs(issuer.xMin - LEFT)).toBeLessThanOrEqual(TOL);
    const date = issuerLine.map((l) => l.text.replace(/\s/g, '')).join('');
    expect(date.endsWith('2024年7月8日')).toBe(true);
    expect(Math.max(...issuerLine.map((l) => l.xMax))).toBeGreaterThan(RIGHT - 3);
  });

  it('prints a restricted mark above the masthead and a supplement as 增刊第1期', () => {
    const first = bodyLines(pages.standalone![0]!);
    // the mark's wide space may split it into two pdftotext lines on the same row
    const row = first.filter((l) => Math.abs(l.yMin - first[0]!.yMin) < 1);
    expect(row.map((l) => l.text).join('').replace(/\s/g, '')).toBe('内部资料注意保存');
    expect(Math.abs(row[0]!.xMin - LEFT)).toBeLessThanOrEqual(TOL);
    const rest = first.slice(row.length);
    expect(rest[0]!.text).toBe('扫黑除恶专项斗争专报');
    expect(rest[1]!.text.replace(/\s/g, '')).toBe('增刊第1期');
  });

  it('lays a 通报 out as a 公文: 发文机关标志 35 mm down, 发文字号 under it, title, signature and date at the right', () => {
    const first = bodyLines(pages.notice![0]!);
    expect(first[0]!.text).toBe('乌审旗公安局文件');
    // top of the 发文机关标志's glyphs about 35 mm below the top of the text block
    expect(first[0]!.yMin - TOP).toBeGreaterThan(mmPt(33));
    expect(first[0]!.yMin - TOP).toBeLessThan(mmPt(42));
    expect(first[1]!.text.replace(/\s/g, '')).toBe('乌公发〔2024〕12号');
    expect(first[2]!.text.replace(/\s/g, '')).toBe('关于2024年上半年宣传工作情况的通报');
    expect(first[3]!.text).toBe('各派出所、局机关各部门、各直属单位：');
    expect(Math.abs(first[3]!.xMin - LEFT)).toBeLessThanOrEqual(TOL);
    const all = pages.notice!.flatMap(bodyLines);
    const sig = all.find((l) => l.text.replace(/\s/g, '') === '乌审旗公安局')!;
    const date = all.find((l) => l.text.replace(/\s/g, '') === '2024年7月15日')!;
    expect(sig).toBeDefined();
    expect(date).toBeDefined();
    expect(date.yMin).toBeGreaterThan(sig.yMin);
    // the date's first character two characters right of the signature's; it ends 2 characters from the right
    expect(Math.abs(RIGHT - date.xMax - 2 * 15.79)).toBeLessThan(2);
    expect(Math.abs(date.xMin - sig.xMin - 2 * 15.79)).toBeLessThan(8); // digits' widths vary by font
  });

  it('ends with the 版记 at the bottom of the last page: 报, 送, 发, 共印N份, 印发', () => {
    for (const [name, make] of Object.entries(DOCS)) {
      const doc = make();
      const last = bodyLines(pages[name]!.at(-1)!);
      const text = (l: Line) => l.text.replace(/\s/g, '');
      const find = (prefix: string) => last.find((l) => text(l).startsWith(prefix));
      const report = find('报：')!;
      const send = find('送：')!;
      const issue = find('发：')!;
      const copies = find(`（共印${doc.copies}份）`)!;
      const printed = last.filter((l) => text(l).endsWith('印发'));
      for (const [k, l] of Object.entries({ report, send, issue, copies })) expect(l, `${name} ${k}`).toBeDefined();
      expect(printed, name).toHaveLength(1);
      expect(report.yMin).toBeLessThan(send.yMin);
      expect(send.yMin).toBeLessThan(issue.yMin);
      expect(issue.yMin).toBeLessThan(copies.yMin);
      expect(copies.yMin).toBeLessThan(printed[0]!.yMin);
      // the last line of the 版记 is the last line of the text block
      expect(BOTTOM - printed[0]!.yMax, name).toBeGreaterThanOrEqual(0);
      expect(BOTTOM - printed[0]!.yMax, name).toBeLessThan(PITCH);
      // nothing of the body below the 版记's first line
      expect(last.filter((l) => l.yMin > report.yMin && !l.text.includes('：') && l !== copies && l !== printed[0] && l.xMin < report.xMin - 1), name).toHaveLength(0);
    }
  });

  it('wrote PNG renders of every page to docs/screenshots/', () => {
    const shots = readdirSync(SHOTS).filter((f) => /^briefing-.*\.png$/.test(f));
    for (const name of ['comprehensive', 'standalone', 'notice']) {
      expect(shots.filter((f) => f.startsWith(`briefing-${name}-`)).length).toBe(pages[name]!.length);
    }
  });
});

describe('the .docx itself (WordprocessingML)', () => {
  it('names the GB fonts with East-Asian attributes and the GB sizes in styles.xml', () => {
    const styles = unzip('comprehensive', 'word/styles.xml');
    const style = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)?.[0] ?? '';
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*w:eastAsia="仿宋_GB2312"[\s\S]*<w:sz w:val="32"\/>/);
    expect(style('GwBody')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(style('GwBody')).toContain('<w:sz w:val="32"/>');
    expect(style('GwTitle')).toContain('w:eastAsia="方正小标宋简体"');
    expect(style('GwTitle')).toContain('<w:sz w:val="44"/>');
    expect(style('GwHeading1')).toContain('w:eastAsia="黑体"');
    expect(style('GwHeading2')).toContain('w:eastAsia="楷体_GB2312"');
    expect(style('GwPageNumber')).toContain('w:eastAsia="宋体"');
    expect(style('GwPageNumber')).toContain('<w:sz w:val="28"/>');
    expect(style('GwMasthead')).toContain('<w:color w:val="FF0000"/>');
  });

  it('sets A4, the GB margins, the 22-line grid and odd/even footers', () => {
    const doc = unzip('comprehensive', 'word/document.xml');
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const mar = /<w:pgMar ([^>]*)\/>/.exec(doc)![1]!;
    const attr = (k: string) => Number(new RegExp(`w:${k}="(\\d+)"`).exec(mar)![1]);
    expect(attr('top')).toBe(2098); // 37 mm
    expect(attr('left')).toBe(1587); // 28 mm
    expect(11906 - attr('left') - attr('right')).toBe(8845); // 156 mm
    expect(16838 - attr('top') - attr('bottom')).toBe(12756); // 225 mm
    expect(doc).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"\/>/);
    expect(22 * 579).toBeLessThanOrEqual(12756);
    expect(23 * 579).toBeGreaterThan(12756);
    expect(unzip('comprehensive', 'word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    expect(doc).toMatch(/<w:footerReference w:type="default"/);
    expect(doc).toMatch(/<w:footerReference w:type="even"/);
    // the masthead in red 方正小标宋简体; the title and masthead off the grid, w:snapToGrid where the schema wants it
    expect(doc).toMatch(/<w:color w:val="FF0000"\/>[\s\S]*?公安宣传工作简报/);
    expect(doc).toMatch(/<w:pStyle w:val="GwTitle"\/><w:snapToGrid w:val="false"\/><\/w:pPr>/);
    expect(doc).toMatch(/<w:pStyle w:val="GwMasthead"\/><w:snapToGrid w:val="false"\/><w:spacing /);
    // 版记: a floating table at the bottom of the text block
    expect(doc).toMatch(/<w:tblpPr [^>]*w:tblpYSpec="bottom"[^>]*w:vertAnchor="margin"/);
  });

  it('puts "— PAGE —" in 宋体 at the right of odd pages and the left of even pages', () => {
    const footers = ['word/footer1.xml', 'word/footer2.xml'].map((f) => unzip('comprehensive', f));
    for (const f of footers) {
      expect(f).toContain('>— </w:t>');
      expect(f).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(f).toContain('w:eastAsia="宋体"');
    }
    expect(footers.some((f) => f.includes('<w:jc w:val="right"/>'))).toBe(true);
    expect(footers.some((f) => f.includes('<w:jc w:val="left"/>'))).toBe(true);
  });
});

describe('the pieces', () => {
  it('writes dates and issue numbers the GB way', () => {
    expect(dateZh('2024-03-05')).toBe('2024年3月5日');
    expect(dateZh('2024-12-31')).toBe('2024年12月31日');
    expect(() => dateZh('2024-3-5')).toThrow(/YYYY-MM-DD/);
    expect(issueLine({ year: 2024, number: 12, supplement: false })).toBe('2024年第12期');
    expect(issueLine({ year: 2024, number: 1, supplement: true })).toBe('增刊第1期');
    expect(widthInChars('2024年3月5日')).toBe(6);
  });

  it('places the signature two characters from the right and the date two characters further in, or the date two from the right when it is longer', () => {
    expect(printedWidth('2024年7月15日')).toBe(7.85); // 3 + 7 × 0.55 + 5 × 0.2
    // signature (13 characters) longer than the date: signature ends 2 from the right, date starts 2 further in
    expect(signaturePositions('乌审旗公安局政治工作办公室', '2024年7月15日')).toEqual({ sigStart: 13, dateStart: 15, anchor: 'signature' });
    // date longer than the signature allows: the date ends 2 from the right, the signature starts 2 before it
    expect(signaturePositions('乌审旗公安局', '2024年7月15日')).toEqual({ sigStart: 16.15, dateStart: 18.15, anchor: 'date' });
    expect(signatureBlock('乌审旗公安局', '2024年7月15日')).toHaveLength(3);
  });

  it('builds the 版记 from 报/送/发, ending each list with 。 and leaving out empty parts', () => {
    const c = briefingClosing({ ...demoComprehensiveBriefing(), distribution: { report: ['市局'], send: [], issue: ['各派出所', '局机关各部门'] }, copies: 12 });
    expect(c.distribution).toEqual(['报：市局。', '发：各派出所，局机关各部门。', '（共印12份）']);
    expect(c.lastLine).toEqual({ left: '乌审旗公安局政治工作办公室', right: '2024年7月8日印发' });
  });

  it('refuses an issue without items, with a clear message', async () => {
    await expect(renderBriefingDocx({ ...demoComprehensiveBriefing(), items: [] })).rejects.toThrow(/没有稿件/);
    await expect(renderBriefingDocx({ ...demoComprehensiveBriefing(), date: '8 July' })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
