/**
 * One interface for files (documents, photos): a local folder by default, Azure Blob Storage when
 * configured. PLACEHOLDER SIGNATURES — the implementation is being written; see tests/core/blob-store.test.ts.
 */
export interface BlobStore {
  readonly kind: 'local' | 'azure';
  close(): Promise<void>;
}
