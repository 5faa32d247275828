/**
 * Keeps each person's personal conversation reference (`bot_conversations`, scope `personal`)
 * up to date from every personal-chat activity, install included: the documents, onboarding and
 * HR features write to people through it. Writes only when the reference changed.
 */
import type { Kysely } from 'kysely';
import type { ConversationTarget } from '../../core/proactive/types.js';
import type { Database } from '../../core/storage/schema.js';
import type { ConversationReference } from './model.js';

/** The outbox target of a reference. */
export function targetOf(reference: ConversationReference): ConversationTarget {
  return {
    serviceUrl: reference.serviceUrl,
    conversationId: reference.conversationId,
    tenantId: reference.tenantId,
    botId: reference.botId,
    userId: reference.userId,
    channelId: reference.channelId,
  };
}

/** Remembers references already stored by this process, so a chat does not rewrite its row on every message. */
export function createReferenceStore(db: Kysely<Database>) {
  const known = new Map<string, string>();
  return {
    /** Upserts the reference of `personId` in `scope` (skipped when this process stored the same already). */
    async remember(personId: string, scope: 'personal' | 'team', reference: ConversationReference): Promise<void> {
      const key = `${personId}|${scope}`;
      const signature = JSON.stringify([reference.serviceUrl, reference.conversationId, reference.tenantId, reference.botId, reference.userId, reference.channelId]);
      if (known.get(key) === signature) return;
      const values = {
        conversation_id: reference.conversationId,
        service_url: reference.serviceUrl,
        tenant_id: reference.tenantId ?? null,
        bot_id: reference.botId ?? null,
        user_id: scope === 'personal' ? reference.userId : null,
        channel_id: reference.channelId,
        updated_at: new Date(),
      };
      await db
        .insertInto('bot_conversations')
        .values({ person_id: personId, scope, ...values })
        .onConflict((oc) => oc.columns(['person_id', 'scope']).doUpdateSet(values))
        .execute();
      if (known.size > 50_000) known.clear();
      known.set(key, signature);
    },
  };
}

export type ReferenceStore = ReturnType<typeof createReferenceStore>;
