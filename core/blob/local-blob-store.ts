/**
 * Blob store on a local folder (default: `<DATA_DIR>/blobs`).
 *
 * Layout: the key `payslips/2025-01/a.pdf` lives in the folder `payslips.d/2025-01.d/` as
 * - `a.pdf.blob.json`: the record (key, size, sha256, content type, metadata, etag, date, and the
 *   name of the data file). Its presence is what makes the object exist;
 * - `a.pdf.<version>.data`: the content, one file per version (`<version>` = 32 hex digits).
 * Suffixes keep every name unambiguous: a folder always ends in `.d`, so the keys `a` and `a/b` can
 * both exist (as on Azure), and no key can collide with a record, a data file or a temp file.
 *
 * Crash safety: `put` writes the content to a temp file in the target folder, fsyncs and renames it
 * to its versioned name, then writes the record the same way (temp, fsync, rename, fsync of the
 * folder). The record's rename is the commit: before it, readers see the previous version; after
 * it, the new one. The replaced data file is removed last. A crash can only leave unreferenced
 * `*.tmp` or `*.data` files behind (never listed nor read; safe to delete), never a half object.
 *
 * Files are created `0600` and folders `0700`: payslips are personal data.
 * Only one process may use the folder (the data-folder lock guarantees it); within the process,
 * writes of the same key are serialized.
 */
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, open, readFile, readdir, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { EquipageError } from '../errors.js';
import type { BlobDownload, BlobInfo, BlobStore, PutOptions, PutResult } from './blob-store.js';
import { chunksOf, contentHasher, readAll, type ContentHasher } from './blob-streams.js';
import { assertBlobKey, assertBlobPrefix, assertContentType, checkBlobMetadata } from './blob-validation.js';
import { KeyedMutex } from './keyed-mutex.js';

const DIR_SUFFIX = '.d';
const RECORD_SUFFIX = '.blob.json';
const DATA_SUFFIX = '.data';
const TEMP_SUFFIX = '.tmp';
const VERSION = /^[0-9a-f]{32}$/;
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/** Attempts of `get` when a concurrent overwrite removes the data file between record and open. */
const READ_ATTEMPTS = 3;

/** The record file of one object (format 1). */
interface BlobRecord {
  format: 1;
  key: string;
  /** Name of the data file, in the same folder as the record. */
  data: string;
  size: number;
  sha256: string;
  contentType: string;
  metadata: Record<string, string>;
  etag: string;
  lastModified: string;
}

/** Where one key lives on disk. */
interface Location {
  key: string;
  /** Folder holding the record and data files. */
  dir: string;
  /** Last key segment. */
  name: string;
  record: string;
}

/**
 * Opens (creating it if needed) a local blob store in `dir`. Throws
 * `EQP_ERR_BLOB_STORE_UNAVAILABLE` when the folder cannot be created.
 */
export async function openLocalBlobStore(dir: string): Promise<LocalBlobStore> {
  const resolved = path.resolve(dir);
  await io(`create ${resolved}`, () => mkdir(resolved, { recursive: true, mode: DIR_MODE }));
  // Resolve symlinks once, so the containment check compares real paths.
  const root = await io(`open ${resolved}`, () => realpath(resolved));
  return new LocalBlobStore(root);
}

