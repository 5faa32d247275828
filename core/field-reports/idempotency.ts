/**
 * Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"): a client retrying a POST
 * with the same key and the same body gets the original response; the same key with a different
 * body is refused with 422. "The same body" means the same JSON content: keys in another order or
 * other spacing make the same request ({@link requestHash}). Keys are scoped to the caller and
 * kept {@link IDEMPOTENCY_TTL_MS}. The key row is written in the same transaction as the resource it protects, so after a crash a
 * retry finds either both (and is answered from the stored response) or neither (and is redone).
 */
import { createHash, type Hash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { EquipageError } from '../errors.js';
import type { Database } from '../storage/schema.js';

/** How long a key is remembered: 24 hours, the draft's suggestion and Power Automate's retry horizon. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A stored response. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** Serializes with object keys sorted, so the same JSON content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * SHA-256 (hex) of the operation and the canonical request body: two bodies with the same JSON
 * content, and only they, have the same hash. The canonical JSON ({@link canonicalJson}) is fed
 * to the hash piece by piece, never concatenated, except that a long string (a photo, megabytes of
 * base64) is fed as a NUL, which no JSON text holds, and the SHA-256 of its UTF-8 bytes: escaping
 * it for JSON would copy and scan it once more (~10 ms a megabyte) for the same information.
 * `fingerprintOf` may name such a string by what the caller already knows of it (a decoded
 * photo's header and SHA-256): it is then fed as a NUL, `photo:` and that, with no hashing at all.
 */
export function requestHash(operation: string, body: unknown, fingerprintOf?: LongStringFingerprint): string {
  const hash = createHash('sha256').update(operation).update('\n');
  feedCanonicalJson(hash, body, [], fingerprintOf);
  return hash.digest('hex');
}

/** A long string's fingerprint known by the caller, by its path in the body (e.g. `['photos', 0]`). */
export type LongStringFingerprint = (path: ReadonlyArray<string | number>) => string | undefined;

function feedCanonicalJson(hash: Hash, value: unknown, path: Array<string | number>, fingerprintOf: LongStringFingerprint | undefined): void {
  if (Array.isArray(value)) {
    hash.update('[');
    value.forEach((item, index) => {
      if (index > 0) hash.update(',');
      feedCanonicalJson(hash, item, [...path, index], fingerprintOf);
    });
    hash.update(']');
  } else if (value && typeof value === 'object') {
    const keys = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    hash.update('{');
    keys.forEach((k, index) => {
      hash.update(`${index > 0 ? ',' : ''}${JSON.stringify(k)}:`);
      feedCanonicalJson(hash, (value as Record<string, unknown>)[k], [...path, k], fingerprintOf);
    });
    hash.update('}');
  } else if (typeof value === 'string' && fingerprintOf?.(path) !== undefined) {
    // Whatever its length: a photo decoded by the transport is only a placeholder in the body.
    hash.update(`\u0000photo:${fingerprintOf(path)!}`);
  } else if (typeof value === 'string' && value.length >= LONG_STRING && !LONE_SURROGATE.test(value)) {
    // UTF-8 is one-to-one on strings without lone surrogates (it would turn those into U+FFFD).
    hash.update(`\u0000sha256:${createHash('sha256').update(value, 'utf8').digest('hex')}`);
  } else {
    hash.update(JSON.stringify(value) ?? 'null');
  }
}

/** Strings from this length are hashed apart by {@link feedCanonicalJson}. */
const LONG_STRING = 1024;
/** In `u` mode a surrogate pair is one code point: only lone surrogates match. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The stored response for `(callerKey, key)`, or undefined when the key is new (or expired).
 * Throws `EQP_ERR_IDEMPOTENCY_KEY_REUSED` when the key was used with another operation or body.
 */
export async function findIdempotentResponse(
  db: Kysely<Database>,
  callerKey: string,
  key: string,
  operation: string,
  hash: string,
): Promise<StoredResponse | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('caller_key', '=', callerKey)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  if (new Date(row.expires_at).getTime() <= Date.now()) {
    await db.deleteFrom('idempotency_keys').where('caller_key', '=', callerKey).where('idempotency_key', '=', key).where('expires_at', '<=', new Date()).execute();
    return undefined;
  }
  if (row.operation !== operation || row.request_hash !== hash) {
    throw new EquipageError('EQP_ERR_IDEMPOTENCY_KEY_REUSED', { key }, { details: [{ path: 'headers.idempotency-key', message: 'clé déjà utilisée avec un autre contenu', messageEn: 'key already used with a different body' }] });
  }
  const body = typeof row.response_body === 'string' ? (JSON.parse(row.response_body) as unknown) : row.response_body;
  return { status: row.response_status, body };
}

/**
 * Records the response inside the caller's transaction. Returns false when the key is already
 * there: another request with it committed first (the caller then rolls back and answers from that
 * one), or an expired row remains (which {@link findIdempotentResponse} removes; then retry).
 */
export async function storeIdempotentResponse(
  trx: Transaction<Database>,
  entry: { callerKey: string; key: string; operation: string; hash: string; response: StoredResponse },
): Promise<boolean> {
  const written = await trx
    .insertInto('idempotency_keys')
    .values({
      caller_key: entry.callerKey,
      idempotency_key: entry.key,
      operation: entry.operation,
      request_hash: entry.hash,
      response_status: entry.response.status,
      response_body: JSON.stringify(entry.response.body),
      expires_at: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
    })
    .onConflict((oc) => oc.columns(['caller_key', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  return written.numInsertedOrUpdatedRows === 1n;
}
