import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDep, packagesFor, type DepStatus } from './system-deps';

describe('checkDep chromium', () => {
  const saved = process.env.CHROMIUM_PATH;
  let dir: string | undefined;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('honours CHROMIUM_PATH and needs it to be executable', () => {
    dir = mkdtempSync(join(tmpdir(), 'chromium-'));
    const exe = join(dir, 'chrome');
    writeFileSync(exe, '#!/bin/sh\n');
    process.env.CHROMIUM_PATH = exe;
    chmodSync(exe, 0o644);
    expect(checkDep('chromium')).toMatchObject({ ok: false, packages: ['chromium'] });
    chmodSync(exe, 0o755);
    expect(checkDep('chromium')).toMatchObject({ ok: true, detail: exe });
  });

  it('reports a missing browser', () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    expect(checkDep('chromium')).toMatchObject({ ok: false, detail: '/nonexistent/chromium not found' });
  });
});

describe('packagesFor', () => {
  const s = (dep: DepStatus['dep'], ok: boolean, packages: string[]): DepStatus => ({ dep, ok, detail: '', packages });

  it('lists the Debian packages of the missing deps only, once each', () => {
    expect(
      packagesFor([
        s('postgres', true, ['postgresql']),
        s('chromium', false, ['chromium']),
        s('cjk-font', false, ['fontconfig', 'fonts-noto-cjk']),
      ]),
    ).toEqual(['chromium', 'fontconfig', 'fonts-noto-cjk']);
    expect(packagesFor([s('postgres', false, ['postgresql']), s('postgres', false, ['postgresql'])])).toEqual([
      'postgresql',
    ]);
    expect(packagesFor([s('postgres', true, ['postgresql'])])).toEqual([]);
  });
});
