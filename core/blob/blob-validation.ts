/**
 * The checks every blob store applies before touching storage: keys, list prefixes, content types
 * and metadata. One implementation for all stores, so a key accepted locally is accepted on Azure
 * and the other way round.
 */
import { EquipageError } from '../errors.js';
import type { BlobMetadata } from './blob-store.js';

/** Longest accepted key, in characters (Azure allows 1024). */
export const BLOB_KEY_MAX_LENGTH = 1024;

/**
 * Longest accepted segment (between two `/`). The local store adds up to 60 characters to a
 * segment to name its files, and file systems allow 255 bytes per name.
 */
export const BLOB_KEY_MAX_SEGMENT_LENGTH = 128;

/** Metadata limits (see {@link BlobMetadata}); well under Azure's 8 KiB for all metadata. */
export const BLOB_METADATA_LIMITS = { maxEntries: 16, maxKeyLength: 64, maxValueLength: 512, maxEncodedBytes: 4096 } as const;

/** Metadata key prefix reserved for what the store itself records (e.g. `eqp_sha256` on Azure). */
export const RESERVED_METADATA_PREFIX = 'eqp_';

const SEGMENT = /^[A-Za-z0-9._-]+$/;
const METADATA_KEY = /^[a-z][a-z0-9_]*$/;
// type/subtype with optional parameters; no control characters (the value becomes an HTTP header).
const CONTENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\s*;\s*[^\x00-\x1f\x7f]*)?$/;

/** Why `key` is not a valid blob key, or `undefined` when it is. */
function keyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string') return 'not a string';
  if (key.length === 0) return 'empty';
  if (key.length > BLOB_KEY_MAX_LENGTH) return `longer than ${BLOB_KEY_MAX_LENGTH} characters`;
  if (key.includes('\\')) return 'contains a backslash';
  if (key.startsWith('/')) return 'starts with /';
  for (const segment of key.split('/')) {
    if (segment === '') return 'has an empty segment';
    if (segment.length > BLOB_KEY_MAX_SEGMENT_LENGTH) return `has a segment longer than ${BLOB_KEY_MAX_SEGMENT_LENGTH} characters`;
    if (!SEGMENT.test(segment)) return 'has a character outside A-Z a-z 0-9 . _ -';
    // Covers `.` and `..`; trailing dots are also stripped by Windows and discouraged by Azure.
    if (segment.endsWith('.')) return 'has a segment ending with a dot (such as ..)';
  }
  return undefined;
}

/** True when `key` is a valid blob key (see {@link assertBlobKey}). */
export function isValidBlobKey(key: unknown): key is string {
  return keyProblem(key) === undefined;
}

/**
 * Checks a blob key: relative, `/`-separated segments of `[A-Za-z0-9._-]`, no empty segment, no
 * segment ending with a dot (so no `.` nor `..`), no leading `/`, no backslash, at most
 * {@link BLOB_KEY_MAX_LENGTH} characters, segments of at most {@link BLOB_KEY_MAX_SEGMENT_LENGTH}.
 * Keys are case-sensitive. Throws `EQP_ERR_BLOB_KEY_INVALID` otherwise.
 */
export function assertBlobKey(key: unknown): asserts key is string {
  const problem = keyProblem(key);
  if (problem !== undefined) {
    throw new EquipageError('EQP_ERR_BLOB_KEY_INVALID', { key: printable(key) }, { details: [{ path: 'key', message: problem }] });
  }
}

/**
 * Checks a `list` prefix: empty, or a valid key, or a valid key followed by `/`.
 * Throws `EQP_ERR_BLOB_KEY_INVALID` otherwise.
 */
export function assertBlobPrefix(prefix: unknown): asserts prefix is string {
  if (prefix === '') return;
  if (typeof prefix === 'string' && prefix.endsWith('/') && prefix.length > 1) {
    assertBlobKey(prefix.slice(0, -1));
    return;
  }
  assertBlobKey(prefix);
}

/** Checks a MIME content type. Throws `EQP_ERR_VALIDATION` otherwise. */
export function assertContentType(contentType: unknown): asserts contentType is string {
  if (typeof contentType !== 'string' || contentType.length > 255 || !CONTENT_TYPE.test(contentType)) {
    throw validation('contentType', 'must be a MIME type such as application/pdf');
  }
}

/**
 * Checks metadata against {@link BLOB_METADATA_LIMITS} and returns a plain copy (so a caller
 * mutating its object later cannot change what was stored). Throws `EQP_ERR_VALIDATION`.
 */
export function checkBlobMetadata(metadata: unknown): Record<string, string> {
  if (metadata === undefined) return {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw validation('metadata', 'must be an object of strings');
  }
  const entries = Object.entries(metadata);
  const limits = BLOB_METADATA_LIMITS;
  if (entries.length > limits.maxEntries) throw validation('metadata', `at most ${limits.maxEntries} entries`);
  const copy: Record<string, string> = {};
  let encodedBytes = 0;
  for (const [name, value] of entries) {
    const path = `metadata.${name}`;
    if (name.length > limits.maxKeyLength || !METADATA_KEY.test(name)) {
      throw validation(path, `key must match [a-z][a-z0-9_]* (at most ${limits.maxKeyLength} characters)`);
    }
    if (name.startsWith(RESERVED_METADATA_PREFIX)) throw validation(path, `keys starting with ${RESERVED_METADATA_PREFIX} are reserved`);
    if (typeof value !== 'string') throw validation(path, 'value must be a string');
    if (value.length > limits.maxValueLength) throw validation(path, `value longer than ${limits.maxValueLength} characters`);
    let encoded: string;
    try {
      encoded = encodeMetadataValue(value);
    } catch {
      throw validation(path, 'value is not well-formed Unicode');
    }
    encodedBytes += name.length + encoded.length;
    copy[name] = value;
  }
  if (encodedBytes > limits.maxEncodedBytes) throw validation('metadata', `larger than ${limits.maxEncodedBytes} bytes once encoded`);
  return copy;
}

/**
 * Encodes a metadata value for storage as an HTTP header (Azure metadata must be ASCII):
 * percent-encoding, which leaves plain ASCII words readable. Throws `URIError` on lone surrogates.
 */
export function encodeMetadataValue(value: string): string {
  return encodeURIComponent(value);
}

/** Reverses {@link encodeMetadataValue}; a value that is not valid percent-encoding is returned as is. */
export function decodeMetadataValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function validation(path: string, message: string): EquipageError {
  return new EquipageError('EQP_ERR_VALIDATION', { details: `${path} ${message}` }, { details: [{ path, message }] });
}

/** A bounded, single-line rendering of a rejected key for the error message. */
function printable(key: unknown): string {
  const text = typeof key === 'string' ? key : String(key);
  // eslint-disable-next-line no-control-regex
  const oneLine = text.replace(/[\x00-\x1f\x7f]/g, '?');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