/** {@link BlobStore} on a local folder; create it with {@link openLocalBlobStore}. */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local' as const;
  private readonly writes = new KeyedMutex();
  private closed = false;

  /** @param root absolute, real path of the store's folder (see {@link openLocalBlobStore}). */
  constructor(readonly root: string) {}

  async put(key: string, data: Buffer | Readable, options: PutOptions): Promise<PutResult> {
    this.assertOpen();
    assertBlobKey(key);
    assertContentType(options?.contentType);
    const metadata = checkBlobMetadata(options.metadata);
    const where = this.locate(key);
    return this.writes.run(key, async () => {
      this.assertOpen();
      await io('create folder', () => mkdir(where.dir, { recursive: true, mode: DIR_MODE }));
      const version = randomBytes(16).toString('hex');
      const dataName = `${where.name}.${version}${DATA_SUFFIX}`;
      const dataPath = path.join(where.dir, dataName);
      const { size, sha256 } = await writeAtomically(dataPath, chunksOf(data), contentHasher(data, options.sha256));
      let committed = false;
      try {
        await syncDir(where.dir); // the data file's name must be durable before the record points to it
        const previous = await this.readRecord(where, true);
        const record: BlobRecord = {
          format: 1,
          key,
          data: dataName,
          size,
          sha256,
          contentType: options.contentType,
          metadata,
          etag: version,
          lastModified: new Date().toISOString(),
        };
        await writeAtomically(where.record, [Buffer.from(`${JSON.stringify(record, null, 2)}\n`)]);
        committed = true;
        await syncDir(where.dir);
        if (previous && previous.data !== dataName) await removeQuietly(path.join(where.dir, previous.data));
        return { ...toInfo(record), sha256 };
      } finally {
        if (!committed) await removeQuietly(dataPath);
      }
    });
  }

  async get(key: string): Promise<BlobDownload> {
    this.assertOpen();
    assertBlobKey(key);
    const where = this.locate(key);
    for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
      const record = await this.readRecord(where);
      if (!record) break;
      let handle;
      try {
        handle = await open(path.join(where.dir, record.data), 'r');
      } catch (error) {
        // Replaced (and its old data file removed) between reading the record and opening: retry.
        if (errnoCode(error) === 'ENOENT') continue;
        throw unavailable(`read ${key}`, error);
      }
      const stats = await handle.stat().catch(async (error: unknown) => {
        await handle.close();
        throw unavailable(`read ${key}`, error);
      });
      if (stats.size !== record.size) {
        await handle.close();
        throw new EquipageError('EQP_ERR_BLOB_STORE_UNAVAILABLE', { reason: `stored file of ${key} has the wrong size (damaged folder?)` });
      }
      return { info: toInfo(record), stream: handle.createReadStream() };
    }
    throw new EquipageError('EQP_ERR_BLOB_NOT_FOUND', { key });
  }

  async getBuffer(key: string): Promise<Buffer> {
    const { stream } = await this.get(key);
    return readAll(stream);
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    this.assertOpen();
    assertBlobKey(key);
    const record = await this.readRecord(this.locate(key));
    return record && toInfo(record);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== undefined;
  }

  async delete(key: string): Promise<void> {
    this.assertOpen();
    assertBlobKey(key);
    const where = this.locate(key);
    await this.writes.run(key, async () => {
      const record = await this.readRecord(where);
      if (!record) return;
      // Removing the record is the commit; the data file goes after.
      await io(`delete ${key}`, () => rm(where.record, { force: true }));
      await syncDir(where.dir);
      await removeQuietly(path.join(where.dir, record.data));
    });
  }

  async *list(prefix = ''): AsyncGenerator<BlobInfo> {
    this.assertOpen();
    assertBlobPrefix(prefix);
    // Walk only the folder of the prefix's complete segments; filter the rest by string prefix.
    const slash = prefix.lastIndexOf('/');
    const base = slash >= 0 ? prefix.slice(0, slash + 1) : '';
    const keys: string[] = [];
    await this.collectKeys(base, prefix, keys);
    keys.sort(); // keys are ASCII: code-unit order is Azure's byte order
    for (const key of keys) {
      this.assertOpen();
      const record = await this.readRecord(this.locate(key));
      if (record) yield toInfo(record); // skipped when deleted since the walk
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.writes.idle();
  }

  /** Adds to `out` the keys under the key folder `base` (`''` or ending with `/`) that start with `prefix`. */
  private async collectKeys(base: string, prefix: string, out: string[]): Promise<void> {
    const dir = base === '' ? this.root : this.contained(path.resolve(this.root, ...base.slice(0, -1).split('/').map((s) => s + DIR_SUFFIX)));
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return;
      throw unavailable('list', error);
    }
    for (const entry of entries) {
      if (entry.isDirectory() && entry.name.endsWith(DIR_SUFFIX)) {
        const sub = `${base}${entry.name.slice(0, -DIR_SUFFIX.length)}/`;
        if (sub.startsWith(prefix) || prefix.startsWith(sub)) await this.collectKeys(sub, prefix, out);
      } else if (entry.isFile() && entry.name.endsWith(RECORD_SUFFIX)) {
        const key = base + entry.name.slice(0, -RECORD_SUFFIX.length);
        if (key.startsWith(prefix)) out.push(key);
      }
    }
  }

  /** Maps a (validated) key to its files, and checks the result stays inside the root. */
  private locate(key: string): Location {
    const segments = key.split('/');
    const name = segments.pop()!;
    const dir = this.contained(path.resolve(this.root, ...segments.map((s) => s + DIR_SUFFIX)));
    const record = this.contained(path.resolve(dir, name + RECORD_SUFFIX));
    return { key, dir, name, record };
  }

  /**
   * Second line of defence behind key validation: a resolved path must be the root or below it.
   * Throws `EQP_ERR_BLOB_KEY_INVALID` (it can only fail on a key that slipped through validation).
   */
  private contained(resolved: string): string {
    if (resolved !== this.root && !resolved.startsWith(this.root + path.sep)) {
      throw new EquipageError('EQP_ERR_BLOB_KEY_INVALID', { key: path.relative(this.root, resolved) });
    }
    return resolved;
  }

  /**
   * The record of a key, or `undefined` when the object does not exist. A damaged record (only
   * possible if someone edited the folder) throws `EQP_ERR_BLOB_STORE_UNAVAILABLE`, or reads as
   * absent with `lenient` (so `put` can replace it).
   */
  private async readRecord(where: Location, lenient = false): Promise<BlobRecord | undefined> {
    let text: string;
    try {
      text = await readFile(where.record, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return undefined;
      throw unavailable('read record', error);
    }
    const record = parseRecord(text);
    // The record must describe this key and point to this key's own data file, nothing else.
    if (record && record.key === where.key && record.data === `${where.name}.${record.etag}${DATA_SUFFIX}`) return record;
    if (lenient) return undefined;
    throw new EquipageError('EQP_ERR_BLOB_STORE_UNAVAILABLE', { reason: `damaged record file ${path.relative(this.root, where.record)}` });
  }

  private assertOpen(): void {
    if (this.closed) throw new EquipageError('EQP_ERR_NOT_READY');
  }
}

