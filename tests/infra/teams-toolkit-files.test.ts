/**
 * Teams Toolkit project files (teamsapp.yml, teamsapp.local.yml), the env files they read, the
 * Entra ID manifest and the Bicep template's parameters: validated against the toolkit's own
 * YAML schema and checked for consistency, since neither the toolkit nor Bicep runs here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseEnv } from 'node:util';
import ajvModule from 'ajv';
import { parse } from 'yaml';
import { loadConfig } from '../../core/config/config.js';
import { PROJECT_ROOT } from '../../core/util/project-root.js';
import { findPlaceholders } from '../../cli/teams-package/placeholders.js';

const text = (rel: string) => readFileSync(path.join(PROJECT_ROOT, rel), 'utf8');
const envFile = (name: string) => parseEnv(text(`env/.env.${name}`));

const YAML_FILES = ['teamsapp.yml', 'teamsapp.local.yml'];
/** Files resolved with every environment's values. */
const SHARED_TEMPLATES = ['appPackage/manifest.json', 'appPackage/en-us.json', 'aad.manifest.json'];
/** The project file the toolkit runs for each environment (`--env local` picks teamsapp.local.yml). */
const PROJECT_FILE: Record<string, string> = { local: 'teamsapp.local.yml', dev: 'teamsapp.yml' };

const schemaRoot = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@microsoft/m365agentstoolkit-cli/package.json')),
  'resource',
  'yaml-schema',
);

function validatorFor(version: string) {
  const schema = JSON.parse(readFileSync(path.join(schemaRoot, version, 'yaml.schema.json'), 'utf8'));
  return new ajvModule.default({ allErrors: true, strict: false }).compile(schema);
}

