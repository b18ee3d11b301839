/**
 * The JavaScript each first route of the web app loads (gzip, as the server sends it), from a fresh
 * production build: sign-in, home, an item (submission), the review queue. The baseline is the whole
 * app (every chunk), what a page would load if nothing were split. `npm run bench -- web`.
 * The sign-in route's budget (150 KB) is also a test: web/bundle-budget.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWeb, FIRST_ROUTES, routeSize, SIGN_IN_BUDGET, wholeApp } from '../scripts/web-bundle';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export async function runWebBundleBench() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-bench-web-'));
  try {
    const started = performance.now();
    const manifest = buildWeb(out);
    console.log(`web bundle: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const whole = wholeApp(manifest, out);
    console.log(`  baseline, the whole app: ${whole.chunks.length} chunks, ${kb(whole.bytes)} → gzip ${kb(whole.gzip)}`);
    for (const [route, pages] of Object.entries(FIRST_ROUTES)) {
      const r = routeSize(manifest, out, route, pages);
      const budget = route === 'sign-in' ? `  (budget ${kb(SIGN_IN_BUDGET)}: ${r.gzip <= SIGN_IN_BUDGET ? 'within' : 'OVER'})` : '';
      console.log(`  ${route}: ${r.chunks.length} chunks, ${kb(r.bytes)} → gzip ${kb(r.gzip)} = ${((100 * r.gzip) / whole.gzip).toFixed(0)}% of the whole app${budget}`);
      for (const c of r.chunks) console.log(`      ${c.file.padEnd(44)} ${kb(c.bytes).padStart(10)}  gzip ${kb(c.gzip).padStart(9)}`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
