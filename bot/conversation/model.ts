/**
 * The SDK-free model of a bot conversation: what arrives (an {@link IncomingEvent}) and what the
 * bot says back (a {@link Reply}). Only bot/adapter/ knows about the bot SDK; moving from
 * botbuilder to the Microsoft 365 Agents SDK changes that folder, not this one.
 */
import type { AdaptiveCard } from '../cards/adaptive-card.js';
import type { Lang } from '../i18n/strings.js';

/** Where the conversation happens in Teams. */
export type ConversationScope = 'personal' | 'groupChat' | 'channel';

/** Who wrote, as the channel tells it. */
export interface Sender {
  /** Channel-specific user id (Teams: `29:…`). */
  channelUserId: string;
  /** Microsoft Entra object id (Teams sends it as `aadObjectId`). */
  aadObjectId: string | undefined;
  /** User principal name, when the channel sends it. */
  upn: string | undefined;
  /** Display name, when sent. */
  name: string | undefined;
}

interface EventBase {
  sender: Sender;
  scope: ConversationScope;
  /** Microsoft 365 tenant of the conversation, when sent (Teams: `channelData.tenant.id`). */
  tenantId: string | undefined;
  /** Locale of the sender's client (BCP 47), when sent. */
  locale: string | undefined;
}

/** A message written to the bot. */
export interface IncomingMessage extends EventBase {
  kind: 'message';
  /** The text, with the bot's @mention removed and whitespace trimmed. */
  text: string;
  /** True when the bot is @mentioned (needed in group chats and channels). */
  mentionsBot: boolean;
  /** True when the message carries files or cards. */
  hasAttachments: boolean;
}

/** The bot was added to a conversation (installed for a person, a group chat or a team). */
export interface BotAdded extends EventBase {
  kind: 'botAdded';
}

export type IncomingEvent = IncomingMessage | BotAdded;

/** Something the bot says. */
export type Reply =
  | { kind: 'text'; text: string }
  /** `summary` is shown in notifications and by clients that cannot render the card. */
  | { kind: 'card'; card: AdaptiveCard; summary: string };

/** Where replies go; implemented by the adapter (or by a test). */
export interface ReplySink {
  /** Shows the typing indicator while the bot works. */
  typing(): Promise<void>;
  send(reply: Reply): Promise<void>;
}

/** A person of the directory, as the bot shows them. */
export interface PersonProfile {
  id: string;
  displayName: string;
  givenName: string;
  jobTitle: string | null;
  serviceName: string | null;
  managerName: string | null;
  site: string | null;
  preferredLanguage: string | null;
  hrMember: boolean;
}

/**
 * Answers free-text HR questions (the FAQ engine of core/kb/ plugs in here). Returns null when
 * it has no answer, so the bot says so honestly.
 */
export interface QuestionAnswerer {
  answer(question: string, context: { lang: Lang; person: PersonProfile | null }): Promise<Reply[] | null>;
  /** A few example questions for the welcome and help cards. */
  examples(lang: Lang): string[];
}