describe('teamsapp.yml / teamsapp.local.yml', () => {
  it.each(YAML_FILES)('%s is valid against the toolkit schema of its version', (file) => {
    const doc = parse(text(file));
    expect(doc.version).toMatch(/^v1\.\d+$/);
    // The newest schema version the pinned toolkit CLI ships.
    const newest = readdirSync(schemaRoot)
      .filter((d) => /^v1\.\d+$/.test(d))
      .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
      .at(-1);
    expect(doc.version).toBe(newest);
    expect(text(file)).toContain(`$schema=https://aka.ms/m365-agents-toolkits/${doc.version}/yaml.schema.json`);
    const validate = validatorFor(doc.version);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  it('the schema check catches a broken file (unknown action, missing parameter)', () => {
    const doc = parse(text('teamsapp.yml'));
    const validate = validatorFor(doc.version);
    doc.provision.push({ uses: 'teamsApp/doesNotExist', with: {} });
    expect(validate(doc)).toBe(false);
    const doc2 = parse(text('teamsapp.yml'));
    delete doc2.deploy.find((a: { uses: string }) => a.uses === 'azureAppService/zipDeploy').with.resourceId;
    expect(validate(doc2)).toBe(false);
  });

  it('describes provision, deploy and publish with the expected actions', () => {
    const uses = (file: string, stage: string) => (parse(text(file))[stage] as Array<{ uses: string }>).map((a) => a.uses);
    expect(uses('teamsapp.yml', 'provision')).toEqual([
      'teamsApp/create',
      'aadApp/create',
      'aadApp/create',
      'arm/deploy',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    expect(uses('teamsapp.yml', 'deploy')).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy']);
    expect(uses('teamsapp.yml', 'publish')).toContain('teamsApp/publishAppPackage');
    expect(uses('teamsapp.local.yml', 'provision')).toEqual(
      expect.arrayContaining(['botAadApp/create', 'botFramework/create', 'file/createOrUpdateEnvironmentFile', 'aadApp/update', 'teamsApp/zipAppPackage']),
    );
    // Every zip the toolkit builds lands where `npm run package` writes it.
    for (const file of YAML_FILES) expect(text(file)).not.toMatch(/outputZipPath: (?!\.\/appPackage\/build\/appPackage\.\$\{\{TEAMSFX_ENV\}\}\.zip)/);
  });
});

describe('environment files', () => {
  it.each(['local', 'dev'])('env/.env.%s defines every ${{VAR}} of its yml file, the manifests and the localization', (name) => {
    const values = envFile(name);
    expect(values.TEAMSFX_ENV).toBe(name);
    const used = new Set([PROJECT_FILE[name]!, ...SHARED_TEMPLATES].flatMap((f) => findPlaceholders(text(f))));
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter((v) => !(v in values));
    expect(missing).toEqual([]);
  });

  it.each(['local', 'dev'])('env/.env.%s holds no secret (secrets belong in env/.env.<env>.user)', (name) => {
    const values = envFile(name);
    for (const [key, value] of Object.entries(values)) {
      if (/SECRET|PASSWORD|CONNECTION_STRING|DATABASE_URL/.test(key)) expect([key, value]).toEqual([key, '']);
    }
  });

  it('env/.env.local keeps the server in local mode until provisioning fills BOT_ID and AAD_APP_CLIENT_ID', () => {
    const values = envFile('local');
    expect(values.BOT_ID).toBe('');
    expect(values.AAD_APP_CLIENT_ID).toBe('');
    const config = loadConfig({ cwd: PROJECT_ROOT, env: {} });
    expect(config.localMode).toBe(true);
    // Once provisioned (multi-tenant bot from botAadApp/create), the same file still loads.
    const provisioned = loadConfig({
      env: { ...values, BOT_ID: '22222222-2222-4222-8222-222222222222', SECRET_BOT_PASSWORD: 'x', AAD_APP_CLIENT_ID: '33333333-3333-4333-8333-333333333333', AAD_APP_TENANT_ID: '44444444-4444-4444-8444-444444444444', PUBLIC_BASE_URL: 'https://abc.devtunnels.ms' },
      readEnvFiles: false,
    });
    expect(provisioned.localMode).toBe(false);
    expect(provisioned.bot?.appType).toBe('MultiTenant');
  });

  it('secrets referenced by infra/azure.parameters.json are written by a teamsapp.yml action', () => {
    const yml = text('teamsapp.yml');
    const dev = envFile('dev');
    for (const name of findPlaceholders(text('infra/azure.parameters.json'))) {
      if (name.startsWith('SECRET_')) expect(yml).toMatch(new RegExp(`: ${name}\\s*$`, 'm'));
      else expect([name, name in dev]).toEqual([name, true]);
    }
  });
});

describe('infra/azure.bicep', () => {
  const bicep = text('infra/azure.bicep');
  const params = new Map(Array.from(bicep.matchAll(/^param (\w+) \w+( =.*)?$/gm), (m) => [m[1]!, m[2] !== undefined]));
  const given = Object.keys(JSON.parse(text('infra/azure.parameters.json')).parameters);

  it('receives exactly declared parameters, and every parameter without a default', () => {
    expect(given.filter((p) => !params.has(p))).toEqual([]);
    const required = [...params].filter(([, hasDefault]) => !hasDefault).map(([p]) => p);
    expect(required.filter((p) => !given.includes(p))).toEqual([]);
  });

  it('outputs the variables provisioning must write for the manifest, the yml and the Entra manifest', () => {
    const outputs = Array.from(bicep.matchAll(/^output (\w+) /gm), (m) => m[1]);
    expect(outputs.sort()).toEqual(['AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_DOMAIN', 'BOT_ENDPOINT', 'TAB_DOMAIN', 'TAB_ENDPOINT']);
  });

  it('sets app settings only with keys that core/config/config.ts reads (or App Service itself)', () => {
    const config = text('core/config/config.ts');
    const block = /var baseAppSettings = \{([\s\S]*?)\n\}/.exec(bicep)![1]! + /var databaseAppSettings = [^{]*\{([\s\S]*?)\}/.exec(bicep)![1]!;
    const keys = Array.from(block.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm), (m) => m[1]!);
    const appService = ['SCM_DO_BUILD_DURING_DEPLOYMENT', 'CUSTOM_BUILD_COMMAND'];
    expect(keys.filter((k) => !appService.includes(k) && !new RegExp(`\\b${k}:`).test(config))).toEqual([]);
    for (const key of ['BOT_ID', 'BOT_PASSWORD', 'AAD_APP_CLIENT_ID', 'AAD_APP_TENANT_ID', 'PUBLIC_BASE_URL', 'AZURE_STORAGE_CONNECTION_STRING', 'DATABASE_URL']) {
      expect(keys).toContain(key);
    }
    // Secrets only as Key Vault references.
    for (const key of ['BOT_PASSWORD', 'AAD_APP_CLIENT_SECRET', 'AZURE_STORAGE_CONNECTION_STRING', 'DATABASE_URL', 'DOCUMENT_LINK_SECRET']) {
      expect(block).toMatch(new RegExp(`${key}: (\\w+Ref|'@Microsoft\\.KeyVault\\()`));
    }
  });
});