/**
 * Writes `chunks` to `target` atomically: a temp file in the same folder, fsync, rename. On any
 * failure the temp file is removed. Errors of `chunks` (the caller's input) are rethrown unchanged;
 * file-system errors become `EQP_ERR_BLOB_STORE_UNAVAILABLE`.
 */
async function writeAtomically(target: string, chunks: AsyncIterable<Buffer> | Iterable<Buffer>, hash: ContentHasher = contentHasher()): Promise<{ size: number; sha256: string }> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString('hex')}${TEMP_SUFFIX}`);
  let size = 0;
  const handle = await io('create temp file', () => open(temp, 'wx', FILE_MODE));
  let renamed = false;
  try {
    try {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        for (let offset = 0; offset < chunk.length; ) {
          const { bytesWritten } = await io('write', () => handle.write(chunk, offset, chunk.length - offset));
          offset += bytesWritten;
        }
      }
      await io('fsync', () => handle.sync());
    } finally {
      await handle.close().catch(() => undefined);
    }
    await io('rename', () => rename(temp, target));
    renamed = true;
  } finally {
    if (!renamed) await removeQuietly(temp);
  }
  return { size, sha256: hash.digest() };
}

/** Makes renames and removals in `dir` durable. Some platforms cannot fsync a folder: ignored there. */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw unavailable('fsync folder', error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Best-effort removal of a file that is garbage anyway (a leftover is harmless, never read). */
async function removeQuietly(file: string): Promise<void> {
  await rm(file, { force: true }).catch(() => undefined);
}

function parseRecord(text: string): BlobRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<BlobRecord>;
    const ok =
      value.format === 1 &&
      typeof value.key === 'string' &&
      typeof value.data === 'string' &&
      typeof value.size === 'number' &&
      typeof value.sha256 === 'string' &&
      typeof value.contentType === 'string' &&
      typeof value.metadata === 'object' &&
      value.metadata !== null &&
      typeof value.etag === 'string' &&
      VERSION.test(value.etag) &&
      typeof value.lastModified === 'string';
    return ok ? (value as BlobRecord) : undefined;
  } catch {
    return undefined;
  }
}

function toInfo(record: BlobRecord): BlobInfo {
  return {
    key: record.key,
    size: record.size,
    sha256: record.sha256,
    contentType: record.contentType,
    metadata: { ...record.metadata },
    etag: record.etag,
    lastModified: new Date(record.lastModified),
  };
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function unavailable(action: string, error: unknown): EquipageError {
  if (error instanceof EquipageError) return error;
  return new EquipageError('EQP_ERR_BLOB_STORE_UNAVAILABLE', { reason: `${action}: ${errnoCode(error) ?? (error as Error)?.message ?? String(error)}` }, { cause: error });
}

/** Runs a file-system call, turning its failure into `EQP_ERR_BLOB_STORE_UNAVAILABLE`. */
async function io<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw unavailable(action, error);
  }
}
