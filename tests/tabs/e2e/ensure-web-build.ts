/**
 * Makes sure the tab web app is built and current for end-to-end tests: builds it with the
 * project's own `build:web` command when dist/tabs-web is missing or older than its sources,
 * and throws a clear error when that fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../core/util/project-root.js';
import { TABS_WEB_DIR } from '../../../tabs/api/web-routes.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureWebBuild(): void {
  const index = path.join(TABS_WEB_DIR, 'index.html');
  const sources = [path.join(PROJECT_ROOT, 'tabs', 'web'), path.join(PROJECT_ROOT, 'core', 'onboarding')];
  const fresh = existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime));
  if (fresh) return;
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'tabs/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: PROJECT_ROOT,
    // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0 || !existsSync(index)) {
    throw new Error(
      `The tab web app could not be built (npm run build:web): exit ${result.status}\n${result.error?.message ?? ''}\n${result.stderr}\n${result.stdout}`,
    );
  }
}
