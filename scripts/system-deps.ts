// System packages the test phases need, checked (and as root installed with apt-get) up front.
//
//   postgres  PostgreSQL server binaries (/usr/lib/postgresql/<v>/bin/initdb)  – int tests on pg
//   chromium  /usr/bin/chromium, or $CHROMIUM_PATH                             – e2e tests
//   cjk-font  a font covering Chinese (`fc-list :lang=zh` non-empty)           – e2e screenshots
//   office    soffice, pdftotext, pdftoppm, unzip, a 楷体-like font              – .docx layout tests
//             (server/documents: LibreOffice converts, poppler measures); LibreOffice Calc
//             for the .xlsx notices (server/scoring/notices-xlsx.test.ts reads them as shown)
//
// Run directly: `npx tsx scripts/system-deps.ts [postgres] [chromium] [cjk-font]` (default: all).

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { findPgBinDir } from './pg-cluster';

export type SystemDep = 'postgres' | 'chromium' | 'cjk-font' | 'office';
export const ALL_SYSTEM_DEPS: readonly SystemDep[] = ['postgres', 'chromium', 'cjk-font', 'office'];

/** What the .docx layout tests run, and the Debian package of each. */
const OFFICE_TOOLS: readonly [string, string][] = [
  ['soffice', 'libreoffice-writer'],
  ['pdftotext', 'poppler-utils'],
  ['pdftoppm', 'poppler-utils'],
  ['unzip', 'unzip'],
];

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export interface DepStatus {
  dep: SystemDep;
  ok: boolean;
  /** what was found, or why it is missing */
  detail: string;
  /** Debian packages that provide it */
  packages: string[];
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function checkDep(dep: SystemDep): DepStatus {
  switch (dep) {
    case 'postgres': {
      const bin = findPgBinDir();
      return bin === null
        ? { dep, ok: false, detail: 'no /usr/lib/postgresql/*/bin/initdb', packages: ['postgresql'] }
        : { dep, ok: true, detail: bin, packages: ['postgresql'] };
    }
    case 'chromium': {
      const p = chromiumPath();
      return isExecutable(p)
        ? { dep, ok: true, detail: p, packages: ['chromium'] }
        : { dep, ok: false, detail: `${p} not found`, packages: ['chromium'] };
    }
    case 'cjk-font': {
      const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
      if (r.error !== undefined) {
        return { dep, ok: false, detail: 'fc-list not found', packages: ['fontconfig', 'fonts-noto-cjk'] };
      }
      const first = r.stdout.split('\n').find((l) => l.trim() !== '');
      return first === undefined
        ? { dep, ok: false, detail: 'no font for :lang=zh', packages: ['fonts-noto-cjk'] }
        : { dep, ok: true, detail: first.trim(), packages: ['fonts-noto-cjk'] };
    }
    case 'office': {
      const missing = OFFICE_TOOLS.filter(([cmd]) => !onPath(cmd));
      const kai = spawnSync('fc-list', ['AR PL UKai CN', 'family'], { encoding: 'utf8' });
      const hasKai = kai.error === undefined && kai.stdout.trim() !== '';
      // Calc has no command of its own: its library says whether soffice can open an .xlsx
      const hasCalc = existsSync('/usr/lib/libreoffice/program/libsclo.so');
      const packages = [...new Set([...missing.map(([, pkg]) => pkg), ...(hasKai ? [] : ['fonts-arphic-ukai']), ...(hasCalc ? [] : ['libreoffice-calc'])])];
      if (packages.length === 0) return { dep, ok: true, detail: 'soffice (Writer, Calc), pdftotext, pdftoppm, unzip, AR PL UKai', packages: [] };
      const what = [...missing.map(([cmd]) => cmd), ...(hasKai ? [] : ['font AR PL UKai CN']), ...(hasCalc ? [] : ['LibreOffice Calc'])];
      return { dep, ok: false, detail: `missing ${what.join(', ')}`, packages };
    }
  }
}

/** Debian packages to install for the missing deps, in a stable order, without duplicates. */
export function packagesFor(missing: readonly DepStatus[]): string[] {
  return [...new Set(missing.filter((s) => !s.ok).flatMap((s) => s.packages))];
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

let aptUpdated = false;

function apt(args: string[]): boolean {
  process.stderr.write(`[system-deps] apt-get ${args.join(' ')}\n`);
  const r = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.error !== undefined) process.stderr.write(`[system-deps] ${String(r.error)}\n`);
  return r.status === 0;
}

export interface EnsureResult {
  /** status of every requested dep after any installation */
  statuses: DepStatus[];
  /** the deps still missing (empty when all is well) */
  missing: SystemDep[];
  /** set when something is missing: what to tell the user */
  message?: string;
}

/**
 * Checks the deps; as root installs the missing ones with apt-get (one `apt-get update` per
 * process); otherwise reports the command to run. Never throws.
 */
export function ensureSystemDeps(deps: readonly SystemDep[]): EnsureResult {
  let statuses = deps.map(checkDep);
  let missing = statuses.filter((s) => !s.ok);
  if (missing.length === 0) return { statuses, missing: [] };

  const pkgs = packagesFor(missing);
  for (const s of missing) process.stderr.write(`[system-deps] missing ${s.dep}: ${s.detail}\n`);

  if (!isRoot()) {
    const line = `sudo apt-get install -y ${pkgs.join(' ')}`;
    return {
      statuses,
      missing: missing.map((s) => s.dep),
      message: `missing system packages; install them with:\n  ${line}`,
    };
  }
  if (spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) {
    return {
      statuses,
      missing: missing.map((s) => s.dep),
      message: `missing system packages and no apt-get here; install the equivalents of: ${pkgs.join(' ')}`,
    };
  }
  if (!aptUpdated) {
    aptUpdated = apt(['update', '-q']);
  }
  apt(['install', '-y', '-q', '--no-install-recommends', ...pkgs]);

  statuses = deps.map(checkDep);
  missing = statuses.filter((s) => !s.ok);
  if (missing.length === 0) return { statuses, missing: [] };
  return {
    statuses,
    missing: missing.map((s) => s.dep),
    message:
      `still missing after apt-get install ${pkgs.join(' ')}: ` +
      missing.map((s) => `${s.dep} (${s.detail})`).join(', '),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const asked = process.argv.slice(2);
  const bad = asked.filter((a) => !(ALL_SYSTEM_DEPS as readonly string[]).includes(a));
  if (bad.length > 0) {
    process.stderr.write(`unknown dep ${bad.join(', ')}; expected: ${ALL_SYSTEM_DEPS.join(' ')}\n`);
    process.exit(2);
  }
  const r = ensureSystemDeps(asked.length > 0 ? (asked as SystemDep[]) : ALL_SYSTEM_DEPS);
  for (const s of r.statuses) process.stdout.write(`${s.ok ? 'ok     ' : 'MISSING'} ${s.dep}: ${s.detail}\n`);
  if (r.message !== undefined) process.stderr.write(`${r.message}\n`);
  process.exit(r.missing.length === 0 ? 0 : 1);
}
