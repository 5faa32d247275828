/**
 * The typing indicator, as botbuilder's ShowTypingMiddleware does it: none for an answer ready
 * at once; after TYPING_DELAY_MS for a slow one, repeated until the reply, never after it.
 */
import { pino } from 'pino';
import { createBotEndpoint, TYPING_DELAY_MS } from '../../bot/adapter/bot-framework-endpoint.js';
import type { ConversationHandler } from '../../bot/conversation/conversation.js';
import { startBotConnector, type BotConnectorDouble } from '../doubles/bot-connector.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('typing indicator', () => {
  let connector: BotConnectorDouble;
  beforeAll(async () => {
    connector = await startBotConnector();
  });
  afterAll(async () => {
    await connector.close();
  });
  beforeEach(() => connector.clear());

  function endpoint(workMs: number) {
    const handler: ConversationHandler = async (_event, out) => {
      await out.typing();
      await sleep(workMs);
      await out.send({ kind: 'text', text: 'réponse' });
      return undefined;
    };
    return createBotEndpoint({ bot: undefined, logger: pino({ level: 'silent' }), handler, allowedTenants: [] });
  }

  const activity = () => ({
    type: 'message',
    id: `m-${Math.random()}`,
    text: 'bonjour',
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: { id: '29:user', aadObjectId: '00000000-0000-4000-8000-000000000001' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:conv', conversationType: 'personal' },
  });

  it('sends none when the answer is ready at once', async () => {
    const res = await endpoint(0).handle({ authorization: undefined, body: activity() });
    expect(res.status).toBe(200);
    await sleep(TYPING_DELAY_MS + 200);
    expect(connector.received.map((r) => r.activity.type)).toEqual(['message']);
  });

  it('shows it while a slow answer is prepared, and stops at the reply', async () => {
    const res = await endpoint(TYPING_DELAY_MS + 700).handle({ authorization: undefined, body: activity() });
    expect(res.status).toBe(200);
    await sleep(TYPING_DELAY_MS + 200);
    expect(connector.received.map((r) => r.activity.type)).toEqual(['typing', 'message']);
  });
});
