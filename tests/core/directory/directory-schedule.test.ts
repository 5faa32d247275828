/** The periodic directory synchronization of the server. */
import { pino } from 'pino';
import { loadConfig } from '../../../core/config/config.js';
import { startDirectorySchedule } from '../../../core/directory/directory-schedule.js';
import type { DirectorySyncReport } from '../../../core/directory/directory-sync.js';
import { startGraphServer, type GraphServer } from '../../doubles/graph-server.js';
import { COMMUNE_MEMBERS, createWorld, entraEnv, populateTenant, type World } from './directory-fixture.js';

let server: GraphServer;
let world: World;

beforeAll(async () => {
  server = await startGraphServer();
  populateTenant(server);
  world = await createWorld(server);
});

afterAll(async () => {
  await world.close();
  await server.close();
});

const logger = pino({ level: 'silent' });

it('is off with an interval of 0 or without Entra', () => {
  expect(startDirectorySchedule({ config: world.config, db: world.storage.db, logger })).toBeUndefined();
  const local = loadConfig({ env: { DIRECTORY_SYNC_INTERVAL_MINUTES: '30' }, readEnvFiles: false });
  expect(startDirectorySchedule({ config: local, db: world.storage.db, logger })).toBeUndefined();
});

it('runs on its interval, never two runs at once, and stops cleanly', async () => {
  const config = loadConfig({ env: { DATA_DIR: world.dataDir, ...entraEnv(server), DIRECTORY_SYNC_INTERVAL_MINUTES: '60' }, readEnvFiles: false });
  let firstRun!: (outcome: { report?: DirectorySyncReport; error?: unknown }) => void;
  const ran = new Promise<{ report?: DirectorySyncReport; error?: unknown }>((resolve) => (firstRun = resolve));
  const schedule = startDirectorySchedule({
    config,
    db: world.storage.db,
    blobs: world.blobs,
    logger,
    intervalMs: 20,
    onRun: firstRun,
  })!;
  try {
    const { report, error } = await ran;
    expect(error).toBeUndefined();
    expect(report).toMatchObject({ created: COMMUNE_MEMBERS });
    // Two calls while idle share one run.
    const [a, b] = [schedule.runNow(), schedule.runNow()];
    expect(a).toBe(b);
    expect(await a).toMatchObject({ created: 0, unchanged: COMMUNE_MEMBERS });
  } finally {
    await schedule.stop();
  }
  expect(await schedule.runNow()).toBeUndefined();
});
