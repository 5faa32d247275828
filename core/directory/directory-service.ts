/**
 * The directory synchronization wired from the configuration: what the CLI command and the
 * periodic schedule both run.
 */
import type { BlobStore } from '../blob/blob-store.js';
import type { Config } from '../config/config.js';
import { EquipageError } from '../errors.js';
import type { Database } from '../storage/schema.js';
import type { Kysely } from 'kysely';
import { syncDirectory, type DirectorySyncReport, type SyncProgress } from './directory-sync.js';
import { createEntraApp, type EntraApp } from './entra-app.js';
import { createAppGraphClient, type GraphRetryOptions } from './graph-client.js';

/**
 * The Entra app for the directory, or `EQP_ERR_DIRECTORY_NOT_CONFIGURED` naming what is missing
 * (in local mode the directory is the seeded demo commune).
 */
export function directoryEntraApp(config: Config): EntraApp {
  if (!config.entra) {
    throw new EquipageError('EQP_ERR_DIRECTORY_NOT_CONFIGURED', { missing: 'AAD_APP_CLIENT_ID, AAD_APP_CLIENT_SECRET, AAD_APP_TENANT_ID' });
  }
  return createEntraApp(config.entra);
}

export interface RunDirectorySyncOptions {
  config: Config;
  db: Kysely<Database>;
  blobs?: BlobStore | undefined;
  dryRun?: boolean;
  photos?: boolean;
  /** Reuse an app (and its token cache) across runs. */
  app?: EntraApp;
  retry?: GraphRetryOptions;
  actor?: string;
  onProgress?: (progress: SyncProgress) => void;
}

/** One synchronization with the configured tenant, Graph endpoint and HR group. */
export async function runDirectorySync(options: RunDirectorySyncOptions): Promise<DirectorySyncReport> {
  const app = options.app ?? directoryEntraApp(options.config);
  const graph = createAppGraphClient(app, options.config.directory.graphBaseUrl, options.retry);
  return syncDirectory({
    db: options.db,
    graph,
    blobs: options.blobs,
    hrGroupId: options.config.directory.hrGroupId,
    dryRun: options.dryRun ?? false,
    photos: options.photos ?? true,
    ...(options.actor ? { actor: options.actor } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
