/**
 * Who a Teams user is, for the documents: the person whose Entra object id is the activity's
 * `from.aadObjectId`, else (when the bot looked it up) the person with that UPN. Nothing the user
 * types or submits can change it.
 */
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/identity.js';
import type { Database } from '../storage/schema.js';

/** Identity fields of a Teams activity, as the Bot Framework authenticated them. */
export interface TeamsIdentity {
  aadObjectId: string | undefined;
  /** UPN from `TeamsInfo.getMember`, when the bot fetched it. */
  upn?: string | undefined;
  tenantId?: string | undefined;
  name?: string | undefined;
}

/** The caller behind a Teams activity (`personId` null when the identity maps to nobody). */
export async function callerFromTeams(db: Kysely<Database>, identity: TeamsIdentity): Promise<Caller> {
  const oid = identity.aadObjectId?.trim().toLowerCase() || undefined;
  const upn = identity.upn?.trim().toLowerCase() || undefined;
  let person = oid ? await db.selectFrom('people').selectAll().where('entra_object_id', '=', oid).executeTakeFirst() : undefined;
  if (!person && upn) person = await db.selectFrom('people').selectAll().where('upn', '=', upn).executeTakeFirst();
  return {
    personId: person?.id ?? null,
    entraObjectId: oid ?? null,
    tenantId: identity.tenantId ?? null,
    upn: person?.upn ?? upn ?? null,
    displayName: person?.display_name ?? identity.name ?? upn ?? oid ?? 'inconnu',
    hrMember: person?.hr_member ?? false,
    via: 'entra',
  };
}
