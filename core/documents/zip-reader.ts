/**
 * Reads the PDFs of a payroll ZIP into memory with yauzl, defensively: entry names with path
 * tricks (zip-slip: `..`, absolute paths, backslashes, drive letters, NUL) are rejected one by one,
 * and the archive as a whole is refused when it looks like a zip bomb (too many entries, too large
 * once uncompressed, or an extreme compression ratio). Nothing is ever written to disk from here.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { EquipageError } from '../errors.js';

/** Safety limits for one archive. */
export interface ZipLimits {
  maxEntries: number;
  /** Largest accepted PDF, uncompressed. */
  maxEntryBytes: number;
  /** Largest accepted total, uncompressed. */
  maxTotalBytes: number;
  /** Largest accepted uncompressed/compressed ratio for entries over 1 MiB. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 50_000,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRatio: 200,
};

/** A PDF read from the archive. */
export interface ZipPdf {
  /** The entry's path inside the archive (checked: relative, no `..`). */
  name: string;
  data: Buffer;
}

/** An entry left out, and why. */
export interface ZipSkipped {
  name: string;
  reason: 'unsafe_name' | 'not_pdf' | 'too_large' | 'encrypted';
}

/** Why an entry name is unsafe, or undefined. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.length === 0) return 'empty';
  if (name.includes('\0')) return 'NUL character';
  if (name.includes('\\')) return 'backslash';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'drive letter';
  if (name.split('/').some((s) => s === '..')) return 'parent directory (..)';
  return undefined;
}

function decodeName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // Bit 11: the name is UTF-8; otherwise CP437, whose ASCII part (all a matricule needs) is latin1's.
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('cannot open')) : resolve(zip),
    );
  });
}

function readEntry(zip: ZipFile, entry: Entry, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('cannot read entry'));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // validateEntrySizes checks the declared size; this also caps what we hold in memory.
        if (size > limit) stream.destroy(new Error('entry larger than declared limit'));
        else chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/**
 * Reads every `.pdf` entry of the ZIP at `file`. Throws `EQP_ERR_DOCUMENT_ARCHIVE_REJECTED` when the
 * archive is unreadable or exceeds `limits`; unsafe or non-PDF entries are returned in `skipped`.
 */
export async function readZipPdfs(file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<{ pdfs: ZipPdf[]; skipped: ZipSkipped[] }> {
  const reject = (reason: string, cause?: unknown) =>
    new EquipageError('EQP_ERR_DOCUMENT_ARCHIVE_REJECTED', { path: file, reason }, cause === undefined ? {} : { cause });
  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch (error) {
    throw reject(`illisible / unreadable (${(error as Error).message})`, error);
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw reject(`trop d'entrées / too many entries (${zip.entryCount} > ${limits.maxEntries})`);
  }
  const pdfs: ZipPdf[] = [];
  const skipped: ZipSkipped[] = [];
  let total = 0;
  return new Promise((resolve, rejectPromise) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      zip.close();
      rejectPromise(error instanceof EquipageError ? error : reject((error as Error).message, error));
    };
    zip.on('error', fail);
    zip.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ pdfs, skipped });
    });
    zip.on('entry', (entry: Entry) => {
      void (async () => {
        const name = decodeName(entry);
        if (name.endsWith('/')) return zip.readEntry();
        if (unsafeEntryName(name) !== undefined) {
          skipped.push({ name, reason: 'unsafe_name' });
          return zip.readEntry();
        }
        if (!/\.pdf$/i.test(name)) {
          skipped.push({ name, reason: 'not_pdf' });
          return zip.readEntry();
        }
        if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
          skipped.push({ name, reason: 'encrypted' });
          return zip.readEntry();
        }
        if (entry.uncompressedSize > limits.maxEntryBytes) {
          skipped.push({ name, reason: 'too_large' });
          return zip.readEntry();
        }
        if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
          throw reject(`taux de compression suspect / suspicious compression ratio (${name})`);
        }
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) throw reject(`trop volumineuse une fois décompressée / too large once uncompressed (> ${limits.maxTotalBytes} bytes)`);
        const data = await readEntry(zip, entry, limits.maxEntryBytes);
        pdfs.push({ name, data });
        zip.readEntry();
      })().catch(fail);
    });
    zip.readEntry();
  });
}
