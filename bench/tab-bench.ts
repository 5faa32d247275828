/**
 * `npm run bench:tab`: the onboarding tab's cost, with same-run baselines.
 * - Initial JavaScript (gzip) per view, from the production build; baseline: a bare Fluent UI v9 +
 *   React page (one FluentProvider and one Button) built by the same Vite in the same run.
 * - Time to first meaningful content (the view's h1) in Debian's headless Chromium with a 4× CPU
 *   slowdown (CDP `Emulation.setCPUThrottlingRate`), median of 5 loads; baseline: the bare page's button.
 * - API p95 latency with 50 concurrent users (local-mode identities of the demo commune);
 *   baseline: `/healthz` under the same load.
 * Rewrites the section between `<!-- tab:start -->` and `<!-- tab:end -->` in docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { createBlobStore } from '../core/blob/create-blob-store.js';
import { loadConfig } from '../core/config/config.js';
import { demoIds, seedDemoCommune } from '../core/seed/seed.js';
import { openStorage } from '../core/storage/database.js';
import { PROJECT_ROOT, VERSION } from '../core/util/project-root.js';
import { buildApp } from '../server/app.js';

const CHROMIUM = '/usr/bin/chromium';
const WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'tabs-web');
const VITE = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const LOADS = 5;
const USERS = 50;
const REQUESTS_PER_USER = 40;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function viteBuild(args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, [VITE, 'build', ...args, '--logLevel', 'warn'], { cwd, env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build failed: ${result.stderr}${result.stdout}`);
}

/** Files loaded first by a chunk: itself and its static imports, transitively. */
function closure(dir: string, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(path.join(dir, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) closure(dir, `assets/${m[1]}`, seen);
  return seen;
}
const gz = (dir: string, files: Iterable<string>) => [...files].reduce((sum, f) => sum + gzipSync(readFileSync(path.join(dir, f))).length, 0);

async function buildBaseline(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'equipage-bench-baseline-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Baseline</title></head><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>');
  await writeFile(
    path.join(dir, 'main.tsx'),
    `import { Button, FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
createRoot(document.getElementById('root')!).render(<FluentProvider theme={teamsLightTheme}><h1>Baseline</h1><Button appearance="primary">OK</Button></FluentProvider>);`,
  );
  await writeFile(
    path.join(dir, 'vite.config.mjs'),
    `export default { root: ${JSON.stringify(dir)}, base: '/bench-baseline/', resolve: { alias: {} }, oxc: { jsx: { runtime: 'automatic', development: false } }, build: { outDir: ${JSON.stringify(path.join(dir, 'dist'))}, emptyOutDir: true, target: 'es2022' } };`,
  );
  // Resolve packages from the project's node_modules.
  await rm(path.join(dir, 'node_modules'), { force: true, recursive: true });
  const { symlink } = await import('node:fs/promises');
  await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  viteBuild(['--config', path.join(dir, 'vite.config.mjs')], dir);
  return dir;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM} (apt-get install chromium)`);
  console.log('building the tab and the baseline page…');
  viteBuild(['--config', 'tabs/web/vite.config.ts'], PROJECT_ROOT);
  const baselineDir = await buildBaseline();
  const baselineDist = path.join(baselineDir, 'dist');

  // Initial JavaScript per view.
  const html = readFileSync(path.join(WEB_DIR, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\/tab\/([^"]+)"/.exec(html)![1]!;
  const entryCode = readFileSync(path.join(WEB_DIR, entry), 'utf8');
  const chunk = (name: string) => `assets/${new RegExp(`(${name}-[\\w-]+\\.js)`).exec(entryCode)![1]}`;
  const agent = closure(WEB_DIR, entry);
  for (const f of closure(WEB_DIR, chunk('teams-sdk'))) agent.add(f);
  const withView = (name: string) => {
    const files = new Set(agent);
    for (const f of closure(WEB_DIR, chunk(name))) files.add(f);
    return files;
  };
  const baseHtml = readFileSync(path.join(baselineDist, 'index.html'), 'utf8');
  const baseEntry = /<script type="module"[^>]*src="\/bench-baseline\/([^"]+)"/.exec(baseHtml)![1]!;
  const baselineBytes = gz(baselineDist, closure(baselineDist, baseEntry));
  const sizes = { agent: gz(WEB_DIR, agent), manager: gz(WEB_DIR, withView('ManagerView')), hr: gz(WEB_DIR, withView('HrView')), team: gz(WEB_DIR, withView('TeamView')) };

  // The server, seeded, in local mode.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-bench-tab-'));
  const config = loadConfig({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent', ONBOARDING_REMINDERS: 'off' }, readEnvFiles: false });
  const storage = await openStorage(config.database, { purpose: 'bench', dataDir });
  const blobs = await createBlobStore(config.blob);
  await seedDemoCommune(storage.db);
  const { app } = await buildApp({ config, storage, blobs, logger: pino({ level: 'silent' }), version: VERSION, startedAt: new Date() });
  await app.register(fastifyStatic, { root: baselineDist, prefix: '/bench-baseline/', decorateReply: false });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const ttfmc = async (url: string, personId: string | null, heading: string) => {
    const times: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
      if (personId) await context.addInitScript(`window.localStorage.setItem('equipage.localUser', ${JSON.stringify(personId)})`);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const start = Date.now();
      await page.goto(url, { waitUntil: 'commit' });
      await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 60_000 });
      times.push(Date.now() - start);
      await context.close();
    }
    return median(times);
  };
  console.log('measuring time to first meaningful content (4× CPU slowdown)…');
  const paint = {
    baseline: await ttfmc(`${base}/bench-baseline/index.html`, null, 'Baseline'),
    agent: await ttfmc(`${base}/tab/agent`, demoIds.person('nadia.rousseau'), 'Mon arrivée'),
    manager: await ttfmc(`${base}/tab/manager`, demoIds.person('patrick.durand'), 'Mes arrivées'),
    hr: await ttfmc(`${base}/tab/hr`, demoIds.person('karim.benali'), 'Espace RH'),
  };
  await browser.close();

  console.log(`measuring API latency with ${USERS} concurrent users…`);
  const agents = ['lucas.fontaine', 'ines.boucher', 'nadia.rousseau', 'chloe.robin', 'maxime.colin'].map((k) => demoIds.person(k));
  const managers = ['jean-marc.dupuis', 'isabelle.girard', 'patrick.durand', 'valerie.faure', 'olivier.lemaire'].map((k) => demoIds.person(k));
  const load = async (url: (user: number) => string, who: (user: number) => string | null) => {
    const latencies: number[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: USERS }, async (_x, user) => {
        const person = who(user);
        for (let i = 0; i < REQUESTS_PER_USER; i++) {
          const t0 = performance.now();
          const res = await fetch(`${base}${url(user)}`, { headers: person ? { 'x-equipage-local-user': person } : {} });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`${url(user)} answered ${res.status}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    return { p50: median(latencies), p95: p95(latencies), rps: (latencies.length / (Date.now() - started)) * 1000 };
  };
  const api = {
    healthz: await load(() => '/healthz', () => null),
    mine: await load(() => '/api/tab/onboardings/mine', (u) => agents[u % agents.length]!),
    arrivals: await load(() => '/api/tab/manager/arrivals', (u) => managers[u % managers.length]!),
    hr: await load(() => '/api/tab/hr/arrivals', () => demoIds.person('karim.benali')),
  };
  await app.close();
  await blobs.close();
  await storage.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(baselineDir, { recursive: true, force: true });

  const ratio = (n: number, d: number) => `${(n / d).toFixed(1)}×`;
  const ms = (n: number) => `${Math.round(n)} ms`;
  const section = [
    `Node ${process.version}, Chromium ${CHROMIUM} headless at 360×740; demo commune (PGlite). Baselines measured in the same run: a bare Fluent UI v9 + React page (FluentProvider and one Button) built by the same Vite, and \`/healthz\`.`,
    '',
    '| View | Initial JS (gzip) | vs bare Fluent page | First meaningful content, 4× CPU slowdown (median of 5) | vs bare Fluent page |',
    '| --- | --- | --- | --- | --- |',
    `| Bare Fluent v9 + React page (baseline) | ${kb(baselineBytes)} | 1.0× | ${ms(paint.baseline)} | 1.0× |`,
    `| Agent — « Mon arrivée » (budget ≤ 200 KB) | ${kb(sizes.agent)} | ${ratio(sizes.agent, baselineBytes)} | ${ms(paint.agent)} | ${ratio(paint.agent, paint.baseline)} |`,
    `| Manager — « Mes arrivées » (agent + manager chunk) | ${kb(sizes.manager)} | ${ratio(sizes.manager, baselineBytes)} | ${ms(paint.manager)} | ${ratio(paint.manager, paint.baseline)} |`,
    `| HR — « Espace RH » (agent + HR chunk) | ${kb(sizes.hr)} | ${ratio(sizes.hr, baselineBytes)} | ${ms(paint.hr)} | ${ratio(paint.hr, paint.baseline)} |`,
    `| Team channel tab (agent + team chunk) | ${kb(sizes.team)} | ${ratio(sizes.team, baselineBytes)} | — | — |`,
    '',
    `API latency, ${USERS} concurrent users × ${REQUESTS_PER_USER} requests each (local-mode identities, loopback HTTP):`,
    '',
    '| Route | p50 | p95 | Requests/s | p95 vs `/healthz` |',
    '| --- | --- | --- | --- | --- |',
    ...(
      [
        ['`GET /healthz` (baseline)', api.healthz],
        ['`GET /api/tab/onboardings/mine` (agent plan)', api.mine],
        ['`GET /api/tab/manager/arrivals`', api.arrivals],
        ['`GET /api/tab/hr/arrivals` (all arrivals)', api.hr],
      ] as const
    ).map(([name, r]) => `| ${name} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${Math.round(r.rps)} | ${ratio(r.p95, api.healthz.p95)} |`),
  ].join('\n');
  console.log(section);
  const docs = path.join(PROJECT_ROOT, 'docs', 'benchmarks.md');
  const text = readFileSync(docs, 'utf8');
  const next = text.replace(/<!-- tab:start -->[\s\S]*?<!-- tab:end -->/, `<!-- tab:start -->\n${section}\n<!-- tab:end -->`);
  if (next === text && !text.includes(section)) throw new Error('tab markers not found in docs/benchmarks.md');
  writeFileSync(docs, next);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
