/**
 * The endpoint reuses its Bot Connector clients across turns (botbuilder would build new ones on
 * every turn): turns from two channels with different service URLs, interleaved and concurrent,
 * each get their replies on their own service URL, in their own conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { pino } from 'pino';
import { createBotEndpoint } from '../../bot/adapter/bot-framework-endpoint.js';
import type { ConversationHandler } from '../../bot/conversation/conversation.js';
import { startBotConnector, type BotConnectorDouble } from '../doubles/bot-connector.js';

/** botbuilder's connector factory, to count the clients it builds. */
const { ConnectorFactoryImpl } = createRequire(import.meta.url)('botframework-connector/lib/auth/connectorFactoryImpl.js') as {
  ConnectorFactoryImpl: { prototype: { create: (...args: unknown[]) => Promise<unknown> } };
};

describe('Bot Connector clients', () => {
  let emea: BotConnectorDouble;
  let amer: BotConnectorDouble;
  beforeAll(async () => {
    emea = await startBotConnector();
    amer = await startBotConnector();
  });
  afterAll(async () => {
    await emea?.close();
    await amer?.close();
  });

  const handler: ConversationHandler = async (event, out) => {
    if (event.kind === 'message') await out.send({ kind: 'text', text: `réponse à ${event.text}` });
    return undefined;
  };
  const endpoint = createBotEndpoint({ bot: undefined, logger: pino({ level: 'silent' }), handler, allowedTenants: [] });

  const activity = (serviceUrl: string, conversationId: string, text: string) => ({
    type: 'message',
    id: `m-${text}`,
    text,
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:user', aadObjectId: '00000000-0000-4000-8000-000000000001' },
    recipient: { id: '28:bot' },
    conversation: { id: conversationId, conversationType: 'personal' },
  });

  it('are built once per service URL, and each reply goes to the service URL and conversation of its own turn', async () => {
    const create = ConnectorFactoryImpl.prototype.create;
    let built = 0;
    ConnectorFactoryImpl.prototype.create = function (this: unknown, ...args: unknown[]) {
      built += 1;
      return create.apply(this, args);
    };
    const turns = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0 ? activity(emea.serviceUrl, 'a:emea', `emea-${i}`) : activity(amer.serviceUrl, 'a:amer', `amer-${i}`),
    );
    // Sequential first (the clients are made, then reused), then concurrent.
    for (const turn of turns.slice(0, 4)) expect((await endpoint.handle({ authorization: undefined, body: turn })).status).toBe(200);
    const results = await Promise.all(turns.slice(4).map((body) => endpoint.handle({ authorization: undefined, body }))).finally(() => {
      ConnectorFactoryImpl.prototype.create = create;
    });
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(built).toBe(2);

    const texts = (double: BotConnectorDouble) => double.received.map((r) => `${r.conversationId}: ${r.activity.text}`).sort();
    const expected = (prefix: string) => turns.filter((t) => t.text.startsWith(prefix)).map((t) => `${t.conversation.id}: réponse à ${t.text}`).sort();
    expect(texts(emea)).toEqual(expected('emea'));
    expect(texts(amer)).toEqual(expected('amer'));
  });
});
