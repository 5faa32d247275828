/**
 * Sends proactive messages through the Bot Connector REST API
 * (`POST {serviceUrl}/v3/conversations/{id}/activities`, `PUT …/activities/{activityId}` to update)
 * and reports the channel's answer as a {@link SendResult}, so the durable dispatcher
 * (core/proactive) can honor 429 Retry-After and retry transient failures itself.
 * With bot credentials, requests carry a Bot Framework token (client credentials via MSAL);
 * without (local mode: Playground, Emulator), none.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { Config } from '../../core/config/config.js';
import type { ConversationTarget, MessageSender, OutgoingMessage, SendResult } from '../../core/proactive/types.js';

/** Supplies a bearer token for the Bot Connector, or undefined for unauthenticated local channels. */
export type ConnectorTokenProvider = () => Promise<string | undefined>;

const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';

/** Token provider for the configured bot (client credentials). Local mode: no token. */
export function botConnectorTokenProvider(config: Config): ConnectorTokenProvider {
  const bot = config.bot;
  if (!bot || !bot.appPassword) return async () => undefined;
  const tenant = bot.appType === 'MultiTenant' ? 'botframework.com' : bot.tenantId!;
  const authorityHost = config.entra?.authorityHost ?? 'https://login.microsoftonline.com';
  const msal = new ConfidentialClientApplication({
    auth: { clientId: bot.appId, clientSecret: bot.appPassword, authority: `${authorityHost}/${tenant}` },
  });
  return async () => {
    // MSAL caches the token and renews it before expiry.
    const result = await msal.acquireTokenByClientCredential({ scopes: [BOT_FRAMEWORK_SCOPE] });
    if (!result?.accessToken) throw new Error('no Bot Framework token');
    return result.accessToken;
  };
}

/** Builds the activity JSON for a message. */
export function toActivity(message: OutgoingMessage, target: ConversationTarget): Record<string, unknown> {
  return {
    type: 'message',
    ...(message.text ? { text: message.text, textFormat: 'plain' } : {}),
    ...(message.cards?.length
      ? { attachments: message.cards.map((content) => ({ contentType: 'application/vnd.microsoft.card.adaptive', content })) }
      : {}),
    ...(target.botId ? { from: { id: target.botId } } : {}),
    conversation: { id: target.conversationId },
    ...(target.tenantId ? { channelData: { tenant: { id: target.tenantId } } } : {}),
  };
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Creates the sender used by the proactive dispatcher. */
export function createConnectorSender(getToken: ConnectorTokenProvider, options: { timeoutMs?: number } = {}): MessageSender {
  return async (target, message): Promise<SendResult> => {
    const base = target.serviceUrl.replace(/\/+$/, '');
    const conversation = encodeURIComponent(target.conversationId);
    const url = message.replaceActivityId
      ? `${base}/v3/conversations/${conversation}/activities/${encodeURIComponent(message.replaceActivityId)}`
      : `${base}/v3/conversations/${conversation}/activities`;
    const token = await getToken();
    let response: Response;
    try {
      response = await fetch(url, {
        method: message.replaceActivityId ? 'PUT' : 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(toActivity(message, target)),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      return { ok: false, status: 0, error: (error as Error).message };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      let activityId: string | undefined;
      try {
        activityId = (JSON.parse(text) as { id?: string }).id;
      } catch {
        // Some channels answer 200 with an empty body: the send still succeeded.
      }
      return { ok: true, activityId: activityId ?? message.replaceActivityId };
    }
    return { ok: false, status: response.status, retryAfterMs: retryAfterMs(response.headers.get('retry-after')), error: text.slice(0, 200) || response.statusText };
  };
}
