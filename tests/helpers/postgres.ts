/**
 * A throw-away PostgreSQL database per test file, on the server named by `TEST_DATABASE_URL`.
 * Returns undefined when that variable is not set (the PostgreSQL suites are then skipped with a notice).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export const TEST_DATABASE_URL: string | undefined = process.env.TEST_DATABASE_URL || undefined;

/**
 * The storage backends a suite runs on: PGlite always, PostgreSQL when `TEST_DATABASE_URL` is set
 * (`npm test` always sets it). Use as `for (const backend of TEST_BACKENDS) (backend.enabled ? describe : describe.skip)(...)`.
 */
export const TEST_BACKENDS = [
  { name: 'PGlite', database: 'pglite' as const, enabled: true },
  { name: 'PostgreSQL', database: 'postgres' as const, enabled: Boolean(TEST_DATABASE_URL) },
];

/** Creates an empty database and returns its URL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `equipage_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
