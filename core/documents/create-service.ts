/**
 * One {@link DocumentService} per open storage, shared by the surfaces (the download and verify
 * routes, the tab API, the bot). The link key is resolved on first use, so a server without
 * `DOCUMENT_LINK_SECRET` outside local mode fails on the first document action with a coded error
 * naming the key, not at an unrelated start-up step.
 */
import type { BlobStore } from '../blob/blob-store.js';
import type { Config } from '../config/config.js';
import type { Storage } from '../storage/database.js';
import { DocumentService } from './document-service.js';
import { resolveLinkSecret } from './link-secret.js';

const services = new WeakMap<Storage, DocumentService>();

/** The document service of this storage (created on first call). */
export function documentServiceFor(deps: { config: Config; storage: Storage; blobs: BlobStore }): DocumentService {
  let service = services.get(deps.storage);
  if (!service) {
    service = new DocumentService({ db: deps.storage.db, blobs: deps.blobs, config: deps.config, linkSecret: resolveLinkSecret(deps.config) });
    services.set(deps.storage, service);
  }
  return service;
}
