/**
 * Which Teams channel introduces a service's new arrivals. A manager (someone with reports) or an
 * HR member designates it from the channel ("@Équipage canal équipe"); the onboarding welcome then
 * posts the team introduction there through the outbox.
 */
import type { Kysely } from 'kysely';
import type { ConversationTarget } from '../proactive/types.js';
import type { Database } from '../storage/schema.js';

type Db = Kysely<Database>;

/** Why a person may not designate a team channel, or the service it would be for. */
export type DesignationCheck =
  | { ok: true; serviceId: string; serviceName: string }
  | { ok: false; reason: 'unknown_person' | 'not_manager' | 'no_service' };

/** A manager designates for their own service; HR too (for the service they belong to in the directory). */
export async function checkTeamChannelDesignation(db: Db, personId: string): Promise<DesignationCheck> {
  const person = await db
    .selectFrom('people')
    .leftJoin('services', 'services.id', 'people.service_id')
    .select(['people.id', 'people.hr_member', 'people.service_id', 'services.name as service_name'])
    .where('people.id', '=', personId)
    .where('people.status', '=', 'active')
    .executeTakeFirst();
  if (!person) return { ok: false, reason: 'unknown_person' };
  const report = await db.selectFrom('people').select('id').where('manager_id', '=', personId).where('status', '=', 'active').limit(1).executeTakeFirst();
  if (!report && !person.hr_member) return { ok: false, reason: 'not_manager' };
  if (!person.service_id || !person.service_name) return { ok: false, reason: 'no_service' };
  return { ok: true, serviceId: person.service_id, serviceName: person.service_name };
}

/** Stores (or moves) the service's channel and records who did it in the audit log. */
export async function designateServiceChannel(
  db: Db,
  input: { serviceId: string; target: ConversationTarget; teamId: string | undefined; teamsChannelId: string | undefined },
  actorId: string,
): Promise<void> {
  const values = {
    team_id: input.teamId ?? null,
    channel_id: input.teamsChannelId ?? null,
    conversation_id: input.target.conversationId,
    service_url: input.target.serviceUrl,
    tenant_id: input.target.tenantId ?? null,
    bot_id: input.target.botId ?? null,
    updated_at: new Date(),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('service_channels')
      .values({ service_id: input.serviceId, ...values })
      .onConflict((oc) => oc.column('service_id').doUpdateSet(values))
      .execute();
    await trx
      .insertInto('audit_log')
      .values({
        actor: actorId,
        action: 'onboarding.team_channel.designate',
        subject_type: 'service',
        subject_id: input.serviceId,
        channel: 'bot',
        outcome: 'success',
        details: JSON.stringify({ conversationId: input.target.conversationId, teamId: input.teamId ?? null }),
      })
      .execute();
  });
}
