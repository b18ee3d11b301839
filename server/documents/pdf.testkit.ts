/**
 * Test support for documents read the way a reader sees them: LibreOffice converts .docx (or .xlsx)
 * files, pdftotext -bbox-layout says where every line landed. Needs soffice, pdftotext, pdftoppm and
 * unzip (`npm test` installs them: scripts/system-deps.ts, dep "office"); without them tests FAIL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const PT_PER_MM = 72 / 25.4;
export const mmPt = (v: number): number => v * PT_PER_MM;
/** The GB/T 9704 text block on the page, in points from the top left. */
export const TOP = mmPt(37);
export const LEFT = mmPt(28);
export const RIGHT = mmPt(28 + 156);
export const BOTTOM = mmPt(37 + 225);

export type Box = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };
export type Line = Box & { words: Box[] };
export type Page = { width: number; height: number; lines: Line[] };

/** pdftotext -bbox-layout: pages and their lines (words joined by a space), top to bottom. */
export function readPdf(pdf: string): Page[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const num = (s: string, k: string) => Number(new RegExp(`${k}="([\\d.]+)"`).exec(s)![1]);
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return xml
    .split('<page ')
    .slice(1)
    .map((chunk) => {
      const lines: Line[] = [];
      for (const m of chunk.matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)) {
        const box = (attrs: string, text: string): Box => ({ text, xMin: num(attrs, 'xMin'), yMin: num(attrs, 'yMin'), xMax: num(attrs, 'xMax'), yMax: num(attrs, 'yMax') });
        const words = [...m[2]!.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((w) => box(w[1]!, unescape(w[2]!)));
        lines.push({ ...box(m[1]!, words.map((w) => w.text).join(' ')), words });
      }
      lines.sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
      return { width: num(chunk, 'width'), height: num(chunk, 'height'), lines };
    });
}

export const bodyLines = (p: Page): Line[] => p.lines.filter((l) => l.yMax <= BOTTOM + 1);
export const footerLines = (p: Page): Line[] => p.lines.filter((l) => l.yMin > BOTTOM);
export const squash = (s: string): string => s.replace(/\s+/g, '');

export function requireTools(): void {
  for (const [cmd, args] of [['soffice', ['--version']], ['pdftotext', ['-v']], ['pdftoppm', ['-v']], ['unzip', ['-v']]] as const) {
    const r = spawnSync(cmd, [...args], { encoding: 'utf8' });
    if (r.error !== undefined) {
      throw new Error(`${cmd} is missing (${String(r.error)}): install libreoffice-writer, poppler-utils and unzip (npx tsx scripts/system-deps.ts office)`);
    }
  }
}

/**
 * One LibreOffice run converting `files` to `to` (e.g. "pdf", or a csv filter string) into `outDir`,
 * with a profile of its own and the GB font names mapped to Debian's free CJK fonts (fonts.conf).
 */
export function soffice(files: string[], to: string, outDir: string, profile: string): void {
  const r = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, ...files], {
    encoding: 'utf8',
    env: { ...process.env, FONTCONFIG_FILE: join(here, 'fonts.conf') },
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`soffice failed (${r.status ?? r.signal}): ${r.stderr}`);
}

export function unzipText(file: string, part: string): string {
  return execFileSync('unzip', ['-p', file, part], { encoding: 'utf8' });
}
