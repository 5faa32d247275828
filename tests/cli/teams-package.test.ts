/**
 * The Teams app packager (`equipage package --env <env>`), run on copies of the real
 * appPackage/ and env/ files in a temp folder, as if provisioning had filled the ids.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import appManifest from '@microsoft/app-manifest';
import ajvDraft04 from 'ajv-draft-04';
import JSZip from 'jszip';
import { EquipageError } from '../../core/errors.js';
import { PROJECT_ROOT } from '../../core/util/project-root.js';
import { register } from '../../cli/commands/package.js';
import { buildAppPackage } from '../../cli/teams-package/build-package.js';
import { findPlaceholders, resolveJsonPlaceholders } from '../../cli/teams-package/placeholders.js';

/** Runs `equipage package …` through commander with only this command registered. */
async function runPackageCommand(args: string[], cwd: string): Promise<string> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c) => (out += String(c)));
  const program = new Command('equipage').exitOverride();
  register(program, { stdout, stderr: new PassThrough(), cwd });
  await program.parseAsync(args, { from: 'user' });
  return out;
}

const PACKAGE_FILES = ['manifest.json', 'en-us.json', 'color.png', 'outline.png'];

/** What provisioning writes for each environment (the committed files leave these empty). */
const PROVISIONED: Record<string, Record<string, string>> = {
  local: {
    TEAMS_APP_ID: '11111111-1111-4111-8111-111111111111',
    BOT_ID: '22222222-2222-4222-8222-222222222222',
    AAD_APP_CLIENT_ID: '33333333-3333-4333-8333-333333333333',
  },
  dev: {
    TEAMS_APP_ID: '44444444-4444-4444-8444-444444444444',
    BOT_ID: '55555555-5555-4555-8555-555555555555',
    AAD_APP_CLIENT_ID: '66666666-6666-4666-8666-666666666666',
    TAB_ENDPOINT: 'https://equipageab12cd.azurewebsites.net',
    TAB_DOMAIN: 'equipageab12cd.azurewebsites.net',
  },
};

let root: string;

function userFile(values: Record<string, string>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join('');
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'equipage-package-'));
  await mkdir(path.join(root, 'appPackage'));
  await mkdir(path.join(root, 'env'));
  for (const file of PACKAGE_FILES) await copyFile(path.join(PROJECT_ROOT, 'appPackage', file), path.join(root, 'appPackage', file));
  for (const env of ['local', 'dev']) await copyFile(path.join(PROJECT_ROOT, 'env', `.env.${env}`), path.join(root, 'env', `.env.${env}`));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Validates against the bundled schema file directly, independently of the packager's lookup. */
async function schemaErrors(document: Record<string, unknown>, schemaFile: string): Promise<string[]> {
  const dir = path.dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
  const schema = JSON.parse(await readFile(path.join(dir, 'build', 'json-schemas', 'teams', schemaFile), 'utf8'));
  if (!schemaFile.endsWith('Localization.schema.json')) return appManifest.AppManifestUtils.validateAgainstSchema(document as never, schema);
  // The localization schema's patterns are not valid Unicode regular expressions (see cli/teams-package/schemas.ts).
  const validate = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  return validate(document) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<EquipageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EquipageError);
  expect((error as EquipageError).code).toBe(code);
  return error as EquipageError;
}

