/**
 * The landing page at `/`: what runs and where, in French with English, with links to each part.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Renders the landing page. Exported for tests. */
export function renderLandingPage(ctx: AppContext): string {
  const c = ctx.config;
  const storage = ctx.storage.kind === 'pglite' ? `PGlite (${escapeHtml(c.database.kind === 'pglite' ? c.database.dir : '')})` : 'PostgreSQL';
  const blobs = ctx.blobs.kind === 'local' ? `dossier local / local folder (${escapeHtml(c.blob.kind === 'local' ? c.blob.dir : '')})` : 'Azure Blob Storage';
  const playground = ctx.playgroundUrl
    ? `<a href="${escapeHtml(ctx.playgroundUrl)}">${escapeHtml(ctx.playgroundUrl)}</a>`
    : '<em>non démarré / not running</em> (<code>PLAYGROUND=on</code>)';
  const localBanner = c.localMode
    ? `<div class="warn" role="alert"><strong>Mode local — sans authentification.</strong> Aucun identifiant Entra ID ni bot n'est configuré : n'importe qui sur cette machine peut se connecter en tant que n'importe quel agent de démonstration. Ne pas exposer ce serveur.<br><span lang="en"><strong>Local mode — no authentication.</strong> No Entra ID or bot credentials are configured: anyone on this machine can sign in as any demo person. Do not expose this server.</span></div>`
    : '';
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Équipage</title>
<style>
  :root { color-scheme: light dark; font-family: "Segoe UI", system-ui, sans-serif; line-height: 1.5; }
  body { max-width: 46rem; margin: 0 auto; padding: 1rem; }
  h1 { margin-bottom: 0; } .en { color: GrayText; }
  .warn { border: 2px solid Mark; padding: .75rem; margin: 1rem 0; }
  li { margin: .4rem 0; } code { font-size: .95em; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
</style>
</head>
<body>
<main>
<h1>Équipage</h1>
<p>L'espace numérique des agents de la commune dans Microsoft Teams. <span class="en" lang="en">The commune's digital workplace for field agents, in Microsoft Teams.</span></p>
${localBanner}
<h2>Ce qui tourne <span class="en" lang="en">/ What runs</span></h2>
<dl>
  <dt>Version</dt><dd>${escapeHtml(ctx.version)}</dd>
  <dt>Base de données <span class="en" lang="en">/ Database</span></dt><dd>${storage}</dd>
  <dt>Fichiers <span class="en" lang="en">/ Files</span></dt><dd>${blobs}</dd>
  <dt>Santé <span class="en" lang="en">/ Health</span></dt><dd><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></dd>
</dl>
<h2>Parcours d'arrivée <span class="en" lang="en">/ Onboarding tab</span></h2>
<ul>
  <li><a href="/tab/agent">Vue de l'agent : « Mon arrivée »</a> <span class="en" lang="en">— the new agent's view</span></li>
  <li><a href="/tab/manager">Vue du responsable : « Mes arrivées »</a> <span class="en" lang="en">— the manager's view</span></li>
</ul>
<h2>Connecteur Power Platform <span class="en" lang="en">/ Custom connector</span></h2>
<ul>
  <li><a href="/connectors/fieldops/apiDefinition.swagger.json">Définition OpenAPI 2.0 du connecteur « field-ops »</a> <span class="en" lang="en">— the connector's OpenAPI definition</span></li>
  <li><a href="/connectors/fieldops/explorer/">Explorateur interactif</a> <span class="en" lang="en">— interactive explorer</span></li>
</ul>
<h2>Données ouvertes <span class="en" lang="en">/ Open data</span></h2>
<ul>
  <li><a href="/ogc">Signalements pour les SIG (OGC API – Features, QGIS)</a> <span class="en" lang="en">— field reports for GIS</span></li>
  <li><a href="/api/open-data/field-reports.geojson">Export GeoJSON</a> · <a href="/api/open-data/field-reports.csv">Export CSV</a> <span class="en" lang="en">— downloads, no personal data</span></li>
</ul>
<h2>Discuter avec le bot <span class="en" lang="en">/ Chat with the bot</span></h2>
<p>Microsoft 365 Agents Playground : ${playground}. Choisissez un agent de la commune de démonstration et écrivez « aide ». <span class="en" lang="en">Pick a demo person and type “aide” (help).</span></p>
<p>Point de terminaison du bot <span class="en" lang="en">/ bot endpoint</span> : <code>POST /api/messages</code></p>
</main>
</body>
</html>`;
}

/** Registers `GET /`. */
export function registerLandingPage(app: FastifyInstance, ctx: AppContext): void {
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderLandingPage(ctx)));
}
