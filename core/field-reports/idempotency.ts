/**
 * Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"): a client retrying a POST
 * with the same key and the same body gets the original response; the same key with a different
 * body is refused with 422. Keys are scoped to the caller and kept {@link IDEMPOTENCY_TTL_MS}.
 * The key row is written in the same transaction as the resource it protects, so after a crash a
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
 * SHA-256 (hex) of the operation and the canonical request body. The canonical JSON is fed to the
 * hash piece by piece (same bytes as {@link canonicalJson}): a body carrying photos as megabytes of
 * base64 is then never concatenated into one more big string.
 */
export function requestHash(operation: string, body: unknown): string {
  const hash = createHash('sha256').update(operation).update('\n');
  feedCanonicalJson(hash, body);
  return hash.digest('hex');
}

function feedCanonicalJson(hash: Hash, value: unknown): void {
  if (Array.isArray(value)) {
    hash.update('[');
    value.forEach((item, index) => {
      if (index > 0) hash.update(',');
      feedCanonicalJson(hash, item);
    });
    hash.update(']');
  } else if (value && typeof value === 'object') {
    const keys = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    hash.update('{');
    keys.forEach((k, index) => {
      hash.update(`${index > 0 ? ',' : ''}${JSON.stringify(k)}:`);
      feedCanonicalJson(hash, (value as Record<string, unknown>)[k]);
    });
    hash.update('}');
  } else {
    hash.update(JSON.stringify(value) ?? 'null');
  }
}

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
 * Records the response inside the caller's transaction. Returns false when another request with
 * the same key committed first (the caller then rolls back and answers from that one).
 */
export async function storeIdempotentResponse(
  trx: Transaction<Database>,
  entry: { callerKey: string; key: string; operation: string; hash: string; response: StoredResponse },
): Promise<boolean> {
  const inserted = await trx
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
    .returning('caller_key')
    .executeTakeFirst();
  return inserted !== undefined;
}
