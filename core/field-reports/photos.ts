/**
 * Photos attached to a field report arrive as base64 data URIs (what Power Apps' camera control
 * produces). Each is decoded, limited in size (413) and checked by its magic bytes (415): only
 * JPEG, PNG and WebP are accepted, whatever the data URI claims.
 */
import { createHash } from 'node:crypto';
import { EquipageError } from '../errors.js';
import type { BufferPool } from '../util/buffer-pool.js';
import { problem, validationError } from './problems.js';

/** Largest accepted photo, in bytes (decoded). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Most photos per report. */
export const MAX_PHOTOS = 5;

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

export const PHOTO_EXTENSIONS: Record<PhotoType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** A decoded photo. */
export interface DecodedPhoto {
  contentType: PhotoType;
  data: Buffer;
  /** SHA-256 (hex) of `data`: computed once, for the request's fingerprint and the blob store. */
  sha256: string;
  /**
   * What identifies this photo in an idempotent request's fingerprint: the data URI's header and
   * the SHA-256 of the decoded bytes (the same photo however its base64 is wrapped), instead of
   * hashing megabytes of base64 text a second time.
   */
  fingerprint: string;
  /** Gives `data`'s bytes back to the buffer pool, when it came from one (call once nothing uses them). */
  release(): void;
}

/**
 * A photo data URI the transport has already decoded from the request's bytes, so that its
 * megabytes never became a string (connectors/fieldops/json-body.ts). The body then holds a short
 * placeholder in its place, which {@link PreDecodedDataUris} turns back into this.
 */
export interface PreDecodedDataUri {
  /** The data URI's header, everything before the comma (`data:image/jpeg;base64`). */
  header: string;
  /** The decoded bytes: strict base64 was checked by whoever decoded them. */
  data: Buffer;
  /** Gives `data`'s bytes back to their pool (idempotent). */
  release(): void;
}

/** Finds the pre-decoded data URI that a body string stands for, if it stands for one. */
export type PreDecodedDataUris = (value: string) => PreDecodedDataUri | undefined;

/** The image type from the first bytes, or undefined when not JPEG, PNG nor WebP. */
export function sniffImageType(data: Buffer): PhotoType | undefined {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * True when `payload` (length a multiple of 4) is strict base64 and `data` is its decoding. Same
 * rule as {@link BASE64} on the whole payload, but a regular expression (or re-encoding the bytes
 * and comparing) over a megabyte costs milliseconds; this costs native scans only. Node's decoder
 * skips or stops at a character outside the alphabet, so any such character makes the decoding
 * shorter than the payload's length implies; three exceptions are checked apart: the URL-safe `-`
 * and `_` (decoded as `+` and `/`), non-ASCII characters (decoded from their low byte, so `Ł`
 * counts as `A`), and `=` before the last quad (checked with the expression, like the last quad).
 */
function isStrictBase64(payload: string, data: Buffer): boolean {
  const head = payload.length - 4;
  if (!BASE64.test(payload.slice(head))) return false;
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  if (data.length !== (payload.length / 4) * 3 - padding) return false;
  if (payload.includes('-') || payload.includes('_')) return false;
  if (Buffer.byteLength(payload, 'utf8') !== payload.length) return false;
  const equals = payload.indexOf('=');
  return equals < 0 || equals >= head;
}

/**
 * Decodes one `data:<type>;base64,<data>` URI found at `path`. Throws `EQP_ERR_VALIDATION` (not a
 * base64 data URI), `EQP_ERR_PAYLOAD_TOO_LARGE` (over {@link MAX_PHOTO_BYTES}) or
 * `EQP_ERR_UNSUPPORTED_MEDIA_TYPE` (declared or actual type not JPEG/PNG/WebP, or the two differ).
 * With `pool`, the bytes are decoded into a leased buffer: release the photo once stored. With
 * `preDecoded`, a placeholder for an already decoded URI is checked the same way (same errors, in
 * the same order) without decoding anything.
 */
export function decodePhotoDataUri(uri: string, path: string, pool?: BufferPool, preDecoded?: PreDecodedDataUris): DecodedPhoto {
  const pre = preDecoded?.(uri);
  if (pre) {
    try {
      const declared = checkHeader(pre.header, path, pre.data.length);
      return checkedPhoto(pre.header, declared, pre.data, path, pre.release);
    } catch (error) {
      pre.release();
      throw error;
    }
  }
  const comma = uri.indexOf(',');
  const header = comma > 0 ? uri.slice(0, comma) : '';
  const payload = uri.slice(comma + 1).replace(/\s+/g, '');
  // Size from the encoded length, before decoding anything big.
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  const size = Math.floor((payload.length * 3) / 4) - padding;
  const declared = checkHeader(header, path, size);
  if (payload.length === 0 || payload.length % 4 !== 0) throw validationError([problem(path, 'contenu base64 invalide', 'invalid base64 content')]);
  // Decoded into a pooled buffer when given one (see core/util/buffer-pool.ts), given back on any refusal.
  const lease = pool?.lease(size);
  const data = lease ? lease.buffer.subarray(0, lease.buffer.write(payload, 'base64')) : Buffer.from(payload, 'base64');
  const release = lease ? lease.release : () => undefined;
  try {
    if (!isStrictBase64(payload, data)) {
      throw validationError([problem(path, 'contenu base64 invalide', 'invalid base64 content')]);
    }
    return checkedPhoto(header, declared, data, path, release);
  } catch (error) {
    release();
    throw error;
  }
}

/** Checks a data URI's header and the decoded size; returns the declared type. */
function checkHeader(header: string, path: string, size: number): PhotoType {
  const match = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)((?:;[a-z0-9-]+=[^;,]*)*);base64$/i.exec(header);
  if (!match) {
    throw validationError([problem(path, 'URI de données base64 attendue (data:image/jpeg;base64,…)', 'base64 data URI expected (data:image/jpeg;base64,…)')]);
  }
  const declared = match[1]!.toLowerCase();
  if (size > MAX_PHOTO_BYTES) {
    throw new EquipageError('EQP_ERR_PAYLOAD_TOO_LARGE', { limit: '5 Mo / 5 MB' }, {
      details: [problem(path, `photo de ${(size / 1024 / 1024).toFixed(1)} Mo : 5 Mo au plus`, `photo of ${(size / 1024 / 1024).toFixed(1)} MB: 5 MB at most`)],
    });
  }
  if (!(PHOTO_TYPES as readonly string[]).includes(declared)) {
    throw new EquipageError('EQP_ERR_UNSUPPORTED_MEDIA_TYPE', { type: declared }, {
      details: [problem(path, 'seuls les formats JPEG, PNG et WebP sont acceptés', 'only JPEG, PNG and WebP are accepted')],
    });
  }
  return declared as PhotoType;
}

/** Checks the decoded bytes against the declared type, and hashes them. */
function checkedPhoto(header: string, declared: PhotoType, data: Buffer, path: string, release: () => void): DecodedPhoto {
  const actual = sniffImageType(data);
  if (actual !== declared) {
    throw new EquipageError('EQP_ERR_UNSUPPORTED_MEDIA_TYPE', { type: actual ?? 'inconnu / unknown' }, {
      details: [problem(path, `le contenu n'est pas une image ${declared}`, `the content is not a ${declared} image`)],
    });
  }
  const sha256 = createHash('sha256').update(data).digest('hex');
  return { contentType: actual, data, sha256, fingerprint: `${header}\u0000${sha256}`, release };
}
