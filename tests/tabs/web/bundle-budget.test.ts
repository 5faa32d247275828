/**
 * The agent view's first load stays within 200 KB of gzipped JavaScript: the entry chunk, the
 * chunks it imports statically, and teams-js (loaded at start-up inside Teams). The manager and
 * configuration pages must be separate chunks. Builds the app when needed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { TABS_WEB_DIR } from '../../../tabs/api/web-routes';
import { ensureWebBuild } from '../e2e/ensure-web-build';

const BUDGET = 200 * 1024;

const gz = (file: string) => gzipSync(readFileSync(path.join(TABS_WEB_DIR, file))).length;

/** Static imports of a built chunk (`import … from "./x.js"`), as asset paths. */
function staticImports(file: string): string[] {
  const code = readFileSync(path.join(TABS_WEB_DIR, file), 'utf8');
  return [...code.matchAll(/(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)].map((m) => `assets/${m[1]}`);
}

beforeAll(() => ensureWebBuild(), 240_000);

describe('tab web app size', () => {
  it('loads the agent view within budget, with manager and config split off', () => {
    const html = readFileSync(path.join(TABS_WEB_DIR, 'index.html'), 'utf8');
    const entry = /<script type="module"[^>]*src="\/tab\/([^"]+)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const initial = new Set<string>();
    const visit = (file: string) => {
      if (initial.has(file)) return;
      initial.add(file);
      for (const dep of staticImports(file)) visit(dep);
    };
    visit(entry!);
    const assets = readFileSync(path.join(TABS_WEB_DIR, entry!), 'utf8');
    const teamsChunk = /(teams-sdk-[\w-]+\.js)/.exec(assets)?.[1];
    expect(teamsChunk).toBeDefined();
    visit(`assets/${teamsChunk}`);
    const files = [...initial];
    expect(files.some((f) => /ManagerView|ConfigView/.test(f))).toBe(false);
    const total = files.reduce((sum, f) => sum + gz(f), 0);
    // Printed for the record: the number to watch when adding components.
    console.info(`agent view initial JS: ${(total / 1024).toFixed(1)} KB gzip in ${files.length} files`);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });
});
