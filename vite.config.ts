import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Writes .br and .gz next to each text asset of the build, so that the server can send them
 * precompressed (@fastify/static `preCompressed: true`): ~825 KB of JavaScript on the sign-in page
 * becomes ~230 KB on the wire, with no compression work per request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'xuanbao-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const buf = fs.readFileSync(file);
        if (buf.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(buf, { level: 9 }));
      }
    },
  };
}

// The web app lives in web/; the server serves the build from dist/web (see server/http/app.ts).
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react(), precompress()],
  resolve: {
    // react-router's package exports only its development build (warnings, ~90 KB more on every
    // page); the browser gets the production build it ships beside it.
    alias: [
      { find: /^react-router$/, replacement: path.resolve(import.meta.dirname, 'node_modules/react-router/dist/production/index.mjs') },
      { find: /^react-router\/dom$/, replacement: path.resolve(import.meta.dirname, 'node_modules/react-router/dist/production/dom-export.mjs') },
    ],
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // antd + React are ~630 KB before compression; pages are split with React.lazy and cached.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  preview: { port: 4173 },
});
