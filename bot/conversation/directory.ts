/**
 * Finds who wrote to the bot in the commune's directory (the `people` table): by Entra object id
 * first (what Teams sends as `aadObjectId`), then by user principal name.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../core/storage/schema.js';
import type { PersonProfile, Sender } from './model.js';

const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The sender's profile, or null when the directory does not know them. */
export async function findSender(db: Kysely<Database>, sender: Sender): Promise<PersonProfile | null> {
  const base = db
    .selectFrom('people as p')
    .leftJoin('services as s', 's.id', 'p.service_id')
    .leftJoin('people as m', 'm.id', 'p.manager_id')
    .select([
      'p.id as id',
      'p.display_name as displayName',
      'p.given_name as givenName',
      'p.job_title as jobTitle',
      's.name as serviceName',
      'm.display_name as managerName',
      'p.site as site',
      'p.preferred_language as preferredLanguage',
      'p.hr_member as hrMember',
    ]);
  if (sender.aadObjectId) {
    const row = await base.where('p.entra_object_id', '=', sender.aadObjectId.toLowerCase()).executeTakeFirst();
    if (row) return row;
  }
  const upn = sender.upn?.trim().toLowerCase();
  if (upn && UPN.test(upn)) {
    const row = await base.where('p.upn', '=', upn).executeTakeFirst();
    if (row) return row;
  }
  return null;
}

/**
 * A short-lived cache of {@link findSender} by Entra object id (or UPN): a person chatting sends
 * many messages in a row, and the directory changes rarely (a sync every few hours). Entries live
 * `ttlMs` (default 30 s), so a change (HR membership, a new manager) shows within that delay.
 * Unknown senders are not cached: a newcomer added to the directory is found on their next message.
 */
export function createSenderLookup(db: Kysely<Database>, options: { ttlMs?: number; maxEntries?: number } = {}) {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { person: PersonProfile; expiresAt: number }>();
  return async (sender: Sender): Promise<PersonProfile | null> => {
    const key = sender.aadObjectId ? `oid:${sender.aadObjectId.toLowerCase()}` : sender.upn ? `upn:${sender.upn.trim().toLowerCase()}` : undefined;
    const now = Date.now();
    const hit = key ? cache.get(key) : undefined;
    if (hit && hit.expiresAt > now) return hit.person;
    const person = await findSender(db, sender);
    if (key && person) {
      if (cache.size >= maxEntries) cache.clear();
      cache.set(key, { person, expiresAt: now + ttlMs });
    } else if (key) {
      cache.delete(key);
    }
    return person;
  };
}
