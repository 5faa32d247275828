/** What every flow of the conversation receives: the event, who sent it, the reply language, the sink. */
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DocumentService } from '../../core/documents/document-service.js';
import type { Database } from '../../core/storage/schema.js';
import type { AdaptiveCard } from '../cards/adaptive-card.js';
import type { Lang } from '../i18n/strings.js';
import type { IncomingCardAction, IncomingEvent, KnowledgeBase, PersonProfile, ReplySink, TurnResult } from './model.js';
import type { ReferenceStore } from './references.js';

export interface ConversationDeps {
  db: Kysely<Database>;
  logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error' | 'debug'>;
  /** HR's knowledge base (`kbServiceFor(db)`); without it, free-text questions get an honest "I can't yet". */
  kb?: KnowledgeBase | undefined;
  /** The agents' documents (created on first use: its link key may be missing outside local mode). */
  documents?: (() => DocumentService) | undefined;
  /** Nudges the proactive dispatcher after messages were enqueued. */
  notifyOutbox?: (() => void) | undefined;
  /** Offer Teams' file consent flow ("get the file here") in personal chats. */
  fileConsent?: boolean | undefined;
  /** How long a sender's directory record is reused (default 30 s; 0 reads it on every activity). */
  directoryCacheMs?: number | undefined;
  /** Clock (document periods). */
  now?: (() => Date) | undefined;
}

/** Dependencies as the flows see them (defaults filled). */
export interface FlowDeps extends ConversationDeps {
  notifyOutbox: () => void;
  now: () => Date;
  references: ReferenceStore;
}

/** One turn of the conversation. */
export interface Turn<E extends IncomingEvent = IncomingEvent> {
  event: E;
  person: PersonProfile | null;
  lang: Lang;
  out: ReplySink;
}

/**
 * Answers a card action: for `Action.Execute`, the card replaces the pressed one (or the text is
 * shown as the action's result); for `Action.Submit`, the card or text is sent as a new message.
 */
export async function respond(turn: Turn<IncomingCardAction>, content: { card: AdaptiveCard; summary: string } | { text: string }): Promise<TurnResult> {
  if (turn.event.via === 'execute') return { invoke: 'card' in content ? { kind: 'card', card: content.card } : { kind: 'message', text: content.text } };
  await turn.out.send('card' in content ? { kind: 'card', card: content.card, summary: content.summary } : { kind: 'text', text: content.text });
  return {};
}
