// `npm test` – runs every test suite, in order:
//
//   unit     vitest run --project unit
//   pglite   vitest run --project int   (XUANBAO_TEST_DB=pglite)
//   pg       vitest run --project int   (XUANBAO_TEST_DB=pg, TEST_PG_URL → throwaway cluster)
//   e2e      vitest run --project e2e   (Chromium via playwright-core)
//
// Subsets: `npm test -- unit`, `npm test -- int` (= pglite + pg), `npm test -- pg e2e`, …
// Extra vitest arguments go after a second `--`: `npm test -- unit -- server/review -t stages`.
//
// Prints a summary table and, alone on the last line, `tests: N passed, M failed[, K skipped]`.
// Exits non-zero if any phase failed, any test failed, or (with CI=true) anything was skipped.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startPgCluster, stopAllPgClusters, type PgCluster } from './pg-cluster';
import { ensureSystemDeps, type SystemDep } from './system-deps';

export type PhaseName = 'unit' | 'pglite' | 'pg' | 'e2e';

export interface PhaseSpec {
  name: PhaseName;
  label: string;
  project: 'unit' | 'int' | 'e2e';
  needs: SystemDep[];
}

export const PHASES: readonly PhaseSpec[] = [
  { name: 'unit', label: 'unit', project: 'unit', needs: ['office', 'cjk-font'] },
  { name: 'pglite', label: 'int (pglite)', project: 'int', needs: [] },
  { name: 'pg', label: 'int (pg)', project: 'int', needs: ['postgres'] },
  { name: 'e2e', label: 'e2e', project: 'e2e', needs: ['chromium', 'cjk-font', 'office'] },
];

const ALIASES: Record<string, PhaseName[]> = {
  all: ['unit', 'pglite', 'pg', 'e2e'],
  unit: ['unit'],
  int: ['pglite', 'pg'],
  pglite: ['pglite'],
  pg: ['pg'],
  e2e: ['e2e'],
};

export interface ParsedArgs {
  phases: PhaseName[];
  vitestArgs: string[];
  help: boolean;
}

/** Phase names (any order, aliases allowed) then optionally `--` and extra vitest args. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const sep = argv.indexOf('--');
  const names = sep >= 0 ? argv.slice(0, sep) : [...argv];
  const vitestArgs = sep >= 0 ? argv.slice(sep + 1) : [];
  if (names.includes('-h') || names.includes('--help')) return { phases: [], vitestArgs, help: true };
  const wanted = new Set<PhaseName>();
  for (const n of names) {
    const expanded = ALIASES[n.toLowerCase()];
    if (expanded === undefined) {
      throw new Error(`unknown test phase "${n}"; expected one of: ${Object.keys(ALIASES).join(', ')}`);
    }
    for (const p of expanded) wanted.add(p);
  }
  const all = wanted.size === 0;
  // Always run in the canonical order, whatever order they were given in.
  const phases = PHASES.map((p) => p.name).filter((p) => all || wanted.has(p));
  return { phases, vitestArgs, help: false };
}

export interface Counts {
  files: number;
  passed: number;
  failed: number;
  skipped: number;
  /** test files that failed without a failing test (import error, failing hook) */
  fileErrors: number;
}

interface JsonAssertion {
  status?: unknown;
}
interface JsonFile {
  status?: unknown;
  name?: unknown;
  message?: unknown;
  assertionResults?: unknown;
}

/** Counts from vitest's JSON report; a file that failed without a failing test counts as one failure. */
export function countJsonReport(report: unknown): Counts {
  const c: Counts = { files: 0, passed: 0, failed: 0, skipped: 0, fileErrors: 0 };
  if (typeof report !== 'object' || report === null) return c;
  const files = (report as { testResults?: unknown }).testResults;
  if (!Array.isArray(files)) return c;
  for (const f of files as JsonFile[]) {
    c.files++;
    const tests = Array.isArray(f.assertionResults) ? (f.assertionResults as JsonAssertion[]) : [];
    let failedHere = 0;
    for (const t of tests) {
      switch (t.status) {
        case 'passed':
          c.passed++;
          break;
        case 'failed':
          c.failed++;
          failedHere++;
          break;
        default: // skipped, pending, todo, disabled
          c.skipped++;
      }
    }
    if (f.status === 'failed' && failedHere === 0) {
      c.failed++;
      c.fileErrors++;
    }
  }
  return c;
}

export type PhaseOutcome = 'ok' | 'no tests' | 'FAILED' | 'not run';

export interface PhaseResult {
  spec: PhaseSpec;
  outcome: PhaseOutcome;
  counts: Counts;
  ms: number;
  notes: string[];
}

