/**
 * The one interface for files (payslips and other documents, photos from field reports): a local
 * folder by default, Azure Blob Storage when configured (`config.blob`). Code outside `core/blob/`
 * depends on {@link BlobStore} only, never on one implementation; `createBlobStore(config.blob)`
 * picks the implementation.
 *
 * Contract shared by every implementation (checked by `tests/core/blob/blob-store-contract.ts`):
 * - Keys are validated by `assertBlobKey` (see `blob-validation.ts`) on EVERY operation; a bad key
 *   throws `EQP_ERR_BLOB_KEY_INVALID` before anything touches the disk or the network.
 * - `put` is all-or-nothing: readers see the previous object (or none) until the new one is
 *   complete; if the input stream fails midway, nothing is stored under the key and the input's
 *   own error is rethrown unchanged.
 * - The SHA-256 of the content is computed while streaming and stored with the object.
 * - A missing object: `get`/`getBuffer` throw `EQP_ERR_BLOB_NOT_FOUND`, `head` answers `undefined`,
 *   `delete` does nothing.
 * - The backing store failing (disk full, Azure unreachable) throws `EQP_ERR_BLOB_STORE_UNAVAILABLE`.
 * - After `close()`, operations throw `EQP_ERR_NOT_READY`.
 */
import type { Readable } from 'node:stream';

/**
 * Small string→string metadata kept with an object (e.g. `{ agent_id: '42', period: '2025-01' }`).
 * Keys: lowercase `[a-z][a-z0-9_]*`, at most 64 characters, not starting with `eqp_` (reserved for
 * the store). At most 16 entries, each value at most 512 characters, the whole at most 4 KiB once
 * URL-encoded. Any Unicode text is allowed in values (French names with accents are fine).
 */
export type BlobMetadata = Readonly<Record<string, string>>;

/** Options of {@link BlobStore.put}. */
export interface PutOptions {
  /** MIME type returned with the object, e.g. `application/pdf`, `image/jpeg`. */
  readonly contentType: string;
  /** Optional small metadata; see {@link BlobMetadata} for the limits. */
  readonly metadata?: BlobMetadata | undefined;
  /**
   * The SHA-256 (64 lowercase hex digits) of `data` when the caller already computed it from this
   * very Buffer (a photo is hashed once, for the request's idempotency fingerprint and the store):
   * the store records it instead of hashing a megabyte again. Ignored when `data` is a stream.
   */
  readonly sha256?: string | undefined;
}

/** What the store knows about one stored object. */
export interface BlobInfo {
  readonly key: string;
  /** Size in bytes. */
  readonly size: number;
  /**
   * Lowercase hex SHA-256 of the content, computed by the store while writing. `undefined` only
   * for Azure blobs written by other tools (no `eqp_sha256` metadata).
   */
  readonly sha256: string | undefined;
  readonly contentType: string;
  readonly metadata: BlobMetadata;
  /** Changes on every write of the key; usable for HTTP `ETag`. */
  readonly etag: string | undefined;
  readonly lastModified: Date;
}

/** Result of {@link BlobStore.put}: the stored object's info; the hash is always known here. */
export interface PutResult extends BlobInfo {
  readonly sha256: string;
}

/** Result of {@link BlobStore.get}. */
export interface BlobDownload {
  readonly info: BlobInfo;
  /**
   * The content. Consume it to the end or `destroy()` it: an abandoned stream holds a file
   * handle or a connection until it is garbage-collected.
   */
  readonly stream: Readable;
}

/** Storage of files by key. See the module comment for the contract every implementation keeps. */
export interface BlobStore {
  /** Which implementation this is (shown by `/healthz` and the landing page). */
  readonly kind: 'local' | 'azure';

  /**
   * Stores `data` under `key`, replacing any previous object atomically. A `Readable` is streamed
   * (never fully buffered); its SHA-256 and size are computed on the way. If `data` errors midway,
   * nothing is stored (a previous object stays as it was) and that error is rethrown.
   * Throws `EQP_ERR_BLOB_KEY_INVALID`, `EQP_ERR_VALIDATION` (content type or metadata),
   * `EQP_ERR_BLOB_STORE_UNAVAILABLE`.
   */
  put(key: string, data: Buffer | Readable, options: PutOptions): Promise<PutResult>;

  /** Opens the object for reading. Throws `EQP_ERR_BLOB_NOT_FOUND` when there is none. */
  get(key: string): Promise<BlobDownload>;

  /** Reads the whole object into memory (for small files only). Throws `EQP_ERR_BLOB_NOT_FOUND`. */
  getBuffer(key: string): Promise<Buffer>;

  /** The object's info, or `undefined` when there is none. */
  head(key: string): Promise<BlobInfo | undefined>;

  /** True when an object is stored under `key`. */
  exists(key: string): Promise<boolean>;

  /** Removes the object; does nothing when there is none (idempotent). */
  delete(key: string): Promise<void>;

  /**
   * The objects whose key starts with `prefix` (a plain string prefix: `payslips/2025-0` matches
   * `payslips/2025-01/a.pdf`), in ascending key order. `''` lists everything. The prefix is
   * checked like a key, except that it may be empty or end with `/`.
   */
  list(prefix?: string): AsyncIterable<BlobInfo>;

  /** Waits for writes in progress, then refuses further operations. Idempotent. */
  close(): Promise<void>;
}
