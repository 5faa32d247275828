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
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../../dist/tabs-web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The agent view's budget is 200 KB gzip in total; warn on any single big chunk.
    chunkSizeWarningLimit: 400,
    reportCompressedSize: true,
  },
  server: {
    // `vite dev` against a running server (`npm start`): the API stays on the server.
    proxy: { '/api': 'http://localhost:3978' },
  },
});
