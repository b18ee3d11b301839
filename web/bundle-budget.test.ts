import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, FIRST_ROUTES, routeSize, SIGN_IN_BUDGET, type Manifest } from '../scripts/web-bundle';

/**
 * The sign-in page is the first thing every user loads: its JavaScript (the entry and the sign-in
 * page, with their static imports, gzip) stays within 150 KB. Measured on a production build's
 * manifest, not timed. The figures for every first route: `npm run bench -- web`.
 */
let out: string;
let manifest: Manifest;
beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-budget-web-'));
  manifest = buildWeb(out);
}, 300_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('web bundle budget', () => {
  it('the sign-in route loads at most 150 KB of JavaScript (gzip)', () => {
    const r = routeSize(manifest, out, 'sign-in', FIRST_ROUTES['sign-in']!);
    const detail = r.chunks.map((c) => `${c.file} ${(c.gzip / 1024).toFixed(1)} KB`).join(', ');
    expect(r.gzip, `sign-in loads ${(r.gzip / 1024).toFixed(1)} KB gzip: ${detail}`).toBeLessThanOrEqual(SIGN_IN_BUDGET);
    // The measurement sees the app: react-dom alone is over 40 KB, the sign-in page is its own chunk.
    expect(r.gzip).toBeGreaterThan(40 * 1024);
    expect(r.chunks.some((c) => c.file.includes('sign-in'))).toBe(true);
  });

  it('the sign-in route carries none of antd (it comes with the signed-in frame)', () => {
    const signIn = routeSize(manifest, out, 'sign-in', FIRST_ROUTES['sign-in']!);
    const home = routeSize(manifest, out, 'home', FIRST_ROUTES.home!);
    expect(home.gzip - signIn.gzip).toBeGreaterThan(50 * 1024);
  });
});
