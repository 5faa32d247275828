/**
 * Picks the blob store named by the configuration: the local folder by default, Azure Blob Storage
 * when `BLOB_STORE=azure` (or a connection string is set).
 */
import type { Config } from '../config/config.js';
import type { BlobStore } from './blob-store.js';
import { openLocalBlobStore } from './local-blob-store.js';

/**
 * Opens the configured blob store, ready to use: the local folder is created, the Azure container
 * is created if missing (which also proves the account answers and accepts the credentials).
 * Throws `EQP_ERR_BLOB_STORE_UNAVAILABLE` (or `EQP_ERR_CONFIG_INVALID` for a malformed connection
 * string). Close it with `close()` at shutdown.
 */
export async function createBlobStore(config: Config['blob']): Promise<BlobStore> {
  switch (config.kind) {
    case 'local':
      return openLocalBlobStore(config.dir);
    case 'azure': {
      // The Azure SDK (~6 MB of heap) is loaded only when configured.
      const { openAzureBlobStore } = await import('./azure-blob-store.js');
      return openAzureBlobStore({ connectionString: config.connectionString, container: config.container });
    }
  }
}
