/**
 * Bot Framework activities (plain JSON, the wire format shared by botbuilder and the Microsoft
 * 365 Agents SDK) ↔ the SDK-free conversation model. No SDK import here on purpose.
 */
import { z } from 'zod';
import { EquipageError } from '../../core/errors.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/adaptive-card.js';
import type { ConversationReference, ConversationScope, IncomingEvent, InvokeResult, Reply } from '../conversation/model.js';

const account = z.looseObject({
  id: z.string().min(1).max(1024),
  name: z.string().max(1024).optional().nullable(),
  aadObjectId: z.string().max(128).optional().nullable(),
  userPrincipalName: z.string().max(1024).optional().nullable(),
});

/** The fields the endpoint relies on; everything else passes through untouched. */
const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(1024).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id: z.string().min(1).max(1024),
    conversationType: z.string().max(64).optional().nullable(),
    tenantId: z.string().max(128).optional().nullable(),
  }),
  text: z.string().optional().nullable(),
  locale: z.string().max(64).optional().nullable(),
  entities: z.array(z.looseObject({ type: z.string() })).optional().nullable(),
  attachments: z.array(z.unknown()).optional().nullable(),
  membersAdded: z.array(account).optional().nullable(),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: z.string().max(128).optional() }).optional().nullable(),
      team: z.looseObject({ id: z.string().max(1024).optional() }).optional().nullable(),
      channel: z.looseObject({ id: z.string().max(1024).optional() }).optional().nullable(),
    })
    .optional()
    .nullable(),
  /** Invoke name (`adaptiveCard/action`, `fileConsent/invoke`…). */
  name: z.string().max(256).optional().nullable(),
  /** Action.Submit data (messages) or the invoke's payload. */
  value: z.unknown().optional(),
  replyToId: z.string().max(1024).optional().nullable(),
});

/** A validated incoming activity. */
export type WireActivity = z.infer<typeof activitySchema>;

/** Validates a request body as a Bot Framework activity; throws `EQP_ERR_VALIDATION` (400) otherwise. */
export function parseActivity(body: unknown): WireActivity {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new EquipageError('EQP_ERR_VALIDATION', { details: 'le corps doit être une activité Bot Framework en JSON / the body must be a Bot Framework activity in JSON' });
  }
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
    throw new EquipageError('EQP_ERR_VALIDATION', { details: details.map((d) => `${d.path} ${d.message}`).join('; ') }, { details });
  }
  return parsed.data;
}

/** Tenant of the conversation: Teams puts it in `channelData.tenant.id`. */
export function tenantOf(activity: WireActivity): string | undefined {
  return activity.channelData?.tenant?.id ?? activity.conversation.tenantId ?? undefined;
}

function scopeOf(activity: WireActivity): ConversationScope {
  const type = activity.conversation.conversationType;
  return type === 'groupChat' || type === 'channel' ? type : 'personal';
}

function localeOf(activity: WireActivity): string | undefined {
  if (activity.locale) return activity.locale;
  const clientInfo = activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: unknown } | undefined;
  return typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined;
}

