/**
 * What JavaScript each first route of the web app loads, read from a Vite build's manifest
 * (`build.manifest`): the entry (index.html) and its static imports, plus the route's lazily loaded
 * page (and the signed-in frame, web/app/Shell.tsx, for every route but sign-in) with their static
 * imports. Sizes are the gzip (level 9) of each chunk, as the server sends it (.gz beside the file).
 * Used by bench/web-bundle.bench.ts (the figures) and web/bundle-budget.test.ts (the sign-in budget).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type ManifestChunk = { file: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[] };
export type Manifest = Record<string, ManifestChunk>;

/** The first routes measured: the page module(s) each one loads lazily besides the entry. */
export const FIRST_ROUTES: Record<string, string[]> = {
  'sign-in': ['pages/sign-in/index.tsx'],
  home: ['app/Shell.tsx', 'pages/home/index.tsx'],
  submission: ['app/Shell.tsx', 'pages/submission/index.tsx'],
  review: ['app/Shell.tsx', 'pages/review/index.tsx'],
};

/** The sign-in route's JavaScript may not exceed this (gzip bytes). */
export const SIGN_IN_BUDGET = 150 * 1024;

export type Chunk = { file: string; bytes: number; gzip: number };
export type RouteSize = { route: string; chunks: Chunk[]; bytes: number; gzip: number };

/** Builds the web app into `outDir` with a manifest (vite build, a few seconds). */
export function buildWeb(outDir: string): Manifest {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'error'], {
    cwd: root,
    // A test runner sets NODE_ENV=test, which would build React's development code.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return JSON.parse(fs.readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
}

const sizes = new Map<string, Chunk>();
function chunkSize(outDir: string, file: string): Chunk {
  const key = path.join(outDir, file);
  let c = sizes.get(key);
  if (!c) {
    const buf = fs.readFileSync(key);
    c = { file, bytes: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
    sizes.set(key, c);
  }
  return c;
}

/** The manifest keys `from` loads before it runs: itself and its static imports, transitively. */
function staticClosure(m: Manifest, from: string[], into = new Set<string>()): Set<string> {
  for (const k of from) {
    if (into.has(k)) continue;
    if (!m[k]) throw new Error(`${k} is not in the build manifest`);
    into.add(k);
    staticClosure(m, m[k].imports ?? [], into);
  }
  return into;
}

/** The JavaScript chunks of one route (entry + the route's pages), largest first. */
export function routeSize(m: Manifest, outDir: string, route: string, pages: string[]): RouteSize {
  const keys = staticClosure(m, ['index.html', ...pages]);
  const chunks = [...keys].map((k) => m[k]!.file).filter((f) => f.endsWith('.js')).map((f) => chunkSize(outDir, f)).sort((a, b) => b.gzip - a.gzip);
  return { route, chunks, bytes: chunks.reduce((s, c) => s + c.bytes, 0), gzip: chunks.reduce((s, c) => s + c.gzip, 0) };
}

/** Every JavaScript chunk of the build: what the app would load if nothing were split (the baseline). */
export function wholeApp(m: Manifest, outDir: string): RouteSize {
  const files = [...new Set(Object.values(m).map((c) => c.file))].filter((f) => f.endsWith('.js'));
  const chunks = files.map((f) => chunkSize(outDir, f)).sort((a, b) => b.gzip - a.gzip);
  return { route: 'whole app', chunks, bytes: chunks.reduce((s, c) => s + c.bytes, 0), gzip: chunks.reduce((s, c) => s + c.gzip, 0) };
}
