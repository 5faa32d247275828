/**
 * Blob store on Azure Blob Storage (or Azurite), one container (`AZURE_STORAGE_CONTAINER`, created
 * if missing, private).
 *
 * Objects are block blobs named by their key. The content type is the blob's `Content-Type`; the
 * caller's metadata is the blob's metadata with percent-encoded values (Azure metadata travels as
 * ASCII HTTP headers, French accents would be refused); the SHA-256 is the `eqp_sha256` metadata.
 *
 * Upload: the input is streamed in blocks of {@link AzureBlobStoreOptions.blockSize} (4 MiB):
 * a small input goes in one `Put Blob`; a larger one is staged block by block (a few in parallel)
 * and made visible by one `Put Block List`. Both set content, content type and metadata in a single
 * atomic step, which is why this store stages blocks itself rather than calling the SDK's
 * `uploadStream`: that helper takes the metadata before the first byte, and the SHA-256 is only
 * known after the last. If the input fails midway nothing is committed: the blob under the key
 * keeps its previous content (or stays absent), and Azure discards the uncommitted blocks.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  BlobServiceClient,
  RestError,
  type BlobItem,
  type BlockBlobClient,
  type ContainerClient,
  type StoragePipelineOptions,
} from '@azure/storage-blob';
import { EquipageError } from '../errors.js';
import type { BlobDownload, BlobInfo, BlobStore, PutOptions, PutResult } from './blob-store.js';
import { chunksOf, contentHasher, readAll } from './blob-streams.js';
import {
  RESERVED_METADATA_PREFIX,
  assertBlobKey,
  assertBlobPrefix,
  assertContentType,
  checkBlobMetadata,
  decodeMetadataValue,
  encodeMetadataValue,
  isValidBlobKey,
} from './blob-validation.js';

/** Blob metadata name holding the content's SHA-256 (lowercase hex). */
export const SHA256_METADATA = `${RESERVED_METADATA_PREFIX}sha256`;

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** Settings of {@link openAzureBlobStore}. */
export interface AzureBlobStoreOptions {
  /** Storage account connection string (secret). */
  readonly connectionString: string;
  /** Container name; created (private) if missing. */
  readonly container: string;
  /** Bytes per staged block, and the largest input sent in one request. Default 4 MiB. */
  readonly blockSize?: number;
  /** Blocks uploaded in parallel (memory used ≈ blockSize × (this + 1)). Default 4. */
  readonly maxConcurrency?: number;
  /** SDK retry policy; default: 4 tries, backoff from 0.5 s to 8 s, 2 min per try. */
  readonly retryOptions?: StoragePipelineOptions['retryOptions'];
}

/**
 * Connects to the account and creates the container if missing. Throws `EQP_ERR_CONFIG_INVALID`
 * for a malformed connection string (never echoing it) and `EQP_ERR_BLOB_STORE_UNAVAILABLE` when
 * the account cannot be reached or refuses the credentials.
 */
export async function openAzureBlobStore(options: AzureBlobStoreOptions): Promise<AzureBlobStore> {
  let service: BlobServiceClient;
  try {
    service = BlobServiceClient.fromConnectionString(options.connectionString, {
      retryOptions: options.retryOptions ?? { maxTries: 4, retryDelayInMs: 500, maxRetryDelayInMs: 8000, tryTimeoutInMs: 120_000 },
    });
  } catch (error) {
    const details = [{ key: 'AZURE_STORAGE_CONNECTION_STRING', message: 'is not a valid Azure Storage connection string' }];
    throw new EquipageError('EQP_ERR_CONFIG_INVALID', { details: `${details[0]!.key} ${details[0]!.message}` }, { cause: error, details });
  }
  const container = service.getContainerClient(options.container);
  await azure(`create container ${options.container}`, () => container.createIfNotExists());
  return new AzureBlobStore(container, options.blockSize ?? 4 * 1024 * 1024, options.maxConcurrency ?? 4);
}

/** {@link BlobStore} on an Azure container; create it with {@link openAzureBlobStore}. */
export class AzureBlobStore implements BlobStore {
  readonly kind = 'azure' as const;
  private closed = false;
  private readonly writes = new Set<Promise<unknown>>();

