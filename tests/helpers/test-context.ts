/**
 * Builds a real application context for tests: a temp data folder, real storage (PGlite, or
 * PostgreSQL when asked), the local blob store, the demo commune seeded, and `buildApp`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createBlobStore } from '../../core/blob/create-blob-store.js';
import { loadConfig, type Config } from '../../core/config/config.js';
import { seedDemoCommune } from '../../core/seed/seed.js';
import { openStorage } from '../../core/storage/database.js';
import { VERSION } from '../../core/util/project-root.js';
import { buildApp, type BuildAppOptions } from '../../server/app.js';
import type { AppContext } from '../../server/context.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

export interface TestContext {
  ctx: AppContext;
  config: Config;
  app: Awaited<ReturnType<typeof buildApp>>['app'];
  dataDir: string;
  close(): Promise<void>;
}

export interface TestContextOptions extends BuildAppOptions {
  database?: 'pglite' | 'postgres';
  seed?: boolean;
  /** Extra environment keys for `loadConfig`. */
  env?: Record<string, string>;
  /** Fixed "today" for the seed. */
  today?: string;
}

/** Creates a context and app; call `close()` in `afterAll`. */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-test-'));
  let pgdb: TestDatabase | undefined;
  if (options.database === 'postgres') pgdb = await createTestDatabase();
  const config = loadConfig({
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(pgdb ? { DATABASE_URL: pgdb.url } : {}), ...options.env },
    readEnvFiles: false,
  });
  const storage = await openStorage(config.database, { purpose: 'test', dataDir: config.dataDir });
  const blobs = await createBlobStore(config.blob);
  if (options.seed ?? true) await seedDemoCommune(storage.db, options.today ? { today: options.today } : {});
  const ctx: AppContext = { config, storage, blobs, logger: pino({ level: 'silent' }), version: VERSION, startedAt: new Date() };
  let app: TestContext['app'];
  try {
    app = (await buildApp(ctx, options)).app;
    await app.ready();
  } catch (error) {
    await blobs.close();
    await storage.close();
    await pgdb?.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ctx,
    config,
    app,
    dataDir,
    async close() {
      await app.close();
      await blobs.close();
      await storage.close();
      await pgdb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
