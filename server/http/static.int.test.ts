import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../clock';
import { testConfig } from '../config';
import type { Database } from '../db/client';
import { openTestDatabase } from '../test/db';
import { buildApp, staticCacheControl } from './app';

/**
 * The built web app's caching: files under assets/ carry their content hash in the name and are
 * kept a year without a re-check; index.html (which names the current files) is re-checked on every
 * load, also when it answers a client-side route such as /review.
 */
let app: FastifyInstance;
let database: Database;
const IMMUTABLE = 'public, max-age=31536000, immutable';

beforeAll(async () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'xuanbao-web-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root">…</div>');
  const js = 'console.log("x");'.repeat(200);
  fs.writeFileSync(path.join(dist, 'assets/index-J02_r8KK.js'), js);
  fs.writeFileSync(path.join(dist, 'assets/index-J02_r8KK.js.gz'), zlib.gzipSync(js));
  fs.writeFileSync(path.join(dist, 'manifest.webmanifest'), '{}');
  database = await openTestDatabase();
  app = await buildApp({ database, config: testConfig(), clock: fakeClock(), webDist: dist, register: () => undefined });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('web assets', () => {
  it('hashed files under assets/ are immutable for a year, also when sent precompressed', async () => {
    const plain = await app.inject({ url: '/assets/index-J02_r8KK.js' });
    expect({ status: plain.statusCode, cc: plain.headers['cache-control'] }).toEqual({ status: 200, cc: IMMUTABLE });
    const gz = await app.inject({ url: '/assets/index-J02_r8KK.js', headers: { 'accept-encoding': 'gzip' } });
    expect({ status: gz.statusCode, enc: gz.headers['content-encoding'], cc: gz.headers['cache-control'] }).toEqual({ status: 200, enc: 'gzip', cc: IMMUTABLE });
  });

  it('index.html is re-checked on every load: at /, by name, and for a route of the app', async () => {
    for (const url of ['/', '/index.html', '/review', '/submission/3c75d2b5']) {
      const res = await app.inject({ url });
      expect({ url, status: res.statusCode, cc: res.headers['cache-control'], body: res.body.includes('id="root"') }).toEqual({ url, status: 200, cc: 'no-cache', body: true });
    }
    const manifest = await app.inject({ url: '/manifest.webmanifest' });
    expect(manifest.headers['cache-control']).toBe('no-cache');
  });

  it('the API stays uncached', async () => {
    const res = await app.inject({ url: '/api/nothing-here' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('only content-hashed names under assets/ count as immutable', () => {
    expect(staticCacheControl('assets/table-DxVPRkXz.js')).toBe(IMMUTABLE);
    expect(staticCacheControl('assets/table-DxVPRkXz.js.br')).toBe(IMMUTABLE);
    expect(staticCacheControl('index.html')).toBe('no-cache');
    expect(staticCacheControl('icons/icon-192.png')).toBe('no-cache');
    expect(staticCacheControl('assets/logo.svg')).toBe('no-cache');
  });
});
