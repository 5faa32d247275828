/**
 * The proactive message telling an agent a document is available ("Ton bulletin d'octobre 2026 est
 * disponible", with a button). The button carries only the document id: the bot answers it by
 * checking the clicking person owns the document and issuing a fresh 10-minute link, so a message
 * read days later still works and a forwarded card gives nothing to anyone else.
 */
import type { Kysely } from 'kysely';
import { enqueueMessage } from '../proactive/outbox.js';
import type { ConversationTarget, OutgoingMessage } from '../proactive/types.js';
import type { Database } from '../storage/schema.js';
import { formatPeriod, frenchOfPeriod } from './periods.js';

/** The value an "open document" button submits (`activity.value` in the bot). */
export interface OpenDocumentAction {
  action: 'documents.open';
  documentId: string;
}

/** The stored conversation of a person with the bot, if any. */
export async function findConversation(db: Kysely<Database>, personId: string): Promise<ConversationTarget | undefined> {
  const row = await db.selectFrom('bot_conversations').selectAll().where('person_id', '=', personId).where('scope', '=', 'personal').executeTakeFirst();
  if (!row) return undefined;
  return {
    serviceUrl: row.service_url,
    conversationId: row.conversation_id,
    tenantId: row.tenant_id ?? undefined,
    botId: row.bot_id ?? undefined,
    userId: row.user_id ?? undefined,
    channelId: row.channel_id ?? undefined,
  };
}

/** The "your payslip is available" message, in the person's language. */
export function payslipAvailableMessage(period: string, documentId: string, lang: 'fr' | 'en', version = 1): OutgoingMessage {
  const text =
    lang === 'en'
      ? `Your ${formatPeriod(period, 'en')} payslip is ${version > 1 ? 'available (corrected version)' : 'available'}.`
      : `Ton bulletin ${frenchOfPeriod(period)} est disponible${version > 1 ? ' (version corrigée)' : ''}.`;
  const data: OpenDocumentAction = { action: 'documents.open', documentId };
  return {
    text,
    cards: [
      {
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.5',
        body: [
          { type: 'TextBlock', text: lang === 'en' ? 'Payslip' : 'Bulletin de paie', weight: 'Bolder', size: 'Medium' },
          { type: 'TextBlock', text, wrap: true },
        ],
        actions: [{ type: 'Action.Submit', title: lang === 'en' ? 'Open my payslip' : 'Ouvrir mon bulletin', data }],
      },
    ],
  };
}

/** The dedupe key of a payslip notification: one message per person, period and version. */
export function payslipNotificationKey(personId: string, period: string, version: number): string {
  return `documents:payslip:${period}:${personId}:v${version}`;
}

/**
 * Enqueues the notification of a published payslip. `no_conversation` when the bot never talked
 * with the person (nothing to send to: the import report lists them as not notified).
 */
export async function enqueuePayslipNotification(
  db: Kysely<Database>,
  input: { personId: string; period: string; version: number; documentId: string; lang: 'fr' | 'en' },
): Promise<'enqueued' | 'already_enqueued' | 'no_conversation'> {
  const target = await findConversation(db, input.personId);
  if (!target) return 'no_conversation';
  const { created } = await enqueueMessage(db, {
    dedupeKey: payslipNotificationKey(input.personId, input.period, input.version),
    target,
    message: payslipAvailableMessage(input.period, input.documentId, input.lang, input.version),
  });
  return created ? 'enqueued' : 'already_enqueued';
}
