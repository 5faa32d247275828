/**
 * Builders of Bot Framework activities as Teams sends them, for the bot's tests, and a helper
 * that posts them to the real `/api/messages` endpoint.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_COMMUNE } from '../../core/seed/demo-commune.js';
import { demoIds } from '../../core/seed/seed.js';

export const BOT_ACCOUNT = { id: '28:equipage-test-bot', name: 'Équipage' };

export interface ActivityOptions {
  serviceUrl: string;
  /** Demo person key (e.g. `lucas.fontaine`), or an explicit account. */
  from?: string | { id: string; name?: string; aadObjectId?: string };
  scope?: 'personal' | 'groupChat' | 'channel';
  locale?: string;
  tenantId?: string | null;
  conversationId?: string;
  extra?: Record<string, unknown>;
}

function fromAccount(from: ActivityOptions['from']) {
  if (typeof from === 'object') return from;
  const key = from ?? 'lucas.fontaine';
  return { id: `29:${key}`, name: key, aadObjectId: demoIds.entraObjectId(key) };
}

function base(options: ActivityOptions) {
  const scope = options.scope ?? 'personal';
  const tenantId = options.tenantId === undefined ? DEMO_COMMUNE.tenantId : options.tenantId;
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    timestamp: new Date().toISOString(),
    from: fromAccount(options.from),
    recipient: BOT_ACCOUNT,
    conversation: {
      id: options.conversationId ?? `a:${scope}/${randomUUID()}`,
      conversationType: scope,
      ...(tenantId ? { tenantId } : {}),
      ...(scope === 'personal' ? {} : { isGroup: true }),
    },
    ...(options.locale ? { locale: options.locale } : {}),
    channelData: tenantId ? { tenant: { id: tenantId } } : {},
    ...options.extra,
  };
}

/** A message; `mention: true` prefixes the bot's @mention like Teams does in groups and channels. */
export function message(text: string, options: ActivityOptions & { mention?: boolean }): Record<string, unknown> {
  const mentionText = `<at>${BOT_ACCOUNT.name}</at>`;
  return {
    ...base(options),
    type: 'message',
    text: options.mention ? `${mentionText} ${text}` : text,
    textFormat: 'plain',
    ...(options.mention ? { entities: [{ type: 'mention', text: mentionText, mentioned: BOT_ACCOUNT }] } : {}),
  };
}

/** The conversationUpdate Teams sends when the app is installed (the bot is the member added). */
export function botInstalled(options: ActivityOptions): Record<string, unknown> {
  return { ...base(options), type: 'conversationUpdate', membersAdded: [{ id: BOT_ACCOUNT.id }] };
}

/** POSTs an activity (or any body) to `${baseUrl}/api/messages`. */
export async function post(baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

/** All visible text of an Adaptive Card (text blocks, facts, action titles), for assertions. */
export function cardText(card: any): string {
  const parts: string[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextBlock') parts.push(node.text);
    if (node.type === 'FactSet') for (const f of node.facts) parts.push(`${f.title}: ${f.value}`);
    if (typeof node.type === 'string' && node.type.startsWith('Action.')) parts.push(node.title);
    walk(node.body);
    walk(node.items);
    walk(node.actions);
  };
  walk(card);
  return parts.join('\n');
}

/** The invoke Teams sends when an `Action.Execute` button is pressed (Universal Actions). */
export function execute(verb: string, data: Record<string, unknown>, options: ActivityOptions): Record<string, unknown> {
  return {
    ...base(options),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** The message Teams sends when an `Action.Submit` button is pressed: the card's data as `value`, no text. */
export function submit(data: Record<string, unknown>, options: ActivityOptions & { replyToId?: string }): Record<string, unknown> {
  return { ...base(options), type: 'message', value: data, ...(options.replyToId ? { replyToId: options.replyToId } : {}) };
}

/** The invoke Teams sends when a FileConsentCard is accepted or declined. */
export function fileConsentInvoke(action: 'accept' | 'decline', context: Record<string, unknown>, uploadInfo: Record<string, unknown> | undefined, options: ActivityOptions): Record<string, unknown> {
  return { ...base(options), type: 'invoke', name: 'fileConsent/invoke', value: { type: 'fileUpload', action, context, ...(uploadInfo ? { uploadInfo } : {}) } };
}

/** The card of an Action.Execute invoke response (`{ statusCode, type, value }`). */
export function invokeCard(res: { status: number; body: any }): any {
  if (res.body?.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`not a card response: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body.value;
}

/** Finds the first action (in `actions` or nested ActionSets) whose title contains `title`. */
export function findAction(card: any, title: string): any {
  let found: any;
  const walk = (node: any): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node.type === 'string' && node.type.startsWith('Action.') && typeof node.title === 'string' && node.title.includes(title)) {
      found = node;
      return;
    }
    walk(node.body);
    walk(node.items);
    walk(node.actions);
  };
  walk(card);
  if (!found) throw new Error(`no action "${title}" in card: ${cardText(card)}`);
  return found;
}
