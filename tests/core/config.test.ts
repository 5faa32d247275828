import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeConfig, loadConfig } from '../../core/config/config.js';
import { EquipageError } from '../../core/errors.js';

const GUID = '11111111-2222-4333-8444-555555555555';
const TENANT = '99999999-8888-4777-8666-555555555555';

describe('loadConfig', () => {
  it('runs on embedded defaults in local mode', () => {
    const config = loadConfig({ env: {}, cwd: '/srv/equipage', readEnvFiles: false });
    expect(config.localMode).toBe(true);
    expect(config.server).toEqual({ port: 3978, host: '127.0.0.1', publicBaseUrl: undefined, trustProxy: false });
    expect(config.dataDir).toBe('/srv/equipage/.data');
    expect(config.database).toEqual({ kind: 'pglite', dir: '/srv/equipage/.data/pglite' });
    expect(config.blob).toEqual({ kind: 'local', dir: '/srv/equipage/.data/blobs' });
    expect(config.playground).toEqual({ enabled: true, port: 56150 });
    expect(config.seedDemo).toBe(true);
  });

  it('switches to PostgreSQL, Azure blobs and authenticated mode when configured', () => {
    const config = loadConfig({
      env: {
        DATABASE_URL: 'postgres://app:s3cret@db.example:5432/equipage',
        DATABASE_SSL: 'verify-full',
        AZURE_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=y',
        BOT_ID: GUID,
        BOT_PASSWORD: 'bot-secret',
        BOT_TENANT_ID: TENANT,
        AAD_APP_CLIENT_ID: GUID,
        AAD_APP_TENANT_ID: TENANT,
        PORT: '8080',
      },
      readEnvFiles: false,
    });
    expect(config.localMode).toBe(false);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.server.port).toBe(8080);
    expect(config.database).toMatchObject({ kind: 'postgres', ssl: 'verify-full', poolMax: 10 });
    expect(config.blob).toMatchObject({ kind: 'azure', container: 'equipage' });
    expect(config.playground.enabled).toBe(false);
    expect(config.seedDemo).toBe(false);
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain('s3cret');
    expect(described).not.toContain('bot-secret');
    expect(described).not.toContain('AccountKey');
  });

  it('names every invalid or missing key in one error, without echoing values', () => {
    let caught: unknown;
    try {
      loadConfig({
        env: { PORT: 'http', DATABASE_URL: 'mysql://root:topsecret@x/y', BOT_ID: GUID, LOG_LEVEL: 'loud', AAD_APP_CLIENT_ID: 'not-a-guid' },
        readEnvFiles: false,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EquipageError);
    const error = caught as EquipageError;
    expect(error.code).toBe('EQP_ERR_CONFIG_INVALID');
    const keys = (error.details as Array<{ key: string }>).map((d) => d.key).sort();
    expect(keys).toEqual(['AAD_APP_CLIENT_ID', 'AAD_APP_TENANT_ID', 'BOT_PASSWORD', 'BOT_TENANT_ID', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect(error.message).not.toContain('topsecret');
    expect(error.localized('fr')).toMatch(/^Configuration invalide : /);
  });

  it('reads env/.env.local and env/.env.local.user, the real environment winning', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'equipage-config-'));
    try {
      await mkdir(path.join(dir, 'env'));
      await writeFile(path.join(dir, 'env/.env.local'), 'PORT=4000\nBOT_ID=\nPLAYGROUND_PORT=56999\n');
      await writeFile(path.join(dir, 'env/.env.local.user'), 'LOG_LEVEL=debug\n');
      const config = loadConfig({ env: { PORT: '5000' }, cwd: dir });
      expect(config.server.port).toBe(5000);
      expect(config.playground.port).toBe(56999);
      expect(config.logLevel).toBe('debug');
      expect(config.localMode).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts the Teams Toolkit secret name for the bot password', () => {
    const config = loadConfig({ env: { BOT_ID: GUID, SECRET_BOT_PASSWORD: 'x', BOT_TYPE: 'MultiTenant' }, readEnvFiles: false });
    expect(config.bot).toMatchObject({ appId: GUID, appPassword: 'x', appType: 'MultiTenant' });
  });
});

describe('README configuration table', () => {
  it('documents every configuration key', async () => {
    const { readFileSync } = await import('node:fs');
    const { PROJECT_ROOT } = await import('../../core/util/project-root.js');
    const { CONFIG_KEYS } = await import('../../core/config/config.js');
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| `([A-Z0-9_]+)`/gm)].map((m) => m[1]));
    expect(CONFIG_KEYS.filter((key) => !documented.has(key))).toEqual([]);
  });
});
