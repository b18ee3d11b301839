import { describe, expect, it } from 'vitest';
import {
  countJsonReport,
  finalLine,
  judgePhase,
  parseArgs,
  PHASES,
  renderSummary,
  runFailed,
  type Counts,
  type PhaseResult,
} from './test';

const counts = (c: Partial<Counts> = {}): Counts => ({ files: 0, passed: 0, failed: 0, skipped: 0, fileErrors: 0, ...c });

describe('parseArgs', () => {
  it('runs every phase in order by default', () => {
    expect(parseArgs([]).phases).toEqual(['unit', 'pglite', 'pg', 'e2e']);
    expect(parseArgs(['all']).phases).toEqual(['unit', 'pglite', 'pg', 'e2e']);
  });

  it('expands int to both databases and keeps the canonical order', () => {
    expect(parseArgs(['int']).phases).toEqual(['pglite', 'pg']);
    expect(parseArgs(['e2e', 'unit']).phases).toEqual(['unit', 'e2e']);
    expect(parseArgs(['pg']).phases).toEqual(['pg']);
    expect(parseArgs(['PGLITE', 'pglite']).phases).toEqual(['pglite']);
  });

  it('passes everything after -- to vitest', () => {
    const p = parseArgs(['unit', '--', 'server/review', '-t', 'stages']);
    expect(p.phases).toEqual(['unit']);
    expect(p.vitestArgs).toEqual(['server/review', '-t', 'stages']);
    expect(parseArgs(['--', 'x']).phases).toHaveLength(4);
  });

  it('rejects unknown phase names instead of running everything', () => {
    expect(() => parseArgs(['unti'])).toThrow(/unknown test phase "unti"/);
  });
});

describe('countJsonReport', () => {
  it('counts passed, failed and skipped tests across files', () => {
    const report = {
      testResults: [
        {
          name: 'a.test.ts',
          status: 'failed',
          assertionResults: [{ status: 'passed' }, { status: 'failed' }, { status: 'skipped' }, { status: 'todo' }],
        },
        { name: 'b.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'pending' }] },
      ],
    };
    expect(countJsonReport(report)).toEqual({ files: 2, passed: 2, failed: 1, skipped: 3, fileErrors: 0 });
  });

  it('counts a file that failed without a failing test (import error) as a failure', () => {
    const report = { testResults: [{ name: 'broken.test.ts', status: 'failed', message: 'boom', assertionResults: [] }] };
    expect(countJsonReport(report)).toEqual({ files: 1, passed: 0, failed: 1, skipped: 0, fileErrors: 1 });
  });

  it('treats a missing or malformed report as empty', () => {
    expect(countJsonReport(null)).toEqual(counts());
    expect(countJsonReport({ testResults: 'x' })).toEqual(counts());
  });
});

describe('judgePhase', () => {
  it('passes a clean run', () => {
    expect(judgePhase(0, counts({ files: 3, passed: 10 }), true)).toEqual({ outcome: 'ok', notes: [] });
  });

  it('reports a project without test files as "no tests", not as a failure', () => {
    expect(judgePhase(0, counts(), false).outcome).toBe('no tests');
    expect(judgePhase(0, null, false).outcome).toBe('no tests');
  });

  it('fails on a non-zero exit even when every counted test passed (unhandled errors)', () => {
    const j = judgePhase(1, counts({ files: 1, passed: 5 }), false);
    expect(j.outcome).toBe('FAILED');
    expect(j.notes.join()).toMatch(/exited with code 1/);
    expect(judgePhase(null, null, false).outcome).toBe('FAILED');
  });

  it('fails on failed tests', () => {
    expect(judgePhase(0, counts({ files: 1, passed: 1, failed: 1 }), false).outcome).toBe('FAILED');
  });

  it('fails on skipped tests only in CI', () => {
    const c = counts({ files: 1, passed: 4, skipped: 1 });
    expect(judgePhase(0, c, false).outcome).toBe('ok');
    expect(judgePhase(0, c, true).outcome).toBe('FAILED');
    expect(judgePhase(0, c, true).notes.join()).toMatch(/not allowed in CI/);
  });
});

describe('summary', () => {
  const phase = (i: number, outcome: PhaseResult['outcome'], c: Partial<Counts>): PhaseResult => ({
    spec: PHASES[i]!,
    outcome,
    counts: counts(c),
    ms: 1500,
    notes: [],
  });

  it('ends with the totals line, alone on the last line', () => {
    const text = renderSummary(
      [phase(0, 'ok', { files: 2, passed: 10 }), phase(2, 'FAILED', { files: 1, passed: 3, failed: 2 })],
      4000,
    );
    const lines = text.split('\n');
    expect(lines[lines.length - 1]).toBe('tests: 13 passed, 2 failed');
    expect(text).toMatch(/^int \(pg\)\s+FAILED\s+1\s+3\s+2\s+0\s+1\.5s$/m);
    expect(text).toMatch(/^total\s+3\s+13\s+2\s+0\s+4\.0s$/m);
  });

  it('mentions skipped tests only when there are some', () => {
    expect(finalLine(5, 0, 0)).toBe('tests: 5 passed, 0 failed');
    expect(finalLine(5, 0, 2)).toBe('tests: 5 passed, 0 failed, 2 skipped');
  });

  it('fails the run when a phase failed or could not run, not when a phase had no tests', () => {
    expect(runFailed([phase(0, 'ok', {}), phase(3, 'no tests', {})], false)).toBe(false);
    expect(runFailed([phase(0, 'ok', {}), phase(2, 'not run', {})], false)).toBe(true);
    expect(runFailed([phase(0, 'FAILED', {})], false)).toBe(true);
    expect(runFailed([phase(0, 'ok', {})], true)).toBe(true);
  });
});
