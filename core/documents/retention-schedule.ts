/**
 * The server's retention worker: applies the documents' retention policy (see retention.ts) once
 * shortly after start, then once a day, and deletes expired payroll uploads staged from the tab.
 * `applyRetention` is idempotent, so a restart or a second server instance running it again the
 * same day changes nothing. `equipage documents retention` remains for a manual run.
 */
import type { Kysely } from 'kysely';
import type { BlobStore } from '../blob/blob-store.js';
import type { Config } from '../config/config.js';
import type { Database } from '../storage/schema.js';
import { purgeExpiredPayrollUploads } from './payroll-uploads.js';
import { applyRetention, type RetentionResult } from './retention.js';

export interface RetentionScheduleOptions {
  db: Kysely<Database>;
  blobs: BlobStore;
  policy: Config['documents'];
  /** Time between two runs (default 24 h). */
  intervalMs?: number;
  /** Delay before the first run, so start-up is not slowed (default 1 minute). */
  firstRunDelayMs?: number;
  logger?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  now?: () => Date;
}

/** What one run did. */
export interface RetentionRunResult extends RetentionResult {
  stagedUploadsPurged: number;
}

export interface RetentionSchedule {
  start(): void;
  /** Stops the timer and waits for a run in progress. Idempotent. */
  stop(): Promise<void>;
  /** One run now (what the timer does). */
  runOnce(): Promise<RetentionRunResult>;
  /** Completed runs since start (for health reporting and tests). */
  readonly runs: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** Creates the worker (not started). */
export function createRetentionSchedule(options: RetentionScheduleOptions): RetentionSchedule {
  const interval = options.intervalMs ?? DAY_MS;
  const firstDelay = options.firstRunDelayMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  let runs = 0;

  const runOnce = async (): Promise<RetentionRunResult> => {
    const now = options.now?.() ?? new Date();
    const result = await applyRetention(options.db, options.policy, { now });
    const stagedUploadsPurged = await purgeExpiredPayrollUploads({ blobs: options.blobs, now: () => now });
    runs++;
    return { ...result, stagedUploadsPurged };
  };

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    running = runOnce()
      .then(
        (result) => options.logger?.info({ retention: result }, 'document retention applied'),
        (error: unknown) => options.logger?.error({ err: error }, 'document retention failed; retrying at the next run'),
      )
      .finally(() => {
        running = undefined;
        schedule(interval);
      });
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(tick, delay);
    // The worker never keeps the process alive on its own.
    timer.unref();
  };

  return {
    start() {
      if (timer || running || stopped) return;
      schedule(firstDelay);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
    runOnce,
    get runs() {
      return runs;
    },
  };
}