interface MentionEntity {
  type: 'mention';
  mentioned?: { id?: string; name?: string };
  text?: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes the bot's @mentions from the text (Teams writes them as `<at>Name</at>`) and tells
 * whether there was one.
 */
export function stripBotMention(activity: WireActivity): { text: string; mentionsBot: boolean } {
  let text = activity.text ?? '';
  let mentionsBot = false;
  const mentions = (activity.entities ?? []).filter((e): e is MentionEntity & typeof e => e.type === 'mention');
  for (const mention of mentions) {
    if (mention.mentioned?.id !== activity.recipient.id) continue;
    mentionsBot = true;
    if (mention.text) text = text.split(mention.text).join(' ');
    const name = mention.mentioned.name ?? activity.recipient.name;
    if (name) text = text.replace(new RegExp(`<at>\\s*${escapeRegExp(name)}\\s*</at>`, 'gi'), ' ');
  }
  return { text: text.replace(/\s+/g, ' ').trim(), mentionsBot };
}

function referenceOf(activity: WireActivity): ConversationReference {
  return {
    serviceUrl: activity.serviceUrl,
    conversationId: activity.conversation.id,
    channelId: activity.channelId,
    botId: activity.recipient.id,
    userId: activity.from.id,
    tenantId: tenantOf(activity),
    teamId: activity.channelData?.team?.id ?? undefined,
    teamsChannelId: activity.channelData?.channel?.id ?? undefined,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The verb of a card action: `Action.Execute`'s verb, else the `action` field the bot's cards put in their data. */
function verbOf(data: Record<string, unknown>, verb?: unknown): string {
  if (typeof verb === 'string' && verb.length > 0) return verb.slice(0, 64);
  return typeof data.action === 'string' ? data.action.slice(0, 64) : '';
}

/**
 * The conversation event an activity carries, `null` when the bot has nothing to do with it, or
 * `'unsupported'` for an invoke it does not handle (answered 400).
 */
export function toIncomingEvent(activity: WireActivity): IncomingEvent | null | 'unsupported' {
  const base = {
    sender: {
      channelUserId: activity.from.id,
      aadObjectId: activity.from.aadObjectId ?? undefined,
      upn: activity.from.userPrincipalName ?? undefined,
      name: activity.from.name ?? undefined,
    },
    reference: referenceOf(activity),
    scope: scopeOf(activity),
    tenantId: tenantOf(activity),
    locale: localeOf(activity),
  };
  if (activity.type === 'message') {
    // Action.Submit: a message whose `value` is the card's data (and usually no text).
    if (isRecord(activity.value) && !(activity.text ?? '').trim()) {
      return { ...base, kind: 'cardAction', via: 'submit', verb: verbOf(activity.value), data: activity.value, replyToId: activity.replyToId ?? undefined };
    }
    const { text, mentionsBot } = stripBotMention(activity);
    return { ...base, kind: 'message', text, mentionsBot, hasAttachments: (activity.attachments?.length ?? 0) > 0 };
  }
  if (activity.type === 'conversationUpdate' && activity.membersAdded?.some((m) => m.id === activity.recipient.id)) {
    return { ...base, kind: 'botAdded' };
  }
  // installationUpdate duplicates conversationUpdate on install: keep the reference, say nothing.
  if (activity.type === 'installationUpdate') return { ...base, kind: 'installed' };
  if (activity.type === 'invoke') {
    if (activity.name === 'adaptiveCard/action') {
      const action = isRecord(activity.value) && isRecord(activity.value.action) ? activity.value.action : {};
      const data = isRecord(action.data) ? action.data : {};
      return { ...base, kind: 'cardAction', via: 'execute', verb: verbOf(data, action.verb), data, replyToId: activity.replyToId ?? undefined };
    }
    if (activity.name === 'fileConsent/invoke') {
      const value = isRecord(activity.value) ? activity.value : {};
      const info = isRecord(value.uploadInfo) ? value.uploadInfo : undefined;
      const str = (v: unknown) => (typeof v === 'string' ? v : '');
      return {
        ...base,
        kind: 'fileConsent',
        action: value.action === 'accept' ? 'accept' : 'decline',
        context: isRecord(value.context) ? value.context : {},
        uploadInfo: info
          ? { uploadUrl: str(info.uploadUrl), name: str(info.name), contentUrl: str(info.contentUrl), uniqueId: str(info.uniqueId), fileType: str(info.fileType) }
          : undefined,
      };
    }
    return 'unsupported';
  }
  return null;
}

/** An outgoing activity (the fields the bot sets; the SDK fills in addressing). */
export interface OutgoingActivity {
  type: 'message' | 'typing';
  text?: string;
  textFormat?: 'markdown' | 'plain';
  summary?: string;
  attachments?: Array<{ contentType: string; content: unknown; name?: string; contentUrl?: string }>;
}

/** The body of an invoke response for `result` (Universal Actions' response format). */
export function toInvokeResponse(result: InvokeResult): { status: number; body: unknown } {
  switch (result.kind) {
    case 'card':
      return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: result.card } };
    case 'message':
      return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.text } };
    case 'error':
      return { status: result.status, body: { statusCode: result.status, type: 'application/vnd.microsoft.error', value: { code: result.status === 403 ? 'Forbidden' : 'BadRequest', message: result.message } } };
    case 'ok':
      return { status: 200, body: undefined };
  }
}

/** The activity that says `reply`. */
export function toOutgoingActivity(reply: Reply): OutgoingActivity {
  if (reply.kind === 'text') return { type: 'message', text: reply.text, textFormat: 'markdown' };
  if (reply.kind === 'attachment') {
    const attachment = { contentType: reply.contentType, content: reply.content, ...(reply.name ? { name: reply.name } : {}), ...(reply.contentUrl ? { contentUrl: reply.contentUrl } : {}) };
    return { type: 'message', attachments: [attachment] };
  }
  return { type: 'message', summary: reply.summary, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: reply.card }] };
}
