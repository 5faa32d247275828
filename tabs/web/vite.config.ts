/**
 * Build of the tab web app: `npm run build:web` writes it to dist/tabs-web/, which the server
 * serves under /tab/ (tabs/api/web-routes.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/tab/',
  // JSX through Vite's built-in transform (React 19 automatic runtime): no plugin needed for a build.
  oxc: { jsx: { runtime: 'automatic', development: false } },
  build: {
    outDir: here('../../dist/tabs-web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The real guard is tests/tabs/web/bundle-budget.test.ts (agent view ≤ 200 KB gzip in total);
    // the entry chunk (React + Fluent) is about 490 KB minified.
    chunkSizeWarningLimit: 600,
    reportCompressedSize: true,
    rolldownOptions: {
      onLog(level, log, handler) {
        // Fluent marks its modules 'use client' (for React Server Components): meaningless in this SPA.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: {
    // `vite dev` against a running server (`npm start`): the API stays on the server.
    proxy: { '/api': 'http://localhost:3978' },
  },
});
