/**
 * Periodic directory synchronization inside the server (`DIRECTORY_SYNC_INTERVAL_MINUTES`, 0 = off).
 * Runs never overlap; a failed run is logged and the next one tries again.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { BlobStore } from '../blob/blob-store.js';
import type { Config } from '../config/config.js';
import type { Database } from '../storage/schema.js';
import type { DirectorySyncReport } from './directory-sync.js';
import { directoryEntraApp, runDirectorySync } from './directory-service.js';

export interface DirectorySchedule {
  /** Runs one synchronization now (or waits for the one in progress). */
  runNow(): Promise<DirectorySyncReport | undefined>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export interface DirectoryScheduleOptions {
  config: Config;
  db: Kysely<Database>;
  blobs?: BlobStore | undefined;
  logger: Logger;
  /** Overrides the configured interval (tests). */
  intervalMs?: number;
  /** Called after each run, successful or not. */
  onRun?: (outcome: { report?: DirectorySyncReport; error?: unknown }) => void;
}

/**
 * Starts the schedule, or returns undefined when it is off (interval 0) or Entra is not configured
 * (local mode: the directory is the seeded demo).
 */
export function startDirectorySchedule(options: DirectoryScheduleOptions): DirectorySchedule | undefined {
  const { config, logger } = options;
  const intervalMs = options.intervalMs ?? config.directory.syncIntervalMinutes * 60_000;
  if (intervalMs <= 0) return undefined;
  if (!config.entra?.clientSecret) {
    logger.warn('DIRECTORY_SYNC_INTERVAL_MINUTES is set but Entra is not configured (AAD_APP_CLIENT_ID/SECRET/TENANT_ID): directory sync stays off');
    return undefined;
  }
  const app = directoryEntraApp(config);
  let running: Promise<DirectorySyncReport | undefined> | undefined;
  let stopped = false;

  const run = (): Promise<DirectorySyncReport | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    running ??= (async () => {
      try {
        const report = await runDirectorySync({
          config,
          db: options.db,
          blobs: options.blobs,
          app,
          actor: 'system:directory-sync',
          retry: { onRetry: (info) => logger.warn({ ...info }, 'directory sync: Graph throttled, retrying') },
        });
        const { changes: _changes, ...counts } = report;
        logger.info({ directorySync: counts }, 'directory synchronized');
        options.onRun?.({ report });
        return report;
      } catch (error) {
        logger.error({ err: error }, 'directory sync failed');
        options.onRun?.({ error });
        return undefined;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
