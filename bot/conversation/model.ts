/**
 * The SDK-free model of a bot conversation: what arrives (an {@link IncomingEvent}) and what the
 * bot says back (a {@link Reply}). Only bot/adapter/ knows about the bot SDK; moving from
 * botbuilder to the Microsoft 365 Agents SDK changes that folder, not this one.
 */
import type { AdaptiveCard } from '../cards/adaptive-card.js';
import type { KbService } from '../../core/kb/kb-service.js';

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

/**
 * Where the activity came from, enough to write there again later (a conversation reference):
 * stored for personal chats (`bot_conversations`) and for the HR channel.
 */
export interface ConversationReference {
  serviceUrl: string;
  conversationId: string;
  /** Bot Framework channel (`msteams`, `emulator`…). */
  channelId: string;
  botId: string | undefined;
  userId: string;
  tenantId: string | undefined;
  /** Teams team and channel ids (channel conversations only). */
  teamId: string | undefined;
  teamsChannelId: string | undefined;
}

interface EventBase {
  sender: Sender;
  reference: ConversationReference;
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

/** The app was installed or uninstalled (`installationUpdate`): nothing to say, a reference to keep. */
export interface Installed extends EventBase {
  kind: 'installed';
}

/**
 * A button of one of the bot's cards was pressed: `Action.Execute` (an invoke that expects the
 * updated card back) or `Action.Submit` (a message carrying `value`). `verb` says what to do;
 * `data` is what the card carried (untrusted: checked against the sender's rights), with the
 * card's inputs merged in.
 */
export interface IncomingCardAction extends EventBase {
  kind: 'cardAction';
  via: 'execute' | 'submit';
  verb: string;
  data: Record<string, unknown>;
  /** For a submit: the activity id of the message holding the card (to update it in place). */
  replyToId: string | undefined;
}

/** The person accepted or declined a file offered with a FileConsentCard (`fileConsent/invoke`). */
export interface IncomingFileConsent extends EventBase {
  kind: 'fileConsent';
  action: 'accept' | 'decline';
  context: Record<string, unknown>;
  uploadInfo: { uploadUrl: string; name: string; contentUrl: string; uniqueId: string; fileType: string } | undefined;
}

export type IncomingEvent = IncomingMessage | BotAdded | Installed | IncomingCardAction | IncomingFileConsent;

/** Something the bot says. */
export type Reply =
  | { kind: 'text'; text: string }
  /** `summary` is shown in notifications and by clients that cannot render the card. */
  | { kind: 'card'; card: AdaptiveCard; summary: string }
  /** Any other attachment (Teams file consent and file info cards). */
  | { kind: 'attachment'; contentType: string; content: unknown; name?: string; contentUrl?: string };

/**
 * What an invoke answers (Action.Execute: the card that replaces the pressed one, or a short
 * message; a status ≥ 400 for a request the bot refuses to process).
 */
export type InvokeResult =
  | { kind: 'card'; card: AdaptiveCard }
  | { kind: 'message'; text: string }
  | { kind: 'error'; status: number; message: string }
  /** Handled, nothing to show (file consent). */
  | { kind: 'ok' };

/** What a turn returns to the adapter: the invoke's response, for invokes. */
export interface TurnResult {
  invoke?: InvokeResult;
}

/** Where replies go; implemented by the adapter (or by a test). */
export interface ReplySink {
  /** Shows the typing indicator while the bot works. */
  typing(): Promise<void>;
  send(reply: Reply): Promise<void>;
  /** Replaces an activity the bot sent earlier (a card pressed with Action.Submit). */
  update(activityId: string, reply: Reply): Promise<void>;
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
 * HR's knowledge base as the bot needs it: the engine of the active FAQ version, the question
 * log and feedback, draft entries. `kbServiceFor(db)` (core/kb/kb-service.ts) is the real one.
 * `flushQuestions` writes the questions logged but still in memory (the real log is write-behind);
 * a knowledge base that writes through has nothing to flush.
 */
export type KnowledgeBase = Pick<KbService, 'getEngine' | 'logQuestion' | 'recordFeedback' | 'addDraftEntry'> & Partial<Pick<KbService, 'flushQuestions'>>;
