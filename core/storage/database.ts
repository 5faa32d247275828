/**
 * Opens the relational store: PGlite in the data folder by default, PostgreSQL through `pg` when
 * `DATABASE_URL` is set. Both go through one Kysely query layer and one set of migrations.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import pg from 'pg';
import type { Config } from '../config/config.js';
import { EquipageError } from '../errors.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { migrations } from './migrations/index.js';
import { disabledNotifications, pgliteNotifications, postgresNotifications, type Notifications } from './notifications.js';
import type { Database } from './schema.js';

/** Postgres type OIDs whose parsing we align across both drivers. */
const OID_INT8 = 20;
const OID_DATE = 1082;

/** An open store. `close()` is idempotent and releases the data-folder lock. */
export interface Storage {
  readonly db: Kysely<Database>;
  readonly kind: 'pglite' | 'postgres';
  /** Names of the migrations applied, in order. */
  readonly migrations: readonly string[];
  /** `LISTEN`/`NOTIFY` on this database, for cache invalidation (see notifications.ts). */
  readonly notifications: Notifications;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStorageOptions {
  /** Shown to a second opener of the same data folder, e.g. "serveur Équipage". */
  purpose: string;
  /** Data folder holding the lock (PGlite only). */
  dataDir: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Failures of the PostgreSQL listening connection (it reconnects by itself). */
  onNotificationError?: (error: Error) => void;
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies pending migrations; throws `EQP_ERR_MIGRATION_FAILED` naming the failing one. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new EquipageError(
      'EQP_ERR_MIGRATION_FAILED',
      { migration: failed?.migrationName ?? '?', reason: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
  return (await migrator.getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
}

/** Opens the store configured in `config.database`. */
export async function openStorage(database: Config['database'], options: OpenStorageOptions): Promise<Storage> {
  let lock: DataDirLock | undefined;
  let db: Kysely<Database>;
  let notifications: Notifications;
  if (database.kind === 'pglite') {
    lock = acquireDataDirLock(options.dataDir, options.purpose);
    try {
      const pglite = await PGlite.create({
        dataDir: database.dir,
        parsers: { [OID_INT8]: (v: string) => Number(v), [OID_DATE]: (v: string) => v },
      });
      db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
      notifications = pgliteNotifications(pglite);
    } catch (error) {
      lock.release();
      throw new EquipageError('EQP_ERR_STORAGE_UNAVAILABLE', { reason: (error as Error).message }, { cause: error });
    }
  } else {
    const connection = {
      connectionString: database.url,
      ssl: database.ssl === 'disable' ? false : { rejectUnauthorized: database.ssl === 'verify-full' },
    };
    notifications = database.notifications ? postgresNotifications({ client: connection, onError: options.onNotificationError }) : disabledNotifications();
    const pool = new pg.Pool({
      ...connection,
      max: database.poolMax,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === OID_INT8) return (v: string) => Number(v);
          if (oid === OID_DATE) return (v: string) => v;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client losing its connection must not crash the process: the pool replaces it.
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      await notifications.close().catch(() => undefined);
      await db.destroy();
    } finally {
      lock?.release();
    }
  };

  try {
    await sql`select 1`.execute(db);
    const applied = options.migrate === false ? [] : await migrateToLatest(db);
    return {
      db,
      kind: database.kind,
      migrations: applied,
      notifications,
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    if (error instanceof EquipageError) throw error;
    throw new EquipageError('EQP_ERR_STORAGE_UNAVAILABLE', { reason: (error as Error).message }, { cause: error });
  }
}
