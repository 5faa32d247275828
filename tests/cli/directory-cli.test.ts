/** `equipage directory sync`, in-process, against the local Graph + Entra double. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config/config.js';
import { openStorage } from '../../core/storage/database.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { startGraphServer, type GraphServer } from '../doubles/graph-server.js';
import { COMMUNE_MEMBERS, entraEnv, populateTenant } from '../core/directory/directory-fixture.js';

const run = (args: string[], env: Record<string, string>) => runCliCaptured(args, env);

describe('equipage directory sync', () => {
  let dir: string;
  let server: GraphServer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'equipage-cli-directory-'));
    server = await startGraphServer({ maxPageSize: 4 });
    populateTenant(server);
  });

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses in local mode with a coded error explaining the directory is the seeded demo', async () => {
    const result = await run(['directory', 'sync'], { DATA_DIR: path.join(dir, 'local'), LOG_LEVEL: 'silent' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('[EQP_ERR_DIRECTORY_NOT_CONFIGURED]');
    expect(result.err).toContain('commune de démonstration');
    expect(result.err).toContain('AAD_APP_CLIENT_ID');
  });

  it('dry-runs, then synchronizes with progress, then finds nothing to change', async () => {
    const env = { DATA_DIR: path.join(dir, 'entra'), LOG_LEVEL: 'silent', ...entraEnv(server) };

    const dry = await run(['directory', 'sync', '--dry-run'], env);
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Simulation / dry run');
    expect(dry.out).toContain('created kevin.voirie@ville-test.fr');
    expect(dry.out).toContain(`${COMMUNE_MEMBERS} créé(s) / created`);

    const real = await run(['directory', 'sync'], env);
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/utilisateurs lus \/ users read: 4\n.*users read: 8\n.*users read: 10\n/);
    expect(real.out).toContain('membres du groupe RH / HR group members: 2');
    expect(real.out).toContain(`Annuaire synchronisé / directory synchronized: ${COMMUNE_MEMBERS} créé(s) / created`);
    expect(real.out).toContain('Photos: 2 mise(s) à jour / updated');

    const again = await run(['directory', 'sync'], env);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`0 créé(s) / created, 0 mis à jour / updated, ${COMMUNE_MEMBERS} inchangé(s) / unchanged, 0 parti(s) / left`);

    const config = loadConfig({ env, readEnvFiles: false });
    const storage = await openStorage(config.database, { purpose: 'test', dataDir: config.dataDir });
    try {
      expect(await storage.db.selectFrom('people').select('id').execute()).toHaveLength(COMMUNE_MEMBERS);
    } finally {
      await storage.close();
    }
  });
});