describe.each(['local', 'dev'])('package --env %s (provisioned)', (env) => {
  beforeEach(async () => {
    await writeFile(path.join(root, 'env', `.env.${env}.user`), userFile(PROVISIONED[env]!));
  });

  it('writes a schema-valid resolved manifest', async () => {
    const built = await buildAppPackage({ root, env });
    expect(built.zipPath).toBe(path.join(root, 'appPackage', 'build', `appPackage.${env}.zip`));
    expect(built.envFiles).toEqual([`env/.env.${env}`, `env/.env.${env}.user`]);
    const written = JSON.parse(await readFile(path.join(root, 'appPackage', 'build', `manifest.${env}.json`), 'utf8'));
    expect(written).toEqual(built.manifest);
    expect(JSON.stringify(written)).not.toContain('${{');

    const version = String(written.manifestVersion);
    const [major, minor] = version.split('.').map(Number);
    expect(major === 1 && minor! >= 19).toBe(true);
    expect(await schemaErrors(written, `v${version}/MicrosoftTeams.schema.json`)).toEqual([]);

    const values = { ...PROVISIONED[env]! };
    const tabEndpoint = values.TAB_ENDPOINT ?? 'https://localhost:3978';
    const tabDomain = values.TAB_DOMAIN ?? 'localhost:3978';
    expect(written.id).toBe(values.TEAMS_APP_ID);
    expect(written.name.short).toBe(`Équipage-${env}`);
    expect(written.localizationInfo).toEqual({ defaultLanguageTag: 'fr-FR', additionalLanguages: [{ languageTag: 'en-US', file: 'en-us.json' }] });
    const [bot] = written.bots;
    expect(bot.botId).toBe(values.BOT_ID);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(true);
    expect(bot.commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['aide', 'mes demandes', 'mon bulletin']);
    const tabs = Object.fromEntries(written.staticTabs.filter((t: { name?: string }) => t.name).map((t: { name: string; contentUrl: string }) => [t.name, t.contentUrl]));
    expect(tabs).toEqual({ 'Mon arrivée': `${tabEndpoint}/tab/agent`, 'Mes arrivées': `${tabEndpoint}/tab/manager` });
    expect(written.configurableTabs).toEqual([expect.objectContaining({ configurationUrl: `${tabEndpoint}/tab/config`, scopes: ['team'] })]);
    expect(written.webApplicationInfo).toEqual({ id: values.AAD_APP_CLIENT_ID, resource: `api://${tabDomain}/${values.AAD_APP_CLIENT_ID}` });
    expect(written.validDomains).toEqual([tabDomain]);
  });

  it('zips the manifest, both icons and the English localization', async () => {
    const built = await buildAppPackage({ root, env });
    const zip = await JSZip.loadAsync(await readFile(built.zipPath));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
    expect(JSON.parse(await zip.file('manifest.json')!.async('string'))).toEqual(built.manifest);
    for (const icon of ['color.png', 'outline.png']) {
      expect(Buffer.compare(await zip.file(icon)!.async('nodebuffer'), await readFile(path.join(root, 'appPackage', icon)))).toBe(0);
    }
    const english = JSON.parse(await zip.file('en-us.json')!.async('string'));
    expect(english['name.short']).toBe(`Équipage-${env}`);
    expect(await schemaErrors(english, `v${built.manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`)).toEqual([]);
  });

  it('runs as `equipage package --env` and prints the zip path', async () => {
    const out = await runPackageCommand(['package', '--env', env], root);
    expect(out).toContain(path.join('appPackage', 'build', `appPackage.${env}.zip`));
    expect(existsSync(path.join(root, 'appPackage', 'build', `appPackage.${env}.zip`))).toBe(true);
  });
});