  constructor(
    private readonly container: ContainerClient,
    private readonly blockSize: number,
    private readonly maxConcurrency: number,
  ) {
    if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > 100 * 1024 * 1024) throw new RangeError('blockSize must be 1 byte to 100 MiB');
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) throw new RangeError('maxConcurrency must be at least 1');
  }

  async put(key: string, data: Buffer | Readable, options: PutOptions): Promise<PutResult> {
    this.assertOpen();
    assertBlobKey(key);
    assertContentType(options?.contentType);
    const metadata = checkBlobMetadata(options.metadata);
    const write = this.upload(key, data, options.contentType, metadata, options.sha256);
    this.writes.add(write);
    try {
      return await write;
    } finally {
      this.writes.delete(write);
    }
  }

  async get(key: string): Promise<BlobDownload> {
    this.assertOpen();
    assertBlobKey(key);
    const response = await azure(`read ${key}`, () => this.blob(key).download(0), key);
    const body = response.readableStreamBody;
    // In Node the SDK returns a Readable (which retries broken downloads with If-Match on the etag).
    const stream = body instanceof Readable ? body : body ? Readable.from(body as AsyncIterable<Buffer>) : Readable.from([]);
    return {
      info: toInfo(key, {
        size: response.contentLength ?? 0,
        contentType: response.contentType,
        metadata: response.metadata,
        etag: response.etag,
        lastModified: response.lastModified,
      }),
      stream,
    };
  }

  async getBuffer(key: string): Promise<Buffer> {
    const { stream } = await this.get(key);
    return azure(`read ${key}`, () => readAll(stream), key);
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    this.assertOpen();
    assertBlobKey(key);
    try {
      const p = await azure(`read ${key}`, () => this.blob(key).getProperties(), key);
      return toInfo(key, { size: p.contentLength ?? 0, contentType: p.contentType, metadata: p.metadata, etag: p.etag, lastModified: p.lastModified });
    } catch (error) {
      if (error instanceof EquipageError && error.code === 'EQP_ERR_BLOB_NOT_FOUND') return undefined;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== undefined;
  }

  async delete(key: string): Promise<void> {
    this.assertOpen();
    assertBlobKey(key);
    await azure(`delete ${key}`, () => this.blob(key).deleteIfExists({ deleteSnapshots: 'include' }));
  }

  async *list(prefix = ''): AsyncGenerator<BlobInfo> {
    this.assertOpen();
    assertBlobPrefix(prefix);
    const pages = this.container.listBlobsFlat({ prefix, includeMetadata: true }).byPage({ maxPageSize: 1000 });
    for (;;) {
      const page = await azure('list', () => pages.next());
      if (page.done) return;
      for (const item of page.value.segment.blobItems as BlobItem[]) {
        // Blobs put there by other tools under names this store would refuse are not ours to show.
        if (!isValidBlobKey(item.name)) continue;
        const p = item.properties;
        yield toInfo(item.name, { size: p.contentLength ?? 0, contentType: p.contentType, metadata: item.metadata, etag: p.etag, lastModified: p.lastModified });
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    // The SDK keeps no connection needing a close; waiting for uploads in flight is enough.
    await Promise.allSettled([...this.writes]);
  }

  private blob(key: string): BlockBlobClient {
    return this.container.getBlockBlobClient(key);
  }

  private assertOpen(): void {
    if (this.closed) throw new EquipageError('EQP_ERR_NOT_READY');
  }

  /** Streams `data` to the blob; see the module comment for the strategy. */
  private async upload(key: string, data: Buffer | Readable, contentType: string, metadata: Record<string, string>, knownSha256: string | undefined): Promise<PutResult> {
    const client = this.blob(key);
    const hash = contentHasher(data, knownSha256);
    let size = 0;
    const pending: Buffer[] = [];
    let pendingBytes = 0;
    const blockIds: string[] = [];
    const uploadId = randomUUID();
    const inFlight = new Set<Promise<void>>();
    let stageError: unknown;

    const takeBlock = (): Buffer => {
      const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      const block = all.subarray(0, this.blockSize);
      const rest = all.subarray(this.blockSize);
      pending.length = 0;
      if (rest.length > 0) pending.push(rest);
      pendingBytes = rest.length;
      return block;
    };
    const stage = (block: Buffer): void => {
      // Same-length ids (Azure requires it), unique per upload so concurrent puts cannot mix blocks.
      const id = Buffer.from(`${uploadId}-${String(blockIds.length).padStart(6, '0')}`).toString('base64');
      blockIds.push(id);
      const staging: Promise<void> = azure(`write ${key}`, () => client.stageBlock(id, block, block.length))
        .then(
          () => undefined,
          (error: unknown) => {
            stageError ??= error;
          },
        )
        .finally(() => inFlight.delete(staging));
      inFlight.add(staging);
    };

    try {
      for await (const chunk of chunksOf(data)) {
        hash.update(chunk);
        size += chunk.length;
        pending.push(chunk);
        pendingBytes += chunk.length;
        while (pendingBytes >= this.blockSize) {
          if (stageError) throw stageError;
          // Backpressure: do not read further than maxConcurrency blocks ahead of the network.
          while (inFlight.size >= this.maxConcurrency) await Promise.race(inFlight);
          stage(takeBlock());
        }
      }
    } finally {
      // Whatever happened, let staged requests settle (their failures are recorded, not thrown).
      await Promise.all(inFlight);
    }
    if (stageError) throw stageError;

    const sha256 = hash.digest();
    const stored: Record<string, string> = { [SHA256_METADATA]: sha256 };
    for (const [name, value] of Object.entries(metadata)) stored[name] = encodeMetadataValue(value);
    const commitOptions = { blobHTTPHeaders: { blobContentType: contentType }, metadata: stored };

    let response;
    if (blockIds.length === 0) {
      const body = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      response = await azure(`write ${key}`, () => client.upload(body, body.length, commitOptions));
    } else {
      if (pendingBytes > 0) {
        stage(takeBlock());
        await Promise.all(inFlight);
        if (stageError) throw stageError;
      }
      response = await azure(`write ${key}`, () => client.commitBlockList(blockIds, commitOptions));
    }
    return {
      key,
      size,
      sha256,
      contentType,
      metadata: { ...metadata },
      etag: response.etag,
      lastModified: response.lastModified ?? new Date(),
    };
  }
}

/** Builds the store's view of a blob from Azure's properties. */
function toInfo(
  key: string,
  p: { size: number; contentType: string | undefined; metadata: Record<string, string> | undefined; etag: string | undefined; lastModified: Date | undefined },
): BlobInfo {
  const metadata: Record<string, string> = {};
  let sha256: string | undefined;
  for (const [name, value] of Object.entries(p.metadata ?? {})) {
    const lower = name.toLowerCase(); // Azure does not guarantee the case of metadata names
    if (lower === SHA256_METADATA) sha256 = value;
    else if (!lower.startsWith(RESERVED_METADATA_PREFIX)) metadata[lower] = decodeMetadataValue(value);
  }
  return {
    key,
    size: p.size,
    sha256,
    contentType: p.contentType ?? DEFAULT_CONTENT_TYPE,
    metadata,
    etag: p.etag,
    lastModified: p.lastModified ?? new Date(0),
  };
}

/**
 * Runs an SDK call: a 404 becomes `EQP_ERR_BLOB_NOT_FOUND` when `key` is given; any other Azure or
 * network failure becomes `EQP_ERR_BLOB_STORE_UNAVAILABLE` (the reason names the status and Azure
 * error code, never the account key).
 */
async function azure<T>(action: string, call: () => Promise<T>, key?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof EquipageError) throw error;
    const rest = error instanceof RestError ? error : undefined;
    if (key !== undefined && rest?.statusCode === 404) throw new EquipageError('EQP_ERR_BLOB_NOT_FOUND', { key }, { cause: error });
    const why = rest
      ? [rest.statusCode, rest.code].filter((part) => part !== undefined && part !== '').join(' ') || rest.message
      : ((error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? String(error));
    throw new EquipageError('EQP_ERR_BLOB_STORE_UNAVAILABLE', { reason: `${action}: ${why}` }, { cause: error });
  }
}
