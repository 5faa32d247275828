/**
 * SDK-free types of proactive messaging. The bot adapter turns them into Bot Framework calls;
 * nothing here knows botbuilder.
 */

/** Where to send: enough to continue a conversation (a stored conversation reference). */
export interface ConversationTarget {
  serviceUrl: string;
  conversationId: string;
  tenantId?: string | undefined;
  /** The bot's channel account id, when known. */
  botId?: string | undefined;
  /** The user's channel account id, for personal chats. */
  userId?: string | undefined;
  channelId?: string | undefined;
}

/** What to send: text and/or Adaptive Cards. */
export interface OutgoingMessage {
  text?: string;
  /** Adaptive Card JSON payloads (schema 1.5). */
  cards?: unknown[];
  /** Update this existing activity instead of posting a new one. */
  replaceActivityId?: string;
}

/** Result of one delivery attempt, as the channel answered it. */
export type SendResult =
  | { ok: true; activityId?: string | undefined }
  | { ok: false; status: number; retryAfterMs?: number | undefined; error: string };

/** Delivers one message; implemented by the bot adapter (Bot Connector REST). */
export type MessageSender = (target: ConversationTarget, message: OutgoingMessage) => Promise<SendResult>;
