/**
 * Serves the built tab web app (`npm run build:web` writes it to `dist/tabs-web/`) under `/tab/`:
 * hashed assets with a long cache, and the app's page for `/tab/agent`, `/tab/manager` and
 * `/tab/config` (the browser app routes itself). Without a build, `/tab/*` answers a clear page
 * saying to run `npm run build` instead of failing.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PROJECT_ROOT } from '../../core/util/project-root.js';

/** Where the web app build lands (see tabs/web/vite.config.ts). */
export const TABS_WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'tabs-web');

/** Pages of the single-page app. */
export const TAB_PAGES = ['agent', 'manager', 'hr', 'team', 'config'] as const;

/**
 * Teams shows tabs in an iframe: allow Teams, Outlook and Microsoft 365 to frame the page,
 * nobody else.
 */
const FRAME_ANCESTORS =
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://teams.cloud.microsoft https://*.cloud.microsoft https://*.office.com https://outlook.office.com https://*.microsoft365.com";

const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Équipage — onglet non construit</title>
<style>:root{color-scheme:light dark;font-family:"Segoe UI",system-ui,sans-serif;line-height:1.5}body{max-width:40rem;margin:0 auto;padding:1rem}</style>
</head><body><main>
<h1>L'onglet « Mon arrivée » n'est pas construit</h1>
<p>Les fichiers de l'application web sont introuvables. Lance <code>npm run build</code> (ou <code>npm run build:web</code>) puis recharge la page.</p>
<p lang="en"><strong>The onboarding tab is not built.</strong> The web app files are missing. Run <code>npm run build</code> (or <code>npm run build:web</code>) and reload.</p>
</main></body></html>`;

/** Registers the web app routes, serving the build found in `dir`. */
export async function registerTabWeb(app: FastifyInstance, dir: string = TABS_WEB_DIR): Promise<void> {
  const indexFile = path.join(dir, 'index.html');
  const redirect = async (_request: unknown, reply: FastifyReply) => reply.redirect('/tab/agent');
  app.get('/tab', redirect);

  if (!existsSync(indexFile)) {
    app.log.warn({ dir }, 'tab web app not built: /tab/* answers a "run npm run build" page');
    const missing = async (_request: unknown, reply: FastifyReply) =>
      reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(MISSING_BUILD_PAGE);
    app.get('/tab/', missing);
    app.get('/tab/*', missing);
    return;
  }

  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/tab/',
    // Another surface may register @fastify/static too; ours never needs reply.sendFile.
    decorateReply: false,
    index: false,
    setHeaders(reply, filePath) {
      // Vite puts a content hash in every asset name: cache them for good.
      void reply.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const page = async (_request: unknown, reply: FastifyReply) => {
    const html = await readFile(indexFile, 'utf8');
    return reply.header('cache-control', 'no-cache').header('content-security-policy', FRAME_ANCESTORS).type('text/html; charset=utf-8').send(html);
  };
  app.get('/tab/', redirect);
  for (const name of TAB_PAGES) app.get(`/tab/${name}`, page);
}