/** Judges one phase from vitest's exit code and its counts. */
export function judgePhase(
  exitCode: number | null,
  counts: Counts | null,
  ci: boolean,
): { outcome: PhaseOutcome; notes: string[] } {
  const notes: string[] = [];
  let failed = false;
  if (exitCode !== 0) {
    failed = true;
    notes.push(
      exitCode === null ? 'vitest was killed' : `vitest exited with code ${exitCode} (see its output above)`,
    );
  }
  if (counts === null) {
    if (exitCode === 0) {
      notes.push('no test files found');
      return { outcome: 'no tests', notes };
    }
    notes.push('no JSON report written');
    return { outcome: 'FAILED', notes };
  }
  if (counts.failed > 0) {
    failed = true;
    if (counts.fileErrors > 0) notes.push(`${counts.fileErrors} test file(s) failed outside any test`);
  }
  if (counts.skipped > 0 && ci) {
    failed = true;
    notes.push(`${counts.skipped} skipped/todo test(s): not allowed in CI`);
  } else if (counts.skipped > 0) {
    notes.push(`${counts.skipped} skipped/todo test(s) (fatal with CI=true)`);
  }
  if (failed) return { outcome: 'FAILED', notes };
  if (counts.files === 0) {
    notes.push('no test files found');
    return { outcome: 'no tests', notes };
  }
  return { outcome: 'ok', notes };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** The summary table plus the final `tests: …` line (always the last line). */
export function renderSummary(results: readonly PhaseResult[], totalMs: number): string {
  const rows: string[][] = [['phase', 'result', 'files', 'passed', 'failed', 'skipped', 'time']];
  for (const r of results) {
    rows.push([
      r.spec.label,
      r.outcome,
      String(r.counts.files),
      String(r.counts.passed),
      String(r.counts.failed),
      String(r.counts.skipped),
      seconds(r.ms),
    ]);
  }
  const sum = (k: keyof Counts): number => results.reduce((a, r) => a + r.counts[k], 0);
  rows.push(['total', '', String(sum('files')), String(sum('passed')), String(sum('failed')), String(sum('skipped')), seconds(totalMs)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]): string =>
    row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = '-'.repeat(fmt(rows[0]!).length);
  const lines = ['', 'Test summary', rule, fmt(rows[0]!), rule];
  for (const row of rows.slice(1, -1)) lines.push(fmt(row));
  lines.push(rule, fmt(rows[rows.length - 1]!), rule);
  for (const r of results) for (const n of r.notes) lines.push(`  ${r.spec.label}: ${n}`);
  lines.push(finalLine(sum('passed'), sum('failed'), sum('skipped')));
  return lines.join('\n');
}

export function finalLine(passed: number, failed: number, skipped: number): string {
  return `tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/** Whether the whole run is a failure. */
export function runFailed(results: readonly PhaseResult[], interrupted: boolean): boolean {
  return interrupted || results.some((r) => r.outcome === 'FAILED' || r.outcome === 'not run');
}

// ---------------------------------------------------------------------------------------------

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reportDir = join(repoRoot, '.tmp', 'test-results');

let current: ChildProcess | undefined;
let interrupted: NodeJS.Signals | undefined;

const tty = process.stdout.isTTY === true;
const paint = (code: string, text: string): string => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);

function banner(text: string): void {
  process.stdout.write(`\n${paint('1', `━━ ${text}`)}\n`);
}

function vitestBin(): string {
  const bin = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  if (!existsSync(bin)) throw new Error(`vitest not installed (${bin} missing): run npm ci`);
  return bin;
}

function runVitest(args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [vitestBin(), ...args], { cwd: repoRoot, env, stdio: 'inherit' });
    current = child;
    child.on('error', (e) => {
      process.stderr.write(`[test] could not start vitest: ${String(e)}\n`);
      current = undefined;
      res(1);
    });
    child.on('exit', (code) => {
      current = undefined;
      res(code);
    });
  });
}

function readReport(file: string): Counts | null {
  if (!existsSync(file)) return null;
  try {
    return countJsonReport(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    process.stderr.write(`[test] unreadable JSON report ${file}: ${String(e)}\n`);
    return null;
  }
}

const emptyCounts = (): Counts => ({ files: 0, passed: 0, failed: 0, skipped: 0, fileErrors: 0 });

async function runPhase(
  spec: PhaseSpec,
  vitestArgs: string[],
  missingDeps: Map<SystemDep, string>,
  ci: boolean,
): Promise<PhaseResult> {
  const t0 = Date.now();
  const notRun = (note: string): PhaseResult => ({
    spec,
    outcome: 'not run',
    counts: emptyCounts(),
    ms: Date.now() - t0,
    notes: [note],
  });
  const missing = spec.needs.filter((d) => missingDeps.has(d));
  if (missing.length > 0) {
    return notRun(`missing system dependencies: ${missing.map((d) => `${d} (${missingDeps.get(d)})`).join(', ')}`);
  }

  const env: NodeJS.ProcessEnv = { ...process.env };
  let cluster: PgCluster | undefined;
  if (spec.name === 'pglite') {
    env.XUANBAO_TEST_DB = 'pglite';
    delete env.TEST_PG_URL;
  }
  if (spec.name === 'pg') {
    try {
      cluster = await startPgCluster();
    } catch (e) {
      process.stderr.write(`[test] ${e instanceof Error ? e.message : String(e)}\n`);
      return notRun('could not start the throwaway PostgreSQL cluster (see above)');
    }
    if (interrupted !== undefined) {
      await cluster.stop();
      return notRun(`interrupted (${interrupted})`);
    }
    env.XUANBAO_TEST_DB = 'pg';
    env.TEST_PG_URL = cluster.url;
    process.stdout.write(`[test] throwaway PostgreSQL cluster ${cluster.url} in ${cluster.dir} (${seconds(Date.now() - t0)})\n`);
  }

  const report = join(reportDir, `${spec.name}.json`);
  rmSync(report, { force: true });
  const args = [
    'run',
    '--project', spec.project,
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ];
  // The machine has 2 cores; vitest would use one fewer. Integration tests mostly wait on the
  // database, so run two files at a time unless the caller chose otherwise.
  if (spec.project === 'int' && !vitestArgs.some((a) => a.startsWith('--maxWorkers'))) {
    args.push('--maxWorkers=2');
  }
  args.push(...vitestArgs);

  let code: number | null;
  try {
    code = await runVitest(args, env);
  } finally {
    if (cluster !== undefined) await cluster.stop();
  }
  const counts = readReport(report);
  const judged = judgePhase(code, counts, ci);
  if (judged.outcome === 'no tests') {
    process.stdout.write(`${paint('33', `[test] ${spec.label}: NO TEST FILES FOUND (passWithNoTests)`)}\n`);
  }
  return { spec, ...judged, counts: counts ?? emptyCounts(), ms: Date.now() - t0 };
}

function usage(): string {
  return [
    'usage: npm test [-- <phase>... [-- <vitest args>...]]',
    '  phases: unit, int (= pglite + pg), pglite, pg, e2e, all (default)',
    '  e.g.    npm test -- unit -- server/review',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${usage()}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');
  const t0 = Date.now();
  mkdirSync(reportDir, { recursive: true });

  // One Ctrl-C usually arrives several times (the terminal signals the whole process group, and
  // npm and tsx relay it too), so only a signal more than 2 s after the first means "force quit".
  let firstSignalAt = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupted !== undefined) {
      if (Date.now() - firstSignalAt < 2000) return;
      process.stderr.write(`\n[test] ${sig} again: quitting without waiting for vitest\n`);
      stopAllPgClusters();
      process.exit(130);
    }
    interrupted = sig;
    firstSignalAt = Date.now();
    process.stderr.write(`\n[test] ${sig}: stopping…\n`);
    if (current !== undefined) current.kill(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  const specs = PHASES.filter((p) => parsed.phases.includes(p.name));
  const needs = [...new Set(specs.flatMap((s) => s.needs))];
  const missingDeps = new Map<SystemDep, string>();
  if (needs.length > 0) {
    const deps = ensureSystemDeps(needs);
    for (const s of deps.statuses) if (!s.ok) missingDeps.set(s.dep, s.detail);
    if (deps.message !== undefined) process.stderr.write(`[test] ${deps.message}\n`);
  }

  const results: PhaseResult[] = [];
  for (const spec of specs) {
    if (interrupted !== undefined) {
      results.push({ spec, outcome: 'not run', counts: emptyCounts(), ms: 0, notes: [`interrupted (${interrupted})`] });
      continue;
    }
    banner(`${spec.label}: vitest run --project ${spec.project}`);
    const result = await runPhase(spec, parsed.vitestArgs, missingDeps, ci);
    if (interrupted !== undefined && result.outcome !== 'not run') {
      result.outcome = 'FAILED';
      result.notes.unshift(`interrupted (${interrupted})`);
    }
    results.push(result);
  }

  process.stdout.write(`${renderSummary(results, Date.now() - t0)}\n`);
  if (interrupted !== undefined) return interrupted === 'SIGINT' ? 130 : 143;
  return runFailed(results, false) ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      stopAllPgClusters();
      process.stderr.write(`[test] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.stdout.write(`${finalLine(0, 1, 0)}\n`);
      process.exitCode = 1;
    },
  );
}
