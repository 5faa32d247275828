/**
 * End to end, in Debian's Chromium: the real server (buildApp + listen on a free port) serving
 * the built web app. In local mode, a manager looks at an arrival, the arriving agent ticks a
 * step, reloads and still sees it ticked, and the manager sees the progress change.
 * Fails (never skips) when Chromium or the build is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { demoIds } from '../../../core/seed/seed.js';
import { PROJECT_ROOT } from '../../../core/util/project-root.js';
import { makePdf, payslipPage } from '../../core/documents/fixtures.js';
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
  const change = page.getByRole('button', { name: 'Changer de personne' });
  // Whichever the page shows once loaded: the picker (no one signed in) or the button to change.
  await picker.or(change).first().waitFor();
  if (!(await picker.isVisible())) await change.click();
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

// axe-core from node_modules (never downloaded).
const AXE_SOURCE = readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Serious or critical accessibility violations of the current page. */
async function seriousViolations(): Promise<string[]> {
  // Tabster's (Fluent's focus manager) dummy <i tabindex="0" aria-hidden> sentinels only redirect
  // focus to the real next element; they are not content.
  const result = await new AxeBuilder({ page, axeSource: AXE_SOURCE }).exclude('[data-tabster-dummy]').analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const CONFIGS = [
  { name: '360-light', width: 360, height: 740, scheme: 'light' },
  { name: '360-dark', width: 360, height: 740, scheme: 'dark' },
  { name: '1280-light', width: 1280, height: 800, scheme: 'light' },
  { name: '1280-dark', width: 1280, height: 800, scheme: 'dark' },
] as const;

async function useConfig(config: (typeof CONFIGS)[number]) {
  await page.setViewportSize({ width: config.width, height: config.height });
  await page.emulateMedia({ colorScheme: config.scheme });
}

async function noHorizontalOverflow(): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

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

describe('onboarding tab by role, at 360×740 and 1280×800, light and dark', () => {
  const NADIA_STEP = 'Activer les notifications Teams';
  // Reports of Jean-Marc Dupuis without an onboarding: one per configuration.
  const NEWCOMERS = ['mehdi.haddad', 'julien.petit', 'alexandre.lucas', 'sebastien.moreau'] as const;
  const snap = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  it.each(CONFIGS.map((c, i) => [c.name, c, i] as const))('agent ticks a step and accepts a document (%s)', async (_name, config) => {
    const db = t.ctx.storage.db;
    // Start each configuration from the same state.
    await db.updateTable('onboarding_steps').set({ status: 'todo', done_at: null, done_by: null }).where('onboarding_id', '=', demoIds.onboarding('nadia.rousseau')).where('title', '=', NADIA_STEP).execute();
    await db.deleteFrom('onboarding_acknowledgments').where('person_id', '=', AGENT).execute();
    await useConfig(config);
    await page.goto(`${baseUrl}/tab/agent`);
    await signInAs(AGENT);
    await page.getByRole('heading', { level: 1, name: 'Mon arrivée' }).waitFor();
    const box = page.getByRole('checkbox', { name: NADIA_STEP });
    const saved = page.waitForResponse((r) => r.url().includes('/complete') && r.request().method() === 'POST');
    await box.click();
    expect((await saved).status()).toBe(200);
    expect(await box.isChecked()).toBe(true);
    const documents = page.getByRole('region', { name: 'Documents à lire et accepter' });
    const href = await documents.getByRole('link', { name: 'Lire « Règlement intérieur »' }).getAttribute('href');
    expect((await page.request.get(`${baseUrl}${href}`)).status()).toBe(200);
    const accepted = page.waitForResponse((r) => r.url().includes('/acknowledge') && r.request().method() === 'POST');
    await documents.getByRole('button', { name: "J'ai lu et j'accepte « Règlement intérieur »" }).click();
    expect((await accepted).status()).toBe(200);
    await documents.getByText(/^Lu et accepté le/).first().waitFor();
    expect(await noHorizontalOverflow()).toBeLessThanOrEqual(0);
    await snap(`agent-${config.name}`);
    expect(await seriousViolations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it.each(CONFIGS.map((c, i) => [c.name, c, i] as const))('manager starts an onboarding and sees progress change (%s)', async (_name, config, index) => {
    const newcomer = demoIds.person(NEWCOMERS[index]!);
    await useConfig(config);
    await page.goto(`${baseUrl}/tab/manager`);
    await signInAs(demoIds.person('jean-marc.dupuis'));
    await page.getByRole('heading', { level: 1, name: 'Mes arrivées' }).waitFor();
    await page.getByRole('button', { name: 'Démarrer une arrivée' }).click();
    const form = page.getByRole('region', { name: 'Démarrer une arrivée' });
    await form.getByRole('combobox', { name: /Personne qui arrive/ }).selectOption(newcomer);
    await form.getByRole('combobox', { name: /Parcours/ }).selectOption(demoIds.template('agent-voirie'));
    await form.getByRole('combobox', { name: /Parrain ou marraine/ }).selectOption(demoIds.person('kevin.martin'));
    const started = page.waitForResponse((r) => r.url().endsWith('/api/tab/onboardings') && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Démarrer le parcours' }).click();
    expect((await started).status()).toBe(201);
    const name = (await t.ctx.storage.db.selectFrom('people').select('display_name').where('id', '=', newcomer).executeTakeFirstOrThrow()).display_name;
    const card = page.getByRole('region', { name });
    await card.getByText(/pas encore joignable/).first().waitFor();
    const progress = card.getByText(/étapes? faites? sur \d+/).first();
    const before = doneCount((await progress.textContent()) ?? '');
    const saved = page.waitForResponse((r) => r.url().includes('/complete') && r.request().method() === 'POST');
    await card.getByRole('checkbox', { name: 'Préparer la tenue, les EPI et le badge' }).click();
    expect((await saved).status()).toBe(200);
    await card.getByText(new RegExp(`^${before + 1} étapes? faites? sur`)).first().waitFor();
    expect(await noHorizontalOverflow()).toBeLessThanOrEqual(0);
    await snap(`manager-${config.name}`);
    expect(await seriousViolations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it.each(CONFIGS.map((c, i) => [c.name, c, i] as const))('HR edits a template (%s)', async (_name, config, index) => {
    await useConfig(config);
    await page.goto(`${baseUrl}/tab/hr`);
    await signInAs(demoIds.person('karim.benali'));
    await page.getByRole('heading', { level: 1, name: 'Espace RH' }).waitFor();
    await page.getByRole('button', { name: 'Modifier Arrivée — jardinier' }).click();
    const step1 = page.getByRole('group', { name: 'Étape 1', exact: true });
    await step1.getByRole('textbox', { name: /Intitulé/ }).fill(`Préparer le contrat et le dossier administratif (${config.name})`);
    const saved = page.waitForResponse((r) => r.url().includes('/api/tab/hr/templates/') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    expect((await saved).status()).toBe(200);
    await page.getByRole('status').filter({ hasText: 'Modèle enregistré' }).waitFor({ timeout: 10_000 }).catch(async (e: unknown) => { console.log(await page.locator('main').innerText()); throw e; });
    expect(await page.getByRole('status').filter({ hasText: 'Modèle enregistré' }).innerText()).toContain(`version ${index + 2}.`);
    expect(await noHorizontalOverflow()).toBeLessThanOrEqual(0);
    await snap(`hr-${config.name}`);
    expect(await seriousViolations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});

describe('HR publishes a payroll run in Chromium', () => {
  it('checks the files, confirms in the dialog, publishes, and the agent has the payslip', async () => {
    const period = '2026-10';
    const agent = await t.ctx.storage.db.selectFrom('people').select(['id', 'display_name']).where('matricule', '=', 'M1103').executeTakeFirstOrThrow();
    await useConfig(CONFIGS[0]);
    await page.goto(`${baseUrl}/tab/hr`);
    await signInAs(demoIds.person('karim.benali'));
    await page.getByRole('heading', { level: 1, name: 'Espace RH' }).waitFor();
    await page.getByRole('tab', { name: 'Bulletins de paie' }).click();
    const panel = page.getByRole('region', { name: 'Bulletins de paie' });
    await panel.getByLabel(/Période de paie/).fill(period);
    await panel.getByLabel(/Fichiers de la paie/).setInputFiles([
      { name: `M1103_${period}.pdf`, mimeType: 'application/pdf', buffer: await makePdf([payslipPage('M1103', agent.display_name, period)]) },
      { name: `M9999_${period}.pdf`, mimeType: 'application/pdf', buffer: await makePdf([payslipPage('M9999', 'Personne Inconnue', period)]) },
    ]);
    const checked = page.waitForResponse((r) => r.url().includes('/api/tab/hr/payroll') && r.request().method() === 'POST');
    await panel.getByRole('button', { name: 'Vérifier' }).click();
    expect((await checked).status()).toBe(200);
    const report = page.getByRole('region', { name: `Rapport de la paie ${period}` });
    await report.waitFor();
    // One payslip recognised, one file set aside with its reason.
    await report.getByText('Fichiers ou pages non reconnus (1)').waitFor();
    expect(await report.getByText(`M9999_${period}.pdf — matricule inconnu`).count()).toBe(1);
    expect(await noHorizontalOverflow()).toBeLessThanOrEqual(0);
    expect(await seriousViolations()).toEqual([]);

    // The confirmation is a real modal dialog: Cancel publishes nothing.
    await report.getByRole('button', { name: 'Publier 1 bulletin' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Publier la paie ?' });
    await dialog.waitFor();
    // Measured once Fluent's opening animation (a fade) is over: mid-fade, every colour is paler.
    await page.waitForFunction(() => (globalThis as unknown as { document: { getAnimations(): Array<{ playState: string }> } }).document.getAnimations().every((a) => a.playState !== 'running'));
    expect(await dialog.innerText()).toContain(`1 bulletin de ${period} sera publié`);
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'hr-payroll-confirm.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const payslips = () => t.ctx.storage.db.selectFrom('documents').select(['period']).where('person_id', '=', agent.id).where('kind', '=', 'payslip').where('period', '=', period).execute();
    expect(await payslips()).toHaveLength(0);

    await report.getByRole('button', { name: 'Publier 1 bulletin' }).click();
    const published = page.waitForResponse((r) => r.url().includes('/api/tab/hr/payroll') && r.url().includes('publish') && r.request().method() === 'POST');
    await page.getByRole('alertdialog', { name: 'Publier la paie ?' }).getByRole('button', { name: 'Publier', exact: true }).click();
    expect((await published).status()).toBe(200);
    const result = page.getByRole('region', { name: 'Paie publiée' });
    await result.waitFor();
    expect(await payslips()).toHaveLength(1);
    expect(await noHorizontalOverflow()).toBeLessThanOrEqual(0);
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'hr-payroll-published.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