describe('package errors', () => {
  it('names every variable left empty by the committed env file (not provisioned yet)', async () => {
    const error = await expectCode(buildAppPackage({ root, env: 'local' }), 'EQP_ERR_PACKAGE_PLACEHOLDER_UNRESOLVED');
    expect(error.details).toEqual(['AAD_APP_CLIENT_ID', 'BOT_ID', 'TEAMS_APP_ID']);
    expect(error.message).toContain('env/.env.local');
    for (const name of ['AAD_APP_CLIENT_ID', 'BOT_ID', 'TEAMS_APP_ID']) {
      expect(error.message).toContain(name);
      expect(error.localized('fr')).toContain(name);
    }
    expect(existsSync(path.join(root, 'appPackage', 'build'))).toBe(false);
  });

  it('names a variable that is not defined at all, wherever it is used', async () => {
    await writeFile(path.join(root, 'env', '.env.local.user'), userFile(PROVISIONED.local!));
    const envFile = path.join(root, 'env', '.env.local');
    await writeFile(envFile, (await readFile(envFile, 'utf8')).replace(/^TAB_DOMAIN=.*$/m, ''));
    const english = path.join(root, 'appPackage', 'en-us.json');
    await writeFile(english, (await readFile(english, 'utf8')).replace('"help"', '"${{ HELP_WORD }}"'));
    const error = await expectCode(buildAppPackage({ root, env: 'local' }), 'EQP_ERR_PACKAGE_PLACEHOLDER_UNRESOLVED');
    expect(error.details).toEqual(['HELP_WORD', 'TAB_DOMAIN']);
    expect(error.message).toBe('Variables not defined in env/.env.local + env/.env.local.user: HELP_WORD, TAB_DOMAIN.');
  });

  it('refuses an environment without its file, and a malformed environment name', async () => {
    await expectCode(buildAppPackage({ root, env: 'prod' }), 'EQP_ERR_PACKAGE_ENV_MISSING');
    await expectCode(buildAppPackage({ root, env: '../etc' }), 'EQP_ERR_CLI_USAGE');
  });

  it('reports schema violations with EQP_ERR_PACKAGE_INVALID', async () => {
    // A 40-character suffix makes name.short longer than the schema's 30.
    await writeFile(path.join(root, 'env', '.env.local.user'), userFile({ ...PROVISIONED.local!, APP_NAME_SUFFIX: '-'.repeat(40) }));
    const error = await expectCode(buildAppPackage({ root, env: 'local' }), 'EQP_ERR_PACKAGE_INVALID');
    expect(JSON.stringify(error.details)).toContain('/name/short');
  });

  it('rejects a value that is not what the schema expects (bot id not a GUID)', async () => {
    await writeFile(path.join(root, 'env', '.env.local.user'), userFile({ ...PROVISIONED.local!, BOT_ID: 'not-a-guid' }));
    const error = await expectCode(buildAppPackage({ root, env: 'local' }), 'EQP_ERR_PACKAGE_INVALID');
    expect(JSON.stringify(error.details)).toContain('/bots/0/botId');
  });

  it('validates the localization file too', async () => {
    await writeFile(path.join(root, 'env', '.env.local.user'), userFile(PROVISIONED.local!));
    const english = path.join(root, 'appPackage', 'en-us.json');
    const doc = JSON.parse(await readFile(english, 'utf8'));
    await writeFile(english, JSON.stringify({ ...doc, 'name.full': 'x'.repeat(101), 'staticTabs[99].name': 'nope' }));
    const error = await expectCode(buildAppPackage({ root, env: 'local' }), 'EQP_ERR_PACKAGE_INVALID');
    const details = (error.details as string[]).join('\n');
    expect(details).toContain('en-us.json: /name.full must NOT have more than 100 characters');
    expect(details).toContain('{"additionalProperty":"staticTabs[99].name"}');
  });

  it('rejects an outline icon that is not white on transparent', async () => {
    await writeFile(path.join(root, 'env', '.env.local.user'), userFile(PROVISIONED.local!));
    // The colour icon is 192×192 and opaque: wrong size and no transparency for an outline.
    await copyFile(path.join(root, 'appPackage', 'color.png'), path.join(root, 'appPackage', 'outline.png'));
    const error = await expectCode(buildAppPackage({ root, env: 'local' }), 'EQP_ERR_PACKAGE_INVALID');
    const details = (error.details as string[]).join('\n');
    expect(details).toContain('outline.png: must be 32×32, is 192×192');
    expect(details).toContain('outline.png: must have a transparent background');
    expect(details).toContain('visible pixels are not pure white');
  });

  it('surfaces the coded error from the command (cli/main.ts prints it and exits 1)', async () => {
    const error = await expectCode(runPackageCommand(['package', '--env', 'local'], root), 'EQP_ERR_PACKAGE_PLACEHOLDER_UNRESOLVED');
    expect(error.details).toContain('BOT_ID');
  });

  it('requires --env', async () => {
    await expect(runPackageCommand(['package'], root)).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
  });
});

describe('placeholders', () => {
  it('finds names with the toolkit grammar', () => {
    expect(findPlaceholders('a ${{X}} b ${{ Y_2 }} ${{X}} ${{1BAD}} ${X}')).toEqual(['X', 'Y_2']);
  });

  it('substitutes inside JSON strings, so quotes in values keep the JSON valid', () => {
    const { value, unresolved } = resolveJsonPlaceholders({ a: 'say ${{Q}}', list: ['${{Q}}', 3, null], ['k${{K}}']: true }, { Q: '"hi" \\ there', K: 'ey' });
    expect(unresolved).toEqual([]);
    expect(value).toEqual({ a: 'say "hi" \\ there', list: ['"hi" \\ there', 3, null], key: true });
  });

  it('treats empty values as unresolved, except APP_NAME_SUFFIX (as Teams Toolkit does)', () => {
    const { value, unresolved } = resolveJsonPlaceholders({ n: 'App${{APP_NAME_SUFFIX}}', id: '${{BOT_ID}}' }, { APP_NAME_SUFFIX: '', BOT_ID: '' });
    expect(unresolved).toEqual(['BOT_ID']);
    expect(value.n).toBe('App');
  });
});
