/**
 * What every surface (bot, tabs, connectors) receives from the host: configuration, storage and
 * the blob store. Surfaces depend on this shape, never on each other.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { BlobStore } from '../core/blob/blob-store.js';
import type { Config } from '../core/config/config.js';
import type { Storage } from '../core/storage/database.js';

export interface AppContext {
  readonly config: Config;
  readonly storage: Storage;
  readonly blobs: BlobStore;
  readonly logger: FastifyBaseLogger;
  /** Version of the suite, from package.json. */
  readonly version: string;
  /** When the process started (for uptime). */
  readonly startedAt: Date;
  /** Base URL of the local Playground, when it runs. */
  playgroundUrl?: string | undefined;
}
