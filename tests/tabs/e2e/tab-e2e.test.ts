/**
 * End to end, in Debian's Chromium: the real server (buildApp + listen on a free port) serving
 * the built web app. In local mode, a manager looks at an arrival, the arriving agent ticks a
 * step, reloads and still sees it ticked, and the manager sees the progress change.
 * Fails (never skips) when Chromium or the build is missing.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { demoIds } from '../../../core/seed/seed.js';
import { PROJECT_ROOT } from '../../../core/util/project-root.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';
import { ensureWebBuild } from './ensure-web-build.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(PROJECT_ROOT, 'tests', 'artifacts', 'tab-e2e');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Nadia Rousseau arrives in five days (her own steps are still to do); Patrick Durand is her manager.
const AGENT = demoIds.person('nadia.rousseau');
const MANAGER = demoIds.person('patrick.durand');
const STEP = 'Installer Teams et Microsoft Authenticator sur mon téléphone';

let t: TestContext;
let baseUrl: string;
let userDataDir: string;
let browser: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's package (apt-get install chromium) to run the tab's end-to-end test.`);
  }
  ensureWebBuild();
  await mkdir(ARTIFACTS, { recursive: true });
  t = await createTestContext();
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 390, height: 844 },
    locale: 'fr-FR',
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

async function signInAs(personId: string) {
  const picker = page.getByRole('combobox', { name: 'Personne' });
  if (!(await picker.isVisible())) await page.getByRole('button', { name: 'Changer de personne' }).click();
  await picker.selectOption(personId);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

async function arrivalProgress(): Promise<string> {
  await page.goto(`${baseUrl}/tab/manager`);
  const card = page.getByRole('region', { name: 'Nadia Rousseau' });
  await card.waitFor();
  return (await card.getByText(/étapes? faites? sur \d+/).first().textContent()) ?? '';
}

const doneCount = (text: string) => Number(/^(\d+)/.exec(text)?.[1] ?? NaN);

describe('onboarding tab in Chromium', () => {
  it('lets an agent tick a step that stays ticked, and shows it to their manager', async () => {
    await page.goto(`${baseUrl}/tab/agent`);
    await page.getByRole('heading', { name: 'Se connecter en tant que…' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, '01-local-picker.png'), fullPage: true });

    await signInAs(MANAGER);
    const before = await arrivalProgress();
    await page.screenshot({ path: path.join(ARTIFACTS, '02-manager-before.png'), fullPage: true });

    await signInAs(AGENT);
    await page.goto(`${baseUrl}/tab/agent`);
    await page.getByRole('heading', { level: 1, name: 'Mon arrivée' }).waitFor();
    const box = page.getByRole('checkbox', { name: STEP });
    expect(await box.isChecked()).toBe(false);
    const saved = page.waitForResponse((r) => r.url().includes('/complete') && r.request().method() === 'POST');
    await box.click();
    expect((await saved).status()).toBe(200);
    expect(await box.isChecked()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, '03-agent-ticked.png'), fullPage: true });

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Mon arrivée' }).waitFor();
    expect(await page.getByRole('checkbox', { name: STEP }).isChecked()).toBe(true);

    // Usable at 320 px: nothing wider than the screen.
    await page.setViewportSize({ width: 320, height: 720 });
    // Runs in the page; the root tsconfig has no DOM types.
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, '04-agent-320px-after-reload.png'), fullPage: true });

    await signInAs(MANAGER);
    const after = await arrivalProgress();
    expect(doneCount(after)).toBe(doneCount(before) + 1);
    await page.screenshot({ path: path.join(ARTIFACTS, '05-manager-after.png'), fullPage: true });

    expect(pageErrors).toEqual([]);
  }, 120_000);
});
